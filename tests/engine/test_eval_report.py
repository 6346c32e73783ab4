"""Evaluation reports: modes as rows, missed questions, settings, and stages that could not run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.engine.tiny_models import tiny_cross_encoder
from vnsearch.cli.main import main
from vnsearch.config import Settings
from vnsearch.errors import ConfigError
from vnsearch.evaluation.compare import (
    default_report_dir,
    format_comparison,
    missed_by_all,
    run_comparison,
)
from vnsearch.evaluation.modes import EVAL_MODES, mode_plan, modes_for_option
from vnsearch.evaluation.report import render_html, write_report
from vnsearch.evaluation.runner import rerank_verdict
from vnsearch.evaluation.svg import grouped_bar_chart
from vnsearch.models.e5_convert import DEFAULT_MODEL_NAME
from vnsearch.models.registry import import_model, models_dir

RERANKER = "tiny-reranker"
CORPUS = {
    "nghi-phep": ("Nghỉ phép năm", "Người lao động được nghỉ phép năm 12 ngày làm việc."),
    "nghi-om": ("Nghỉ ốm", "Nghỉ ốm có giấy của cơ sở y tế được hưởng bảo hiểm xã hội."),
    "cong-tac": ("Công tác phí", "Phụ cấp lưu trú khi đi công tác là 300.000 đồng mỗi ngày."),
    "vpn": ("Cài đặt VPN", "Tải phần mềm WireGuard và nhập tệp cấu hình do phòng CNTT cấp."),
    "mat-khau": ("Mật khẩu", "Mật khẩu phải dài tối thiểu 12 ký tự và đổi sau 90 ngày."),
    "hop-dong": ("Hợp đồng", "Hợp đồng lao động xác định thời hạn tối đa 36 tháng."),
}
TRAIN = [
    ("t1", "Một năm được nghỉ phép bao nhiêu ngày?", "nghi-phep"),
    ("t2", "Phụ cấp công tác mỗi ngày là bao nhiêu?", "cong-tac"),
    ("t3", "Mật khẩu cần bao nhiêu ký tự?", "mat-khau"),
]
DEV = [
    ("d1", "Nghỉ phép năm được mấy ngày?", "nghi-phep"),
    ("d2", "Cài VPN bằng phần mềm gì?", "vpn"),
    ("d3", "Hợp đồng xác định thời hạn dài nhất bao lâu?", "hop-dong"),
    ("d4", "Quy định về xe công vụ", "tai-lieu-da-xoa"),  # not in the corpus: always missed
]


def write_beir(folder: Path) -> Path:
    """Write :data:`CORPUS` with train and dev splits in the BEIR layout."""
    folder.mkdir(parents=True)
    lines = [
        json.dumps({"_id": cid, "title": title, "text": text}, ensure_ascii=False)
        for cid, (title, text) in CORPUS.items()
    ]
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    for split, rows in (("train", TRAIN), ("dev", DEV)):
        (folder / split).mkdir()
        queries = [json.dumps({"_id": q, "text": t}, ensure_ascii=False) for q, t, _ in rows]
        (folder / split / "queries.jsonl").write_text("\n".join(queries) + "\n", "utf-8")
        qrels = ["query-id\tcorpus-id\tscore", *(f"{q}\t{doc}\t1" for q, _, doc in rows)]
        (folder / split / "qrels.tsv").write_text("\n".join(qrels) + "\n", "utf-8")
    return folder


def write_pairs(path: Path) -> Path:
    """Write the dev questions as an eval_pairs.jsonl file (a dataset without a train split)."""
    rows = [
        {"query": text, "positive": CORPUS[doc][1], "chunk_id": doc}
        for _, text, doc in DEV
        if doc in CORPUS
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def link_default_model(folder: Path, model_data_dir: Path) -> Path:
    """Make ``folder`` a data folder whose default model links to the session's copy."""
    models_dir(folder).mkdir(parents=True)
    source = models_dir(model_data_dir) / DEFAULT_MODEL_NAME
    (models_dir(folder) / DEFAULT_MODEL_NAME).symlink_to(source, target_is_directory=True)
    return folder


@pytest.fixture
def data_dir(tmp_path, model_data_dir) -> Path:
    """A data folder with the default model and no re-ranker."""
    return link_default_model(tmp_path / "data", model_data_dir)


