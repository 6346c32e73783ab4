"""Hybrid search behaviour: Vietnamese full-text, filters, grouping and snippets."""

from __future__ import annotations

import os
import time
from datetime import date

import pytest

from tests.engine.corpus_builders import DOCS, write_corpus
from vnsearch.errors import ConfigError
from vnsearch.store.filters import SearchFilters

EXTRA = {
    "nghi-phep-khong-dau.txt": (
        0,
        "Nhân sự",
        "other",
        ["ghi chú"],
        "Ghi chu cu\n\nnghi phep khong luong toi da 30 ngay moi nam theo de nghi cua nhan vien.",
    ),
    "nghi-dinh.txt": (
        0,
        "Hành chính",
        "other",
        [],
        "Nghị định mới\n\nNghị định số 145 hướng dẫn về phép thử nghiệm thiết bị điện.",
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory, default_embedder):
    from vnsearch.config import Settings
    from vnsearch.engine import Engine

    root = tmp_path_factory.mktemp("search")
    corpus = write_corpus(root / "docs", {**DOCS, **EXTRA})
    # The VPN guide is old: its mtime is set to 2020 for the date filter.
    old = time.mktime((2020, 6, 1, 12, 0, 0, 0, 0, -1))
    os.utime(corpus / "vpn.txt", (old, old))
    engine = Engine(root / "data", Settings(device="cpu"), embedder=default_embedder)
    engine.index([corpus])
    return engine


def _names(response) -> list[str]:
    return [hit.path.rsplit("/", 1)[-1] for hit in response.hits]


def test_fts_accent_free_query_finds_accented_text(engine):
    names = _names(engine.search("nghi phep nam", access_level=0, mode="fts"))
    assert "nghi-phep.txt" in names[:2]


def test_fts_exact_diacritics_rank_first(engine):
    names = _names(engine.search("nghỉ phép", access_level=0, mode="fts"))
    assert names[0] == "nghi-phep.txt"


def test_fts_accent_free_text_matches_accented_query(engine):
    names = _names(engine.search("nghỉ phép không lương", access_level=0, mode="fts"))
    assert "nghi-phep-khong-dau.txt" in names


def test_hybrid_answers_paraphrased_question(engine):
    names = _names(engine.search("làm sao kết nối mạng công ty từ nhà", access_level=1))
    assert names[0] == "vpn.txt"


def test_results_grouped_one_hit_per_document(engine):
    hits = engine.search("nghỉ phép", access_level=3, top_k=20).hits
    paths = [h.path for h in hits]
    assert len(paths) == len(set(paths))


def test_filter_by_department(engine):
    filters = SearchFilters(departments=("Công nghệ thông tin",))
    hits = engine.search("hướng dẫn", access_level=3, filters=filters).hits
    assert [h.department for h in hits] == ["Công nghệ thông tin"]


def test_filter_by_type_and_tag(engine):
    by_type = engine.search(
        "quy trình", access_level=3, filters=SearchFilters(doc_types=("procedure",))
    )
    by_tag = engine.search("quy định", access_level=3, filters=SearchFilters(tags=("nghỉ phép",)))
    assert {h.doc_type for h in by_type.hits} == {"procedure"}
    assert _names(by_tag) == ["nghi-phep.txt"]


def test_filter_by_modified_date(engine):
    recent = SearchFilters(modified_from=date(2021, 1, 1))
    old = SearchFilters(modified_to=date(2020, 12, 31))
    assert "vpn.txt" not in _names(engine.search("VPN", access_level=3, filters=recent))
    assert _names(engine.search("VPN", access_level=3, filters=old)) == ["vpn.txt"]


def test_filter_value_with_sql_is_only_a_name(engine):
    filters = SearchFilters(departments=("Kế toán' OR 1=1 --",))
    assert engine.search("nghỉ phép", access_level=3, filters=filters).hits == []


def test_tag_filter_value_with_sql_is_only_a_name(engine):
    filters = SearchFilters(tags=("x'] ) OR (1=1 --",))
    assert engine.search("nghỉ phép", access_level=3, filters=filters).hits == []


def test_snippet_highlights_query_words(engine):
    hits = engine.search("nghi phep nam", access_level=0, mode="fts").hits
    hit = next(h for h in hits if h.path.endswith("/nghi-phep.txt"))
    marked = hit.snippet.marked("[", "]")
    assert "[nghỉ] [phép] [năm]" in marked


def test_empty_query_returns_nothing(engine):
    assert engine.search("   ", access_level=3).hits == []


def test_search_rejects_invalid_mode_and_top_k(engine):
    with pytest.raises(ConfigError, match="Invalid search mode"):
        engine.search("x", access_level=0, mode="magic")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="Invalid result count"):
        engine.search("x", access_level=0, top_k=0)
