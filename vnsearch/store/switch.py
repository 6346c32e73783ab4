"""Model switch without downtime: fill a second chunks table, then swap ``meta.json``.

Steps of :func:`switch_model`:

1. Record the target (model, chunking settings, table name) as ``meta.pending``, so
   that a rerun after a crash resumes into the same table.
2. Fill the target table in committed batches while searches keep reading the active
   table. Stored chunk text is embedded again with the new model; when the chunking
   must change, every indexed file is extracted and chunked again instead.
3. Catch up under the store's write lock with what indexing changed meanwhile: rows
   added, edited (text or filter fields) or removed in the active table.
4. Replace ``meta.json`` atomically with the new model, dimension and table. The old
   binding becomes ``meta.previous``, so a rollback only has to catch up.

A crash or a cancel before step 4 leaves the active model serving. Every batch is one
LanceDB commit and a rerun skips the chunk ids (or documents) already in the target
table, so nothing is embedded twice and no chunk is stored twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from vnsearch.chunking import Chunker, ChunkingSettings, compose_embed_text
from vnsearch.errors import ConfigError, IndexCancelled
from vnsearch.extract import ExtractionError, extract
from vnsearch.models.embedder import Embedder
from vnsearch.store.filters import sql_string
from vnsearch.store.index_store import IndexStore
from vnsearch.store.meta import IndexMeta, ModelBinding
from vnsearch.store.schema import chunks_schema

logger = logging.getLogger("vnsearch.index")

SwitchPhase = Literal["preparing", "embedding", "catching_up", "switching", "done"]
SwitchProgressCallback = Callable[["SwitchProgress"], None]

# Columns that decide whether a row of the target table still matches the active
# table. A row that differs in any of them is embedded again.
_FINGERPRINT_COLUMNS = (
    "chunk_id",
    "doc_id",
    "text",
    "heading",
    "title",
    "path",
    "page_start",
    "page_end",
    "access_level",
    "department",
    "doc_type",
    "tags",
    "modified",
)
_DOC_FINGERPRINT_COLUMNS = (
    "doc_id",
    "path",
    "title",
    "access_level",
    "department",
    "doc_type",
    "tags",
    "modified",
)
_ID_BATCH = 500
_TABLE_PREFIX = "chunks__"
# Texts probed to decide whether two models split text into the same tokens.
_TOKENIZER_PROBES = (
    "Nhân viên được nghỉ phép năm 12 ngày, cộng thêm 1 ngày cho mỗi 5 năm làm việc.",
    "Quy trình thanh toán chi phí công tác: nộp hóa đơn VAT trong vòng 15 ngày.",
    "VPN, Wi-Fi và máy in: hướng dẫn cài đặt cho Windows 11 / macOS 14.",
)
_PROBE_CHUNKS = 64


@dataclass(frozen=True)
class SwitchProgress:
    """A snapshot of a running model switch.

    Attributes:
        phase: "preparing", "embedding", "catching_up", "switching" or "done".
        done, total: units finished out of the units to process in this run.
        unit: "chunks" when stored text is embedded again, "documents" when files are
            extracted and chunked again.
        per_second: throughput since the phase started.
        eta_seconds: estimated time left, or None before the first batch.
    """

    phase: SwitchPhase
    done: int
    total: int
    unit: Literal["chunks", "documents"] = "chunks"
    per_second: float = 0.0
    eta_seconds: float | None = None


@dataclass
class SwitchReport:
    """Outcome of a model switch.

    Attributes:
        model_id: the model active after the run (the old one when cancelled).
        previous_model_id: the model kept for rollback, or None.
        chunks_table: the table that the target model's vectors are in.
        chunks: rows in that table at the end.
        embedded: chunks embedded by this run.
        resumed: chunks found in the target table from an earlier, interrupted run.
        rechunked: True when files were extracted and chunked again.
        documents: documents extracted and chunked again (re-chunking only).
        switched: True when ``meta.json`` now names the target model.
        cancelled: True when the run stopped early; run the switch again to resume.
        issues: (path, reason) of files that could not be read again while re-chunking.
    """

    model_id: str
    previous_model_id: str | None
    chunks_table: str
    chunks: int = 0
    embedded: int = 0
    resumed: int = 0
    rechunked: bool = False
    documents: int = 0
    switched: bool = False
    cancelled: bool = False
    issues: list[tuple[str, str]] = field(default_factory=list)
    elapsed_seconds: float = 0.0


def table_name(model_id: str, generation: int) -> str:
    """Return the chunks table name for a model: ``chunks__<model>__<generation>``."""
    safe = re.sub(r"[^A-Za-z0-9_]+", "_", model_id).strip("_")[:60] or "model"
    return f"{_TABLE_PREFIX}{safe}__{generation}"


def same_tokenization(old: Embedder, new: Embedder, samples: Sequence[str] = ()) -> bool:
    """Return True when both models turn the probe texts and ``samples`` into the same ids.

    Stored chunks were sized with the old tokenizer; they keep their size under the
    new model only when both tokenizers agree. Comparing ids on real chunk text is a
    check, not a proof: two tokenizers could still differ on text outside the probe.
    """
    texts = [*_TOKENIZER_PROBES, *samples]
    old_ids = old.model.tokenizer(texts, add_special_tokens=False)["input_ids"]
    new_ids = new.model.tokenizer(texts, add_special_tokens=False)["input_ids"]
    return bool(old_ids == new_ids)


def needs_rechunk(
    meta: IndexMeta, chunking: ChunkingSettings, old: Embedder | None, new: Embedder, store: Any
) -> bool:
    """Decide whether a switch must extract and chunk the files again.

    Stored text is reused when the chunking settings stay, the new model accepts
    chunks of that size and both models tokenize alike. ``old`` is None when the
    active model is not installed any more, which forces re-chunking.
    """
    if (chunking.chunk_tokens, chunking.overlap_tokens) != (
        meta.chunk_tokens,
        meta.chunk_overlap_tokens,
    ):
        return True
    if new.max_seq_length < meta.chunk_tokens or old is None:
        return True
    sample_rows = store.chunks.search().select(["text"]).limit(_PROBE_CHUNKS).to_list()
    return not same_tokenization(old, new, [row["text"] for row in sample_rows])


def plan_target(
    meta: IndexMeta, model_id: str, dimension: int, chunking: ChunkingSettings, fresh: bool
) -> tuple[ModelBinding, IndexMeta]:
    """Choose the target binding and the meta to record before filling its table.

    A pending switch to the same model and settings is resumed and the previous model
    is reused (a rollback), unless ``fresh`` asks for a new table (re-chunking).
    Returns the target and the updated meta, with ``pending`` set.
    """
    wanted = (model_id, dimension, chunking.chunk_tokens, chunking.overlap_tokens)

    def matches(binding: ModelBinding | None) -> bool:
        if binding is None:
            return False
        key = (
            binding.model_id,
            binding.dimension,
            binding.chunk_tokens,
            binding.chunk_overlap_tokens,
        )
        return key == wanted

    generation = meta.table_generation
    if matches(meta.pending) and meta.pending is not None:
        target = meta.pending
    elif matches(meta.previous) and meta.previous is not None and not fresh:
        target = meta.previous
    else:
        generation += 1
        target = ModelBinding(
            model_id,
            dimension,
            chunking.chunk_tokens,
            chunking.overlap_tokens,
            table_name(model_id, generation),
        )
    return target, replace(meta, pending=target, table_generation=generation)


class ModelSwitch:
    """Fill a target chunks table for ``embedder`` and make it the active one.

    Args:
        store: the index; its active table is the source.
        embedder: the model to switch to.
        chunking: chunking settings of the target; the active ones when None.
        rechunk: extract and chunk every indexed file again instead of reusing the
            stored chunk text (see :func:`needs_rechunk`).
        batch_size: passages per model batch.
        commit_chunks: chunks embedded before each commit to the target table.
    """

    def __init__(
        self,
        store: IndexStore,
        embedder: Embedder,
        chunking: ChunkingSettings | None = None,
        rechunk: bool = False,
        batch_size: int = 32,
        commit_chunks: int = 192,
    ) -> None:
        if store.meta is None:
            raise ConfigError("The index is empty; there is nothing to re-embed.")
        if batch_size < 1 or commit_chunks < 1:
            raise ConfigError(
                f"Invalid batch size {batch_size} or commit size {commit_chunks}; use 1 or more."
            )
        self.store = store
        self.embedder = embedder
        meta = store.meta
        self.chunking = chunking or ChunkingSettings(meta.chunk_tokens, meta.chunk_overlap_tokens)
        self.rechunk = rechunk
        self.batch_size = batch_size
        self.commit_chunks = commit_chunks

    def run(
        self,
        on_progress: SwitchProgressCallback | None = None,
        cancel: threading.Event | None = None,
        fresh: bool = False,
    ) -> SwitchReport:
        """Run the switch; a cancelled or crashed run resumes when called again.

        Args:
            fresh: build a new table even when the previous model matches.
        """
        started = time.monotonic()
        emit = on_progress or (lambda _p: None)
        cancel = cancel or threading.Event()
        store = self.store
        meta = store.meta
        assert meta is not None

        emit(SwitchProgress("preparing", 0, 0))
        target, prepared = plan_target(
            meta, self.embedder.model_id, self.embedder.dimension, self.chunking, fresh
        )
        if target.chunks_table == meta.chunks_table:
            raise ConfigError(f"Model {target.model_id!r} is already active.")
        self._drop_stale_pending(meta, target)
        store.commit_meta(prepared)
        table = store.open_chunks_table(target.chunks_table, target.dimension)
        report = SwitchReport(
            model_id=meta.model_id,
            previous_model_id=meta.previous.model_id if meta.previous else None,
            chunks_table=target.chunks_table,
            rechunked=self.rechunk,
        )
        report.resumed = int(table.count_rows())
        logger.info(
            "Switching model %s -> %s into table %s (%d rows already there, %s)",
            meta.model_id,
            target.model_id,
            target.chunks_table,
            report.resumed,
            "re-chunking files" if self.rechunk else "re-embedding stored text",
        )

        try:
            self._sync(table, report, emit, cancel, final=False)
            with store.write_lock:
                self._sync(table, report, emit, cancel, final=True)
                emit(SwitchProgress("switching", 0, 0))
                self._activate(target, table, report)
        except IndexCancelled:
            report.cancelled = True
            logger.info("Model switch cancelled; %s keeps serving searches", meta.model_id)
        report.chunks = int(table.count_rows())
        report.elapsed_seconds = time.monotonic() - started
        emit(SwitchProgress("done", report.chunks, report.chunks))
        return report

    # -- steps ------------------------------------------------------------

    def _drop_stale_pending(self, meta: IndexMeta, target: ModelBinding) -> None:
        """Drop the table of an abandoned switch to another model."""
        stale = meta.pending
        keep = {meta.chunks_table, target.chunks_table}
        if meta.previous is not None:
            keep.add(meta.previous.chunks_table)
        if stale is not None and stale.chunks_table not in keep:
            logger.info("Dropping table %s of an unfinished switch", stale.chunks_table)
            self.store.drop_table(stale.chunks_table)

    def _sync(
        self,
        table: Any,
        report: SwitchReport,
        emit: SwitchProgressCallback,
        cancel: threading.Event,
        final: bool,
    ) -> None:
        """Bring the target table in line with the active one (one pass)."""
        phase: SwitchPhase = "catching_up" if final else "embedding"
        if self.rechunk:
            self._sync_documents(table, report, emit, cancel, phase)
        else:
            self._sync_chunks(table, report, emit, cancel, phase)

    def _activate(self, target: ModelBinding, table: Any, report: SwitchReport) -> None:
        """Replace ``meta.json``: the target becomes active, the active one previous."""
        meta = self.store.meta
        assert meta is not None
        old_previous = meta.previous
        switched = replace(
            meta,
            model_id=target.model_id,
            dimension=target.dimension,
            chunk_tokens=target.chunk_tokens,
            chunk_overlap_tokens=target.chunk_overlap_tokens,
            chunks_table=target.chunks_table,
            previous=meta.binding,
            pending=None,
        )
        self.store.commit_meta(switched, table)
        report.model_id = target.model_id
        report.previous_model_id = meta.model_id
        report.switched = True
        logger.info("Model %s is now active (table %s)", target.model_id, target.chunks_table)
        if old_previous is not None and old_previous.chunks_table not in (
            target.chunks_table,
            meta.chunks_table,
        ):
            logger.info(
                "Dropping table %s of model %s", old_previous.chunks_table, old_previous.model_id
            )
            self.store.drop_table(old_previous.chunks_table)

    # -- re-embedding stored text -----------------------------------------

    def _sync_chunks(
        self,
        table: Any,
        report: SwitchReport,
        emit: SwitchProgressCallback,
        cancel: threading.Event,
        phase: SwitchPhase,
    ) -> None:
        source = self.store.chunks
        wanted = _fingerprints(source, _FINGERPRINT_COLUMNS, "chunk_id")
        present = _fingerprints(table, _FINGERPRINT_COLUMNS, "chunk_id")
        stale = [cid for cid, print_ in present.items() if wanted.get(cid) != print_]
        _delete_ids(table, "chunk_id", stale)
        todo = {cid for cid, print_ in wanted.items() if present.get(cid) != print_}
        if not todo:
            return

        columns = [f.name for f in chunks_schema(1) if f.name != "vector"]
        timer = _Rate(len(todo))
        emit(SwitchProgress(phase, 0, len(todo)))
        reader = source.search().select(columns).limit(None).to_batches(self.commit_chunks)
        pending: list[dict[str, Any]] = []
        for batch in reader:
            pending.extend(row for row in batch.to_pylist() if row["chunk_id"] in todo)
            if len(pending) >= self.commit_chunks:
                self._embed_rows(table, pending, report, cancel)
                timer.add(len(pending))
                emit(timer.progress(phase))
                pending = []
        if pending:
            self._embed_rows(table, pending, report, cancel)
            timer.add(len(pending))
            emit(timer.progress(phase))

    def _embed_rows(
        self, table: Any, rows: list[dict[str, Any]], report: SwitchReport, cancel: threading.Event
    ) -> None:
        texts = [compose_embed_text(r["title"] or "", r["heading"] or "", r["text"]) for r in rows]
        vectors = self.embedder.encode_passages(texts, batch_size=self.batch_size, cancel=cancel)
        out = [{**row, "vector": vector} for row, vector in zip(rows, vectors, strict=True)]
        table.add(pa.Table.from_pylist(out, schema=table.schema))
        report.embedded += len(out)

    # -- re-chunking files ------------------------------------------------

    def _sync_documents(
        self,
        table: Any,
        report: SwitchReport,
        emit: SwitchProgressCallback,
        cancel: threading.Event,
        phase: SwitchPhase,
    ) -> None:
        docs = {r["doc_id"]: r for r in self.store.document_rows("status = 'indexed'")}
        wanted = {
            doc_id: _fingerprint(row, _DOC_FINGERPRINT_COLUMNS) for doc_id, row in docs.items()
        }
        present = _fingerprints(table, _DOC_FINGERPRINT_COLUMNS, "doc_id")
        stale = [doc_id for doc_id, print_ in present.items() if wanted.get(doc_id) != print_]
        _delete_ids(table, "doc_id", stale)
        todo = [doc_id for doc_id, print_ in wanted.items() if present.get(doc_id) != print_]
        if not todo:
            return

        from vnsearch.indexing.indexer import _with_title

        chunker = Chunker(self.embedder, self.chunking)
        timer = _Rate(len(todo))
        emit(SwitchProgress(phase, 0, len(todo), "documents"))
        pending: list[tuple[dict[str, Any], list[Any]]] = []
        for doc_id in todo:
            if cancel.is_set():
                raise IndexCancelled("The model switch was cancelled.")
            row = docs[doc_id]
            try:
                doc = extract(Path(row["path"]))
                chunks = chunker.chunk(_with_title(doc, row["title"]))
            except (ExtractionError, OSError) as exc:
                logger.warning("Cannot re-chunk %s: %s", row["path"], exc)
                report.issues.append((row["path"], str(exc)))
                timer.add(1)
                continue
            pending.append((row, chunks))
            if sum(len(c) for _, c in pending) >= self.commit_chunks:
                self._embed_documents(table, pending, report, cancel)
                timer.add(len(pending))
                emit(timer.progress(phase, "documents"))
                pending = []
        if pending:
            self._embed_documents(table, pending, report, cancel)
            timer.add(len(pending))
            emit(timer.progress(phase, "documents"))

    def _embed_documents(
        self,
        table: Any,
        items: list[tuple[dict[str, Any], list[Any]]],
        report: SwitchReport,
        cancel: threading.Event,
    ) -> None:
        from vnsearch.indexing.indexer import _chunk_row

        # The documents table keeps each file's chunk_count from indexing time; readers
        # that show counts take them from the active chunks table instead.
        texts = [chunk.embed_text for _, chunks in items for chunk in chunks]
        vectors = self.embedder.encode_passages(texts, batch_size=self.batch_size, cancel=cancel)
        rows: list[dict[str, Any]] = []
        offset = 0
        for doc_row, chunks in items:
            for chunk in chunks:
                rows.append(_chunk_row(doc_row, chunk, vectors[offset]))
                offset += 1
        report.documents += len(items)
        if rows:
            table.add(pa.Table.from_pylist(rows, schema=table.schema))
        report.embedded += len(rows)


# -- helpers --------------------------------------------------------------


class _Rate:
    """Throughput and time left of one phase."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.started = time.monotonic()

    def add(self, count: int) -> None:
        self.done += count

    def progress(
        self, phase: SwitchPhase, unit: Literal["chunks", "documents"] = "chunks"
    ) -> SwitchProgress:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate > 0 else None
        return SwitchProgress(phase, self.done, self.total, unit, rate, eta)


def _fingerprint(row: dict[str, Any], columns: Iterable[str]) -> str:
    values = [row.get(name) for name in columns]
    encoded = json.dumps(values, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def _fingerprints(table: Any, columns: Sequence[str], key: str) -> dict[str, str]:
    """Return key -> fingerprint of ``columns`` for every row (first row per key)."""
    out: dict[str, str] = {}
    reader = table.search().select(list(columns)).limit(None).to_batches(4096)
    for batch in reader:
        for row in batch.to_pylist():
            out.setdefault(row[key], _fingerprint(row, columns))
    return out


def _delete_ids(table: Any, column: str, ids: Sequence[str]) -> None:
    for start in range(0, len(ids), _ID_BATCH):
        batch = ids[start : start + _ID_BATCH]
        table.delete(f"{column} IN ({', '.join(sql_string(v) for v in batch)})")
