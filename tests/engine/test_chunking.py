"""Chunking with the real tokenizer: limits, structure, pages and overlap."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from vnsearch.chunking import Chunker, ChunkingSettings, split_sentences
from vnsearch.extract import Block, ExtractedDocument

SENTENCE = "Người lao động được nghỉ phép năm mười hai ngày làm việc và hưởng nguyên lương."


def _doc(blocks: list[Block], title: str = "Chính sách nghỉ phép") -> ExtractedDocument:
    return ExtractedDocument(Path("doc.pdf"), title, blocks, None, "pdf", [])


@pytest.fixture
def chunker(default_embedder) -> Chunker:
    return Chunker(default_embedder, ChunkingSettings(chunk_tokens=128, overlap_tokens=24))


def test_split_sentences_on_vietnamese_capitals():
    text = "Điều 1. Phạm vi áp dụng. Quy định này áp dụng cho toàn công ty! Ông Ánh ký."
    assert split_sentences(text) == [
        "Điều 1.",
        "Phạm vi áp dụng.",
        "Quy định này áp dụng cho toàn công ty!",
        "Ông Ánh ký.",
    ]


def test_chunks_never_exceed_limit_with_prompt(chunker, default_embedder):
    long_paragraph = " ".join([SENTENCE] * 40)
    long_word = "x" * 3000
    blocks = [
        Block("Điều 1. Phạm vi", "heading", 1, level=1),
        Block(long_paragraph, "paragraph", 1),
        Block(long_word, "paragraph", 2),
        Block(" ".join(["từ"] * 900), "paragraph", 3),
    ]

    chunks = chunker.chunk(_doc(blocks))

    assert len(chunks) > 10
    for chunk in chunks:
        encoded = default_embedder.model.tokenizer(
            default_embedder.passage_prompt + chunk.embed_text, truncation=False
        )["input_ids"]
        assert len(encoded) <= 128, chunk.embed_text[:80]
        assert chunk.token_count == len(encoded)


def test_chunks_carry_title_and_heading_path(chunker):
    blocks = [
        Block("Chương II. Nghỉ phép", "heading", 1, level=1),
        Block("Điều 5. Số ngày nghỉ", "heading", 1, level=2),
        Block(SENTENCE, "paragraph", 1),
        Block("Điều 6. Nghỉ không lương", "heading", 2, level=2),
        Block("Nghỉ không lương tối đa 30 ngày mỗi năm.", "paragraph", 2),
    ]

    chunks = chunker.chunk(_doc(blocks))

    assert [c.heading for c in chunks] == [
        "Chương II. Nghỉ phép › Điều 5. Số ngày nghỉ",
        "Chương II. Nghỉ phép › Điều 6. Nghỉ không lương",
    ]
    assert chunks[0].embed_text.startswith("Chính sách nghỉ phép\nChương II. Nghỉ phép › Điều 5")
    assert chunks[1].text == "Nghỉ không lương tối đa 30 ngày mỗi năm."


def test_chunks_record_page_range(chunker):
    blocks = [Block(f"Đoạn {i}. {SENTENCE}", "paragraph", page=1 + i // 3) for i in range(12)]

    chunks = chunker.chunk(_doc(blocks))

    assert chunks[0].page_start == 1
    assert chunks[-1].page_end == 4
    assert all(c.page_start is not None and c.page_start <= c.page_end for c in chunks)
    assert [c.seq for c in chunks] == list(range(len(chunks)))


def test_consecutive_chunks_overlap(chunker):
    sentences = [f"Câu số {i} nói về quy định thứ {i} của công ty." for i in range(60)]
    blocks = [Block(" ".join(sentences[i : i + 3]), "paragraph", 1) for i in range(0, 60, 3)]

    chunks = chunker.chunk(_doc(blocks))

    assert len(chunks) >= 3
    for previous, current in itertools.pairwise(chunks):
        last_sentence = split_sentences(previous.text.split("\n")[-1])[-1]
        assert current.text.startswith(last_sentence)


def test_table_header_repeats_in_later_chunks(chunker):
    rows = [Block("Hạng | Phụ cấp | Khách sạn", "table_row", 1)]
    rows += [
        Block(f"Cấp {i} | {i * 100}.000 đồng | {i * 300}.000 đồng", "table_row", 1)
        for i in range(40)
    ]

    chunks = chunker.chunk(_doc(rows))

    assert len(chunks) >= 2
    assert all(c.text.startswith("Hạng | Phụ cấp | Khách sạn") for c in chunks)


def test_headers_and_footers_form_last_section(chunker):
    blocks = [
        Block("Công ty Sao Mai - Tài liệu nội bộ", "header", None),
        Block(SENTENCE, "paragraph", None),
    ]

    chunks = chunker.chunk(_doc(blocks))

    assert chunks[0].text == SENTENCE
    assert chunks[-1].text == "Công ty Sao Mai - Tài liệu nội bộ"


def test_chunking_settings_reject_large_overlap():
    with pytest.raises(ValueError, match="overlap_tokens"):
        ChunkingSettings(chunk_tokens=100, overlap_tokens=60)
