"""The re-ranker's int8 and bf16 paths against torch fp32, the int8 build cache and drift guard."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.engine.tiny_models import tiny_cross_encoder
from vnsearch.errors import ModelError
from vnsearch.models import backends, cross_int8
from vnsearch.search.rerank import CrossEncoderReranker

pytest.importorskip("onnxruntime", reason="the int8 re-ranker needs onnxruntime")

QUERY = "kivo"
# The toy model learned that passages with "lumo" are relevant to "kivo", and no others.
PASSAGES = ["kivo kivo brem", "alfa lumo eslo", "hesa ilmo jato", "lumo dami", "kebu lisa"]


@pytest.fixture(scope="module")
def reranker_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the tiny cross-encoder with its int8 model built once."""
    folder = tmp_path_factory.mktemp("cross-int8") / "tiny-reranker"
    shutil.copytree(tiny_cross_encoder(), folder)
    reranker = CrossEncoderReranker(folder, "tiny-reranker", "cpu", encoder="torch")
    cross_int8.build_cross_int8_onnx(folder, reranker.model)
    return folder


def _reranker(folder: Path, encoder: str) -> CrossEncoderReranker:
    reranker = CrossEncoderReranker(folder, "tiny-reranker", "cpu", encoder=encoder)
    if encoder == "onnx-int8" and not backends.cpu_has_vnni():
        # The setting is refused on such CPUs; the artefact itself runs anywhere.
        reranker._int8 = cross_int8.OnnxInt8CrossEncoder(
            reranker.model, cross_int8.cross_int8_artefact(folder)
        )
        reranker._active_encoder = "onnx-int8"
    return reranker


def test_torch_scores_are_raw_logits(reranker_dir: Path) -> None:
    scores = _reranker(reranker_dir, "torch").score(QUERY, PASSAGES)

    # A sigmoid would keep every score inside (0, 1).
    assert min(scores) < -1.0
    assert max(scores) > 1.0
    assert scores.index(max(scores)) in (1, 3)


def test_int8_scores_follow_torch(reranker_dir: Path) -> None:
    fp32 = np.asarray(_reranker(reranker_dir, "torch").score(QUERY, PASSAGES))
    int8_reranker = _reranker(reranker_dir, "onnx-int8")
    int8 = np.asarray(int8_reranker.score(QUERY, PASSAGES))

    assert int8_reranker.active_encoder == "onnx-int8"
    # The two "lumo" passages tie, and so do the three others, so only the split counts.
    assert set(np.argsort(-int8)[:2]) == set(np.argsort(-fp32)[:2]) == {1, 3}
    np.testing.assert_allclose(int8, fp32, atol=0.1)


def test_int8_batches_keep_input_order(reranker_dir: Path) -> None:
    reranker = _reranker(reranker_dir, "onnx-int8")
    whole = reranker.score(QUERY, PASSAGES)

    reranker.batch_size = 2
    in_pairs = reranker.score(QUERY, PASSAGES)

    # Dynamic quantisation scales activations per batch, so scores move slightly.
    assert in_pairs == pytest.approx(whole, abs=0.02)


def test_auto_setting_follows_cpu(reranker_dir: Path) -> None:
    expected = "torch-bf16" if backends.cpu_has_bf16() else "torch"

    assert CrossEncoderReranker(reranker_dir, "t", "cpu", encoder="auto").active_encoder == expected
    assert CrossEncoderReranker(reranker_dir, "t", "cpu", encoder="torch").active_encoder == "torch"


@pytest.mark.skipif(not backends.cpu_has_bf16(), reason="this CPU has no native bf16")
def test_bf16_scores_follow_torch(reranker_dir: Path) -> None:
    fp32 = np.asarray(_reranker(reranker_dir, "torch").score(QUERY, PASSAGES))
    reranker = CrossEncoderReranker(reranker_dir, "t", "cpu", encoder="auto")
    bf16 = np.asarray(reranker.score(QUERY, PASSAGES))

    assert reranker.active_encoder == "torch-bf16"
    assert set(np.argsort(-bf16)[:2]) == set(np.argsort(-fp32)[:2]) == {1, 3}
    np.testing.assert_allclose(bf16, fp32, atol=0.1)


def test_int8_build_cached(reranker_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    artefact = cross_int8.cross_int8_artefact(reranker_dir)
    before = artefact.stat().st_mtime_ns

    def fail_export(*args: object) -> None:
        raise AssertionError("the cached int8 re-ranker was exported again")

    monkeypatch.setattr(cross_int8, "_export", fail_export)
    model = _reranker(reranker_dir, "torch").model
    again = cross_int8.build_cross_int8_onnx(reranker_dir, model)

    assert again == artefact
    assert artefact.stat().st_mtime_ns == before
    assert backends.is_artefact_current(reranker_dir, artefact)


def test_drifting_build_is_refused_and_left_out(reranker_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drifting-reranker"
    shutil.copytree(reranker_dir, folder, ignore=shutil.ignore_patterns(backends.ONNX_DIR))
    model = _reranker(folder, "torch").model
    target = cross_int8.cross_int8_artefact(folder)

    with pytest.raises(ModelError) as error:
        backends.build_onnx_artefact(
            folder,
            target,
            lambda path: cross_int8._export(model, path),
            lambda path: 0.42,
            "re-ranker",
        )

    assert "drifting-reranker" in str(error.value)
    assert "0.4200" in str(error.value)
    assert "'torch'" in str(error.value)
    assert sorted(p.name for p in target.parent.iterdir()) == []
