"""The emit() helper keeps the reference count of True stable."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from vnsearch.gui.signals import emit


class _Sender(QObject):
    fired = Signal(object)


def test_emit_keeps_bool_reference_count(qapp):
    sender = _Sender()
    received: list[int] = []
    sender.fired.connect(received.append)
    before = sys.getrefcount(True)

    for value in range(5000):
        emit(sender.fired, value)

    assert received == list(range(5000))
    assert sys.getrefcount(True) >= before
