"""TCVN3 and VNI conversion and detection, and the Vietnamese syllable check behind it."""

from __future__ import annotations

import unicodedata

import pytest

from vnsearch.extract.legacy_fonts import (
    convert_legacy,
    detect_legacy_encoding,
    legacy_encoding_for_font,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from vnsearch.extract.syllables import count_vietnamese_words, is_vietnamese_syllable


@pytest.mark.parametrize(
    ("tcvn3", "unicode"),
    [
        ("c«ng nghiÖp", "công nghiệp"),
        ("s¶n xuÊt", "sản xuất"),
        ("th¸ng", "tháng"),
        ("§µ N½ng", "Đà Nẵng"),
        ("VÜnh Phóc", "Vĩnh Phúc"),
        ("¾c quy", "ắc quy"),
        ("s÷a ®Æc", "sữa đặc"),
        ("Qu¶ng Ng·i", "Quảng Ngãi"),
        ("chÊt dÎo", "chất dẻo"),
        ("hµng thñ c«ng mü nghÖ", "hàng thủ công mỹ nghệ"),
        ("tr\xadêng", "trường"),
        ("¡¢£¤¥¦§", "ĂÂÊÔƠƯĐ"),
    ],
)
def test_tcvn3_words_convert(tcvn3: str, unicode: str) -> None:
    assert tcvn3_to_unicode(tcvn3) == unicode


def test_tcvn3_covers_every_toned_vowel() -> None:
    # Every lowercase Vietnamese vowel with every tone, in TCVN3 byte order.
    tcvn3 = "µ¸¶·¹ »¾¼½Æ ÇÊÈÉË ÌÐÎÏÑ ÒÕÓÔÖ ×ÝØÜÞ ßãáâä åèæçé êíëìî ïóñòô õøö÷ù úýûüþ"
    expected = "àáảãạ ằắẳẵặ ầấẩẫậ èéẻẽẹ ềếểễệ ìíỉĩị òóỏõọ ồốổỗộ ờớởỡợ ùúủũụ ừứửữự ỳýỷỹỵ"

    assert tcvn3_to_unicode(tcvn3) == expected


def test_tcvn3_minus_sign_stands_in_for_u_horn() -> None:
    assert tcvn3_to_unicode("n−íc ®Çu t− −íc ®¹t") == "nước đầu tư ước đạt"


def test_tcvn3_minus_between_digits_stays() -> None:
    assert tcvn3_to_unicode("nhiÖt ®é −5 ®Õn 10 − 3") == "nhiệt độ −5 đến 10 − 3"


def test_tcvn3_uppercase_font_variant() -> None:
    assert tcvn3_to_unicode("B¸o c¸o t×nh h×nh", uppercase=True) == "BÁO CÁO TÌNH HÌNH"


def test_tcvn3_keeps_unicode_words() -> None:
    assert tcvn3_to_unicode("Nguồn: Vô kinh tÕ") == "Nguồn: Vụ kinh tế"


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [
        ("Vieät Nam", "Việt Nam"),
        ("Quyeát ñònh", "Quyết định"),
        ("Tröôøng Ñaïi hoïc", "Trường Đại học"),
        ("naêm hoïc", "năm học"),
        ("aén uoáng", "ắn uống"),
        ("khuyeán khích", "khuyến khích"),
        ("VIEÄT NAM", "VIỆT NAM"),
        ("AÙnh saùng", "Ánh sáng"),
        ("ñieàu leä", "điều lệ"),
    ],
)
def test_vni_words_convert(vni: str, unicode: str) -> None:
    assert vni_to_unicode(vni) == unicode


def test_conversion_output_is_nfc() -> None:
    for text in (tcvn3_to_unicode("nghiÖp tr\xadêng"), vni_to_unicode("Vieät Nam")):
        assert unicodedata.is_normalized("NFC", text)


def test_detect_tcvn3_paragraph() -> None:
    text = "Th¸ng 02 n¨m 2007 gi¸ trÞ s¶n xuÊt c«ng nghiÖp −íc ®¹t 39.897 tû ®ång."

    assert detect_legacy_encoding(text) == "tcvn3"


def test_detect_vni_paragraph() -> None:
    text = "Quyeát ñònh veà vieäc ban haønh quy cheá chi tieâu noäi boä naêm 2007."

    assert detect_legacy_encoding(text) == "vni"


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định về việc ban hành quy chế chi tiêu nội bộ của công ty năm 2007.",
        "Hoà bình, hoá đơn, thuý, khuyến khích, tuân thủ, muôn năm, công tác.",
        "The café serves crème brûlée and jalapeño nachos at the façade.",
        "Straße, Österreich, Ærø, Ñandú, São Paulo.",
        "39.897 tỷ đồng, tăng 11,9%; nhiệt độ −5 °C.",
    ],
)
def test_detect_leaves_unicode_and_other_languages(text: str) -> None:
    assert detect_legacy_encoding(text) is None


def test_detect_short_title_needs_document_context() -> None:
    title = "Vô kinh tÕ C«ng nghiÖp"

    assert detect_legacy_encoding(title, expected="tcvn3") == "tcvn3"
    assert convert_legacy(title, "tcvn3") == "Vụ kinh tế Công nghiệp"


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        ("/CCBOEA+.VnTime", ("tcvn3", False)),
        ("/CCBOFB+.VnTime,Bold", ("tcvn3", False)),
        ("/CCBOCO+.VnTimeH", ("tcvn3", True)),
        ("/.VnArialH,BoldItalic", ("tcvn3", True)),
        ("/VNI-Times", ("vni", False)),
        ("/ABCDEF+VNI-Helve,Bold", ("vni", False)),
        ("/TimesNewRomanPSMT", None),
        ("/Arial-BoldMT", None),
        ("", None),
    ],
)
def test_font_names_imply_encoding(font: str, expected: tuple[str, bool] | None) -> None:
    assert legacy_encoding_for_font(font) == expected


@pytest.mark.parametrize(
    "word",
    ["nghiêng", "quyết", "giữa", "gì", "khuya", "người", "Đường", "ỨNG", "boong", "huỵch", "oẳn"],
)
def test_valid_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word", ["c«ng", "nghiÖp", "Vieät", "bank", "strength", "hoảc", "tàngs", "tháng2"]
)
def test_invalid_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)


def test_count_ignores_plain_ascii_words() -> None:
    # "Công", "hành", "chế" and "mới" carry diacritics; "ty", "ABC", "ban", "quy" do not.
    assert count_vietnamese_words("Công ty ABC ban hành quy chế (mới).") == 4
