"""Handlers of the ``vnsearch`` subcommands."""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from vnsearch.cli.main import print_json
from vnsearch.config import load_settings
from vnsearch.engine import Engine
from vnsearch.indexing.progress import IndexProgress, IndexReport
from vnsearch.indexing.sidecar import DocMetadata
from vnsearch.search.searcher import SearchMode
from vnsearch.store.filters import SearchFilters

LEVEL_NAMES = {0: "public", 1: "internal", 2: "confidential", 3: "restricted"}


def _engine(args: argparse.Namespace, data_dir: Path, model: str | None = None) -> Engine:
    settings = load_settings(data_dir)
    if getattr(args, "device", None):
        settings.device = args.device
    return Engine(data_dir, settings, model_name=model)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class _ProgressBar:
    """Draw indexing progress with tqdm on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr is not None
        self.bar: Any = None

    def __call__(self, event: IndexProgress) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if event.phase == "indexing" and self.bar is None and event.files_total:
            self.bar = tqdm(total=event.files_total, unit="file", file=sys.stderr)
        if self.bar is not None:
            self.bar.n = event.files_done
            self.bar.set_postfix_str(
                f"{event.chunks_done} chunks, {event.chunks_per_second:.1f}/s", refresh=False
            )
            self.bar.refresh()
        if event.phase == "done" and self.bar is not None:
            self.bar.close()
            self.bar = None


def _report_json(report: IndexReport) -> dict[str, Any]:
    return {
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "metadata_updated": report.metadata_updated,
        "deleted": report.deleted,
        "chunks_added": report.chunks_added,
        "cancelled": report.cancelled,
        "elapsed_seconds": round(report.elapsed_seconds, 2),
        "issues": [{"path": i.path, "code": i.code, "reason": i.reason} for i in report.issues],
    }


def _print_report(report: IndexReport) -> None:
    print(
        f"Indexed: {report.added} new, {report.updated} changed, {report.unchanged} unchanged, "
        f"{report.deleted} removed, {report.chunks_added} chunks in "
        f"{report.elapsed_seconds:.1f} s."
    )
    if report.metadata_updated:
        print(f"Metadata updated without re-embedding: {report.metadata_updated} documents.")
    if report.issues:
        print(f"Not indexed ({len(report.issues)}):")
        for issue in report.issues:
            print(f"  {issue.path}\n    [{issue.code}] {issue.reason}")
    if report.cancelled:
        print("Cancelled: files committed before the cancel stay indexed.")


def _run_cancellable(fn: Any) -> IndexReport:
    """Run ``fn(cancel)`` in a worker thread; Ctrl+C cancels it cleanly."""
    cancel = threading.Event()
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["report"] = fn(cancel)
        except BaseException as exc:
            result["error"] = exc

    worker = threading.Thread(target=work, name="vnsearch-index")
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:
        _say("Cancelling after the current batch…")
        cancel.set()
        worker.join()
    if "error" in result:
        raise result["error"]
    return result["report"]


def cmd_index(args: argparse.Namespace, data_dir: Path) -> int:
    engine = _engine(args, data_dir, args.model)
    overrides: dict[str, Any] = {}
    if args.level is not None:
        overrides["access_level"] = args.level
    if args.department:
        overrides["department"] = args.department
    if args.doc_type:
        overrides["doc_type"] = args.doc_type
    if args.tags:
        overrides["tags"] = args.tags
    defaults = DocMetadata().merged(overrides)
    bar = _ProgressBar(not args.no_progress and not args.json)
    report = _run_cancellable(
        lambda cancel: engine.index(
            args.paths,
            defaults,
            exclude=args.exclude,
            on_progress=bar,
            cancel=cancel,
            model_progress=_say,
        )
    )
    if args.json:
        print_json(_report_json(report))
    else:
        _print_report(report)
    return 1 if report.cancelled else 0


def cmd_reindex(args: argparse.Namespace, data_dir: Path) -> int:
    engine = _engine(args, data_dir)
    bar = _ProgressBar(not args.no_progress and not args.json)
    report = _run_cancellable(
        lambda cancel: engine.reindex(
            args.model, args.chunk_tokens, args.overlap_tokens, bar, cancel, _say
        )
    )
    if args.json:
        print_json(_report_json(report))
    else:
        _print_report(report)
    return 1 if report.cancelled else 0


def cmd_search(args: argparse.Namespace, data_dir: Path) -> int:
    engine = _engine(args, data_dir)
    filters = SearchFilters(
        departments=tuple(args.department),
        doc_types=tuple(args.doc_type),
        tags=tuple(args.tag),
        modified_from=args.modified_from,
        modified_to=args.modified_to,
    )
    response = engine.search(
        args.query, access_level=args.level, filters=filters, top_k=args.top_k, mode=args.mode
    )
    if args.json:
        print_json(
            {
                "query": response.query,
                "mode": response.mode,
                "access_level": response.access_level,
                "model_id": response.model_id,
                "elapsed_ms": round(response.elapsed_ms, 1),
                "results": [h.to_json() for h in response.hits],
            }
        )
        return 0
    if not response.hits:
        print("No results.")
        return 0
    bold, reset = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("**", "**")
    for rank, hit in enumerate(response.hits, start=1):
        page = f", page {hit.page_start}" if hit.page_start else ""
        print(
            f"{rank}. {hit.title}  [{hit.doc_type}, {hit.department or '-'}, "
            f"level {hit.access_level}{page}]"
        )
        print(f"   {hit.snippet.marked(bold, reset).replace(chr(10), ' ')}")
        print(f"   {hit.path}")
    print(f"({len(response.hits)} documents, {response.elapsed_ms:.0f} ms)")
    return 0


def cmd_status(args: argparse.Namespace, data_dir: Path) -> int:
    engine = _engine(args, data_dir)
    status = engine.status(args.level)
    if args.json:
        print_json(status)
        return 0
    print(f"Data folder: {status['data_dir']}")
    if status["model_id"] is None:
        print("The index is empty. Index a folder: vnsearch index PATH")
        return 0
    print(f"Model: {status['model_id']} ({status['dimension']} dimensions)")
    print(f"Chunking: {status['chunk_tokens']} tokens, overlap {status['chunk_overlap_tokens']}")
    docs = status["documents"]
    print(
        f"Documents: {docs.get('indexed', 0)} indexed, {docs.get('skipped', 0)} skipped, "
        f"{docs.get('failed', 0)} failed; chunks: {status['chunks']}"
    )
    for root in status["sources"]:
        print(f"Folder: {root}")
    for issue in status["issues"]:
        print(f"  not indexed: {issue['path']}\n    [{issue['code']}] {issue['reason']}")
    return 0


def cmd_eval(args: argparse.Namespace, data_dir: Path) -> int:
    from vnsearch.evaluation.runner import format_table, run_evaluation

    modes: list[SearchMode] = ["dense", "fts", "hybrid"] if args.mode == "all" else [args.mode]
    settings = load_settings(data_dir)
    if args.device:
        settings.device = args.device
    result = run_evaluation(
        args.dataset,
        data_dir=data_dir,
        split=args.split,
        modes=modes,
        model_name=args.model,
        settings=settings,
        limit=args.limit,
        progress=_say,
    )
    if args.json:
        print_json(result)
    else:
        print(format_table(result))
    return 0


def cmd_models(args: argparse.Namespace, data_dir: Path) -> int:
    from vnsearch.models.registry import import_model, install_default, list_models

    if args.models_command == "install-default":
        info = install_default(data_dir, progress=_say)
        print(f"Installed {info.name} at {info.path}")
        return 0
    if args.models_command == "import":
        info = import_model(data_dir, args.source, kind=args.kind, name=args.name)
        print(
            f"Imported {info.kind} model {info.name} ({info.dimension or '-'} dimensions) "
            f"from {info.source}"
        )
        return 0
    engine_model = Engine(data_dir).store.meta
    active = engine_model.model_id if engine_model else None
    models = list_models(data_dir)
    if args.json:
        print_json(
            [
                {
                    "name": m.name,
                    "kind": m.kind,
                    "dimension": m.dimension,
                    "source": m.source,
                    "installed_at": m.installed_at,
                    "size_bytes": m.size_bytes,
                    "active": m.name == active,
                    "path": str(m.path),
                }
                for m in models
            ]
        )
        return 0
    if not models:
        print("No models installed. Run: vnsearch models install-default")
    for m in models:
        mark = "*" if m.name == active else " "
        size = m.size_bytes / 1e6
        when = datetime.fromisoformat(m.installed_at).strftime("%Y-%m-%d")
        print(
            f"{mark} {m.name:32} {m.kind:9} {m.dimension or '-':>5} dims  {size:7.1f} MB  "
            f"{when}  {m.source}"
        )
    return 0
