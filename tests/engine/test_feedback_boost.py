"""Feedback signal in search: similar queries, the cap, and the access-level rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.corpus_builders import write_corpus
from vnsearch.accounts import APP_DB_NAME, User, UserStore
from vnsearch.engine import Engine
from vnsearch.errors import ConfigError
from vnsearch.feedback import Feedback, FeedbackStore
from vnsearch.search.feedback_boost import (
    FeedbackBooster,
    apply_signals,
    document_signals,
    eligible_feedback,
    same_query_key,
    score_spread,
)
from vnsearch.search.searcher import SearchResponse

PASSWORD = "mật khẩu 123"
DOCS = {
    "nghi-phep-nam.txt": (
        0,
        "Nhân sự",
        "policy",
        [],
        "Quy định nghỉ phép năm\n\nNgười lao động làm đủ 12 tháng được nghỉ phép năm 12 ngày "
        "làm việc, hưởng nguyên lương.",
    ),
    "nghi-om.txt": (
        0,
        "Nhân sự",
        "policy",
        [],
        "Chế độ nghỉ ốm\n\nNgười lao động nghỉ ốm có giấy của cơ sở y tế được hưởng trợ cấp "
        "bảo hiểm xã hội 75% tiền lương.",
    ),
    "nghi-thai-san.txt": (
        0,
        "Nhân sự",
        "policy",
        [],
        "Chế độ nghỉ thai sản\n\nLao động nữ sinh con được nghỉ thai sản 6 tháng và nhận trợ "
        "cấp từ bảo hiểm xã hội.",
    ),
    "cong-tac-phi.txt": (
        0,
        "Tài chính",
        "policy",
        [],
        "Định mức công tác phí\n\nNhân viên đi công tác được thanh toán vé máy bay hạng phổ "
        "thông và phụ cấp lưu trú 300.000 đồng mỗi ngày.",
    ),
    "quy-luong.txt": (
        2,
        "Tài chính",
        "report",
        [],
        "Báo cáo quỹ lương\n\nTổng quỹ lương quý III là 18,4 tỷ đồng, thưởng nghỉ phép chưa "
        "dùng được chi trả vào tháng 12.",
    ),
    "vpn.txt": (
        1,
        "CNTT",
        "technical_guide",
        [],
        "Hướng dẫn cài đặt VPN\n\nTải phần mềm WireGuard, nhập tệp cấu hình và bật xác thực "
        "hai lớp.",
    ),
}
# Two phrasings of one question (cosine 0.985 with multilingual-e5-small); a third
# query about annual leave in particular.
BROAD = "chế độ nghỉ của người lao động"
BROAD_REPHRASED = "người lao động được nghỉ những chế độ nào"
ANNUAL = "nghỉ phép năm bao nhiêu ngày"


class Feedbacks:
    """An engine over :data:`DOCS` with users of every level and their feedback store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        db_path = engine.data_dir / APP_DB_NAME
        users = UserStore(db_path)
        self.admin = users.create_user("Quản trị", PASSWORD, 3, "admin")
        self.by_level = {
            level: users.create_user(f"Người dùng {level}", PASSWORD, level, "user")
            for level in range(4)
        }
        self.store = FeedbackStore(db_path)

    def judge(self, user: User, query: str, name: str, label: str = "relevant") -> Feedback:
        """Record ``user``'s judgement of the document ``name`` as found for ``query``."""
        hits = self.engine.search(query, access_level=user.access_level, top_k=50).hits
        hit = next(h for h in hits if Path(h.path).name == name)
        return self.store.record(
            query=query, hit=hit, label=label, user=user, model_id="multilingual-e5-small"
        )


@pytest.fixture
def feedbacks(engine_factory, tmp_path) -> Feedbacks:
    engine = engine_factory()
    engine.index([write_corpus(tmp_path / "docs", DOCS)])
    return Feedbacks(engine)


def _names(response: SearchResponse) -> list[str]:
    return [Path(hit.path).name for hit in response.hits]


def _scores(response: SearchResponse) -> dict[str, float]:
    return {Path(hit.path).name: hit.score for hit in response.hits}


def _spread(response: SearchResponse) -> float:
    return score_spread({hit.chunk_id: hit.score for hit in response.hits})


def test_feedback_lifts_confirmed_document_for_similar_query(feedbacks):
    engine = feedbacks.engine
    before = engine.search(BROAD_REPHRASED, access_level=1)
    assert _names(before)[0] != "nghi-phep-nam.txt"

    feedbacks.judge(feedbacks.by_level[1], BROAD, "nghi-phep-nam.txt")
    after = engine.search(BROAD_REPHRASED, access_level=1)

    assert after.stages == ["feedback"]
    assert _names(after)[0] == "nghi-phep-nam.txt"


def test_feedback_ignores_unrelated_query(feedbacks):
    engine = feedbacks.engine
    query = "cài đặt VPN WireGuard"
    before = engine.search(query, access_level=1)

    feedbacks.judge(feedbacks.by_level[1], BROAD, "nghi-phep-nam.txt")
    after = engine.search(query, access_level=1)

    assert _scores(after) == pytest.approx(_scores(before))


def test_feedback_exact_query_counts_in_fts_mode(feedbacks):
    engine = feedbacks.engine
    before = engine.search(ANNUAL, access_level=1, mode="fts")

    feedbacks.judge(feedbacks.by_level[1], ANNUAL, "cong-tac-phi.txt")
    after = engine.search("  NGHỈ PHÉP năm bao nhiêu ngày ", access_level=1, mode="fts")

    assert _scores(after)["cong-tac-phi.txt"] > _scores(before).get("cong-tac-phi.txt", -99)


