"""Encoder paths for embedding models: torch fp32, or ONNX Runtime with int8 weights.

The int8 path exports an installed model's transformer to ONNX once, quantises its
weights to int8 with ONNX Runtime's dynamic quantisation (the settings Optimum calls
"avx512_vnni": symmetric per-channel int8 weights, uint8 activations) and stores the
result in ``<model folder>/onnx/``. Tokenisation, pooling and normalisation still run
in the sentence-transformers model, so both paths see the same inputs.

Each build checks that the int8 vectors stay within cosine 0.99 of the fp32 ones, so
both paths keep the same model id and may share an index. ``bench/bench_encoding.py``
measures the speed and MRR@10 of each path.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vnsearch.errors import ConfigError, ModelError
from vnsearch.models.e5_convert import ProgressFn

if TYPE_CHECKING:
    from sentence_transformers import CrossEncoder, SentenceTransformer

logger = logging.getLogger("vnsearch.models")

ENCODERS = ("auto", "torch", "onnx-int8")
ONNX_DIR = "onnx"
INT8_FILE = "model_qint8_avx512_vnni.onnx"
# Bump when the export or quantisation settings change, so old artefacts are rebuilt.
_BUILD_FORMAT = 1
_OPSET = 17
_WEIGHT_SUFFIXES = (".safetensors", ".bin")
# The int8 vectors must stay this close to fp32 ones to share an index with them.
MIN_COSINE = 0.99
# Vietnamese and English text for the check that runs after each build.
_CHECK_TEXTS = (
    "Nhân viên được nghỉ phép năm 12 ngày làm việc và hưởng nguyên lương.",
    "Quy trình thanh toán công tác phí cần chữ ký của trưởng phòng tài chính.",
    "Mật khẩu máy tính phải thay đổi ít nhất 90 ngày một lần.",
    "Employees must submit expense reports within 30 days of travel.",
)


def check_encoder(name: str) -> str:
    """Return ``name`` if it is a known encoder setting, else raise ConfigError."""
    if name not in ENCODERS:
        valid = ", ".join(repr(e) for e in ENCODERS)
        raise ConfigError(f"Invalid encoder {name!r}; use one of {valid}.")
    return name


def cpu_has_vnni() -> bool:
    """Return whether this CPU has AVX512-VNNI, the int8 instructions the artefact targets."""
    import torch

    get_capabilities = getattr(torch.cpu, "get_capabilities", None)  # torch >= 2.10
    if get_capabilities is not None:
        return bool(get_capabilities().get("avx512_vnni", False))
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return " avx512_vnni" in cpuinfo


def cpu_has_bf16() -> bool:
    """Return whether this CPU computes bfloat16 natively (AVX512-BF16 or AMX).

    On such CPUs torch's bf16 autocast encoded 3.6 times as many passages per second as
    fp32 with the same MRR@10 (bench/bench_encoding.py). Elsewhere bf16 is emulated
    and slow.
    """
    import torch

    get_capabilities = getattr(torch.cpu, "get_capabilities", None)  # torch >= 2.10
    if get_capabilities is not None:
        caps = get_capabilities()
        return bool(caps.get("avx512_bf16", False) or caps.get("amx_bf16", False))
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return " avx512_bf16" in cpuinfo or " amx_bf16" in cpuinfo


def onnx_runtime_missing() -> str | None:
    """Return the missing packages the int8 path needs, or None when all are installed."""
    missing = [name for name in ("onnxruntime", "onnx") if importlib.util.find_spec(name) is None]
    return " and ".join(missing) if missing else None


def unsupported_model_reason(model: SentenceTransformer | CrossEncoder) -> str | None:
    """Return why the int8 path cannot run ``model``, or None when it can.

    For an embedding model the path exports the first module's transformer and reuses
    the later modules, so it needs a text Transformer followed by a Pooling that
    includes the prompt tokens. For a cross-encoder it exports the whole classifier,
    so it needs a single Transformer module with one output label.
    """
    modules = list(model)
    if type(model).__name__ == "CrossEncoder":
        kinds = [type(m).__name__ for m in modules]
        if kinds != ["Transformer"]:
            return f"its modules are {kinds}, not a single Transformer"
        if getattr(model, "num_labels", 1) != 1:
            return f"it has {model.num_labels} output labels, not one relevance score"
        return None
    kinds = [type(m).__name__ for m in modules]
    if not kinds or kinds[0] != "Transformer":
        return f"its first module is {kinds[:1] or 'missing'}, not a Transformer"
    if len(kinds) < 2 or kinds[1] != "Pooling":
        return "it has no Pooling module after the Transformer"
    if not getattr(modules[1], "include_prompt", True):
        return "its Pooling module excludes prompt tokens"
    extra = [k for k in kinds[2:] if k != "Normalize"]
    if extra:
        return f"it has modules the int8 path does not run: {', '.join(extra)}"
    return None


def _fingerprint(model_dir: Path) -> dict[str, Any]:
    weights = sorted(p for p in model_dir.iterdir() if p.is_file() and p.suffix in _WEIGHT_SUFFIXES)
    import onnxruntime

    return {
        "format": _BUILD_FORMAT,
        "onnxruntime": onnxruntime.__version__,
        "weights": [
            {"name": p.name, "size": p.stat().st_size, "mtime_ns": p.stat().st_mtime_ns}
            for p in weights
        ],
    }


def int8_artefact(model_dir: Path) -> Path:
    """Return where the int8 ONNX model of ``model_dir`` is (or will be) stored."""
    return Path(model_dir) / ONNX_DIR / INT8_FILE


def artefact_stamp(target: Path) -> Path:
    """Return the JSON file beside an ONNX artefact that records what it was built from."""
    return Path(target).with_suffix(".json")


def is_artefact_current(model_dir: Path, target: Path) -> bool:
    """Return whether ``target`` exists and was built from ``model_dir``'s current weights."""
    stamp = artefact_stamp(target)
    if not (Path(target).is_file() and stamp.is_file()):
        return False
    try:
        recorded = json.loads(stamp.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(recorded, dict) and recorded.get("build") == _fingerprint(Path(model_dir))


def is_int8_current(model_dir: Path) -> bool:
    """Return whether a built int8 model exists and matches the folder's current weights."""
    return is_artefact_current(model_dir, int8_artefact(model_dir))


def build_onnx_artefact(
    model_dir: Path,
    target: Path,
    export: Callable[[Path], None],
    check: Callable[[Path], float],
    model_kind: str,
    progress: ProgressFn | None = None,
) -> Path:
    """Build the int8 ONNX artefact ``target`` of ``model_dir`` once and return its path.

    A current artefact is returned without any work. Otherwise ``export`` writes the
    fp32 graph into a temporary folder beside ``target``, it is quantised, and
    ``check`` compares the int8 graph with torch fp32 and returns the lowest agreement
    (cosine of vectors, or correlation of scores). Only an artefact that reaches
    :data:`MIN_COSINE` is moved into place, so a crash or a drifting build never
    leaves a file that later runs would use.
    ``model_kind`` names the model in messages ("embedding model", "re-ranker").

    Raises:
        ModelError: when onnxruntime or onnx is missing, the export fails or the
            int8 outputs drift from fp32.
    """
    model_dir = Path(model_dir)
    if is_artefact_current(model_dir, target):
        return target
    missing = onnx_runtime_missing()
    if missing:
        raise ModelError(f"The int8 {model_kind} needs {missing}; install it with pip.")

    say = progress or (lambda msg: logger.info("%s", msg))
    say(f"Optimising the {model_kind} for this CPU (one-off, about a minute): {target}")
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=target.parent) as tmp:
        fp32_path = Path(tmp) / "model.onnx"
        export(fp32_path)
        built = Path(tmp) / target.name
        _quantize_int8(fp32_path, built)

        # Reject an artefact that drifts from fp32, before it can be used.
        # NOTE: the rejection is not recorded, so each start of an "auto" model
        # repeats the build before it falls back to torch.
        agreement = check(built)
        if agreement < MIN_COSINE:
            raise ModelError(
                f"The int8 {model_kind} of {model_dir.name} drifts from fp32 (lowest agreement "
                f"{agreement:.4f}, needed {MIN_COSINE}); use the encoder 'torch' for it."
            )
        os.replace(built, target)

    stamp = {"build": _fingerprint(model_dir), "min_agreement": round(agreement, 5)}
    stamp_tmp = artefact_stamp(target).with_suffix(".json.tmp")
    stamp_tmp.write_text(json.dumps(stamp, indent=2), "utf-8")
    os.replace(stamp_tmp, artefact_stamp(target))
    logger.info(
        "Built %s in %.1f s (lowest agreement with fp32 %.4f)",
        target,
        time.perf_counter() - started,
        agreement,
    )
    return target


