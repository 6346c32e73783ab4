"""DOCX extraction: document order, styles, tables, headers, footers, text boxes and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.extract_builders import (
    clone_docx_with_placeholder,
    make_docx_with_footnote,
    make_docx_with_paragraphs,
    make_structured_docx,
    make_vertical_merge_docx,
)
from vnsearch.extract import Block, ExtractionError, extract


@pytest.fixture
def structured(tmp_path: Path) -> list[Block]:
    return extract(make_structured_docx(tmp_path / "quy-che.docx")).blocks


def test_docx_blocks_follow_document_order(structured: list[Block]) -> None:
    assert [(block.kind, block.text) for block in structured] == [
        ("header", "CÔNG TY CỔ PHẦN AN PHÁT"),
        ("heading", "Quy chế làm việc"),
        ("paragraph", "Quy chế này áp dụng cho toàn bộ nhân viên công ty."),
        ("paragraph", "Bản lưu hành nội bộ"),
        ("heading", "Điều 1. Phạm vi áp dụng"),
        ("list_item", "Nhân viên chính thức"),
        ("list_item", "Nhân viên thử việc"),
        ("heading", "Điều khoản thi hành"),
        ("table_row", "Họ tên | Chức vụ | Số ngày phép"),
        ("table_row", "Nguyễn Văn An | Trưởng phòng kinh doanh"),
        ("table_row", "Trần Thị Bình | Kế toán | 12"),
        ("table_row", "Phụ cấp | 500.000 đồng"),
        ("paragraph", "Quy chế có hiệu lực từ ngày ký."),
        ("footer", "Trang"),
    ]


def test_docx_heading_levels_from_styles(structured: list[Block]) -> None:
    levels = {block.text: block.level for block in structured if block.kind == "heading"}

    assert levels == {
        "Quy chế làm việc": 1,
        "Điều 1. Phạm vi áp dụng": 2,
        "Điều khoản thi hành": 2,
    }


def test_docx_text_box_appears_once(structured: list[Block]) -> None:
    texts = [block.text for block in structured]

    assert texts.count("Bản lưu hành nội bộ") == 1


def test_docx_merged_cell_is_not_repeated(structured: list[Block]) -> None:
    row = next(block for block in structured if block.text.startswith("Nguyễn Văn An"))

    assert row.text.count("Trưởng phòng kinh doanh") == 1


def test_docx_page_field_leaves_no_number(structured: list[Block]) -> None:
    footers = [block.text for block in structured if block.kind == "footer"]

    assert footers == ["Trang"]


def test_docx_repeated_header_is_deduplicated(structured: list[Block]) -> None:
    headers = [block.text for block in structured if block.kind == "header"]

    assert headers == ["CÔNG TY CỔ PHẦN AN PHÁT"]


def test_docx_blocks_have_no_page(structured: list[Block]) -> None:
    assert {block.page for block in structured} == {None}


def test_docx_metadata_title_is_used(tmp_path: Path) -> None:
    document = extract(make_structured_docx(tmp_path / "quy-che.docx"))

    assert document.title == "Quy chế nội bộ"
    assert document.file_type == "docx"
    assert document.page_count is None


def test_docx_title_falls_back_to_heading(tmp_path: Path) -> None:
    path = make_docx_with_paragraphs(
        tmp_path / "thong-bao.docx",
        ["THÔNG BÁO NGHỈ LỄ", "Công ty thông báo lịch nghỉ lễ Quốc khánh năm nay."],
        title="Document1",
    )

    document = extract(path)

    assert document.title == "THÔNG BÁO NGHỈ LỄ"
    assert document.blocks[0].kind == "heading"


def test_docx_vertical_merge_reported_once(tmp_path: Path) -> None:
    blocks = extract(make_vertical_merge_docx(tmp_path / "phong-ban.docx")).blocks

    assert [block.text for block in blocks] == [
        "Phòng Hành chính | Lê Văn Cường",
        "Phạm Thu Dung",
    ]


def test_docx_placeholder_control_is_skipped(tmp_path: Path) -> None:
    blocks = extract(clone_docx_with_placeholder(tmp_path / "mau.docx")).blocks

    assert [block.text for block in blocks] == ["Nội dung chính của văn bản."]


def test_docx_footnotes_follow_body(tmp_path: Path) -> None:
    path = make_docx_with_footnote(
        tmp_path / "chu-thich.docx", "Người lao động được nghỉ phép.", "Theo Bộ luật Lao động 2019."
    )

    blocks = extract(path).blocks

    assert [(block.kind, block.text) for block in blocks] == [
        ("paragraph", "Người lao động được nghỉ phép."),
        ("paragraph", "Theo Bộ luật Lao động 2019."),
    ]


def test_docx_zero_bytes_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "trong.docx"
    path.write_bytes(b"")

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "empty"
    assert "trong.docx" in str(caught.value)


def test_docx_not_a_zip_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_text("Văn bản thường, không phải tệp Word.", encoding="utf-8")

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "corrupt"


def test_docx_truncated_package_is_corrupt(tmp_path: Path) -> None:
    source = make_structured_docx(tmp_path / "goc.docx")
    broken = tmp_path / "cat-ngang.docx"
    broken.write_bytes(source.read_bytes()[:2000])

    with pytest.raises(ExtractionError) as caught:
        extract(broken)

    assert caught.value.reason == "corrupt"


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    path = make_docx_with_paragraphs(tmp_path / "rong.docx", ["", "   "])

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "empty"


def test_docx_named_word97_file_is_legacy_doc(tmp_path: Path) -> None:
    # The compound-file signature of Word 97-2003 documents, followed by filler.
    path = tmp_path / "cu.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "legacy_doc"


def test_docx_password_protected_is_encrypted(tmp_path: Path) -> None:
    # Password-protected .docx files are compound files with an EncryptedPackage stream.
    path = tmp_path / "mat.docx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")
    )

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "encrypted"


def test_docx_tcvn3_paragraphs_are_converted(tmp_path: Path) -> None:
    path = make_docx_with_paragraphs(
        tmp_path / "cu-tcvn3.docx",
        [
            "Quy ®Þnh vÒ nghØ phÐp n¨m cña ng\u00adêi lao ®éng trong c«ng ty.",
            "Unicode paragraph stays: Công ty cổ phần.",
        ],
    )

    document = extract(path)

    assert [block.text for block in document.blocks] == [
        "Quy định về nghỉ phép năm của người lao động trong công ty.",
        "Unicode paragraph stays: Công ty cổ phần.",
    ]
    assert document.warnings == ["converted from TCVN3 legacy font encoding"]
