"""Incremental indexing, bad files, metadata edits and model binding."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from tests.engine.corpus_builders import DOCS, write_corpus
from tests.engine.extract_builders import (
    encode_cp1258,
    encrypt_pdf,
    make_image_only_pdf,
    make_text_pdf,
    truncate_file,
)
from vnsearch.errors import IndexMismatchError
from vnsearch.indexing.sidecar import DocMetadata

TEXT = "Nhân viên mới nhận máy tính xách tay trong ngày làm việc đầu tiên tại Phòng CNTT."


def _issues(report) -> dict[str, str]:
    return {Path(i.path).name: i.code for i in report.issues}


def _chunk_ids(engine) -> list[str]:
    table = engine.store.chunks.search().select(["chunk_id"]).limit(None).to_arrow()
    return table["chunk_id"].to_pylist()


def test_index_bad_inputs_are_recorded_and_run_completes(tmp_path, engine_factory):
    folder = tmp_path / "docs"
    folder.mkdir()
    good_pdf = make_text_pdf(folder / "tot.pdf", [[("Quy định về thiết bị. " + TEXT, 12)]])
    encrypt_pdf(good_pdf, folder / "ma-hoa.pdf", "secret", "owner")
    truncate_file(good_pdf, folder / "hong.pdf", 0.5)
    (folder / "rong.docx").write_bytes(b"")
    make_image_only_pdf(folder / "scan.pdf")
    (folder / "utf16.txt").write_text("Hướng dẫn đổi mật khẩu email.", encoding="utf-16")
    (folder / "cp1258.txt").write_bytes(encode_cp1258("Quy định về nghỉ phép năm"))
    nfd_name = unicodedata.normalize("NFD", "Quy định công tác.txt")
    (folder / nfd_name).write_text("Chế độ công tác phí trong nước.", encoding="utf-8")
    deep = folder.joinpath(*[f"thu-muc-con-so-{i:02d}" for i in range(12)])
    deep.mkdir(parents=True)
    (deep / "sau.md").write_text("# Tài liệu sâu\n\nNội dung nằm rất sâu trong cây thư mục.")
    (folder / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word file")
    assert len(str(deep / "sau.md")) > 260

    engine = engine_factory()
    report = engine.index([folder])

    assert _issues(report) == {
        "ma-hoa.pdf": "encrypted",
        "hong.pdf": "corrupt",
        "rong.docx": "empty",
        "scan.pdf": "no_text_layer",
        "cu.doc": "legacy_doc",
    }
    assert report.added == 5
    rows = {Path(r["path"]).name: r for r in engine.store.document_rows()}
    assert rows["scan.pdf"]["status"] == "skipped"
    assert "OCR" in rows["scan.pdf"]["error_reason"]
    assert rows["ma-hoa.pdf"]["chunk_count"] == 0
    cp1258 = engine.search("Quy định về nghỉ phép năm", access_level=3, mode="fts").hits
    assert cp1258[0].path.endswith("cp1258.txt")
    assert cp1258[0].text == "Quy định về nghỉ phép năm"
    utf16 = engine.search("đổi mật khẩu email", access_level=3, mode="fts").hits
    assert utf16[0].path.endswith("utf16.txt")
    nfd = engine.search("công tác phí", access_level=3, mode="fts").hits
    assert nfd[0].title == "Quy định công tác"
    assert os.path.exists(nfd[0].path)
    assert any(h.path.endswith("sau.md") for h in engine.search("rất sâu", access_level=3).hits)


def test_index_second_run_is_incremental(tmp_path, engine_factory):
    folder = write_corpus(tmp_path / "docs")
    engine = engine_factory()
    first = engine.index([folder])
    before = sorted(_chunk_ids(engine))

    second = engine.index([folder])

    assert (first.added, second.added, second.updated) == (len(DOCS), 0, 0)
    assert second.unchanged == len(DOCS)
    assert second.chunks_added == 0
    assert sorted(_chunk_ids(engine)) == before


def test_index_detects_changed_new_and_deleted_files(tmp_path, engine_factory):
    folder = write_corpus(tmp_path / "docs")
    engine = engine_factory()
    engine.index([folder])

    (folder / "vpn.txt").write_text("Hướng dẫn VPN mới\n\nDùng OpenVPN thay cho WireGuard.")
    (folder / "moi.txt").write_text("Quy định mới về bãi đỗ xe máy của nhân viên.")
    (folder / "nghi-phep.txt").unlink()
    report = engine.index([folder])

    assert (report.added, report.updated, report.deleted) == (1, 1, 1)
    names = {Path(r["path"]).name for r in engine.store.document_rows()}
    assert "nghi-phep.txt" not in names
    assert engine.store.chunk_count("path LIKE '%nghi-phep.txt'") == 0
    hits = engine.search("OpenVPN", access_level=3, mode="fts").hits
    assert hits[0].path.endswith("vpn.txt")
    assert engine.search("xác thực hai lớp", access_level=3, mode="fts").hits == []


def test_index_touched_file_is_not_reembedded(tmp_path, engine_factory):
    folder = write_corpus(tmp_path / "docs")
    engine = engine_factory()
    engine.index([folder])
    os.utime(folder / "vpn.txt", (1_700_000_000, 1_700_000_000))

    report = engine.index([folder])

    assert report.updated == 0
    assert report.chunks_added == 0
    row = engine.store.documents_by_path(str(folder))[str(folder / "vpn.txt")]
    assert row["modified"] == 1_700_000_000


def test_sidecar_edit_changes_metadata_without_reembedding(tmp_path, engine_factory):
    folder = write_corpus(tmp_path / "docs")
    engine = engine_factory()
    engine.index([folder])
    vectors_before = _vectors(engine, "vpn.txt")
    sidecar = json.loads((folder / ".vnsearch.json").read_text("utf-8"))
    sidecar["files"]["vpn.txt"].update(access_level=3, department="An ninh", tags=["mật"])
    (folder / ".vnsearch.json").write_text(json.dumps(sidecar, ensure_ascii=False), "utf-8")

    report = engine.index([folder])

    assert report.metadata_updated == 1
    assert report.chunks_added == 0
    assert engine.search("VPN WireGuard", access_level=2).hits[0].path.endswith("vpn.txt") is False
    hit = engine.search("VPN WireGuard", access_level=3).hits[0]
    assert (hit.access_level, hit.department, hit.tags) == (3, "An ninh", ("mật",))
    np.testing.assert_array_equal(_vectors(engine, "vpn.txt"), vectors_before)


def test_run_defaults_apply_where_no_sidecar(tmp_path, engine_factory):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    engine = engine_factory()

    engine.index([folder], DocMetadata(access_level=2, department="CNTT", doc_type="report"))

    hit = engine.search("máy tính xách tay", access_level=3).hits[0]
    assert (hit.access_level, hit.department, hit.doc_type) == (2, "CNTT", "report")
    assert engine.search("máy tính xách tay", access_level=1).hits == []


def test_invalid_sidecar_is_reported_and_run_continues(tmp_path, engine_factory):
    folder = write_corpus(tmp_path / "docs")
    (folder / ".vnsearch.json").write_text('{"defaults": {"access_level": 9}}', "utf-8")
    engine = engine_factory()

    report = engine.index([folder], DocMetadata(access_level=1))

    assert _issues(report) == {"docs": "invalid_metadata"}
    assert "Invalid access level 9" in report.issues[0].reason
    assert report.added == len(DOCS)


def test_cancel_keeps_committed_files(tmp_path, engine_factory):
    import threading

    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(12):
        (folder / f"f{i:02d}.txt").write_text(f"Tài liệu số {i}. " + " ".join([TEXT] * 30))
    engine = engine_factory(commit_chunks=8)  # commit every few files
    cancel = threading.Event()

    def on_progress(event):
        if event.phase == "indexing" and event.chunks_done > 0:
            cancel.set()

    report = engine.index([folder], on_progress=on_progress, cancel=cancel)

    assert report.cancelled
    indexed = [r for r in engine.store.document_rows() if r["status"] == "indexed"]
    assert 0 < len(indexed) < 12
    assert engine.store.chunk_count() == sum(r["chunk_count"] for r in indexed)
    resumed = engine.index([folder])
    assert resumed.added == 12 - len(indexed)


def test_index_refuses_another_model(tmp_path, engine_factory, default_embedder):
    from vnsearch.config import Settings
    from vnsearch.engine import Engine
    from vnsearch.models.embedder import Embedder

    folder = write_corpus(tmp_path / "docs")
    engine = engine_factory()
    engine.index([folder])
    other = Embedder(default_embedder.path, "another-model", "cpu")
    other._model = default_embedder.model  # same weights, another id: must still be refused

    reopened = Engine(engine.data_dir, Settings(device="cpu"), embedder=other)
    with pytest.raises(IndexMismatchError, match="vnsearch reindex --model another-model"):
        reopened.index([folder])


def test_index_missing_folder_is_reported(tmp_path, engine_factory):
    report = engine_factory().index([tmp_path / "khong-co"])
    assert _issues(report) == {"khong-co": "not_found"}


def _vectors(engine, name: str) -> np.ndarray:
    table = (
        engine.store.chunks.search()
        .where(f"path LIKE '%{name}'")
        .select(["chunk_id", "vector"])
        .limit(None)
        .to_arrow()
        .sort_by("chunk_id")
    )
    return np.stack(table["vector"].to_numpy(zero_copy_only=False))
