"""Re-ranking with a tiny trained cross-encoder: order, levels, and search without one."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.engine.corpus_builders import write_corpus
from tests.engine.tiny_models import tiny_cross_encoder
from vnsearch.config import Settings
from vnsearch.engine import Engine
from vnsearch.errors import ConfigError
from vnsearch.models.registry import import_model
from vnsearch.search.fusion import standardise
from vnsearch.search.rerank import CrossEncoderReranker, passage_text

RERANKER = "tiny-reranker"
QUERY = "kivo"
# The toy model learned that passages with "lumo" are relevant to "kivo", which BM25
# cannot know because it only matches the literal word.
DOCS = {
    "literal.txt": (0, "", "other", [], "Tài liệu một\n\nkivo kivo brem cotu dami"),
    "answer.txt": (1, "", "other", [], "Tài liệu hai\n\nalfa lumo eslo fanu gori"),
    "wrong-answer.txt": (0, "", "other", [], "Tài liệu ba\n\nhesa ilmo jato sekat"),
    "filler.txt": (0, "", "other", [], "Tài liệu bốn\n\nkebu lisa mofo nare"),
    "secret.txt": (3, "", "other", [], "Tài liệu năm\n\nlumo lumo opiu qeta"),
}


def _names(response) -> list[str]:
    return [Path(hit.path).name for hit in response.hits]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("rerank") / "docs", DOCS)


@pytest.fixture(scope="module")
def plain_engine(tmp_path_factory, corpus, default_embedder) -> Engine:
    engine = Engine(
        tmp_path_factory.mktemp("plain"), Settings(device="cpu"), embedder=default_embedder
    )
    engine.index([corpus])
    return engine


@pytest.fixture(scope="module")
def reranked_engine(tmp_path_factory, corpus, default_embedder) -> Engine:
    data_dir = tmp_path_factory.mktemp("reranked")
    import_model(data_dir, tiny_cross_encoder(), kind="reranker", name=RERANKER)
    # The re-ranker alone, so that its judgement decides the order.
    settings = Settings(device="cpu", rerank_weight=1.0)
    engine = Engine(data_dir, settings, embedder=default_embedder)
    engine.index([corpus])
    return engine


def test_hybrid_alone_ranks_literal_match_first(plain_engine):
    response = plain_engine.search(QUERY, access_level=1)

    assert _names(response)[0] == "literal.txt"
    assert "rerank" not in response.stages
    assert response.reranker_id == ""


def test_rerank_lifts_answer_above_literal_match(reranked_engine):
    response = reranked_engine.search(QUERY, access_level=1)

    names = _names(response)
    assert response.stages == ["rerank", "feedback"]
    assert response.reranker_id == RERANKER
    assert names[0] == "answer.txt"
    assert names.index("answer.txt") < names.index("literal.txt")


def test_rerank_scores_follow_cross_encoder(reranked_engine):
    response = reranked_engine.search(QUERY, access_level=1)
    reranker = reranked_engine.ranking.reranker(reranked_engine.settings)
    assert reranker is not None

    passages = [
        passage_text({"title": hit.title, "heading": hit.heading, "text": hit.text})
        for hit in response.hits
    ]
    expected = reranker.score(QUERY, passages)

    assert [hit.score for hit in response.hits] == pytest.approx(expected, abs=1e-5)
    assert expected == sorted(expected, reverse=True)


def test_rerank_keeps_level_prefilter(reranked_engine):
    low = _names(reranked_engine.search(QUERY, access_level=1, top_k=50))
    high = _names(reranked_engine.search(QUERY, access_level=3, top_k=50))

    assert "secret.txt" not in low
    assert "secret.txt" in high[:2]
    assert sorted(low) == sorted(n for n in high if n != "secret.txt")


def test_rerank_stage_can_be_turned_off(reranked_engine, plain_engine):
    without = reranked_engine.search(QUERY, access_level=1, stages=[])
    plain = plain_engine.search(QUERY, access_level=1, stages=[])

    assert without.stages == []
    assert _names(without) == _names(plain)
    assert [h.score for h in without.hits] == pytest.approx([h.score for h in plain.hits])


def test_missing_named_reranker_searches_without(corpus, tmp_path, default_embedder, caplog):
    settings = Settings(device="cpu", reranker="not-installed")
    engine = Engine(tmp_path / "data", settings, embedder=default_embedder)
    engine.index([corpus])

    with caplog.at_level(logging.WARNING, logger="vnsearch.search"):
        response = engine.search(QUERY, access_level=1)

    assert response.stages == ["feedback"]
    assert _names(response)[0] == "literal.txt"
    assert "Re-ranker 'not-installed' is not installed" in caplog.text


def test_rescore_keeps_candidates_beyond_limit(reranked_engine):
    reranker = reranked_engine.ranking.reranker(reranked_engine.settings)
    assert reranker is not None
    limited = CrossEncoderReranker(reranker.path, RERANKER, "cpu", candidates=2)
    texts = {
        "c1": "kivo brem",
        "c2": "alfa cotu",
        "c3": "lumo dami",
        "c4": "lumo eslo",
    }
    rows = {cid: {"title": "", "heading": "", "text": text} for cid, text in texts.items()}
    fused = {"c1": 4.0, "c2": 3.0, "c3": 2.0, "c4": 1.0}

    scores = limited.rescore(QUERY, rows, fused)

    order = sorted(scores, key=lambda cid: -scores[cid])
    assert set(scores) == set(fused)
    assert order[2:] == ["c3", "c4"]  # beyond the 2 candidates: fused order, below them
    assert scores["c3"] < min(scores["c1"], scores["c2"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"candidates": 0}, "Invalid re-rank candidate count 0"),
        ({"batch_size": 0}, "Invalid batch size 0"),
        ({"device": "tpu"}, "Invalid device 'tpu'"),
    ],
)
def test_reranker_rejects_invalid_arguments(tmp_path, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        CrossEncoderReranker(tmp_path, "x", **kwargs)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rerank_candidates", 0, "Invalid re-rank candidate count 0"),
        ("search_stages", ["rerank", "rerank"], "Invalid search stages"),
        ("search_stages", ["boost"], "Invalid search stages"),
        ("feedback_cap", -1.0, "Invalid feedback cap -1.0"),
        ("feedback_threshold", 0.2, "Invalid feedback threshold 0.2"),
    ],
)
def test_settings_reject_invalid_ranking_values(field, value, message):
    settings = Settings(**{field: value})

    with pytest.raises(ConfigError, match=message):
        settings.validate()


def _toy_candidates() -> tuple[dict, dict]:
    texts = {"c1": "kivo brem", "c2": "alfa cotu", "c3": "lumo dami", "c4": "lumo eslo"}
    rows = {cid: {"title": "", "heading": "", "text": text} for cid, text in texts.items()}
    return rows, {"c1": 4.0, "c2": 3.0, "c3": 2.0, "c4": 1.0}


def test_rescore_blends_logits_with_fused_scores(reranked_engine):
    path = reranked_engine.ranking.reranker(reranked_engine.settings).path
    rows, fused = _toy_candidates()
    blended = CrossEncoderReranker(path, RERANKER, "cpu", weight=0.5)

    scores = blended.rescore(QUERY, rows, fused)

    passages = [passage_text(row) for row in rows.values()]
    logits = dict(zip(rows, blended.score(QUERY, passages), strict=True))
    z_logits, z_fused = standardise(logits), standardise(fused)
    expected = {cid: 0.5 * z_logits[cid] + 0.5 * z_fused[cid] for cid in rows}
    assert scores == pytest.approx(expected, abs=1e-4)


def test_rescore_weight_zero_keeps_fused_order(reranked_engine):
    path = reranked_engine.ranking.reranker(reranked_engine.settings).path
    rows, fused = _toy_candidates()

    scores = CrossEncoderReranker(path, RERANKER, "cpu", weight=0.0).rescore(QUERY, rows, fused)

    assert sorted(scores, key=lambda cid: -scores[cid]) == ["c1", "c2", "c3", "c4"]


def test_weight_and_candidates_change_without_reloading(reranked_engine):
    settings = Settings(**{**reranked_engine.settings.__dict__})
    first = reranked_engine.ranking.reranker(settings)

    settings.rerank_weight, settings.rerank_candidates = 0.3, 7
    second = reranked_engine.ranking.reranker(settings)
    settings.rerank_weight, settings.rerank_candidates = 1.0, 30
    reranked_engine.ranking.reranker(settings)

    assert second is first
    assert (second.weight, second.candidates) == (1.0, 30)


def test_invalid_rerank_weight_named():
    with pytest.raises(ConfigError, match=r"weight 1\.5"):
        Settings(rerank_weight=1.5).validate()
