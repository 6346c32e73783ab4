"""Compare several embedding models and evaluation modes on one dataset in one run."""

from __future__ import annotations

import logging
import os
import platform
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vnsearch.config import Settings
from vnsearch.evaluation.modes import mode_plan, settings_record
from vnsearch.evaluation.runner import NO_RERANKER_NOTE, load_reranker, run_evaluation
from vnsearch.search.feedback_boost import SPREAD_CHUNKS

logger = logging.getLogger("vnsearch.eval")

REPORTS_DIR = "reports"


def default_report_dir(data_dir: Path, now: datetime | None = None) -> Path:
    """Return ``<data dir>/reports/<local time as YYYYmmdd-HHMMSS>``."""
    moment = now or datetime.now()
    return Path(data_dir) / REPORTS_DIR / moment.strftime("%Y%m%d-%H%M%S")


def run_comparison(
    dataset_path: Path,
    data_dir: Path,
    models: Sequence[str | None] = (None,),
    modes: Sequence[str] = ("dense", "fts", "hybrid"),
    split: str = "dev",
    settings: Settings | None = None,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
    reranker_name: str | None = None,
) -> dict[str, Any]:
    """Evaluate every embedding model in every mode; return one record for the report.

    ``models`` are installed embedding model names (None is the default model). The
    re-ranker is ``reranker_name``, else the ``reranker`` setting, else the first
    installed one; it is loaded once and shared by all models.
    """
    settings = settings or Settings()
    if not models:
        raise ValueError("Invalid model list: it is empty; name at least one model.")
    for mode in modes:
        mode_plan(mode, settings)
    reranker = reranker_info = None
    if any("rerank" in mode for mode in modes):
        name = settings.reranker if reranker_name is None else reranker_name
        reranker, reranker_info = load_reranker(Path(data_dir), name, settings)

    runs = []
    for model in models:
        runs.append(
            run_evaluation(
                dataset_path,
                data_dir,
                split=split,
                modes=modes,
                model_name=model,
                settings=settings,
                limit=limit,
                progress=progress,
                reranker=reranker,
            )
        )

    notes: list[str] = []
    skipped: dict[str, str] = {}
    for run in runs:
        notes.extend(note for note in run["notes"] if note not in notes)
        skipped.update(run["skipped"])
    first = runs[0]
    return {
        "dataset": first["dataset"],
        "split": split,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "queries": first["queries"],
        "modes": list(modes),
        "models": [run["model"] for run in runs],
        "reranker": (
            {"name": reranker_info.name, "source": reranker_info.source}
            if reranker_info is not None
            else None
        ),
        "reranker_note": None if reranker_info is not None else NO_RERANKER_NOTE,
        "settings": settings_record(settings),
        "feedback_spread_chunks": SPREAD_CHUNKS,
        "environment": environment(),
        "notes": notes,
        "skipped": skipped,
        "runs": runs,
    }


def environment() -> dict[str, Any]:
    """Return the software and hardware the run used, for the report."""
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
    }
    for package in ("vnsearch", "torch", "sentence_transformers", "transformers", "lancedb"):
        module = sys.modules.get(package)
        info[package] = getattr(module, "__version__", None) if module else None
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        info["cuda_device"] = torch.cuda.get_device_name(0)
    return info


def configurations(comparison: dict[str, Any]) -> list[tuple[str, str, dict[str, float]]]:
    """Return ``(model, mode, metrics)`` for every evaluated model and mode, in run order."""
    rows = []
    for run in comparison["runs"]:
        for mode, metrics in run["results"].items():
            rows.append((run["model_id"], mode, metrics))
    return rows


def missed_by_all(comparison: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the queries that no model and mode found in the top 10."""
    runs = comparison["runs"]
    missed = []
    for index, query in enumerate(runs[0]["per_query"]):
        ranks = [run["per_query"][index].get(mode) for run in runs for mode in run["results"]]
        if ranks and all(rank is None for rank in ranks):
            missed.append(query)
    return missed


def format_comparison(comparison: dict[str, Any]) -> str:
    """Format metrics per model and mode as a fixed-width text table."""
    names = ["mrr@10", "hit@1", "hit@10", "ndcg@10", "recall@10", "latency_ms_p50"]
    rows = configurations(comparison)
    model_width = max([6, *(len(model) + 2 for model, _, _ in rows)])
    mode_width = max([6, *(len(mode) + 2 for _, mode, _ in rows)])
    lines = [
        f"Dataset {comparison['dataset']} ({comparison['queries']} queries)",
        f"{'model':{model_width}}{'mode':{mode_width}}" + "".join(f"{n:>15}" for n in names),
    ]
    for model, mode, metrics in rows:
        values = "".join(f"{metrics[n]:>15.4f}" for n in names)
        lines.append(f"{model:{model_width}}{mode:{mode_width}}{values}")
    for mode in comparison.get("skipped", {}):
        lines.append(f"{'-':{model_width}}{mode:{mode_width}}{'not run (see below)':>30}")
    lines.extend(comparison["notes"])
    return "\n".join(lines)
