"""The fine-tuning wizard end to end with the tiny model: data, settings, training,
results, activation, and the guards (non-admins, errors, cancel, access levels)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gui.conftest import ADMIN_PASSWORD, user_named
from tests.gui.tiny_index import TINY, TOPICS, doc_level, question
from vnsearch.finetune.package import EVAL_DIR, METRICS_FILE
from vnsearch.gui.finetune_wizard.results_page import BASE, CHANGE, METRIC, NEW, SPLIT
from vnsearch.gui.finetune_wizard.wizard import (
    ACTIVATION,
    DATA,
    OPTIONS,
    RESULTS,
    TRAINING,
    FineTuneWizard,
)
from vnsearch.gui.i18n import format_float
from vnsearch.gui.search_page import SearchPage
from vnsearch.models.registry import list_models, models_dir

CHECK_TIMEOUT_MS = 120_000
RUN_TIMEOUT_MS = 300_000
NEW_MODEL = "tiny-ft"


@pytest.fixture
def context(tiny_context):
    return tiny_context


def open_wizard(qtbot, context, user_name: str = "admin") -> FineTuneWizard:
    wizard = FineTuneWizard(context, user_named(context, user_name))
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def check_data(qtbot, wizard: FineTuneWizard) -> None:
    """Press Check on the data page and wait until the check ended."""
    page = wizard.data_page
    with qtbot.waitSignal(page.check_finished, timeout=CHECK_TIMEOUT_MS):
        assert page.start_check()


def write_pairs(path: Path, context, topics: range) -> Path:
    """Write a positive_pairs.jsonl file with the indexed passage of each topic."""
    rows = context.engine.store.chunks.search().select(["text", "path"]).limit(None)
    texts = {Path(r["path"]).name: r["text"] for r in rows.to_arrow().to_pylist()}
    with open(path, "w", encoding="utf-8") as handle:
        for index in topics:
            positive = texts[f"tai-lieu-{index:02d}.txt"]
            line = {"query": question(index), "positive": positive, "domain": "Nhân sự"}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def test_finetune_wizard_trains_and_activates(qtbot, context, opened_urls):
    search_page = SearchPage(context, user_named(context, "admin"))
    qtbot.addWidget(search_page)
    wizard = open_wizard(qtbot, context)
    assert wizard.currentId() == DATA
    data = wizard.data_page
    qtbot.waitUntil(data.form.feedback_box.isChecked, timeout=10_000)
    assert "confirmed" in data.form.feedback_box.text()
    assert not data.isComplete()

    check_data(qtbot, wizard)

    assert data.isComplete(), data.status_label.text()
    checked = wizard.state.checked
    assert checked is not None
    report = checked.prepared.report
    confirmed = context.feedback.count(3)["relevant"]
    assert report.train_pairs + report.eval_pairs == confirmed
    assert report.eval_queries >= 1
    assert report.negatives > 0
    assert checked.base_model == TINY
    assert checked.device.kind == "cpu"
    text = data.report_view.toPlainText()
    assert f"Training: {report.train_pairs} pairs" in text
    assert "By department:" in text
    assert "Nhân sự" in text
    assert "Policy" in text

    wizard.next()
    assert wizard.currentId() == OPTIONS
    options = wizard.options_page
    assert options.device_label.text().startswith("No NVIDIA GPU was found.")
    cpu_batch = 32 if checked.device.bf16 else 16
    assert options.batch_spin.value() == min(cpu_batch, report.train_pairs)
    assert options.rate_edit.text() == "2e-05"
    assert "Recommended: 3." in options.explanations["epochs"].text()
    assert options.estimate_label.text().startswith("Estimated time: about")
    options.name_edit.setText(TINY)
    assert "already installed" in options.problem_label.text()
    assert not options.isComplete()
    options.name_edit.setText(NEW_MODEL)
    options.epochs_spin.setValue(1)
    assert options.isComplete(), options.problem_label.text()

    wizard.next()
    assert wizard.currentId() in (TRAINING, RESULTS)
    qtbot.waitUntil(lambda: wizard.currentId() == RESULTS, timeout=RUN_TIMEOUT_MS)

    result = wizard.state.result
    assert result is not None and not result.cancelled
    assert result.path == models_dir(context.data_dir) / NEW_MODEL
    assert wizard.state.options is not None
    assert wizard.state.options.epochs == 1
    points = wizard.training_page.chart.points()
    assert points
    assert points[-1][0] == result.steps
    metrics = json.loads((result.path / EVAL_DIR / METRICS_FILE).read_text("utf-8"))
    held_out = metrics["splits"]["held_out"]
    table = wizard.results_page.table
    assert table.item(0, SPLIT).text() == f"Held-out questions ({held_out['queries']})"
    assert table.item(0, METRIC).text() == "MRR@10"
    assert table.item(0, BASE).text() == format_float(held_out["base"]["mrr@10"], 3)
    assert table.item(0, NEW).text() == format_float(held_out["new"]["mrr@10"], 3)
    assert table.item(1, METRIC).text() == "Hit@1"
    assert table.item(2, NEW).text() == format_float(held_out["new"]["ndcg@10"], 3)
    assert table.rowCount() == 6
    assert table.item(3, SPLIT).text().startswith("Training questions, sample")
    change = held_out["new"]["mrr@10"] - held_out["base"]["mrr@10"]
    assert table.item(0, CHANGE).text().endswith(format_float(abs(change), 3))
    verdict = wizard.results_page.recommendation_label.text()
    assert result.recommended == metrics["recommended"]
    assert verdict.startswith("Recommended" if metrics["recommended"] else "Not recommended")
    assert str(result.path) in wizard.results_page.folder_label.text()
    wizard.results_page.report_button.click()
    assert opened_urls == [str(result.path / EVAL_DIR / "comparison.html")]
    assert Path(opened_urls[0]).is_file()

    with qtbot.waitSignal(search_page.results_shown, timeout=60_000):
        search_page.search(question(0))
    assert search_page.response.model_id == TINY

    wizard.next()
    assert wizard.currentId() == ACTIVATION
    activation = wizard.activation_page
    assert activation.needs_confirmation == (not metrics["recommended"])
    if activation.needs_confirmation:
        assert not activation.activate_button.isEnabled()
        activation.confirm_box.setChecked(True)
    assert activation.activate_button.isEnabled()
    with qtbot.waitSignal(activation.run_finished, timeout=RUN_TIMEOUT_MS):
        activation.activate_button.click()

    assert wizard.state.switch is not None
    assert wizard.state.switch.switched
    assert context.engine.model_name == NEW_MODEL
    meta = context.engine.store.meta
    assert meta is not None
    assert meta.model_id == NEW_MODEL
    assert meta.previous is not None
    assert meta.previous.model_id == TINY
    assert "vnsearch models rollback" in activation.outcome_label.text()
    assert not activation.activate_button.isEnabled()
    with qtbot.waitSignal(search_page.results_shown, timeout=60_000):
        search_page.search(question(1))
    response = search_page.response
    assert response.model_id == NEW_MODEL
    assert response.hits
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()


def test_finetune_wizard_rejects_non_admin(qtbot, context):
    user = user_named(context, "nhanvien")

    with pytest.raises(PermissionError):
        FineTuneWizard(context, user)


def test_finetune_data_page_blocks_too_few_pairs(qtbot, context, tmp_path):
    wizard = open_wizard(qtbot, context)
    data = wizard.data_page
    qtbot.waitUntil(data.form.feedback_box.isChecked, timeout=10_000)
    data.form.feedback_box.setChecked(False)

    assert not data.start_check()
    assert data.status_label.text().startswith("Choose at least one source")
    missing = tmp_path / "missing.jsonl"
    data.form.pairs_field.set_path(missing)
    assert not data.start_check()
    assert data.status_label.text() == f"The file {missing} does not exist."

    data.form.pairs_field.set_path(write_pairs(tmp_path / "pairs.jsonl", context, range(5)))
    check_data(qtbot, wizard)

    report = wizard.state.checked.prepared.report
    assert not report.ok
    assert report.finding("too_few_pairs") is not None
    assert not data.isComplete()
    assert data.status_label.text().startswith("Training cannot start: Only ")
    assert "at least 20 are needed" in data.status_label.text()
    assert "Error" in data.report_view.toPlainText()
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()


def test_finetune_data_page_reports_invalid_file(qtbot, context, tmp_path):
    wizard = open_wizard(qtbot, context)
    data = wizard.data_page
    qtbot.waitUntil(data.form.feedback_box.isChecked, timeout=10_000)
    broken = tmp_path / "positive_pairs.jsonl"
    broken.write_text('{"query": "nghỉ phép", "positive": "Điều 1"}\n{not json\n', "utf-8")
    data.form.pairs_field.set_path(broken)

    check_data(qtbot, wizard)

    assert wizard.state.checked is None
    assert not data.isComplete()
    assert data.status_label.text().startswith("The training data could not be read.")
    assert "line 2" in data.report_view.toPlainText()


def test_finetune_data_page_leaves_out_passages_above_level(qtbot, context, tmp_path):
    wizard = open_wizard(qtbot, context, "admin1")
    data = wizard.data_page
    qtbot.waitUntil(data.form.feedback_box.isChecked, timeout=10_000)
    data.form.feedback_box.setChecked(False)
    data.form.pairs_field.set_path(
        write_pairs(tmp_path / "pairs.jsonl", context, range(len(TOPICS)))
    )

    check_data(qtbot, wizard)

    checked = wizard.state.checked
    assert checked is not None
    prepared = checked.prepared
    rows = context.engine.store.chunks.search().select(["text", "access_level"]).limit(None)
    levels = {r["text"]: r["access_level"] for r in rows.to_arrow().to_pylist()}
    used = [p.positive for p in (*prepared.data.train, *prepared.data.eval)]
    used += [n for p in prepared.data.train for n in p.negatives]
    used += list(prepared.data.corpus.values()) + list(prepared.mining_corpus)
    assert used
    assert all(levels.get(text, 0) <= 1 for text in used)
    above = [i for i in range(len(TOPICS)) if doc_level(i) > 1]
    finding = prepared.report.finding("above_level")
    assert finding is not None
    assert finding.count == len(above)
    assert (
        f"Removed {len(above)} pairs whose passage is above your access level (1 – Internal)"
        in (data.report_view.toPlainText())
    )


def test_finetune_cancel_keeps_active_model(qtbot, context):
    wizard = open_wizard(qtbot, context)
    data = wizard.data_page
    qtbot.waitUntil(data.form.feedback_box.isChecked, timeout=10_000)
    check_data(qtbot, wizard)
    wizard.next()
    wizard.options_page.name_edit.setText(NEW_MODEL)
    wizard.next()
    assert wizard.currentId() == TRAINING
    training = wizard.training_page
    assert training.task is not None
    training.task.progress.connect(lambda _progress: training.cancel())

    with qtbot.waitSignal(training.run_finished, timeout=RUN_TIMEOUT_MS):
        pass

    result = wizard.state.result
    assert result is not None
    assert result.cancelled
    assert wizard.currentId() == TRAINING
    assert not training.isComplete()
    assert training.outcome_label.text().startswith("Training was cancelled.")
    assert f"the active model {TINY} is unchanged" in training.outcome_label.text()
    assert context.engine.store.meta.model_id == TINY
    assert [m.name for m in list_models(context.data_dir)] == [TINY]
    assert not (models_dir(context.data_dir) / f".{NEW_MODEL}.partial").exists()


def test_finetune_wizard_vietnamese_labels(qtbot, context):
    context.languages.apply("vi")

    wizard = open_wizard(qtbot, context)

    assert wizard.windowTitle() == "Tinh chỉnh mô hình tìm kiếm"
    assert wizard.data_page.title() == "Dữ liệu huấn luyện"
    assert wizard.data_page.check_button.text() == "Kiểm tra"
    assert "(3 – Tối mật)" in wizard.data_page.subTitle()
    assert wizard.options_page.title() == "Thiết lập huấn luyện"
    assert wizard.training_page.cancel_button.text() == "Hủy huấn luyện"
    assert wizard.activation_page.activate_button.text() == "Kích hoạt"


def test_finetune_data_page_needs_an_index(qtbot, tmp_path):
    from vnsearch.config import Settings
    from vnsearch.engine import Engine
    from vnsearch.gui.context import AppContext

    data_dir = tmp_path / "empty"
    context = AppContext.open(data_dir, Engine(data_dir, Settings(device="cpu", language="en")))
    context.users.create_user("admin", ADMIN_PASSWORD, 3, "admin")

    wizard = open_wizard(qtbot, context)

    data = wizard.data_page
    assert not data.check_button.isEnabled()
    assert data.status_label.text().startswith("The index is empty. Import documents first")
    assert not data.start_check()
    assert not data.isComplete()


def test_finetune_activation_recommended_needs_no_confirm(qtbot, context):
    from tests.engine.tiny_models import tiny_embedding_model
    from vnsearch.finetune.job import FineTuneResult
    from vnsearch.models.registry import import_model

    info = import_model(context.data_dir, tiny_embedding_model(), name=NEW_MODEL)
    wizard = open_wizard(qtbot, context)
    wizard.state.result = FineTuneResult(NEW_MODEL, path=info.path, recommended=True)
    page = wizard.activation_page
    page.initializePage()

    assert not page.needs_confirmation
    assert page.confirm_box.isHidden()
    assert page.activate_button.isEnabled()
    with qtbot.waitSignal(page.run_finished, timeout=RUN_TIMEOUT_MS):
        assert page.activate()

    assert wizard.state.switch is not None
    assert wizard.state.switch.switched
    assert context.engine.model_name == NEW_MODEL
    assert page.outcome_label.text().startswith(f"{NEW_MODEL} is now the active model")
