"""The engine imports no Qt module, so the CLI and tests run without a GUI stack."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import vnsearch

ENGINE_MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(vnsearch.__path__, "vnsearch.")
    # __main__ runs the CLI on import and cli.launch exists to start the GUI.
    if not m.name.startswith("vnsearch.gui")
    and m.name not in ("vnsearch.__main__", "vnsearch.cli.launch")
)


def test_engine_modules_import_without_qt():
    code = (
        "import importlib, sys\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    assert "vnsearch.engine" in ENGINE_MODULES
