"""Training pairs for fine-tuning: from feedback, JSONL exports and BEIR folders.

A pair is a query and one passage that answers it (the positive), optionally with
passages that look related but do not answer it (hard negatives). Every loader
returns :class:`TrainingPair` objects; :func:`split_by_query` then holds out whole
queries for evaluation, so that no held-out query is ever trained on.
"""

from __future__ import annotations

import json
import logging
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from vnsearch.chunking import compose_embed_text
from vnsearch.errors import ConfigError
from vnsearch.evaluation.datasets import load_beir
from vnsearch.feedback import FeedbackStore
from vnsearch.store.filters import check_access_level
from vnsearch.textutil import collapse_spaces, nfc

logger = logging.getLogger("vnsearch.train")


@dataclass(frozen=True)
class TrainingPair:
    """A query, a passage that answers it and optional hard negatives.

    Attributes:
        query: the query text (NFC, spaces collapsed).
        positive: the answering passage.
        negatives: passages judged or mined as not answering the query.
        chunk_id: the index chunk of the positive, or "" when unknown.
        doc_level: access level of the positive's document, or None when unknown.
        department, doc_type: the positive's document fields, "" when unknown.
        source: where the pair came from ("feedback", a file name, "beir:<split>").
    """

    query: str
    positive: str
    negatives: tuple[str, ...] = ()
    chunk_id: str = ""
    doc_level: int | None = None
    department: str = ""
    doc_type: str = ""
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the pair as JSON-ready values."""
        raw = asdict(self)
        raw["negatives"] = list(self.negatives)
        return raw

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> TrainingPair:
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        known["negatives"] = tuple(known.get("negatives") or ())
        return cls(**known)


@dataclass
class TrainingData:
    """Training pairs, the held-out evaluation pairs and the evaluation corpus.

    Attributes:
        train: pairs to train on.
        eval: held-out pairs, never trained on; their queries are not in ``train``.
        corpus: extra passages (id -> text) that the held-out queries are ranked
            against besides every positive, and that negatives are mined from.
        removed_eval_queries: training pairs dropped because their query is held out.
        removed_duplicates: pairs dropped while merging because a source repeated them.
    """

    train: list[TrainingPair]
    eval: list[TrainingPair]
    corpus: dict[str, str] = field(default_factory=dict)
    removed_eval_queries: int = 0
    removed_duplicates: int = 0


def clean_text(text: object) -> str:
    """Return ``text`` in NFC with runs of spaces collapsed ("" for non-text)."""
    if not isinstance(text, str):
        return ""
    return collapse_spaces(nfc(text)).strip()


def query_key(query: str) -> str:
    """Return the form under which two queries count as the same (case-insensitive)."""
    return clean_text(query).casefold()


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not Path(path).is_file():
        raise ConfigError(f"{path} not found; give a JSONL file with one JSON object per line.")
    rows = []
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise ConfigError(f"{path}, line {number}: invalid JSON ({exc}).") from exc
            if not isinstance(row, dict):
                raise ConfigError(f"{path}, line {number}: expected a JSON object.")
            rows.append(row)
    return rows


def _require(path: Path, number: int, row: dict[str, Any], keys: Sequence[str]) -> None:
    missing = [key for key in keys if key not in row]
    if missing:
        raise ConfigError(
            f"{path}, line {number}: missing {', '.join(missing)}; expected keys: "
            f"{', '.join(keys)}."
        )


def load_positive_pairs(path: Path) -> list[TrainingPair]:
    """Load ``{"query", "positive", "query_type", "domain"}`` lines (a feedback export).

    ``domain`` becomes the pair's department; ``query_type`` is not needed for
    training and is ignored. Empty texts are kept so that validation reports them.
    """
    pairs = []
    for number, row in enumerate(_read_jsonl(path), start=1):
        _require(path, number, row, ("query", "positive"))
        pairs.append(
            TrainingPair(
                query=clean_text(row["query"]),
                positive=clean_text(row["positive"]),
                department=clean_text(row.get("domain")),
                source=Path(path).name,
            )
        )
    return pairs


def load_hard_negatives(path: Path) -> list[TrainingPair]:
    """Load ``{"query", "positive", "hard_negative", "negative_score"}`` lines.

    Lines with the same query and positive become one pair with every negative.
    """
    grouped: dict[tuple[str, str], list[str]] = {}
    for number, row in enumerate(_read_jsonl(path), start=1):
        _require(path, number, row, ("query", "positive", "hard_negative"))
        key = (clean_text(row["query"]), clean_text(row["positive"]))
        negative = clean_text(row["hard_negative"])
        negatives = grouped.setdefault(key, [])
        if negative and negative not in negatives:
            negatives.append(negative)
    return [
        TrainingPair(query, positive, tuple(negatives), source=Path(path).name)
        for (query, positive), negatives in grouped.items()
    ]


def load_eval_pairs(path: Path) -> list[TrainingPair]:
    """Load ``{"query", "positive", "chunk_id"}`` lines as held-out pairs."""
    pairs = []
    for number, row in enumerate(_read_jsonl(path), start=1):
        _require(path, number, row, ("query", "positive"))
        pairs.append(
            TrainingPair(
                query=clean_text(row["query"]),
                positive=clean_text(row["positive"]),
                chunk_id=str(row.get("chunk_id") or ""),
                source=Path(path).name,
            )
        )
    return pairs


def load_beir_pairs(folder: Path, split: str) -> tuple[list[TrainingPair], dict[str, str]]:
    """Load one split of a BEIR folder as pairs, plus its whole corpus (id -> text).

    Passages are composed like indexed chunks (title line, then text), so training
    sees what the index embeds. A query with several relevant passages gives one
    pair per passage.
    """
    dataset = load_beir(Path(folder), split)
    corpus = {
        cid: compose_embed_text(title, "", text) for cid, (title, text) in dataset.corpus.items()
    }
    pairs = []
    for query in dataset.queries:
        for cid, grade in query.relevant.items():
            if grade > 0 and cid in corpus:
                pairs.append(
                    TrainingPair(
                        query=clean_text(query.text),
                        positive=corpus[cid],
                        chunk_id=cid,
                        source=f"beir:{split}",
                    )
                )
    return pairs, corpus


def pairs_from_feedback(store: FeedbackStore, max_level: int) -> list[TrainingPair]:
    """Build pairs from confirmed judgements at or below ``max_level``.

    Each (query, confirmed chunk) is one pair; chunks marked not relevant for the
    same query become its hard negatives, except a text that anyone confirmed for
    that query.
    """
    level = check_access_level(max_level)
    judgements = sorted(store.list(level), key=lambda f: (f.created_at, f.feedback_id))
    confirmed: dict[str, dict[str, Any]] = {}
    rejected: dict[str, dict[str, None]] = {}
    for item in judgements:
        key = query_key(item.query)
        text = clean_text(item.chunk_text)
        if item.label == "relevant":
            confirmed.setdefault(key, {})[text] = item
        else:
            rejected.setdefault(key, {})[text] = None

    pairs = []
    for key, positives in confirmed.items():
        negatives = tuple(t for t in rejected.get(key, {}) if t and t not in positives)
        for text, item in positives.items():
            pairs.append(
                TrainingPair(
                    query=clean_text(item.query),
                    positive=text,
                    negatives=negatives,
                    chunk_id=item.chunk_id,
                    doc_level=item.doc_level,
                    department=item.department,
                    doc_type=item.doc_type,
                    source="feedback",
                )
            )
    logger.info("Built %d training pairs from feedback at level <= %d", len(pairs), level)
    return pairs


def count_duplicates(pairs: Sequence[TrainingPair]) -> int:
    """Return how many pairs repeat an earlier pair's query and positive."""
    keys = [(query_key(p.query), p.positive) for p in pairs]
    return len(keys) - len(set(keys))


