"""Simulated user feedback for evaluating the feedback stage.

A BEIR folder with a ``train`` split gives the simulation: for every train question, an
evaluation user marks each relevant passage as relevant, as a user who found the right
answer would. The evaluated split's questions then search with that feedback in place.
A split with no train split beside it, or the train split itself, gets no simulation,
because feedback from the evaluated questions would leak their answers.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any

from vnsearch.accounts import APP_DB_NAME, UserStore
from vnsearch.engine import Engine
from vnsearch.evaluation.datasets import EvalDataset, EvalQuery, load_beir
from vnsearch.feedback import FeedbackStore
from vnsearch.search.searcher import RESULT_COLUMNS, hit_from_row

logger = logging.getLogger("vnsearch.eval")

FEEDBACK_SPLIT = "train"
EVAL_USER = "vnsearch-eval"


def feedback_source(dataset_path: Path, split: str) -> tuple[EvalDataset | None, str]:
    """Return the split that feeds simulated feedback, or None, and a note for the report."""
    folder = Path(dataset_path)
    train_dir = folder / FEEDBACK_SPLIT
    is_beir = folder.is_dir() and (folder / "corpus.jsonl").is_file()
    if not is_beir or not (train_dir / "qrels.tsv").is_file():
        return None, (
            "Feedback rows not run: the dataset has no train split to simulate feedback from."
        )
    if split == FEEDBACK_SPLIT:
        return None, (
            "Feedback rows not run: feedback is simulated from the train split, so evaluating "
            "the train split itself would leak its answers."
        )
    train = load_beir(folder, FEEDBACK_SPLIT)
    return train, (
        f"Feedback rows: an evaluation user of level 3 marked the relevant passage of each "
        f"of the {len(train.queries)} train questions as relevant; the {split} questions "
        "then searched with that feedback in place."
    )


def simulate_feedback(engine: Engine, train: EvalDataset) -> int:
    """Record a relevant judgement for every train question's relevant passages.

    Each judgement is on the passage's first chunk, made by a level-3 evaluation user in
    the engine's own ``app.db``. Returns the number of judgements recorded.
    """
    db_path = engine.data_dir / APP_DB_NAME
    user = UserStore(db_path).create_user(EVAL_USER, secrets.token_hex(16), 3, "admin")
    store = FeedbackStore(db_path)
    first_chunks = _first_chunks(engine)
    model_id = engine.model_name

    recorded = 0
    missing = 0
    empty = 0
    for query in train.queries:
        if not query.text.strip():
            # A user cannot confirm a result of an empty search, so neither can the
            # simulation; vi-covid-faq's train split has such a question.
            empty += 1
            continue
        for doc_id in _relevant_ids(query):
            row = first_chunks.get(doc_id)
            if row is None:
                missing += 1
                continue
            hit = hit_from_row(row, query.text, 0.0)
            store.record(query=query.text, hit=hit, label="relevant", user=user, model_id=model_id)
            recorded += 1
    if missing:
        logger.warning("Simulated feedback skipped %d passages missing from the index", missing)
    if empty:
        logger.warning("Simulated feedback skipped %d empty questions of %s", empty, train.name)
    logger.info("Simulated %d relevant judgements from %s", recorded, train.name)
    return recorded


def feedback_coverage(train: EvalDataset, queries: list[EvalQuery]) -> int:
    """Return how many of ``queries`` have a relevant passage that train feedback confirmed."""
    confirmed = {doc_id for query in train.queries for doc_id in _relevant_ids(query)}
    return sum(1 for query in queries if confirmed.intersection(_relevant_ids(query)))


def _relevant_ids(query: EvalQuery) -> list[str]:
    return [doc_id for doc_id, grade in query.relevant.items() if grade > 0]


def _first_chunks(engine: Engine) -> dict[str, dict[str, Any]]:
    """Return each document's chunk with the lowest sequence number."""
    rows = engine.store.chunks.search().select([*RESULT_COLUMNS, "seq"]).limit(None).to_list()
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        known = first.get(row["doc_id"])
        if known is None or row["seq"] < known["seq"]:
            first[row["doc_id"]] = row
    return first
