"""PDF extraction with pypdf: text lines with their geometry, grouped into paragraph blocks.

pypdf reports each run of text together with its text matrix, font and size.
Lines are rebuilt from those runs, legacy Vietnamese fonts are converted run by
run, and lines are grouped into paragraphs with layout rules: vertical gaps,
first-line indents, font size changes and list or heading markers.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnsearch.extract.blocks import (
    RawBlock,
    build_blocks,
    choose_title,
    classify_text,
    heading_level,
    join_lines,
    legacy_warnings,
    starts_new_item,
    strip_bullet,
)
from vnsearch.extract.legacy_fonts import (
    LegacyEncoding,
    convert_legacy,
    detect_legacy_encoding,
    fix_minus_stand_ins,
    legacy_encoding_for_font,
)
from vnsearch.extract.paths import open_long_path
from vnsearch.extract.syllables import has_vietnamese_letter
from vnsearch.extract.types import BlockKind, ExtractedDocument, ExtractionError

logger = logging.getLogger("vnsearch.extract")

# A page with fewer letters and digits than this, once running headers and page
# numbers are left out, counts as having no text layer.
MIN_PAGE_TEXT_CHARS = 25

# A line that repeats on at least this share of pages (and on 3 pages or more)
# near the top or bottom is a running header or footer.
_RUNNING_LINE_PAGE_SHARE = 0.5
_RUNNING_LINE_MIN_PAGES = 3
_RUNNING_LINE_EDGE_LINES = 3

_PAGE_NUMBER_RE = re.compile(
    r"^[-–—\s]*(?:trang|page)?\s*\d{1,4}\s*(?:(?:/|of|trên)\s*\d{1,4})?[-–—\s]*$",
    re.IGNORECASE,
)
_SENTENCE_END = (".", ":", ";", "!", "?", "…")
# Fewer line gaps than this on a page give no reliable typical gap.
_MIN_GAPS_FOR_MEDIAN = 3


@dataclass(slots=True)
class _Run:
    """Text that pypdf reported in one piece, with its start position and font."""

    text: str
    baseline: float
    start: float
    size: float
    font: str


@dataclass(slots=True)
class _Line:
    text: str
    baseline: float
    start: float
    size: float
    bold: bool


@dataclass(slots=True)
class _Page:
    number: int
    runs: list[_Run] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)
    has_images: bool = False
    error: str | None = None


def _multiply(first: list[float], second: list[float]) -> list[float]:
    """Multiply two PDF affine matrices [a b c d e f]."""
    a, b, c, d, e, f = first
    g, h, i, j, k, m = second
    return [
        a * g + b * i,
        a * h + b * j,
        c * g + d * i,
        c * h + d * j,
        e * g + f * i + k,
        e * h + f * j + m,
    ]


def _open_reader(path: Path) -> Any:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    real_path = open_long_path(path)
    with open(real_path, "rb") as stream:
        head = stream.read(1024)
    if not head:
        raise ExtractionError(
            path, "empty", "The PDF file is empty (0 bytes). Get a new copy of the file."
        )
    if b"%PDF" not in head:
        raise ExtractionError(
            path,
            "corrupt",
            "The file has a .pdf extension but is not a PDF. Rename it with its real "
            "extension or get a new copy, then index it again.",
        )
    try:
        reader = PdfReader(str(real_path), strict=False)
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise _corrupt_pdf(path, error) from error

    if reader.is_encrypted:
        try:
            # Many PDFs are encrypted only to restrict printing or copying and
            # open with the empty user password.
            decrypted = reader.decrypt("")
        except DependencyError as error:
            raise ExtractionError(
                path,
                "encrypted",
                "The PDF uses AES encryption, which this installation cannot decrypt "
                "because the 'cryptography' package is missing. Export an unprotected "
                "copy from your PDF reader, then index it again.",
            ) from error
        except (PyPdfError, NotImplementedError, ValueError, KeyError) as error:
            raise _encrypted_pdf(path) from error
        if decrypted == PasswordType.NOT_DECRYPTED:
            raise _encrypted_pdf(path)
    return reader


def _encrypted_pdf(path: Path) -> ExtractionError:
    return ExtractionError(
        path,
        "encrypted",
        "The PDF is password-protected. Remove the password (File > Properties in your "
        "PDF reader) or export an unprotected copy, then index it again.",
    )


def _corrupt_pdf(path: Path, error: BaseException) -> ExtractionError:
    logger.info("Cannot parse PDF %s: %s", path, error)
    return ExtractionError(
        path,
        "corrupt",
        "The PDF is damaged or incomplete (for example a download that stopped early). "
        "Get a new copy of the file, then index it again.",
    )


def _with_word_spacing_applied(page: Any, reader: Any) -> Any:
    """Return a copy of ``page`` whose text uses TJ offsets in place of word spacing (Tw).

    pypdf 7.1.1 leaves Tw out of the width of a text run. When a justified line is
    drawn as several runs, the gap pypdf computes before the next run therefore
    includes the extra word spacing, and it inserts a space inside a word
    ("nghi ệp"). Moving the word spacing into explicit TJ offsets after each
    space gives pypdf the true run widths. Only simple fonts are rewritten,
    because Tw does not apply to the two-byte codes of composite (Type0) fonts.
    Text inside form XObjects is not rewritten.
    """
    from pypdf import PageObject
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        ContentStream,
        FloatObject,
        NameObject,
    )

    contents = page.get_contents()
    if contents is None:
        return page
    data = contents.get_data()
    if b"Tw" not in data and b'"' not in data:
        return page
    stream = ContentStream(contents, reader, "bytes")
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else {}

    word_spacing, font_size, simple_font = 0.0, 1.0, True
    saved: list[tuple[float, float, bool]] = []
    operations: list[tuple[Any, bytes]] = []

    def spaced(operand: Any) -> list[Any]:
        raw = bytes(operand)
        pieces = raw.split(b" ")
        offset = FloatObject(-word_spacing * 1000 / font_size)
        result: list[Any] = []
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            chunk = piece if last else piece + b" "
            if chunk:
                result.append(ByteStringObject(chunk))
            if not last:
                result.append(offset)
        return result

    for operands, operator in stream.operations:
        if operator == b"q":
            saved.append((word_spacing, font_size, simple_font))
        elif operator == b"Q" and saved:
            word_spacing, font_size, simple_font = saved.pop()
        elif operator == b"Tw" and operands:
            word_spacing = float(operands[0])
            operations.append(([FloatObject(0)], b"Tw"))
            continue
        elif operator == b"Tf" and len(operands) >= 2:
            font_size = float(operands[1]) or 1.0
            font = fonts.get(operands[0]) if hasattr(fonts, "get") else None
            font = font.get_object() if font is not None else None
            simple_font = font is None or font.get("/Subtype") != "/Type0"
        elif operator == b'"' and len(operands) >= 3:
            word_spacing = float(operands[0])
            operations.append(([FloatObject(0)], b"Tw"))
            operations.append(([operands[1]], b"Tc"))
            operations.append(([], b"T*"))
            operands, operator = [operands[2]], b"Tj"
        elif operator == b"'" and operands:
            operations.append(([], b"T*"))
            operator = b"Tj"

        if operator in (b"Tj", b"TJ") and operands and word_spacing and simple_font:
            items = operands[0] if operator == b"TJ" else [operands[0]]
            array = ArrayObject()
            for item in items:
                if isinstance(item, (bytes, str)) and not isinstance(item, NameObject):
                    array.extend(spaced(item))
                else:
                    array.append(item)
            operations.append(([array], b"TJ"))
            continue
        operations.append((operands, operator))

    stream.operations = operations
    copy = PageObject(pdf=reader)
    for key, value in page.items():
        copy[NameObject(key)] = value
    copy[NameObject("/Contents")] = stream
    return copy


def _read_runs(page: Any, reader: Any) -> list[_Run]:
    """Return the text runs of one page in content order; a run ending in a newline ends a line."""
    runs: list[_Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text:
            return
        matrix = _multiply(list(tm), list(cm))
        horizontal = abs(matrix[1]) <= abs(matrix[0])
        scale = math.hypot(matrix[2], matrix[3]) if horizontal else math.hypot(matrix[0], matrix[1])
        base_font = ""
        if font is not None and hasattr(font, "get"):
            base_font = str(font.get("/BaseFont", ""))
        runs.append(
            _Run(
                text=text,
                baseline=matrix[5] if horizontal else matrix[4],
                start=matrix[4] if horizontal else matrix[5],
                size=abs(float(size) * scale) or 1.0,
                font=base_font,
            )
        )

    try:
        prepared = _with_word_spacing_applied(page, reader)
    except Exception as error:
        # The rewrite only improves spacing, so content that pypdf cannot parse
        # into operations is read unchanged; extract_text reports real damage.
        logger.debug("Word-spacing rewrite skipped: %s", error)
        prepared = page
    prepared.extract_text(visitor_text=visit)
    return runs


def _decide_font_encodings(pages: list[_Page]) -> dict[str, tuple[LegacyEncoding, bool]]:
    """Decide per font which runs to convert from a legacy encoding, and whether to upper-case.

    A TCVN3 or VNI font name is enough unless the font's text already contains
    Vietnamese Unicode letters (the PDF has a correct ToUnicode map). Other fonts
    are converted when their text as a whole reads as TCVN3 or VNI.
    """
    text_by_font: dict[str, list[str]] = {}
    for page in pages:
        for run in page.runs:
            text_by_font.setdefault(run.font, []).append(run.text)
    decisions: dict[str, tuple[LegacyEncoding, bool]] = {}
    for font, texts in text_by_font.items():
        joined = "\n".join(texts)
        hint = legacy_encoding_for_font(font)
        if hint is not None:
            if not _has_unicode_only_letters(joined):
                decisions[font] = hint
            continue
        detected = detect_legacy_encoding(joined)
        if detected is not None:
            decisions[font] = (detected, False)
    return decisions


def _has_unicode_only_letters(text: str) -> bool:
    """Return True if text has Vietnamese letters that no Latin-1 based legacy font can produce."""
    return any(
        ord(char) > 0xFF and char != "\u2212" and has_vietnamese_letter(char) for char in text
    )


def _build_lines(
    runs: list[_Run], decisions: dict[str, tuple[LegacyEncoding, bool]]
) -> list[_Line]:
    lines: list[_Line] = []
    parts: list[str] = []
    line_runs: list[_Run] = []
    converted_tcvn3 = False

    def finish() -> None:
        nonlocal parts, line_runs, converted_tcvn3
        text = "".join(parts)
        if converted_tcvn3:
            text = fix_minus_stand_ins(text)
        visible = [run for run in line_runs if run.text.strip()]
        if visible:
            lines.append(
                _Line(
                    text=text,
                    baseline=visible[0].baseline,
                    start=visible[0].start,
                    size=max(run.size for run in visible),
                    bold=all("bold" in run.font.lower() for run in visible),
                )
            )
        parts, line_runs, converted_tcvn3 = [], [], False

    for run in runs:
        decision = decisions.get(run.font)
        pieces = run.text.split("\n")
        for index, piece in enumerate(pieces):
            if index > 0:
                finish()
            if not piece:
                continue
            if decision is not None:
                encoding, uppercase = decision
                piece = convert_legacy(piece, encoding, uppercase=uppercase)
                converted_tcvn3 = converted_tcvn3 or encoding == "tcvn3"
            parts.append(piece)
            line_runs.append(run)
    finish()
    return lines


def _line_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _running_lines(pages: list[_Page]) -> set[str]:
    """Return the keys of lines repeated near the top or bottom of many pages."""
    counts: Counter[str] = Counter()
    for page in pages:
        visible = [line for line in page.lines if line.text.strip()]
        by_position = sorted(visible, key=lambda line: -line.baseline)
        edge = by_position[:_RUNNING_LINE_EDGE_LINES] + by_position[-_RUNNING_LINE_EDGE_LINES:]
        # Page numbers are dropped by their own rule; as running lines they would
        # also swallow numbers in table cells.
        counts.update(
            {_line_key(line.text) for line in edge if not _PAGE_NUMBER_RE.match(line.text)}
        )
    needed = max(_RUNNING_LINE_MIN_PAGES, math.ceil(_RUNNING_LINE_PAGE_SHARE * len(pages)))
    return {key for key, count in counts.items() if count >= needed}


def _alnum_count(text: str) -> int:
    return sum(1 for char in text if char.isalnum())


def _page_is_textless(page: _Page, running: set[str]) -> bool:
    """Return True if a page has almost no text of its own.

    On pages with pictures, running lines do not count: scans from legal
    databases carry a text watermark ("www.LuatVietnam.vn") on every page.
    """
    lines = page.lines
    if page.has_images:
        lines = [line for line in lines if _line_key(line.text.strip()) not in running]
    return sum(_alnum_count(line.text) for line in lines) < MIN_PAGE_TEXT_CHARS


@dataclass(slots=True)
class _PageLayout:
    """Typical line gap, font size and line length on one page, for the paragraph rules."""

    line_gap: float
    body_size: float
    full_length: int


def _page_layout(lines: list[_Line]) -> _PageLayout:
    gaps = [
        previous.baseline - current.baseline
        for previous, current in itertools.pairwise(lines)
        if 0 < previous.baseline - current.baseline < 3 * max(previous.size, current.size)
    ]
    sizes = [line.size for line in lines for _ in range(max(1, len(line.text) // 10))]
    lengths = sorted(len(line.text.strip()) for line in lines)
    full_length = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    return _PageLayout(
        line_gap=statistics.median(gaps) if len(gaps) >= _MIN_GAPS_FOR_MEDIAN else 0.0,
        body_size=statistics.median(sizes) if sizes else 0.0,
        full_length=max(full_length, 40),
    )


def _is_all_caps(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 4 and sum(char.isupper() for char in letters) >= 0.85 * len(letters)


def _starts_paragraph(previous: _Line, current: _Line, layout: _PageLayout) -> bool:
    """Return True if ``current`` cannot continue the paragraph that ``previous`` is in."""
    previous_text, current_text = previous.text.strip(), current.text.strip()
    gap = previous.baseline - current.baseline
    size = max(previous.size, current.size)
    previous_short = len(previous_text) < 0.7 * layout.full_length

    if gap < -0.5 * size:
        return True  # moved up the page: a new column, a table cell or a text box
    if layout.line_gap and gap > 1.45 * layout.line_gap:
        return True
    # Without enough lines for a typical gap, compare with the font size instead:
    # single-spaced text advances about 1.2 times the size per line.
    if gap > (2.2 if layout.line_gap else 1.6) * size:
        return True
    if abs(previous.size - current.size) > 0.2 * size:
        return True
    if starts_new_item(current_text):
        return True
    previous_caps, current_caps = _is_all_caps(previous_text), _is_all_caps(current_text)
    if previous_caps != current_caps:
        return True
    # A short heading line ends its block, except an all-caps title wrapped onto
    # a second all-caps line; the line length alone cannot tell those apart.
    wrapped_caps = previous_caps and not previous_text.endswith(_SENTENCE_END)
    if previous_short and heading_level(previous_text) is not None and not wrapped_caps:
        return True
    if previous.bold != current.bold and (previous_short or current.bold):
        return True
    indented = current.start - previous.start > 0.9 * size
    if indented and not previous_short and not starts_new_item(previous_text):
        # A first-line indent. After a list marker or a number the indent is the
        # hanging indent of the same item instead.
        return True
    return previous_short and previous_text.endswith(_SENTENCE_END)


def _classify_paragraph(
    lines: list[_Line], text: str, layout: _PageLayout
) -> tuple[BlockKind, int]:
    word_count = len(text.split())
    kind, level = classify_text(text)
    if kind == "heading":
        return kind, level
    large = layout.body_size and min(line.size for line in lines) >= 1.15 * layout.body_size
    if large and word_count <= 25:
        return "heading", 1
    bold = all(line.bold for line in lines)
    if bold and word_count <= 15 and not text.endswith((".", ";", ",")):
        return "heading", 2
    return kind, level


def _page_blocks(page: _Page, running: set[str], emitted_running: set[str]) -> list[RawBlock]:
    """Group the lines of one page into paragraph blocks; running lines are emitted once."""
    body: list[_Line] = []
    running_blocks: list[RawBlock] = []
    middle = _middle_baseline(page.lines)
    for line in page.lines:
        text = line.text.strip()
        if not text:
            continue
        key = _line_key(text)
        if _PAGE_NUMBER_RE.match(text) and _is_edge_line(line, page.lines):
            continue
        if key in running:
            if key not in emitted_running:
                emitted_running.add(key)
                kind: BlockKind = "header" if line.baseline >= middle else "footer"
                running_blocks.append(RawBlock(text, kind, page=page.number))
            continue
        body.append(line)

    layout = _page_layout(body)
    paragraphs: list[list[_Line]] = []
    for line in body:
        if paragraphs and not _starts_paragraph(paragraphs[-1][-1], line, layout):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])

    blocks = [block for block in running_blocks if block.kind == "header"]
    for lines in paragraphs:
        text = join_lines([line.text for line in lines])
        kind, level = _classify_paragraph(lines, text, layout)
        if kind == "list_item":
            text = strip_bullet(text)
        blocks.append(RawBlock(text, kind, page=page.number, level=level))
    blocks.extend(block for block in running_blocks if block.kind == "footer")
    return blocks


def _append_page_blocks(blocks: list[RawBlock], page_blocks: list[RawBlock]) -> None:
    """Append one page's blocks, joining a paragraph that runs on from the previous page.

    A paragraph or list item that ends without closing punctuation continues
    when the next page's first body paragraph starts with a lowercase letter.
    The joined block keeps the page it started on.
    """
    body = [block for block in page_blocks if block.kind not in ("header", "footer")]
    previous = next(
        (block for block in reversed(blocks) if block.kind not in ("header", "footer")), None
    )
    first = body[0] if body else None
    if (
        previous is not None
        and first is not None
        and previous.kind in ("paragraph", "list_item")
        and first.kind == "paragraph"
        and not previous.text.rstrip().endswith(_SENTENCE_END)
        and first.text.lstrip()[:1].islower()
    ):
        previous.text = join_lines([previous.text, first.text])
        page_blocks = [block for block in page_blocks if block is not first]
    blocks.extend(page_blocks)


def _middle_baseline(lines: list[_Line]) -> float:
    if not lines:
        return 0.0
    baselines = [line.baseline for line in lines]
    return (max(baselines) + min(baselines)) / 2


def _is_edge_line(line: _Line, lines: list[_Line]) -> bool:
    """Return True if ``line`` is among the topmost or bottommost lines of its page."""
    ordered = sorted((item for item in lines if item.text.strip()), key=lambda item: -item.baseline)
    edge = ordered[:2] + ordered[-2:]
    return any(item is line for item in edge)


def _page_has_images(page: Any) -> bool:
    try:
        return len(page.images) > 0
    except Exception as error:
        # Images only decide a warning's wording, so a broken resource must not fail the page.
        logger.debug("Cannot list images: %s", error)
        return False


def _pages_phrase(numbers: list[int], verb: tuple[str, str] = ("has", "have")) -> str:
    """Return "Page 3 has" or "Pages 3, 5 have" (with another verb pair if given)."""
    listed = ", ".join(str(number) for number in numbers)
    if len(numbers) == 1:
        return f"Page {listed} {verb[0]}"
    return f"Pages {listed} {verb[1]}"


def extract_pdf(path: Path) -> ExtractedDocument:
    """Extract a PDF page by page into paragraph, heading, list and running header/footer blocks."""
    from pypdf.errors import PyPdfError

    reader = _open_reader(path)
    try:
        page_objects = list(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise _corrupt_pdf(path, error) from error
    if not page_objects:
        raise ExtractionError(path, "empty", "The PDF has no pages. Get a new copy of the file.")

    pages: list[_Page] = []
    for number, page_object in enumerate(page_objects, start=1):
        page = _Page(number=number)
        try:
            page.runs = _read_runs(page_object, reader)
        except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
            logger.info("Cannot read page %d of %s: %s", number, path, error)
            page.error = str(error)
        page.has_images = _page_has_images(page_object)
        pages.append(page)

    if all(page.error is not None for page in pages):
        raise _corrupt_pdf(path, RuntimeError(pages[0].error))

    decisions = _decide_font_encodings(pages)
    for page in pages:
        page.lines = _build_lines(page.runs, decisions)

    running = _running_lines(pages)
    textless = [page.number for page in pages if _page_is_textless(page, running)]
    if len(textless) == len(pages):
        raise ExtractionError(
            path,
            "no_text_layer",
            "The PDF has no text layer: its pages are scanned images. Run OCR on it (for "
            "example with OCRmyPDF: ocrmypdf --language vie input.pdf output.pdf), then "
            "index the new file.",
        )

    warnings: list[str] = []
    scanned = [number for number in textless if pages[number - 1].has_images]
    if scanned:
        warnings.append(
            f"{_pages_phrase(scanned)} no text layer (scanned images) and "
            f"{'was' if len(scanned) == 1 else 'were'} not indexed; run OCR on the PDF "
            "to make them searchable."
        )
    failed = [page.number for page in pages if page.error is not None]
    if failed:
        warnings.append(
            f"{_pages_phrase(failed, verb=('could', 'could'))} not be read and "
            f"{'was' if len(failed) == 1 else 'were'} skipped."
        )

    emitted_running: set[str] = set()
    raw: list[RawBlock] = []
    for page in pages:
        _append_page_blocks(raw, _page_blocks(page, running, emitted_running))

    hinted = {encoding for encoding, _ in decisions.values()}
    legacy_hint: LegacyEncoding | None = next(iter(hinted)) if len(hinted) == 1 else None
    blocks, block_encodings = build_blocks(raw, legacy_hint=legacy_hint)
    encodings = [encoding for encoding, _ in decisions.values()] + block_encodings
    warnings = legacy_warnings(encodings) + warnings

    metadata_title = _metadata_title(reader)
    if metadata_title:
        title_encoding = detect_legacy_encoding(metadata_title, expected=legacy_hint)
        if title_encoding is not None:
            metadata_title = convert_legacy(metadata_title, title_encoding)

    return ExtractedDocument(
        path=path,
        title=choose_title(metadata_title, blocks, path),
        blocks=blocks,
        page_count=len(pages),
        file_type="pdf",
        warnings=warnings,
    )


def _metadata_title(reader: Any) -> str | None:
    from pypdf.errors import PyPdfError

    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        logger.debug("Cannot read PDF metadata: %s", error)
        return None
    return str(title) if title else None
