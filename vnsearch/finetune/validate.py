"""Check training data before a run and report what was removed and why.

:func:`validate_training_data` returns cleaned :class:`TrainingData` and a
:class:`ValidationReport`. Removed: exact duplicates, empty texts, pairs whose
passage is above the admin's access level, positives that are no longer in the index
(when the data comes from it) and training pairs whose query is held out. Reported
but kept: texts longer than the model's maximum length (the model truncates them),
held-out positives that also appear in training, and the spread of the data.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from vnsearch.finetune.corpus import IndexCorpus
from vnsearch.finetune.data import TrainingData, TrainingPair, query_key, remove_eval_queries

Severity = Literal["error", "warning", "info"]
TokenCounter = Callable[[Sequence[str]], list[int]]

# Fewer training pairs than this rarely move the model and mostly add noise.
MIN_TRAIN_PAIRS = 20
_EXAMPLES = 3


@dataclass(frozen=True)
class Finding:
    """One problem or remark, with a few example queries.

    Attributes:
        code: stable id for programs ("duplicates", "too_long", "leakage_query", …).
        severity: "error" blocks training, "warning" and "info" do not.
        count: affected pairs.
        message: one sentence for the user.
        examples: up to three affected queries.
    """

    code: str
    severity: Severity
    count: int
    message: str
    examples: tuple[str, ...] = ()


@dataclass
class ValidationReport:
    """Findings of validation and the size of the data left after cleaning.

    Attributes:
        train_pairs, eval_pairs: pairs left after cleaning.
        train_queries, eval_queries: distinct queries in each split.
        positives, negatives: positive passages and hard negatives in training.
        by_doc_type, by_department: training pairs per document field ("" = unknown).
        findings: problems and remarks, errors first.
    """

    train_pairs: int = 0
    eval_pairs: int = 0
    train_queries: int = 0
    eval_queries: int = 0
    positives: int = 0
    negatives: int = 0
    by_doc_type: dict[str, int] = field(default_factory=dict)
    by_department: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no finding blocks training."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def negative_ratio(self) -> float:
        """Hard negatives per positive in training (0 when there are no positives)."""
        return self.negatives / self.positives if self.positives else 0.0

    def finding(self, code: str) -> Finding | None:
        """Return the finding with this code, or None."""
        return next((f for f in self.findings if f.code == code), None)

    def to_text(self) -> str:
        """Return the report as plain text for the command line."""
        lines = [
            f"Training: {self.train_pairs} pairs, {self.train_queries} queries; held out for "
            f"evaluation: {self.eval_pairs} pairs, {self.eval_queries} queries.",
            f"Hard negatives: {self.negatives} for {self.positives} positives "
            f"({self.negative_ratio:.2f} per positive).",
            "Document types: " + _spread(self.by_doc_type),
            "Departments: " + _spread(self.by_department),
        ]
        for item in self.findings:
            lines.append(f"[{item.severity}] {item.message}")
            lines.extend(f"    e.g. {example}" for example in item.examples)
        return "\n".join(lines)

    def to_html(self) -> str:
        """Return the report as an HTML fragment (a summary list and a findings table)."""
        rows = "".join(
            f"<tr class='{f.severity}'><td>{f.severity}</td><td>{html.escape(f.message)}</td>"
            f"<td>{'<br>'.join(html.escape(e) for e in f.examples)}</td></tr>"
            for f in self.findings
        )
        summary = [
            f"Training: {self.train_pairs} pairs, {self.train_queries} queries",
            f"Held out: {self.eval_pairs} pairs, {self.eval_queries} queries",
            f"Hard negatives per positive: {self.negative_ratio:.2f}",
            "Document types: " + _spread(self.by_doc_type),
            "Departments: " + _spread(self.by_department),
        ]
        items = "".join(f"<li>{html.escape(line)}</li>" for line in summary)
        table = (
            f"<table><tr><th>Severity</th><th>Finding</th><th>Examples</th></tr>{rows}</table>"
            if rows
            else "<p>No problems found.</p>"
        )
        return f"<ul>{items}</ul>{table}"


def _spread(counts: dict[str, int]) -> str:
    if not counts:
        return "-"
    parts = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{name or 'unknown'} {count}" for name, count in parts)


class _Collector:
    """Findings in the making: counts and example queries per code."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}

    def add(self, code: str, pair: TrainingPair) -> None:
        self.counts[code] += 1
        examples = self.examples.setdefault(code, [])
        if len(examples) < _EXAMPLES and pair.query not in examples:
            examples.append(pair.query[:120])

    def finding(self, code: str, severity: Severity, message: str) -> Finding | None:
        count = self.counts[code]
        if not count:
            return None
        text = message.format(count=count)
        return Finding(code, severity, count, text, tuple(self.examples.get(code, ())))


def _indexed_sources(pairs: Sequence[TrainingPair], index: IndexCorpus | None) -> set[str]:
    """Return the sources whose passages come from this index: feedback, and every file
    with at least one passage found in it. Only their pairs can be stale."""
    if index is None:
        return set()
    found = {p.source for p in pairs if index.contains(p.positive)}
    return {*found, "feedback"}


