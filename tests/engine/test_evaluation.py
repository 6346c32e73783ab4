"""`vnsearch eval` on the sample questions and, when present, the regulation set."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLES
from vnsearch.config import Settings
from vnsearch.errors import ConfigError
from vnsearch.evaluation.datasets import load_dataset
from vnsearch.evaluation.runner import run_evaluation


def test_load_eval_pairs_builds_corpus(tmp_path):
    path = tmp_path / "eval_pairs.jsonl"
    rows = [
        {"query": "Học phí bao nhiêu?", "positive": "Học phí là 10 triệu.", "chunk_id": "c1"},
        {"query": "Mức học phí?", "positive": "Học phí là 10 triệu.", "chunk_id": "c1"},
        {"query": "Ai ký quyết định?", "positive": "Hiệu trưởng ký.", "chunk_id": "c2"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")

    dataset = load_dataset(path)

    assert dataset.corpus == {"c1": ("", "Học phí là 10 triệu."), "c2": ("", "Hiệu trưởng ký.")}
    assert [q.relevant for q in dataset.queries] == [{"c1": 1.0}, {"c1": 1.0}, {"c2": 1.0}]


def test_load_beir_reads_split(tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "corpus.jsonl").write_text('{"_id": "d1", "title": "T", "text": "Nội dung"}\n')
    (tmp_path / "dev" / "queries.jsonl").write_text('{"_id": "q1", "text": "Câu hỏi"}\n')
    (tmp_path / "dev" / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\n")

    dataset = load_dataset(tmp_path, "dev")

    assert dataset.corpus == {"d1": ("T", "Nội dung")}
    assert [(q.text, q.relevant) for q in dataset.queries] == [("Câu hỏi", {"d1": 1.0})]


def test_load_dataset_rejects_unknown_layout(tmp_path):
    with pytest.raises(ConfigError, match="is not a dataset"):
        load_dataset(tmp_path)


def test_eval_sample_questions_hybrid_hit_at_1(model_data_dir):
    result = run_evaluation(SAMPLES, model_data_dir, settings=Settings(device="cpu"))

    hybrid = result["results"]["hybrid"]
    assert result["queries"] >= 40
    assert hybrid["hit@1"] >= 0.85, hybrid
    assert set(result["results"]) == {"dense", "fts", "hybrid"}
    assert all(isinstance(q["hybrid"], int | None) for q in result["per_query"])


@pytest.mark.shared_data
def test_eval_regulations_dev_hybrid_beats_each_leg(model_data_dir, shared_dir):
    result = run_evaluation(
        shared_dir / "eval" / "vi-regulations",
        model_data_dir,
        split="dev",
        settings=Settings(device="cpu"),
    )

    mrr = {mode: metrics["mrr@10"] for mode, metrics in result["results"].items()}
    assert mrr["hybrid"] >= 0.88, mrr
    assert mrr["hybrid"] > mrr["dense"], mrr
    assert mrr["hybrid"] > mrr["fts"], mrr
