"""The administrators' feedback list and the training-data exports."""

from __future__ import annotations

import json

import pytest

from tests.gui.conftest import user_named
from tests.gui.helpers import open_main_window, search
from vnsearch.gui.feedback_dialog import FeedbackDialog, export_feedback

QUERY = "Kết nối VPN tự ngắt sau bao nhiêu giờ?"


@pytest.fixture
def judged(qtbot, context_factory, indexed_samples):
    """A context where the admin marked hit 0 right and hit 1 not relevant for QUERY."""
    context = context_factory(template=indexed_samples[1])
    window = open_main_window(qtbot, context, user_named(context, "admin"))
    hits = search(qtbot, window, QUERY)
    window.search_page.results.card(0).relevant_button.click()
    window.search_page.results.card(1).not_relevant_button.click()
    return context, hits


def test_feedback_dialog_lists_judgements(qtbot, judged):
    context, hits = judged
    dialog = FeedbackDialog(context, user_named(context, "admin"))
    qtbot.addWidget(dialog)

    items = dialog.items()

    assert {(item.doc_title, item.label) for item in items} == {
        (hits[0].title, "relevant"),
        (hits[1].title, "not_relevant"),
    }
    assert dialog.table.rowCount() == 2
    assert dialog.count_label.text() == "Right document: 1 · Not relevant: 1"


def test_feedback_dialog_label_filter(qtbot, judged):
    context, hits = judged
    dialog = FeedbackDialog(context, user_named(context, "admin"))
    qtbot.addWidget(dialog)

    dialog.label_combo.setCurrentIndex(dialog.label_combo.findData("relevant"))
    dialog.refresh()

    assert [item.chunk_id for item in dialog.items()] == [hits[0].chunk_id]


def test_feedback_export_positive_pairs(judged, tmp_path):
    context, hits = judged
    target = tmp_path / "positive_pairs.jsonl"

    lines = export_feedback(context, user_named(context, "admin"), "positive_pairs", target)

    records = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert lines == 1
    assert records == [
        {
            "query": QUERY,
            "positive": hits[0].text,
            "query_type": "question",
            "domain": hits[0].department,
        }
    ]


def test_feedback_export_hard_negatives(judged, tmp_path):
    context, hits = judged
    target = tmp_path / "hard_negatives.jsonl"

    lines = export_feedback(context, user_named(context, "admin"), "hard_negatives", target)

    records = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert lines == 1
    assert records[0]["query"] == QUERY
    assert records[0]["positive"] == hits[0].text
    assert records[0]["hard_negative"] == hits[1].text


def test_feedback_undo_removes_from_export(qtbot, judged, tmp_path):
    context, _hits = judged
    admin = user_named(context, "admin")
    window = open_main_window(qtbot, context, admin)
    search(qtbot, window, QUERY)
    window.search_page.results.card(0).relevant_button.click()  # undo

    lines = export_feedback(context, admin, "positive_pairs", tmp_path / "p.jsonl")

    assert lines == 0


def test_feedback_export_rejects_unknown_kind(judged, tmp_path):
    context, _hits = judged

    with pytest.raises(ValueError):
        export_feedback(context, user_named(context, "admin"), "everything", tmp_path / "x")