def build_int8_onnx(
    model_dir: Path, model: SentenceTransformer, progress: ProgressFn | None = None
) -> Path:
    """Build the int8 ONNX model of an embedding model folder once and return its path.

    The int8 vectors must stay within :data:`MIN_COSINE` of fp32 on a few Vietnamese
    and English sentences. multilingual-e5-small took 35 s and 0.6 GB of temporary
    disk on a 2-core AMD EPYC.

    Raises:
        ModelError: when onnxruntime or onnx is missing, the export fails or the
            int8 vectors drift from fp32.
    """
    return build_onnx_artefact(
        Path(model_dir),
        int8_artefact(model_dir),
        lambda path: _export_fp32(model, path),
        lambda path: min_cosine_to_torch(model, OnnxInt8Encoder(model, path)),
        "embedding model",
        progress,
    )


def _hidden_state_module(auto_model: Any) -> Any:
    """Wrap a transformers model as a module with two tensor inputs and one output, for tracing."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.auto_model = auto_model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.auto_model(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state

    return LastHiddenState().eval()


def _export_fp32(model: SentenceTransformer, path: Path) -> None:
    example = model.preprocess(["passage: xin chào", "passage: một hai ba bốn năm sáu bảy"])
    export_onnx(
        _hidden_state_module(model[0].auto_model),
        {"input_ids": example["input_ids"], "attention_mask": example["attention_mask"]},
        "last_hidden_state",
        path,
    )


def export_onnx(module: Any, inputs: dict[str, Any], output: str, path: Path) -> None:
    """Export ``module`` called with the tensors ``inputs`` (in order) to an fp32 ONNX file.

    Batch and sequence axes of every input, and the batch axis of ``output``, stay
    dynamic. The example must contain padding: the tracer records the branches taken,
    and transformers skips the attention mask for a batch without padding.
    """
    import torch

    if bool(inputs["attention_mask"].all()):
        raise ModelError(
            "The ONNX export example has no padding; the exported graph would be wrong."
        )
    dynamic = {name: {0: "batch", 1: "sequence"} for name in inputs}
    dynamic[output] = {0: "batch", 1: "sequence"} if output == "last_hidden_state" else {0: "batch"}

    # NOTE: this uses the TorchScript exporter, deprecated since torch 2.9. The
    # torch.export-based one needs the onnxscript package and was not tried here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", message=".*legacy TorchScript-based ONNX export")
        warnings.filterwarnings("ignore", message="The feature will be removed", module="torch")
        warnings.filterwarnings("ignore", message="Exporting aten::index operator")
        try:
            torch.onnx.export(
                module,
                tuple(inputs.values()),
                str(path),
                dynamo=False,
                input_names=list(inputs),
                output_names=[output],
                dynamic_axes=dynamic,
                opset_version=_OPSET,
            )
        except (RuntimeError, ValueError, TypeError) as exc:
            raise ModelError(f"Could not export the model to ONNX: {exc}") from exc


def _quantize_int8(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # ONNX Runtime logs an advice to pre-process the model on the root logger.
    # Its pre-processing fails on this graph (incomplete symbolic shape inference).
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(
            str(source),
            str(target),
            per_channel=True,
            reduce_range=False,
            weight_type=QuantType.QInt8,
            extra_options={"WeightSymmetric": True, "ActivationSymmetric": False},
        )
    finally:
        root.setLevel(level)


def cpu_session(onnx_path: Path) -> Any:
    """Return an ONNX Runtime session of ``onnx_path`` on the CPU, with idle threads asleep.

    On a 2-core AMD EPYC shared with other processes, spinning threads (ONNX Runtime's
    default) encoded passages 1.4 times slower (3.9 against 5.5 per second).
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])


