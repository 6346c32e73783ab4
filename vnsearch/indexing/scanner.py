"""Find the files to index under a folder, without following symlinked folders."""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from vnsearch.extract import SUPPORTED_SUFFIXES, open_long_path
from vnsearch.indexing.sidecar import SIDECAR_NAME
from vnsearch.textutil import nfc

logger = logging.getLogger("vnsearch.index")

# Word/Excel lock files ("~$report.docx") and editor backups are never documents.
_ALWAYS_SKIPPED = ("~$*", ".~lock.*", "*.tmp", "*~", "Thumbs.db", "desktop.ini", SIDECAR_NAME)
_LEGACY_SUFFIXES = frozenset({".doc", ".xls", ".ppt", ".pptx", ".rtf", ".odt"})


@dataclass(frozen=True)
class ScannedFile:
    """A candidate file with the stat values used for change detection."""

    path: Path
    size: int
    mtime_ns: int


def document_id(path: Path) -> str:
    """Return a stable id for ``path``: same file, same id, on every run and platform.

    The path is made absolute and NFC-normalised (macOS and some archives write NFD
    names), and case-folded on Windows where the file system ignores case.
    """
    text = nfc(os.path.abspath(path)).replace("\\", "/")
    if os.name == "nt":
        text = text.casefold()
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of a file's contents."""
    digest = hashlib.sha256()
    with open(open_long_path(path), "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _excluded(name: str, rel: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def scan_folder(
    root: Path,
    suffixes: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> Iterator[ScannedFile]:
    """Yield indexable files under ``root`` (or ``root`` itself if it is a file), sorted.

    Hidden files and folders (starting with "."), Office lock files and the metadata
    sidecars are skipped. ``exclude`` takes glob patterns matched against the file name
    and the path relative to ``root`` (forward slashes). Files with a legacy Office
    suffix (.doc, .xls) are yielded too, so that the run reports them as skipped with
    the reason instead of ignoring them silently.
    """
    allowed = {s.lower() for s in (suffixes or SUPPORTED_SUFFIXES)} | _LEGACY_SUFFIXES
    patterns = [*_ALWAYS_SKIPPED, *exclude]
    if root.is_file():
        st = os.stat(open_long_path(root))
        yield ScannedFile(root, st.st_size, st.st_mtime_ns)
        return
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(open_long_path(folder)) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            logger.warning("Cannot list folder %s: %s", folder, exc)
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            rel = path.relative_to(root).as_posix()
            if _excluded(entry.name, rel, patterns):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(path)
                    continue
                if not entry.is_file():
                    continue
                if Path(entry.name).suffix.lower() not in allowed:
                    continue
                st = entry.stat()
            except OSError as exc:
                logger.warning("Cannot read %s: %s", path, exc)
                continue
            yield ScannedFile(path, st.st_size, st.st_mtime_ns)
        stack.extend(reversed(subfolders))
