"""Emit Qt signals from Python without PySide6 6.12.0's reference-count bug.

WORKAROUND for PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without a
new reference, so every call made from Python takes one reference from the ``True``
singleton. After a few thousand emits CPython 3.11 aborts with "bool_dealloc:
deallocating True or False". :func:`emit` measures the loss once at import time and
gives the reference back after each call, so it stays correct on versions without
the bug. Use it for every emit in ``vnsearch.gui``.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_PROBE_CALLS = 16


class _Probe(QObject):
    fired = Signal(object)


def _measure_lost_references() -> int:
    """Return how many references to the returned bool one emit() call loses."""
    probe = _Probe()
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(_PROBE_CALLS):
        probe.fired.emit(None)
    after = sys.getrefcount(True) + sys.getrefcount(False)
    # Give back what the probe itself took before anything else runs.
    lost = max(0, round((before - after) / _PROBE_CALLS))
    for _ in range(lost * _PROBE_CALLS):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost


LOST_REFERENCES_PER_EMIT = _measure_lost_references()


def emit(signal: Any, *args: object) -> None:
    """Call ``signal.emit(*args)`` and repair the returned bool's reference count."""
    result = signal.emit(*args)
    for _ in range(LOST_REFERENCES_PER_EMIT):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
