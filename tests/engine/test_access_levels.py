"""A user of level L never receives, counts or sees snippets of chunks above L."""

from __future__ import annotations

import pytest

from tests.engine.corpus_builders import DOCS, write_corpus
from vnsearch.errors import ConfigError

MODES = ("dense", "fts", "hybrid")
# Queries aimed squarely at the level-2 and level-3 documents, titles included.
PROBES = [
    "Báo cáo quỹ lương tuyệt mật",
    "Quy trình ứng phó sự cố Hồng Hạc",
    "quy luong tuyet mat",
    "số nội bộ 1199",
    "thưởng hiệu suất",
    "mã độc cô lập máy tính",
]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, default_embedder):
    from vnsearch.config import Settings
    from vnsearch.engine import Engine

    root = tmp_path_factory.mktemp("levels")
    corpus = write_corpus(root / "docs")
    engine = Engine(root / "data", Settings(device="cpu"), embedder=default_embedder)
    report = engine.index([corpus])
    assert report.added == len(DOCS)
    return engine


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_search_hides_documents_above_level(indexed, mode, level):
    for query in PROBES:
        response = indexed.search(query, access_level=level, mode=mode, top_k=50)
        seen = [hit.access_level for hit in response.hits]
        assert all(lvl <= level for lvl in seen), (query, mode, seen)
        for hit in response.hits:
            assert "1199" not in hit.snippet.text or level >= 3


@pytest.mark.parametrize("mode", MODES)
def test_search_level_zero_never_sees_exact_titles(indexed, mode):
    for name, (level, *_rest, text) in DOCS.items():
        if level == 0:
            continue
        title = text.splitlines()[0].lstrip("# ")
        hits = indexed.search(title, access_level=0, mode=mode, top_k=50).hits
        assert [h.path for h in hits if h.path.endswith(name)] == [], (mode, title)
        assert all(h.access_level == 0 for h in hits)


@pytest.mark.parametrize("mode", MODES)
def test_search_finds_restricted_document_at_its_level(indexed, mode):
    hits = indexed.search("Quy trình ứng phó sự cố Hồng Hạc", access_level=3, mode=mode).hits
    assert hits[0].path.endswith("su-co-an-ninh.md")


def test_each_leg_applies_prefilter_before_ranking(indexed):
    from vnsearch.search.searcher import Searcher
    from vnsearch.store.filters import build_where

    searcher = Searcher(indexed.store, indexed.embedder(), candidates=100)
    where = build_where(0)
    dense = searcher.dense_leg("Báo cáo quỹ lương tuyệt mật", where)
    lexical = searcher.fts_leg("Báo cáo quỹ lương tuyệt mật", where)
    assert dense and all(row["access_level"] == 0 for row in dense)
    assert all(row["access_level"] == 0 for row in lexical)


def test_status_counts_only_visible_documents(indexed):
    assert indexed.status(0)["documents"] == {"indexed": 1}
    assert indexed.status(3)["documents"] == {"indexed": 4}
    assert indexed.status(1)["chunks"] < indexed.status(3)["chunks"]


def test_search_requires_valid_level(indexed):
    with pytest.raises(ConfigError, match="Invalid access level"):
        indexed.search("nghỉ phép", access_level=7)
    with pytest.raises(TypeError):
        indexed.search("nghỉ phép")  # type: ignore[call-arg]
