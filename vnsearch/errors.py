"""Exceptions whose message is meant for the user.

Every error a user can fix (a missing model, an index built with another model, an
invalid filter value) derives from :class:`VnsearchError`; its message says what
happened and what to do. The CLI prints it without a traceback and the GUI shows it
in a dialog.
"""


class VnsearchError(Exception):
    """Base class for errors the user can act on."""


class ConfigError(VnsearchError):
    """An invalid setting, option or argument value."""


class ModelError(VnsearchError):
    """A model that is missing, cannot be loaded or cannot be fetched."""


class IndexMismatchError(VnsearchError):
    """The index was built with another embedding model or chunking settings."""


class IndexCancelled(VnsearchError):
    """An indexing run was cancelled by the user; everything committed so far is kept."""


class IndexBusyError(VnsearchError):
    """Another process or thread is already writing the index (indexing or a model switch)."""
