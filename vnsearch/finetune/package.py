"""The fine-tuned model folder: manifest, training arguments, metrics and reports.

Layout written by :func:`write_package` next to the sentence-transformers files:

- ``vnsearch_model.json``: the registry manifest (see :mod:`vnsearch.models.registry`).
- ``vnsearch_finetune.json``: base model, recommendation, held-out comparison.
- ``training_args.json``: the options, the trainer's arguments and the device.
- ``evaluation_results/performance_metrics.json``: base vs new per split.
- ``evaluation_results/comparison.html``: held-out queries that got better or worse.
- ``evaluation_results/validation.txt``: the validation report of the training data.
- ``DEPLOYMENT.md``: how to activate, roll back and copy the model.
- ``README.md``: a short model card that quotes no training text.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vnsearch.finetune.devices import DeviceInfo, TrainingOptions
from vnsearch.finetune.evaluate import METRICS, RetrievalTask
from vnsearch.finetune.manifest import FineTuneManifest
from vnsearch.models.registry import MANIFEST

EVAL_DIR = "evaluation_results"
METRICS_FILE = "performance_metrics.json"
COMPARISON_FILE = "comparison.html"
# The new model must beat the base on held-out MRR@10 by more than this to be
# recommended; smaller differences are within rounding noise.
MIN_GAIN = 1e-6

Scores = dict[str, tuple[dict[str, float], dict[str, int | None]]]


@dataclass
class PackageInputs:
    """Facts about a finished run that :func:`write_package` records."""

    folder: Path
    name: str
    base_model: str
    dimension: int
    device: DeviceInfo
    options: TrainingOptions
    trainer_args: dict[str, Any]
    train_pairs: int
    held_out: RetrievalTask
    base_scores: Scores
    new_scores: Scores
    validation: str
    train_seconds: float
    steps: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, ensure_ascii=False, indent=2, default=str)
    path.write_text(text + "\n", encoding="utf-8")


def recommendation(base: dict[str, float], new: dict[str, float]) -> tuple[bool, str]:
    """Decide whether the new model should be activated, with the reason in one sentence."""
    before, after = base["mrr@10"], new["mrr@10"]
    if after > before + MIN_GAIN:
        return True, f"Held-out MRR@10 rose from {before:.3f} to {after:.3f}."
    return False, (
        f"Held-out MRR@10 did not improve ({before:.3f} before, {after:.3f} after), so the "
        "base model stays the better choice."
    )


def write_package(inputs: PackageInputs) -> dict[str, Any]:
    """Write every report file into ``inputs.folder`` and return the result summary."""
    folder = inputs.folder
    base_held, new_held = inputs.base_scores["held_out"][0], inputs.new_scores["held_out"][0]
    recommended, reason = recommendation(base_held, new_held)
    created = _now()

    manifest = {
        "name": inputs.name,
        "kind": "embedding",
        "dimension": inputs.dimension,
        "source": f"fine-tuned from {inputs.base_model} on {inputs.train_pairs} pairs"
        + ("" if recommended else " (not recommended)"),
        "installed_at": created,
    }
    _write_json(folder / MANIFEST, manifest)
    FineTuneManifest(
        base_model=inputs.base_model,
        recommended=recommended,
        reason=reason,
        created_at=created,
        train_pairs=inputs.train_pairs,
        eval_queries=len(inputs.held_out.queries),
        held_out={m: {"base": base_held[m], "new": new_held[m]} for m in METRICS},
    ).write(folder)

    _write_json(
        folder / "training_args.json",
        {
            "options": asdict(inputs.options),
            "trainer": inputs.trainer_args,
            "device": asdict(inputs.device),
            "train_pairs": inputs.train_pairs,
            "steps": inputs.steps,
            "train_seconds": round(inputs.train_seconds, 1),
        },
    )
    metrics = {
        "base_model": inputs.base_model,
        "model": inputs.name,
        "metrics": list(METRICS),
        "recommended": recommended,
        "reason": reason,
        "splits": {
            split: {
                "queries": len(inputs.new_scores[split][1]),
                "base": inputs.base_scores[split][0],
                "new": inputs.new_scores[split][0],
            }
            for split in inputs.new_scores
        },
    }
    _write_json(folder / EVAL_DIR / METRICS_FILE, metrics)
    (folder / EVAL_DIR / "validation.txt").write_text(inputs.validation + "\n", "utf-8")
    comparison = comparison_html(
        inputs.held_out,
        inputs.base_scores["held_out"][1],
        inputs.new_scores["held_out"][1],
        title=f"{inputs.name} vs {inputs.base_model}",
        summary=reason,
    )
    (folder / EVAL_DIR / COMPARISON_FILE).write_text(comparison, "utf-8")
    (folder / "DEPLOYMENT.md").write_text(deployment_text(inputs.name, recommended), "utf-8")
    # Replaces the model card that sentence-transformers generates, because that card
    # quotes sample training pairs, which are company text that must not travel with
    # a copied model folder.
    (folder / "README.md").write_text(readme_text(inputs, reason), "utf-8")
    return {
        "name": inputs.name,
        "recommended": recommended,
        "reason": reason,
        "metrics": metrics["splits"],
        "train_seconds": round(inputs.train_seconds, 1),
        "steps": inputs.steps,
        "device": inputs.device.name,
    }


def _rank_text(rank: int | None) -> str:
    return str(rank) if rank is not None else "not in top 10"


def comparison_html(
    task: RetrievalTask,
    base_ranks: dict[str, int | None],
    new_ranks: dict[str, int | None],
    title: str,
    summary: str,
) -> str:
    """Return a standalone HTML page listing the held-out queries that changed rank."""

    def sort_key(rank: int | None) -> int:
        return rank if rank is not None else 11

    better, worse, same = [], [], 0
    for qid, text in task.queries.items():
        before, after = sort_key(base_ranks.get(qid)), sort_key(new_ranks.get(qid))
        row = (text, base_ranks.get(qid), new_ranks.get(qid), before - after)
        if after < before:
            better.append(row)
        elif after > before:
            worse.append(row)
        else:
            same += 1

    def table(rows: list[tuple[str, int | None, int | None, int]]) -> str:
        if not rows:
            return "<p>None.</p>"
        body = "".join(
            f"<tr><td>{html.escape(q)}</td><td>{_rank_text(b)}</td><td>{_rank_text(n)}</td></tr>"
            for q, b, n, _ in sorted(rows, key=lambda r: -abs(r[3]))
        )
        return f"<table><tr><th>Query</th><th>Base rank</th><th>New rank</th></tr>{body}</table>"

    style = (
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{style}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(summary)}</p>"
        f"<p>Rank of the answering passage among {len(task.corpus)} passages for "
        f"{len(task.queries)} held-out queries: {len(better)} better, {len(worse)} worse, "
        f"{same} unchanged.</p>"
        f"<h2>Better ({len(better)})</h2>{table(better)}"
        f"<h2>Worse ({len(worse)})</h2>{table(worse)}</body></html>\n"
    )


def readme_text(inputs: PackageInputs, reason: str) -> str:
    """Return a model card without training text: origin, size and held-out result."""
    return (
        f"# {inputs.name}\n\n"
        f"A sentence-transformers embedding model ({inputs.dimension} dimensions), "
        f"fine-tuned from {inputs.base_model} on {inputs.train_pairs} query-passage pairs "
        f"in {inputs.steps} steps on {inputs.device.name}.\n\n{reason}\n\n"
        "Metrics: `evaluation_results/performance_metrics.json`. Deployment: "
        "`DEPLOYMENT.md`.\n"
    )


def deployment_text(name: str, recommended: bool) -> str:
    """Return the DEPLOYMENT.md text for model ``name``."""
    warning = (
        ""
        if recommended
        else (
            "\nThis model did not beat its base model on the held-out queries "
            "(see `evaluation_results/performance_metrics.json`). Activating it needs "
            "`--force`.\n"
        )
    )
    force = "" if recommended else " --force"
    return f"""# Deploying {name}
{warning}
## Activate

    vnsearch models activate {name}{force}

Every chunk is embedded again with this model into a second table while search keeps
using the current model; the switch happens at the end. Interrupting the command
keeps the current model, and running it again resumes.

## Roll back

    vnsearch models rollback

The previous model's vectors are kept until you run `vnsearch models remove-previous`,
so a rollback only embeds the chunks that changed since the switch.

## Copy to another machine

Copy this whole folder into `<data folder>/models/{name}/` on the other machine (or
run `vnsearch models import PATH --name {name}` there), then activate it as above.
The folder is a standard sentence-transformers model and also loads with
`SentenceTransformer("{name}")` from its path.
"""