class OnnxInt8Encoder:
    """Encode texts with the int8 ONNX model and the pooling of a sentence-transformers model.

    Args:
        model: the loaded sentence-transformers model; it tokenises, pools and normalises.
        onnx_path: the int8 model built by :func:`build_int8_onnx`.
    """

    def __init__(self, model: SentenceTransformer, onnx_path: Path) -> None:
        self._session = cpu_session(onnx_path)
        from vnsearch.models.embedder import embedding_dimension

        self._model = model
        self._after_transformer = list(model)[1:]
        self.dimension = int(embedding_dimension(model) or 0)
        self.path = Path(onnx_path)

    def encode(self, texts: Sequence[str], prompt: str, batch_size: int) -> np.ndarray:
        """Return L2-normalised float32 vectors of ``prompt + text`` for each text, in order."""
        import torch

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            picked = order[start : start + batch_size]

            # Tokenise as sentence-transformers does, then run the transformer in ONNX.
            features = self._model.preprocess([prompt + texts[i] for i in picked])
            (hidden,) = self._session.run(
                None,
                {
                    "input_ids": features["input_ids"].numpy(),
                    "attention_mask": features["attention_mask"].numpy(),
                },
            )

            # Pool (and normalise, where the model does) with the model's own modules.
            pooled: dict[str, Any] = {
                "token_embeddings": torch.from_numpy(hidden),
                "attention_mask": features["attention_mask"],
            }
            with torch.inference_mode():
                for module in self._after_transformer:
                    pooled = module(pooled)
            vectors = pooled["sentence_embedding"].float().numpy()
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[picked] = vectors / np.maximum(norms, 1e-12)
        return out


