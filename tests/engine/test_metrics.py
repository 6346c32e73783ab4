"""Retrieval metrics on hand-computed rankings."""

from __future__ import annotations

import math

import pytest

from vnsearch.evaluation.metrics import hit_at, ndcg_at, recall_at, reciprocal_rank, summarise
from vnsearch.search.fusion import reciprocal_rank_fusion


def test_reciprocal_rank_uses_first_relevant():
    assert reciprocal_rank(["a", "b", "c"], {"c": 1}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a", "b"], {"z": 1}) == 0.0


def test_reciprocal_rank_ignores_ranks_beyond_k():
    ranking = [str(i) for i in range(20)]
    assert reciprocal_rank(ranking, {"15": 1}, k=10) == 0.0


def test_hit_and_recall():
    assert hit_at(["a", "b"], {"b": 1}, 1) == 0.0
    assert hit_at(["a", "b"], {"b": 1}, 2) == 1.0
    assert recall_at(["a", "b", "c"], {"a": 1, "z": 1}, 3) == 0.5


def test_ndcg_binary_single_relevant_at_rank_two():
    assert ndcg_at(["x", "a"], {"a": 1}, 10) == pytest.approx(1 / math.log2(3))


def test_summarise_means_over_queries():
    result = summarise([["a"], ["x", "b"]], [{"a": 1}, {"b": 1}])
    assert result["mrr@10"] == pytest.approx(0.75)
    assert result["hit@1"] == pytest.approx(0.5)


def test_rrf_rewards_agreement():
    scores = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "d"]])
    assert scores["a"] == pytest.approx(scores["b"])
    assert scores["a"] > scores["c"] > 0
    assert scores["d"] == pytest.approx(1 / 63)
