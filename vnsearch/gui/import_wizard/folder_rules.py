"""Per-folder metadata rules of the import wizard, read from and written to sidecars.

A rule holds only the fields set for that folder; the others are inherited from the
parent folder or, for a chosen folder, from the wizard's defaults. Per-file entries
of an existing sidecar are kept unchanged when the wizard rewrites it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnsearch.errors import ConfigError
from vnsearch.indexing.sidecar import Sidecar, read_sidecar, write_sidecar

logger = logging.getLogger("vnsearch.gui")

RULE_FIELDS = ("access_level", "department", "doc_type", "tags")
# The tree shows at most this many folders per chosen folder; deeper ones keep the
# rules of their nearest listed parent.
MAX_FOLDERS = 2000


@dataclass
class FolderRule:
    """Metadata set on one folder.

    Attributes:
        folder: the folder.
        values: fields set here (a subset of RULE_FIELDS); the rest is inherited.
        files: per-file entries of the folder's existing sidecar, kept as they are.
        original: ``values`` as read from disk, to skip rewriting unchanged sidecars.
        exists: True when the folder already has a sidecar.
        error: why an existing sidecar could not be read, or "".
    """

    folder: Path
    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    original: dict[str, Any] = field(default_factory=dict)
    exists: bool = False
    error: str = ""

    @property
    def changed(self) -> bool:
        """True when the rule differs from what the folder's sidecar says."""
        return self.values != self.original


@dataclass
class FolderTree:
    """A chosen folder, its subfolders (parents before children) and their rules."""

    root: Path
    folders: list[Path]
    rules: dict[Path, FolderRule]
    truncated: bool = False


def _rule_values(defaults: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in defaults.items() if key in RULE_FIELDS}


def read_rule(folder: Path) -> FolderRule:
    """Return the rule stored in ``folder``'s sidecar (an empty rule when there is none)."""
    try:
        sidecar = read_sidecar(folder)
    except ConfigError as exc:
        logger.warning("%s", exc)
        return FolderRule(folder, exists=True, error=str(exc))
    if sidecar is None:
        return FolderRule(folder)
    values = _rule_values(sidecar.defaults)
    # Titles set for the whole folder are kept with the files' entries.
    return FolderRule(folder, dict(values), dict(sidecar.files), dict(values), exists=True)


def scan_tree(root: Path, max_folders: int = MAX_FOLDERS) -> FolderTree:
    """List ``root`` and its subfolders (hidden ones skipped) with their sidecar rules."""
    folders: list[Path] = []
    truncated = False
    for current, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folders.append(Path(current))
        if len(folders) >= max_folders:
            truncated = True
            break
    rules = {folder: read_rule(folder) for folder in folders}
    return FolderTree(root, folders, rules, truncated)


def write_rules(rules: list[FolderRule]) -> list[Path]:
    """Write the sidecar of every changed rule; return the files written.

    A folder whose rule became empty and has no per-file entries keeps an empty
    sidecar rather than losing the file, so that hand-written notes are not deleted.
    Raises OSError when a folder is not writable.
    """
    written = []
    for rule in rules:
        if not rule.changed or rule.error:
            continue
        if not rule.exists and not rule.values:
            continue
        written.append(write_sidecar(rule.folder, Sidecar(dict(rule.values), dict(rule.files))))
        rule.original = dict(rule.values)
        rule.exists = True
        logger.info("Wrote metadata rules for %s", rule.folder)
    return written