def merge_pairs(*groups: Iterable[TrainingPair]) -> list[TrainingPair]:
    """Concatenate pair lists; pairs with the same query and positive merge negatives."""
    merged: dict[tuple[str, str], TrainingPair] = {}
    order: list[tuple[str, str]] = []
    for group in groups:
        for pair in group:
            key = (query_key(pair.query), pair.positive)
            existing = merged.get(key)
            if existing is None:
                merged[key] = pair
                order.append(key)
                continue
            negatives = tuple(dict.fromkeys((*existing.negatives, *pair.negatives)))
            merged[key] = replace(existing, negatives=negatives)
    return [merged[key] for key in order]


def split_by_query(
    pairs: Sequence[TrainingPair], eval_fraction: float = 0.2, seed: int = 13
) -> tuple[list[TrainingPair], list[TrainingPair]]:
    """Hold out a seeded ``eval_fraction`` of the distinct queries with all their pairs.

    Returns (train, eval). At least one query is held out when there are two or more.
    """
    if not 0.0 < eval_fraction < 1.0:
        raise ConfigError(f"Invalid evaluation share {eval_fraction}; use a value between 0 and 1.")
    keys = list(dict.fromkeys(query_key(p.query) for p in pairs))
    random.Random(seed).shuffle(keys)
    count = min(len(keys) - 1, max(1, math.ceil(len(keys) * eval_fraction)))
    held_out = set(keys[: max(count, 0)])
    train = [p for p in pairs if query_key(p.query) not in held_out]
    evaluation = [p for p in pairs if query_key(p.query) in held_out]
    return train, evaluation


def remove_eval_queries(
    train: Sequence[TrainingPair], evaluation: Sequence[TrainingPair]
) -> tuple[list[TrainingPair], int]:
    """Drop training pairs whose query is held out; returns (kept pairs, dropped count)."""
    held_out = {query_key(p.query) for p in evaluation}
    kept = [p for p in train if query_key(p.query) not in held_out]
    return kept, len(train) - len(kept)


def write_pairs(path: Path, pairs: Iterable[TrainingPair]) -> int:
    """Write pairs as JSON lines (the worker's input format); returns the count."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for pair in pairs:
            handle.write(json.dumps(pair.to_json(), ensure_ascii=False) + "\n")
            count += 1
    return count


def read_pairs(path: Path) -> list[TrainingPair]:
    """Read pairs written by :func:`write_pairs`."""
    return [TrainingPair.from_json(row) for row in _read_jsonl(path)]
