"""PDF extraction: pages, paragraphs, headings, protection, damage, scans and legacy fonts."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.engine.extract_builders import (
    encrypt_pdf,
    helvetica_width,
    make_image_only_pdf,
    make_latin1_pdf,
    make_text_pdf,
    make_text_then_scan_pdf,
    pdf_string,
    truncate_file,
    write_raw_pdf,
)
from vnsearch.extract import ExtractionError, extract

BODY = 11.0
HEADING = 18.0

PAGE_ONE = [
    ("QUY CHẾ LÀM VIỆC", HEADING),
    (
        "Quy chế này quy định nguyên tắc, chế độ làm việc và trách nhiệm của người lao động "
        "trong công ty, được áp dụng thống nhất tại tất cả các phòng ban.",
        BODY,
    ),
    ("Điều 1. Phạm vi điều chỉnh", BODY),
    ("Người lao động được nghỉ phép năm theo quy định của Bộ luật Lao động.", BODY),
]
PAGE_TWO = [
    ("Điều 2. Thời giờ làm việc", BODY),
    ("Thời giờ làm việc bình thường không quá tám giờ trong một ngày.", BODY),
]
PAGE_THREE = [
    ("Điều 3. Hiệu lực thi hành", BODY),
    ("Quy chế có hiệu lực kể từ ngày ký ban hành.", BODY),
]


@pytest.fixture
def three_page_pdf(tmp_path: Path) -> Path:
    return make_text_pdf(tmp_path / "quy-che.pdf", [PAGE_ONE, PAGE_TWO, PAGE_THREE])


def test_pdf_page_numbers_are_one_based(three_page_pdf: Path) -> None:
    document = extract(three_page_pdf)

    assert document.file_type == "pdf"
    assert document.page_count == 3
    pages = {block.text: block.page for block in document.blocks}
    assert pages["Điều 1. Phạm vi điều chỉnh"] == 1
    assert pages["Điều 2. Thời giờ làm việc"] == 2
    assert pages["Quy chế có hiệu lực kể từ ngày ký ban hành."] == 3


def test_pdf_wrapped_paragraph_is_one_block(three_page_pdf: Path) -> None:
    document = extract(three_page_pdf)

    expected = unicodedata.normalize("NFC", PAGE_ONE[1][0])
    paragraphs = [block for block in document.blocks if block.kind == "paragraph"]
    assert paragraphs[0].text == expected
    assert paragraphs[0].page == 1


def test_pdf_headings_get_levels(three_page_pdf: Path) -> None:
    document = extract(three_page_pdf)

    headings = [(block.text, block.level) for block in document.blocks if block.kind == "heading"]
    assert headings == [
        ("QUY CHẾ LÀM VIỆC", 1),
        ("Điều 1. Phạm vi điều chỉnh", 3),
        ("Điều 2. Thời giờ làm việc", 3),
        ("Điều 3. Hiệu lực thi hành", 3),
    ]


def test_pdf_title_falls_back_to_first_heading(three_page_pdf: Path) -> None:
    document = extract(three_page_pdf)

    assert document.title == "QUY CHẾ LÀM VIỆC"


def test_pdf_text_is_nfc(three_page_pdf: Path) -> None:
    document = extract(three_page_pdf)

    for block in document.blocks:
        assert unicodedata.is_normalized("NFC", block.text), block.text


def test_pdf_encrypted_with_password_is_rejected(tmp_path: Path, three_page_pdf: Path) -> None:
    locked = encrypt_pdf(three_page_pdf, tmp_path / "locked.pdf", "secret", "owner-secret")

    with pytest.raises(ExtractionError) as caught:
        extract(locked)

    assert caught.value.reason == "encrypted"
    assert "password" in caught.value.message
    assert "locked.pdf" in str(caught.value)


def test_pdf_encrypted_with_empty_password_opens(tmp_path: Path, three_page_pdf: Path) -> None:
    restricted = encrypt_pdf(three_page_pdf, tmp_path / "restricted.pdf", "", "owner-secret")
    assert PdfReader(restricted).is_encrypted

    document = extract(restricted)

    assert document.page_count == 3
    assert any(block.text == "Điều 3. Hiệu lực thi hành" for block in document.blocks)


def test_pdf_truncated_file_is_corrupt(tmp_path: Path, three_page_pdf: Path) -> None:
    broken = truncate_file(three_page_pdf, tmp_path / "broken.pdf")

    with pytest.raises(ExtractionError) as caught:
        extract(broken)

    assert caught.value.reason == "corrupt"


def test_pdf_extension_on_other_file_is_corrupt(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("Đây không phải là tệp PDF.", encoding="utf-8")

    with pytest.raises(ExtractionError) as caught:
        extract(fake)

    assert caught.value.reason == "corrupt"


def test_pdf_zero_bytes_is_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")

    with pytest.raises(ExtractionError) as caught:
        extract(empty)

    assert caught.value.reason == "empty"


def test_pdf_image_only_has_no_text_layer(tmp_path: Path) -> None:
    scan = make_image_only_pdf(tmp_path / "scan.pdf")

    with pytest.raises(ExtractionError) as caught:
        extract(scan)

    assert caught.value.reason == "no_text_layer"
    assert "OCR" in caught.value.message


def test_pdf_scanned_page_among_text_pages_warns(tmp_path: Path) -> None:
    mixed = make_text_then_scan_pdf(tmp_path / "mixed.pdf")

    document = extract(mixed)

    assert document.page_count == 2
    assert [block.page for block in document.blocks] == [1]
    assert document.blocks[0].text == (
        "Quy định về nghỉ phép năm của người lao động trong công ty."
    )
    assert len(document.warnings) == 1
    assert document.warnings[0].startswith("Page 2 has no text layer")


def test_pdf_justified_runs_keep_words_whole(tmp_path: Path) -> None:
    # Acrobat Distiller places each run of a justified line with its own Tm and
    # spreads the line with Tw. The first run ends inside the word "nghiep".
    size, word_spacing = 12.0, 2.0
    first_run = "Gia tri san xuat cong nghi"
    second_run = "ep tang 11,9% so cung ky."
    second_x = 72 + helvetica_width(first_run, size) + word_spacing * first_run.count(" ")
    content = b"BT /F1 %.2f Tf %.2f Tw 1 0 0 1 72 700 Tm %s Tj 1 0 0 1 %.3f 700 Tm %s Tj ET" % (
        size,
        word_spacing,
        pdf_string(first_run),
        second_x,
        pdf_string(second_run),
    )
    path = write_raw_pdf(tmp_path / "justified.pdf", content, {"F1": "Helvetica"})

    document = extract(path)

    assert [block.text for block in document.blocks] == [
        "Gia tri san xuat cong nghiep tang 11,9% so cung ky."
    ]


def test_pdf_tcvn3_text_layer_is_converted(tmp_path: Path) -> None:
    path = make_latin1_pdf(
        tmp_path / "bao-cao.pdf",
        [
            "Th¸ng 02 n¨m 2007 gi¸ trÞ s¶n xuÊt c«ng nghiÖp t¨ng 11,9% so víi cïng kú.",
            "C¸c s¶n phÈm c«ng nghiÖp chÝnh ®Òu ®¹t møc t¨ng cao.",
        ],
    )

    document = extract(path)

    texts = [block.text for block in document.blocks]
    assert texts == [
        "Tháng 02 năm 2007 giá trị sản xuất công nghiệp tăng 11,9% so với cùng kỳ.",
        "Các sản phẩm công nghiệp chính đều đạt mức tăng cao.",
    ]
    assert document.warnings == ["converted from TCVN3 legacy font encoding"]


def test_pdf_tcvn3_font_names_drive_conversion(tmp_path: Path) -> None:
    # ".VnTimeH" draws every letter as a capital; byte 0xAD is "ư" in TCVN3.
    content = (
        b"BT /F1 16 Tf 1 0 0 1 72 760 Tm "
        + pdf_string("B¸o c¸o t×nh h×nh s¶n xuÊt")
        + b" Tj ET BT /F2 12 Tf 1 0 0 1 72 720 Tm "
        + pdf_string("C«ng nghiÖp t¨ng tr\xadëng cao trong n¨m 2007.")
        + b" Tj ET"
    )
    path = write_raw_pdf(
        tmp_path / "vntime.pdf", content, {"F1": "ABCDEF+.VnTimeH", "F2": "ABCDEF+.VnTime"}
    )

    document = extract(path)

    assert [block.text for block in document.blocks] == [
        "BÁO CÁO TÌNH HÌNH SẢN XUẤT",
        "Công nghiệp tăng trưởng cao trong năm 2007.",
    ]
    assert document.blocks[0].kind == "heading"
    assert document.warnings == ["converted from TCVN3 legacy font encoding"]


def test_pdf_unicode_text_is_not_converted(three_page_pdf: Path) -> None:
    document = extract(three_page_pdf)

    assert document.warnings == []


RUNNING_BODIES = [
    "Phòng Kế toán lập báo cáo tài chính hằng quý.",
    "Phòng Nhân sự quản lý hồ sơ người lao động.",
    "Phòng Kinh doanh tìm kiếm khách hàng mới.",
    "Ban Giám đốc phê duyệt kế hoạch năm.",
]


def test_pdf_running_header_reported_once(tmp_path: Path) -> None:
    header = ("CÔNG TY CỔ PHẦN AN PHÁT - TÀI LIỆU NỘI BỘ", 9.0)
    pages = [
        [header, (body, BODY), (str(number), 9.0)]
        for number, body in enumerate(RUNNING_BODIES, start=1)
    ]
    path = make_text_pdf(tmp_path / "running.pdf", pages)

    document = extract(path)

    headers = [block for block in document.blocks if block.kind == "header"]
    assert [(block.text, block.page) for block in headers] == [
        ("CÔNG TY CỔ PHẦN AN PHÁT - TÀI LIỆU NỘI BỘ", 1)
    ]
    assert all(block.text not in {"1", "2", "3", "4"} for block in document.blocks)
    body = [(block.text, block.page) for block in document.blocks if block.kind == "paragraph"]
    assert body == [(text, number) for number, text in enumerate(RUNNING_BODIES, start=1)]


def test_pdf_paragraph_continues_across_pages(tmp_path: Path) -> None:
    pages = [
        [("Người lao động có trách nhiệm bảo vệ tài sản của công ty và", BODY)],
        [("giữ bí mật thông tin kinh doanh theo hợp đồng lao động.", BODY)],
    ]
    path = make_text_pdf(tmp_path / "continued.pdf", pages)

    document = extract(path)

    assert [(block.text, block.page) for block in document.blocks] == [
        (
            "Người lao động có trách nhiệm bảo vệ tài sản của công ty và giữ bí mật "
            "thông tin kinh doanh theo hợp đồng lao động.",
            1,
        )
    ]
