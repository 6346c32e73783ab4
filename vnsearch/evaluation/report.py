"""Evaluation reports: one self-contained HTML page (inline CSS and SVG) plus the JSON.

The HTML needs no other file, script or network access, so it can be mailed or
archived as it is.
"""

from __future__ import annotations

import json
import logging
from html import escape
from pathlib import Path
from typing import Any

from vnsearch.config import write_json_atomic
from vnsearch.evaluation.compare import REPORTS_DIR, configurations, missed_by_all
from vnsearch.evaluation.svg import grouped_bar_chart

logger = logging.getLogger("vnsearch.eval")

HTML_NAME = "report.html"
JSON_NAME = "report.json"
QUALITY_COLUMNS = (
    ("mrr@10", "MRR@10"),
    ("hit@1", "Hit@1"),
    ("hit@3", "Hit@3"),
    ("hit@5", "Hit@5"),
    ("hit@10", "Hit@10"),
    ("ndcg@10", "NDCG@10"),
    ("recall@10", "Recall@10"),
)
_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #1d1d1f; max-width: 1200px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccd; padding: 3px 8px; text-align: right; }
th { background: #eef1f6; } td.text, th.text { text-align: left; }
td.best { font-weight: bold; background: #e3f1e3; }
td.miss { color: #b02a2a; background: #fbe9e9; }
tr.skipped td { color: #6e6e73; font-style: italic; }
.note { background: #fff7e0; border-left: 4px solid #e0a800; padding: 4px 10px; }
pre { background: #f5f5f7; padding: 8px; overflow-x: auto; }
svg text { font-size: 12px; font-family: system-ui, sans-serif; }
"""
FEEDBACK_EXPLANATION = (
    "Feedback rows simulate relevance feedback: an evaluation user of level 3 marked the "
    "relevant passage of every train question as relevant, then the evaluated questions "
    "searched with that feedback in place. A judgement counts for a question when the two "
    "questions are equal after normalisation or their embeddings' cosine similarity reaches "
    "the feedback threshold; each counted document moves by at most the feedback cap. When "
    "the evaluated questions ask about other passages than the train questions, this row "
    "measures how much feedback on similar but different questions costs."
)


def write_report(comparison: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.json`` into ``out_dir``; return their paths."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / JSON_NAME
    write_json_atomic(json_path, comparison)
    html_path = folder / HTML_NAME
    tmp = html_path.with_name(html_path.name + ".tmp")
    tmp.write_text(render_html(comparison), encoding="utf-8")
    tmp.replace(html_path)
    logger.info("Wrote evaluation report %s", html_path)
    return html_path, json_path


def render_html(comparison: dict[str, Any]) -> str:
    """Return the report as one HTML document."""
    title = f"Search evaluation: {comparison['dataset']} ({comparison['split']})"
    sections = [
        f"<h1>{escape(title)}</h1>",
        _summary(comparison),
        _notes(comparison),
        "<h2>Quality per model and mode</h2>",
        _quality_table(comparison),
        _chart(comparison),
        "<h2>Speed and memory</h2>",
        _resources_table(comparison),
        "<h2>Questions every configuration missed</h2>",
        _missed_table(comparison),
        "<h2>Rank of the first relevant result per question</h2>",
        _ranks_table(comparison),
        "<h2>Settings, models and environment</h2>",
        _settings(comparison),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )


def _summary(comparison: dict[str, Any]) -> str:
    models = ", ".join(m["name"] for m in comparison["models"])
    reranker = comparison["reranker"]
    reranker_text = reranker["name"] if reranker else "no re-ranker installed"
    return (
        f"<p>Created {escape(comparison['created_at'])}. {comparison['queries']} questions, "
        f"top 10 results per question. Embedding models: {escape(models)}. "
        f"Re-ranker: {escape(reranker_text)}.</p>"
    )


def _notes(comparison: dict[str, Any]) -> str:
    notes = list(comparison["notes"])
    if any("feedback" in mode for _, mode, _ in configurations(comparison)):
        notes.append(FEEDBACK_EXPLANATION)
    if not notes:
        return ""
    items = "".join(f'<li class="note">{escape(note)}</li>' for note in notes)
    return f'<ul id="notes">{items}</ul>'


def _quality_table(comparison: dict[str, Any]) -> str:
    rows = configurations(comparison)
    best = {key: max(m[key] for _, _, m in rows) for key, _ in QUALITY_COLUMNS} if rows else {}
    head = "".join(f"<th>{label}</th>" for _, label in QUALITY_COLUMNS)
    lines = [
        '<table id="quality"><tr><th class="text">Model</th><th class="text">Mode</th>'
        f"{head}<th>Search p50 ms</th><th>Search p95 ms</th></tr>"
    ]
    for model, mode, metrics in rows:
        cells = "".join(
            f'<td class="{"best" if metrics[key] == best[key] else ""}">{metrics[key]:.4f}</td>'
            for key, _ in QUALITY_COLUMNS
        )
        lines.append(
            f'<tr data-mode="{escape(mode)}"><td class="text">{escape(model)}</td>'
            f'<td class="text">{escape(mode)}</td>{cells}'
            f"<td>{metrics['latency_ms_p50']:.1f}</td><td>{metrics['latency_ms_p95']:.1f}</td></tr>"
        )
    # A stage that could not run keeps its row, with the reason and what to do.
    for mode, reason in comparison.get("skipped", {}).items():
        lines.append(
            f'<tr class="skipped" data-mode="{escape(mode)}"><td class="text">all models</td>'
            f'<td class="text">{escape(mode)}</td>'
            f'<td class="text" colspan="{len(QUALITY_COLUMNS) + 2}">{escape(reason)}</td></tr>'
        )
    lines.append("</table>")
    return "\n".join(lines)


def _chart(comparison: dict[str, Any]) -> str:
    rows = configurations(comparison)
    if not rows:
        return "<p>No mode could run.</p>"
    labels = [f"{model} · {mode}" for model, mode, _ in rows]
    series = [
        (label, [metrics[key] for _, _, metrics in rows])
        for key, label in (("mrr@10", "MRR@10"), ("hit@1", "Hit@1"), ("ndcg@10", "NDCG@10"))
    ]
    return grouped_bar_chart(labels, series, "MRR@10, Hit@1 and NDCG@10 per model and mode")


def _resources_table(comparison: dict[str, Any]) -> str:
    lines = [
        '<table id="resources"><tr><th class="text">Model</th><th>Chunks</th>'
        "<th>Indexing s</th><th>Passages/s</th><th>Query encoding p50 ms</th>"
        "<th>p95 ms</th><th>Peak RAM MiB</th><th>Peak GPU MiB</th>"
        '<th class="text">Device</th></tr>'
    ]
    for run in comparison["runs"]:
        gpu = "n/a" if run["peak_gpu_mb"] is None else f"{run['peak_gpu_mb']:.1f}"
        speed = "n/a" if run["chunks_per_second"] is None else f"{run['chunks_per_second']:.1f}"
        lines.append(
            f'<tr><td class="text">{escape(run["model_id"])}</td><td>{run["chunks"]}</td>'
            f"<td>{run['index_seconds']:.2f}</td><td>{speed}</td>"
            f"<td>{_number(run['query_encoding_ms_p50'])}</td>"
            f"<td>{_number(run['query_encoding_ms_p95'])}</td>"
            f"<td>{run['peak_rss_mb']:.1f}</td><td>{gpu}</td>"
            f'<td class="text">{escape(run["device"])}</td></tr>'
        )
    lines.append("</table>")
    lines.append(
        "<p>Passages/s counts chunks embedded per second of indexing, chunking and index "
        "writes included. Query encoding is the time to embed one question, which the "
        "search latencies above leave out (they search with the question's embedding "
        "already computed). Peak RAM is the whole process's resident memory while that model "
        "was evaluated, sampled every 50 ms; peak GPU is torch's peak allocated CUDA memory "
        "(n/a on CPU).</p>"
    )
    return "\n".join(lines)


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _missed_table(comparison: dict[str, Any]) -> str:
    missed = missed_by_all(comparison)
    if not missed:
        return '<p id="missed">None: every question was found by at least one configuration.</p>'
    lines = [
        '<table id="missed"><tr><th class="text">Id</th><th class="text">Question</th>'
        '<th class="text">Relevant</th></tr>'
    ]
    for query in missed:
        lines.append(
            f'<tr><td class="text">{escape(query["id"])}</td>'
            f'<td class="text">{escape(query["query"])}</td>'
            f'<td class="text">{escape(", ".join(query["relevant"]))}</td></tr>'
        )
    lines.append("</table>")
    return "\n".join(lines)


def _ranks_table(comparison: dict[str, Any]) -> str:
    columns = [(run, mode) for run in comparison["runs"] for mode in run["results"]]
    head = "".join(f"<th>{escape(run['model_id'])}<br>{escape(mode)}</th>" for run, mode in columns)
    lines = [
        f'<table id="ranks"><tr><th class="text">Id</th><th class="text">Question</th>{head}</tr>'
    ]
    for index, query in enumerate(comparison["runs"][0]["per_query"]):
        cells = []
        for run, mode in columns:
            rank = run["per_query"][index].get(mode)
            cells.append('<td class="miss">–</td>' if rank is None else f"<td>{rank}</td>")
        lines.append(
            f'<tr><td class="text">{escape(query["id"])}</td>'
            f'<td class="text">{escape(query["query"])}</td>{"".join(cells)}</tr>'
        )
    lines.append("</table>")
    lines.append("<p>– means no relevant result in the top 10.</p>")
    return "\n".join(lines)


def _settings(comparison: dict[str, Any]) -> str:
    record = {
        "settings": comparison["settings"],
        "stages_per_mode": {run["model_id"]: run["stages"] for run in comparison["runs"]},
        "feedback_spread_chunks": comparison["feedback_spread_chunks"],
        "models": comparison["models"],
        "reranker": comparison["reranker"] or comparison["reranker_note"],
        "environment": comparison["environment"],
    }
    text = json.dumps(record, ensure_ascii=False, indent=2)
    return f'<pre id="settings">{escape(text)}</pre>'


def latest_report(data_dir: Path) -> Path | None:
    """Return the newest ``report.html`` under ``<data dir>/reports``, or None.

    ``vnsearch eval`` writes there unless ``--report`` names another folder; the GUI's
    model comparison always writes there.
    """
    folder = Path(data_dir) / REPORTS_DIR
    if not folder.is_dir():
        return None
    reports = [path for path in folder.glob(f"*/{HTML_NAME}") if path.is_file()]
    if not reports:
        return None
    return max(reports, key=lambda path: (path.stat().st_mtime_ns, path.parent.name))
