"""GUI test fixtures: offscreen Qt, the samples indexed once, contexts with users."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES

ADMIN_PASSWORD = "quan-tri-123"
USER_PASSWORD = "nhan-vien-123"


@pytest.fixture(scope="session")
def indexed_samples(tmp_path_factory, default_embedder) -> tuple[Path, Path]:
    """The samples indexed once at their sidecar levels: (documents folder, data folder).

    Tests never write here; they copy the data folder with :func:`context_factory`.
    """
    from vnsearch.config import Settings
    from vnsearch.engine import Engine

    root = tmp_path_factory.mktemp("indexed-samples")
    documents = root / "samples"
    shutil.copytree(SAMPLES, documents)
    engine = Engine(root / "data", Settings(device="cpu"), embedder=default_embedder)
    report = engine.index([documents])
    assert report.added == 24, report
    return documents, root / "data"


@pytest.fixture
def context_factory(tmp_path, default_embedder) -> Callable[..., object]:
    """Return ``make(indexed=True)``: an AppContext on a private data folder.

    The folder holds an administrator "admin" (level 3) and a user "nhanvien" (level 1),
    and, when ``indexed``, a copy of the indexed samples. ``commit_chunks`` sets how
    many chunks indexing commits at a time.
    """
    from vnsearch.config import Settings
    from vnsearch.engine import Engine
    from vnsearch.gui.context import AppContext

    def make(
        indexed: bool = True,
        template: Path | None = None,
        name: str = "data",
        commit_chunks: int = Settings.commit_chunks,
    ):
        data_dir = tmp_path / name
        if indexed:
            assert template is not None, "pass template=indexed_samples[1]"
            shutil.copytree(template, data_dir)
        settings = Settings(device="cpu", language="en", commit_chunks=commit_chunks)
        engine = Engine(data_dir, settings, embedder=default_embedder)
        context = AppContext.open(data_dir, engine)
        context.users.create_user("admin", ADMIN_PASSWORD, 3, "admin")
        context.users.create_user("nhanvien", USER_PASSWORD, 1, "user")
        context.languages.apply("en")
        return context

    return make


@pytest.fixture(autouse=True)
def stop_background_tasks(qapp) -> Iterator[None]:
    """Wait for every GUI background task after a test and restore the English UI."""
    yield
    from vnsearch.gui.i18n import LanguageSwitcher
    from vnsearch.gui.tasks import cancel_all_tasks

    assert cancel_all_tasks(timeout=60), "background tasks did not stop"
    qapp.processEvents()
    LanguageSwitcher().apply("en")


def user_named(context, name: str):
    """Return the user called ``name`` of ``context``."""
    return next(u for u in context.users.list_users() if u.name == name)


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory) -> Path:
    """A data folder indexed with the tiny model, with users and feedback (read only).

    Tests copy it with :func:`tests.gui.tiny_index.open_tiny_context`.
    """
    from tests.gui.tiny_index import build_tiny_index

    return build_tiny_index(tmp_path_factory.mktemp("tiny-index"))


@pytest.fixture
def tiny_context(tiny_index, tmp_path):
    """An app context on a private copy of the tiny-model index (see tests/gui/tiny_index.py)."""
    from tests.gui.tiny_index import open_tiny_context

    context = open_tiny_context(tiny_index, tmp_path / "data")
    yield context
    context.close()


@pytest.fixture
def opened_urls(monkeypatch) -> list[str]:
    """Record the files that the app requests the desktop to open, instead of opening them."""
    from PySide6.QtGui import QDesktopServices

    urls: list[str] = []

    def record(url) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", record)
    return urls


def run_offscreen(args: list[str], home: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` from the repository on Qt's offscreen platform (120 s at most).

    A separate process is needed wherever the app quits its QApplication, because Qt
    stops delivering queued signals in the test session after that.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if home is not None:
        env["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
        check=False,
    )
