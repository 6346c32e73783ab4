"""Turn a document file into NFC-normalised text blocks that keep its structure.

``extract(path)`` reads PDF, DOCX, XLSX, TXT and Markdown files and returns an
``ExtractedDocument``, or raises ``ExtractionError`` with a reason code and a
message for the user. No other exception escapes it, except KeyboardInterrupt
and MemoryError.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from vnsearch.extract.paths import open_long_path, resolve_existing
from vnsearch.extract.types import Block, BlockKind, ExtractedDocument, ExtractionError

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "Block",
    "BlockKind",
    "ExtractedDocument",
    "ExtractionError",
    "extract",
    "open_long_path",
]

logger = logging.getLogger("vnsearch.extract")

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".pdf", ".docx", ".xlsx", ".txt", ".md", ".markdown"}
)

# Files above this size are skipped: larger files are almost always scans,
# archives or data dumps, and reading one would stall indexing.
MAX_FILE_BYTES = 200 * 1024 * 1024

_SUPPORTED_LIST = "PDF, Word (.docx), Excel (.xlsx), text (.txt) and Markdown (.md)"
# Older Office formats get a specific hint, because saving in the new format fixes them.
_OLD_OFFICE_HINTS = {
    ".xls": "Open it in Excel or LibreOffice and save it as .xlsx, then index it again.",
    ".ppt": "Presentations are not indexed.",
    ".pptx": "Presentations are not indexed.",
    ".rtf": "Open it in Word or LibreOffice and save it as .docx, then index it again.",
    ".odt": "Open it in LibreOffice and save it as .docx, then index it again.",
}
_ZIP_SIGNATURE = b"PK\x03\x04"
_DAMAGED_MESSAGE = (
    "The file could not be read; it may be damaged. Open it in its application and save "
    "a new copy, then index it again."
)


def _extract_pdf(path: Path) -> ExtractedDocument:
    from vnsearch.extract.pdf import extract_pdf

    return extract_pdf(path)


def _extract_docx(path: Path) -> ExtractedDocument:
    from vnsearch.extract.docx import extract_docx

    return extract_docx(path)


def _extract_xlsx(path: Path) -> ExtractedDocument:
    from vnsearch.extract.xlsx import extract_xlsx

    return extract_xlsx(path)


def _extract_txt(path: Path) -> ExtractedDocument:
    from vnsearch.extract.text import extract_text_file

    return extract_text_file(path, "txt")


def _extract_md(path: Path) -> ExtractedDocument:
    from vnsearch.extract.text import extract_text_file

    return extract_text_file(path, "md")


_EXTRACTORS: dict[str, Callable[[Path], ExtractedDocument]] = {
    ".pdf": _extract_pdf,
    ".docx": _extract_docx,
    ".xlsx": _extract_xlsx,
    ".txt": _extract_txt,
    ".md": _extract_md,
    ".markdown": _extract_md,
}


def _legacy_doc_error(path: Path) -> ExtractionError:
    return ExtractionError(
        path,
        "legacy_doc",
        "The file is an old Word 97-2003 document (.doc), which vnsearch cannot read. "
        "Open it in Word or LibreOffice and save it as .docx, then index it again.",
    )


def _choose_extractor(path: Path, suffix: str) -> Callable[[Path], ExtractedDocument]:
    if suffix == ".doc":
        # Some .doc files are really .docx packages saved with the old extension.
        with open(open_long_path(path), "rb") as stream:
            if stream.read(4) == _ZIP_SIGNATURE:
                return _extract_docx
        raise _legacy_doc_error(path)
    extractor = _EXTRACTORS.get(suffix)
    if extractor is None:
        hint = _OLD_OFFICE_HINTS.get(suffix, "")
        label = f"'{suffix}' files are" if suffix else "Files without an extension are"
        raise ExtractionError(
            path,
            "unsupported_format",
            f"{label} not supported; vnsearch reads {_SUPPORTED_LIST} files. {hint}".strip(),
        )
    return extractor


def extract(path: Path) -> ExtractedDocument:
    """Read ``path`` and return its text blocks, choosing the reader by suffix (any case).

    Raises ExtractionError for every problem with the file itself, with a reason
    code that the indexer records for the skipped file. NFC and NFD spellings of the
    file name both work, whichever one is on disk.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    opened = False
    try:
        real_path = resolve_existing(path)
        extractor = _choose_extractor(real_path, suffix)
        with open(open_long_path(real_path), "rb") as stream:
            stream.read(1)
        opened = True
        size = open_long_path(real_path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExtractionError(
                path,
                "too_large",
                f"The file is {size / 1024 / 1024:,.0f} MB, above the "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB limit. Split it into smaller files "
                "to index it.",
            )
        document = extractor(real_path)
    except ExtractionError as error:
        if error.path != path:
            raise ExtractionError(path, error.reason, error.message) from error
        raise
    except MemoryError:
        raise
    except OSError as error:
        if opened and error.filename is None:
            # The file opened, so an OSError without a file name comes from a
            # parser seeking to an invalid offset inside a damaged file.
            logger.info("Damaged file %s: %s", path, error)
            raise ExtractionError(
                path,
                "corrupt",
                _DAMAGED_MESSAGE,
            ) from error
        logger.warning("Cannot read %s: %s", path, error)
        raise ExtractionError(
            path,
            "unreadable",
            f"The file cannot be opened ({error.strerror or error}). Check that it exists, "
            "that you have permission to read it and that no other program locks it.",
        ) from error
    except RecursionError as error:
        logger.warning("Document structure too deeply nested in %s", path)
        raise ExtractionError(
            path,
            "corrupt",
            "The file's internal structure is nested too deeply to read; it is probably "
            "damaged. Open it in its application and save a new copy, then index it again.",
        ) from error
    except Exception as error:
        # A parser failed in a way its library does not document; the file is the
        # likely cause, and one bad file must not stop indexing.
        logger.info("Unexpected failure while reading %s", path, exc_info=True)
        raise ExtractionError(
            path,
            "corrupt",
            _DAMAGED_MESSAGE,
        ) from error
    document.path = path
    return document