def min_cosine_to_torch(model: SentenceTransformer, encoder: OnnxInt8Encoder) -> float:
    """Return the lowest cosine between torch fp32 and int8 vectors of a few fixed texts."""
    reference = model.encode(
        list(_CHECK_TEXTS),
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    fast = encoder.encode(_CHECK_TEXTS, "", batch_size=len(_CHECK_TEXTS))
    return float(np.min(np.sum(np.asarray(reference) * fast, axis=1)))


def choose_encoder(setting: str, device: str, model: SentenceTransformer | CrossEncoder) -> str:
    """Return the encoder path to use, "torch" or "onnx-int8", for a resolved device.

    "auto" picks the int8 path on a CPU with AVX512-VNNI, the only kind it was measured
    faster on, when onnxruntime is installed and the model is supported. Otherwise it
    picks torch.

    Raises:
        ConfigError: for an unknown setting.
        ModelError: when "onnx-int8" was set but cannot run here.
    """
    check_encoder(setting)
    if setting == "torch":
        return "torch"
    reasons = []
    if device != "cpu":
        reasons.append(f"the model runs on {device}, and the int8 path is for CPUs")
    if not cpu_has_vnni():
        reasons.append("this CPU lacks AVX512-VNNI")
    missing = onnx_runtime_missing()
    if missing:
        reasons.append(f"{missing} is not installed")
    unsupported = unsupported_model_reason(model)
    if unsupported:
        reasons.append(f"the model is not supported ({unsupported})")
    if not reasons:
        return "onnx-int8"
    if setting == "onnx-int8":
        raise ModelError(
            f"The int8 encoder cannot run here: {'; '.join(reasons)}. Set the encoder to "
            "'auto' or 'torch'."
        )
    logger.info("Using the torch encoder: %s", "; ".join(reasons))
    return "torch"
