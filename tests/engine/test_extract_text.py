"""TXT and Markdown extraction: encoding detection, paragraphs, headings and Markdown markup."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from tests.engine.extract_builders import encode_cp1258
from vnsearch.extract import ExtractionError, extract
from vnsearch.extract.text import decode_text_bytes

SENTENCE = "Quy định về nghỉ phép năm"
BODY = "Người lao động được nghỉ phép mười hai ngày mỗi năm và hưởng nguyên lương."


def _texts(path: Path) -> list[str]:
    return [block.text for block in extract(path).blocks]


def test_txt_windows_1258_decodes_to_nfc(tmp_path: Path) -> None:
    path = tmp_path / "nghi-phep.txt"
    path.write_bytes(encode_cp1258(SENTENCE))
    assert path.read_bytes() != SENTENCE.encode("utf-8")

    blocks = extract(path).blocks

    assert [block.text for block in blocks] == [SENTENCE]
    assert unicodedata.is_normalized("NFC", blocks[0].text)


def test_txt_windows_1258_longer_text(tmp_path: Path) -> None:
    path = tmp_path / "quy-dinh.txt"
    path.write_bytes(encode_cp1258(f"{SENTENCE}\r\n\r\n{BODY}\r\n"))

    assert _texts(path) == [SENTENCE, BODY]


def test_txt_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + f"{SENTENCE}\n\n{BODY}".encode("utf-16-le"))

    assert _texts(path) == [SENTENCE, BODY]


def test_txt_utf16_big_endian_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16be.txt"
    path.write_bytes(codecs.BOM_UTF16_BE + BODY.encode("utf-16-be"))

    assert _texts(path) == [BODY]


def test_txt_utf32_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf32.txt"
    path.write_bytes(codecs.BOM_UTF32_LE + BODY.encode("utf-32-le"))

    assert _texts(path) == [BODY]


def test_txt_utf8_bom_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + BODY.encode("utf-8"))

    assert _texts(path) == [BODY]


def test_txt_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "no-bom.txt"
    path.write_bytes(BODY.encode("utf-16-le"))

    assert _texts(path) == [BODY]


def test_txt_nfd_content_becomes_nfc(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", BODY), encoding="utf-8")

    assert _texts(path) == [BODY]


def test_txt_tcvn3_bytes_are_converted(tmp_path: Path) -> None:
    path = tmp_path / "tcvn3.txt"
    path.write_bytes("Quy ®Þnh vÒ nghØ phÐp n¨m cña ng\xadêi lao ®éng.".encode("cp1252"))

    document = extract(path)

    assert [block.text for block in document.blocks] == [
        "Quy định về nghỉ phép năm của người lao động."
    ]
    assert document.warnings == ["converted from TCVN3 legacy font encoding"]


def test_txt_vni_text_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "vni.txt"
    path.write_bytes("Quy ñònh veà nghæ pheùp naêm cuûa ngöôøi lao ñoäng.".encode("cp1252"))

    document = extract(path)

    assert [block.text for block in document.blocks] == [
        "Quy định về nghỉ phép năm của người lao động."
    ]
    assert document.warnings == ["converted from VNI legacy font encoding"]


@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n", codecs.BOM_UTF8 + b"  \n"])
def test_txt_blank_file_is_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "empty"


def test_txt_binary_content_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "anh.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 8)

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "corrupt"


def test_txt_paragraphs_and_numbered_headings(tmp_path: Path) -> None:
    path = tmp_path / "noi-quy.txt"
    path.write_text(
        "NỘI QUY LAO ĐỘNG\n"
        "\n"
        "Điều 1. Thời giờ làm việc\n"
        "Người lao động làm việc tám giờ mỗi ngày,\n"
        "từ thứ Hai đến thứ Sáu.\n"
        "\n"
        "1. Nghỉ giữa ca\n"
        "- Nghỉ trưa sáu mươi phút.\n"
        "- Nghỉ giải lao mười lăm phút.\n",
        encoding="utf-8",
    )

    blocks = extract(path).blocks

    assert [(block.kind, block.level, block.text) for block in blocks] == [
        ("heading", 1, "NỘI QUY LAO ĐỘNG"),
        ("heading", 3, "Điều 1. Thời giờ làm việc"),
        ("paragraph", 0, "Người lao động làm việc tám giờ mỗi ngày, từ thứ Hai đến thứ Sáu."),
        ("heading", 2, "1. Nghỉ giữa ca"),
        ("list_item", 0, "Nghỉ trưa sáu mươi phút."),
        ("list_item", 0, "Nghỉ giải lao mười lăm phút."),
    ]


def test_txt_title_and_file_type(tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.txt"
    path.write_text("ghi chú họp giao ban tuần này.", encoding="utf-8")

    document = extract(path)

    assert document.title == "ghi-chu"
    assert document.file_type == "txt"
    assert document.page_count is None


MARKDOWN = """---
title: Sổ tay nhân viên
---

# Chào mừng đến **An Phát**

Đọc [quy chế](https://example.vn/quy-che) và *nội quy* trước ngày làm việc đầu tiên.

## Phúc lợi

- Bảo hiểm sức khoẻ
- [x] Nghỉ phép `12 ngày`
1. Thưởng Tết

| Hạng mục | Mức hưởng |
|----------|:---------:|
| Ăn trưa  | 35.000 đ  |
| Gửi xe   | Miễn phí  |

```python
print("xin chào")
```

Lương tháng
-----------

![sơ đồ](so-do.png) Xem sơ đồ \\*đính kèm\\*.
"""


def test_md_structure_and_markup(tmp_path: Path) -> None:
    path = tmp_path / "so-tay.md"
    path.write_text(MARKDOWN, encoding="utf-8")

    document = extract(path)

    assert [(block.kind, block.level, block.text) for block in document.blocks] == [
        ("heading", 1, "Chào mừng đến An Phát"),
        ("paragraph", 0, "Đọc quy chế và nội quy trước ngày làm việc đầu tiên."),
        ("heading", 2, "Phúc lợi"),
        ("list_item", 0, "Bảo hiểm sức khoẻ"),
        ("list_item", 0, "Nghỉ phép 12 ngày"),
        ("list_item", 0, "Thưởng Tết"),
        ("table_row", 0, "Hạng mục | Mức hưởng"),
        ("table_row", 0, "Ăn trưa | 35.000 đ"),
        ("table_row", 0, "Gửi xe | Miễn phí"),
        ("paragraph", 0, 'print("xin chào")'),
        ("heading", 2, "Lương tháng"),
        ("paragraph", 0, "sơ đồ Xem sơ đồ *đính kèm*."),
    ]
    assert document.title == "Sổ tay nhân viên"
    assert document.file_type == "md"


def test_md_title_from_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "huong-dan.markdown"
    path.write_text("Lời nói đầu.\n\n## Cài đặt phần mềm\n\nChạy tệp cài đặt.\n", encoding="utf-8")

    document = extract(path)

    assert document.title == "Cài đặt phần mềm"
    assert document.file_type == "md"


def test_decode_prefers_utf8_when_valid() -> None:
    text, encoding = decode_text_bytes(SENTENCE.encode("utf-8"))

    assert text == SENTENCE
    assert encoding == "utf-8"


def test_decode_reports_windows_1258() -> None:
    text, encoding = decode_text_bytes(encode_cp1258(SENTENCE))

    assert text == SENTENCE
    assert encoding == "cp1258"
