"""File path helpers: Windows long paths and Unicode-normalisation variants of a name."""

from __future__ import annotations

import ntpath
import os
import unicodedata
from pathlib import Path

# Win32 functions reject paths of MAX_PATH (260) characters or more, the
# terminating NUL included, unless the path carries the \\?\ prefix.
_WINDOWS_MAX_PATH_CHARS = 259
_EXTENDED_PREFIX = "\\\\?\\"
_EXTENDED_UNC_PREFIX = "\\\\?\\UNC\\"


def to_extended_length(path: str) -> str:
    """Return the \\\\?\\ extended-length form of an absolute Windows path over 259 characters.

    UNC paths (\\\\server\\share\\...) become \\\\?\\UNC\\server\\share\\.... The path is
    normalised first, because Windows passes extended-length paths through
    without resolving "..", "." or forward slashes. Relative paths, short paths
    and paths that already carry a prefix are returned unchanged.
    """
    if path.startswith((_EXTENDED_PREFIX, "\\\\.\\")):
        return path
    if len(path) <= _WINDOWS_MAX_PATH_CHARS or not ntpath.isabs(path):
        return path
    normalized = ntpath.normpath(path)
    if normalized.startswith("\\\\"):
        return _EXTENDED_UNC_PREFIX + normalized[2:]
    return _EXTENDED_PREFIX + normalized


def open_long_path(path: Path) -> Path:
    """Return a path that the operating system can open even when it is very long.

    On Windows this is the \\\\?\\ extended-length form for absolute paths over 259
    characters (UNC paths included); elsewhere the path is returned unchanged.
    """
    if os.name != "nt":
        return path
    return Path(to_extended_length(str(path)))


def resolve_existing(path: Path) -> Path:
    """Return ``path``, or its NFC or NFD spelling when only that one exists on disk.

    Vietnamese file names can reach the index in one normalisation form while
    the file system stores the other: macOS and some archive tools write NFD,
    and most Windows software writes NFC. Linux compares names byte by byte,
    so the two spellings are different files there.
    """
    if open_long_path(path).exists():
        return path
    for form in ("NFC", "NFD"):
        candidate = Path(unicodedata.normalize(form, str(path)))
        if candidate != path and open_long_path(candidate).exists():
            return candidate
    return path
