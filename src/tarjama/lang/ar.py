"""Arabic text utilities: script tests, orthographic normalisation, digits.

Normalisation is for matching and scoring, never for display: offsets into `mt` are
always offsets into the original (NFC) text. Each step can be switched on alone, and the
steps used are recorded in metric signatures.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from tarjama.lang import Language

# Arabic letters proper (not punctuation, digits or diacritics), including the
# Persian/Urdu additions and the presentation forms.
ARABIC_LETTER = re.compile(
    r"[\u0620-\u063F\u0641-\u064A\u066E-\u066F\u0671-\u06D3\u06D5"
    r"\u06EE-\u06EF\u06FA-\u06FC\u06FF\u0750-\u077F\u08A0-\u08C9"
    r"\uFB50-\uFDFF\uFE70-\uFEFC]"
)
DIACRITICS = re.compile(
    r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]"
)
TATWEEL = "\u0640"

ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
HAMZA_CARRIERS = str.maketrans({"ؤ": "و", "ئ": "ي"})
ALEF_MAQSURA = str.maketrans({"ى": "ي"})
TAA_MARBUTA = str.maketrans({"ة": "ه"})
DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "٫": ".",
        "٬": ",",
    }
)

STEPS = ("diacritics", "tatweel", "alef", "hamza", "yaa", "taa", "digits")
_REPLACEMENTS = tuple(
    (step, tuple((chr(code), out) for code, out in table.items()))
    for step, table in (
        ("alef", ALEF_FORMS),
        ("hamza", HAMZA_CARRIERS),
        ("yaa", ALEF_MAQSURA),
        ("taa", TAA_MARBUTA),
        ("digits", DIGITS),
    )
)


def normalise(text: str, steps: tuple[str, ...] = STEPS) -> str:
    """Apply the named normalisation steps (see STEPS) in a fixed order."""
    diacritics, pairs = _plan(tuple(steps))
    if diacritics:
        text = DIACRITICS.sub("", text)
    for old, new in pairs:
        if old in text:  # str.replace per character is ~20x faster than translate here
            text = text.replace(old, new)
    return text


@lru_cache(maxsize=64)
def _plan(steps: tuple[str, ...]) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """What `normalise` does for `steps`: strip diacritics or not, then which characters to
    replace, in order (worked out once per tuple of steps: normalise runs on every word)."""
    unknown = set(steps) - set(STEPS)
    if unknown:
        raise ValueError(f"unknown Arabic normalisation step(s): {', '.join(sorted(unknown))}")
    pairs: tuple[tuple[str, str], ...] = ((TATWEEL, ""),) if "tatweel" in steps else ()
    for step, step_pairs in _REPLACEMENTS:
        if step in steps:
            pairs += step_pairs
    return "diacritics" in steps, pairs


def is_arabic_letter(ch: str) -> bool:
    return bool(ARABIC_LETTER.match(ch))


ARABIC = Language(
    code="ar",
    name="Arabic",
    script="Arab",
    letters=ARABIC_LETTER,
    sacrebleu_tokenize="intl",
    normalisation_steps=STEPS,
    normaliser=normalise,
)


def normalise_with_offsets(text: str, steps: tuple[str, ...] = STEPS) -> tuple[str, list[int]]:
    """Normalise `text` and return, for each output character, its index in `text`.

    Every step either maps one character to one character or deletes it, so a match
    found in the normalised text maps back to a span of the original:
    `offsets[start]` to `offsets[end - 1] + 1`.
    """
    normalised = normalise(text, steps)
    if len(normalised) == len(text):
        return normalised, list(range(len(text)))
    kept = bytearray(b"\x01") * len(text)
    for position in deleted_positions(text, steps):
        kept[position] = 0
    return normalised, list(itertools.compress(range(len(text)), kept))


def deleted_positions(text: str, steps: tuple[str, ...] = STEPS) -> list[int]:
    """Where in `text` the characters are that `normalise(text, steps)` deletes, in order.

    Only the diacritics and tatweel steps delete characters; every other step maps 1:1.
    """
    deleting = _deleting(tuple(steps))
    return [m.start() for m in deleting.finditer(text)] if deleting is not None else []


@lru_cache(maxsize=64)
def _deleting(steps: tuple[str, ...]) -> re.Pattern[str] | None:
    """One character that the `steps` delete (None when they delete none)."""
    parts = ([DIACRITICS.pattern] if "diacritics" in steps else []) + (
        [TATWEEL] if "tatweel" in steps else []
    )
    return re.compile("|".join(parts)) if parts else None


def original_index(deleted: list[int], index: int) -> int:
    """Where in the original text the character at `index` of its normalised form is, given
    `deleted_positions` of the original: `normalise_with_offsets(...)[1][index]`, without
    an offset for every character."""
    for position in deleted:
        if position > index:
            break
        index += 1  # a deleted character before it (or where it would be)
    return index


def original_spans(
    text: str, normalised: str, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Spans of `normalised` (that is `normalise(text)`) mapped back to `text`, each widened over
    the diacritics and tatweel that follow its last letter (they belong to that letter)."""
    if len(normalised) == len(text):
        return spans  # normalising deleted nothing: the offsets coincide
    deleted = deleted_positions(text)
    return [
        _with_marks(text, original_index(deleted, start), original_index(deleted, end - 1) + 1)
        for start, end in spans
    ]


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    while end < len(text) and (DIACRITICS.match(text[end]) or text[end] == TATWEEL):
        end += 1
    return start, end


# Arabic sentences end at . ! ? ؟ before a space or the end, and at line breaks.
SENTENCE_END = re.compile(r"[.!?؟](?=\s|$)|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of Arabic text, without the spaces around it."""
    spans, start = [], 0
    for match in [*SENTENCE_END.finditer(text), None]:
        end = match.end() if match else len(text)
        piece = text[start:end]
        if piece.strip():
            spans.append((start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())))
        start = end
    return spans


# How Arabic news spells out the Latin letters of an acronym it does not translate, as in
# سي إن إن (CNN), بي بي سي (BBC) and إن بي إيه (NBA): each letter's usual names.
LATIN_LETTER_NAMES = {
    "A": ("إيه", "أيه", "اي", "إي"),
    "B": ("بي",),
    "C": ("سي",),
    "D": ("دي",),
    "E": ("إي", "اي"),
    "F": ("إف", "اف"),
    "G": ("جي",),
    "H": ("إتش", "اتش", "إيتش"),
    "I": ("آي", "أي", "اي"),
    "J": ("جيه", "جي", "جاي"),
    "K": ("كيه", "كي", "كاي"),
    "L": ("إل", "ال"),
    "M": ("إم", "ام"),
    "N": ("إن", "ان"),
    "O": ("أو", "او"),
    "P": ("بي",),
    "Q": ("كيو",),
    "R": ("آر", "ار"),
    "S": ("إس", "اس", "أس"),
    "T": ("تي",),
    "U": ("يو",),
    "V": ("في", "ڤي"),
    "W": ("دبليو",),
    "X": ("إكس", "اكس"),
    "Y": ("واي",),
    "Z": ("زد", "زي"),
}


def letter_names(letter: str) -> frozenset[str]:
    """The normalised Arabic names of a Latin capital (empty for anything else)."""
    return _NORMALISED_LETTER_NAMES.get(letter, frozenset())


_NORMALISED_LETTER_NAMES = {
    letter: frozenset(map(normalise, names)) for letter, names in LATIN_LETTER_NAMES.items()
}
