"""Incremental, cancellable, crash-safe indexing of folders into the store.

A reader thread extracts and chunks files while the calling thread embeds and
commits them in batches, so the CPU time of PDF parsing overlaps with the model.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnsearch.chunking import Chunk, Chunker
from vnsearch.errors import IndexCancelled
from vnsearch.extract import ExtractedDocument, ExtractionError, extract
from vnsearch.indexing.progress import FileIssue, IndexProgress, IndexReport
from vnsearch.indexing.scanner import ScannedFile, document_id, file_sha256, scan_folder
from vnsearch.indexing.sidecar import DocMetadata, MetadataResolver
from vnsearch.models.embedder import Embedder
from vnsearch.store.index_store import IndexStore
from vnsearch.textutil import fold_diacritics, nfc, with_bigrams

logger = logging.getLogger("vnsearch.index")

ProgressCallback = Callable[[IndexProgress], None]
# Default chunks embedded per commit: large enough that length-sorted batches need
# little padding, small enough that a commit lands every few seconds of model time.
_BATCH_CHUNKS = 192
_QUEUE_DOCS = 8


@dataclass
class _Prepared:
    """A file read by the reader thread, ready to embed (or an issue to record)."""

    scanned: ScannedFile
    doc_row: dict[str, Any]
    chunks: list[Chunk] = field(default_factory=list)
    issue: FileIssue | None = None


@dataclass
class IndexJob:
    """Options of one indexing run.

    Attributes:
        paths: folders (or single files) to index.
        defaults: metadata for files that no sidecar describes.
        suffixes: file suffixes to include (None = every supported type).
        exclude: glob patterns of files and folders to leave out.
        batch_size: passages per model batch.
        commit_chunks: chunks embedded before each commit.
    """

    paths: Sequence[Path]
    defaults: DocMetadata = field(default_factory=DocMetadata)
    suffixes: Iterable[str] | None = None
    exclude: Sequence[str] = ()
    batch_size: int = 32
    commit_chunks: int = _BATCH_CHUNKS


class Indexer:
    """Index folders into an :class:`IndexStore` with one embedding model."""

    def __init__(self, store: IndexStore, embedder: Embedder, chunker: Chunker) -> None:
        self.store = store
        self.embedder = embedder
        self.chunker = chunker

    def run(
        self,
        job: IndexJob,
        on_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> IndexReport:
        """Bring the index up to date with ``job.paths``; returns what changed.

        Cancelling (setting ``cancel``) stops after the batch in flight is committed.
        """
        report = IndexReport()
        cancel = cancel or threading.Event()
        emit = on_progress or (lambda _p: None)
        meta = self.store.bind_model(
            self.embedder.model_id,
            self.embedder.dimension,
            self.chunker.settings.chunk_tokens,
            self.chunker.settings.overlap_tokens,
        )
        logger.info("Indexing %s with model %s", [str(p) for p in job.paths], meta.model_id)
        self.store.remove_orphan_chunks()

        emit(IndexProgress("scanning", 0, 0))
        todo: list[tuple[ScannedFile, DocMetadata, Path]] = []
        for raw_root in job.paths:
            root = Path(os.path.abspath(raw_root))
            if not root.exists():
                report.issues.append(
                    FileIssue(str(root), "not_found", "The folder or file does not exist.")
                )
                continue
            todo.extend(self._plan_root(root, job, report))
            self.store.add_source(str(root), _defaults_json(job.defaults))

        total = len(todo)
        emit(IndexProgress("indexing", 0, total))
        self._process(todo, job, report, emit, cancel)

        if not report.cancelled or report.chunks_added:
            emit(IndexProgress("optimizing", total, total, chunks_done=report.chunks_added))
            self.store.optimize()
        report.elapsed_seconds = time.monotonic() - report.started
        emit(IndexProgress("done", total, total, chunks_done=report.chunks_added))
        logger.info(
            "Indexing finished: %d added, %d updated, %d unchanged, %d deleted, %d skipped, "
            "%d chunks in %.1f s%s",
            report.added,
            report.updated,
            report.unchanged,
            report.deleted,
            report.skipped,
            report.chunks_added,
            report.elapsed_seconds,
            " (cancelled)" if report.cancelled else "",
        )
        return report

    def index_extracted(
        self,
        items: Iterable[tuple[str, ExtractedDocument, DocMetadata]],
        batch_size: int = 32,
        on_progress: ProgressCallback | None = None,
    ) -> IndexReport:
        """Index documents that are already in memory (evaluation corpora).

        Each item is ``(doc_id, document, metadata)``; the document's ``path`` is stored
        as given. Existing chunks of the same ids are replaced.
        """
        report = IndexReport()
        self.store.bind_model(
            self.embedder.model_id,
            self.embedder.dimension,
            self.chunker.settings.chunk_tokens,
            self.chunker.settings.overlap_tokens,
        )
        emit = on_progress or (lambda _p: None)
        batch: list[_Prepared] = []
        items = list(items)
        for done, (doc_id, doc, meta) in enumerate(items, start=1):
            scanned = ScannedFile(doc.path, 0, 0)
            row = _doc_row(scanned, meta, doc.path.parent)
            row.update(doc_id=doc_id, title=doc.title, file_type=doc.file_type, sha256=doc_id)
            batch.append(_Prepared(scanned, row, self.chunker.chunk(doc)))
            if sum(len(p.chunks) for p in batch) >= _BATCH_CHUNKS * 4:
                self._embed_and_commit(batch, batch_size, report, set())
                batch = []
                emit(IndexProgress("indexing", done, len(items), doc.title, report.chunks_added))
        if batch:
            self._embed_and_commit(batch, batch_size, report, set())
        self.store.optimize()
        report.elapsed_seconds = time.monotonic() - report.started
        return report

    # -- planning ---------------------------------------------------------

    def _plan_root(
        self, root: Path, job: IndexJob, report: IndexReport
    ) -> list[tuple[ScannedFile, DocMetadata, Path]]:
        """Compare the files on disk with the store; return the files to (re)process."""
        resolver = MetadataResolver(root if root.is_dir() else root.parent, job.defaults)
        known = self.store.documents_by_path(str(root))
        seen: set[str] = set()
        todo: list[tuple[ScannedFile, DocMetadata, Path]] = []
        touched: list[tuple[str, dict[str, Any]]] = []
        relabelled: list[tuple[str, DocMetadata]] = []

        for scanned in scan_folder(root, job.suffixes, job.exclude):
            key = str(scanned.path)
            seen.add(key)
            meta = resolver.resolve(scanned.path)
            row = known.get(key)
            if row is None:
                todo.append((scanned, meta, root))
                continue
            same_stat = row["size"] == scanned.size and row["mtime_ns"] == scanned.mtime_ns
            # Touched but maybe not edited: the hash decides.
            if (
                not same_stat
                and row["status"] == "indexed"
                and row["sha256"]
                and file_sha256(scanned.path) == row["sha256"]
            ):
                stat_values = {
                    "size": scanned.size,
                    "mtime_ns": scanned.mtime_ns,
                    "modified": scanned.mtime_ns // 1_000_000_000,
                }
                touched.append((row["doc_id"], stat_values))
                same_stat = True
            needs_content = not same_stat or (row["status"] == "indexed" and not row["sha256"])
            if needs_content:
                todo.append((scanned, meta, root))
                continue
            report.unchanged += 1
            if row["status"] != "indexed":
                # Still unreadable: list it again so every report shows all such files.
                report.issues.append(FileIssue(key, row["error_code"], row["error_reason"]))
            elif _differs(row, meta):
                relabelled.append((row["doc_id"], meta))

        for doc_id, values in touched:
            self.store.update_document_fields([doc_id], values)
        for doc_id, meta in relabelled:
            values = meta.filter_values()
            self.store.update_metadata([doc_id], values)
            if meta.title:
                self.store.update_document_fields([doc_id], {"title": meta.title})
            report.metadata_updated += 1

        gone = [row["doc_id"] for path, row in known.items() if path not in seen]
        if gone:
            logger.info("Removing %d deleted files under %s", len(gone), root)
            self.store.delete_documents(gone)
            report.deleted += len(gone)
        for message in resolver.errors:
            report.issues.append(FileIssue(str(root), "invalid_metadata", message))
        return todo

    # -- processing -------------------------------------------------------

    def _process(
        self,
        todo: list[tuple[ScannedFile, DocMetadata, Path]],
        job: IndexJob,
        report: IndexReport,
        emit: ProgressCallback,
        cancel: threading.Event,
    ) -> None:
        ready: queue.Queue[_Prepared | None] = queue.Queue(maxsize=_QUEUE_DOCS)
        reader = threading.Thread(
            target=self._read_all, args=(todo, ready, cancel), name="vnsearch-reader", daemon=True
        )
        reader.start()
        pending: list[_Prepared] = []
        pending_chunks = 0
        committed_files = 0
        total = len(todo)
        total_bytes = sum(scanned.size for scanned, _, _ in todo) or 1
        committed_bytes = 0
        current_file = ""
        started = time.monotonic()
        known_ids = {r["doc_id"] for r in self.store.document_rows("status = 'indexed'")}

        def progress(chunks_done: int) -> None:
            # Files count once committed; the ETA scales elapsed time by the share of
            # bytes committed, because file sizes differ far more than file counts.
            elapsed = max(time.monotonic() - started, 1e-6)
            eta = None
            if committed_bytes:
                eta = elapsed * (total_bytes - committed_bytes) / committed_bytes
            emit(
                IndexProgress(
                    "indexing",
                    committed_files,
                    total,
                    current_file,
                    chunks_done,
                    chunks_done / elapsed,
                    eta,
                )
            )

        def flush() -> None:
            nonlocal pending, pending_chunks, committed_files, committed_bytes
            if pending:
                base = report.chunks_added
                try:
                    self._embed_and_commit(
                        pending,
                        job.batch_size,
                        report,
                        known_ids,
                        cancel,
                        on_batch=lambda encoded: progress(base + encoded),
                    )
                    committed_files += len(pending)
                    committed_bytes += sum(item.scanned.size for item in pending)
                except IndexCancelled:
                    logger.info(
                        "Cancelled while embedding; %d files left for the next run", len(pending)
                    )
            pending, pending_chunks = [], 0
            progress(report.chunks_added)

        try:
            while True:
                item = ready.get()
                if item is None:
                    break
                current_file = str(item.scanned.path)
                pending.append(item)
                pending_chunks += len(item.chunks)
                if pending_chunks >= job.commit_chunks:
                    flush()
                else:
                    progress(report.chunks_added)
                if cancel.is_set():
                    break
            flush()
        finally:
            cancel_reader = cancel.is_set()
            if cancel_reader:
                report.cancelled = True
                # Drain so the reader can see the cancel flag and exit.
                while reader.is_alive():
                    with contextlib.suppress(queue.Empty):
                        ready.get(timeout=0.1)
            reader.join()

    def _read_all(
        self,
        todo: list[tuple[ScannedFile, DocMetadata, Path]],
        out: queue.Queue[_Prepared | None],
        cancel: threading.Event,
    ) -> None:
        try:
            for scanned, meta, root in todo:
                if cancel.is_set():
                    break
                out.put(self._prepare(scanned, meta, root))
        finally:
            out.put(None)

    def _prepare(self, scanned: ScannedFile, meta: DocMetadata, root: Path) -> _Prepared:
        """Hash, extract and chunk one file; failures become an issue, never an exception."""
        row = _doc_row(scanned, meta, root)
        try:
            row["sha256"] = file_sha256(scanned.path)
            doc = extract(scanned.path)
            title = meta.title or doc.title or nfc(scanned.path.stem)
            row.update(title=title, file_type=doc.file_type, page_count=doc.page_count)
            chunks = self.chunker.chunk(_with_title(doc, title))
            for warning in doc.warnings:
                logger.info("%s: %s", scanned.path, warning)
        except ExtractionError as exc:
            return self._issue(scanned, row, "skipped", exc.reason, exc.message)
        except OSError as exc:
            return self._issue(
                scanned,
                row,
                "failed",
                "unreadable",
                f"The file could not be read ({exc.strerror or exc}). Check that it is not "
                "open in another program and that you may read it, then index again.",
            )
        except Exception as exc:
            logger.exception("Unexpected error while reading %s", scanned.path)
            return self._issue(
                scanned,
                row,
                "failed",
                "internal_error",
                f"Unexpected error ({type(exc).__name__}: {exc}). The details are in the log "
                "file; please report them.",
            )
        if not chunks:
            return self._issue(
                scanned, row, "skipped", "empty", "The file contains no text to index."
            )
        return _Prepared(scanned, row, chunks)

    @staticmethod
    def _issue(
        scanned: ScannedFile, row: dict[str, Any], status: str, code: str, reason: str
    ) -> _Prepared:
        logger.warning("Skipping %s: %s", scanned.path, reason)
        row.update(status=status, error_code=code, error_reason=reason, chunk_count=0)
        return _Prepared(scanned, row, [], FileIssue(str(scanned.path), code, reason))

    def _embed_and_commit(
        self,
        batch: list[_Prepared],
        batch_size: int,
        report: IndexReport,
        known_ids: set[str],
        cancel: threading.Event | None = None,
        on_batch: Callable[[int], None] | None = None,
    ) -> None:
        texts = [c.embed_text for item in batch for c in item.chunks]
        vectors = self.embedder.encode_passages(
            texts, batch_size=batch_size, cancel=cancel, on_batch=on_batch
        )
        chunk_rows: list[dict[str, Any]] = []
        offset = 0
        now = int(time.time())
        for item in batch:
            row = item.doc_row
            if item.issue is not None:
                report.issues.append(item.issue)
                continue
            for chunk in item.chunks:
                chunk_rows.append(_chunk_row(row, chunk, vectors[offset]))
                offset += 1
            row.update(
                status="indexed",
                error_code="",
                error_reason="",
                chunk_count=len(item.chunks),
                indexed_at=now,
                model_id=self.embedder.model_id,
            )
            if row["doc_id"] in known_ids:
                report.updated += 1
            else:
                report.added += 1
                known_ids.add(row["doc_id"])
        self.store.commit_documents([item.doc_row for item in batch], chunk_rows)
        report.chunks_added += len(chunk_rows)


def _defaults_json(meta: DocMetadata) -> dict[str, Any]:
    return {**meta.filter_values(), "title": meta.title}


def _differs(row: dict[str, Any], meta: DocMetadata) -> bool:
    current = (row["access_level"], row["department"], row["doc_type"], tuple(row["tags"] or ()))
    wanted = (meta.access_level, meta.department, meta.doc_type, meta.tags)
    return current != wanted or bool(meta.title and meta.title != row["title"])


def _with_title(doc: ExtractedDocument, title: str) -> ExtractedDocument:
    if doc.title == title:
        return doc
    return ExtractedDocument(
        path=doc.path,
        title=title,
        blocks=doc.blocks,
        page_count=doc.page_count,
        file_type=doc.file_type,
        warnings=doc.warnings,
    )


def _doc_row(scanned: ScannedFile, meta: DocMetadata, root: Path) -> dict[str, Any]:
    return {
        "doc_id": document_id(scanned.path),
        "path": str(scanned.path),
        "root": str(root),
        "title": meta.title or nfc(scanned.path.stem),
        "file_type": scanned.path.suffix.lower().lstrip("."),
        "sha256": "",
        "size": scanned.size,
        "mtime_ns": scanned.mtime_ns,
        "modified": scanned.mtime_ns // 1_000_000_000,
        **meta.filter_values(),
        "status": "failed",
        "error_code": "",
        "error_reason": "",
        "chunk_count": 0,
        "page_count": None,
        "indexed_at": int(time.time()),
        "model_id": "",
    }


def _chunk_row(doc: dict[str, Any], chunk: Chunk, vector: Any) -> dict[str, Any]:
    searchable = chunk.embed_text
    return {
        "chunk_id": f"{doc['doc_id']}-{chunk.seq:05d}",
        "doc_id": doc["doc_id"],
        "seq": chunk.seq,
        "text": chunk.text,
        "heading": chunk.heading,
        "title": doc["title"],
        "path": doc["path"],
        "page_start": chunk.page_start,
        "page_end": chunk.page_end,
        "token_count": chunk.token_count,
        "fts_text": with_bigrams(searchable),
        "fts_folded": with_bigrams(fold_diacritics(searchable)),
        "vector": vector,
        "access_level": doc["access_level"],
        "department": doc["department"],
        "doc_type": doc["doc_type"],
        "tags": doc["tags"],
        "modified": doc["modified"],
    }
