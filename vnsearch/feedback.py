"""Relevance feedback: users mark search hits as relevant or not, for fine-tuning later.

Judgements live in ``<data dir>/app.db`` next to the user profiles of
:mod:`vnsearch.accounts`. Each row stores the chunk text and the document's access
level at judgement time, so a judgement survives re-chunking and model changes, and
every read or export filters by level like a search does.
"""

from __future__ import annotations

import builtins
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from vnsearch.accounts import (
    User,
    UserStore,
    check_db_path,
    init_app_db,
    read_rows,
    utc_now,
    write_transaction,
)
from vnsearch.errors import ConfigError
from vnsearch.search.searcher import SearchHit
from vnsearch.store.filters import check_access_level
from vnsearch.textutil import collapse_spaces, nfc

logger = logging.getLogger("vnsearch.feedback")

Label = Literal["relevant", "not_relevant"]
LABELS: tuple[Label, ...] = get_args(Label)

# The searcher cuts queries at this length too, so a stored query is the text searched.
MAX_QUERY_CHARS = 1000

# NOTE: user_id has no foreign key to users on purpose. Deleting a user keeps their
# judgements for training, and AUTOINCREMENT ids are never reused, so an old user_id
# can never match a new user.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    feedback_id INTEGER PRIMARY KEY AUTOINCREMENT,
    query TEXT NOT NULL,
    label TEXT NOT NULL CHECK (label IN ('relevant', 'not_relevant')),
    chunk_id TEXT NOT NULL,
    chunk_text TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    doc_path TEXT NOT NULL,
    doc_title TEXT NOT NULL,
    doc_level INTEGER NOT NULL CHECK (doc_level BETWEEN 0 AND 3),
    department TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    score REAL,
    model_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    user_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, query, chunk_id)
);
CREATE INDEX IF NOT EXISTS feedback_by_level ON feedback (doc_level, created_at);
CREATE INDEX IF NOT EXISTS feedback_by_query ON feedback (query);
"""
_NEWEST_FIRST = "ORDER BY created_at DESC, feedback_id DESC"

# Vietnamese question words and phrases, as syllable sequences. "có ... không" is
# handled separately because words may sit between the two syllables.
_QUESTION_PHRASES: tuple[tuple[str, ...], ...] = (
    ("gì",),
    ("nào",),
    ("ai",),
    ("bao", "nhiêu"),
    ("bao", "lâu"),
    ("như", "thế", "nào"),
    ("thế", "nào"),
    ("ở", "đâu"),
    ("khi", "nào"),
    ("tại", "sao"),
)
_SYLLABLE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Feedback:
    """One user's judgement of one hit for one query.

    Attributes:
        query: NFC with runs of spaces collapsed.
        chunk_text: the judged text, kept so the judgement survives re-chunking.
        doc_level: the document's access level when it was judged.
        score: the hit's search score when it was judged, or None if unknown.
        user_name: the author's name when the judgement was recorded.
        created_at: ISO 8601 UTC time of the latest judgement.
    """

    feedback_id: int
    query: str
    label: Label
    chunk_id: str
    chunk_text: str
    doc_id: str
    doc_path: str
    doc_title: str
    doc_level: int
    department: str
    doc_type: str
    score: float | None
    model_id: str
    user_id: int
    user_name: str
    created_at: str


def normalize_query(query: object) -> str:
    """Return ``query`` in NFC with spaces collapsed, or raise ConfigError when it is empty."""
    if not isinstance(query, str):
        raise ConfigError(f"Invalid query {query!r}: expected text.")
    clean = collapse_spaces(nfc(query))[:MAX_QUERY_CHARS]
    if not clean:
        raise ConfigError("Invalid query: it is empty.")
    return clean


def check_label(label: object) -> Label:
    """Return ``label`` if it is a known label, else raise ConfigError naming the valid ones."""
    for known in LABELS:
        if label == known and isinstance(label, str):
            return known
    raise ConfigError(f"Invalid feedback label {label!r}; use one of: {', '.join(LABELS)}.")


def query_type(query: str) -> Literal["question", "keyword"]:
    """Classify a query as a question or as keywords.

    A question ends with "?" or contains a Vietnamese question word (gì, nào, ai,
    bao nhiêu, bao lâu, thế nào, ở đâu, khi nào, tại sao) or "có" followed later by
    "không". Upper-case "AI" counts as the acronym, not as the question word "ai".
    NOTE: queries typed without diacritics ("bao nhieu") count as keywords.
    """
    text = nfc(query).strip()
    if text.endswith("?"):
        return "question"
    original = _SYLLABLE.findall(text)
    syllables = [s.lower() for s in original]
    for start, syllable in enumerate(syllables):
        if syllable == "ai" and original[start] == "AI":
            continue
        for phrase in _QUESTION_PHRASES:
            if tuple(syllables[start : start + len(phrase)]) == phrase:
                return "question"
    if "có" in syllables and "không" in syllables[syllables.index("có") + 1 :]:
        return "question"
    return "keyword"


def _feedback_from_row(row: sqlite3.Row) -> Feedback:
    return Feedback(
        feedback_id=row["feedback_id"],
        query=row["query"],
        label=check_label(row["label"]),
        chunk_id=row["chunk_id"],
        chunk_text=row["chunk_text"],
        doc_id=row["doc_id"],
        doc_path=row["doc_path"],
        doc_title=row["doc_title"],
        doc_level=row["doc_level"],
        department=row["department"],
        doc_type=row["doc_type"],
        score=row["score"],
        model_id=row["model_id"],
        user_id=row["user_id"],
        user_name=row["user_name"],
        created_at=row["created_at"],
    )


def _check_user(user: object) -> User:
    if not isinstance(user, User):
        raise ConfigError(f"Invalid user {user!r}: expected a logged-in User.")
    return user


def _current_user_row(conn: sqlite3.Connection, user: User) -> sqlite3.Row:
    """Return the user's stored row, so that a level or role changed since login applies."""
    row = conn.execute(
        "SELECT name, access_level, role FROM users WHERE user_id = ?", (user.user_id,)
    ).fetchone()
    if row is None:
        raise ConfigError(f"User id {user.user_id} ({user.name!r}) not found; log in again.")
    return row


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write ``records`` as UTF-8 JSON lines to ``path`` atomically and return the line count.

    The lines go to a temporary file in the same folder that then replaces ``path``,
    so a reader never sees a half-written export.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return count


