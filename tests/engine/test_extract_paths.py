"""Dispatch by suffix, file-level errors, long and NFD paths, and Windows extended-length paths."""

from __future__ import annotations

import os
import pickle
import unicodedata
from pathlib import Path

import pytest

from tests.engine.extract_builders import make_docx_with_paragraphs
from vnsearch.extract import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    ExtractionError,
    extract,
    open_long_path,
)
from vnsearch.extract.paths import to_extended_length

NAME = "Quy định nghỉ phép"
CONTENT = "Người lao động được nghỉ phép mười hai ngày mỗi năm."


def test_supported_suffixes() -> None:
    assert frozenset({".pdf", ".docx", ".xlsx", ".txt", ".md", ".markdown"}) == SUPPORTED_SUFFIXES


def test_extract_nfd_file_name_gives_nfc_title(tmp_path: Path) -> None:
    nfd_path = tmp_path / unicodedata.normalize("NFD", f"{NAME}.txt")
    nfd_path.write_text(CONTENT, encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", nfd_path.name)

    document = extract(nfd_path)

    assert document.title == NAME
    assert unicodedata.is_normalized("NFC", document.title)
    assert document.path == nfd_path
    assert [block.text for block in document.blocks] == [CONTENT]


def test_extract_finds_nfd_file_by_nfc_name(tmp_path: Path) -> None:
    (tmp_path / unicodedata.normalize("NFD", f"{NAME}.txt")).write_text(CONTENT, encoding="utf-8")
    nfc_path = tmp_path / unicodedata.normalize("NFC", f"{NAME}.txt")

    document = extract(nfc_path)

    assert document.path == nfc_path
    assert [block.text for block in document.blocks] == [CONTENT]


def test_extract_very_deep_path(tmp_path: Path) -> None:
    folder = tmp_path
    for index in range(8):
        folder = folder / f"thư mục lưu trữ hồ sơ nhân sự cấp {index}"
    folder.mkdir(parents=True)
    path = folder / f"{NAME}.txt"
    path.write_text(CONTENT, encoding="utf-8")
    assert len(str(path)) > 300

    document = extract(path)

    assert [block.text for block in document.blocks] == [CONTENT]


def test_extract_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "BAO-CAO.TXT"
    path.write_text(CONTENT, encoding="utf-8")

    document = extract(path)

    assert document.file_type == "txt"


@pytest.mark.parametrize("suffix", [".pptx", ".zip", ""])
def test_extract_unsupported_format(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"trinh-chieu{suffix}"
    path.write_bytes(b"PK\x03\x04 not read")

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "unsupported_format"
    supported = "PDF, Word (.docx), Excel (.xlsx), text (.txt) and Markdown (.md)"
    assert supported in caught.value.message


def test_extract_xls_suggests_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "bang-luong.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "unsupported_format"
    assert "save it as .xlsx" in caught.value.message


def test_extract_doc_is_legacy_doc(tmp_path: Path) -> None:
    path = tmp_path / "quyet-dinh.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "legacy_doc"
    assert "save it as .docx" in caught.value.message
    assert str(caught.value).startswith("quyet-dinh.doc: ")


def test_extract_doc_holding_docx_is_read(tmp_path: Path) -> None:
    source = make_docx_with_paragraphs(tmp_path / "source.docx", [CONTENT])
    renamed = tmp_path / "thong-bao.doc"
    renamed.write_bytes(source.read_bytes())

    document = extract(renamed)

    assert document.file_type == "docx"
    assert [block.text for block in document.blocks] == [CONTENT]


def test_extract_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "khong-lo.txt"
    with open(path, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no disk space

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "too_large"
    assert "200 MB" in caught.value.message


def test_extract_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(tmp_path / "khong-ton-tai.pdf")

    assert caught.value.reason == "unreadable"


def test_extraction_error_survives_pickling(tmp_path: Path) -> None:
    error = ExtractionError(tmp_path / "a.pdf", "encrypted", "The PDF is password-protected.")

    restored = pickle.loads(pickle.dumps(error))

    assert restored.path == error.path
    assert restored.reason == "encrypted"
    assert restored.message == "The PDF is password-protected."
    assert str(restored) == "a.pdf: The PDF is password-protected."


@pytest.mark.skipif(os.name == "nt", reason="checks the behaviour outside Windows")
def test_open_long_path_is_identity_outside_windows(tmp_path: Path) -> None:
    long_path = tmp_path / ("a" * 200) / ("b" * 200)

    assert open_long_path(long_path) == long_path


LONG_SEGMENT = "Tài liệu lưu trữ phòng hành chính nhân sự"


def test_extended_length_drive_path() -> None:
    path = "C:\\" + "\\".join([LONG_SEGMENT] * 7) + "\\báo cáo.pdf"
    assert len(path) > 259

    assert to_extended_length(path) == "\\\\?\\" + path


def test_extended_length_unc_path() -> None:
    path = "\\\\fileserver\\chung\\" + "\\".join([LONG_SEGMENT] * 7)

    assert to_extended_length(path) == "\\\\?\\UNC\\fileserver\\chung\\" + "\\".join(
        [LONG_SEGMENT] * 7
    )


def test_extended_length_normalizes_separators() -> None:
    path = "D:/" + "/".join([LONG_SEGMENT] * 7) + "/../hop-dong.docx"

    expected = "\\\\?\\D:\\" + "\\".join([LONG_SEGMENT] * 6) + "\\hop-dong.docx"
    assert to_extended_length(path) == expected


@pytest.mark.parametrize(
    "path",
    [
        "C:\\ngan\\bao-cao.pdf",
        "tuong-doi\\" + "\\".join([LONG_SEGMENT] * 7),
        "\\\\?\\C:\\" + "\\".join([LONG_SEGMENT] * 7),
    ],
)
def test_extended_length_leaves_other_paths(path: str) -> None:
    assert to_extended_length(path) == path