@pytest.fixture(scope="module")
def full_report(tmp_path_factory, model_data_dir) -> tuple[dict, str]:
    """The report of every mode on the BEIR set, with the tiny re-ranker installed."""
    root = tmp_path_factory.mktemp("full-report")
    data_dir = link_default_model(root / "data", model_data_dir)
    import_model(data_dir, tiny_cross_encoder(), kind="reranker", name=RERANKER)
    dataset = write_beir(root / "beir")
    settings = Settings(device="cpu", feedback_cap=0.5)

    comparison = run_comparison(dataset, data_dir, modes=EVAL_MODES, split="dev", settings=settings)
    html_path, json_path = write_report(comparison, root / "report")

    return json.loads(json_path.read_text("utf-8")), html_path.read_text("utf-8")


def test_report_has_row_per_mode(full_report):
    data, html = full_report

    run = data["runs"][0]
    assert list(run["results"]) == list(EVAL_MODES)
    for mode in EVAL_MODES:
        assert f'<tr data-mode="{mode}">' in html
    assert run["stages"]["hybrid+rerank+feedback"] == ["rerank", "feedback"]
    assert run["reranker_id"] == RERANKER


def test_report_metrics_are_complete(full_report):
    data, html = full_report

    for metrics in data["runs"][0]["results"].values():
        for key in ("mrr@10", "hit@1", "hit@3", "hit@5", "hit@10", "ndcg@10", "recall@10"):
            assert 0.0 <= metrics[key] <= 1.0, (key, metrics)
        assert metrics["latency_ms_p95"] >= metrics["latency_ms_p50"] > 0
    for label in ("MRR@10", "Hit@3", "NDCG@10", "Recall@10", "Search p95 ms"):
        assert f"<th>{label}</th>" in html


def test_report_lists_questions_all_missed(full_report):
    data, html = full_report

    assert [q["id"] for q in missed_by_all(data)] == ["d4"]
    missed_table = html.split('<table id="missed">')[1].split("</table>")[0]
    assert "Quy định về xe công vụ" in missed_table
    assert "tai-lieu-da-xoa" in missed_table
    assert "Nghỉ phép năm được mấy ngày?" not in missed_table


def test_report_records_settings_and_models(full_report):
    data, html = full_report

    assert data["settings"]["feedback_cap"] == 0.5
    assert data["settings"]["rerank_candidates"] == 30
    assert data["settings"]["search_stages"] == ["rerank", "feedback"]
    assert data["models"][0]["name"] == DEFAULT_MODEL_NAME
    assert data["reranker"]["name"] == RERANKER
    settings_block = html.split('<pre id="settings">')[1]
    for text in ("feedback_cap", "rerank_candidates", DEFAULT_MODEL_NAME, RERANKER):
        assert text in settings_block


def test_report_explains_simulated_feedback(full_report):
    data, html = full_report

    assert any("3 judgements recorded" in note for note in data["notes"])
    assert "1 of the 4 evaluated questions" in " ".join(data["notes"])
    assert "Feedback rows simulate relevance feedback" in html


def test_report_resources_and_self_contained(full_report):
    data, html = full_report

    run = data["runs"][0]
    assert run["chunks_per_second"] > 0
    assert run["peak_rss_mb"] > 0
    assert run["peak_gpu_mb"] is None
    resources = html.split('<table id="resources">')[1].split("</table>")[0]
    assert "n/a" in resources
    assert "<svg" in html
    assert "<style>" in html
    for external in ("<script", "<link", "src=", "url("):
        assert external not in html


def test_report_keeps_rows_of_skipped_stages(tmp_path, data_dir):
    dataset = write_pairs(tmp_path / "eval_pairs.jsonl")

    comparison = run_comparison(
        dataset, data_dir, modes=EVAL_MODES, settings=Settings(device="cpu")
    )
    html = render_html(comparison)

    assert list(comparison["runs"][0]["results"]) == ["dense", "fts", "hybrid"]
    assert comparison["reranker"] is None
    assert "no re-ranker installed" in html
    assert "no train split" in html
    row = html.split('<tr class="skipped" data-mode="hybrid+rerank">')[1].split("</tr>")[0]
    assert "vnsearch models import --kind reranker PATH" in row
    assert set(comparison["skipped"]) == {
        "hybrid+rerank",
        "hybrid+feedback",
        "hybrid+rerank+feedback",
    }
    assert "hybrid+feedback" in format_comparison(comparison)


