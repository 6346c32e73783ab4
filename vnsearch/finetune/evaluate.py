"""Dense retrieval metrics of a sentence-transformers model on held-out pairs.

Each held-out query is ranked against every positive of the split plus a corpus of
distractor passages; MRR@10, Hit@1 and NDCG@10 come from
:mod:`vnsearch.evaluation.metrics`, and per-query ranks feed the comparison report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from vnsearch.evaluation.metrics import first_relevant_rank, summarise
from vnsearch.finetune.data import TrainingPair, query_key

METRICS = ("mrr@10", "hit@1", "ndcg@10")
TOP_K = 10


@dataclass
class RetrievalTask:
    """Queries with their relevant passage ids, and the passages to rank.

    Attributes:
        queries: query id -> text.
        relevant: query id -> ids of its relevant passages.
        corpus: passage id -> text.
    """

    queries: dict[str, str]
    relevant: dict[str, set[str]]
    corpus: dict[str, str]

    @classmethod
    def from_pairs(
        cls, pairs: Sequence[TrainingPair], distractors: dict[str, str]
    ) -> RetrievalTask:
        """Build a task from pairs: one query per distinct query, positives as passages."""
        corpus = dict(distractors)
        by_text = {text: pid for pid, text in corpus.items()}
        queries: dict[str, str] = {}
        relevant: dict[str, set[str]] = {}
        ids: dict[str, str] = {}
        for pair in pairs:
            pid = by_text.get(pair.positive)
            if pid is None:
                pid = f"positive-{len(by_text)}"
                by_text[pair.positive] = pid
                corpus[pid] = pair.positive
            key = query_key(pair.query)
            qid = ids.setdefault(key, f"q{len(ids)}")
            queries.setdefault(qid, pair.query)
            relevant.setdefault(qid, set()).add(pid)
        return cls(queries, relevant, corpus)


def _prompt(model: Any, names: Sequence[str]) -> str | None:
    prompts = getattr(model, "prompts", None) or {}
    for name in names:
        if prompts.get(name):
            return str(prompts[name])
    return None


def encode_passages(model: Any, texts: Sequence[str], batch_size: int = 32) -> dict[str, Any]:
    """Return text -> L2-normalised passage vector, encoding each distinct text once."""
    unique = list(dict.fromkeys(texts))
    if not unique:
        return {}
    vectors = model.encode(
        unique,
        prompt=_prompt(model, ("passage", "document", "corpus")),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return dict(zip(unique, np.asarray(vectors), strict=True))


def rank_queries(
    model: Any, task: RetrievalTask, passages: dict[str, Any], batch_size: int = 32
) -> dict[str, list[str]]:
    """Return query id -> ids of the top passages by cosine similarity.

    Args:
        passages: vectors from :func:`encode_passages` covering every corpus text.
    """
    corpus_ids = list(task.corpus)
    query_ids = list(task.queries)
    if not corpus_ids or not query_ids:
        return {}
    matrix = np.stack([passages[task.corpus[c]] for c in corpus_ids])
    queries = model.encode(
        [task.queries[q] for q in query_ids],
        prompt=_prompt(model, ("query",)),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    # (queries, passages) cosine matrix, since both sides are L2-normalised.
    scores = np.asarray(queries) @ matrix.T
    top = np.argsort(-scores, axis=1)[:, :TOP_K]
    return {qid: [corpus_ids[i] for i in row] for qid, row in zip(query_ids, top, strict=True)}


def evaluate_splits(
    model: Any, tasks: dict[str, RetrievalTask], batch_size: int = 32
) -> dict[str, tuple[dict[str, float], dict[str, int | None]]]:
    """Return split -> (metric -> mean value, query id -> rank of the first relevant passage).

    Passages shared by several splits are encoded once.
    """
    texts = [text for task in tasks.values() for text in task.corpus.values()]
    passages = encode_passages(model, texts, batch_size)
    out = {}
    for split, task in tasks.items():
        rankings = rank_queries(model, task, passages, batch_size)
        qids = list(rankings)
        qrels = [dict.fromkeys(task.relevant[q], 1.0) for q in qids]
        metrics = summarise([rankings[q] for q in qids], qrels)
        ranks = {
            q: first_relevant_rank(rankings[q], rel) for q, rel in zip(qids, qrels, strict=True)
        }
        out[split] = ({name: float(metrics.get(name, 0.0)) for name in METRICS}, ranks)
    return out