def _clean(
    pairs: Sequence[TrainingPair],
    found: _Collector,
    index: IndexCorpus | None,
    max_level: int,
    indexed_sources: set[str],
) -> list[TrainingPair]:
    """Drop empty, duplicate, above-level and stale pairs; strip above-level negatives."""
    seen: set[tuple[str, str]] = set()
    kept: list[TrainingPair] = []
    for pair in pairs:
        if not pair.query.strip() or not pair.positive.strip():
            found.add("empty", pair)
            continue
        key = (query_key(pair.query), pair.positive)
        if key in seen:
            found.add("duplicates", pair)
            continue
        seen.add(key)
        level = pair.doc_level
        if index is not None and index.level_of(pair.positive) is not None:
            level = max(level or 0, index.level_of(pair.positive) or 0)
        if level is not None and level > max_level:
            found.add("above_level", pair)
            continue
        if (
            pair.source in indexed_sources
            and index is not None
            and not index.contains(pair.positive)
        ):
            found.add("stale", pair)
            continue
        negatives = tuple(n for n in pair.negatives if n and n != pair.positive)
        if index is not None:
            allowed = tuple(n for n in negatives if (index.level_of(n) or 0) <= max_level)
            if len(allowed) < len(negatives):
                found.add("above_level_negative", pair)
            negatives = allowed
        kept.append(replace(pair, negatives=negatives))
    return kept


def validate_training_data(
    data: TrainingData,
    *,
    max_level: int,
    max_tokens: int,
    count_tokens: TokenCounter | None = None,
    index: IndexCorpus | None = None,
) -> tuple[TrainingData, ValidationReport]:
    """Clean ``data`` and report what was found.

    Args:
        max_level: the admin's access level; pairs with a passage above it are removed.
        max_tokens: the model's maximum input length in tokens.
        count_tokens: token counter of the model; without one, length is not checked.
        index: the index's chunks, to find stale positives and the level of passages
            that carry no level of their own (pairs from files). A pair counts as stale
            only when it comes from feedback or from a file with other passages in the
            index, since a BEIR corpus or an outside file is not indexed at all.
    """
    found = _Collector()
    indexed = _indexed_sources([*data.train, *data.eval], index)
    train = _clean(data.train, found, index, max_level, indexed)
    evaluation = _clean(data.eval, found, index, max_level, indexed)
    train, removed = remove_eval_queries(train, evaluation)
    found.counts["leakage_query"] += removed + data.removed_eval_queries
    found.counts["duplicates"] += data.removed_duplicates
    eval_positives = {p.positive for p in evaluation}
    for pair in train:
        if pair.positive in eval_positives:
            found.add("leakage_positive", pair)
    if count_tokens is not None:
        texts = [t for p in train for t in (p.query, p.positive)]
        lengths = dict(zip(texts, count_tokens(texts), strict=True)) if texts else {}
        for pair in train:
            if (
                lengths.get(pair.positive, 0) > max_tokens
                or lengths.get(pair.query, 0) > max_tokens
            ):
                found.add("too_long", pair)

    report = ValidationReport(
        train_pairs=len(train),
        eval_pairs=len(evaluation),
        train_queries=len({query_key(p.query) for p in train}),
        eval_queries=len({query_key(p.query) for p in evaluation}),
        positives=len(train),
        negatives=sum(len(p.negatives) for p in train),
        by_doc_type=dict(Counter(p.doc_type for p in train)),
        by_department=dict(Counter(p.department for p in train)),
    )
    messages: list[tuple[str, Severity, str]] = [
        ("empty", "warning", "Removed {count} pairs with an empty query or passage."),
        ("duplicates", "warning", "Removed {count} duplicate pairs (same query and passage)."),
        (
            "above_level",
            "warning",
            f"Removed {{count}} pairs whose passage is above access level {max_level}.",
        ),
        (
            "above_level_negative",
            "warning",
            f"Removed negatives above access level {max_level} from {{count}} pairs.",
        ),
        (
            "stale",
            "warning",
            "Removed {count} pairs whose passage is no longer in the index (the document "
            "changed or was removed).",
        ),
        (
            "leakage_query",
            "info",
            "Removed {count} training pairs whose query is held out for evaluation.",
        ),
        (
            "leakage_positive",
            "warning",
            "{count} training pairs share their passage with a held-out pair; the held-out "
            "score may be optimistic.",
        ),
        (
            "too_long",
            "warning",
            f"{{count}} pairs have a text longer than the model's {max_tokens} tokens; the "
            "end is cut off during training.",
        ),
    ]
    for code, severity, message in messages:
        item = found.finding(code, severity, message)
        if item is not None:
            report.findings.append(item)
    if len(train) < MIN_TRAIN_PAIRS:
        report.findings.insert(
            0,
            Finding(
                "too_few_pairs",
                "error",
                len(train),
                f"Only {len(train)} training pairs; at least {MIN_TRAIN_PAIRS} are needed. "
                "Confirm more search results or import a pairs file.",
            ),
        )
    if not evaluation:
        report.findings.insert(
            0,
            Finding(
                "no_eval",
                "error",
                0,
                "No held-out pairs for evaluation; add an evaluation file or more queries.",
            ),
        )
    if report.negatives == 0 and train:
        report.findings.append(
            Finding(
                "no_negatives",
                "info",
                len(train),
                "No hard negatives yet: they are mined from the index before training, and "
                "the other pairs in each batch serve as negatives.",
            )
        )
    cleaned = TrainingData(
        train, evaluation, data.corpus, data.removed_eval_queries, data.removed_duplicates
    )
    return cleaned, report
