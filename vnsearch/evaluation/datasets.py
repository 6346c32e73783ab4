"""Labelled retrieval datasets: BEIR folders, eval_pairs.jsonl files, sample folders."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from vnsearch.errors import ConfigError
from vnsearch.textutil import nfc

QUESTIONS_FILE = "questions.jsonl"


@dataclass
class EvalQuery:
    """A question and the graded relevance of corpus ids (or document paths)."""

    query_id: str
    text: str
    relevant: dict[str, float]


@dataclass
class EvalDataset:
    """Queries plus either an in-memory corpus or a folder of real documents.

    Attributes:
        corpus: ``id -> (title, text)`` for BEIR and pair files; empty for folders.
        folder: document folder to index with the real indexer (sample questions).
    """

    name: str
    queries: list[EvalQuery]
    corpus: dict[str, tuple[str, str]] = field(default_factory=dict)
    folder: Path | None = None


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise ConfigError(f"{path}, line {number}: invalid JSON ({exc}).") from exc
    return rows


def load_beir(folder: Path, split: str) -> EvalDataset:
    """Load ``corpus.jsonl``, ``<split>/queries.jsonl`` and ``<split>/qrels.tsv``."""
    split_dir = folder / split
    for needed in (folder / "corpus.jsonl", split_dir / "queries.jsonl", split_dir / "qrels.tsv"):
        if not needed.is_file():
            raise ConfigError(
                f"{needed} is missing; a BEIR folder needs corpus.jsonl and "
                f"<split>/queries.jsonl and <split>/qrels.tsv (split '{split}')."
            )
    corpus = {
        str(r["_id"]): (nfc(r.get("title") or ""), nfc(r.get("text") or ""))
        for r in _read_jsonl(folder / "corpus.jsonl")
    }
    texts = {str(r["_id"]): nfc(r["text"]) for r in _read_jsonl(split_dir / "queries.jsonl")}
    relevant: dict[str, dict[str, float]] = {}
    with open(split_dir / "qrels.tsv", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        for row in reader:
            if not row or row[0] == "query-id":
                continue
            qid, cid, score = row[0], row[1], float(row[2]) if len(row) > 2 else 1.0
            relevant.setdefault(qid, {})[cid] = score
    queries = [EvalQuery(qid, texts[qid], rel) for qid, rel in relevant.items() if qid in texts]
    return EvalDataset(f"{folder.name}/{split}", queries, corpus=corpus)


def load_eval_pairs(path: Path) -> EvalDataset:
    """Load ``{"query", "positive", "chunk_id"}`` lines; positives form the corpus."""
    corpus: dict[str, tuple[str, str]] = {}
    queries = []
    for number, row in enumerate(_read_jsonl(path), start=1):
        if not row.get("query") or not row.get("positive"):
            raise ConfigError(f"{path}, line {number}: 'query' and 'positive' are required.")
        positive = nfc(row["positive"])
        cid = str(row.get("chunk_id") or hashlib.sha1(positive.encode()).hexdigest()[:16])
        corpus.setdefault(cid, ("", positive))
        queries.append(EvalQuery(f"q{number}", nfc(row["query"]), {cid: 1.0}))
    return EvalDataset(path.name, queries, corpus=corpus)


def load_question_folder(folder: Path) -> EvalDataset:
    """Load a document folder whose ``questions.jsonl`` names the answering document."""
    queries = []
    for number, row in enumerate(_read_jsonl(folder / QUESTIONS_FILE), start=1):
        doc = row.get("document")
        if not row.get("query") or not doc:
            raise ConfigError(
                f"{folder / QUESTIONS_FILE}, line {number}: 'query' and 'document' are required."
            )
        if not (folder / doc).is_file():
            raise ConfigError(f"{folder / QUESTIONS_FILE}, line {number}: {doc} does not exist.")
        queries.append(EvalQuery(f"q{number}", nfc(row["query"]), {doc: 1.0}))
    return EvalDataset(folder.name, queries, folder=folder)


def load_dataset(path: Path, split: str = "dev") -> EvalDataset:
    """Detect the dataset format at ``path`` and load it."""
    if path.is_file() and path.suffix == ".jsonl":
        return load_eval_pairs(path)
    if path.is_dir() and (path / QUESTIONS_FILE).is_file():
        return load_question_folder(path)
    if path.is_dir() and (path / "corpus.jsonl").is_file():
        return load_beir(path, split)
    raise ConfigError(
        f"{path} is not a dataset: give a BEIR folder (corpus.jsonl + <split>/), an "
        f"eval_pairs.jsonl file, or a document folder with {QUESTIONS_FILE}."
    )
