"""vnsearch: offline semantic and keyword search over Vietnamese company documents.

The engine (everything here except :mod:`vnsearch.gui`) imports no Qt module, so the
command line, the tests and the desktop app share it.
"""

__version__ = "0.1.0"
