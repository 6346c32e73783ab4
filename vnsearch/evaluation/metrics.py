"""Ranking metrics for retrieval evaluation (binary or graded relevance)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def first_relevant_rank(ranking: Sequence[str], relevant: Mapping[str, float]) -> int | None:
    """Return the 1-based rank of the first relevant item, or None."""
    for rank, item in enumerate(ranking, start=1):
        if relevant.get(item, 0) > 0:
            return rank
    return None


def reciprocal_rank(ranking: Sequence[str], relevant: Mapping[str, float], k: int = 10) -> float:
    """Return 1/rank of the first relevant item within the top ``k``, else 0."""
    rank = first_relevant_rank(ranking[:k], relevant)
    return 1.0 / rank if rank else 0.0


def hit_at(ranking: Sequence[str], relevant: Mapping[str, float], k: int) -> float:
    """Return 1.0 when a relevant item is in the top ``k``."""
    return 1.0 if first_relevant_rank(ranking[:k], relevant) else 0.0


def recall_at(ranking: Sequence[str], relevant: Mapping[str, float], k: int) -> float:
    """Return the share of relevant items found in the top ``k``."""
    wanted = {item for item, grade in relevant.items() if grade > 0}
    if not wanted:
        return 0.0
    return len(wanted.intersection(ranking[:k])) / len(wanted)


def ndcg_at(ranking: Sequence[str], relevant: Mapping[str, float], k: int) -> float:
    """Return NDCG@k with gains ``2**grade - 1`` and a log2 position discount."""
    dcg = sum(
        (2 ** relevant.get(item, 0) - 1) / math.log2(rank + 1)
        for rank, item in enumerate(ranking[:k], start=1)
    )
    ideal = sorted((g for g in relevant.values() if g > 0), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg else 0.0


def summarise(
    rankings: Sequence[Sequence[str]], qrels: Sequence[Mapping[str, float]]
) -> dict[str, float]:
    """Return the mean of every metric over queries."""
    n = len(rankings)
    if n == 0:
        return {}
    metrics = {
        "mrr@10": sum(reciprocal_rank(r, q) for r, q in zip(rankings, qrels, strict=True)),
        "hit@1": sum(hit_at(r, q, 1) for r, q in zip(rankings, qrels, strict=True)),
        "hit@3": sum(hit_at(r, q, 3) for r, q in zip(rankings, qrels, strict=True)),
        "hit@5": sum(hit_at(r, q, 5) for r, q in zip(rankings, qrels, strict=True)),
        "hit@10": sum(hit_at(r, q, 10) for r, q in zip(rankings, qrels, strict=True)),
        "recall@10": sum(recall_at(r, q, 10) for r, q in zip(rankings, qrels, strict=True)),
        "ndcg@10": sum(ndcg_at(r, q, 10) for r, q in zip(rankings, qrels, strict=True)),
    }
    return {name: value / n for name, value in metrics.items()}