def test_rejection_lowers_but_keeps_document(feedbacks):
    engine = feedbacks.engine
    before = engine.search(ANNUAL, access_level=1)
    cap_amount = engine.settings.feedback_cap * _spread(before)

    feedbacks.judge(feedbacks.by_level[1], ANNUAL, "nghi-phep-nam.txt", "not_relevant")
    after = engine.search(ANNUAL, access_level=1)

    assert "nghi-phep-nam.txt" in _names(after)
    lowered = _scores(before)["nghi-phep-nam.txt"] - _scores(after)["nghi-phep-nam.txt"]
    assert lowered == pytest.approx(cap_amount, rel=1e-6)
    assert len(after.hits) == len(before.hits)


def test_confirmation_cannot_lift_weak_document_beyond_cap(feedbacks):
    engine = feedbacks.engine
    before = engine.search(ANNUAL, access_level=1)
    cap_amount = engine.settings.feedback_cap * _spread(before)
    strong, weak = _scores(before)["nghi-phep-nam.txt"], _scores(before)["cong-tac-phi.txt"]
    assert strong - weak > cap_amount  # the premise: the gap is wider than the cap

    for user in (feedbacks.by_level[1], feedbacks.by_level[2], feedbacks.admin):
        feedbacks.judge(user, ANNUAL, "cong-tac-phi.txt")
    after = engine.search(ANNUAL, access_level=1)

    assert _names(after)[0] == "nghi-phep-nam.txt"
    assert _scores(after)["cong-tac-phi.txt"] - weak == pytest.approx(cap_amount, rel=1e-6)


def test_feedback_on_document_above_level_is_invisible(feedbacks):
    engine = feedbacks.engine
    level_one_before = engine.search(ANNUAL, access_level=1)
    level_three_before = engine.search(ANNUAL, access_level=3)

    feedbacks.judge(feedbacks.admin, ANNUAL, "quy-luong.txt")
    feedbacks.judge(feedbacks.by_level[2], BROAD, "quy-luong.txt")
    level_one = engine.search(ANNUAL, access_level=1)
    level_three = engine.search(ANNUAL, access_level=3)

    assert _names(level_one) == _names(level_one_before)
    assert _scores(level_one) == pytest.approx(_scores(level_one_before))
    assert "quy-luong.txt" not in _names(level_one)
    raised = _scores(level_three)["quy-luong.txt"] - _scores(level_three_before)["quy-luong.txt"]
    assert raised > 0


def test_feedback_from_lower_level_user_is_ignored(feedbacks):
    engine = feedbacks.engine
    level_one_before = engine.search(ANNUAL, access_level=1)
    level_zero_before = engine.search(ANNUAL, access_level=0)

    feedbacks.judge(feedbacks.by_level[0], ANNUAL, "cong-tac-phi.txt")
    level_one = engine.search(ANNUAL, access_level=1)
    level_zero = engine.search(ANNUAL, access_level=0)

    assert _scores(level_one) == pytest.approx(_scores(level_one_before))
    name = "cong-tac-phi.txt"
    assert _scores(level_zero)[name] > _scores(level_zero_before)[name]


def test_search_rejects_level_above_user(feedbacks):
    with pytest.raises(ConfigError, match="Invalid access level 3"):
        feedbacks.engine.search(ANNUAL, access_level=3, user=feedbacks.by_level[1])


def _feedback(doc_id: str, doc_level: int, user_id: int) -> Feedback:
    return Feedback(
        feedback_id=1,
        query="q",
        label="relevant",
        chunk_id=f"{doc_id}-0",
        chunk_text="",
        doc_id=doc_id,
        doc_path="",
        doc_title="",
        doc_level=doc_level,
        department="",
        doc_type="other",
        score=None,
        model_id="m",
        user_id=user_id,
        user_name="",
        created_at="",
    )


def test_eligible_feedback_applies_both_level_rules():
    rows = [
        _feedback("same", 1, user_id=1),
        _feedback("doc-above", 2, user_id=2),
        _feedback("author-below", 0, user_id=3),
        _feedback("deleted-author", 0, user_id=99),
        _feedback("author-above", 0, user_id=2),
    ]
    author_levels = {1: 1, 2: 3, 3: 0}

    kept = eligible_feedback(rows, author_levels, access_level=1)

    assert [row.doc_id for row in kept] == ["same", "author-above"]


def test_document_signals_clip_vote_sums():
    votes = [("a", 1), ("a", 1), ("a", 1), ("b", -1), ("c", 1), ("c", -1)]

    assert document_signals(votes) == {"a": 1.0, "b": -1.0, "c": 0.0}


def test_apply_signals_moves_every_chunk_of_document():
    rows = {"a1": {"doc_id": "a"}, "a2": {"doc_id": "a"}, "b1": {"doc_id": "b"}}
    scores = {"a1": 1.0, "a2": 0.0, "b1": -1.0}
    spread = score_spread(scores)

    moved = apply_signals(scores, rows, {"a": -1.0}, cap=0.5)

    assert moved == pytest.approx({"a1": 1.0 - 0.5 * spread, "a2": -0.5 * spread, "b1": -1.0})


def test_same_query_key_folds_case_and_spaces():
    assert same_query_key("  Nghỉ   PHÉP năm ") == same_query_key("nghỉ phép năm")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"cap": -0.1}, "Invalid feedback cap -0.1"), ({"threshold": 1.5}, "threshold 1.5")],
)
def test_booster_rejects_invalid_arguments(tmp_path, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        FeedbackBooster(tmp_path / APP_DB_NAME, **kwargs)
