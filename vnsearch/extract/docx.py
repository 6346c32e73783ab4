"""Word (.docx) extraction with python-docx and lxml, in document order.

python-docx opens the package and resolves styles and parts. The body is walked
as XML, because the text accessors of python-docx 1.2 repeat merged table cells,
skip text boxes and content controls, and include the cached results of PAGE
fields.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from vnsearch.extract.blocks import (
    RawBlock,
    build_blocks,
    choose_title,
    heading_level,
    legacy_warnings,
)
from vnsearch.extract.paths import open_long_path
from vnsearch.extract.types import BlockKind, ExtractedDocument, ExtractionError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

logger = logging.getLogger("vnsearch.extract")

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    _w("p"),
    _w("tbl"),
    _w("tr"),
    _w("tc"),
    _w("sdt"),
    _w("sdtContent"),
)
_ALTERNATE_CONTENT = f"{{{_MC}}}AlternateContent"
_CHOICE = f"{{{_MC}}}Choice"
_FALLBACK = f"{{{_MC}}}Fallback"
_TXBX_CONTENT = _w("txbxContent")
_VAL = _w("val")

# Elements that only wrap block content (paragraphs and tables) or table rows and cells.
_BLOCK_WRAPPERS = frozenset({_w("customXml"), _SDT})
# Inline elements whose content is not visible text: properties, deleted and
# moved-away revisions, and field instructions.
_SKIPPED_INLINE = frozenset(
    {
        _w("pPr"),
        _w("rPr"),
        _w("del"),
        _w("moveFrom"),
        _w("delText"),
        _w("delInstrText"),
        _w("sdtPr"),
        _w("sdtEndPr"),
        _w("footnoteReference"),
        _w("endnoteReference"),
        _w("commentReference"),
        _w("annotationRef"),
    }
)
# Graphics that can hold text boxes; their other content is not text.
_GRAPHIC_CONTAINERS = frozenset({_w("drawing"), _w("pict"), _w("object")})

# Fields whose cached result is a page number, which is wrong as soon as the
# document reflows and would index as noise ("1", "7").
_PAGE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF"})

_HEADING_STYLE_RE = re.compile(
    r"^(?:heading|tiêu đề|đề mục|überschrift|titre|título|titolo|kop|rubrik|nagłówek|заголовок)"
    r"\s*(\d)$",
    re.IGNORECASE,
)
_TITLE_STYLE_NAMES = frozenset({"title", "tiêu đề", "tựa đề"})
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE_NAME = "EncryptedPackage".encode("utf-16-le")


@dataclass(slots=True)
class _StyleInfo:
    name: str
    based_on: str | None
    outline_level: int | None
    numbered: bool


@dataclass(slots=True)
class _FieldFrame:
    instruction: str = ""
    in_result: bool = False

    @property
    def hides_result(self) -> bool:
        words = self.instruction.split()
        return bool(words) and words[0].upper() in _PAGE_FIELDS


@dataclass(slots=True)
class _InlineText:
    """Text of one paragraph and the text boxes anchored in it."""

    parts: list[str] = field(default_factory=list)
    text_boxes: list[Any] = field(default_factory=list)


def _choose_alternate(element: Any) -> Any | None:
    """Return the one branch of mc:AlternateContent to read.

    Word writes the same text box twice, as DrawingML in mc:Choice and as VML in
    mc:Fallback. The first Choice is read unless only the Fallback has text.
    """
    choice = element.find(_CHOICE)
    fallback = element.find(_FALLBACK)
    if choice is not None and (_has_text(choice) or fallback is None or not _has_text(fallback)):
        return choice
    return fallback


def _has_text(element: Any) -> bool:
    return any(True for _ in element.iter(_w("t"), _TXBX_CONTENT))


def _child_elements(element: Any, tag: str) -> Iterator[Any]:
    """Yield children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _child_elements(content, tag)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _child_elements(child, tag)
        elif child.tag == _ALTERNATE_CONTENT:
            branch = _choose_alternate(child)
            if branch is not None:
                yield from _child_elements(branch, tag)


def _is_placeholder(sdt: Any) -> bool:
    """Return True for a content control that still shows its prompt text ("Click here...")."""
    properties = sdt.find(_w("sdtPr"))
    return properties is not None and properties.find(_w("showingPlcHdr")) is not None


