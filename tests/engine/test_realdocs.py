"""Extraction of the real Vietnamese documents in ../shared/realdocs, one check per file.

Each file listed in the folder's MANIFEST.tsv has an expected reading (key
phrases, structure) or an expected skip reason. A file added to the manifest
without an expectation fails ``test_realdocs_every_file_has_expectation``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from vnsearch.extract import ExtractedDocument, ExtractionError, extract

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"{REALDOCS} is absent"),
]

# Characters that TCVN3 text shows in place of Vietnamese letters and that
# Vietnamese Unicode text never contains.
TCVN3_MOJIBAKE = set("¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßäåæçëîïñö÷øûüþ")


def _all_text(document: ExtractedDocument) -> str:
    return "\n".join(block.text for block in document.blocks)


def check_thuc_hanh(document: ExtractedDocument) -> None:
    text = _all_text(document)
    assert document.title == "thực hành - cấu trúc dữ liệu và giải thuật"
    # The cover page's date and "FIT-UTC" sit in a text box saved as both
    # DrawingML and VML; each must appear once.
    assert text.count("FIT-UTC") == 1
    assert text.count("August 1, 2018") == 1
    assert "Thực hành bài Cấu trúc vector" in text
    # The only footer is a PAGE field, which gives no block.
    assert [block for block in document.blocks if block.kind == "footer"] == []


def check_quyet_dinh_5134(document: ExtractedDocument) -> None:
    rows = [block.text for block in document.blocks if block.kind == "table_row"]
    assert any("Số: 5134/QĐ-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in row for row in rows)
    headings = [(block.text, block.level) for block in document.blocks if block.kind == "heading"]
    assert ("Chương I", 1) in headings
    assert ("Điều 1. Đối tượng, thời gian trực ban", 3) in headings
    assert "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân" in _all_text(document)
    # The header and footer parts exist but are empty.
    assert {block.kind for block in document.blocks}.isdisjoint({"header", "footer"})


def check_bao_cao_tcvn3(document: ExtractedDocument) -> None:
    text = _all_text(document)
    assert document.page_count == 4
    assert document.warnings == ["converted from TCVN3 legacy font encoding"]
    assert document.title == "Vụ kinh tế Công nghiệp"
    assert document.blocks[0].text == (
        "BÁO CÁO VỀ TÌNH HÌNH SẢN XUẤT KINH DOANH NGÀNH CÔNG NGHIỆP "
        "THÁNG 02 VÀ 2 THÁNG ĐẦU NĂM 2007"
    )
    for phrase in (
        "giá trị sản xuất công nghiệp (GTSXCN) ước đạt 39.897 tỷ đồng",
        "khu vực có vốn đầu tư nước ngoài tăng 11,7%",
        "tăng trưởng",
        "Đồng Nai và Bình Dương",
        "Kim ngạch xuất khẩu cả nước trong hai tháng đầu năm 2007",
    ):
        assert phrase in text, phrase
    assert not TCVN3_MOJIBAKE.intersection(text)
    # pypdf alone splits words where a justified line changes font ("nghi ệp").
    assert "nghi ệp" not in text


def check_syllabus(document: ExtractedDocument) -> None:
    rows = [block.text for block in document.blocks if block.kind == "table_row"]
    assert "Mã số học phần: | KHM08.3" in rows
    assert "Tên học phần: | Phân tích thiết kế thuật toán" in rows
    assert any("🗹 Kiến thức cơ sở ngành" in row for row in rows)
    assert document.title == "ĐỀ CƯƠNG HỌC PHẦN"


def check_tckt(document: ExtractedDocument) -> None:
    assert document.blocks[0].kind == "heading"
    assert document.blocks[0].text == "26.9.24"
    rows = [block.text for block in document.blocks if block.kind == "table_row"]
    assert len(rows) > 1400
    assert rows[0].startswith("Mã số | Tên vb | Loại vb | Nơi ban hành")
    assert any(row.startswith("67/2014/QH13 | Luật Đầu tư số 67/2014/QH13") for row in rows)


def check_tuyen_sinh(document: ExtractedDocument) -> None:
    text = _all_text(document)
    assert document.page_count == 13
    assert "Trụ sở chính: Nhà E3, 144 Xuân Thủy, Cầu Giấy, Hà Nội" in text
    assert "1. CN1 Công nghệ thông tin 7480201 Công nghệ thông tin 420" in text
    pages = {block.text: block.page for block in document.blocks}
    assert pages["THÔNG TIN TUYỂN SINH NĂM 2025 BẬC ĐẠI HỌC"] == 1
    assert pages["9.2. Học phí"] == 11


def check_quy_che_dao_tao(document: ExtractedDocument) -> None:
    text = _all_text(document)
    assert document.page_count == 19
    headings = {
        (block.text, block.level, block.page)
        for block in document.blocks
        if block.kind == "heading"
    }
    assert ("Chương I", 1, 2) in headings
    assert ("Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng", 3, 2) in headings
    assert (
        "1. Quy chế này quy định về đào tạo đại học theo hình thức chính quy và hình thức vừa "
        "làm vừa học tại Đại học Quốc gia Hà Nội"
    ) in text


def skipped_with(reason: str) -> Callable[[ExtractedDocument], None]:
    def unexpected(document: ExtractedDocument) -> None:
        raise AssertionError(f"expected {reason}, got {len(document.blocks)} blocks")

    unexpected.expected_reason = reason  # type: ignore[attr-defined]
    return unexpected


EXPECTATIONS: dict[str, Callable[[ExtractedDocument], None]] = {
    "0-Thuc hanh Cau truc DL & GT.docx": check_thuc_hanh,
    "10209610.doc": skipped_with("legacy_doc"),
    "10209610.pdf": skipped_with("no_text_layer"),
    "10403123.doc.docx": check_quyet_dinh_5134,
    "2007-1AF57_02-2007.pdf": check_bao_cao_tcvn3,
    "2007-Quy-che-chi-tieu-noi-bo-2007.doc": skipped_with("legacy_doc"),
    "KHM08.3 Phan tich thiet ke thuat toan CDIO.docx": check_syllabus,
    "TCKT.xlsx": check_tckt,
    "Thong-tin-tuyen-sinh-DHCQ-nam-2025-QHI.pdf": check_tuyen_sinh,
    "ctdt_vnu.pdf": check_quy_che_dao_tao,
}


def _manifest_files() -> list[str]:
    if not REALDOCS.is_dir():
        return []
    with open(REALDOCS / "MANIFEST.tsv", encoding="utf-8", newline="") as stream:
        return [row["file"] for row in csv.DictReader(stream, delimiter="\t")]


def test_realdocs_every_file_has_expectation() -> None:
    assert sorted(_manifest_files()) == sorted(EXPECTATIONS)


@pytest.mark.parametrize("name", _manifest_files())
def test_realdocs_file(name: str) -> None:
    check = EXPECTATIONS[name]
    expected_reason = getattr(check, "expected_reason", None)

    if expected_reason is not None:
        with pytest.raises(ExtractionError) as caught:
            extract(REALDOCS / name)
        assert caught.value.reason == expected_reason
        return

    document = extract(REALDOCS / name)
    check(document)
