# One entry point for set-up, the demo, tests, benchmarks and packaging.
# Every target installs what it needs first, so each works on a fresh clone.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.vnsearch-installed
# CPU build of PyTorch; a plain "torch" requirement would pull a multi-GB CUDA build.
TORCH_VERSION ?= 2.13.0
DEMO_DATA ?= .demo-data

.PHONY: setup demo gui test lint bench bench-scale bench-gui bench-finetune bench-rerank screenshots translations clean package package-smoke

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==$(TORCH_VERSION)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# The main command: build the default model, index the bundled samples, search them.
demo: $(STAMP)
	$(BIN)/vnsearch --data-dir $(DEMO_DATA) models install-default
	$(BIN)/vnsearch --data-dir $(DEMO_DATA) index resources/samples
	$(BIN)/python tools/demo_searches.py --data-dir $(DEMO_DATA)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		$(BIN)/vnsearch --data-dir $(DEMO_DATA) gui; \
	else \
		echo "No display found: run 'make gui' on a desktop to open the app on this index."; \
	fi

# Open the desktop app on the demo index.
gui: $(STAMP)
	$(BIN)/vnsearch --data-dir $(DEMO_DATA) gui

lint: $(STAMP)
	$(BIN)/ruff check vnsearch tests bench tools packaging
	$(BIN)/mypy vnsearch

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_indexing.py
	$(BIN)/python bench/bench_encoding.py

bench-scale: $(STAMP)
	$(BIN)/python bench/bench_scale.py

bench-gui: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui_stall.py

bench-finetune: $(STAMP)
	$(BIN)/python bench/bench_finetune.py

# Re-ranking quality and speed per scoring path; RERANKER is a cross-encoder folder.
bench-rerank: $(STAMP)
	@test -n "$(RERANKER)" || { echo "Set RERANKER=<cross-encoder folder>, e.g. one built by bench/train_reranker.py."; exit 2; }
	$(BIN)/python bench/bench_rerank.py --reranker "$(RERANKER)" --sets vi-regulations,vi-covid-faq --limit 200

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/make_screenshots.py

translations: $(STAMP)
	$(BIN)/python tools/update_translations.py

# The installer build (docs/packaging.md): a PyInstaller one-folder bundle in
# dist/vnsearch/ and a Linux tarball. PACKAGE_TORCH=cuda builds with a CUDA torch,
# which must then be installed in the environment first.
PACKAGE_TORCH ?= cpu
PACKAGE_STAMP := $(VENV)/.vnsearch-package-installed
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
TARBALL := dist/vnsearch-$(VERSION)-linux-$(shell uname -m).tar.gz

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	VNSEARCH_TORCH=$(PACKAGE_TORCH) $(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/vnsearch.spec
	$(BIN)/python packaging/make_tarball.py --folder dist/vnsearch --out dist --version $(VERSION)

# Unpacks the tarball and drives its executable: index, search, GUI start, worker.
package-smoke: $(STAMP)
	$(BIN)/python packaging/smoke.py --tarball $(TARBALL)

clean:
	rm -rf $(DEMO_DATA) .cache .pytest_cache .mypy_cache .ruff_cache