def test_cli_eval_writes_report(tmp_path, data_dir, capsys):
    dataset = write_pairs(tmp_path / "eval_pairs.jsonl")
    out = tmp_path / "cli-report"

    code = main(
        ["--data-dir", str(data_dir), "--device", "cpu", "eval", str(dataset), "--report", str(out)]
    )

    captured = capsys.readouterr()
    assert code == 0
    assert (out / "report.html").is_file()
    assert json.loads((out / "report.json").read_text("utf-8"))["modes"] == list(EVAL_MODES)
    assert "hybrid" in captured.out
    assert f"Report: {out / 'report.html'}" in captured.err


def test_cli_eval_compares_models(tmp_path, data_dir):
    dataset = write_pairs(tmp_path / "eval_pairs.jsonl")
    out = tmp_path / "models-report"

    code = main(
        [
            *("--data-dir", str(data_dir), "--device", "cpu", "eval", str(dataset)),
            *("--mode", "fts", "--models", f"{DEFAULT_MODEL_NAME},{DEFAULT_MODEL_NAME}"),
            *("--report", str(out)),
        ]
    )

    data = json.loads((out / "report.json").read_text("utf-8"))
    assert code == 0
    assert [run["model_id"] for run in data["runs"]] == [DEFAULT_MODEL_NAME] * 2
    assert [list(run["results"]) for run in data["runs"]] == [["fts"], ["fts"]]


def test_mode_plan_follows_stage_setting():
    settings = Settings(search_stages=["feedback", "rerank"])

    assert mode_plan("hybrid+rerank+feedback", settings) == ("hybrid", ["feedback", "rerank"])
    assert mode_plan("dense", settings) == ("dense", [])
    assert modes_for_option("rerank") == ["hybrid+rerank"]
    assert modes_for_option("all") == list(EVAL_MODES)
    with pytest.raises(ConfigError, match="Invalid evaluation mode 'bm25'"):
        mode_plan("bm25", settings)


def test_default_report_dir_is_timestamped(tmp_path):
    from datetime import datetime

    folder = default_report_dir(tmp_path, datetime(2025, 3, 4, 5, 6, 7))

    assert folder == tmp_path / "reports" / "20250304-050607"


def test_bar_chart_escapes_labels():
    svg = grouped_bar_chart(["<b>"], [("MRR", [0.5])], "t")

    assert "&lt;b&gt;" in svg
    assert "<b>" not in svg
    with pytest.raises(ValueError, match="has 2 values for 1 labels"):
        grouped_bar_chart(["a"], [("MRR", [0.5, 0.1])], "t")


def test_rerank_verdict_flags_a_loss():
    results = {"hybrid": {"mrr@10": 0.925}, "hybrid+rerank": {"mrr@10": 0.756}}

    (note,) = rerank_verdict(results, "e5-vi-reranker")

    assert "e5-vi-reranker" in note
    assert "from 0.925 to 0.756" in note
    assert "'rerank'" in note


@pytest.mark.parametrize("after", [0.921, 0.925, 0.960])
def test_rerank_verdict_silent_without_a_real_loss(after):
    results = {"hybrid": {"mrr@10": 0.925}, "hybrid+rerank": {"mrr@10": after}}

    assert rerank_verdict(results, "r") == []
    assert rerank_verdict({"hybrid+rerank": {"mrr@10": 0.1}}, "r") == []


def test_feedback_simulation_skips_empty_train_question(tmp_path, data_dir):
    dataset = write_beir(tmp_path / "beir")
    with (dataset / "train" / "queries.jsonl").open("a", encoding="utf-8") as queries:
        queries.write(json.dumps({"_id": "t-empty", "text": ""}) + "\n")
    with (dataset / "train" / "qrels.tsv").open("a", encoding="utf-8") as qrels:
        qrels.write("t-empty\tvpn\t1\n")

    comparison = run_comparison(
        dataset, data_dir, modes=["hybrid+feedback"], split="dev", settings=Settings(device="cpu")
    )

    assert list(comparison["runs"][0]["results"]) == ["hybrid+feedback"]
    assert f"{len(TRAIN)} judgements recorded" in " ".join(comparison["notes"])
