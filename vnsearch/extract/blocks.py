"""Text clean-up and block classification shared by the format extractors."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from vnsearch.extract.legacy_fonts import LegacyEncoding, convert_legacy, detect_legacy_encoding
from vnsearch.extract.syllables import is_vietnamese_syllable
from vnsearch.extract.types import Block, BlockKind

_WHITESPACE_RE = re.compile(r"\s+")
# Zero-width characters, the byte order mark and the soft hyphen are invisible in
# the document and would split words in the index. Legacy conversion runs before
# this clean-up, because TCVN3 uses the soft hyphen's code for "ư".
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

_ROMAN = r"[IVXLC]+"
_PART_RE = re.compile(rf"^(?:PHẦN|Phần)\s+(?:THỨ\s+\w+|Thứ\s+\w+|{_ROMAN}|\d+)\b")
_CHAPTER_RE = re.compile(rf"^(?:CHƯƠNG|Chương)\s+(?:{_ROMAN}|\d+)\b")
_SECTION_RE = re.compile(rf"^(?:MỤC|Mục)\s+(?:{_ROMAN}|\d+)\b")
_ARTICLE_RE = re.compile(r"^(?:ĐIỀU|Điều)\s+\d+[a-z]?\s*(?:[.:]|$)")
_ROMAN_NUMBERED_RE = re.compile(rf"^{_ROMAN}[.)]\s+\S")
# "1." or "1)", and "1.2" or "1.2.3." followed by text. One- and two-digit numbers
# only, so that amounts such as "39.897 tỷ" and years are not taken for numbering.
_NUMBERED_RE = re.compile(r"^(?:(\d{1,2}(?:\.\d{1,2})+)\.?|(\d{1,2})[.)])\s+(?=\S)")

_BULLET_RE = re.compile(r"^[-–—•◦▪▫■□●○❖➢➤►✓✔*+·]\s*(?=\S)")
_LETTER_ITEM_RE = re.compile(r"^\(?[a-zđ]\)\s+\S")

# A heading is short: longer text is a paragraph that happens to start with a number.
_HEADING_MAX_WORDS = 20
_HEADING_MAX_CHARS = 160


def normalize_text(text: str) -> str:
    """Return ``text`` NFC-normalised, with invisible characters removed and whitespace collapsed.

    Control characters and private-use characters (bullet glyphs from symbol
    fonts) become spaces.
    """
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", text)
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Co") else char for char in text)
    return _WHITESPACE_RE.sub(" ", text).strip()


def make_block(text: str, kind: BlockKind, page: int | None = None, level: int = 0) -> Block | None:
    """Build a Block from raw text, or return None when nothing visible is left."""
    cleaned = normalize_text(text)
    if not cleaned:
        return None
    return Block(text=cleaned, kind=kind, page=page, level=level if kind == "heading" else 0)


def _is_all_caps(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    if len(letters) < 4:
        return False
    if len(text.split()) < 2 and len(letters) < 6:
        return False
    upper = sum(1 for char in letters if char.isupper())
    return upper >= 0.85 * len(letters)


def heading_level(text: str) -> int | None:
    """Return the heading level of a line of plain text, or None if it reads as body text.

    Recognised: "Phần I" and "Chương II" (level 1), "Mục 1" (level 2), "Điều 5."
    (level 3), "I." (level 1), "1." (level 2), "1.2" (level 3) and deeper numbering,
    and short all-caps lines (level 1). The line must be short and must not end
    like a clause of a list (",", ";").
    """
    text = text.strip()
    word_count = len(text.split())
    if not text or word_count > _HEADING_MAX_WORDS or len(text) > _HEADING_MAX_CHARS:
        return None
    if text.endswith((",", ";")):
        return None
    if _PART_RE.match(text) or _CHAPTER_RE.match(text):
        return 1
    if _SECTION_RE.match(text):
        return 2
    if _ARTICLE_RE.match(text):
        # "Điều 3. Quyết định này có hiệu lực kể từ ngày ký." is a clause, not a title.
        return None if text.endswith(".") and word_count > 4 else 3
    if _ROMAN_NUMBERED_RE.match(text) and not text.endswith("."):
        return 1
    numbered = _NUMBERED_RE.match(text)
    if numbered and word_count <= 15 and not text.endswith("."):
        rest = text[numbered.end() :]
        # "2. Mã trường: QHI" is a labelled value, not a section title.
        labelled_value = ":" in rest.rstrip(":")
        # "1. CN1 Công nghệ thông tin 7480201 420" is a numbered table row.
        numbers = sum(1 for word in rest.split() if word.strip(".,").isdigit())
        if rest[:1].isupper() and not labelled_value and numbers < 2:
            number = numbered.group(1) or numbered.group(2)
            return number.count(".") + 2
    if _is_all_caps(text):
        return 1
    return None


def starts_new_item(text: str) -> bool:
    """Return True if a line starts with a bullet, a list letter or heading numbering."""
    text = text.strip()
    return bool(
        _BULLET_RE.match(text)
        or _LETTER_ITEM_RE.match(text)
        or _NUMBERED_RE.match(text)
        or _ROMAN_NUMBERED_RE.match(text)
        or _ARTICLE_RE.match(text)
        or _CHAPTER_RE.match(text)
        or _PART_RE.match(text)
        or _SECTION_RE.match(text)
    )


def classify_text(text: str) -> tuple[BlockKind, int]:
    """Return the block kind and heading level for a paragraph of plain text."""
    level = heading_level(text)
    if level is not None:
        return "heading", level
    stripped = text.strip()
    if _BULLET_RE.match(stripped) or _LETTER_ITEM_RE.match(stripped):
        return "list_item", 0
    return "paragraph", 0


def strip_bullet(text: str) -> str:
    """Remove a leading bullet symbol; list letters such as "a)" stay because text cites them."""
    return _BULLET_RE.sub("", text.strip(), count=1)


_TRAILING_HYPHEN_RE = re.compile(r"([A-Za-z]+)-$")
_LEADING_WORD_RE = re.compile(r"^([^\W\d_]+)")


def join_lines(lines: list[str]) -> str:
    """Join the hard-wrapped lines of one paragraph into one string.

    A word split by a hyphen at the end of a line ("informa-" + "tion") is joined
    only when both halves are plain ASCII and one of them is not a Vietnamese
    syllable. Vietnamese text does not hyphenate syllables, so a hyphen there is
    real ("Bà Rịa-" + "Vũng Tàu" keeps it). Other hyphens at a line end stay,
    and the next line follows without a space ("QĐ-" + "UBND").
    """
    joined = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not joined:
            joined = line
            continue
        trailing = _TRAILING_HYPHEN_RE.search(joined)
        leading = _LEADING_WORD_RE.match(line)
        if trailing and leading and leading.group(1).isascii() and leading.group(1).islower():
            left, right = trailing.group(1), leading.group(1)
            if not (is_vietnamese_syllable(left) and is_vietnamese_syllable(right)):
                joined = joined[:-1] + line
                continue
        if joined.endswith("-") and not joined.endswith(" -"):
            joined += line
        else:
            joined += " " + line
    return joined


@dataclass(slots=True)
class RawBlock:
    """Block text as a format extractor found it, before legacy conversion and clean-up."""

    text: str
    kind: BlockKind
    page: int | None = None
    level: int = 0


def build_blocks(
    raw_blocks: list[RawBlock], *, legacy_hint: LegacyEncoding | None = None
) -> tuple[list[Block], list[LegacyEncoding]]:
    """Convert legacy-encoded text, clean every block and drop the empty ones.

    The whole document is checked for a legacy encoding first, and that result
    (or ``legacy_hint``, when the format reads it from font names) lowers the
    bar for each block. Blocks are checked one by one because documents often
    mix Unicode paragraphs with pasted TCVN3 ones. Returns the blocks and the
    legacy encodings that were converted, in order of first use.
    """
    document_encoding = legacy_hint or detect_legacy_encoding(
        "\n".join(raw.text for raw in raw_blocks[:2000])
    )
    blocks: list[Block] = []
    used: list[LegacyEncoding] = []
    for raw in raw_blocks:
        text = raw.text
        encoding = detect_legacy_encoding(text, expected=document_encoding)
        if encoding is not None:
            text = convert_legacy(text, encoding)
            if encoding not in used:
                used.append(encoding)
        block = make_block(text, raw.kind, raw.page, raw.level)
        if block is not None:
            blocks.append(block)
    return blocks, used


_PLACEHOLDER_TITLE_RE = re.compile(
    r"^(?:untitled|document|doc|title|slide|book|sheet|presentation|tài liệu|văn bản)\s*\d*$"
)
_FILE_NAME_TITLE_RE = re.compile(r"\.(?:docx?|pdf|xlsx?|txt|md|rtf|odt|pptx?)$", re.IGNORECASE)
# Lines that open most Vietnamese official documents and carry no information
# about the document itself: the national motto and copy stamps.
_ORGANISATION_PREFIXES = (
    "công ty",
    "tổng công ty",
    "tập đoàn",
    "ngân hàng",
    "bộ ",
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "đại học",
    "trường ",
    "sở ",
    "cục ",
    "tổng cục",
    "viện ",
)
_BOILERPLATE_HEADINGS = frozenset(
    {
        "cộng hòa xã hội chủ nghĩa việt nam",
        "cộng hoà xã hội chủ nghĩa việt nam",
        "độc lập - tự do - hạnh phúc",
        "độc lập – tự do – hạnh phúc",
        "sao y",
        "sao y bản chính",
        "bản sao",
    }
)
_TITLE_MAX_CHARS = 200


def is_meaningful_title(title: str | None) -> bool:
    """Return True unless a metadata title is empty, a placeholder or a file name.

    Word and PDF converters often store "Untitled", "Document1" or
    "Microsoft Word - report.doc" as the title.
    """
    if title is None:
        return False
    cleaned = normalize_text(title)
    lowered = cleaned.lower()
    if len(cleaned) < 3 or not any(char.isalpha() for char in cleaned):
        return False
    if lowered.startswith("microsoft word - "):
        return False
    return not (_PLACEHOLDER_TITLE_RE.match(lowered) or _FILE_NAME_TITLE_RE.search(lowered))


def choose_title(metadata_title: str | None, blocks: list[Block], path: Path) -> str:
    """Return the metadata title if meaningful, else the first heading, else the file stem.

    Headings that only repeat the national motto or a copy stamp are skipped.
    The result is NFC and at most 200 characters long.
    """
    if metadata_title is not None and is_meaningful_title(metadata_title):
        return normalize_text(metadata_title)[:_TITLE_MAX_CHARS]
    headings = [
        b.text
        for b in blocks
        if b.kind == "heading" and b.text.lower() not in _BOILERPLATE_HEADINGS
    ]
    # An all-capitals organisation line ("CÔNG TY CỔ PHẦN ...") heads many Vietnamese
    # documents; the real title is the next heading.
    for text in headings:
        lowered = text.lower()
        if text.isupper() and lowered.startswith(_ORGANISATION_PREFIXES):
            continue
        if lowered.startswith(("số:", "số ")) and "/" in text:  # document number line
            continue
        return text[:_TITLE_MAX_CHARS]
    if headings:
        return headings[0][:_TITLE_MAX_CHARS]
    return normalize_text(path.stem) or normalize_text(path.name)


def legacy_warnings(encodings: list[LegacyEncoding]) -> list[str]:
    """Return one document warning per converted legacy encoding."""
    from vnsearch.extract.legacy_fonts import legacy_warning

    return [legacy_warning(encoding) for encoding in dict.fromkeys(encodings)]