class _DocxWalker:
    """Collects raw blocks from the body, headers, footers and notes of one document."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.styles = self._read_styles(document)
        self.blocks: list[RawBlock] = []
        self.fields: list[_FieldFrame] = []
        self.seen_header_texts: set[tuple[str, str]] = set()

    @staticmethod
    def _read_styles(document: DocxDocument) -> dict[str, _StyleInfo]:
        styles: dict[str, _StyleInfo] = {}
        for style in document.styles.element.iterfind(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            name_element = style.find(_w("name"))
            based_on = style.find(_w("basedOn"))
            outline = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
            numbering = style.find(f"{_w('pPr')}/{_w('numPr')}")
            styles[style_id] = _StyleInfo(
                name=(name_element.get(_VAL) if name_element is not None else style_id) or style_id,
                based_on=based_on.get(_VAL) if based_on is not None else None,
                outline_level=_outline_level(outline),
                numbered=numbering is not None and _numbering_enabled(numbering),
            )
        return styles

    # Block containers: the body, header and footer parts, text boxes, table cells.

    def walk_container(self, container: Any, kind: BlockKind | None = None) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self.paragraph(child, kind)
            elif tag == _TBL:
                self.table(child, kind)
            elif tag == _SDT:
                if _is_placeholder(child):
                    continue
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.walk_container(content, kind)
            elif tag in _BLOCK_WRAPPERS:
                self.walk_container(child, kind)
            elif tag == _ALTERNATE_CONTENT:
                branch = _choose_alternate(child)
                if branch is not None:
                    self.walk_container(branch, kind)

    def paragraph(self, paragraph: Any, kind: BlockKind | None) -> None:
        inline = self.inline_text(paragraph)
        text = "".join(inline.parts)
        if kind is not None:
            self.blocks.append(RawBlock(text, kind))
        else:
            block_kind, level = self.paragraph_kind(paragraph, text)
            self.blocks.append(RawBlock(text, block_kind, level=level))
        for text_box in inline.text_boxes:
            self.walk_container(text_box, kind)

    def table(self, table: Any, kind: BlockKind | None) -> None:
        """Emit one block per row; nested tables and text boxes in cells follow their row."""
        for row in _child_elements(table, _TR):
            cells: list[str] = []
            nested_tables: list[Any] = []
            text_boxes: list[Any] = []
            for cell in _child_elements(row, _TC):
                if _is_merge_continuation(cell):
                    continue
                paragraphs: list[str] = []
                for child in _cell_content(cell):
                    if child.tag == _TBL:
                        nested_tables.append(child)
                        continue
                    inline = self.inline_text(child)
                    paragraphs.append("".join(inline.parts).strip())
                    text_boxes.extend(inline.text_boxes)
                cell_text = " ".join(part for part in paragraphs if part)
                if cell_text:
                    cells.append(cell_text)
            if cells:
                self.blocks.append(RawBlock(" | ".join(cells), kind or "table_row"))
            for nested in nested_tables:
                self.table(nested, kind)
            for text_box in text_boxes:
                self.walk_container(text_box, kind)

    # Inline content of one paragraph.

    def inline_text(self, paragraph: Any) -> _InlineText:
        collected = _InlineText()
        self._inline(paragraph, collected)
        return collected

    def _inline(self, element: Any, collected: _InlineText) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED_INLINE:
                continue
            if tag == _w("r"):
                self._run(child, collected)
            elif tag == _w("fldSimple"):
                frame = _FieldFrame(instruction=child.get(_w("instr"), ""), in_result=True)
                if not frame.hides_result:
                    self._inline(child, collected)
            elif tag == _SDT:
                if not _is_placeholder(child):
                    content = child.find(_SDT_CONTENT)
                    if content is not None:
                        self._inline(content, collected)
            elif tag == _ALTERNATE_CONTENT:
                branch = _choose_alternate(child)
                if branch is not None:
                    self._inline(branch, collected)
            elif tag == f"{{{_M}}}t":
                collected.parts.append(child.text or "")
            elif tag in _GRAPHIC_CONTAINERS:
                collected.text_boxes.extend(_find_text_boxes(child))
            else:
                # Hyperlinks, inserted revisions, smart tags, math and other wrappers.
                self._inline(child, collected)

    def _run(self, run: Any, collected: _InlineText) -> None:
        for child in run:
            tag = child.tag
            if tag == _w("t"):
                if self._text_visible():
                    collected.parts.append(child.text or "")
            elif tag in (_w("tab"), _w("ptab"), _w("br"), _w("cr")):
                if self._text_visible():
                    collected.parts.append(" ")
            elif tag == _w("noBreakHyphen"):
                if self._text_visible():
                    collected.parts.append("-")
            elif tag == _w("sym"):
                if self._text_visible():
                    collected.parts.append(_symbol_char(child))
            elif tag == _w("fldChar"):
                self._field_char(child)
            elif tag == _w("instrText"):
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instruction += child.text or ""
            elif tag == _ALTERNATE_CONTENT:
                branch = _choose_alternate(child)
                if branch is not None:
                    collected.text_boxes.extend(_find_text_boxes(branch))
            elif tag in _GRAPHIC_CONTAINERS:
                collected.text_boxes.extend(_find_text_boxes(child))

    def _field_char(self, element: Any) -> None:
        char_type = element.get(_w("fldCharType"))
        if char_type == "begin":
            self.fields.append(_FieldFrame())
        elif char_type == "separate" and self.fields:
            self.fields[-1].in_result = True
        elif char_type == "end" and self.fields:
            self.fields.pop()

    def _text_visible(self) -> bool:
        """Return False inside a field instruction or inside the result of a page-number field."""
        return all(frame.in_result and not frame.hides_result for frame in self.fields)

    # Paragraph classification.

    def paragraph_kind(self, paragraph: Any, text: str) -> tuple[BlockKind, int]:
        properties = paragraph.find(_w("pPr"))
        style_id = None
        direct_outline = None
        direct_numbering = False
        if properties is not None:
            style = properties.find(_w("pStyle"))
            style_id = style.get(_VAL) if style is not None else None
            direct_outline = _outline_level(properties.find(_w("outlineLvl")))
            numbering = properties.find(_w("numPr"))
            direct_numbering = numbering is not None and _numbering_enabled(numbering)

        level = self._style_heading_level(style_id)
        if direct_outline is not None:
            level = direct_outline
        if level is not None:
            return "heading", level
        if direct_numbering or self._style_is_list(style_id):
            return "list_item", 0
        # Many Vietnamese documents format headings by hand ("Điều 5. ...",
        # "CHƯƠNG II") in Normal or in a custom style such as "06 Canh giữa".
        detected = heading_level(text)
        if detected is not None:
            return "heading", detected
        return "paragraph", 0

    def _style_chain(self, style_id: str | None) -> Iterator[_StyleInfo]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            info = self.styles[style_id]
            yield info
            style_id = info.based_on

    def _style_heading_level(self, style_id: str | None) -> int | None:
        for info in self._style_chain(style_id):
            name = info.name.strip().lower()
            match = _HEADING_STYLE_RE.match(name)
            if match:
                return max(1, int(match.group(1)))
            if name in _TITLE_STYLE_NAMES:
                return 1
            if info.outline_level is not None:
                return info.outline_level
        return None

    def _style_is_list(self, style_id: str | None) -> bool:
        for info in self._style_chain(style_id):
            if info.numbered or info.name.lower().startswith("list"):
                return True
        return False

    # Parts other than the body.

    def headers_and_footers(self, kind: BlockKind) -> list[RawBlock]:
        """Return the blocks of every distinct header or footer part, skipping repeated text."""
        reference_tag = _w("headerReference" if kind == "header" else "footerReference")
        related = self.document.part.related_parts
        seen_parts: set[str] = set()
        collected: list[RawBlock] = []
        for section in self.document.element.body.iter(_w("sectPr")):
            for reference in section.iterfind(reference_tag):
                relationship_id = reference.get(f"{{{_R}}}id")
                if not relationship_id or relationship_id in seen_parts:
                    continue
                seen_parts.add(relationship_id)
                part = related.get(relationship_id)
                if part is None:
                    continue
                for block in self._story_blocks(_part_element(part), kind):
                    key = (kind, block.text.strip())
                    if key[1] and key not in self.seen_header_texts:
                        self.seen_header_texts.add(key)
                        collected.append(block)
        return collected

    def notes(self) -> list[RawBlock]:
        """Return the paragraphs of footnotes and endnotes, after the body in reading order."""
        collected: list[RawBlock] = []
        for relationship in self.document.part.rels.values():
            if relationship.is_external or not relationship.reltype.endswith(
                ("/footnotes", "/endnotes")
            ):
                continue
            root = _part_element(relationship.target_part)
            for note in root:
                # Ids -1 and 0 are the separator lines Word puts between body and notes.
                note_id = note.get(_w("id"), "0")
                if note_id.lstrip("-").isdigit() and int(note_id) <= 0:
                    continue
                collected.extend(self._story_blocks(note, "paragraph"))
        return collected

    def _story_blocks(self, root: Any, kind: BlockKind) -> list[RawBlock]:
        saved_blocks, saved_fields = self.blocks, self.fields
        self.blocks, self.fields = [], []
        try:
            self.walk_container(root, kind)
            return self.blocks
        finally:
            self.blocks, self.fields = saved_blocks, saved_fields


def _outline_level(element: Any | None) -> int | None:
    """Return a 1-based heading level from w:outlineLvl; 9 (body text) and bad values give None."""
    if element is None:
        return None
    try:
        value = int(element.get(_VAL, ""))
    except ValueError:
        return None
    return value + 1 if 0 <= value <= 8 else None


def _numbering_enabled(numbering: Any) -> bool:
    """numId 0 removes numbering that a style would otherwise apply."""
    num_id = numbering.find(_w("numId"))
    return num_id is None or num_id.get(_VAL) != "0"


def _is_merge_continuation(cell: Any) -> bool:
    """Return True for cells that continue a vertical merge or a legacy horizontal merge."""
    properties = cell.find(_w("tcPr"))
    if properties is None:
        return False
    for tag in ("vMerge", "hMerge"):
        merge = properties.find(_w(tag))
        if merge is not None and merge.get(_VAL) != "restart":
            return True
    return False


def _cell_content(cell: Any) -> Iterator[Any]:
    """Yield the paragraphs and tables of a table cell in order."""
    for child in cell:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            if _is_placeholder(child):
                continue
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _cell_content(content)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _cell_content(child)


def _find_text_boxes(element: Any) -> list[Any]:
    """Return the outermost w:txbxContent elements inside a graphic, one branch per mc choice."""
    found: list[Any] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == _TXBX_CONTENT:
            found.append(child)
        elif child.tag == _ALTERNATE_CONTENT:
            branch = _choose_alternate(child)
            if branch is not None:
                found.extend(_find_text_boxes(branch))
        else:
            found.extend(_find_text_boxes(child))
    return found


def _symbol_char(element: Any) -> str:
    """Return the character of a w:sym; symbol-font codes are private-use and get dropped later."""
    try:
        return chr(int(element.get(_w("char"), ""), 16))
    except ValueError:
        return ""


def _part_element(part: Any) -> Any:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return etree.fromstring(part.blob)


def _check_package(path: Path, data_head: bytes, size: int) -> None:
    """Raise for files that are empty, encrypted, Word 97 files in disguise or not zip files."""
    if size == 0:
        raise ExtractionError(
            path,
            "empty",
            "The Word document is empty (0 bytes). Open the original in Word and save it again.",
        )
    if data_head.startswith(_OLE_SIGNATURE):
        with open(open_long_path(path), "rb") as stream:
            content = stream.read()
        if _ENCRYPTED_PACKAGE_NAME in content:
            raise ExtractionError(
                path,
                "encrypted",
                "The Word document is password-protected. Open it in Word, remove the "
                "password (File > Info > Protect Document), save it, then index it again.",
            )
        raise ExtractionError(
            path,
            "legacy_doc",
            "The file is an old Word 97-2003 document with a .docx name. Open it in Word "
            "or LibreOffice and save it as .docx, then index it again.",
        )
    if not data_head.startswith(b"PK"):
        raise ExtractionError(
            path,
            "corrupt",
            "The Word document is damaged: it is not a valid .docx (zip) package. "
            "Open it in Word to repair it, save a new copy, then index it again.",
        )


def extract_docx(path: Path) -> ExtractedDocument:
    """Extract a .docx file: headers, body, notes and footers in reading order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    real_path = open_long_path(path)
    size = real_path.stat().st_size
    with open(real_path, "rb") as stream:
        head = stream.read(8)
    _check_package(path, head, size)

    try:
        with open(real_path, "rb") as stream:
            document = docx.Document(stream)
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
    ) as error:
        logger.info("Cannot open %s as a Word document: %s", path, error)
        raise ExtractionError(
            path,
            "corrupt",
            "The Word document is damaged or is not a Word document. Open it in Word to "
            "repair it, save a new copy, then index it again.",
        ) from error

    walker = _DocxWalker(document)
    headers = walker.headers_and_footers("header")
    walker.walk_container(document.element.body)
    body = walker.blocks
    notes = walker.notes()
    footers = walker.headers_and_footers("footer")

    blocks, encodings = build_blocks(headers + body + notes + footers)
    if not blocks:
        raise ExtractionError(
            path,
            "empty",
            "The Word document contains no text. If it holds scanned pages as pictures, "
            "run OCR on it first, then index it again.",
        )
    return ExtractedDocument(
        path=path,
        title=choose_title(document.core_properties.title, blocks, path),
        blocks=blocks,
        page_count=None,
        file_type="docx",
        warnings=legacy_warnings(encodings),
    )
