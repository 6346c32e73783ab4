"""User-facing advice for errors the user can act on."""

from __future__ import annotations

from vnsearch.errors import IndexBusyError
from vnsearch.gui.messages import advice_for


def test_advice_for_busy_index(qapp):
    advice = advice_for(IndexBusyError("The index in /tmp/x is busy: indexing started."))
    assert advice is not None
    assert "Wait until it finishes" in advice
