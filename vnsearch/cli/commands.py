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
from vnsearch.store.filters import SearchFilters
from vnsearch.store.switch import SwitchProgress, SwitchReport

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
    from vnsearch.evaluation.compare import default_report_dir, format_comparison, run_comparison
    from vnsearch.evaluation.modes import modes_for_option
    from vnsearch.evaluation.report import write_report

    settings = load_settings(data_dir)
    if args.device:
        settings.device = args.device
    names = [n.strip() for n in (args.models or "").split(",") if n.strip()]
    if args.model:
        names.append(args.model)
    comparison = run_comparison(
        args.dataset,
        data_dir,
        models=names or [None],
        modes=modes_for_option(args.mode),
        split=args.split,
        settings=settings,
        limit=args.limit,
        progress=_say,
        reranker_name=args.reranker,
    )
    html_path, json_path = write_report(comparison, args.report or default_report_dir(data_dir))
    if args.json:
        print_json(comparison)
    else:
        print(format_comparison(comparison))
    _say(f"Report: {html_path} (data: {json_path})")
    return 0


def cmd_models(args: argparse.Namespace, data_dir: Path) -> int:
    from vnsearch.models.registry import import_model, install_default, list_models

    if args.models_command == "install-default":
        info = install_default(data_dir, progress=_say)
        print(f"Installed {info.name} at {info.path}")
        return 0
    if args.models_command == "import":
        info = import_model(data_dir, args.source, kind=args.kind, name=args.name)
        if info.kind == "reranker":
            print(f"Imported re-ranker {info.name} from {info.source}")
        else:
            print(
                f"Imported embedding model {info.name} ({info.dimension} dimensions) "
                f"from {info.source}"
            )
        return 0
    if args.models_command in ("activate", "rollback", "remove-previous"):
        return _switch_models(args, data_dir)
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