class FeedbackStore:
    """Record, undo, list and export relevance judgements in one SQLite file.

    Args:
        db_path: the SQLite file, normally ``<data dir>/app.db``. The file, its folder
            and its ``users`` table are created if missing, because writes check the
            author against that table.

    Every read takes a maximum access level and returns only judgements of documents
    at or below it, like a search.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = check_db_path(db_path)
        UserStore(self.db_path)  # creates the users table that writes check against
        init_app_db(self.db_path, _SCHEMA)

    def record(
        self, *, query: str, hit: SearchHit, label: Label, user: User, model_id: str
    ) -> Feedback:
        """Store ``user``'s judgement of ``hit`` for ``query`` and return it.

        A user has one judgement per normalized query and chunk, so judging the same
        hit again replaces the label, score, text and time.

        Raises:
            ConfigError: a value is invalid, the user no longer exists, or the hit's
                access level is above the user's current level.
        """
        clean_query = normalize_query(query)
        checked_label = check_label(label)
        author = _check_user(user)
        if not isinstance(hit, SearchHit):
            raise ConfigError(f"Invalid hit {hit!r}: expected a SearchHit.")
        doc_level = check_access_level(hit.access_level)
        if not isinstance(model_id, str) or not model_id:
            raise ConfigError(f"Invalid model id {model_id!r}: expected a model name.")
        score = float(hit.score) if math.isfinite(hit.score) else None

        with write_transaction(self.db_path) as conn:
            current = _current_user_row(conn, author)
            if doc_level > current["access_level"]:
                raise ConfigError(
                    f"Cannot record feedback on chunk {hit.chunk_id!r}: its access level "
                    f"{doc_level} is above {current['name']!r}'s level {current['access_level']}."
                )
            rows = conn.execute(
                "INSERT INTO feedback (query, label, chunk_id, chunk_text, doc_id, doc_path,"
                " doc_title, doc_level, department, doc_type, score, model_id, user_id,"
                " user_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (user_id, query, chunk_id) DO UPDATE SET"
                " label = excluded.label, chunk_text = excluded.chunk_text,"
                " doc_id = excluded.doc_id, doc_path = excluded.doc_path,"
                " doc_title = excluded.doc_title, doc_level = excluded.doc_level,"
                " department = excluded.department, doc_type = excluded.doc_type,"
                " score = excluded.score, model_id = excluded.model_id,"
                " user_name = excluded.user_name, created_at = excluded.created_at"
                " RETURNING *",
                (
                    clean_query,
                    checked_label,
                    hit.chunk_id,
                    hit.text,
                    hit.doc_id,
                    hit.path,
                    hit.title,
                    doc_level,
                    hit.department,
                    hit.doc_type,
                    score,
                    model_id,
                    author.user_id,
                    current["name"],
                    utc_now(),
                ),
            ).fetchall()

        feedback = _feedback_from_row(rows[0])
        logger.info(
            "User %d marked chunk %s as %s (feedback %d)",
            author.user_id,
            feedback.chunk_id,
            feedback.label,
            feedback.feedback_id,
        )
        return feedback

    def undo(self, feedback_id: int, user: User) -> None:
        """Delete one judgement, which only its author or an admin may do.

        An admin cannot see judgements above their own level, so such a judgement is
        reported as not found rather than revealing that it exists.

        Raises:
            ConfigError: the judgement does not exist, or ``user`` is neither its author
                nor an admin.
        """
        actor = _check_user(user)
        if isinstance(feedback_id, bool) or not isinstance(feedback_id, int):
            raise ConfigError(f"Invalid feedback id {feedback_id!r}: expected an integer.")

        with write_transaction(self.db_path) as conn:
            current = _current_user_row(conn, actor)
            row = conn.execute(
                "SELECT user_id, doc_level FROM feedback WHERE feedback_id = ?", (feedback_id,)
            ).fetchone()
            is_author = row is not None and row["user_id"] == actor.user_id
            if row is None or (not is_author and row["doc_level"] > current["access_level"]):
                raise ConfigError(f"Feedback {feedback_id} not found.")
            if not is_author and current["role"] != "admin":
                raise ConfigError(
                    f"Cannot undo feedback {feedback_id}: only its author or an admin may."
                )
            conn.execute("DELETE FROM feedback WHERE feedback_id = ?", (feedback_id,))

        logger.info("User %d removed feedback %d", actor.user_id, feedback_id)

    def labels_for(self, query: str, user: User) -> dict[str, tuple[int, Label]]:
        """Return ``user``'s judgements for ``query`` as chunk_id -> (feedback_id, label)."""
        clean_query = normalize_query(query)
        author = _check_user(user)
        rows = read_rows(
            self.db_path,
            "SELECT chunk_id, feedback_id, label FROM feedback"
            " WHERE user_id = ? AND query = ? AND doc_level <= ?",
            (author.user_id, clean_query, check_access_level(author.access_level)),
        )
        return {row["chunk_id"]: (row["feedback_id"], check_label(row["label"])) for row in rows}

    def list(self, max_level: int, label: Label | None = None) -> builtins.list[Feedback]:
        """Return judgements of documents at or below ``max_level``, newest first."""
        level = check_access_level(max_level)
        if label is None:
            rows = read_rows(
                self.db_path,
                f"SELECT * FROM feedback WHERE doc_level <= ? {_NEWEST_FIRST}",
                (level,),
            )
        else:
            rows = read_rows(
                self.db_path,
                f"SELECT * FROM feedback WHERE doc_level <= ? AND label = ? {_NEWEST_FIRST}",
                (level, check_label(label)),
            )
        return [_feedback_from_row(row) for row in rows]

    def count(self, max_level: int) -> dict[str, int]:
        """Return the number of judgements per label for documents at or below ``max_level``."""
        level = check_access_level(max_level)
        rows = read_rows(
            self.db_path,
            "SELECT label, COUNT(*) AS n FROM feedback WHERE doc_level <= ? GROUP BY label",
            (level,),
        )
        counts: dict[str, int] = dict.fromkeys(LABELS, 0)
        for row in rows:
            counts[row["label"]] = row["n"]
        return counts

    def export_positive_pairs(self, path: Path, max_level: int) -> int:
        """Write one JSON line per distinct relevant (query, chunk text) pair and return the count.

        Each line has the keys ``query``, ``positive`` (the chunk text), ``query_type``
        ("question" or "keyword", see :func:`query_type`) and ``domain`` (the document's
        department, or its type when the department is empty).
        """
        level = check_access_level(max_level)
        rows = self._rows_oldest_first(level, "relevant")

        seen: set[tuple[str, str]] = set()
        records: builtins.list[dict[str, Any]] = []
        for row in rows:
            key = (row["query"], row["chunk_text"])
            if key in seen:
                continue
            seen.add(key)
            records.append(
                {
                    "query": row["query"],
                    "positive": row["chunk_text"],
                    "query_type": query_type(row["query"]),
                    "domain": row["department"] or row["doc_type"],
                }
            )

        written = write_jsonl(path, records)
        logger.info("Exported %d positive pairs at level <= %d to %s", written, level, path)
        return written

    def export_hard_negatives(self, path: Path, max_level: int) -> int:
        """Write (query, positive, hard negative) triplets as JSON lines and return the count.

        For each query with both labels, every distinct relevant chunk text is paired
        with every distinct not-relevant chunk text. Both chunks must be at or below
        ``max_level``. A text that anyone marked relevant for the query is never used
        as its negative. ``negative_score`` is the negative's score from its most
        recent judgement, or null when unknown.
        """
        level = check_access_level(max_level)

        # Per query: positive texts in order, and negative text -> latest score.
        positives: dict[str, dict[str, None]] = {}
        negatives: dict[str, dict[str, float | None]] = {}
        for row in self._rows_oldest_first(level, None):
            if row["label"] == "relevant":
                positives.setdefault(row["query"], {})[row["chunk_text"]] = None
            else:
                negatives.setdefault(row["query"], {})[row["chunk_text"]] = row["score"]

        records: builtins.list[dict[str, Any]] = []
        for query, positive_texts in positives.items():
            for negative, score in negatives.get(query, {}).items():
                if negative in positive_texts:
                    continue
                for positive in positive_texts:
                    records.append(
                        {
                            "query": query,
                            "positive": positive,
                            "hard_negative": negative,
                            "negative_score": score,
                        }
                    )

        written = write_jsonl(path, records)
        logger.info("Exported %d hard-negative triplets at level <= %d to %s", written, level, path)
        return written

    def _rows_oldest_first(self, level: int, label: Label | None) -> builtins.list[sqlite3.Row]:
        if label is None:
            return read_rows(
                self.db_path,
                "SELECT * FROM feedback WHERE doc_level <= ? ORDER BY created_at, feedback_id",
                (level,),
            )
        return read_rows(
            self.db_path,
            "SELECT * FROM feedback WHERE doc_level <= ? AND label = ?"
            " ORDER BY created_at, feedback_id",
            (level, label),
        )
