"""A SIGKILL in the middle of indexing loses nothing committed and duplicates nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lancedb
import pytest

from tests.engine.subprocess_kill import kill_when_ready, link_default_model

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX-only")

SENTENCE = (
    "Phòng Hành chính cấp thẻ ra vào cho nhân viên mới trong vòng hai ngày làm việc sau khi "
    "nhận đủ hồ sơ, và thu hồi thẻ vào ngày làm việc cuối cùng của người nghỉ việc."
)


def _write_corpus(folder: Path, files: int = 36) -> None:
    folder.mkdir()
    for i in range(files):
        paragraphs = [f"Mục {j}. Tài liệu {i}, đoạn {j}. {SENTENCE}" for j in range(14)]
        (folder / f"tai-lieu-{i:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")


def _chunk_ids(index_dir: Path) -> list[str]:
    db = lancedb.connect(str(index_dir))
    table = db.open_table("chunks").search().select(["chunk_id"]).limit(None).to_arrow()
    return table["chunk_id"].to_pylist()


def _committed_chunks(index_dir: Path) -> int:
    try:
        listing = lancedb.connect(str(index_dir)).list_tables()
        if "chunks" not in set(getattr(listing, "tables", listing)):
            return 0
        return lancedb.connect(str(index_dir)).open_table("chunks").count_rows()
    except (OSError, ValueError, RuntimeError):
        return 0


def _index_command(data_dir: Path, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "vnsearch",
        "--data-dir",
        str(data_dir),
        "--device",
        "cpu",
        "index",
        str(folder),
        "--no-progress",
    ]


def test_kill_during_indexing_then_rerun_matches_clean_run(
    tmp_path, model_data_dir, engine_factory
):
    folder = tmp_path / "docs"
    _write_corpus(folder)
    data_dir = tmp_path / "killed"
    link_default_model(model_data_dir, data_dir)
    # Commit every few files, so the kill lands between commits.
    (data_dir / "settings.json").write_text('{"commit_chunks": 12}', encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    kill_when_ready(
        _index_command(data_dir, folder),
        lambda: _committed_chunks(data_dir / "index") > 0,
        "indexing finished before it could be killed",
        "no chunk was committed in time",
    )
    killed_count = _committed_chunks(data_dir / "index")

    rerun = subprocess.run(
        _index_command(data_dir, folder), env=env, capture_output=True, text=True, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr

    clean = engine_factory("clean")
    clean.index([folder])
    clean_ids = _chunk_ids(clean.store.index_dir)
    resumed_ids = _chunk_ids(data_dir / "index")
    assert 0 < killed_count < len(clean_ids)
    assert len(resumed_ids) == len(set(resumed_ids))
    assert sorted(resumed_ids) == sorted(clean_ids)
