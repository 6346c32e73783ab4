"""Encoder paths: the int8 ONNX model against torch fp32, settings and the build cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from vnsearch.config import Settings
from vnsearch.errors import ConfigError, ModelError
from vnsearch.models import backends
from vnsearch.models.embedder import Embedder

pytest.importorskip("onnxruntime", reason="the int8 encoder needs onnxruntime")

VIETNAMESE = [
    "Người lao động được nghỉ phép năm 12 ngày và hưởng nguyên lương theo hợp đồng.",
    "Hồ sơ thanh toán công tác phí gồm giấy đi đường, hóa đơn và quyết định cử đi công tác.",
    "Cấm chia sẻ mật khẩu tài khoản nội bộ cho người ngoài công ty.",
    "nghi phep 5 ngay lien tuc phai dang ky truoc bao lau",
]
ENGLISH = [
    "Employees receive twelve days of paid annual leave.",
    "Travel expense claims must include receipts and the approval form.",
]
TEXTS = VIETNAMESE + ENGLISH


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@pytest.fixture(scope="session")
def int8_model_dir(tmp_path_factory, default_embedder) -> Path:
    """A private copy of the default model folder with its int8 model built once."""
    folder = tmp_path_factory.mktemp("int8") / "multilingual-e5-small"
    shutil.copytree(default_embedder.path, folder, copy_function=_link_or_copy)
    shutil.rmtree(folder / backends.ONNX_DIR, ignore_errors=True)
    backends.build_int8_onnx(folder, default_embedder.model)
    return folder


@pytest.fixture(scope="session")
def fp32_vectors(default_embedder) -> dict[str, np.ndarray]:
    """torch fp32 vectors of :data:`TEXTS` as passages and as queries, encoded once."""
    model = default_embedder.model
    return {
        kind: model.encode(TEXTS, prompt=f"{kind}: ", normalize_embeddings=True)
        for kind in ("passage", "query")
    }


@pytest.fixture
def int8_embedder(int8_model_dir: Path, default_embedder) -> Embedder:
    embedder = Embedder(int8_model_dir, default_embedder.model_id, "cpu", encoder="onnx-int8")
    embedder._model = default_embedder.model  # same weights: skip a second load
    if not backends.cpu_has_vnni():
        pytest.skip("the int8 encoder runs only on CPUs with AVX512-VNNI")
    return embedder


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)


def test_int8_passages_match_fp32(int8_embedder: Embedder, fp32_vectors) -> None:
    fast = int8_embedder.encode_passages(TEXTS)
    reference = fp32_vectors["passage"]

    assert int8_embedder.active_encoder == "onnx-int8"
    assert fast.shape == reference.shape
    assert fast.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    cosines = _cosines(fast, reference)
    assert cosines.min() >= backends.MIN_COSINE, dict(zip(TEXTS, cosines.round(4), strict=True))


def test_int8_queries_match_fp32(int8_embedder: Embedder, fp32_vectors) -> None:
    for text, reference in zip(TEXTS, fp32_vectors["query"], strict=True):
        fast = int8_embedder.encode_query(text)
        assert float(fast @ reference) >= backends.MIN_COSINE, text


def test_torch_setting_gives_fp32(
    int8_model_dir: Path, default_embedder: Embedder, fp32_vectors
) -> None:
    embedder = Embedder(int8_model_dir, default_embedder.model_id, "cpu", encoder="torch")
    embedder._model = default_embedder.model

    vectors = embedder.encode_passages(TEXTS)

    assert embedder.active_encoder == "torch"
    np.testing.assert_allclose(vectors, fp32_vectors["passage"], atol=1e-5)


def test_auto_setting_follows_cpu(default_embedder: Embedder) -> None:
    model = default_embedder.model
    expected = "onnx-int8" if backends.cpu_has_vnni() else "torch"

    assert backends.choose_encoder("auto", "cpu", model) == expected
    assert backends.choose_encoder("auto", "cuda", model) == "torch"
    assert backends.choose_encoder("torch", "cpu", model) == "torch"


def test_int8_setting_rejected_on_cuda(default_embedder: Embedder) -> None:
    with pytest.raises(ModelError, match="cuda"):
        backends.choose_encoder("onnx-int8", "cuda", default_embedder.model)


@pytest.mark.parametrize("value", ["fast", "int8", "", "TORCH"])
def test_invalid_encoder_setting(value: str, default_embedder: Embedder) -> None:
    with pytest.raises(ConfigError) as settings_error:
        Settings(encoder=value).validate()
    with pytest.raises(ConfigError) as embedder_error:
        Embedder(default_embedder.path, default_embedder.model_id, "cpu", encoder=value)

    for message in (str(settings_error.value), str(embedder_error.value)):
        assert repr(value) in message
        for valid in backends.ENCODERS:
            assert repr(valid) in message


def test_int8_build_cached(
    int8_model_dir: Path, default_embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    artefact = backends.int8_artefact(int8_model_dir)
    before = artefact.stat().st_mtime_ns

    def fail_export(*args: object) -> None:
        raise AssertionError("the cached int8 model was exported again")

    monkeypatch.setattr(backends, "_export_fp32", fail_export)
    again = backends.build_int8_onnx(int8_model_dir, default_embedder.model)

    assert again == artefact
    assert artefact.stat().st_mtime_ns == before
    assert artefact.parent.name == backends.ONNX_DIR
    assert [p.name for p in artefact.parent.iterdir() if p.name.startswith(".build-")] == []


def test_int8_build_stale_after_weights_change(int8_model_dir: Path) -> None:
    extra = int8_model_dir / "extra_weights.safetensors"
    assert backends.is_int8_current(int8_model_dir)

    extra.write_bytes(b"new weights")
    try:
        assert not backends.is_int8_current(int8_model_dir)
    finally:
        extra.unlink()
    assert backends.is_int8_current(int8_model_dir)
