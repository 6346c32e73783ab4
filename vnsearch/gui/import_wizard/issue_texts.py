"""Translated explanations of the files an indexing run skipped, and the CSV export."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from vnsearch.gui.i18n import translate
from vnsearch.indexing.progress import FileIssue

# reason code -> (what happened, what to do); the engine's English reason is the detail.
# QT_TRANSLATE_NOOP is typed as returning object; it returns the source text.
_TEXTS: dict[str, tuple[Any, Any]] = {
    "encrypted": (
        QT_TRANSLATE_NOOP("IssueTexts", "The file is protected by a password."),
        QT_TRANSLATE_NOOP(
            "IssueTexts", "Save a copy without the password, then import the folder again."
        ),
    ),
    "corrupt": (
        QT_TRANSLATE_NOOP("IssueTexts", "The file is damaged or incomplete."),
        QT_TRANSLATE_NOOP(
            "IssueTexts", "Open it in its program and save a new copy, then import again."
        ),
    ),
    "empty": (
        QT_TRANSLATE_NOOP("IssueTexts", "The file contains no text."),
        QT_TRANSLATE_NOOP(
            "IssueTexts", "Check that it is the right file; an empty file cannot be searched."
        ),
    ),
    "no_text_layer": (
        QT_TRANSLATE_NOOP("IssueTexts", "The PDF is a scanned image without a text layer."),
        QT_TRANSLATE_NOOP(
            "IssueTexts",
            "Run text recognition (OCR) on it, for example in your scanner's software, "
            "then import again.",
        ),
    ),
    "legacy_doc": (
        QT_TRANSLATE_NOOP("IssueTexts", "The file is in an old Office format (.doc, .xls)."),
        QT_TRANSLATE_NOOP(
            "IssueTexts",
            "Open it in Word, Excel or LibreOffice, save it as .docx or .xlsx, then import again.",
        ),
    ),
    "unsupported_format": (
        QT_TRANSLATE_NOOP("IssueTexts", "vnsearch cannot read this file type."),
        QT_TRANSLATE_NOOP(
            "IssueTexts", "Save it as PDF, Word (.docx), Excel (.xlsx) or text to search it."
        ),
    ),
    "too_large": (
        QT_TRANSLATE_NOOP("IssueTexts", "The file is larger than 200 MB."),
        QT_TRANSLATE_NOOP("IssueTexts", "Split it into smaller files, then import again."),
    ),
    "unreadable": (
        QT_TRANSLATE_NOOP("IssueTexts", "The file could not be opened."),
        QT_TRANSLATE_NOOP(
            "IssueTexts",
            "Close it in other programs and check that your account may read it, then "
            "import again.",
        ),
    ),
    "not_found": (
        QT_TRANSLATE_NOOP("IssueTexts", "The folder or file does not exist."),
        QT_TRANSLATE_NOOP(
            "IssueTexts", "Check the path, for example that the network drive is connected."
        ),
    ),
    "invalid_metadata": (
        QT_TRANSLATE_NOOP("IssueTexts", "A metadata file (.vnsearch.json) is not valid."),
        QT_TRANSLATE_NOOP(
            "IssueTexts",
            "Its folder was indexed with the inherited settings. Set the folder's rules "
            "again in this wizard, or fix the file.",
        ),
    ),
}
_UNKNOWN = (
    QT_TRANSLATE_NOOP("IssueTexts", "The file could not be indexed."),
    QT_TRANSLATE_NOOP(
        "IssueTexts", "Read the details; the log file has more. Report it if it happens again."
    ),
)

CSV_COLUMNS = ("path", "code", "problem", "what_to_do", "details")


def problem_text(code: str) -> str:
    """Return what happened to a file with reason ``code``, in the UI language."""
    return translate("IssueTexts", str(_TEXTS.get(code, _UNKNOWN)[0]))


def advice_text(code: str) -> str:
    """Return what the user can do about reason ``code``, in the UI language."""
    return translate("IssueTexts", str(_TEXTS.get(code, _UNKNOWN)[1]))


def write_issues_csv(path: Path, issues: Sequence[FileIssue]) -> int:
    """Write one CSV row per issue (UTF-8 with BOM, so Excel shows Vietnamese); return rows."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for issue in issues:
            writer.writerow(
                [
                    issue.path,
                    issue.code,
                    problem_text(issue.code),
                    advice_text(issue.code),
                    issue.reason,
                ]
            )
    return len(issues)
