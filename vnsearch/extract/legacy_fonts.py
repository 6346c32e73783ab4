"""Detection and conversion of pre-Unicode Vietnamese font encodings (TCVN3 and VNI).

Before Unicode, Vietnamese documents were typed in fonts that reuse the Windows
Latin-1 code points for Vietnamese letters. Their text layer therefore reads as
Latin-1 mojibake: TCVN3 (ABC, fonts named ".VnTime" and so on) writes "công" as
"c«ng", and VNI-Windows (fonts named "VNI-Times" and so on) writes "Việt" as
"Vieät", a base letter followed by a diacritic character.

Detection converts the text with each candidate encoding and keeps the one whose
output contains clearly more valid Vietnamese syllables than the input does.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from vnsearch.extract.syllables import count_vietnamese_words, words

LegacyEncoding = Literal["tcvn3", "vni"]

LEGACY_ENCODING_NAMES: dict[LegacyEncoding, str] = {"tcvn3": "TCVN3", "vni": "VNI"}

# TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts), keyed by the Latin-1 character a
# PDF or a Windows text file shows for each byte. The lowercase fonts have only
# the seven uppercase letters below; the uppercase ("H") fonts reuse the
# lowercase codes and draw them as capitals.
_TCVN3_TO_UNICODE: dict[str, str] = {
    "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư",
    "\u00a7": "Đ",
    "\u00a8": "ă", "\u00a9": "â", "\u00aa": "ê", "\u00ab": "ô", "\u00ac": "ơ", "\u00ad": "ư",
    "\u00ae": "đ",
    "\u00b5": "à", "\u00b6": "ả", "\u00b7": "ã", "\u00b8": "á", "\u00b9": "ạ",
    "\u00bb": "ằ", "\u00bc": "ẳ", "\u00bd": "ẵ", "\u00be": "ắ", "\u00c6": "ặ",
    "\u00c7": "ầ", "\u00c8": "ẩ", "\u00c9": "ẫ", "\u00ca": "ấ", "\u00cb": "ậ",
    "\u00cc": "è", "\u00ce": "ẻ", "\u00cf": "ẽ", "\u00d0": "é", "\u00d1": "ẹ",
    "\u00d2": "ề", "\u00d3": "ể", "\u00d4": "ễ", "\u00d5": "ế", "\u00d6": "ệ",
    "\u00d7": "ì", "\u00d8": "ỉ", "\u00dc": "ĩ", "\u00dd": "í", "\u00de": "ị",
    "\u00df": "ò", "\u00e1": "ỏ", "\u00e2": "õ", "\u00e3": "ó", "\u00e4": "ọ",
    "\u00e5": "ồ", "\u00e6": "ổ", "\u00e7": "ỗ", "\u00e8": "ố", "\u00e9": "ộ",
    "\u00ea": "ờ", "\u00eb": "ở", "\u00ec": "ỡ", "\u00ed": "ớ", "\u00ee": "ợ",
    "\u00ef": "ù", "\u00f1": "ủ", "\u00f2": "ũ", "\u00f3": "ú", "\u00f4": "ụ",
    "\u00f5": "ừ", "\u00f6": "ử", "\u00f7": "ữ", "\u00f8": "ứ", "\u00f9": "ự",
    "\u00fa": "ỳ", "\u00fb": "ỷ", "\u00fc": "ỹ", "\u00fd": "ý", "\u00fe": "ỵ",
}  # fmt: skip

_TCVN3_TABLE = str.maketrans(_TCVN3_TO_UNICODE)

# Byte 0xAD ("ư") is the soft hyphen in Windows-1252, and PDF writers such as
# Acrobat Distiller replace it with U+2212 MINUS SIGN from a separate font. A minus
# sign that touches a letter is that stand-in; one between digits stays a minus.
_MINUS_STAND_IN_RE = re.compile(r"(?<=[^\W\d_])\u2212|\u2212(?=[^\W\d_])")

# TCVN3 characters that are not letters of Vietnamese Unicode text, so that text
# without any of them cannot be TCVN3.
_VIETNAMESE_LATIN1_LETTERS = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
_TCVN3_MARKERS = frozenset(_TCVN3_TO_UNICODE).difference(_VIETNAMESE_LATIN1_LETTERS) | {"\u2212"}

# VNI-Windows writes a Vietnamese letter as a base letter followed by one
# character that stands for its diacritics. Mark characters, lowercase and
# uppercase forms alike, map to the combining marks they stand for.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VNI_TONE_MARKS = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRCUMFLEX_MARKS = {
    "â": _CIRCUMFLEX,
    "á": _CIRCUMFLEX + _ACUTE,
    "à": _CIRCUMFLEX + _GRAVE,
    "å": _CIRCUMFLEX + _HOOK,
    "ã": _CIRCUMFLEX + _TILDE,
    "ä": _CIRCUMFLEX + _DOT,
}
_VNI_BREVE_MARKS = {
    "ê": _BREVE,
    "é": _BREVE + _ACUTE,
    "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}
# Base characters and the marks each one takes. "ô" and "ö" on their own are the
# horn letters "ơ" and "ư" in VNI.
_VNI_BASES: dict[str, tuple[str, dict[str, str]]] = {
    "a": ("a", {**_VNI_TONE_MARKS, **_VNI_CIRCUMFLEX_MARKS, **_VNI_BREVE_MARKS}),
    "e": ("e", {**_VNI_TONE_MARKS, **_VNI_CIRCUMFLEX_MARKS}),
    "o": ("o", {**_VNI_TONE_MARKS, **_VNI_CIRCUMFLEX_MARKS}),
    "u": ("u", _VNI_TONE_MARKS),
    "y": ("y", _VNI_TONE_MARKS),
    "ô": ("o" + _HORN, _VNI_TONE_MARKS),
    "ö": ("u" + _HORN, _VNI_TONE_MARKS),
}
# Letters that VNI writes as one character.
_VNI_SINGLE = {"ñ": "đ", "ö": "ư", "ô": "ơ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _build_vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, (letters, marks) in _VNI_BASES.items():
        for mark, combining in marks.items():
            lower = unicodedata.normalize("NFC", letters + combining)
            for base_form in (base, base.upper()):
                for mark_form in (mark, mark.upper()):
                    table[base_form + mark_form] = lower.upper() if base_form.isupper() else lower
    for char, letter in _VNI_SINGLE.items():
        table[char] = letter
        table[char.upper()] = letter.upper()
    return table


_VNI_TO_UNICODE = _build_vni_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI_TO_UNICODE), key=len, reverse=True)))
_VNI_MARK_CHARS = frozenset(
    "".join(_VNI_TONE_MARKS) + "".join(_VNI_CIRCUMFLEX_MARKS) + "".join(_VNI_BREVE_MARKS)
)
_VNI_MARKER_RE = re.compile(
    "[aeouyAEOUYôöÔÖ][{}]|[ñÑ]".format(
        "".join(sorted(_VNI_MARK_CHARS)) + "".join(sorted(_VNI_MARK_CHARS)).upper()
    )
)

# Detection reads at most this many characters, which is enough for a reliable
# count and keeps long documents fast.
_DETECTION_SAMPLE_CHARS = 60_000


def tcvn3_to_unicode(text: str, *, uppercase: bool = False) -> str:
    """Convert TCVN3 text to NFC Unicode.

    ``uppercase`` is for the "H" fonts (".VnTimeH" and so on), which draw every
    letter as a capital. Characters outside the TCVN3 table pass through unchanged,
    so Unicode words in the same text survive.
    """
    converted = fix_minus_stand_ins(text).translate(_TCVN3_TABLE)
    if uppercase:
        converted = converted.upper()
    return unicodedata.normalize("NFC", converted)


def fix_minus_stand_ins(text: str) -> str:
    """Replace each U+2212 minus sign that touches a letter with the "ư" it represents."""
    return _MINUS_STAND_IN_RE.sub(_minus_to_u_horn, text)


def _minus_to_u_horn(match: re.Match[str]) -> str:
    text = match.string
    start = match.start()
    following = text[start + 1] if start + 1 < len(text) else ""
    preceding = text[start - 1] if start > 0 else ""
    # The letter after the stand-in decides the case; at the end of a word, the one before.
    neighbour = following if following.isalpha() else preceding
    return "Ư" if neighbour.isupper() else "ư"


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text to NFC Unicode; other characters pass through unchanged."""
    converted = _VNI_RE.sub(lambda match: _VNI_TO_UNICODE[match.group(0)], text)
    return unicodedata.normalize("NFC", converted)


