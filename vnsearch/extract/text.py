"""Plain text and Markdown extraction, including encoding detection for Vietnamese files."""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path

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
from vnsearch.extract.legacy_fonts import convert_legacy, detect_legacy_encoding
from vnsearch.extract.paths import open_long_path
from vnsearch.extract.syllables import count_vietnamese_words
from vnsearch.extract.types import BlockKind, ExtractedDocument, ExtractionError

logger = logging.getLogger("vnsearch.extract")

# Longer byte order marks first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Single-byte encodings tried when a file is neither UTF-8 nor UTF-16/32.
# Windows-1258 is the Vietnamese Windows code page; Windows-1252 also carries
# TCVN3 and VNI text, which the legacy-font converter then turns into Unicode.
_SINGLE_BYTE_CANDIDATES = ("cp1258", "cp1252")

# A single-byte candidate must produce at least this many Vietnamese words to be
# chosen on that evidence; below it, charset-normalizer's guess decides.
_MIN_VIETNAMESE_WORDS = 3


def decode_text_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file and return the NFC text and the encoding used.

    The order is: a byte order mark, then strict UTF-8, then UTF-16 without a
    mark (recognised by its zero bytes), then the single-byte candidate whose
    text contains the most valid Vietnamese syllables. Windows-1258 stores tone
    marks as combining characters, so the result is NFC-normalised.
    """
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            body = data if encoding == "utf-8-sig" else data[len(mark) :]
            return unicodedata.normalize("NFC", body.decode(encoding, errors="replace")), encoding
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _bomless_utf16_encoding(data)
    if utf16 is not None:
        return unicodedata.normalize("NFC", data.decode(utf16, errors="replace")), utf16
    return _decode_single_byte(data)


def _bomless_utf16_encoding(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" when zero bytes sit on one side of most code units."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    units = len(sample) // 2
    if odd_zeros > 0.2 * units and even_zeros < 0.02 * units:
        return "utf-16-le"
    if even_zeros > 0.2 * units and odd_zeros < 0.02 * units:
        return "utf-16-be"
    return None


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    best_text, best_encoding, best_score = "", "", -1
    for encoding in _SINGLE_BYTE_CANDIDATES:
        text = unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))
        legacy = detect_legacy_encoding(text)
        scored = convert_legacy(text, legacy) if legacy else text
        score = count_vietnamese_words(scored) - 5 * text.count("\ufffd")
        if score > best_score:
            best_text, best_encoding, best_score = text, encoding, score
    if best_score >= _MIN_VIETNAMESE_WORDS:
        return best_text, best_encoding
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        return guess
    return best_text, best_encoding


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        return None
    return unicodedata.normalize("NFC", str(match)), match.encoding


def _read_text_file(path: Path) -> tuple[str, str]:
    data = open_long_path(path).read_bytes()
    if not data.strip():
        raise ExtractionError(
            path, "empty", "The text file is empty. Add text to it, then index it again."
        )
    text, encoding = decode_text_bytes(data)
    if "\x00" in text:
        raise ExtractionError(
            path,
            "corrupt",
            "The file has a text-file extension but contains binary data. "
            "Rename it with its real extension or save it again as plain text.",
        )
    if not text.strip():
        raise ExtractionError(
            path,
            "empty",
            "The text file contains only whitespace. Add text to it, then index it again.",
        )
    logger.debug("Decoded %s as %s", path, encoding)
    return text, encoding


def _blank(line: str) -> bool:
    return not line.strip()


def parse_plain_text(text: str) -> list[RawBlock]:
    """Split plain text into blocks: paragraphs at blank lines, plus headings and list items.

    A line that reads as a heading (see ``heading_level``) or starts a list item
    or a numbered clause starts a new block even without a blank line before it.
    """
    raw: list[RawBlock] = []
    buffer: list[str] = []
    buffer_kind: BlockKind = "paragraph"

    def flush() -> None:
        nonlocal buffer, buffer_kind
        if buffer:
            joined = join_lines(buffer)
            if buffer_kind == "list_item":
                joined = strip_bullet(joined)
            raw.append(RawBlock(joined, buffer_kind))
        buffer, buffer_kind = [], "paragraph"

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if _RULE_LINE_RE.match(stripped):
            # "=====" or "-----" under a single short line underlines a heading;
            # elsewhere it is decoration.
            if len(buffer) == 1 and buffer_kind == "paragraph" and len(buffer[0]) <= 150:
                underline_level = 1 if stripped[0] == "=" else 2
                raw.append(RawBlock(buffer[0], "heading", level=underline_level))
                buffer = []
            else:
                flush()
            continue
        level = heading_level(stripped)
        if level is not None:
            flush()
            raw.append(RawBlock(stripped, "heading", level=level))
            continue
        if starts_new_item(stripped):
            flush()
            buffer_kind, _ = classify_text(stripped)
        buffer.append(stripped)
    flush()
    # A short first line standing alone is the document's title.
    first = raw[0] if raw else None
    if (
        first is not None
        and first.kind == "paragraph"
        and "\n" not in first.text
        and len(first.text) <= 120
        and not first.text.endswith((".", ":", ";", ","))
    ):
        raw[0] = RawBlock(first.text, "heading", level=1)
    return raw


_RULE_LINE_RE = re.compile(r"^([=\-~*_#])\1{2,}$")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_THEMATIC_BREAK_RE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_LIST_ITEM_RE = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_TASK_BOX_RE = re.compile(r"^\[[ xX]\]\s+")
_LINK_DEFINITION_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
_BLOCKQUOTE_RE = re.compile(r"^\s{0,3}>\s?")

_CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REFERENCE_LINK_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+|[^>\s@]+@[^>\s]+)>")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR_RE = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
_EMPHASIS_UNDERSCORE_RE = re.compile(r"(?<![\w])_(?=\S)(.+?)(?<=\S)_(?![\w])")
_STRIKE_RE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
# Private-use characters stand in for escaped and code text while the markup is
# stripped, so that "\*" and "`a*b`" keep their asterisks.
_PLACEHOLDER_BASE = 0xF0000


def strip_inline_markdown(text: str) -> str:
    """Remove inline Markdown markup and keep the visible text.

    Links and images keep their text, code spans keep their code, and emphasis,
    strikethrough and HTML tags are removed.
    """
    protected: list[str] = []

    def protect(value: str) -> str:
        protected.append(value)
        return chr(_PLACEHOLDER_BASE + len(protected) - 1)

    text = _CODE_SPAN_RE.sub(lambda match: protect(match.group(2).strip()), text)
    text = _ESCAPE_RE.sub(lambda match: protect(match.group(1)), text)
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _REFERENCE_LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _HTML_TAG_RE.sub(" ", text)
    for pattern in (_STRONG_RE, _STRIKE_RE):
        text = pattern.sub(lambda match: match.group(match.lastindex or 0), text)
    text = _EMPHASIS_STAR_RE.sub(r"\1", text)
    text = _EMPHASIS_UNDERSCORE_RE.sub(r"\1", text)
    return "".join(
        protected[ord(char) - _PLACEHOLDER_BASE]
        if _PLACEHOLDER_BASE <= ord(char) < _PLACEHOLDER_BASE + len(protected)
        else char
        for char in text
    )


def _table_cells(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    cells = re.split(r"(?<!\\)\|", stripped)
    return [strip_inline_markdown(cell.replace("\\|", "|")).strip() for cell in cells]


def _front_matter_end(lines: list[str]) -> int:
    """Return the index of the first line after YAML front matter, or 0 when there is none."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, min(len(lines), 200)):
        if lines[index].strip() in ("---", "..."):
            return index + 1
    return 0


