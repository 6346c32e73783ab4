"""Relevance feedback on a real SQLite file: record, undo, level rules and exports."""

from __future__ import annotations

import json
import threading
import unicodedata
from pathlib import Path

import pytest

from vnsearch.accounts import User, UserStore
from vnsearch.errors import ConfigError
from vnsearch.feedback import FeedbackStore, query_type
from vnsearch.search.searcher import SearchHit
from vnsearch.search.snippets import Snippet

PASSWORD = "mật khẩu 123"
MODEL = "multilingual-e5-small"
QUERY = "nghỉ phép năm bao nhiêu ngày"


def make_hit(
    chunk_id: str,
    *,
    level: int = 0,
    text: str | None = None,
    score: float = 0.5,
    department: str = "Nhân sự",
    doc_type: str = "policy",
) -> SearchHit:
    body = text if text is not None else f"Nội dung của đoạn {chunk_id}."
    return SearchHit(
        doc_id=f"doc-{chunk_id}",
        path=f"/tai-lieu/{chunk_id}.docx",
        title=f"Tài liệu {chunk_id}",
        doc_type=doc_type,
        department=department,
        access_level=level,
        tags=(),
        modified=1_700_000_000,
        chunk_id=chunk_id,
        text=body,
        heading="",
        page_start=None,
        page_end=None,
        score=score,
        snippet=Snippet(body[:40], ()),
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "app.db"


@pytest.fixture
def users(db_path: Path) -> UserStore:
    return UserStore(db_path)


@pytest.fixture
def admin(users: UserStore) -> User:
    return users.create_user("Quản trị", PASSWORD, 3, "admin")


@pytest.fixture
def staff(users: UserStore, admin: User) -> User:
    return users.create_user("Lan", PASSWORD, 1, "user")


@pytest.fixture
def store(db_path: Path) -> FeedbackStore:
    return FeedbackStore(db_path)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_record_stores_hit_fields(store, staff):
    hit = make_hit("c1", level=1, score=0.75)

    feedback = store.record(query=QUERY, hit=hit, label="relevant", user=staff, model_id=MODEL)

    assert feedback.query == QUERY
    assert feedback.label == "relevant"
    assert feedback.chunk_id == "c1"
    assert feedback.chunk_text == hit.text
    assert feedback.doc_id == "doc-c1"
    assert feedback.doc_path == hit.path
    assert feedback.doc_title == hit.title
    assert feedback.doc_level == 1
    assert feedback.department == "Nhân sự"
    assert feedback.doc_type == "policy"
    assert feedback.score == 0.75
    assert feedback.model_id == MODEL
    assert feedback.user_id == staff.user_id
    assert feedback.user_name == "Lan"
    assert feedback.created_at.endswith("+00:00")
    assert store.list(3) == [feedback]


def test_record_normalizes_query(store, staff):
    raw = unicodedata.normalize("NFD", "  nghỉ   phép\tnăm ")

    feedback = store.record(
        query=raw, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL
    )

    assert feedback.query == "nghỉ phép năm"
    assert store.labels_for("nghỉ phép năm", staff) == {"c1": (feedback.feedback_id, "relevant")}


def test_record_again_replaces_label(store, staff):
    first = store.record(
        query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL
    )

    second = store.record(
        query=QUERY + " ", hit=make_hit("c1"), label="not_relevant", user=staff, model_id=MODEL
    )

    assert second.feedback_id == first.feedback_id
    assert second.label == "not_relevant"
    assert store.list(3) == [second]
    assert store.count(3) == {"relevant": 0, "not_relevant": 1}


def test_record_by_two_users_keeps_both(store, staff, admin):
    store.record(query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL)
    store.record(query=QUERY, hit=make_hit("c1"), label="relevant", user=admin, model_id=MODEL)

    assert store.count(3) == {"relevant": 2, "not_relevant": 0}


def test_record_rejects_hit_above_user_level(store, staff):
    with pytest.raises(ConfigError, match="access level 2 is above"):
        store.record(
            query=QUERY, hit=make_hit("c1", level=2), label="relevant", user=staff, model_id=MODEL
        )

    assert store.count(3) == {"relevant": 0, "not_relevant": 0}


def test_record_uses_current_level_not_login_level(store, users, staff):
    users.update_user(staff.user_id, access_level=0)

    with pytest.raises(ConfigError, match="above 'Lan'"):
        store.record(
            query=QUERY, hit=make_hit("c1", level=1), label="relevant", user=staff, model_id=MODEL
        )


def test_record_rejects_deleted_user(store, users, staff):
    users.delete_user(staff.user_id)

    with pytest.raises(ConfigError, match="not found"):
        store.record(query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL)


@pytest.mark.parametrize(
    ("query", "label", "model_id", "message"),
    [
        ("   ", "relevant", MODEL, "query: it is empty"),
        (None, "relevant", MODEL, "Invalid query"),
        (QUERY, "maybe", MODEL, "Invalid feedback label"),
        (QUERY, "relevant", "", "Invalid model id"),
    ],
)
def test_record_rejects_invalid_values(store, staff, query, label, model_id, message):
    with pytest.raises(ConfigError, match=message):
        store.record(query=query, hit=make_hit("c1"), label=label, user=staff, model_id=model_id)


def test_undo_by_author(store, staff):
    feedback = store.record(
        query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL
    )

    store.undo(feedback.feedback_id, staff)

    assert store.list(3) == []
    assert store.labels_for(QUERY, staff) == {}


def test_undo_by_admin(store, staff, admin):
    feedback = store.record(
        query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL
    )

    store.undo(feedback.feedback_id, admin)

    assert store.list(3) == []


def test_undo_by_other_user_rejected(store, users, staff):
    other = users.create_user("Minh", PASSWORD, 1, "user")
    feedback = store.record(
        query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL
    )

    with pytest.raises(ConfigError, match="only its author or an admin"):
        store.undo(feedback.feedback_id, other)

    assert store.list(3) == [feedback]


def test_undo_above_admin_level_reports_not_found(store, users, admin):
    low_admin = users.create_user("Minh", PASSWORD, 1, "admin")
    feedback = store.record(
        query=QUERY, hit=make_hit("c1", level=3), label="relevant", user=admin, model_id=MODEL
    )

    with pytest.raises(ConfigError, match="not found"):
        store.undo(feedback.feedback_id, low_admin)

    assert store.count(3) == {"relevant": 1, "not_relevant": 0}


def test_undo_unknown_id_raises(store, staff):
    with pytest.raises(ConfigError, match="Feedback 999 not found"):
        store.undo(999, staff)


def test_labels_for_returns_only_own_judgements(store, staff, admin):
    mine = store.record(
        query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL
    )
    store.record(query=QUERY, hit=make_hit("c2"), label="relevant", user=admin, model_id=MODEL)
    store.record(
        query="giờ làm việc", hit=make_hit("c3"), label="relevant", user=staff, model_id=MODEL
    )

    assert store.labels_for(QUERY, staff) == {"c1": (mine.feedback_id, "relevant")}


def test_list_filters_by_label_newest_first(store, staff):
    first = store.record(
        query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL
    )
    store.record(query=QUERY, hit=make_hit("c2"), label="not_relevant", user=staff, model_id=MODEL)
    third = store.record(
        query=QUERY, hit=make_hit("c3"), label="relevant", user=staff, model_id=MODEL
    )

    assert store.list(3, "relevant") == [third, first]
    assert [f.chunk_id for f in store.list(3)] == ["c3", "c2", "c1"]


@pytest.mark.parametrize("level", [-1, 4, "1", None])
def test_list_rejects_invalid_level(store, level):
    with pytest.raises(ConfigError, match="Invalid access level"):
        store.list(level)
    with pytest.raises(ConfigError, match="Invalid access level"):
        store.count(level)


def record_mixed_levels(store: FeedbackStore, admin: User) -> None:
    """Judge one query's hits at levels 0..3: relevant at 1 and 2, not relevant at 0, 1 and 3."""
    judgements = [
        ("pos-1", 1, "relevant"),
        ("pos-2", 2, "relevant"),
        ("neg-0", 0, "not_relevant"),
        ("neg-1", 1, "not_relevant"),
        ("neg-3", 3, "not_relevant"),
    ]
    for chunk_id, level, label in judgements:
        hit = make_hit(chunk_id, level=level, text=f"văn bản {chunk_id}", score=0.25)
        store.record(query=QUERY, hit=hit, label=label, user=admin, model_id=MODEL)


def test_list_and_count_exclude_higher_levels(store, admin):
    record_mixed_levels(store, admin)

    listed = store.list(1)

    assert sorted(f.chunk_id for f in listed) == ["neg-0", "neg-1", "pos-1"]
    assert all(f.doc_level <= 1 for f in listed)
    assert store.count(1) == {"relevant": 1, "not_relevant": 2}
    assert store.count(3) == {"relevant": 2, "not_relevant": 3}


def test_export_positive_pairs_format(store, staff, admin, tmp_path):
    store.record(
        query=QUERY,
        hit=make_hit("c1", text="Nhân viên được nghỉ 12 ngày."),
        label="relevant",
        user=staff,
        model_id=MODEL,
    )
    store.record(
        query=QUERY,
        hit=make_hit("c1", text="Nhân viên được nghỉ 12 ngày."),
        label="relevant",
        user=admin,
        model_id=MODEL,
    )
    store.record(
        query="mẫu hợp đồng",
        hit=make_hit("c2", text="Mẫu hợp đồng lao động.", department="", doc_type="form"),
        label="relevant",
        user=staff,
        model_id=MODEL,
    )
    store.record(query=QUERY, hit=make_hit("c3"), label="not_relevant", user=staff, model_id=MODEL)
    out = tmp_path / "exports" / "pairs.jsonl"

    written = store.export_positive_pairs(out, 3)

    lines = read_jsonl(out)
    assert written == 2
    assert lines == [
        {
            "query": QUERY,
            "positive": "Nhân viên được nghỉ 12 ngày.",
            "query_type": "question",
            "domain": "Nhân sự",
        },
        {
            "query": "mẫu hợp đồng",
            "positive": "Mẫu hợp đồng lao động.",
            "query_type": "keyword",
            "domain": "form",
        },
    ]
    assert "Nhân viên được nghỉ" in out.read_text(encoding="utf-8")  # UTF-8, not ASCII escapes
    assert [p.name for p in out.parent.iterdir()] == ["pairs.jsonl"]


def test_export_positive_pairs_excludes_higher_levels(store, admin, tmp_path):
    record_mixed_levels(store, admin)
    out = tmp_path / "pairs.jsonl"

    written = store.export_positive_pairs(out, 1)

    assert written == 1
    assert [line["positive"] for line in read_jsonl(out)] == ["văn bản pos-1"]


def test_export_hard_negatives_format(store, admin, tmp_path):
    record_mixed_levels(store, admin)
    out = tmp_path / "negatives.jsonl"

    written = store.export_hard_negatives(out, 3)

    lines = read_jsonl(out)
    assert written == 6
    assert all(
        set(line) == {"query", "positive", "hard_negative", "negative_score"} for line in lines
    )
    assert {(line["positive"], line["hard_negative"]) for line in lines} == {
        (f"văn bản {p}", f"văn bản {n}")
        for p in ("pos-1", "pos-2")
        for n in ("neg-0", "neg-1", "neg-3")
    }
    assert all(line["query"] == QUERY for line in lines)
    assert all(line["negative_score"] == 0.25 for line in lines)


def test_export_hard_negatives_excludes_higher_levels(store, admin, tmp_path):
    record_mixed_levels(store, admin)
    out = tmp_path / "negatives.jsonl"

    written = store.export_hard_negatives(out, 1)

    pairs = {(line["positive"], line["hard_negative"]) for line in read_jsonl(out)}
    assert written == 2
    assert pairs == {("văn bản pos-1", "văn bản neg-0"), ("văn bản pos-1", "văn bản neg-1")}


def test_export_hard_negatives_skips_negative_above_level(store, staff, admin, tmp_path):
    store.record(
        query=QUERY, hit=make_hit("pos", level=1), label="relevant", user=admin, model_id=MODEL
    )
    store.record(
        query=QUERY, hit=make_hit("neg", level=3), label="not_relevant", user=admin, model_id=MODEL
    )
    out = tmp_path / "negatives.jsonl"

    assert store.export_hard_negatives(out, 1) == 0
    assert out.read_text(encoding="utf-8") == ""
    assert store.export_hard_negatives(out, 3) == 1


def test_export_hard_negatives_needs_both_labels(store, staff, tmp_path):
    store.record(query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL)
    store.record(
        query="giờ làm việc", hit=make_hit("c2"), label="not_relevant", user=staff, model_id=MODEL
    )

    assert store.export_hard_negatives(tmp_path / "negatives.jsonl", 3) == 0


def test_export_hard_negatives_skips_conflicting_chunk(store, staff, admin, tmp_path):
    store.record(query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL)
    store.record(query=QUERY, hit=make_hit("c1"), label="not_relevant", user=admin, model_id=MODEL)
    store.record(query=QUERY, hit=make_hit("c2"), label="not_relevant", user=admin, model_id=MODEL)
    out = tmp_path / "negatives.jsonl"

    written = store.export_hard_negatives(out, 3)

    assert written == 1
    assert read_jsonl(out)[0]["hard_negative"] == make_hit("c2").text


def test_export_replaces_existing_file(store, staff, tmp_path):
    out = tmp_path / "pairs.jsonl"
    out.write_text("old content\n", encoding="utf-8")
    store.record(query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL)

    store.export_positive_pairs(out, 3)

    assert len(read_jsonl(out)) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nghỉ phép năm bao nhiêu ngày", "question"),
        ("thủ tục nghỉ việc như thế nào", "question"),
        ("ai phê duyệt đơn nghỉ phép", "question"),
        ("công ty có hỗ trợ ăn trưa không", "question"),
        ("nộp hồ sơ ở đâu", "question"),
        ("lương tháng 13?", "question"),
        ("quy trình mua sắm", "keyword"),
        ("chính sách AI", "keyword"),
        ("không có", "keyword"),
        ("bao nhieu ngay phep", "keyword"),
    ],
)
def test_query_type_classifies(query, expected):
    assert query_type(query) == expected


def test_feedback_persists_after_reopening(store, staff, db_path):
    feedback = store.record(
        query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL
    )

    reopened = FeedbackStore(db_path)

    assert reopened.list(3) == [feedback]
    assert reopened.labels_for(QUERY, staff) == {"c1": (feedback.feedback_id, "relevant")}


def test_feedback_survives_author_deletion(store, users, staff, admin):
    feedback = store.record(
        query=QUERY, hit=make_hit("c1"), label="relevant", user=staff, model_id=MODEL
    )

    users.delete_user(staff.user_id)

    assert store.list(3) == [feedback]


def test_concurrent_records_from_four_threads(store, staff):
    errors: list[BaseException] = []
    per_thread = 25

    def record_many(thread_index: int) -> None:
        try:
            for i in range(per_thread):
                hit = make_hit(f"t{thread_index}-c{i}")
                store.record(query=QUERY, hit=hit, label="relevant", user=staff, model_id=MODEL)
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=record_many, args=(index,), name=f"test-writer-{index}")
        for index in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert not any(thread.is_alive() for thread in threads)
    assert store.count(3) == {"relevant": 4 * per_thread, "not_relevant": 0}
    assert len({f.feedback_id for f in store.list(3)}) == 4 * per_thread
