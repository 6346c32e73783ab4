"""SQL prefilters: values are validated and quoted, never spliced."""

from __future__ import annotations

from datetime import date

import pytest

from vnsearch.errors import ConfigError
from vnsearch.store.filters import SearchFilters, build_where, sql_string


def test_sql_string_doubles_quotes():
    assert sql_string("Kế toán' OR 1=1 --") == "'Kế toán'' OR 1=1 --'"


def test_build_where_starts_with_level():
    assert build_where(1) == "(access_level <= 1)"


@pytest.mark.parametrize("level", [-1, 4, "1", 1.0, True, None])
def test_build_where_rejects_invalid_level(level):
    with pytest.raises(ConfigError, match="Invalid access level"):
        build_where(level)  # type: ignore[arg-type]


def test_filters_render_every_field():
    filters = SearchFilters(
        departments=("Nhân sự",),
        doc_types=("policy", "report"),
        tags=("nghỉ phép",),
        modified_from=date(2024, 1, 1),
        modified_to=date(2024, 12, 31),
    )

    where = build_where(2, filters)

    assert "(access_level <= 2)" in where
    assert "(department IN ('Nhân sự'))" in where
    assert "(doc_type IN ('policy', 'report'))" in where
    assert "(array_has_all(tags, ['nghỉ phép']))" in where
    assert "modified >= " in where and "modified <= " in where


def test_filters_reject_unknown_doc_type():
    with pytest.raises(ConfigError, match="Invalid document type 'memo'"):
        SearchFilters(doc_types=("memo",)).clauses()


def test_filters_reject_nul_character():
    with pytest.raises(ConfigError, match="NUL"):
        SearchFilters(departments=("a\x00b",)).clauses()
