"""LanceDB storage of documents and chunks, with crash-safe replacement.

Commit protocol for a batch of documents: (1) delete every chunk of those documents,
(2) add their new chunks, (3) upsert their document rows. Each step is one atomic
LanceDB commit. A document counts as indexed only once step 3 has landed with its
new sha256. A run killed between steps therefore leaves either the previous state or
orphan chunks of a document that the next run processes again, deleting them first.
Nothing already committed is lost and no chunk is stored twice.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import lancedb
import pyarrow as pa

from vnsearch.errors import IndexMismatchError
from vnsearch.store.filters import sql_string
from vnsearch.store.meta import META_FILE, IndexMeta, read_meta, write_meta
from vnsearch.store.schema import chunks_schema, documents_schema

logger = logging.getLogger("vnsearch.index")

DOCUMENTS_TABLE = "documents"
_ID_BATCH = 500


def _file_stat(path: Path) -> tuple[int, int, int] | None:
    """Return (inode, size, mtime_ns) of ``path``, or None when it does not exist."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _in_clause(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(sql_string(v) for v in values)})"


class IndexStore:
    """The on-disk index: a LanceDB database folder plus ``meta.json``.

    Args:
        index_dir: folder of the LanceDB database (created when missing).
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self.db = lancedb.connect(str(self.index_dir))
        self._lock = threading.RLock()
        # Guards the pair (meta, _chunks) only, never a table write, so that a search
        # taking a snapshot does not wait for an indexing commit.
        self._meta_lock = threading.RLock()
        self._meta_stat = _file_stat(self.index_dir / META_FILE)
        self.meta = read_meta(self.index_dir)
        self.documents = self._open_or_create(DOCUMENTS_TABLE, documents_schema())
        self._chunks: Any = None

    # -- tables -----------------------------------------------------------

    def _table_names(self) -> set[str]:
        listing = self.db.list_tables()
        names = getattr(listing, "tables", listing)
        return set(names)

    def table_names(self) -> set[str]:
        """Names of every LanceDB table in the index folder."""
        return self._table_names()

    def open_chunks_table(self, name: str, dimension: int) -> Any:
        """Open the chunks table ``name``, creating it empty with vectors of ``dimension``."""
        with self._lock:
            return self._open_or_create(name, chunks_schema(dimension))

    def drop_table(self, name: str) -> None:
        """Drop a chunks table that no meta field names any more (missing is fine)."""
        with self._lock:
            if self.meta is not None and name == self.meta.chunks_table:
                raise ValueError(f"Cannot drop {name!r}: it is the active chunks table.")
            if name in self._table_names():
                self.db.drop_table(name)

    def _open_or_create(self, name: str, schema: pa.Schema) -> Any:
        if name in self._table_names():
            return self.db.open_table(name)
        return self.db.create_table(name, schema=schema)

    @property
    def chunks(self) -> Any:
        """The active chunks table (the one ``meta.chunks_table`` names).

        Raises:
            IndexMismatchError: when the index has no model yet.
        """
        with self._meta_lock:
            if self._chunks is None:
                if self.meta is None:
                    raise IndexMismatchError(
                        "The index is empty. Index a folder first: vnsearch index PATH"
                    )
                self._chunks = self._open_or_create(
                    self.meta.chunks_table, chunks_schema(self.meta.dimension)
                )
            return self._chunks

    @property
    def write_lock(self) -> threading.RLock:
        """Lock taken by every write to the tables.

        A model switch takes it to catch up with the last commits and swap tables with
        no commit in between.
        """
        return self._lock

    def refresh_meta(self) -> None:
        """Re-read ``meta.json`` when another process replaced it since the last read.

        A model switch in another process (``vnsearch models activate``) then takes
        effect here on the next search. The check costs one ``stat`` call.
        """
        stat = _file_stat(self.index_dir / META_FILE)
        if stat == self._meta_stat:
            return
        with self._meta_lock:
            meta = read_meta(self.index_dir)
            if self.meta is None or meta is None or meta.chunks_table != self.meta.chunks_table:
                self._chunks = None
            self.meta = meta
            self._meta_stat = stat

    def pinned(self) -> IndexStore:
        """Return a view of this store whose meta and chunks table never change.

        A model switch replaces ``meta`` and the chunks table of this store together.
        A search that runs on a pinned view keeps the pair it started with, so its
        query vector and the table's vectors come from the same model.
        """
        self.refresh_meta()
        with self._meta_lock:
            view = copy.copy(self)
            if self.meta is not None:
                view.meta = copy.copy(self.meta)
                view._chunks = self.chunks
            return view

    def commit_meta(self, meta: IndexMeta, chunks: Any | None = None) -> None:
        """Replace ``meta.json`` atomically and make ``meta`` (and its table) active.

        Args:
            meta: the new metadata.
            chunks: the already opened table that ``meta.chunks_table`` names, or None
                to open it on first use.
        """
        with self._lock, self._meta_lock:
            self._write_meta(meta)
            if self.meta is None or meta.chunks_table != self.meta.chunks_table:
                self._chunks = chunks
            self.meta = meta

    def _write_meta(self, meta: IndexMeta) -> None:
        write_meta(self.index_dir, meta)
        self._meta_stat = _file_stat(self.index_dir / META_FILE)

    def has_chunks(self) -> bool:
        """Return True when the index has a chunks table with at least one row."""
        return self.meta is not None and self.chunks.count_rows() > 0

    def bind_model(
        self, model_id: str, dimension: int, chunk_tokens: int, chunk_overlap_tokens: int
    ) -> IndexMeta:
        """Record the model of a new index, or check that an existing index used it.

        Raises:
            IndexMismatchError: when the index contains vectors of another model or other
                chunking settings; the message names the command that rebuilds it.
        """
        with self._lock:
            if self.meta is None:
                self.meta = IndexMeta(model_id, dimension, chunk_tokens, chunk_overlap_tokens)
                self._write_meta(self.meta)
                return self.meta
            meta = self.meta
            if meta.model_id != model_id or meta.dimension != dimension:
                raise IndexMismatchError(
                    f"The index was built with model '{meta.model_id}' ({meta.dimension} "
                    f"dimensions), not '{model_id}' ({dimension} dimensions); vectors of two "
                    f"models cannot be mixed. Re-index everything with the new model: "
                    f"vnsearch reindex --model {model_id}"
                )
            if (meta.chunk_tokens, meta.chunk_overlap_tokens) != (
                chunk_tokens,
                chunk_overlap_tokens,
            ):
                raise IndexMismatchError(
                    f"The index uses chunks of {meta.chunk_tokens} tokens with "
                    f"{meta.chunk_overlap_tokens} overlap, not {chunk_tokens}/"
                    f"{chunk_overlap_tokens}. Re-index with the new settings: "
                    f"vnsearch reindex --chunk-tokens {chunk_tokens} "
                    f"--overlap-tokens {chunk_overlap_tokens}"
                )
            return meta

    def reset_chunks(self, meta: IndexMeta) -> None:
        """Drop all chunks and bind the index to new model or chunking settings.

        Document rows lose their indexed status, so the next run re-embeds every file.
        """
        with self._lock:
            if self.meta is not None:
                old = [self.meta.binding, self.meta.previous, self.meta.pending]
                for binding in old:
                    if binding is not None and binding.chunks_table in self._table_names():
                        self.db.drop_table(binding.chunks_table)
            meta.sources = self.meta.sources if self.meta else meta.sources
            with self._meta_lock:
                self._chunks = None
                self.meta = meta
                self._write_meta(meta)
            if self.documents.count_rows() > 0:
                self.documents.update(where="status = 'indexed'", values={"sha256": ""})

    def add_source(self, root: str, defaults: dict[str, Any]) -> None:
        """Remember an indexed folder and the defaults it was indexed with."""
        with self._lock:
            if self.meta is None:
                return
            self.meta.sources = [s for s in self.meta.sources if s.root != root]
            from vnsearch.store.meta import SourceFolder

            self.meta.sources.append(SourceFolder(root, defaults))
            self._write_meta(self.meta)

    # -- reads ------------------------------------------------------------

    def document_rows(self, where: str | None = None) -> list[dict[str, Any]]:
        """Return document rows (all, or those matching ``where``)."""
        query = self.documents.search()
        if where:
            query = query.where(where)
        columns = [f.name for f in documents_schema()]
        return query.select(columns).limit(None).to_arrow().to_pylist()

    def documents_by_path(self, root: str | None = None) -> dict[str, dict[str, Any]]:
        """Return document rows keyed by path, optionally limited to one root folder."""
        where = f"root = {sql_string(root)}" if root else None
        return {row["path"]: row for row in self.document_rows(where)}

    def chunk_count(self, where: str | None = None) -> int:
        """Number of chunks, optionally matching ``where``."""
        if self.meta is None:
            return 0
        return int(self.chunks.count_rows(where) if where else self.chunks.count_rows())

    def chunk_counts_by_document(self, where: str | None = None) -> dict[str, int]:
        """Count the chunks of each doc_id in the active table (optionally matching ``where``).

        The documents table's ``chunk_count`` is written at indexing time. After a
        switch with other chunk sizes, only the active chunks table has the right count.
        """
        if self.meta is None:
            return {}
        query = self.chunks.search()
        if where:
            query = query.where(where)
        ids = query.select(["doc_id"]).limit(None).to_arrow()
        counts = ids.group_by("doc_id").aggregate([("doc_id", "count")])
        doc_ids, totals = counts["doc_id"].to_pylist(), counts["doc_id_count"].to_pylist()
        return dict(zip(doc_ids, totals, strict=True))

    # -- writes -----------------------------------------------------------

    def commit_documents(
        self, doc_rows: Sequence[dict[str, Any]], chunk_rows: Sequence[dict[str, Any]]
    ) -> None:
        """Replace the chunks of ``doc_rows`` by ``chunk_rows``, then upsert the rows."""
        if not doc_rows:
            return
        with self._lock:
            doc_ids = [row["doc_id"] for row in doc_rows]
            self._delete_chunks(doc_ids)
            if chunk_rows:
                schema = self.chunks.schema
                self.chunks.add(pa.Table.from_pylist(list(chunk_rows), schema=schema))
            self._upsert_documents(doc_rows)

    def _upsert_documents(self, doc_rows: Sequence[dict[str, Any]]) -> None:
        table = pa.Table.from_pylist(list(doc_rows), schema=documents_schema())
        (
            self.documents.merge_insert("doc_id")
            .when_matched_update_all()
            .when_not_matched_insert_all()
            .execute(table)
        )

    def _delete_chunks(self, doc_ids: Sequence[str]) -> None:
        if self.meta is None:
            return
        for start in range(0, len(doc_ids), _ID_BATCH):
            self.chunks.delete(_in_clause("doc_id", doc_ids[start : start + _ID_BATCH]))

    def update_document_fields(self, doc_ids: Sequence[str], values: dict[str, Any]) -> None:
        """Set plain fields of documents (e.g. mtime after an unchanged-content touch)."""
        with self._lock:
            for start in range(0, len(doc_ids), _ID_BATCH):
                batch = doc_ids[start : start + _ID_BATCH]
                self.documents.update(where=_in_clause("doc_id", batch), values=values)

    def update_metadata(self, doc_ids: Sequence[str], values: dict[str, Any]) -> None:
        """Change filter fields of documents and their chunks without re-embedding.

        Chunks are updated first: a crash in between leaves the document row with the
        old values, and repeating the edit converges.
        """
        allowed = {"access_level", "department", "doc_type", "tags"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"Cannot edit {sorted(unknown)}; editable: {sorted(allowed)}")
        with self._lock:
            for start in range(0, len(doc_ids), _ID_BATCH):
                where = _in_clause("doc_id", doc_ids[start : start + _ID_BATCH])
                if self.meta is not None:
                    self.chunks.update(where=where, values=values)
                self.documents.update(where=where, values=values)

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        """Remove documents and their chunks from the index."""
        if not doc_ids:
            return
        with self._lock:
            self._delete_chunks(doc_ids)
            for start in range(0, len(doc_ids), _ID_BATCH):
                self.documents.delete(_in_clause("doc_id", doc_ids[start : start + _ID_BATCH]))

    def remove_orphan_chunks(self) -> int:
        """Delete chunks whose document is not marked indexed (left by a killed run)."""
        if self.meta is None or self.chunks.count_rows() == 0:
            return 0
        with self._lock:
            indexed = {
                r["doc_id"]
                for r in self.documents.search()
                .where("status = 'indexed'")
                .select(["doc_id"])
                .limit(None)
                .to_arrow()
                .to_pylist()
            }
            chunk_docs = set(
                self.chunks.search().select(["doc_id"]).limit(None).to_arrow()["doc_id"].to_pylist()
            )
            orphans = sorted(chunk_docs - indexed)
            if orphans:
                logger.info("Removing chunks of %d interrupted documents", len(orphans))
                self._delete_chunks(orphans)
            return len(orphans)

    # -- maintenance ------------------------------------------------------

    def ensure_indexes(self) -> None:
        """Create the full-text and scalar indexes that are missing, and the vector index.

        The vector index is built once the chunks table reaches its size threshold and
        rebuilt when the table has outgrown it (see ``vnsearch.store.vector_index``).
        """
        from lancedb.index import FTS, Bitmap, BTree, LabelList

        from vnsearch.store.vector_index import ensure_vector_index

        with self._lock:
            if self.meta is None or self.chunks.count_rows() == 0:
                return
            existing = {tuple(ix.columns) for ix in self.chunks.list_indices()}
            fts_exact = FTS(
                with_position=True,
                base_tokenizer="simple",
                lower_case=True,
                stem=False,
                remove_stop_words=False,
                ascii_folding=False,
                max_token_length=60,
            )
            fts_folded = FTS(
                with_position=True,
                base_tokenizer="simple",
                lower_case=True,
                stem=False,
                remove_stop_words=False,
                ascii_folding=True,
                max_token_length=60,
            )
            wanted: list[tuple[str, Any]] = [
                ("fts_text", fts_exact),
                ("fts_folded", fts_folded),
                ("access_level", Bitmap()),
                ("department", Bitmap()),
                ("doc_type", Bitmap()),
                ("tags", LabelList()),
                ("modified", BTree()),
                ("doc_id", BTree()),
            ]
            for column, config in wanted:
                if (column,) not in existing:
                    self.chunks.create_index(column, config=config)
            ensure_vector_index(self.chunks)
            doc_existing = {tuple(ix.columns) for ix in self.documents.list_indices()}
            if ("doc_id",) not in doc_existing and self.documents.count_rows() > 0:
                self.documents.create_index("doc_id", config=BTree())

    def optimize(self, keep_versions_for: timedelta = timedelta(minutes=1)) -> None:
        """Compact small fragments, update indexes and prune old table versions.

        Updating indexes adds rows written since the last run to every existing index,
        the vector index included, after ``ensure_indexes`` built or rebuilt what it must.

        Versions younger than ``keep_versions_for`` survive, so a search that began
        reading one less than that long ago keeps its files.
        """
        with self._lock:
            self.ensure_indexes()
            for table in self._tables():
                table.optimize(cleanup_older_than=keep_versions_for)

    def _tables(self) -> Iterable[Any]:
        yield self.documents
        if self.meta is not None:
            yield self.chunks
