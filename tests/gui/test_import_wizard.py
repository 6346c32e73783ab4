"""The folder import wizard end to end, with the real engine and model."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.gui.conftest import user_named
from vnsearch.gui.import_wizard.issue_texts import CSV_COLUMNS, advice_text, problem_text
from vnsearch.gui.import_wizard.wizard import (
    FILE_TYPES,
    FOLDERS,
    INDEXING,
    METADATA,
    RESULT,
    SUMMARY,
    ImportWizard,
)
from vnsearch.indexing.progress import IndexProgress
from vnsearch.indexing.sidecar import SIDECAR_NAME, read_sidecar

RUN_TIMEOUT_MS = 300_000


def open_wizard(qtbot, context, folder: Path) -> ImportWizard:
    wizard = ImportWizard(context, user_named(context, "admin"))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.folders_page.add_folder(folder)
    return wizard


def go_to_summary(qtbot, wizard: ImportWizard) -> None:
    """Click Next up to the summary page and wait for the counts and the estimate."""
    assert wizard.currentId() == FOLDERS
    wizard.next()
    assert wizard.currentId() == FILE_TYPES
    wizard.next()
    assert wizard.currentId() == METADATA
    qtbot.waitUntil(wizard.metadata_page.isComplete, timeout=RUN_TIMEOUT_MS)
    wizard.next()
    assert wizard.currentId() == SUMMARY
    page = wizard.summary_page
    qtbot.waitUntil(lambda: not page.is_measuring(), timeout=RUN_TIMEOUT_MS)


def run_to_result(qtbot, wizard: ImportWizard, cancel_after_commit: bool = False):
    """Start indexing from the summary page; optionally cancel once a batch is committed."""
    indexing = wizard.indexing_page
    if cancel_after_commit:

        def cancel_when_ready(payload: object) -> None:
            # files_done counts files whose chunks are committed.
            if isinstance(payload, IndexProgress) and payload.files_done > 0:
                indexing.cancel()

        wizard.next()
        assert indexing.task is not None
        indexing.task.progress.connect(cancel_when_ready)
    else:
        wizard.next()
    assert wizard.currentId() in (INDEXING, RESULT)
    qtbot.waitUntil(lambda: wizard.currentId() == RESULT, timeout=RUN_TIMEOUT_MS)
    assert wizard.state.report is not None, wizard.state.error
    return wizard.state.report


def test_import_wizard_cancel_then_complete(qtbot, context_factory, sample_copy):
    # Small commits leave a cancel many chances to land before the last file, even when
    # a busy machine delivers the progress that triggers it late.
    context = context_factory(indexed=False, commit_chunks=16)

    wizard = open_wizard(qtbot, context, sample_copy)
    go_to_summary(qtbot, wizard)
    summary = wizard.summary_page.summary
    assert summary is not None
    assert summary.total_files == 24
    assert dict(summary.files_by_type) == {".pdf": 8, ".docx": 8, ".md": 4, ".txt": 4}
    assert wizard.summary_page.estimate is not None
    assert "This is an estimate" in wizard.summary_page.estimate_label.text()

    first = run_to_result(qtbot, wizard, cancel_after_commit=True)

    assert first.cancelled
    # The run happened in another process: read the index reopened after it.
    store = context.engine.store
    committed = store.document_rows("status = 'indexed'")
    assert 1 <= len(committed) < 24
    assert first.added == len(committed)
    assert "cancelled" in wizard.result_page.summary_label.text()
    log = wizard.indexing_page.log.toPlainText()
    assert "Cancel requested." in log
    wizard.close()

    again = open_wizard(qtbot, context, sample_copy)
    go_to_summary(qtbot, again)
    assert again.summary_page.summary.unchanged_files == len(committed)
    second = run_to_result(qtbot, again)

    assert not second.cancelled
    assert second.unchanged == len(committed)
    assert second.added == 24 - len(committed)
    assert second.issues == []
    store = context.engine.store
    assert len(store.document_rows("status = 'indexed'")) == 24
    assert again.result_page.issues_label.text() == "Every file was indexed."
    assert not again.result_page.export_button.isEnabled()
    # Sidecar levels applied: the leave policy is public, the audit report restricted.
    levels = {Path(r["path"]).name: r["access_level"] for r in store.document_rows()}
    assert levels["chinh-sach-nghi-phep-nam.pdf"] == 0
    assert levels["bao-cao-kiem-toan-noi-bo-2024.docx"] == 3


def _bad_folder(root: Path, sample: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    folder = root / "bad"
    folder.mkdir()
    source = sample / "nhan-su" / "chinh-sach-nghi-phep-nam.pdf"
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt("mat-khau-bi-mat")
    with open(folder / "bao-mat.pdf", "wb") as handle:
        writer.write(handle)
    (folder / "cat-cut.pdf").write_bytes(source.read_bytes()[:1500])
    (folder / "rong.docx").write_bytes(b"")
    (folder / "ghi-chu.txt").write_text("Ghi chú về lịch trực phòng máy chủ tháng 10.", "utf-8")
    return folder


def test_import_wizard_lists_bad_files(qtbot, context_factory, sample_copy, tmp_path):
    context = context_factory(indexed=False)
    folder = _bad_folder(tmp_path, sample_copy)
    wizard = open_wizard(qtbot, context, folder)
    go_to_summary(qtbot, wizard)

    report = run_to_result(qtbot, wizard)

    assert report.added == 1
    issues = {Path(issue.path).name: issue for issue in report.issues}
    assert set(issues) == {"bao-mat.pdf", "cat-cut.pdf", "rong.docx"}
    assert issues["bao-mat.pdf"].code == "encrypted"
    table = wizard.result_page.issues_table
    assert table.rowCount() == 3
    shown = {table.item(row, 0).text(): row for row in range(table.rowCount())}
    for name, issue in issues.items():
        row = shown[name]
        assert table.item(row, 1).text() == problem_text(issue.code)
        assert table.item(row, 2).text() == advice_text(issue.code)
        assert table.item(row, 1).toolTip() == issue.reason
        assert issue.reason
    assert wizard.result_page.issues_label.text().startswith("3 files could not be indexed")

    target = tmp_path / "issues.csv"
    assert wizard.result_page.export_csv(target) == 3

    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_name = {Path(row[0]).name: row for row in rows[1:]}
    assert set(by_name) == set(issues)
    encrypted = by_name["bao-mat.pdf"]
    assert encrypted[0] == str(folder / "bao-mat.pdf")
    assert encrypted[1] == "encrypted"
    assert encrypted[2] == "The file is protected by a password."
    assert encrypted[3] == advice_text("encrypted")
    assert encrypted[4] == issues["bao-mat.pdf"].reason


def test_import_wizard_folder_rule_writes_sidecar(qtbot, context_factory, sample_copy):
    context = context_factory(indexed=False)
    before = read_sidecar(sample_copy / "hanh-chinh")
    assert before is not None and before.files
    wizard = open_wizard(qtbot, context, sample_copy)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(wizard.metadata_page.isComplete, timeout=RUN_TIMEOUT_MS)
    tree = wizard.metadata_page.tree
    assert tree.effective(sample_copy / "nhan-su").department == "Nhân sự"

    tree.set_value(sample_copy / "hanh-chinh", "access_level", 2)
    tree.set_value(sample_copy, "tags", ("công ty",))
    wizard.next()

    after = read_sidecar(sample_copy / "hanh-chinh")
    assert after is not None
    assert after.defaults["access_level"] == 2
    assert after.defaults["department"] == "Hành chính"
    assert after.files == before.files
    root = json.loads((sample_copy / SIDECAR_NAME).read_text("utf-8"))
    assert root["defaults"] == {"tags": ["công ty"]}
    assert tree.effective(sample_copy).tags == ("công ty",)
    # A folder's own tags replace the inherited ones.
    assert tree.effective(sample_copy / "hanh-chinh").tags == ("hành chính",)
    wizard.summary_page.cleanupPage()
    qtbot.waitUntil(lambda: not wizard.summary_page.is_measuring(), timeout=RUN_TIMEOUT_MS)


def test_import_wizard_needs_a_file_type(qtbot, context_factory, sample_copy):
    context = context_factory(indexed=False)
    wizard = open_wizard(qtbot, context, sample_copy)
    wizard.next()
    page = wizard.file_types_page

    for box in page.type_boxes.values():
        box.setChecked(False)

    assert not page.isComplete()
    page.type_boxes[".md"].setChecked(True)
    assert page.isComplete()


def test_import_wizard_exclusion_patterns_reach_summary(qtbot, context_factory, sample_copy):
    context = context_factory(indexed=False)
    wizard = open_wizard(qtbot, context, sample_copy)
    wizard.next()
    wizard.file_types_page.type_boxes[".pdf"].setChecked(False)
    wizard.file_types_page.exclude_edit.setPlainText("tai-chinh/*\n")

    go_to_summary_from_types(qtbot, wizard)

    summary = wizard.summary_page.summary
    assert ".pdf" not in summary.files_by_type
    assert all("tai-chinh" not in str(f.path) for f in summary.todo)
    assert wizard.state.exclude == ("tai-chinh/*",)


def go_to_summary_from_types(qtbot, wizard: ImportWizard) -> None:
    """Go on to the summary's file counts, then stop the speed measurement (Back)."""
    wizard.next()
    qtbot.waitUntil(wizard.metadata_page.isComplete, timeout=RUN_TIMEOUT_MS)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.summary_page.summary is not None, timeout=RUN_TIMEOUT_MS)
    wizard.back()
    qtbot.waitUntil(lambda: not wizard.summary_page.is_measuring(), timeout=RUN_TIMEOUT_MS)


def test_import_wizard_requires_admin(qtbot, context_factory):
    context = context_factory(indexed=False)

    with pytest.raises(PermissionError):
        ImportWizard(context, user_named(context, "nhanvien"))
