"""Vietnamese syllable check, used to score candidate decodings of legacy text.

Vietnamese is written one syllable per word, and a syllable is an optional onset
consonant followed by one of a closed list of rhymes and at most one tone mark.
Mojibake such as "c«ng" or "Vieät" almost never passes this check, while the
correctly decoded "công" and "Việt" do, so counting valid syllables
distinguishes encodings without a dictionary.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _word_list(text: str) -> list[str]:
    return text.split()


_ONSETS = _word_list("ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x")

# Rhymes without tone marks. The list follows the Vietnamese rhyme inventory,
# including rare rhymes such as "oong" (boong) and "uych" (huỵch).
_RHYMES = _word_list("""
a ac ach ai am an ang anh ao ap at au ay
ă ăc ăm ăn ăng ăp ăt
â âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oc oe oen oeo oet oi om on ong ooc oong op ot
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh ui um un ung uôc uôi uôm uôn uông uôt
up ut uơ uy uya uych uyên uyêt uynh uyt uyu
ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
y yêm yên yêt yêu
""")

_SYLLABLE_RE = re.compile(
    "(?:{})?(?:{})".format(
        "|".join(sorted(_ONSETS, key=len, reverse=True)),
        "|".join(sorted(_RHYMES, key=len, reverse=True)),
    )
)

# A syllable that ends in a stop consonant only takes the acute or dot-below tone.
_STOP_FINALS = ("c", "ch", "p", "t")
_STOP_TONES = frozenset("\u0301\u0323")

# Letters that only occur in Vietnamese, beyond the plain ASCII alphabet.
_VIETNAMESE_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)

_EDGE_PUNCTUATION = "\"'.,;:!?()[]{}<>“”‘’…/\\-–—%*"


def is_vietnamese_syllable(word: str) -> bool:
    """Return True if ``word`` is spelled like a Vietnamese syllable (any case)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [char for char in decomposed if char in _TONE_MARKS]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if not _SYLLABLE_RE.fullmatch(base):
        return False
    return not (tones and base.endswith(_STOP_FINALS) and tones[0] not in _STOP_TONES)


def has_vietnamese_letter(word: str) -> bool:
    """Return True if ``word`` contains a letter with a Vietnamese diacritic."""
    return any(char in _VIETNAMESE_LETTERS for char in unicodedata.normalize("NFC", word.lower()))


def words(text: str) -> list[str]:
    """Split ``text`` on whitespace and strip punctuation from each end of each word."""
    tokens = (token.strip(_EDGE_PUNCTUATION) for token in text.split())
    return [token for token in tokens if token]


def count_vietnamese_words(text: str) -> int:
    """Count the words that are valid syllables carrying at least one Vietnamese diacritic.

    Plain ASCII words are left out because they read the same in every encoding.
    """
    return sum(
        1 for word in words(text) if has_vietnamese_letter(word) and is_vietnamese_syllable(word)
    )
