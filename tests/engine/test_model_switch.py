"""Switching the index's embedding model while searches run, after a crash, and back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import lancedb
import numpy as np
import pytest

from tests.engine.subprocess_kill import kill_when_ready, link_default_model
from tests.engine.tiny_models import tiny_embedding_model
from vnsearch.config import Settings
from vnsearch.engine import Engine
from vnsearch.models.registry import MANIFEST, import_model

E5 = "multilingual-e5-small"
TINY = "tiny-48"
COPY = "e5-copy"
QUERIES = ("nghỉ phép năm", "cài đặt VPN", "thẻ ra vào nhân viên mới", "thanh toán công tác phí")
TOPICS = (
    "nghỉ phép năm của người lao động",
    "cài đặt VPN và xác thực hai lớp",
    "cấp thẻ ra vào cho nhân viên mới",
    "thanh toán công tác phí và hóa đơn",
)


def _write_corpus(folder: Path, files: int, paragraphs: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(files):
        topic = TOPICS[i % len(TOPICS)]
        body = [
            f"Điều {j}. Tài liệu {i} quy định về {topic}. Phòng phụ trách kiểm tra hồ sơ trong "
            f"vòng {j + 2} ngày làm việc, ghi nhận kết quả vào sổ theo dõi và thông báo cho "
            "trưởng bộ phận bằng thư điện tử trước ngày cuối tháng."
            for j in range(paragraphs)
        ]
        text = f"Quy định số {i} về {topic}\n\n" + "\n\n".join(body)
        (folder / f"quy-dinh-{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _link_model_copy(source: Path, data_dir: Path, name: str) -> None:
    """Install ``source`` under another name by linking its files (no 450 MB copy)."""
    target = data_dir / "models" / name
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.name != MANIFEST:
            (target / item.name).symlink_to(item, target_is_directory=item.is_dir())
    manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    manifest["name"] = name
    (target / MANIFEST).write_text(json.dumps(manifest), "utf-8")


def _rows(index_dir: Path, table: str) -> list[dict]:
    db = lancedb.connect(str(index_dir))
    columns = ["chunk_id", "text", "vector"]
    return db.open_table(table).search().select(columns).limit(None).to_arrow().to_pylist()


def _meta(index_dir: Path) -> dict:
    return json.loads((index_dir / "meta.json").read_text("utf-8"))


@pytest.fixture
def engine(tmp_path, default_embedder) -> Engine:
    corpus = _write_corpus(tmp_path / "docs", files=8, paragraphs=4)
    engine = Engine(tmp_path / "data", Settings(device="cpu"), embedder=default_embedder)
    engine.index([corpus])
    return engine


def test_switch_while_searching_uses_one_model(tmp_path, engine, model_data_dir):
    tiny = tiny_embedding_model()
    import_model(engine.data_dir, tiny, name=TINY)
    link_default_model(model_data_dir, engine.data_dir)
    e5_table = engine.store.meta.chunks_table
    responses: list = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def search_loop() -> None:
        turn = 0
        while not stop.is_set():
            mode = ("hybrid", "dense")[turn % 2]
            try:
                responses.append(
                    engine.search(QUERIES[turn % len(QUERIES)], access_level=3, mode=mode)
                )
            except BaseException as exc:
                errors.append(exc)
            turn += 1

    searcher = threading.Thread(target=search_loop, name="vnsearch-test-search")
    searcher.start()
    try:
        while not responses and not errors:
            time.sleep(0.01)
        report = engine.activate_model(TINY)
        deadline = time.monotonic() + 60
        while not any(r.model_id == TINY for r in responses) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        searcher.join()

    assert not errors, errors[:3]
    assert report.switched
    assert report.rechunked
    meta = _meta(engine.store.index_dir)
    assert meta["model_id"] == TINY
    assert meta["dimension"] == 48
    assert meta["previous"]["model_id"] == E5
    assert meta["previous"]["chunks_table"] == e5_table
    assert {r.model_id for r in responses} == {E5, TINY}

    tables = {E5: e5_table, TINY: meta["chunks_table"]}
    contents = {
        model: {(r["chunk_id"], r["text"]) for r in _rows(engine.store.index_dir, table)}
        for model, table in tables.items()
    }
    assert contents[E5] != contents[TINY]
    for response in responses:
        assert response.hits, response.query
        hits = {(hit.chunk_id, hit.text) for hit in response.hits}
        assert hits <= contents[response.model_id], (response.model_id, response.query)
    vectors = _rows(engine.store.index_dir, meta["chunks_table"])
    assert {len(r["vector"]) for r in vectors} == {48}


def test_rollback_restores_previous_model(tmp_path, engine, model_data_dir):
    tiny = tiny_embedding_model()
    import_model(engine.data_dir, tiny, name=TINY)
    link_default_model(model_data_dir, engine.data_dir)
    before = engine.store.meta
    engine.activate_model(TINY)

    report = engine.rollback_model()

    meta = engine.store.meta
    assert report.switched
    assert meta.model_id == E5
    assert meta.dimension == before.dimension
    assert meta.chunks_table == before.chunks_table
    assert meta.previous is not None and meta.previous.model_id == TINY
    assert report.embedded == 0  # nothing changed since the switch: the old table is reused
    response = engine.search("nghỉ phép năm", access_level=3, mode="dense")
    assert response.model_id == E5
    assert response.hits

    tiny_table = meta.previous.chunks_table
    assert engine.remove_previous() == TINY
    assert engine.store.meta.previous is None
    assert tiny_table not in engine.store.table_names()
    with pytest.raises(Exception, match="no previous model"):
        engine.rollback_model()


def test_rollback_catches_up_with_new_documents(tmp_path, engine, model_data_dir):
    tiny = tiny_embedding_model()
    import_model(engine.data_dir, tiny, name=TINY)
    link_default_model(model_data_dir, engine.data_dir)
    engine.activate_model(TINY)
    extra = tmp_path / "docs" / "moi.txt"
    extra.write_text(
        "Quy định mới về gửi xe\n\nNhân viên gửi xe máy tại tầng hầm B2.", encoding="utf-8"
    )
    engine.index([tmp_path / "docs"])

    engine.rollback_model()

    hits = engine.search("gửi xe máy tầng hầm", access_level=3, mode="dense").hits
    assert engine.store.meta.model_id == E5
    assert any(hit.path.endswith("moi.txt") for hit in hits)


def test_activate_same_model_does_nothing(engine):
    report = engine.activate_model(E5)
    assert not report.switched
    assert engine.store.meta.model_id == E5


def test_activate_unknown_model_is_rejected(engine):
    with pytest.raises(Exception, match="not installed"):
        engine.activate_model("khong-co-mo-hinh")
    assert engine.store.meta.pending is None


def _activate_command(data_dir: Path, name: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "vnsearch",
        "--data-dir",
        str(data_dir),
        "--device",
        "cpu",
        "models",
        "activate",
        name,
        "--no-progress",
    ]


def _pending_rows(index_dir: Path) -> int:
    try:
        pending = _meta(index_dir).get("pending")
        if not pending:
            return 0
        return lancedb.connect(str(index_dir)).open_table(pending["chunks_table"]).count_rows()
    except (OSError, ValueError, RuntimeError):
        return 0


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX-only")
def test_kill_during_switch_then_rerun_completes(tmp_path, model_data_dir, default_embedder):
    corpus = _write_corpus(tmp_path / "docs", files=24, paragraphs=6)
    data_dir = tmp_path / "data"
    source_model = link_default_model(model_data_dir, data_dir)
    _link_model_copy(source_model, data_dir, COPY)
    # Small commits, so that the kill lands between two of them; fp32 torch in the
    # subprocess too, so its vectors can be compared with the fixture's.
    (data_dir / "settings.json").write_text(
        '{"commit_chunks": 4, "batch_size": 4, "encoder": "torch"}', encoding="utf-8"
    )
    engine = Engine(data_dir, Settings(device="cpu"), embedder=default_embedder)
    engine.index([corpus])
    index_dir = engine.store.index_dir
    source_rows = _rows(index_dir, engine.store.meta.chunks_table)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    kill_when_ready(
        _activate_command(data_dir, COPY),
        lambda: _pending_rows(index_dir) > 0,
        "the switch finished before it could be killed",
        "no batch was committed in time",
    )
    killed = _meta(index_dir)
    killed_rows = _pending_rows(index_dir)
    assert killed["model_id"] == E5
    assert 0 < killed_rows < len(source_rows)

    search = Engine(data_dir, Settings(device="cpu"))
    assert search.search("nghỉ phép năm", access_level=3, mode="dense").model_id == E5

    rerun = subprocess.run(
        [*_activate_command(data_dir, COPY), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    result = json.loads(rerun.stdout)
    meta = _meta(index_dir)
    assert meta["model_id"] == COPY
    assert meta["chunks_table"] == killed["pending"]["chunks_table"]
    assert meta["pending"] is None
    assert result["resumed"] == killed_rows
    assert result["embedded"] == len(source_rows) - killed_rows

    resumed_rows = _rows(index_dir, meta["chunks_table"])
    resumed_ids = [r["chunk_id"] for r in resumed_rows]
    assert len(resumed_rows) == len(source_rows)
    assert len(set(resumed_ids)) == len(resumed_ids)
    assert set(resumed_ids) == {r["chunk_id"] for r in source_rows}
    # Same weights under another name: every vector must match the original one, up
    # to the error of the int8 encoder that the command-line process may choose.
    original = {r["chunk_id"]: np.asarray(r["vector"]) for r in source_rows}
    for row in resumed_rows:
        cosine = float(np.dot(original[row["chunk_id"]], np.asarray(row["vector"])))
        assert cosine > 0.99, row["chunk_id"]
    assert search.search("nghỉ phép năm", access_level=3, mode="dense").model_id == COPY


def test_reindex_rechunks_into_new_table(engine):
    old = engine.store.meta
    chunks_before = engine.store.chunk_count()

    report = engine.reindex(chunk_tokens=128, overlap_tokens=16)

    meta = engine.store.meta
    assert not report.cancelled
    assert report.updated == len(engine.store.document_rows("status = 'indexed'"))
    assert (meta.chunk_tokens, meta.chunk_overlap_tokens) == (128, 16)
    assert meta.chunks_table != old.chunks_table
    assert meta.previous is not None and meta.previous.chunks_table == old.chunks_table
    assert engine.store.chunk_count() > chunks_before
    assert engine.search("nghỉ phép năm", access_level=3, mode="hybrid").hits
    counts = engine.store.chunk_counts_by_document()
    assert sum(counts.values()) == engine.store.chunk_count()
    indexed = engine.store.document_rows("status = 'indexed'")
    assert set(counts) == {row["doc_id"] for row in indexed}
