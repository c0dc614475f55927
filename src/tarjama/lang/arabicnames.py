"""The Arabic words of a translation, indexed for finding the source's names in them.

Names are compared as consonant skeletons (tarjama.lang.romanise): each Arabic word of `mt`
is reduced to its skeleton, and to the skeletons left without a proclitic (و ف ب ك ل ال and
their combinations), so that "وبفلسطين" is found as فلسطين. `MtIndex` maps those skeletons to
the words; the functions below say how close an Arabic word is to a source name word, whether
a word is a name written glued to a neighbour ("غايغرفي": غايغر في), and which letters
transliteration conventions exchange (g as ج, غ or ق).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from tarjama.lang.ar import normalise
from tarjama.lang.propernames import GazetteerEntry, Word, fold, normalise_ar
from tarjama.lang.romanise import (
    AR_CLASSES,
    AR_PROCLITICS,
    VOWEL,
    Skeleton,
    arabic_clitic_forms,
    arabic_skeleton,
    inserts_vowel,
    latin_skeletons,
)

LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’]*")


class MtIndex:
    """The Arabic words of `mt` (its class tokens), each with the skeletons it can be read
    as, for looking source names up by skeleton."""

    def __init__(self, mt: str) -> None:
        self.mt = mt
        self.words = [Word(m.group(), m.start(), m.end()) for m in CLASS_TOKEN.finditer(mt)]
        self.tokens = [word.text for word in self.words]
        self.norm = normalise_ar(mt)  # one character for one: for the gazetteer's pre-tests

    @cached_property
    def latin(self) -> dict[str, tuple[int, int]]:
        """Folded Latin word → its first span in `mt`."""
        latin: dict[str, tuple[int, int]] = {}
        for m in LATIN_WORD.finditer(self.mt):
            latin.setdefault(fold(m.group()), m.span())
        return latin

    @cached_property
    def _positions(self) -> dict[str, list[int]]:
        """Skeleton → the positions of the words that can be read as it."""
        positions: dict[str, list[int]] = {}
        for position, token in enumerate(self.tokens):
            for key in _token_keys(token):
                positions.setdefault(key, []).append(position)
        return positions

    def hits(
        self, keys: Iterable[str], keep_waw: bool = False, names_only: bool = False
    ) -> list[tuple[int, int]]:
        """Spans of the Arabic words whose skeleton, proclitics left out, is one of `keys`,
        sorted.

        A word-initial و is the conjunction unless `keep_waw` (the name itself starts with a
        w, v or vowel sound: وليد Walid, وارسو Warsaw). `names_only`: less the frequent Arabic
        words of fewer than three consonants (a name's skeleton may equal theirs: كان, قال).
        """
        spans = set()
        for key in keys:
            for position in self._positions.get(key, ()):
                word = self.words[position]
                body = _body_offset(word.text, key, keep_waw)
                if names_only and not _may_be_name(word.text[body:]):
                    continue
                spans.add((word.start + body, word.end))
        return sorted(spans)

    @cached_property
    def forms(self) -> tuple[list[int], list[str]]:
        """The consonant skeleton of each word and of each of its forms without a proclitic,
        with the word's position for each (for fuzzy search over all of them)."""
        positions, skeletons = [], []
        for position, token in enumerate(self.tokens):
            for consonants in form_consonants(token):
                positions.append(position)
                skeletons.append(consonants)
        return positions, skeletons

    def word_at(self, position: int) -> int:
        """The index of the Arabic word that contains or follows character `position`."""
        return bisect_right([word.end for word in self.words], position)

    def word_beside(self, position: int, steps: int) -> Word | None:
        """The word `steps` words after (or before) the one at character `position`."""
        index = self.word_at(position) + steps
        return self.words[index] if 0 <= index < len(self.words) else None


# Arabic letters by their shape without dots (rasm), for dot errors: بتثنيى, جحخ, دذ, رز, سش,
# صض, طظ, عغ, فق each write one shape.
RASM = str.maketrans(
    {
        **dict.fromkeys("تثنيى", "ب"),
        **dict.fromkeys("جخ", "ح"),
        "ذ": "د",
        "ز": "ر",
        "ش": "س",
        "ض": "ص",
        "ظ": "ط",
        "غ": "ع",
        "ق": "ف",
    }
)

# The similarity of two-consonant skeletons one consonant apart (see `_similarity`).
SHORT_SIMILARITY = 60.0
# Frequent Arabic words that a misspelt name must not be mistaken for.
COMMON_ARABIC = frozenset(
    normalise_ar(w)
    for w in [
        "قال",
        "قالت",
        "يقول",
        "كان",
        "كانت",
        "يكون",
        "بين",
        "بعد",
        "قبل",
        "عند",
        "حيث",
        "الذي",
        "التي",
        "الذين",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "لكن",
        "ولكن",
        "كما",
        "ايضا",
        "حتى",
        "منذ",
        "خلال",
        "حول",
        "ضد",
        "نحو",
        "مثل",
        "غير",
        "كل",
        "بعض",
        "عن",
        "على",
        "الى",
        "من",
        "في",
        "مع",
        "ان",
        "لم",
        "لن",
        "قد",
        "ثم",
        "او",
        "ام",
        "هو",
        "هي",
        "هم",
        "نحن",
        "انه",
        "انها",
        "رئيس",
        "وزير",
        "الرئيس",
        "الوزير",
        "وزاره",
        "الخارجيه",
        "الدفاع",
        "المتحدث",
        "يوم",
        "عام",
        "وقت",
        "شهر",
        "اليوم",
        "امس",
        "اجل",
        "لدى",
        "دون",
        "سوف",
        "كيف",
        "ماذا",
        "لماذا",
        "متى",
        "اين",
        "هنا",
        "هناك",
        "جميع",
        "عدد",
        "اكثر",
        "اقل",
        "اول",
        "اخر",
        "الان",
        "فقط",
        "وقال",
        "وكان",
        "الحرب",
        "السلام",
        "المحادثات",
        "محادثات",
        "الجانبين",
        "الجانبان",
        "الوفد",
        "الاتفاق",
        "اتفاق",
        "مفاوضات",
        "المفاوضات",
    ]
)


def keeps_waw(word: str) -> bool:
    """Whether a word-initial و of its Arabic rendering is the source word's own (it starts
    with a w, v or vowel sound: وليد Walid, وارسو Warsaw), not the conjunction."""
    return word[:1].lower() in "wvouy"


def _class_table() -> dict[int, str]:
    """Arabic letter → consonant class; vowel letters, hamza and marks → "v"; ه → "h" (a vowel
    at the end of a word, see romanise.arabic_skeleton); Latin letters → "#"."""
    table = {ord(ch): (cls if cls not in (VOWEL, "") else "v") for ch, cls in AR_CLASSES.items()}
    table.update({code: "v" for code in (*range(0x064B, 0x0660), 0x0640, 0x0670)})
    table[ord("ه")] = "h"
    table.update({ord(ch): "#" for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"})
    return table


CLASS_TABLE = _class_table()


# A class token (an Arabic word for the lookups): a run of the characters that CLASS_TABLE
# gives a class (or "v", "h") to.
CLASS_TOKEN = re.compile(
    "[" + "".join(re.escape(chr(code)) for code, cls in CLASS_TABLE.items() if cls != "#") + "]+"
)
FINAL_HEH = re.compile(r"(?<=[A-Zvh])h(?![A-Zvh])")
DOUBLED = re.compile(r"([A-Z])\1+")  # adjacent same consonants (تط, لل): one
# The skeletons of the proclitics (romanise.AR_PROCLITICS: و and ا have none, لل is L).
CLITIC_KEYS = ("FBL", "FKL", "BL", "FL", "KL", "FB", "FK", "B", "F", "K", "L")


@lru_cache(maxsize=65536)
def _token_keys(token: str) -> tuple[str, ...]:
    """The skeleton of a class token, and those left without a proclitic (ب ف ك ل, بال فبال …)."""
    key = FINAL_HEH.sub("v", token.translate(CLASS_TABLE)).replace("h", "H")
    key = DOUBLED.sub(r"\1", key.replace("v", ""))
    keys = [key]
    for clitic in CLITIC_KEYS:
        if key.startswith(clitic) and len(key) - len(clitic) >= 2:
            keys.append(key[len(clitic) :])
    return tuple(dict.fromkeys(keys))


@lru_cache(maxsize=65536)
def _body_offset(token: str, consonants: str, keep_waw: bool) -> int:
    """Where the word proper starts in `token`: after the proclitic that the skeleton
    `consonants` left out (the first one that fits when `keep_waw`, else the longest)."""
    offsets = [offset for offset, skel in word_forms(token) if skel.consonants == consonants]
    if not offsets:
        return 0
    return min(offsets) if keep_waw else max(offsets)


@lru_cache(maxsize=65536)
def _may_be_name(word: str) -> bool:
    """Not a frequent Arabic word of fewer than three consonants (a name's skeleton may
    happen to equal theirs: كان, قال)."""
    return len(arabic_skeleton(word).consonants) >= 3 or normalise_ar(word) not in COMMON_ARABIC


@lru_cache(maxsize=65536)
def form_consonants(word: str) -> tuple[str, ...]:
    """The consonant skeletons of `word_forms`."""
    return tuple(skel.consonants for _, skel in word_forms(word))


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[tuple[int, Skeleton], ...]:
    return tuple((offset, arabic_skeleton(form)) for offset, form in arabic_clitic_forms(word))


def _similarity(source: str, arabic: str, letters: int) -> float:
    """Skeleton similarity (fuzz.ratio, 0–100), except that two skeletons of two consonants
    that share the first one score SHORT_SIMILARITY (Powell as باوك: BL, BK), where the ratio
    would be 50: a short name misspelt by one letter. Only for an Arabic word of four letters
    or more (`letters`), not the particles of Arabic names (بن، أبو)."""
    if (
        letters >= 4
        and len(source) == len(arabic) == 2
        and source[0] == arabic[0]
        and source[1] != arabic[1]
    ):
        return SHORT_SIMILARITY
    return fuzz.ratio(source, arabic)


def near_windows(
    tokens: list[str], parts: tuple[str, ...], threshold: float
) -> Iterator[tuple[int, int]]:
    """(i, k) for each run of len(parts) Arabic words from tokens[i] that equals `parts` (each
    through normalise_ar; the first may carry a proclitic) except word k, which is close to its
    part (see `_close_word`)."""
    n = len(parts)
    for i in range(len(tokens) - n + 1):
        diff = [k for k in range(n) if clitic_length(tokens[i + k], parts[k], k == 0) < 0]
        if len(diff) == 1 and _close_word(tokens[i + diff[0]], parts[diff[0]], threshold):
            yield i, diff[0]


@lru_cache(maxsize=65536)
def clitic_length(word: str, part: str, clitics: bool = True) -> int:
    """How many letters of proclitic `word` has before `part` (0 when it is `part`), or -1
    when it is not `part` (with a proclitic only if `clitics`)."""
    norm = normalise_ar(normalise(word, ("diacritics", "tatweel")))
    if norm == part:
        return 0
    if clitics and norm.endswith(part) and norm[: len(norm) - len(part)] in AR_PROCLITICS:
        return len(word) - len(part) if len(word) == len(norm) else -1
    return -1


@lru_cache(maxsize=65536)
def _close_word(word: str, part: str, threshold: float) -> bool:
    """Whether `word` looks like a misspelling of the established word `part`: one letter off
    (بينع for بينغ, السيبي for السيسي), the same letter shapes with other dots (عياش for
    عباس), or two letters off in a long word whose skeleton stays close (`threshold`) and
    starts the same."""
    norm = normalise_ar(normalise(word, ("diacritics", "tatweel")))
    if norm in COMMON_ARABIC or len(part) < 3:
        return False
    distance = Levenshtein.distance(norm, part, score_cutoff=2)
    if distance == 1 or norm.translate(RASM) == part.translate(RASM):
        return True
    mine, theirs = arabic_skeleton(norm).consonants, arabic_skeleton(part).consonants
    return (
        distance == 2
        and len(part) >= 6
        and mine[:1] == theirs[:1]
        and fuzz.ratio(mine, theirs) >= threshold
    )


def reading(word: str, consonants: str, cutoff: float) -> str:
    """The skeleton that Arabic `word` is read as, compared with a name's `consonants`: without
    its proclitic when the rest alone is that close to the name ("بفلسطين" is ب + فلسطين, not
    a misspelt Palestine that starts with b), else its closest form."""
    scored = [
        (fuzz.ratio(consonants, skel.consonants), offset, skel.consonants)
        for offset, skel in word_forms(word)
    ]
    stripped = [item for item in scored if item[1] and item[0] >= cutoff]
    return max(stripped or scored)[2]


@lru_cache(maxsize=65536)
def closeness(arabic: str, word: str, entry: GazetteerEntry | None) -> tuple[float, int] | None:
    """How close Arabic `arabic` is to source `word` (its `variants`): the best similarity
    over its forms without a proclitic, and where that form starts; None for a frequent
    Arabic word."""
    if normalise_ar(arabic) in COMMON_ARABIC:
        return None
    keep_waw = keeps_waw(word)
    skeletons = variants(word, entry)
    score, offset = max(
        (
            max(
                _similarity(v.consonants, skel.consonants, len(arabic) - offset) for v in skeletons
            ),
            -offset if keep_waw else offset,
        )
        for offset, skel in word_forms(arabic)
    )
    return score, abs(offset)


CONVENTION_LETTERS = str.maketrans(
    {**dict.fromkeys("جغقگ", "ج"), "ڤ": "ف", "پ": "ب", **dict.fromkeys("ةهى", "ا"), "ک": "ك"}
)
"""Letters that transliteration conventions exchange for one sound: g as ج, غ or ق; v as ف
or ڤ; p as ب; a final -a as ة, ه or ا."""


def convention_form(word: str) -> str:
    """`word` with each group of CONVENTION_LETTERS written as one letter."""
    return normalise_ar(word).translate(CONVENTION_LETTERS)


def glued_span(
    word: Word, source_word: str, entry: GazetteerEntry | None
) -> tuple[int, int] | None:
    """The span of source word `source_word` inside Arabic `word` when the translation wrote
    it, exactly, glued to a neighbouring word of two letters or more ("غايغرفي": غايغر +
    في, "همجانيت": هم + جانيت); None otherwise. A missing space is not a misspelt name."""
    keys = set(variant_keys(source_word, entry))
    text = word.text
    for cut in range(2, len(text) - 1):
        for offset, part, rest in ((0, text[:cut], text[cut:]), (cut, text[cut:], text[:cut])):
            if not _a_word(rest):
                continue
            for form_offset, skeleton in word_forms(part):
                if skeleton.consonants in keys:
                    return word.start + offset + form_offset, word.start + offset + len(part)
    return None


GLUED_WORDS = frozenset(
    normalise_ar(w)
    for w in [
        "في",
        "من",
        "على",
        "الى",
        "عن",
        "مع",
        "ان",
        "هو",
        "هي",
        "هم",
        "قد",
        "لم",
        "لن",
        "ثم",
        "او",
        "ما",
        "لا",
        "كل",
        "بن",
        "ابو",
        "الذي",
        "التي",
        "الذين",
        "ايضا",
        "كان",
        "كانت",
        "قال",
        "وهو",
        "وهي",
        "منذ",
        "بعد",
        "قبل",
        "عند",
        "حيث",
        "لدى",
    ]
)
"""Short words that a missing space glues onto a name ("غايغرفي": غايغر في)."""


def _a_word(text: str) -> bool:
    """Whether `text`, left beside a name in one Arabic word, reads as a word of its own: a
    frequent short word (`GLUED_WORDS`), or one of four letters and two consonants or more.
    Not a suffix (ون، ي) nor the rest of a misspelt name (ييبا، يزر)."""
    return (
        comparable_form(text) in GLUED_WORDS
        or len(text) >= 4
        and len(arabic_skeleton(text).consonants) >= 2
    )


@lru_cache(maxsize=65536)
def vowel_fix(text: str, word: str, entry: GazetteerEntry | None) -> str | None:
    """`text` (the rendering of source `word`) without a vowel letter that it inserts, or None
    when it inserts none."""
    skel = arabic_skeleton(text)
    shapes = [v.shape for v in variants(word, entry) if v.consonants == skel.consonants]
    if not shapes or not all(inserts_vowel(shape, skel.shape) for shape in shapes):
        return None
    return _drop_inserted_vowels(text, shapes[0])


@lru_cache(maxsize=65536)
def variant_keys(word: str, entry: GazetteerEntry | None) -> frozenset[str]:
    """The consonant skeletons of `variants` worth looking up (two consonants or more)."""
    return frozenset(v.consonants for v in variants(word, entry) if len(v.consonants) >= 2)


@lru_cache(maxsize=65536)
def variants(word: str, entry: GazetteerEntry | None) -> tuple[Skeleton, ...]:
    """Skeletons a source word may have: from its spelling, and from its accepted Arabic forms."""
    variants = latin_skeletons(word)
    if fold(word).startswith("abd"):
        variants += (arabic_skeleton("عبد"),)  # Abdel, Abdullah: عبد, then ال… as a word
    if entry is not None:  # (without the article: الصين is صين, SN, not LSN)
        variants += tuple(
            arabic_skeleton(without_article(form)) for form in entry.forms if " " not in form
        )
    return variants


def without_article(form: str) -> str:
    return form[2:] if form.startswith("ال") and len(form) > 4 else form


@lru_cache(maxsize=65536)
def distinct_consonants(word: str, entry: GazetteerEntry | None) -> tuple[str, ...]:
    """The distinct consonant skeletons of `variants`, in their order."""
    return tuple(dict.fromkeys(v.consonants for v in variants(word, entry)))


@lru_cache(maxsize=65536)
def words_skeleton(text: str) -> str:
    """The consonant skeletons of the words of `text`, joined."""
    return "".join(arabic_skeleton(w).consonants for w in text.split())


@lru_cache(maxsize=65536)
def comparable_form(text: str) -> str:
    """A rendering as compared for consistency: normalised, a leading ال dropped."""
    norm = normalise_ar(normalise(text, ("diacritics", "tatweel")))
    return norm[2:] if norm.startswith("ال") and len(norm) > 4 else norm


def _drop_inserted_vowels(word: str, source_shape: str) -> str:
    """`word` without the vowel letters that have no vowel slot in `source_shape`.

    The Arabic letters are matched in order against the source shape; a vowel letter whose
    next source slot is a consonant is the inserted one ("كيسليتيسيا" → "كيسليتسيا").
    """
    out: list[str] = []
    position, last = 0, None
    for ch in word:
        cls = AR_CLASSES.get(ch)
        if not cls or cls == last or (last is None and cls == VOWEL):
            out.append(ch)
            continue
        found = source_shape.find(cls, position)
        if cls == VOWEL and (found < 0 or VOWEL not in source_shape[position : position + 1]):
            continue
        position = found + 1 if found >= 0 else position
        last = cls
        out.append(ch)
    return "".join(out)
