"""Build LanceDB ``where`` clauses from typed, validated filter values.

LanceDB takes filters as SQL text, so every value is validated and quoted here and
nowhere else: a department called ``Kế toán' OR 1=1 --`` stays one string literal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from vnsearch.errors import ConfigError
from vnsearch.store.schema import ACCESS_LEVELS, DOC_TYPES


def sql_string(value: str) -> str:
    """Quote ``value`` as a SQL string literal (single quotes doubled)."""
    if not isinstance(value, str):
        raise ConfigError(f"Invalid filter value {value!r}: expected text.")
    if "\x00" in value:
        raise ConfigError(f"Invalid filter value {value!r}: it contains a NUL character.")
    return "'" + value.replace("'", "''") + "'"


def sql_string_list(values: Iterable[str]) -> str:
    """Quote values as a SQL array literal ``['a', 'b']``."""
    return "[" + ", ".join(sql_string(v) for v in values) + "]"


def check_access_level(level: object) -> int:
    """Return ``level`` as an int in 0..3 or raise a ConfigError naming the valid levels."""
    if isinstance(level, bool) or not isinstance(level, int) or level not in ACCESS_LEVELS:
        raise ConfigError(
            f"Invalid access level {level!r}; use 0 (public), 1 (internal), "
            "2 (confidential) or 3 (restricted)."
        )
    return level


def check_doc_type(doc_type: str) -> str:
    """Return ``doc_type`` if it is a known document type, else raise ConfigError."""
    if doc_type not in DOC_TYPES:
        raise ConfigError(
            f"Invalid document type {doc_type!r}; use one of: {', '.join(DOC_TYPES)}."
        )
    return doc_type


def _epoch(value: date | datetime, end_of_day: bool) -> int:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.astimezone()
    else:
        moment = datetime.combine(value, time.max if end_of_day else time.min).astimezone()
    return int(moment.astimezone(UTC).timestamp())


@dataclass(frozen=True)
class SearchFilters:
    """Optional narrowing of a search; every field combines with AND.

    Attributes:
        departments: keep documents of any of these departments.
        doc_types: keep documents of any of these types.
        tags: keep documents that carry all of these tags.
        modified_from, modified_to: keep files modified in this range (dates inclusive).
    """

    departments: Sequence[str] = field(default_factory=tuple)
    doc_types: Sequence[str] = field(default_factory=tuple)
    tags: Sequence[str] = field(default_factory=tuple)
    modified_from: date | datetime | None = None
    modified_to: date | datetime | None = None

    def clauses(self) -> list[str]:
        """Return SQL conditions for the chunk and document tables."""
        out: list[str] = []
        if self.departments:
            out.append(f"department IN ({', '.join(sql_string(d) for d in self.departments)})")
        if self.doc_types:
            types = [check_doc_type(t) for t in self.doc_types]
            out.append(f"doc_type IN ({', '.join(sql_string(t) for t in types)})")
        if self.tags:
            out.append(f"array_has_all(tags, {sql_string_list(self.tags)})")
        if self.modified_from is not None:
            out.append(f"modified >= {_epoch(self.modified_from, end_of_day=False)}")
        if self.modified_to is not None:
            out.append(f"modified <= {_epoch(self.modified_to, end_of_day=True)}")
        return out


def build_where(access_level: int, filters: SearchFilters | None = None) -> str:
    """Return the full prefilter: the access level first, then the optional filters."""
    level = check_access_level(access_level)
    clauses = [f"access_level <= {level}"]
    if filters is not None:
        clauses.extend(filters.clauses())
    return " AND ".join(f"({c})" for c in clauses)
