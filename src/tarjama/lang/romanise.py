"""Arabic ↔ Latin name matching: romanisation and consonant skeletons (for matching, never display).

Unvocalised Arabic writes no short vowels, and Arabic and English spell the same sounds with
different letters, so names are compared as *skeletons*: strings over a small alphabet of
consonant classes in which letters that transliterations mix up share one class (k/q/c, s/ṣ/z,
t/ṭ/th, d/ḍ/dh, h/ḥ/kh, v/f, p/b, g/j/gh). Vowels, w and y (in English) and the long-vowel
letters ا و ي, ع and hamza (in Arabic) are left out of the skeleton, because either side may
write them or not. A second string, the *shape*, keeps one `V` per vowel slot so that a vowel
the Arabic inserts where the source has none ("كيسليتيسيا" for Kyslytsya) can still be seen.

English-side spellings are expanded into a few skeleton variants with per-language letter
rules: Turkish (c = /dʒ/, ç = /tʃ/, ş = /ʃ/, silent ğ), the Ukrainian and Russian romanisation
habits of English news (kh, zh, ts, shch, Ukrainian h for Russian g), German (sch, z = ts, w = v)
and Spanish (j = kh). Turkish ğ and v are written غ and و in established Arabic forms (أردوغان,
جاويش أوغلو), so those are variants too; Persian gh and ch are often ق and ج (عراقجي).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from tarjama.lang.ar import DIACRITICS

VOWEL = "V"

# Consonant classes: B b/p, T t/ṭ/th, D d/ḍ/dh, S s/ṣ/z/ẓ, X sh, K k/q/c, G g/j/gh, H h/ḥ/kh,
# F f/v, L, M, N, R.
AR_CLASSES: dict[str, str] = {
    **dict.fromkeys("بپ", "B"),
    **dict.fromkeys("تطث", "T"),
    **dict.fromkeys("دضذ", "D"),
    **dict.fromkeys("سصزظژ", "S"),
    "ش": "X",
    **dict.fromkeys("كقک", "K"),
    **dict.fromkeys("جغگڨ", "G"),
    **dict.fromkeys("حخه", "H"),
    **dict.fromkeys("فڤ", "F"),
    "ل": "L",
    "م": "M",
    "ن": "N",
    "ر": "R",
    **dict.fromkeys("اأإآٱىةويیۆۇۈعؤئ", VOWEL),
    "ء": "",
}
AR_ROMAN: dict[str, str] = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ء": "'",
    "ؤ": "u",
    "ئ": "i",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "'",
    "غ": "gh",
    "ف": "f",
    "ڤ": "v",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "ى": "a",
    "و": "w",
    "ي": "y",
    "ی": "y",
}
AR_GLIDES = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i")}


def _proclitics() -> tuple[str, ...]:
    """Arabic proclitics and their combinations, longest first: a conjunction (و ف), then a
    preposition (ب ك ل) and/or the article (ال; ل + ال is written لل): وبال، فلل، كال، و …"""
    joined = {
        conj + rest
        for conj in ("", "و", "ف")
        for rest in ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل")
    }
    joined.discard("")
    return tuple(sorted(joined, key=lambda p: (-len(p), p)))


AR_PROCLITICS = _proclitics()

# English-side letter rules, longest first: spelling → alternative class strings.
_EN_RULES: dict[str, tuple[str, ...]] = {
    "shch": ("X", "XTX"),
    "sch": ("X", "SK"),
    "tch": ("TX",),
    "dzh": ("G",),
    "kh": ("H", "K"),
    "zh": ("G", "S"),
    "sh": ("X",),
    "ch": ("TX", "K", "X", "H", "G"),
    "ph": ("F",),
    "th": ("T", "D", "S"),  # S: ز or س for th, as in ميريويزر (Merriweather)
    "dh": ("D",),
    "gh": ("G", "", "K"),
    "ng": ("NG", "N"),
    "ck": ("K",),
    "ts": ("TS",),
    "tz": ("TS",),
    "dj": ("G",),
    "xh": ("G", "X"),
    "kn": ("N", "KN"),
    "sc": ("SK",),
    "st": ("ST", "XT"),
    "sp": ("SB", "XB"),
    "x": ("KS", "X", "S"),
    "c": ("K", "S", "G"),
    "j": ("G", "", "H"),
    "g": ("G",),
    "h": ("H", "G", ""),
    "k": ("K",),
    "q": ("K",),
    "v": ("F", VOWEL),
    "f": ("F",),
    "w": (VOWEL, "F"),
    "p": ("B", "F"),
    "b": ("B",),
    "t": ("T",),
    "d": ("D",),
    "s": ("S",),
    "z": ("S", "TS"),
    "l": ("L",),
    "m": ("M",),
    "n": ("N",),
    "r": ("R",),
    "ñ": ("N",),
    "ç": ("TX", "G", "S"),
    "ş": ("X",),
    "ğ": ("", "G"),
}
# Turkish spelling is phonemic: when a name shows Turkish letters, c is /dʒ/ and h is h.
_TR_RULES: dict[str, tuple[str, ...]] = {"c": ("G",), "ç": ("TX", "G"), "h": ("H",)}
_TURKISH_LETTERS = frozenset("şğıİçöü")
_KEEP_LETTERS = frozenset("çşğıñ")  # letters whose identity matters before accents are stripped
_EN_VOWELS = frozenset("aeiouyıöüäåøæœ")
_MAX_VARIANTS = 64


class Skeleton(NamedTuple):
    """A spelling reduced to consonant classes, with its vowel slots kept in `shape`."""

    consonants: str
    shape: str


@lru_cache(maxsize=16384)
def romanise(text: str) -> str:
    """A rough, deterministic Latin rendering of Arabic text, for matching and messages
    (cached: messages repeat the same misspelt names).

    و and ي read as consonants (w, y) at the start of a word or before ا, otherwise as long
    vowels (u, i). Non-Arabic characters pass through unchanged.
    """
    out: list[str] = []
    for index, ch in enumerate(text):
        if ch in AR_GLIDES:
            word_initial = index == 0 or text[index - 1] not in AR_ROMAN
            before_alef = index + 1 < len(text) and text[index + 1] in "اأآ"
            out.append(AR_GLIDES[ch][0] if word_initial or before_alef else AR_GLIDES[ch][1])
        else:
            out.append(AR_ROMAN.get(ch, "" if "\u064b" <= ch <= "\u065f" or ch == "\u0640" else ch))
    return "".join(out)


@lru_cache(maxsize=65536)
def arabic_skeleton(word: str) -> Skeleton:
    """The skeleton of one Arabic word; diacritics and tatweel are ignored.

    A word-initial vowel letter (alef, hamza seat, ع) is not a vowel slot: Arabic needs a
    seat to start a word with a vowel, whatever the source spelling. A word-final ه is read
    as a vowel, as ة is: foreign names end in it for -e and -a (أندريه Andrii, روته Rutte).
    """
    classes = [AR_CLASSES[ch] for ch in word if ch in AR_CLASSES]
    while classes and classes[0] in (VOWEL, ""):
        classes.pop(0)
    if len(classes) > 1 and DIACRITICS.sub("", word).endswith("ه"):
        classes[-1] = VOWEL
    return _skeleton_from_classes(classes)


def _skeleton_from_classes(classes: list[str]) -> Skeleton:
    shape: list[str] = []
    for cls in classes:
        for ch in cls:
            if not shape or shape[-1] != ch:
                shape.append(ch)
    joined = "".join(shape)
    return Skeleton(_single(joined.replace(VOWEL, "")), joined)


def _single(consonants: str) -> str:
    """Consonants with each run of one class written once: Arabic writes no short vowel
    between the two n of Evening (إيفننج), so their skeletons must agree without it."""
    return "".join(ch for i, ch in enumerate(consonants) if not i or consonants[i - 1] != ch)


@lru_cache(maxsize=65536)
def latin_skeletons(word: str) -> tuple[Skeleton, ...]:
    """Skeleton variants of one Latin-script word (a name as English news spells it), best first."""
    letters = _fold_latin(word)
    if not letters:
        return ()
    rules = {**_EN_RULES, **_TR_RULES} if _TURKISH_LETTERS & set(word) else _EN_RULES
    options = [_letter_options(letters, piece, rules) for piece in _segments(letters, rules)]
    variants: dict[Skeleton, None] = {}
    for choice in product(*options):
        variants.setdefault(_skeleton_from_classes(list(choice)), None)
        if len(variants) >= _MAX_VARIANTS:
            break
    return tuple(_trim_initial_vowel(skel) for skel in variants)


def _trim_initial_vowel(skel: Skeleton) -> Skeleton:
    return Skeleton(skel.consonants, skel.shape[1:] if skel.shape.startswith(VOWEL) else skel.shape)


def _fold_latin(word: str) -> str:
    """Lower case, with accents stripped except on letters that change the sound."""
    out: list[str] = []
    for ch in word.lower():
        base = ch if ch in _KEEP_LETTERS else unicodedata.normalize("NFD", ch)[0]
        if base.isalpha():
            out.append(base)
    return "".join(out)


def _segments(letters: str, rules: dict[str, tuple[str, ...]]) -> list[tuple[int, int]]:
    """Split `letters` into rule-sized pieces, longest rule first: (start, end) pairs."""
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(letters):
        size = next(
            (n for n in (4, 3, 2) if i + n <= len(letters) and letters[i : i + n] in rules), 1
        )
        pieces.append((i, i + size))
        i += size
    return pieces


def _letter_options(
    letters: str, piece: tuple[int, int], rules: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """The class strings one piece of spelling may stand for.

    An h is silent only after a vowel and before a consonant or the end (John, Sarah); a c
    is soft (s, or ch in Italian) only before e, i or y.
    """
    start, end = piece
    spelling = letters[start:end]
    if spelling in _EN_VOWELS:
        return (VOWEL,)
    alternatives = rules.get(spelling, ("",))
    before_soft_vowel = end < len(letters) and letters[end] in "eiy"
    if spelling == "c" and rules is _EN_RULES:
        # Slavic č and ć lose their accents in English news: Kovačić → Kovacic, كوفاتشيتش.
        # Italian ce/ci is written تش or ش (Francesco: فرانشيسكو).
        alternatives = ("S", "TX", "X", "G", "K") if before_soft_vowel else ("K", "G", "TX")
    elif spelling == "sc" and before_soft_vowel:
        alternatives = ("SK", "X", "S")  # Italian sce/sci: Francesco, فرانشيسكو
    elif spelling == "g" and before_soft_vowel:
        alternatives = ("G", "H")  # Spanish ge/gi: Sergio, سيرخيو
    elif spelling in ("b", "p") and _after_m_at_the_end(letters, start, end):
        alternatives = (*alternatives, "")  # silent in Combs, Thompson
    elif _silent_in_french(letters, start, end):
        alternatives = (*alternatives, "")  # Yves إيف, Jacques جاك, Vincent فنسان, Didier ديدييه
    elif spelling == "h" and len(alternatives) == 3:
        after_vowel = start > 0 and letters[start - 1] in _EN_VOWELS
        before_consonant = end == len(letters) or letters[end] not in _EN_VOWELS
        if start == 1 and letters[0] == "r":
            alternatives = ("", "H")  # Rhein, Rhodes: راين، رودس
        elif not after_vowel:
            alternatives = ("H", "G")
        elif not before_consonant:
            alternatives = ("H", "G", "")  # between vowels, often unwritten: Nugroho, نوجرو
    return alternatives


def _silent_in_french(letters: str, start: int, end: int) -> bool:
    """Whether the letter at `start` is a final consonant that French leaves silent (and
    Arabic, writing the French sound, leaves out): s, t, x, d, z after a vowel or an n, r
    after an e."""
    if end != len(letters) or start == 0:
        return False
    before, spelling = letters[start - 1], letters[start:end]
    return (
        spelling in ("s", "t", "x", "d", "z")
        and (before in _EN_VOWELS or before == "n")
        or spelling == "r"
        and before == "e"
    )


def _after_m_at_the_end(letters: str, start: int, end: int) -> bool:
    """Whether a b or p follows an m and ends the word, or only an s follows it."""
    return start > 0 and letters[start - 1] == "m" and letters[end:] in ("", "s")


def arabic_clitic_forms(word: str) -> tuple[tuple[int, str], ...]:
    """`word` and the forms left after stripping one Arabic proclitic, as (offset, form) pairs.

    Only forms of at least two letters are kept, so "وكان" yields "كان" but "بي" stays whole.
    """
    forms = [(0, word)]
    for prefix in AR_PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.append((len(prefix), word[len(prefix) :]))
    return tuple(forms)


@lru_cache(maxsize=65536)
def inserts_vowel(source_shape: str, arabic_shape: str) -> bool:
    """True when the Arabic shape has a vowel slot that the source shape has no room for.

    Leaving a vowel out is normal (Arabic does not write short vowels), so the Arabic shape
    must be a subsequence of the source shape; a `V` that cannot be matched is an inserted
    vowel. A vowel right after the first consonant is not counted: Arabic breaks up an
    initial cluster that way (ماكونيل for McConnell). Both shapes have the same consonants.
    """
    it = iter(source_shape[1:])
    return not all(ch in it for ch in arabic_shape[1:].lstrip(VOWEL))
