"""The engine never imports Qt: only vnsearch.gui may."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

ENGINE_MODULES = (
    "vnsearch.engine",
    "vnsearch.accounts",
    "vnsearch.feedback",
    "vnsearch.cli.main",
    "vnsearch.indexing.indexer",
    "vnsearch.search.searcher",
)


def test_engine_modules_do_not_import_qt():
    code = (
        "import importlib, sys\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'qasync')))\n"
        "print(','.join(qt))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )

    assert result.stdout.strip() == ""