def _front_matter_title(lines: list[str]) -> str | None:
    for line in lines:
        match = re.match(r"^title:\s*(.+?)\s*$", line)
        if match:
            return match.group(1).strip("'\"")
    return None


class _MarkdownParser:
    """Line-based Markdown reader for the block structure the index needs."""

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.buffer: list[str] = []
        self.buffer_kind: BlockKind = "paragraph"

    def flush(self) -> None:
        if self.buffer:
            text = strip_inline_markdown(join_lines(self.buffer))
            self.blocks.append(RawBlock(text, self.buffer_kind))
        self.buffer, self.buffer_kind = [], "paragraph"

    def parse(self, lines: list[str]) -> list[RawBlock]:
        index = 0
        in_table = False
        while index < len(lines):
            line = lines[index]
            index += 1

            fence = _FENCE_RE.match(line)
            if fence:
                self.flush()
                index = self._read_fence(lines, index, fence.group(1))
                in_table = False
                continue
            if _blank(line):
                self.flush()
                in_table = False
                continue
            if line.lstrip().startswith("<!--"):
                self.flush()
                while "-->" not in line and index < len(lines):
                    line = lines[index]
                    index += 1
                continue

            quote = _BLOCKQUOTE_RE.match(line)
            if quote:
                line = _BLOCKQUOTE_RE.sub("", line)
                while _BLOCKQUOTE_RE.match(line):
                    line = _BLOCKQUOTE_RE.sub("", line)
                if _blank(line):
                    self.flush()
                    continue

            heading = _ATX_HEADING_RE.match(line)
            if heading:
                self.flush()
                text = strip_inline_markdown(heading.group(2) or "")
                self.blocks.append(RawBlock(text, "heading", level=len(heading.group(1))))
                in_table = False
                continue

            setext = _SETEXT_RE.match(line)
            if setext and self.buffer and self.buffer_kind == "paragraph":
                text = strip_inline_markdown(join_lines(self.buffer))
                level = 1 if setext.group(1).startswith("=") else 2
                self.blocks.append(RawBlock(text, "heading", level=level))
                self.buffer = []
                continue
            if _THEMATIC_BREAK_RE.match(line):
                self.flush()
                continue

            next_line = lines[index] if index < len(lines) else ""
            starts_table = "|" in line and _TABLE_SEPARATOR_RE.match(next_line) is not None
            if starts_table or (in_table and "|" in line) or line.lstrip().startswith("|"):
                self.flush()
                in_table = True
                if not _TABLE_SEPARATOR_RE.match(line):
                    cells = [cell for cell in _table_cells(line) if cell]
                    self.blocks.append(RawBlock(" | ".join(cells), "table_row"))
                continue
            in_table = False

            if _LINK_DEFINITION_RE.match(line):
                continue

            item = _LIST_ITEM_RE.match(line)
            if item:
                self.flush()
                self.buffer_kind = "list_item"
                self.buffer.append(_TASK_BOX_RE.sub("", item.group(2)))
                continue
            self.buffer.append(line.strip())
        self.flush()
        return self.blocks

    def _read_fence(self, lines: list[str], index: int, fence: str) -> int:
        """Emit the code inside a fenced block and return the index after its closing fence."""
        code: list[str] = []
        closing = re.compile(rf"^\s{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        while index < len(lines) and not closing.match(lines[index]):
            code.append(lines[index])
            index += 1
        self.blocks.append(RawBlock("\n".join(code), "paragraph"))
        return index + 1


def parse_markdown(text: str) -> tuple[list[RawBlock], str | None]:
    """Parse Markdown into blocks and return them with the front-matter title, if any."""
    lines = text.splitlines()
    body_start = _front_matter_end(lines)
    title = _front_matter_title(lines[1 : body_start - 1]) if body_start else None
    return _MarkdownParser().parse(lines[body_start:]), title


def extract_text_file(path: Path, file_type: str) -> ExtractedDocument:
    """Extract a .txt file (``file_type`` "txt") or a Markdown file ("md")."""
    text, _ = _read_text_file(path)
    # Legacy conversion runs on the whole text before parsing, because TCVN3
    # writes "ư" as the soft hyphen, which the block clean-up would delete.
    legacy = detect_legacy_encoding(text)
    if legacy is not None:
        text = convert_legacy(text, legacy)
    front_matter_title: str | None = None
    if file_type == "md":
        raw, front_matter_title = parse_markdown(text)
    else:
        raw = parse_plain_text(text)
    blocks, block_encodings = build_blocks(raw)
    if not blocks:
        raise ExtractionError(
            path,
            "empty",
            "The text file contains no readable text. Check its content, then index it again.",
        )
    return ExtractedDocument(
        path=path,
        title=choose_title(front_matter_title, blocks, path),
        blocks=blocks,
        page_count=None,
        file_type=file_type,
        warnings=legacy_warnings(([legacy] if legacy else []) + block_encodings),
    )
