"""XLSX extraction: sheet headings, rows, cell formatting, the row cap and bad files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.engine.extract_builders import make_workbook
from vnsearch.extract import ExtractionError, extract
from vnsearch.extract.xlsx import MAX_ROWS_PER_SHEET, format_cell


def test_xlsx_sheets_become_headings_and_rows(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "nhan-su.xlsx",
        {
            "Nhân viên": [
                ["Họ tên", "Phòng ban", "Ngày vào làm", "Hệ số lương"],
                ["Nguyễn Văn An", "Kế toán", dt.datetime(2021, 3, 15), 2.34],
                [None, None, None, None],
                ["Trần Thị Bình", None, dt.datetime(2022, 7, 1, 8, 30), 3.0],
            ],
            "Trống": [],
            "Phòng ban": [["Kế toán", 12], ["Kinh doanh", 30]],
        },
    )

    document = extract(path)

    assert [(block.kind, block.level, block.text) for block in document.blocks] == [
        ("heading", 1, "Nhân viên"),
        ("table_row", 0, "Họ tên | Phòng ban | Ngày vào làm | Hệ số lương"),
        ("table_row", 0, "Nguyễn Văn An | Kế toán | 15/03/2021 | 2.34"),
        ("table_row", 0, "Trần Thị Bình | 01/07/2022 08:30 | 3"),
        ("heading", 1, "Phòng ban"),
        ("table_row", 0, "Kế toán | 12"),
        ("table_row", 0, "Kinh doanh | 30"),
    ]
    assert document.file_type == "xlsx"
    assert document.title == "nhan-su"
    assert document.warnings == []


def test_xlsx_empty_workbook_is_empty(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "trong.xlsx", {"Sheet1": [], "Sheet2": [[None, ""]]})

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "empty"


def test_xlsx_large_sheet_is_capped(tmp_path: Path) -> None:
    rows: list[list[object]] = [[f"Mã {index}", index] for index in range(MAX_ROWS_PER_SHEET + 5)]
    path = make_workbook(tmp_path / "lon.xlsx", {"Dữ liệu": rows})

    document = extract(path)

    table_rows = [block for block in document.blocks if block.kind == "table_row"]
    assert len(table_rows) == MAX_ROWS_PER_SHEET
    assert table_rows[-1].text == f"Mã {MAX_ROWS_PER_SHEET - 1} | {MAX_ROWS_PER_SHEET - 1}"
    assert document.warnings == [
        "Sheet 'Dữ liệu' has more than 20,000 rows; only the first 20,000 were indexed."
    ]


def test_xlsx_not_a_zip_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_text("Mã số;Tên văn bản", encoding="utf-8")

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "corrupt"


def test_xlsx_zero_bytes_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")

    with pytest.raises(ExtractionError) as caught:
        extract(path)

    assert caught.value.reason == "empty"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "TRUE"),
        (2023.0, "2023"),
        (0.1 + 0.2, "0.3"),
        (dt.datetime(2024, 1, 17), "17/01/2024"),
        (dt.datetime(2024, 1, 17, 14, 5, 9), "17/01/2024 14:05:09"),
        (dt.date(2020, 12, 31), "31/12/2020"),
        (dt.time(7, 30), "07:30"),
        ("  Hiện hành ", "Hiện hành"),
    ],
)
def test_xlsx_format_cell(value: object, expected: str) -> None:
    assert format_cell(value) == expected
