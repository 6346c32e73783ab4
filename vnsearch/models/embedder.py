"""Sentence-transformers embedding model with the prompts and limits the index needs."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from vnsearch.errors import IndexCancelled, ModelError
from vnsearch.models.backends import (
    OnnxInt8Encoder,
    ProgressFn,
    build_int8_onnx,
    check_encoder,
    choose_encoder,
)

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger("vnsearch.models")

_PASSAGE_PROMPT_NAMES = ("passage", "document", "corpus")
_QUERY_PROMPT_NAMES = ("query",)
_QUERY_CACHE_SIZE = 256


def embedding_dimension(model: SentenceTransformer) -> int | None:
    """Return the model's output dimension across sentence-transformers versions."""
    getter = getattr(model, "get_embedding_dimension", None)  # 6.x name
    if getter is None:
        getter = model.get_sentence_embedding_dimension
    dim = getter()
    return int(dim) if dim else None


def quiet_transformers() -> None:
    """Silence the weight-loading progress bars and reports of transformers."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def resolve_device(device: str) -> str:
    """Map "auto" to "cuda" when a CUDA GPU is usable, else "cpu"; check explicit values."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelError("CUDA was requested but no usable NVIDIA GPU was found; use device 'cpu'.")
    if device not in ("cpu", "cuda"):
        raise ModelError(f"Invalid device {device!r}; use 'auto', 'cpu' or 'cuda'.")
    return device


class Embedder:
    """Encode queries and passages with one sentence-transformers model.

    The model is loaded on first use, so constructing an Embedder is cheap. Query
    embeddings are cached because users repeat and refine the same searches.

    Args:
        path: a sentence-transformers model folder.
        model_id: the name recorded in the index for vectors of this model.
        device: "auto", "cpu" or "cuda".
        encoder: "torch" (fp32), "onnx-int8", or "auto" for int8 on CPUs where it
            was measured faster; see :mod:`vnsearch.models.backends`.
        progress: receives a message when the int8 model is built on first use.
    """

    def __init__(
        self,
        path: Path,
        model_id: str,
        device: str = "auto",
        encoder: str = "torch",
        progress: ProgressFn | None = None,
    ) -> None:
        check_encoder(encoder)
        if not Path(path).is_dir():
            raise ModelError(
                f"Model folder {path} does not exist. Run 'vnsearch models install-default' "
                "or import a model with 'vnsearch models import PATH'."
            )
        self.path = Path(path)
        self.model_id = model_id
        self.device = device
        self.encoder = encoder
        self._progress = progress
        self._model: SentenceTransformer | None = None
        self._active_encoder: str | None = None
        self._int8: OnnxInt8Encoder | None = None
        self._lock = threading.RLock()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._overhead: int | None = None

    @property
    def model(self) -> SentenceTransformer:
        """The loaded model (loads it on first access)."""
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> SentenceTransformer:
        from sentence_transformers import SentenceTransformer

        device = resolve_device(self.device)
        quiet_transformers()
        logger.info("Loading embedding model %s from %s on %s", self.model_id, self.path, device)
        try:
            model = SentenceTransformer(str(self.path), device=device, local_files_only=True)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(
                f"Could not load the embedding model from {self.path}: {exc}. Reinstall it "
                "with 'vnsearch models install-default' or re-import the folder."
            ) from exc
        return model

    @property
    def active_encoder(self) -> str:
        """The encoder path in use, "torch" or "onnx-int8" (decided and built on first use)."""
        with self._lock:
            if self._active_encoder is None:
                self._active_encoder = self._start_encoder()
            return self._active_encoder

    def _start_encoder(self) -> str:
        model = self.model
        chosen = choose_encoder(self.encoder, resolve_device(self.device), model)
        if chosen == "torch":
            return chosen
        try:
            self._int8 = OnnxInt8Encoder(model, build_int8_onnx(self.path, model, self._progress))
        except ModelError as exc:
            if self.encoder != "auto":
                raise
            logger.warning("Using the torch encoder because the int8 one failed: %s", exc)
            return "torch"
        logger.info("Encoding with %s", self._int8.path)
        return chosen

    def _encode(
        self, texts: list[str], prompt: str, batch_size: int, progress_bar: bool
    ) -> np.ndarray:
        if self.active_encoder == "onnx-int8" and self._int8 is not None:
            return self._int8.encode(texts, prompt, batch_size)
        vectors = self.model.encode(
            texts,
            prompt=prompt or None,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress_bar,
        )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        """Length of the embedding vectors."""
        dim = embedding_dimension(self.model)
        if not dim:
            raise ModelError(f"Model {self.model_id} does not report its embedding dimension.")
        return int(dim)

    @property
    def max_seq_length(self) -> int:
        """Maximum input length in tokens, prompt and special tokens included."""
        return int(self.model.max_seq_length or 512)

    def _prompt(self, names: Sequence[str]) -> str:
        prompts = self.model.prompts or {}
        for name in names:
            if prompts.get(name):
                return str(prompts[name])
        return ""

    @property
    def passage_prompt(self) -> str:
        """Prefix the model expects before passages (e.g. "passage: "), or ""."""
        return self._prompt(_PASSAGE_PROMPT_NAMES)

    @property
    def query_prompt(self) -> str:
        """Prefix the model expects before queries (e.g. "query: "), or ""."""
        return self._prompt(_QUERY_PROMPT_NAMES)

    @property
    def passage_overhead(self) -> int:
        """Tokens added around every passage: special tokens plus the passage prompt."""
        if self._overhead is None:
            tokenizer = self.model.tokenizer
            with_specials = len(tokenizer(self.passage_prompt + "x")["input_ids"])
            bare = len(tokenizer("x", add_special_tokens=False)["input_ids"])
            self._overhead = with_specials - bare
        return self._overhead

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return each text's token count without special tokens or prompt."""
        if not texts:
            return []
        encoded = self.model.tokenizer(
            list(texts), add_special_tokens=False, truncation=False, verbose=False
        )
        return [len(ids) for ids in encoded["input_ids"]]

    def encode_passages(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        show_progress_bar: bool = False,
        cancel: threading.Event | None = None,
        on_batch: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Return L2-normalised float32 passage vectors, shape ``(len(texts), dimension)``.

        Texts are sorted by length and encoded one batch at a time, so batches need
        little padding and a set ``cancel`` event stops the work within one batch.
        ``on_batch`` receives the number of texts encoded so far after each batch.

        Raises:
            IndexCancelled: when ``cancel`` is set before all batches are done.
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            if cancel is not None and cancel.is_set():
                raise IndexCancelled("Embedding was cancelled.")
            picked = order[start : start + batch_size]
            with self._lock:
                vectors = self._encode(
                    [texts[i] for i in picked],
                    self.passage_prompt,
                    batch_size,
                    show_progress_bar,
                )
            out[picked] = np.asarray(vectors, dtype=np.float32)
            if on_batch is not None:
                on_batch(min(start + batch_size, len(order)))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """Return the L2-normalised float32 vector of one query (cached)."""
        cached = self._query_cache.get(text)
        if cached is not None:
            self._query_cache.move_to_end(text)
            return cached
        with self._lock:
            vector = self._encode([text], self.query_prompt, 1, False)[0]
        vector = np.asarray(vector, dtype=np.float32)
        self._query_cache[text] = vector
        if len(self._query_cache) > _QUERY_CACHE_SIZE:
            self._query_cache.popitem(last=False)
        return vector