def convert_legacy(text: str, encoding: LegacyEncoding, *, uppercase: bool = False) -> str:
    """Convert ``text`` from the named legacy encoding to NFC Unicode."""
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text, uppercase=uppercase)
    return vni_to_unicode(text)


def legacy_encoding_for_font(font_name: str) -> tuple[LegacyEncoding, bool] | None:
    """Return the legacy encoding a font name implies and whether it is an all-caps font.

    TCVN3 font names start with ".Vn" (".VnTime", ".VnArialH"), and the all-caps
    variants end in "H". VNI font names start with "VNI-" ("VNI-Times"). A PDF
    subset prefix such as "CCBOEA+" and a style suffix such as ",Bold" are ignored.
    """
    name = font_name.lstrip("/")
    name = re.sub(r"^[A-Z]{6}\+", "", name)
    family = re.split(r"[,]", name, maxsplit=1)[0].replace("#20", " ").strip()
    if family.startswith(".Vn"):
        return "tcvn3", family.endswith("H")
    if family.upper().startswith(("VNI-", "VNI ")):
        return "vni", False
    return None


def _has_markers(text: str, encoding: LegacyEncoding) -> bool:
    if encoding == "tcvn3":
        return any(char in _TCVN3_MARKERS for char in text)
    return _VNI_MARKER_RE.search(text) is not None


def detect_legacy_encoding(
    text: str, *, expected: LegacyEncoding | None = None
) -> LegacyEncoding | None:
    """Return the legacy encoding ``text`` is written in, or None for Unicode text.

    Each candidate conversion must add valid Vietnamese syllables: at least two,
    and at least a fifth of the words. When ``expected`` names the encoding the
    rest of the document uses, one extra syllable is enough for that encoding,
    which lets short lines such as titles follow the document.
    """
    sample = text[:_DETECTION_SAMPLE_CHARS]
    all_encodings: tuple[LegacyEncoding, ...] = ("tcvn3", "vni")
    candidates = [encoding for encoding in all_encodings if _has_markers(sample, encoding)]
    if not candidates:
        return None
    word_count = len(words(sample))
    baseline = count_vietnamese_words(sample)
    best: LegacyEncoding | None = None
    best_gain = 0
    for encoding in candidates:
        gain = count_vietnamese_words(convert_legacy(sample, encoding)) - baseline
        required = 1 if encoding == expected else max(2, 0.2 * word_count)
        if gain >= required and gain > best_gain:
            best, best_gain = encoding, gain
    return best


def legacy_warning(encoding: LegacyEncoding) -> str:
    """Return the document warning recorded after converting from ``encoding``."""
    return f"converted from {LEGACY_ENCODING_NAMES[encoding]} legacy font encoding"
