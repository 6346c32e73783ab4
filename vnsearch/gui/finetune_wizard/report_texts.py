"""The validation report of the training data, translated and laid out as HTML.

The engine's :class:`ValidationReport` carries English sentences for the command
line; the wizard rebuilds each finding from its stable code and count in the UI
language. A finding with an unknown code is shown with the engine's sentence.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from vnsearch.finetune.validate import MIN_TRAIN_PAIRS, Finding, ValidationReport
from vnsearch.gui.i18n import doc_type_name, format_float, format_int, level_label, translate

_CONTEXT = "FineTuneReport"
# finding code -> sentence; %1 is the count, %2 the admin's level or the minimum count.
# QT_TRANSLATE_NOOP is typed as returning object; it returns the source text.
_FINDINGS: dict[str, Any] = {
    "too_few_pairs": QT_TRANSLATE_NOOP(
        "FineTuneReport",
        "Only %1 training pairs; at least %2 are needed. Confirm more search results or "
        "add a pairs file.",
    ),
    "no_eval": QT_TRANSLATE_NOOP(
        "FineTuneReport",
        "No held-out pairs for evaluation. Choose an evaluation file or add more questions.",
    ),
    "empty": QT_TRANSLATE_NOOP(
        "FineTuneReport", "Removed %1 pairs with an empty question or passage."
    ),
    "duplicates": QT_TRANSLATE_NOOP(
        "FineTuneReport", "Removed %1 duplicate pairs (same question and passage)."
    ),
    "above_level": QT_TRANSLATE_NOOP(
        "FineTuneReport", "Removed %1 pairs whose passage is above your access level (%2)."
    ),
    "above_level_negative": QT_TRANSLATE_NOOP(
        "FineTuneReport",
        "Removed wrong answers above your access level (%2) from %1 pairs.",
    ),
    "stale": QT_TRANSLATE_NOOP(
        "FineTuneReport",
        "Removed %1 pairs whose passage is no longer in the index (the document changed "
        "or was removed).",
    ),
    "leakage_query": QT_TRANSLATE_NOOP(
        "FineTuneReport",
        "Removed %1 training pairs whose question is held out for evaluation.",
    ),
    "leakage_positive": QT_TRANSLATE_NOOP(
        "FineTuneReport",
        "%1 training pairs share their passage with a held-out pair, so the held-out "
        "score may be too optimistic.",
    ),
    "too_long": QT_TRANSLATE_NOOP(
        "FineTuneReport",
        "%1 pairs have a text longer than the model's maximum length; training cuts off the end.",
    ),
    "no_negatives": QT_TRANSLATE_NOOP(
        "FineTuneReport",
        "No hard negatives yet. Training mines them from the index, and the other pairs "
        "of each batch also serve as wrong answers.",
    ),
}
_SEVERITIES: dict[str, Any] = {
    "error": QT_TRANSLATE_NOOP("FineTuneReport", "Error"),
    "warning": QT_TRANSLATE_NOOP("FineTuneReport", "Warning"),
    "info": QT_TRANSLATE_NOOP("FineTuneReport", "Note"),
}
_COLORS = {"error": "#fbe9e9", "warning": "#fff7e0", "info": "#eef1f6"}


def finding_text(finding: Finding, max_level: int) -> str:
    """Return one finding as a sentence in the UI language."""
    source = _FINDINGS.get(finding.code)
    if source is None:
        return finding.message
    if finding.code == "too_few_pairs":
        second = format_int(MIN_TRAIN_PAIRS)
    else:
        second = level_label(max_level)
    text = translate(_CONTEXT, str(source))
    return text.replace("%1", format_int(finding.count)).replace("%2", second)


def _spread(counts: dict[str, int], names: dict[str, str] | None = None) -> str:
    if not counts:
        return "–"
    unknown = translate("FineTuneReport", "not set")
    parts = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(
        f"{html.escape((names or {}).get(name, name) or unknown)}: {format_int(count)}"
        for name, count in parts
    )


def summary_lines(report: ValidationReport) -> list[str]:
    """Return the counts of the report as HTML-escaped sentences in the UI language."""
    doc_types = {key: doc_type_name(key) for key in report.by_doc_type}
    training = translate("FineTuneReport", "Training: %1 pairs from %2 questions.")
    held_out = translate("FineTuneReport", "Held out for evaluation: %1 pairs from %2 questions.")
    negatives = translate(
        "FineTuneReport", "Hard negatives: %1 for %2 positive passages (%3 per positive)."
    )
    by_type = translate("FineTuneReport", "By document type: %1")
    by_department = translate("FineTuneReport", "By department: %1")
    return [
        training.replace("%1", format_int(report.train_pairs)).replace(
            "%2", format_int(report.train_queries)
        ),
        held_out.replace("%1", format_int(report.eval_pairs)).replace(
            "%2", format_int(report.eval_queries)
        ),
        negatives.replace("%1", format_int(report.negatives))
        .replace("%2", format_int(report.positives))
        .replace("%3", format_float(report.negative_ratio, 2)),
        by_type.replace("%1", _spread(report.by_doc_type, doc_types)),
        by_department.replace("%1", _spread(report.by_department)),
    ]


def report_html(report: ValidationReport, max_level: int) -> str:
    """Return the report as HTML for a QTextBrowser: the counts, then the findings."""
    items = "".join(f"<li>{line}</li>" for line in summary_lines(report))
    if not report.findings:
        none_found = translate("FineTuneReport", "No problems found.")
        return f"<ul>{items}</ul><p>{html.escape(none_found)}</p>"
    rows = []
    for finding in report.findings:
        severity = translate(_CONTEXT, str(_SEVERITIES.get(finding.severity, finding.severity)))
        examples = "<br>".join(html.escape(example) for example in finding.examples)
        rows.append(
            f"<tr style='background:{_COLORS.get(finding.severity, '#ffffff')}'>"
            f"<td><b>{html.escape(severity)}</b></td>"
            f"<td>{html.escape(finding_text(finding, max_level))}</td>"
            f"<td>{examples}</td></tr>"
        )
    headers = (
        translate("FineTuneReport", "Kind"),
        translate("FineTuneReport", "Finding"),
        translate("FineTuneReport", "Example questions"),
    )
    head = "".join(f"<th align='left'>{html.escape(text)}</th>" for text in headers)
    table = (
        "<table cellpadding='4' cellspacing='0' width='100%'>"
        f"<tr>{head}</tr>{''.join(rows)}</table>"
    )
    return f"<ul>{items}</ul>{table}"
