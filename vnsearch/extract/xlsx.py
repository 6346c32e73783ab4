"""Excel (.xlsx) extraction with openpyxl: a heading per sheet and a block per row."""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
import warnings
import zipfile
from pathlib import Path
from typing import Any

from vnsearch.extract.blocks import RawBlock, build_blocks, choose_title, legacy_warnings
from vnsearch.extract.paths import open_long_path
from vnsearch.extract.types import ExtractedDocument, ExtractionError

logger = logging.getLogger("vnsearch.extract")

# Rows read per sheet. Longer sheets are usually exported data, not prose, and
# reading all of them would make one file dominate the index.
MAX_ROWS_PER_SHEET = 20_000

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def format_cell(value: Any) -> str:
    """Return the text of a cell value as a Vietnamese reader expects it.

    Dates read dd/mm/yyyy (with hh:mm[:ss] when there is a time of day), whole
    floats lose their ".0", other floats use up to 15 significant digits, and
    booleans read TRUE/FALSE as in Excel.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        time_format = "%H:%M:%S" if value.second else "%H:%M"
        return value.strftime(f"%d/%m/%Y {time_format}")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    return str(value).strip()


def _open_workbook(path: Path) -> Any:
    import openpyxl

    real_path = open_long_path(path)
    with open(real_path, "rb") as stream:
        head = stream.read(8)
    if not head:
        raise ExtractionError(
            path, "empty", "The Excel file is empty (0 bytes). Save it again from Excel."
        )
    if head.startswith(_OLE_SIGNATURE):
        raise ExtractionError(
            path,
            "encrypted",
            "The Excel file is password-protected or in the old .xls format. Open it in "
            "Excel, remove the password or save it as .xlsx, then index it again.",
        )
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # openpyxl warns about workbook features it does not read, such as data
        # validation extensions. They carry no text, so the warnings are logged
        # at debug level instead of reaching the user.
        # NOTE: catch_warnings changes process-wide state, so a warning raised in
        # another thread at the same moment may be logged here instead.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            workbook = openpyxl.load_workbook(real_path, read_only=True, data_only=True)
        for warning in caught:
            logger.debug("openpyxl warning for %s: %s", path, warning.message)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        logger.info("Cannot open %s as an Excel workbook: %s", path, error)
        raise ExtractionError(
            path,
            "corrupt",
            "The Excel file is damaged or is not an .xlsx workbook. Open it in Excel to "
            "repair it, save a new copy, then index it again.",
        ) from error
    return workbook


def extract_xlsx(path: Path) -> ExtractedDocument:
    """Extract each worksheet as a heading (the sheet name) and one table row per non-empty row."""
    workbook = _open_workbook(path)
    raw: list[RawBlock] = []
    notes: list[str] = []
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # chart sheets hold no cells
            rows: list[RawBlock] = []
            for row_number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if row_number > MAX_ROWS_PER_SHEET:
                    sheet_name = unicodedata.normalize("NFC", sheet.title)
                    notes.append(
                        f"Sheet '{sheet_name}' has more than {MAX_ROWS_PER_SHEET:,} rows; "
                        f"only the first {MAX_ROWS_PER_SHEET:,} were indexed."
                    )
                    break
                cells = [text for text in (format_cell(value) for value in values) if text]
                if cells:
                    rows.append(RawBlock(" | ".join(cells), "table_row"))
            if rows:
                raw.append(RawBlock(sheet.title, "heading", level=1))
                raw.extend(rows)
        title = workbook.properties.title if workbook.properties is not None else None
    finally:
        workbook.close()

    blocks, encodings = build_blocks(raw)
    if not any(block.kind == "table_row" for block in blocks):
        raise ExtractionError(
            path,
            "empty",
            "The Excel workbook has no filled cells. Add data to it, then index it again.",
        )
    return ExtractedDocument(
        path=path,
        # Sheet names ("Sheet1") make poor titles, so no heading is offered.
        title=choose_title(title, [], path),
        blocks=blocks,
        page_count=None,
        file_type="xlsx",
        warnings=notes + legacy_warnings(encodings),
    )