class _SwitchBar:
    """Draw model-switch progress with tqdm on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr is not None
        self.bar: Any = None

    def __call__(self, event: SwitchProgress) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if event.phase in ("embedding", "catching_up") and event.total:
            if self.bar is None or self.bar.total != event.total:
                if self.bar is not None:
                    self.bar.close()
                self.bar = tqdm(total=event.total, unit=event.unit[:-1], file=sys.stderr)
                self.bar.set_description(event.phase.replace("_", " "))
            self.bar.n = event.done
            self.bar.refresh()
        if event.phase == "done" and self.bar is not None:
            self.bar.close()
            self.bar = None


def _switch_json(report: SwitchReport) -> dict[str, Any]:
    return {
        "model_id": report.model_id,
        "previous_model_id": report.previous_model_id,
        "chunks_table": report.chunks_table,
        "chunks": report.chunks,
        "embedded": report.embedded,
        "resumed": report.resumed,
        "rechunked": report.rechunked,
        "switched": report.switched,
        "cancelled": report.cancelled,
        "issues": [{"path": path, "reason": reason} for path, reason in report.issues],
        "elapsed_seconds": round(report.elapsed_seconds, 2),
    }


def _switch_models(args: argparse.Namespace, data_dir: Path) -> int:
    engine = _engine(args, data_dir)
    if args.models_command == "remove-previous":
        removed = engine.remove_previous()
        print(f"Removed the vectors of {removed}." if removed else "No previous model to remove.")
        return 0
    bar = _SwitchBar(not args.no_progress and not args.json)
    result: dict[str, SwitchReport] = {}

    def work(cancel: threading.Event) -> IndexReport:
        if args.models_command == "rollback":
            result["report"] = engine.rollback_model(bar, cancel)
        else:
            result["report"] = engine.activate_model(
                args.name, bar, cancel, allow_not_recommended=args.force
            )
        return IndexReport(cancelled=result["report"].cancelled)

    _run_cancellable(work)
    report = result["report"]
    if args.json:
        print_json(_switch_json(report))
    elif report.cancelled:
        print(
            f"Cancelled after embedding {report.embedded} chunks; {report.model_id} is still "
            "active. Run the same command again to resume."
        )
    elif not report.switched:
        print(f"{report.model_id} is already the active model.")
    else:
        print(
            f"Active model: {report.model_id} ({report.chunks} chunks, {report.embedded} embedded "
            f"now, {report.resumed} from an earlier run, {report.elapsed_seconds:.1f} s). "
            f"Roll back with: vnsearch models rollback"
        )
        for path, reason in report.issues:
            print(f"  not re-chunked: {path}\n    {reason}")
    return 1 if report.cancelled else 0


def cmd_finetune(args: argparse.Namespace, data_dir: Path) -> int:
    from vnsearch.finetune.devices import detect_device, recommend_options
    from vnsearch.finetune.job import FineTuneJob, TrainingProgress
    from vnsearch.finetune.prepare import DataSources, prepare_training_data

    engine = _engine(args, data_dir)
    sources = DataSources(
        from_feedback=args.from_feedback,
        pairs_files=args.pairs,
        hard_negative_files=args.hard_negatives,
        beir_dir=args.beir,
        beir_split=args.split,
        eval_pairs_file=args.eval_pairs,
        eval_beir_split=args.eval_split,
    )
    prepared = prepare_training_data(engine, sources, args.level)
    _say(prepared.report.to_text())
    if not prepared.report.ok:
        _say("Training data is not usable; fix the errors above.")
        return 2

    device = detect_device(engine.settings.device)
    options = recommend_options(device, prepared.report.train_pairs, engine.chunking().chunk_tokens)
    overrides = {"epochs": args.epochs, "batch_size": args.batch_size, "learning_rate": args.lr}
    for key, value in overrides.items():
        if value is not None:
            setattr(options, key, value)
            options.explanations.pop(key, None)
    options.max_steps = args.max_steps
    for text in options.explanations.values():
        _say(f"- {text}")
    base = engine.model_name
    name = args.name or f"{base}-ft-{datetime.now():%Y%m%d-%H%M}"

    def show(event: TrainingProgress) -> None:
        if event.phase == "training" and event.total_steps:
            loss = f"loss {event.loss:.4f}" if event.loss is not None else "loss -"
            score = f"held-out MRR@10 {event.eval_score:.3f}" if event.eval_score else ""
            eta = f"{event.eta_seconds:.0f} s left" if event.eta_seconds is not None else ""
            sys.stderr.write(f"\rstep {event.step}/{event.total_steps}  {loss}  {score}  {eta}   ")
            sys.stderr.flush()
        elif event.message:
            _say(f"\n{event.message}" if event.phase == "evaluating" else event.message)

    job = FineTuneJob(
        data_dir,
        base,
        name,
        prepared.data,
        prepared.mining_corpus,
        options,
        prepared.report.to_text(),
    )
    result_box: dict[str, Any] = {}

    def work(cancel: threading.Event) -> IndexReport:
        result_box["result"] = job.run(show, cancel)
        return IndexReport(cancelled=result_box["result"].cancelled)

    _run_cancellable(work)
    result = result_box["result"]
    if args.json:
        print_json(
            {
                "name": result.name,
                "path": str(result.path) if result.path else None,
                "recommended": result.recommended,
                "reason": result.reason,
                "metrics": result.metrics,
                "device": result.device,
                "train_seconds": result.train_seconds,
                "steps": result.steps,
                "cancelled": result.cancelled,
            }
        )
    elif result.cancelled:
        print("Training cancelled; no model was installed and the active model is unchanged.")
    else:
        _print_finetune_result(result)
    return 1 if result.cancelled else 0


def _print_finetune_result(result: Any) -> None:
    print(f"Model {result.name} trained in {result.train_seconds:.0f} s on {result.device}.")
    print(f"{'split':10}{'metric':10}{'base':>8}{'new':>8}")
    for split, values in result.metrics.items():
        for metric in ("mrr@10", "hit@1", "ndcg@10"):
            print(
                f"{split:10}{metric:10}{values['base'][metric]:>8.3f}{values['new'][metric]:>8.3f}"
            )
    verdict = "Recommended" if result.recommended else "Not recommended"
    print(f"{verdict}: {result.reason}")
    force = "" if result.recommended else " --force"
    print(f"Activate with: vnsearch models activate {result.name}{force}")
