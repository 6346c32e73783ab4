"""Per-folder metadata sidecar files (``.vnsearch.json``).

A sidecar sets metadata for the documents of its folder and all subfolders; the
import wizard writes them and admins may edit them by hand::

    {
      "version": 1,
      "defaults": {"department": "Nhân sự", "access_level": 1, "doc_type": "policy",
                   "tags": ["nhân sự"]},
      "files": {"chinh-sach.pdf": {"access_level": 0, "tags": ["phúc lợi"], "title": "..."}}
    }

Precedence, lowest first: the run's defaults, the sidecars from the indexed root down
to the file's own folder, then the file's own entry.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnsearch.errors import ConfigError
from vnsearch.store.filters import check_access_level, check_doc_type
from vnsearch.textutil import nfc

logger = logging.getLogger("vnsearch.index")

SIDECAR_NAME = ".vnsearch.json"
_FIELDS = ("access_level", "department", "doc_type", "tags", "title")


@dataclass(frozen=True)
class DocMetadata:
    """Metadata given to one document (title empty means: take it from the file)."""

    access_level: int = 0
    department: str = ""
    doc_type: str = "other"
    tags: tuple[str, ...] = ()
    title: str = ""

    def merged(self, overrides: dict[str, Any]) -> DocMetadata:
        """Return a copy with the given fields replaced."""
        values = {name: getattr(self, name) for name in _FIELDS}
        for key, value in overrides.items():
            values[key] = tuple(value) if key == "tags" else value
        return DocMetadata(**values)

    def filter_values(self) -> dict[str, Any]:
        """Return the fields that are copied onto chunks for prefiltering."""
        return {
            "access_level": self.access_level,
            "department": self.department,
            "doc_type": self.doc_type,
            "tags": list(self.tags),
        }


def validate_fields(raw: dict[str, Any], origin: str) -> dict[str, Any]:
    """Check metadata fields read from ``origin``; raise ConfigError naming the bad one."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _FIELDS:
            raise ConfigError(f"{origin}: unknown field {key!r}; allowed: {', '.join(_FIELDS)}.")
        try:
            if key == "access_level":
                out[key] = check_access_level(value)
            elif key == "doc_type":
                out[key] = check_doc_type(value)
            elif key == "tags":
                if isinstance(value, str):
                    value = [value]
                if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                    raise ConfigError(f"tags must be a list of text, got {value!r}.")
                out[key] = tuple(dict.fromkeys(nfc(t).strip() for t in value if t.strip()))
            else:
                if not isinstance(value, str):
                    raise ConfigError(f"{key} must be text, got {value!r}.")
                out[key] = nfc(value).strip()
        except ConfigError as exc:
            raise ConfigError(f"{origin}: {exc}") from exc
    return out


@dataclass
class Sidecar:
    """Parsed contents of one sidecar file."""

    defaults: dict[str, Any] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)


def read_sidecar(folder: Path) -> Sidecar | None:
    """Read ``folder/.vnsearch.json``; None when absent.

    Raises:
        ConfigError: when the file is not valid JSON or has invalid values.
    """
    path = folder / SIDECAR_NAME
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read metadata file ({exc}). Fix or delete it.") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a JSON object with 'defaults' and 'files'.")
    defaults = validate_fields(raw.get("defaults") or {}, str(path))
    files = {
        nfc(name): validate_fields(entry or {}, f"{path} [{name}]")
        for name, entry in (raw.get("files") or {}).items()
    }
    return Sidecar(defaults, files)


def write_sidecar(folder: Path, sidecar: Sidecar) -> Path:
    """Write a sidecar file (used by the import wizard); returns its path."""
    payload = {
        "version": 1,
        "defaults": {k: list(v) if k == "tags" else v for k, v in sidecar.defaults.items()},
        "files": {
            name: {k: list(v) if k == "tags" else v for k, v in entry.items()}
            for name, entry in sidecar.files.items()
        },
    }
    path = folder / SIDECAR_NAME
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


class MetadataResolver:
    """Resolve each file's metadata from run defaults and sidecars, caching folders."""

    def __init__(self, root: Path, defaults: DocMetadata) -> None:
        self.root = root
        self.defaults = defaults
        self._cache: dict[Path, tuple[DocMetadata, Sidecar | None]] = {}
        self.errors: list[str] = []

    def _folder(self, folder: Path) -> tuple[DocMetadata, Sidecar | None]:
        cached = self._cache.get(folder)
        if cached is not None:
            return cached
        if folder == self.root or self.root not in folder.parents:
            inherited = self.defaults
        else:
            inherited = self._folder(folder.parent)[0]
        try:
            sidecar = read_sidecar(folder)
        except ConfigError as exc:
            # A broken sidecar must not stop the run: its folder keeps the inherited
            # metadata and the problem is reported.
            logger.warning("%s", exc)
            self.errors.append(str(exc))
            sidecar = None
        meta = inherited.merged(sidecar.defaults) if sidecar else inherited
        self._cache[folder] = (meta, sidecar)
        return meta, sidecar

    def resolve(self, path: Path) -> DocMetadata:
        """Return the metadata for the file at ``path``."""
        meta, sidecar = self._folder(path.parent)
        if sidecar:
            entry = sidecar.files.get(nfc(path.name))
            if entry:
                meta = meta.merged(entry)
        return meta
