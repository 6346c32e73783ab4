"""Fine-tuning data: import formats, feedback pairs, split by query and validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnsearch.accounts import UserStore
from vnsearch.errors import ConfigError
from vnsearch.feedback import FeedbackStore
from vnsearch.finetune.corpus import IndexChunk, IndexCorpus
from vnsearch.finetune.data import (
    TrainingData,
    TrainingPair,
    count_duplicates,
    load_beir_pairs,
    load_eval_pairs,
    load_hard_negatives,
    load_positive_pairs,
    merge_pairs,
    pairs_from_feedback,
    split_by_query,
)
from vnsearch.finetune.devices import DeviceInfo, TrainingOptions, recommend_options
from vnsearch.finetune.evaluate import RetrievalTask
from vnsearch.finetune.mining import fill_random_negatives
from vnsearch.finetune.package import comparison_html, recommendation
from vnsearch.finetune.validate import validate_training_data
from vnsearch.search.searcher import SearchHit
from vnsearch.search.snippets import Snippet

PASSWORD = "mật khẩu 123"


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _word_count(texts):
    return [len(t.split()) for t in texts]


def _pairs(count: int, prefix: str = "câu hỏi") -> list[TrainingPair]:
    return [
        TrainingPair(f"{prefix} {i}", f"đoạn trả lời {prefix} {i}", source="feedback")
        for i in range(count)
    ]


def _hit(chunk_id: str, text: str, level: int, department: str = "Nhân sự") -> SearchHit:
    return SearchHit(
        doc_id=f"doc-{chunk_id}",
        path=f"/tai-lieu/{chunk_id}.docx",
        title=f"Tài liệu {chunk_id}",
        doc_type="policy",
        department=department,
        access_level=level,
        tags=(),
        modified=1_700_000_000,
        chunk_id=chunk_id,
        text=text,
        heading="",
        page_start=None,
        page_end=None,
        score=0.5,
        snippet=Snippet(text[:20], ()),
    )


# -- import formats --------------------------------------------------------


def test_positive_pairs_file_loads_domain_as_department(tmp_path):
    path = _write_jsonl(
        tmp_path / "positive_pairs.jsonl",
        [
            {
                "query": "Nghỉ  phép",
                "positive": "Được nghỉ 12 ngày.",
                "query_type": "keyword",
                "domain": "Nhân sự",
            },
            {
                "query": "VPN?",
                "positive": "Dùng WireGuard.",
                "query_type": "question",
                "domain": "CNTT",
            },
        ],
    )
    pairs = load_positive_pairs(path)
    assert [p.query for p in pairs] == ["Nghỉ phép", "VPN?"]
    assert pairs[0].department == "Nhân sự"
    assert pairs[0].source == "positive_pairs.jsonl"


def test_positive_pairs_missing_key_names_line(tmp_path):
    path = _write_jsonl(tmp_path / "p.jsonl", [{"query": "a", "positive": "b"}, {"query": "c"}])
    with pytest.raises(ConfigError, match="line 2: missing positive"):
        load_positive_pairs(path)


def test_invalid_json_line_is_reported(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"query": "a", "positive": "b"}\n{oops\n', "utf-8")
    with pytest.raises(ConfigError, match="line 2: invalid JSON"):
        load_positive_pairs(path)


def test_hard_negatives_group_by_query_and_positive(tmp_path):
    row = {"query": "q", "positive": "p", "negative_score": 0.7}
    path = _write_jsonl(
        tmp_path / "hard_negatives.jsonl",
        [
            {**row, "hard_negative": "n1"},
            {**row, "hard_negative": "n2"},
            {**row, "hard_negative": "n1"},
            {"query": "q2", "positive": "p2", "hard_negative": "n3", "negative_score": None},
        ],
    )
    pairs = load_hard_negatives(path)
    assert [(p.query, p.positive, p.negatives) for p in pairs] == [
        ("q", "p", ("n1", "n2")),
        ("q2", "p2", ("n3",)),
    ]


def test_eval_pairs_keep_chunk_id(tmp_path):
    path = _write_jsonl(
        tmp_path / "eval_pairs.jsonl", [{"query": "q", "positive": "p", "chunk_id": "c-7"}]
    )
    assert load_eval_pairs(path)[0].chunk_id == "c-7"


def test_beir_split_loads_pairs_and_corpus(tmp_path):
    folder = tmp_path / "beir"
    (folder / "train").mkdir(parents=True)
    _write_jsonl(
        folder / "corpus.jsonl",
        [
            {"_id": "d1", "title": "Quy chế", "text": "Sinh viên học 4 năm."},
            {"_id": "d2", "title": "", "text": "Học phí đóng theo kỳ."},
        ],
    )
    _write_jsonl(folder / "train" / "queries.jsonl", [{"_id": "q1", "text": "Học mấy năm?"}])
    (folder / "train" / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\n", "utf-8")

    pairs, corpus = load_beir_pairs(folder, "train")

    assert len(pairs) == 1
    assert pairs[0].query == "Học mấy năm?"
    assert pairs[0].positive == "Quy chế\nSinh viên học 4 năm."
    assert pairs[0].source == "beir:train"
    assert corpus["d2"] == "Học phí đóng theo kỳ."


def test_merge_pairs_joins_negatives_of_same_pair():
    merged = merge_pairs(
        [TrainingPair("Q", "p", ("n1",))], [TrainingPair("q", "p", ("n2",)), TrainingPair("r", "p")]
    )
    assert [(p.query, p.negatives) for p in merged] == [("Q", ("n1", "n2")), ("r", ())]


# -- feedback --------------------------------------------------------------


def test_feedback_pairs_exclude_chunks_above_level(tmp_path):
    db = tmp_path / "app.db"
    admin = UserStore(db).create_user("Quản trị", PASSWORD, 3, "admin")
    store = FeedbackStore(db)
    store.record(
        query="lương quý III",
        hit=_hit("c1", "Quỹ lương 18 tỷ.", 2),
        label="relevant",
        user=admin,
        model_id="m",
    )
    store.record(
        query="nghỉ phép",
        hit=_hit("c2", "Nghỉ 12 ngày.", 0),
        label="relevant",
        user=admin,
        model_id="m",
    )
    store.record(
        query="nghỉ phép",
        hit=_hit("c3", "Thẻ ra vào.", 0),
        label="not_relevant",
        user=admin,
        model_id="m",
    )
    store.record(
        query="nghỉ phép",
        hit=_hit("c4", "Tuyệt mật.", 3),
        label="not_relevant",
        user=admin,
        model_id="m",
    )

    low = pairs_from_feedback(store, max_level=1)
    high = pairs_from_feedback(store, max_level=3)

    assert [(p.query, p.positive, p.negatives) for p in low] == [
        ("nghỉ phép", "Nghỉ 12 ngày.", ("Thẻ ra vào.",))
    ]
    assert low[0].doc_level == 0
    assert low[0].department == "Nhân sự"
    assert low[0].doc_type == "policy"
    assert {p.positive for p in high} == {"Quỹ lương 18 tỷ.", "Nghỉ 12 ngày."}
    assert "Tuyệt mật." in next(p for p in high if p.query == "nghỉ phép").negatives


# -- split -----------------------------------------------------------------


def test_split_by_query_never_shares_a_query():
    pairs = [TrainingPair(f"q{i % 10}", f"p{i}") for i in range(30)]
    train, held_out = split_by_query(pairs, eval_fraction=0.2, seed=1)
    assert {p.query for p in train}.isdisjoint({p.query for p in held_out})
    assert len({p.query for p in held_out}) == 2
    assert len(train) + len(held_out) == 30
    assert split_by_query(pairs, 0.2, seed=1) == (train, held_out)


def test_split_rejects_invalid_fraction():
    with pytest.raises(ConfigError, match="evaluation share"):
        split_by_query(_pairs(5), eval_fraction=1.5)


# -- validation ------------------------------------------------------------


def _corpus(*chunks: tuple[str, str, int]) -> IndexCorpus:
    return IndexCorpus([IndexChunk(cid, text, level, "", "") for cid, text, level in chunks])


def test_validation_removes_duplicates_and_empty_texts():
    train = [*_pairs(25), _pairs(1)[0], TrainingPair("", "x"), TrainingPair("q", "  ")]
    data, report = validate_training_data(
        TrainingData(train, _pairs(3, "khác")), max_level=3, max_tokens=512
    )
    assert report.finding("duplicates").count == 1
    assert report.finding("empty").count == 2
    assert len(data.train) == 25
    assert report.ok


def test_validation_removes_held_out_queries_from_training():
    held_out = [TrainingPair("câu hỏi 1", "đoạn khác")]
    data, report = validate_training_data(
        TrainingData(_pairs(25), held_out), max_level=3, max_tokens=512
    )
    assert "câu hỏi 1" not in {p.query for p in data.train}
    assert report.finding("leakage_query").count == 1


def test_validation_reports_positive_shared_with_held_out():
    held_out = [TrainingPair("một câu khác", "đoạn trả lời câu hỏi 2")]
    data, report = validate_training_data(
        TrainingData(_pairs(25), held_out), max_level=3, max_tokens=512
    )
    finding = report.finding("leakage_positive")
    assert finding is not None and finding.count == 1
    assert finding.examples == ("câu hỏi 2",)
    assert len(data.train) == 25


def test_validation_removes_stale_positives():
    train = _pairs(25)
    index = _corpus(*((f"c{i}", p.positive, 0) for i, p in enumerate(train[:24])))
    data, report = validate_training_data(
        TrainingData(train, []), max_level=3, max_tokens=512, index=index
    )
    assert report.finding("stale").count == 1
    assert "câu hỏi 24" not in {p.query for p in data.train}


def test_validation_excludes_chunks_above_level():
    train = [*_pairs(24), TrainingPair("lương", "Quỹ lương 18 tỷ.", doc_level=2, source="feedback")]
    file_pair = TrainingPair("mật", "Tuyệt mật.", ("Quỹ lương 18 tỷ.",), source="pairs.jsonl")
    index = _corpus(
        *((f"c{i}", p.positive, 0) for i, p in enumerate(train[:24])),
        ("c-secret", "Tuyệt mật.", 3),
        ("c-pay", "Quỹ lương 18 tỷ.", 2),
        ("c-open", "Công khai.", 0),
    )
    train.append(TrainingPair("ok", "Công khai.", ("Quỹ lương 18 tỷ.",), source="pairs.jsonl"))
    train.append(file_pair)

    data, report = validate_training_data(
        TrainingData(train, []), max_level=1, max_tokens=512, index=index
    )

    texts = {t for p in data.train for t in (p.positive, *p.negatives)}
    assert "Quỹ lương 18 tỷ." not in texts
    assert "Tuyệt mật." not in texts
    assert report.finding("above_level").count == 2
    assert report.finding("above_level_negative").count == 1
    assert "Công khai." in texts


def test_validation_reports_over_long_texts_and_spread():
    long_pair = TrainingPair("dài", " ".join(["chữ"] * 20), doc_type="report", department="KT")
    train = [*_pairs(24), long_pair]
    _, report = validate_training_data(
        TrainingData(train, _pairs(2, "khác")),
        max_level=3,
        max_tokens=10,
        count_tokens=_word_count,
    )
    assert report.finding("too_long").count == 1
    assert report.by_doc_type == {"": 24, "report": 1}
    assert report.by_department["KT"] == 1
    assert "too_long" not in report.to_text()
    assert "longer than the model's 10 tokens" in report.to_text()
    assert "<table>" in report.to_html()


def test_validation_blocks_tiny_data():
    _, report = validate_training_data(TrainingData(_pairs(5), []), max_level=3, max_tokens=512)
    assert not report.ok
    assert report.finding("too_few_pairs") is not None
    assert report.finding("no_eval") is not None


def test_negative_ratio_counts_hard_negatives():
    train = [TrainingPair(f"q{i}", f"p{i}", ("n1", "n2")) for i in range(20)]
    _, report = validate_training_data(TrainingData(train, _pairs(1)), max_level=3, max_tokens=99)
    assert report.negatives == 40
    assert report.negative_ratio == 2.0


# -- training helpers ------------------------------------------------------


def test_random_negatives_fill_every_pair_without_the_positive():
    pairs = [TrainingPair("q1", "a", ("b",)), TrainingPair("q2", "b")]
    filled = fill_random_negatives(pairs, ["a", "b", "c"], num_negatives=2, seed=3)
    assert [len(p.negatives) for p in filled] == [2, 2]
    assert all(p.positive not in p.negatives for p in filled)
    assert filled[0].negatives[0] == "b"


def test_random_negatives_fail_on_too_small_corpus():
    with pytest.raises(ValueError, match="Lower the number of negatives"):
        fill_random_negatives([TrainingPair("q", "a")], ["a"], num_negatives=1)


def test_recommendation_needs_higher_held_out_mrr():
    better, reason = recommendation({"mrr@10": 0.50}, {"mrr@10": 0.55})
    same, why_not = recommendation({"mrr@10": 0.50}, {"mrr@10": 0.50})
    assert better
    assert "0.500 to 0.550" in reason
    assert not same
    assert "did not improve" in why_not


def test_comparison_report_lists_better_and_worse_queries():
    task = RetrievalTask.from_pairs(
        [TrainingPair("<b>q1</b>", "p1"), TrainingPair("q2", "p2"), TrainingPair("q3", "p3")], {}
    )
    page = comparison_html(
        task, {"q0": 3, "q1": 1, "q2": 2}, {"q0": 1, "q1": None, "q2": 2}, "new vs base", "ok"
    )
    assert "1 better, 1 worse, 1 unchanged" in page
    assert "&lt;b&gt;q1&lt;/b&gt;" in page
    assert "not in top 10" in page


def test_cpu_defaults_explain_each_choice():
    device = DeviceInfo("cpu", "2 CPU cores", None, False, "CPU note")
    options = recommend_options(device, train_pairs=300, max_seq_length=256)
    assert (options.epochs, options.batch_size, options.learning_rate) == (3, 16, 2e-5)
    assert {"epochs", "batch_size", "learning_rate", "device"} <= set(options.explanations)
    assert options.explanations["device"] == "CPU note"
    assert not options.use_cached_loss(device)


def test_cached_loss_on_busy_cpu():
    device = DeviceInfo("cpu", "2 CPU cores", None, False, "CPU note")
    assert TrainingOptions(batch_size=32, num_negatives=1).use_cached_loss(device)
    assert TrainingOptions(batch_size=32, num_negatives=0).use_cached_loss(device) is False
    assert TrainingOptions(batch_size=8, num_negatives=3).use_cached_loss(device) is False


def test_cached_loss_on_bf16_cpu():
    device = DeviceInfo("cpu", "2 CPU cores", None, True, "CPU note")
    assert TrainingOptions(batch_size=32, num_negatives=1).use_cached_loss(device) is False
    assert TrainingOptions(batch_size=32, num_negatives=2).use_cached_loss(device)


def test_bf16_cpu_default_batch_is_32():
    device = DeviceInfo("cpu", "2 CPU cores", None, True, "CPU note")
    options = recommend_options(device, train_pairs=3000, max_seq_length=256)
    assert options.batch_size == 32
    assert not options.use_cached_loss(device)


def test_options_reject_invalid_values():
    with pytest.raises(ValueError, match="batch size 1"):
        TrainingOptions(batch_size=1).validate()


def test_duplicates_removed_while_merging_are_reported():
    data = TrainingData(_pairs(25), _pairs(2, "khác"), removed_duplicates=3)
    _, report = validate_training_data(data, max_level=3, max_tokens=512)
    assert report.finding("duplicates").count == 3
    assert count_duplicates([TrainingPair("Q", "p"), TrainingPair("q", "p")]) == 1
