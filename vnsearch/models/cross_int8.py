"""The int8 ONNX path of a cross-encoder re-ranker.

A cross-encoder runs one full model pass per query-passage pair, so re-ranking 30
candidates on a CPU costs as much as embedding 30 passages. This module exports an
installed re-ranker's classifier to ONNX once, quantises its weights to int8 with the
same settings as the embedding models (:mod:`vnsearch.models.backends`) and stores it
in ``<re-ranker folder>/onnx/``. Tokenisation stays in the sentence-transformers
model, so both paths read the same inputs.

Each build checks that int8 scores of a few Vietnamese pairs correlate with the fp32
ones at :data:`~vnsearch.models.backends.MIN_COSINE` or more, so that the int8 path
orders candidates as the model does.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vnsearch.models.backends import ONNX_DIR, build_onnx_artefact, cpu_session, export_onnx
from vnsearch.models.e5_convert import ProgressFn

if TYPE_CHECKING:
    from sentence_transformers import CrossEncoder

logger = logging.getLogger("vnsearch.models")

CROSS_INT8_FILE = "cross_qint8_avx512_vnni.onnx"
# Inputs the exported graph may take, in this order; tokenizers without token type ids
# (XLM-RoBERTa) produce only the first two.
_INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
# Below this standard deviation of fp32 logits the check pairs carry no order.
_FLAT_SPREAD = 0.1
# Questions with a passage that answers them and one that does not, for the drift check.
_CHECK_PAIRS = (
    ("nghỉ phép năm được bao nhiêu ngày", "Người lao động được nghỉ phép năm 12 ngày làm việc."),
    ("nghỉ phép năm được bao nhiêu ngày", "Máy in tầng 3 dùng giấy khổ A4."),
    ("thanh toán công tác phí", "Hồ sơ thanh toán công tác phí gồm giấy đi đường và hóa đơn."),
    ("thanh toán công tác phí", "Mật khẩu phải đổi 90 ngày một lần."),
    ("đổi mật khẩu máy tính", "Mật khẩu máy tính phải thay đổi ít nhất 90 ngày một lần."),
    ("đổi mật khẩu máy tính", "Căng tin mở cửa từ 7 giờ sáng."),
    ("How many days of annual leave?", "Employees receive twelve days of paid annual leave."),
    ("How many days of annual leave?", "Travel claims need receipts."),
)


def cross_int8_artefact(model_dir: Path) -> Path:
    """Return where the int8 ONNX model of a re-ranker folder is (or will be) stored."""
    return Path(model_dir) / ONNX_DIR / CROSS_INT8_FILE


def _features(model: CrossEncoder, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Tokenise ``pairs`` as the model does and keep the tensors the graph takes."""
    features = model.preprocess([list(pair) for pair in pairs])
    return {name: features[name] for name in _INPUT_NAMES if name in features}


def _logits_module(classifier: Any, names: Sequence[str]) -> Any:
    """Wrap a transformers classifier as a module with tensor inputs ``names`` and logits out."""
    import torch

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.classifier = classifier

        def forward(self, *tensors: Any) -> Any:
            return self.classifier(**dict(zip(names, tensors, strict=True))).logits

    return Logits().eval()


def _export(model: CrossEncoder, path: Path) -> None:
    example = _features(model, [("xin chào", "một"), ("một hai ba", "bốn năm sáu bảy tám chín")])
    export_onnx(_logits_module(model.transformers_model, list(example)), example, "logits", path)


def torch_scores(
    model: CrossEncoder, pairs: Sequence[tuple[str, str]], batch_size: int
) -> np.ndarray:
    """Return the model's raw relevance logits of ``pairs`` with torch, no activation."""
    import torch

    values = model.predict(
        list(pairs),
        batch_size=batch_size,
        activation_fn=torch.nn.Identity(),
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    return np.asarray(values, dtype=np.float32).reshape(len(pairs))


def bf16_scores(
    model: CrossEncoder, pairs: Sequence[tuple[str, str]], batch_size: int
) -> np.ndarray:
    """Return the raw logits of ``pairs`` with torch under CPU bfloat16 autocast.

    Weights stay fp32; matrix products run in bf16 on CPUs with AVX512-BF16 or AMX.
    Elsewhere bf16 is emulated and slower than fp32, so callers check the CPU first.
    """
    import torch

    with torch.autocast("cpu", dtype=torch.bfloat16):
        return torch_scores(model, pairs, batch_size)


class OnnxInt8CrossEncoder:
    """Score query-passage pairs with the int8 ONNX model and a cross-encoder's tokenizer.

    Args:
        model: the loaded sentence-transformers cross-encoder; it tokenises.
        onnx_path: the int8 model built by :func:`build_cross_int8_onnx`.
    """

    def __init__(self, model: CrossEncoder, onnx_path: Path) -> None:
        self._session = cpu_session(onnx_path)
        self._inputs = [i.name for i in self._session.get_inputs()]
        self._model = model
        self.path = Path(onnx_path)

    def score(self, pairs: Sequence[tuple[str, str]], batch_size: int) -> np.ndarray:
        """Return the raw relevance logit of each pair, in order."""
        out = np.zeros(len(pairs), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: -len(pairs[i][0]) - len(pairs[i][1]))
        for start in range(0, len(order), batch_size):
            picked = order[start : start + batch_size]
            features = _features(self._model, [pairs[i] for i in picked])
            (logits,) = self._session.run(
                None, {name: features[name].numpy() for name in self._inputs}
            )
            out[picked] = np.asarray(logits, dtype=np.float32).reshape(len(picked), -1)[:, 0]
        return out


def score_correlation(model: CrossEncoder, int8: OnnxInt8CrossEncoder) -> float:
    """Return how closely int8 logits follow torch fp32 ones on fixed pairs.

    This is the Pearson correlation of the two score lists. Some models hardly tell
    these pairs apart (fp32 scores spread under :data:`_FLAT_SPREAD` logits), such as
    a toy model or one trained for another language. Such a model has no order to
    keep here, so it passes (1.0) when every int8 score is that close to fp32.
    """
    # NOTE: these pairs score far apart, which keeps the correlation high. On a search's
    # 30 candidates, which score close together, a re-ranker that passed this check
    # correlated only 0.96-0.97 with fp32 and lost 0.016 MRR@10 (docs/benchmarks.md).
    reference = torch_scores(model, _CHECK_PAIRS, batch_size=len(_CHECK_PAIRS))
    fast = int8.score(_CHECK_PAIRS, batch_size=len(_CHECK_PAIRS))
    if float(np.std(reference)) < _FLAT_SPREAD:
        return 1.0 if float(np.max(np.abs(reference - fast))) <= _FLAT_SPREAD else 0.0
    if float(np.std(fast)) == 0.0:
        return 0.0
    return float(np.corrcoef(reference, fast)[0, 1])


def build_cross_int8_onnx(
    model_dir: Path, model: CrossEncoder, progress: ProgressFn | None = None
) -> Path:
    """Build the int8 ONNX model of a re-ranker folder once and return its path.

    Raises:
        ModelError: when onnxruntime or onnx is missing, the export fails or the
            int8 scores drift from fp32.
    """
    return build_onnx_artefact(
        Path(model_dir),
        cross_int8_artefact(model_dir),
        lambda path: _export(model, path),
        lambda path: score_correlation(model, OnnxInt8CrossEncoder(model, path)),
        "re-ranker",
        progress,
    )
