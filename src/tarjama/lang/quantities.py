"""Numbers, months and measures read from English and Arabic text, as values with their spans.

"2.5 billion", "2,5 مليار" and "ملياران و500 مليون" all read 2.5 × 10⁹; "Oct. 2" and
"أكتوبر/تشرين الأول" both read month 10; "12 miles" reads 12 with the unit mile; "0800 555 111"
and "0800555111" read the same code. How sure a reading is decides what a check may do with it:

- firm: digits, an Arabic scale word (ألف، مليون), a month named where a date is meant. Firm
  quantities are what a check may report as missing or added.
- word: an English number word or an Arabic small number word ("eleven", "خمسة"). It may be
  reported as changed into another value, never as missing or added alone: "two" and the like
  are translated in too many ways to demand a counterpart.
- soft (neither): ordinals, duals, decades, digits inside codes (G7, COVID-19), a month name
  that may be a verb or a name ("May", مارس). They only account for a value on the other side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from tarjama.lang import numbers_ar as AR
from tarjama.lang import numbers_en as EN
from tarjama.lang.ar import ARABIC_LETTER, STEPS, normalise_with_offsets
from tarjama.lang.ar import normalise as _normalise
from tarjama.lang.units import UNITS, Unit

NORMALISATION = tuple(step for step in STEPS if step != "hamza")
"""Arabic is matched without diacritics and with one alef, but with its hamza seats: with ئ
read as ي, مئتا (two hundred) would be ميتا (ميتًا, dead)."""

Value = float | str
"""A number, or the digit string of a code or telephone number ("0800555111")."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number or month read from text: its possible values, where it is written, and how
    sure the reading is (see the module docstring); `unit` is the unit written after the
    number, ending at `unit_end`."""

    values: frozenset[Value]
    start: int
    end: int
    kind: str = "number"  # "number" or "month"
    firm: bool = True
    word: bool = False
    unit: Unit | None = None
    unit_end: int = 0


def english_quantities(text: str, months: bool = True) -> list[Quantity]:
    """The numbers (and months) of English text, in order."""
    found = [
        _in_a_name(_measured(q, text, "en"), text) for q in _read(_english_pieces(text), text, "en")
    ]
    if months:
        found += _english_months(text)
    return sorted(found, key=_start)


def arabic_quantities(text: str, months: bool = True) -> list[Quantity]:
    """The numbers (and months) of Arabic text, in order; spans are offsets into `text`."""
    norm, offsets = normalise_with_offsets(text, NORMALISATION)
    offsets.append(len(text))  # where a span that ends the text ends
    pieces = _arabic_pieces(norm, text, offsets)
    found = [_measured(q, norm, "ar") for q in _read(pieces, norm, "ar")]
    if months:
        found += _arabic_months(norm)
    return sorted((_moved(q, offsets, text) for q in found), key=_start)


def normalise(text: str) -> str:
    """Arabic as the readers match it (see NORMALISATION)."""
    return _normalise(text, NORMALISATION)


def says_two(text: str) -> bool:
    """Whether Arabic `text` has a word with a dual ending, which may say "two" (الزعيمان, the
    two leaders): enough to account for the English word "two", never for the digit 2."""
    return AR_DUAL.search(normalise(text)) is not None


def glued_in_arabic(text: str, quantity: Quantity) -> bool:
    """Whether Arabic `text` writes the value of `quantity` (a source quantity) as a word run
    into its neighbour where a space is missing ("فييوليو", in July), which no reader finds."""
    table = GLUED_MONTHS if quantity.kind == "month" else GLUED_NUMBERS
    forms = [
        form
        for value in quantity.values
        if isinstance(value, float)
        for form in table.get(value, ())
    ]
    if not forms:
        return False
    alternatives = "|".join(forms)
    glued = f"(?<={_AR_LETTER})(?:{alternatives})|(?:{alternatives})(?={_AR_LETTER})"
    return re.search(glued, normalise(text)) is not None


def digit_readings(digits: str, english: bool = False) -> frozenset[float]:
    """Values a run of digits may stand for: "1,000" is 1000; "1.000" is 1 in English and
    1000 in European notation; "1,5" and "١٫٥" are 1.5. English text reads "1,000.5" and
    "1.5" the English way only."""
    if AR.DECIMAL_SEPARATOR in digits or AR.THOUSANDS_SEPARATOR in digits:
        plain = digits.replace(AR.THOUSANDS_SEPARATOR, "").replace(AR.DECIMAL_SEPARATOR, ".")
        return frozenset({_key(float(plain.replace(",", "")))})
    if english and ENGLISH_NUMBER.fullmatch(digits):
        return frozenset({_key(float(digits.replace(",", "")))})
    readings = set()
    for thousands, decimal in ((",", "."), (".", ",")):
        head, _, tail = digits.partition(decimal)
        groups = head.split(thousands)
        if decimal in tail or thousands in tail:
            continue
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            continue
        if decimal == "," and len(tail) == 3 and len(groups) == 1:
            continue  # "1,000" is a thousand in Arabic text too, never 1.0
        readings.add(_key(float("".join(groups) + ("." + tail if tail else ""))))
    return frozenset(readings)


# --- the words numbers are written with -----------------------------------------------------


class Piece(NamedTuple):
    """One word or run of digits of a number, and its role in the number.

    Roles: digits; digit-fraction (2/3); time (04:00); code (0800 555 111); glued (digits in
    a code or name: G7, COVID-19); small (a number word below 20; Arabic 0–9); ten (Arabic
    عشر); teen-head (Arabic أحد/اثنا, a number only before عشر); tens (20–99 in words);
    hundred (hundred, مئة); hundreds (Arabic ثلاثمئة …); scale (thousand, ألف …); scale-dual
    (Arabic ألفان، مليونان …); scale-plural (thousands, آلاف: vague alone); fraction (half,
    نصف); ordinal (first, الثالث); definite-tens (Arabic السبعين); decade (the 1990s); dual
    (Arabic ساعتين, two hours).
    """

    role: str
    values: frozenset[Value]
    start: int
    end: int
    scale: float = 0.0  # what a scale word multiplies by


FIRM_ROLES = frozenset({"digits", "digit-fraction", "time", "code"})
ARABIC_FIRM_ROLES = frozenset({"hundred", "hundreds", "scale", "scale-dual", "scale-plural"})
SOFT_ROLES = frozenset({"glued", "ordinal", "decade", "dual"})
STANDALONE_ROLES = frozenset({"glued", "time", "code", "decade", "dual"})


def _decades(values: frozenset[float]) -> frozenset[float]:
    """The 1990s are 1990 and 90; the 90s are 90, 1990 and 2090."""
    out = set(values)
    for value in values:
        out |= {1900 + value, 2000 + value} if value < 100 else {value % 100}
    return frozenset(out)


def _table(
    rows: Iterable[tuple[str, str, float, float]], key: Callable[[str], str] = str
) -> dict[str, Piece]:
    """Word → its Piece (at position 0), from rows of (forms, role, value, scale)."""
    return {
        key(form): Piece(
            role,
            _decades(frozenset({float(value)})) if role == "decade" else frozenset({float(value)}),
            0,
            0,
            float(scale),
        )
        for forms, role, value, scale in rows
        for form in forms.split()
    }


def _english_words() -> dict[str, Piece]:
    units = {word: v for word, v in EN.SMALL.items() if 0 < v < 10}
    first_ordinals = {word: v for word, v in EN.ORDINALS.items() if v < 10}
    rows: list[tuple[str, str, float, float]] = [
        (word, "small", v, 0) for word, v in EN.SMALL.items()
    ]
    rows += [(word, "tens", v, 0) for word, v in EN.TENS.items()]
    rows += [
        (f"{tens}-{unit}", "tens", v + u, 0)
        for tens, v in EN.TENS.items()
        for unit, u in units.items()
    ]
    rows += [(word, "ordinal", v, 0) for word, v in EN.ORDINALS.items()]
    rows += [
        (f"{tens}-{word}", "ordinal", v + u, 0)
        for tens, v in EN.TENS.items()
        for word, u in first_ordinals.items()
    ]
    rows += [(word, "decade", v, 0) for word, v in EN.DECADES.items()]
    rows += [(word, "fraction", v, 0) for word, v in EN.FRACTIONS.items()]
    rows += [
        (word, "hundred" if v == EN.HUNDRED else "scale", v, v) for word, v in EN.SCALES.items()
    ]
    rows += [(word, "scale-plural", v, v) for word, v in EN.SCALE_PLURALS.items()]
    return _table(rows)


def _arabic_words() -> dict[str, Piece]:
    rows: list[tuple[str, str, float, float]] = [
        (AR.TEN, "ten", 10, 0),
        (AR.HUNDRED, "hundred", 100, 100),
    ]
    rows += [
        (f"{article}{word}", "dual", 2, 0)
        for word in AR.COUNTED_DUALS.split()
        for article in ("", "ال")
    ]
    for role, values in (
        ("small", AR.SMALL),
        ("small", AR.DEFINITE_SMALL),
        ("teen-head", AR.TEEN_HEADS),
        ("tens", AR.TENS),
        ("hundreds", AR.HUNDREDS),
        ("fraction", AR.FRACTIONS),
        ("ordinal", AR.ORDINALS),
        ("definite-tens", AR.DEFINITE_TENS),
        ("decade", AR.DECADES),
    ):
        rows += [(forms, role, v, 0) for v, forms in values.items()]
    rows += [(forms, "scale", v, v) for v, forms in AR.SCALES.items()]
    rows += [(forms, "scale-dual", 2 * v, v) for v, forms in AR.SCALE_DUALS.items()]
    rows += [(forms, "scale-plural", v, v) for v, forms in AR.SCALE_PLURALS.items()]
    table = _table(rows, key=normalise)
    # ل before the article: للسبعين (to the seventy) is ل + السبعين.
    return table | {"ل" + word[2:]: piece for word, piece in table.items() if word[:2] == "ال"}


def _arabic_month_names() -> dict[str, int]:
    names = [
        (value, name)
        for system in AR.MONTH_SYSTEMS.values()
        for value, name in enumerate(system, start=1)
    ]
    names += [(value, name) for value, variants in AR.MONTH_VARIANTS.items() for name in variants]
    return {normalise(name): value for value, name in names}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first, so that the whole word is tried first."""
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


def _unit_pattern(forms: dict[str, Unit], letter: str, article: str = "") -> re.Pattern[str]:
    """A unit right after a number ("12 miles", "6-foot", "5km"; `article`: "half a mile")."""
    return re.compile(rf"[ \t]*-?[ \t]*{article}(?P<unit>{_alternation(forms)})(?!{letter})")


EN_WORDS = _english_words()
AR_WORDS = _arabic_words()
AR_WRITTEN_WORDS = {
    proclitic + word: (len(proclitic), piece)
    for proclitic in sorted(AR.NUMBER_PROCLITICS, key=len, reverse=True)
    for word, piece in AR_WORDS.items()
}
"""Each Arabic number word as written after each proclitic (وبمليون: and with a million), with
the proclitic's length; the shorter proclitic wins (بليون is a billion, not ب + ليون)."""
EN_MONTH_NAMES = {**EN.MONTHS, **EN.MONTH_ABBREVIATIONS}
AR_MONTH_NAMES = _arabic_month_names()
AR_AMBIGUOUS_MONTHS = frozenset(map(normalise, AR.AMBIGUOUS_MONTHS))
GLUED_MONTHS = {
    float(value): tuple(
        name
        for name, v in AR_MONTH_NAMES.items()
        if v == value and len(name) >= 4 and name not in AR_AMBIGUOUS_MONTHS
    )
    for value in range(1, 13)
}
"""Month names that a missing space may run into a neighbour (short or ambiguous ones left
out: a search inside words would find them everywhere)."""
GLUED_NUMBERS = {
    float(value): tuple(normalise(form) for form in forms.split() if len(form) >= 4)
    for table in (AR.SMALL, {10: AR.TEN}, AR.TENS)
    for value, forms in table.items()
}
EN_UNITS = {form: forms.unit for forms in UNITS for form in forms.en}
AR_UNITS = {normalise(form): forms.unit for forms in UNITS for form in forms.ar}
EN_GLUED_UNITS = frozenset(
    form for form in EN_UNITS if form.isalpha() and form.islower() and len(form) <= 3
)
"""Units written onto the digits: "5km", "10mph"."""

_AR_LETTER = f"(?:{ARABIC_LETTER.pattern}|[A-Za-z])"
_DIGITS = r"\d+(?:[.,\u066B\u066C]\d+)*"
_TIME = r"(?<![\d:])\d{1,2}:\d\d(?![\d:])"
_FRACTION = r"(?<![\d/])\d/(?:10|[2-9])(?![\d/])"
_NUMERALS = f"(?P<time>{_TIME})|(?P<fraction>{_FRACTION})|(?P<digits>{_DIGITS})"
EN_TOKEN = re.compile(f"{_NUMERALS}|(?P<word>[A-Za-z]+(?:-[A-Za-z]+)*)")
AR_TOKEN = re.compile(f"{_NUMERALS}|(?P<word>{_AR_LETTER}+)")

EN_MONTH = re.compile(rf"\b(?:{_alternation(EN_MONTH_NAMES)})\b")
AR_MONTH = re.compile(
    f"(?<!{_AR_LETTER})(?:{_alternation(AR.NUMBER_PROCLITICS[1:])})?"
    f"(?P<name>{_alternation(AR_MONTH_NAMES)})(?!{_AR_LETTER})"
)
AR_DUAL = re.compile(
    f"(?<!{_AR_LETTER}){_AR_LETTER}{{2,}}(?:{'|'.join(AR.DUAL_ENDINGS)})(?!{_AR_LETTER})"
)
EN_PERCENT = re.compile(rf"[ \t]?(?:{_alternation(EN.PERCENT)})(?![A-Za-z])")
AR_PERCENT = re.compile(f"[ \t]?(?:{_alternation(map(normalise, AR.PERCENT))})")
MEASURES = {
    "en": (EN_PERCENT, _unit_pattern(EN_UNITS, "[A-Za-z]", "(?:an? )?"), EN_UNITS),
    "ar": (AR_PERCENT, _unit_pattern(AR_UNITS, _AR_LETTER), AR_UNITS),
}
"""Per language: the percent sign or words, and the units, written after a number."""
ENGLISH_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
CODE = re.compile(r"(?<![\w.,+])\+?\d+(?:[ -]\d+)+(?![\w-]|[.,]\d)")
YEAR_RANGE = re.compile(r"([12]\d)\d\d[-–/]$")
SHORT_YEAR = re.compile(r"(?<![\w'’])['’]$")
SLASHED = re.compile(r"(?<!\d)\d\d?/$")
SLASHED_AFTER = re.compile(r"/\d\d?(?![\d/])")
EN_ARTICLE = re.compile(rf"\b(?:{'|'.join(EN.ARTICLES)})\s+$", re.IGNORECASE)
EN_GAP = re.compile(r"\s*-?\s*|\s+(?P<joiner>and|an?|and an?)\s+")
AR_GAP = re.compile(
    rf"\s*(?:(?:{_alternation(map(normalise, AR.CURRENCIES.split()))})\s+(?=و))?(?P<joiner>و)?\s*"
)
LATIN_RUN = re.compile(r"[A-Za-z]+")
EN_MONTH_CUE = re.compile(rf"(?:\b(?:{'|'.join(EN.MONTH_CUES)})\s+|\bmid-)$", re.IGNORECASE)
AR_MONTH_CUE = re.compile(
    f"(?<!{_AR_LETTER})(?:{_alternation(map(normalise, AR.MONTH_CUES))})\\s+$"
)
MONTH_PAIR = re.compile(r"\s*[/(]\s*")
NAME_AFTER = re.compile(r" (?!(?:" + "|".join(EN_MONTH_NAMES) + r")\b)[A-Z][a-z]")
NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+ $")
NOT_A_NAME = frozenset(EN.DAYS) | frozenset(EN_MONTH_NAMES)


# --- finding the pieces ---------------------------------------------------------------------


def _english_pieces(text: str) -> list[Piece]:
    pieces: list[Piece] = []
    for m in EN_TOKEN.finditer(text):
        if pieces and m.start() < pieces[-1].end:
            continue  # letters read with the digits before them: "21st", "£11million"
        if m.lastgroup != "word":
            pieces.append(_numeral(m, text, m.group(), english=True))
        elif (piece := EN_WORDS.get(m.group().lower())) is not None:
            pieces.append(piece._replace(start=m.start(), end=m.end()))
        elif "-" in m.group():
            pieces += _hyphenated(m.group(), m.start())
    return _with_codes(pieces, text)


def _hyphenated(word: str, start: int) -> list[Piece]:
    """The number words inside a hyphenated word: "twenty-five-year-old", "six-game"."""
    pieces = []
    parts = word.lower().split("-")
    i = 0
    while i < len(parts):
        pair = "-".join(parts[i : i + 2])
        taken = 2 if i + 1 < len(parts) and pair in EN_WORDS else 1
        part = pair if taken == 2 else parts[i]
        if (piece := EN_WORDS.get(part)) is not None:
            pieces.append(piece._replace(start=start, end=start + len(part)))
        start += len(part) + 1
        i += taken
    return pieces


def _arabic_pieces(norm: str, text: str, offsets: list[int]) -> list[Piece]:
    """Pieces of normalised Arabic `norm`; digits are read from `text`, where ٫ and ٬ are
    still told apart from . and ,."""
    pieces = []
    for m in AR_TOKEN.finditer(norm):
        if m.lastgroup == "word":
            if (word := AR_WRITTEN_WORDS.get(m.group())) is not None:
                proclitic, piece = word
                pieces.append(piece._replace(start=m.start() + proclitic, end=m.end()))
        else:
            written = text[offsets[m.start()] : offsets[m.end() - 1] + 1]
            pieces.append(_numeral(m, norm, written, english=False))
    return _with_codes(pieces, norm)


def _numeral(m: re.Match[str], text: str, written: str, english: bool) -> Piece:
    """The piece for digits found by EN_TOKEN or AR_TOKEN (`written` as in the original)."""
    start, end = m.span()
    if m.lastgroup == "time":
        hours, minutes = map(int, m.group().split(":"))
        readings = {hours + minutes / 60} | ({hours - 12 + minutes / 60} if hours > 12 else set())
        return Piece("time", frozenset(map(_key, readings)), start, end)
    if m.lastgroup == "fraction":
        numerator, denominator = map(int, m.group().split("/"))
        return Piece("digit-fraction", frozenset({_key(numerator / denominator)}), start, end)
    values = digit_readings(written, english)
    if suffix := LATIN_RUN.match(text, end):
        return _suffixed(values, text, start, suffix, english)
    if _glued(text, start, end) or values == {0.0}:
        return Piece("glued", values, start, end)
    return Piece("digits", _also_read(values, text, start, m.group()), start, end)


def _glued(text: str, start: int, end: int) -> bool:
    """Digits that are part of a name or code rather than a quantity: G7, COVID-19, كوفيد-19,
    F-16, and small numbers joined by a slash (24/7, 9/11). A lone 0 is soft too: a score's
    nil is as often دون رد (without reply) as a digit."""
    before = text[max(0, start - 2) : start]
    if before[-1:].isascii() and before[-1:].isalpha():
        return True
    if before[-1:] == "-" and before[:1].isalpha():
        return True
    return end - start <= 2 and bool(
        SLASHED.search(text, max(0, start - 3), start) or SLASHED_AFTER.match(text, end)
    )


def _suffixed(
    values: frozenset[float], text: str, start: int, suffix: re.Match[str], english: bool
) -> Piece:
    """Digits with Latin letters written onto them: 21st, 1990s, 2bn, $5m, 5km, 5G."""
    letters, end = suffix.group(), suffix.start()
    if english and letters in EN.ORDINAL_SUFFIXES:
        return Piece("ordinal", values, start, suffix.end())
    if letters == EN.DECADE_SUFFIX and all(v % 10 == 0 for v in values):
        return Piece("decade", _decades(values), start, suffix.end())
    if english and letters.lower() in EN.SCALES:  # "£11million"
        return Piece("digits", _times(values, EN.SCALES[letters.lower()]), start, suffix.end())
    if english and letters in EN.SCALE_SUFFIXES:
        scaled = _times(values, EN.SCALE_SUFFIXES[letters])
        if letters in EN.ALWAYS_SCALE_SUFFIXES or start and text[start - 1] in EN.CURRENCY_SIGNS:
            return Piece("digits", scaled, start, suffix.end())
        return Piece("glued", values | scaled, start, suffix.end())  # 2.5m: millions or metres
    if letters in EN_GLUED_UNITS:
        return Piece("digits", values, start, end)  # the unit is read after the number
    return Piece("glued", values, start, end)


def _also_read(values: frozenset[float], text: str, start: int, digits: str) -> frozenset[Value]:
    """Further readings of plain digits: the "53" of "1950-53" is 1953 too; a long run of
    digits may be a telephone number written without spaces."""
    if len(digits) == 2 and (year := YEAR_RANGE.search(text, max(0, start - 5), start)):
        return values | {float(year.group(1) + digits)}
    if len(digits) == 2 and SHORT_YEAR.search(text, max(0, start - 2), start):
        return values | {1900 + min(values), 2000 + min(values)}  # '18 is 2018 (or 1918)
    if len(digits) >= 7 and digits.isdigit():
        return values | {digits}
    return values


def _with_codes(pieces: list[Piece], text: str) -> list[Piece]:
    """`pieces` with each run of digit groups that is one value ("0800 555 111",
    "+44 20 7946 0000", "10 000 000") as one piece."""
    codes = [(m, values) for m in CODE.finditer(text) if (values := _grouped(m.group()))]
    if not codes:
        return pieces
    out: list[Piece] = []
    for piece in pieces:
        code = next(((m, v) for m, v in codes if m.start() <= piece.start < m.end()), None)
        if code is None:
            out.append(piece)
        elif piece.start <= code[0].start() + 1:  # the first group (after a "+")
            out.append(Piece("code", code[1], code[0].start(), code[0].end()))
    return out


def _grouped(text: str) -> frozenset[Value]:
    """The values of digit groups read as one: a code of seven digits or more, its groups in
    either order (typed right to left), but not a range of years (1950-1953); a number with
    spaces between its thousands (10 000 000). Empty when the groups are separate numbers."""
    groups = re.findall(r"\d+", text)
    values: set[Value] = set()
    if (
        " " in text
        and "-" not in text
        and len(groups[0]) <= 3
        and groups[0][0] != "0"
        and all(len(group) == 3 for group in groups[1:])
    ):
        values.add(float("".join(groups)))
    years = len(groups) == 2 and len(groups[0]) == 4 and groups[0][0] in "12"
    if sum(map(len, groups)) >= 7 and not years:
        values |= {"".join(groups), "".join(reversed(groups))}
    return frozenset(values)


# --- reading pieces as numbers --------------------------------------------------------------


def _read(pieces: list[Piece], text: str, language: str) -> list[Quantity]:
    """The numbers that `pieces` of `text` write, each piece joining the number before it
    when the words say so ("three hundred thousand", "ملياران و500 مليون")."""
    quantities = []
    phrase: _Phrase | None = None
    for i, piece in enumerate(pieces):
        joiner = _joiner(text, phrase.end, piece.start, language) if phrase else None
        if phrase is not None and phrase.take(piece, joiner, _next_scale(pieces, i, text)):
            continue
        if phrase is not None and (q := phrase.quantity()) is not None:
            quantities.append(q)
        phrase = _Phrase(piece, text, language)
    if phrase is not None and (q := phrase.quantity()) is not None:
        quantities.append(q)
    return quantities


def _next_scale(pieces: list[Piece], i: int, text: str) -> float:
    """The scale of the word right after piece i, if one follows it (the 3 of "ملياران و3
    مليارات" is three billion, not a part of two billion)."""
    following = pieces[i + 1] if i + 1 < len(pieces) else None
    if following is None or not following.scale or text[pieces[i].end : following.start].strip():
        return 0.0
    return following.scale


def _joiner(text: str, start: int, end: int, language: str) -> str | None:
    """What stands between two pieces: "" (a space or hyphen), "and", "a", "and a" (English),
    "و" (Arabic); None when it is anything else, which ends the number."""
    if start > end:
        return None
    gap = (EN_GAP if language == "en" else AR_GAP).fullmatch(text, start, end)
    if gap is None:
        return None
    joiner = gap.group("joiner") or ""
    return {"an": "a", "and an": "and a"}.get(joiner.lower(), joiner.lower())


class _Phrase:
    """A number being read piece by piece, the way the words build it: "three hundred
    thousand" is (3 × 100) × 1000; "ملياران و500 مليون" is 2 × 10⁹ + 500 × 10⁶; "خمسة
    وعشرون" is 5 + 20; "أربعة عشر" is 4 + 10.

    `total` holds the parts closed by a scale word, `group` the part being read below the
    next one, `scale` the last scale word; `halved` is a scale that "ونصف" (and a half) just
    took half of, which may be repeated without multiplying (مليون ونصف مليون).
    """

    def __init__(self, piece: Piece, text: str, language: str) -> None:
        self.english = language == "en"
        self.roles = {piece.role}
        self.start, self.end = piece.start, piece.end
        self.total: frozenset[Value] = frozenset({0.0})
        self.group: frozenset[Value] | None = piece.values
        self.scale = self.halved = self.next_scale = 0.0
        if piece.role in ("scale", "hundred", "scale-dual", "scale-plural"):
            self._begin_with_scale(piece, text)

    def _begin_with_scale(self, piece: Piece, text: str) -> None:
        """A scale word first: "ألف" is a thousand, "a million" a million, "ملياران" two
        billion; a bare English "million" or a plural ("thousands") is no value."""
        self.group = None
        if self.english and piece.role != "scale-plural":
            article = EN_ARTICLE.search(text, max(0, piece.start - 5), piece.start)
            if article is None:
                return
            self.start = article.start()
        if piece.role == "hundred":
            self.group = frozenset({100.0})
        elif piece.role in ("scale", "scale-dual"):
            self.total, self.scale = piece.values, piece.scale

    def take(self, piece: Piece, joiner: str | None, next_scale: float = 0.0) -> bool:
        """Add `piece` if it continues this number across `joiner` (see _joiner); `next_scale`
        is the scale word right after it, if any."""
        if joiner is None or (self.roles | {piece.role}) & STANDALONE_ROLES:
            return False
        self.next_scale = next_scale
        if not self._continues(piece, joiner):
            return False
        self.roles.add(piece.role)
        self.end = piece.end
        return True

    def _continues(self, piece: Piece, joiner: str) -> bool:
        if "ordinal" in self.roles:
            return self._ordinal_tail(piece, joiner)
        if "teen-head" in self.roles and "ten" not in self.roles:
            return piece.role == "ten" and joiner == "" and self._add(piece.values)
        if piece.role == "scale" and piece.scale == self.halved and joiner == "":
            self.halved = 0.0  # مليون ونصف مليون: the million already counted
            return True
        if piece.scale and joiner in ("", "a"):
            return self._multiply(piece, joiner)
        if piece.role in ("fraction", "digit-fraction"):
            return self._add_fraction(piece, joiner)
        if piece.role == "ten" and joiner == "" and self.roles <= {"small"}:
            return self._below(10) and self._add(piece.values)  # أربعة عشر, fourteen
        return self._add_smaller(piece, joiner)

    def _multiply(self, piece: Piece, joiner: str) -> bool:
        """ "2.5 billion", "ثلاثة آلاف", "three hundred", "half a million"."""
        if self.group is None or not self._below(piece.scale):
            return False
        if joiner == "a" and self.roles != {"fraction"}:
            return False
        if piece.role == "hundred":
            self.group = _times(self.group, piece.scale)
            return True
        part = _times(self.group, piece.scale)
        if self.scale and max(part) >= self.scale:
            return False  # "مليون ألف" is not a number
        self.total, self.group, self.scale = _plus(self.total, part), None, piece.scale
        return True

    def _add_fraction(self, piece: Piece, joiner: str) -> bool:
        """ "مليون ونصف" (1.5 million), "two and a half", "220 2/3"."""
        if joiner not in ("and a", "و") and not (
            joiner == "" and piece.role == "digit-fraction" and self.roles == {"digits"}
        ):
            return False
        if self.group is None and self.scale:
            self.total = _plus(self.total, _times(piece.values, self.scale))
            self.halved = self.scale
            return True
        return self.group is not None and self._add(piece.values)

    def _add_smaller(self, piece: Piece, joiner: str) -> bool:
        """A smaller number after a larger one: "three hundred (and) fifty", "خمسة وعشرون",
        "مئة وعشرون", "3 ملايين و400 ألف"."""
        value = max(piece.values)
        words_only = not self.roles & FIRM_ROLES
        if self.english:
            joined = joiner in ("", "and") and piece.role != "digits"
            after_hundred = "hundred" in self.roles
        else:
            joined = joiner == "و"
            after_hundred = (
                words_only
                and self.group is not None
                and all(
                    isinstance(v, float) and 100 <= v < 1000 and v % 100 == 0 for v in self.group
                )
            )
        if not joined or not isinstance(value, float):
            return False
        if self.group is None:  # after a scale word, a smaller part: not "و3 مليارات"
            if self.scale and value * max(self.next_scale, 1.0) < self.scale:
                self.group = piece.values
                return True
            return False
        if after_hundred and value < 100 and all(v % 100 == 0 for v in self.group):
            return self._add(piece.values)
        units_then_tens = (
            not self.english
            and self.roles == {"small"}
            and piece.role == "tens"
            and value % 10 == 0
        )
        return units_then_tens and self._below(10) and self._add(piece.values)

    def _ordinal_tail(self, piece: Piece, joiner: str) -> bool:
        """ "الحادي عشر" (11th), "الحادي والعشرين" (21st), "العاشرة والنصف" (half past ten)."""
        if len(self.roles) > 1 or self.group is None:
            return False
        if piece.role == "ten" and joiner == "":
            return self._below(10) and self._add(piece.values)
        if joiner == "و" and piece.role == "definite-tens":
            return self._below(10) and self._add(piece.values)
        return (
            joiner == "و"
            and piece.role == "fraction"
            and self._below(13)
            and self._add(piece.values)
        )

    def _below(self, limit: float) -> bool:
        return self.group is not None and _largest(self.group) < limit

    def _add(self, values: frozenset[Value]) -> bool:
        self.group = _plus(self.group or frozenset({0.0}), values)
        return True

    def quantity(self) -> Quantity | None:
        """The number read, or None when the pieces write none ("thousands", a lone "one")."""
        if self.group is None and self.total == {0.0}:
            return None
        if "teen-head" in self.roles and "ten" not in self.roles:
            return None  # أحد (someone) without عشر
        if self.english and self.roles == {"small"} and _largest(self.group or {0.0}) <= 1:
            return None  # "one of them", "zero tolerance"
        if self.total == {0.0}:
            values = self.group or frozenset()  # one part: all its readings, codes included
        else:
            values = _plus(self.total, self.group or frozenset({0.0}))
        soft = bool(self.roles & SOFT_ROLES)
        firm = not soft and bool(
            self.roles & FIRM_ROLES or not self.english and self.roles & ARABIC_FIRM_ROLES
        )
        word = not soft and not firm and bool(self.roles - {"scale-plural"})
        return Quantity(values, self.start, self.end, firm=firm, word=word) if values else None


def _measured(q: Quantity, text: str, language: str) -> Quantity:
    """`q` with a percent sign or word after it (50% is also 0.5, as in "النصف", half), or
    else with the unit written after it."""
    numbers = [v for v in q.values if isinstance(v, float)]
    if len(numbers) < len(q.values):
        return q  # a code
    percent, unit, units = MEASURES[language]
    if sign := percent.match(text, q.end):
        return replace(q, values=q.values | {_key(v / 100) for v in numbers}, end=sign.end())
    if text[q.start - 1 : q.start] in ("%", "٪") and q.start:  # "%56", typed right to left
        return replace(q, values=q.values | {_key(v / 100) for v in numbers}, start=q.start - 1)
    if written := unit.match(text, q.end):
        return replace(q, unit=units[written.group("unit")], unit_end=written.end())
    return q


def _in_a_name(q: Quantity, text: str) -> Quantity:
    """A number that is part of a name ("Nord Stream 2", "Category 4", "Apollo 11"): Arabic
    may write it as an ordinal (نورد ستريم الثاني) or leave it out, so it is a word, never
    missing alone; written differently, it is still a changed value (Boeing 737, بوينغ 747)."""
    if not (q.firm and text[q.start : q.end].isdigit()) or q.unit is not None:
        return q
    before = NAME_BEFORE.search(text, max(0, q.start - 30), q.start)
    if before is None or before.group().strip() in NOT_A_NAME or _opens_sentence(text, before):
        return q
    return replace(q, firm=False, word=True)


def _opens_sentence(text: str, word: re.Match[str]) -> bool:
    return not text[: word.start()].rstrip()[-1:].isalnum()


# --- months ---------------------------------------------------------------------------------


def _english_months(text: str) -> list[Quantity]:
    months = []
    for m in EN_MONTH.finditer(text):
        name, start, end = m.group(), m.start(), m.end()
        if name in EN.MONTH_ABBREVIATIONS and text[end : end + 1] == ".":
            end += 1
        value = frozenset({float(EN_MONTH_NAMES[name])})
        months.append(
            Quantity(
                value, start, end, kind="month", firm=_english_month_is_firm(text, name, start, end)
            )
        )
    return months


def _english_month_is_firm(text: str, name: str, start: int, end: int) -> bool:
    """A full month name is a month; "May" and "March" only beside a number or after a date
    cue ("until May"); "Jan", "Dec" only with their full stop or beside a number."""
    if name in EN.MONTH_ABBREVIATIONS:
        return text[end - 1] == "." or _beside_digits(text, start, end)
    if _beside_digits(text, start, end) or EN_MONTH_CUE.search(text, max(0, start - 10), start):
        return True
    return name not in EN.AMBIGUOUS_MONTHS and not _beside_a_name(text, start, end)


def _beside_a_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word stands right before the month name (not the first word of a
    sentence) or right after it, as in a person's name: "Theresa May", "April Ryan"."""
    before = NAME_BEFORE.search(text, max(0, start - 30), start)
    return bool(NAME_AFTER.match(text, end) or before and not _opens_sentence(text, before))


def _beside_digits(text: str, start: int, end: int) -> bool:
    """ "May 16", "Oct. 2", "16 May", "30th September", "the 3rd of June"."""
    return bool(
        re.match(r"\.?,?[ \t]?\d", text[end : end + 4])
        or re.search(r"\d(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]?$", text[max(0, start - 10) : start])
    )


def _arabic_months(norm: str) -> list[Quantity]:
    """Arabic month names; one named in two systems ("مارس/آذار") is one quantity."""
    months: list[Quantity] = []
    for m in AR_MONTH.finditer(norm):
        name = m.group("name")
        start, end = m.span("name")
        value = frozenset({float(AR_MONTH_NAMES[name])})
        last = months[-1] if months else None
        if (
            last is not None
            and last.values == value
            and MONTH_PAIR.fullmatch(norm, last.end, start)
        ):
            months[-1] = replace(last, end=end, firm=True)
            continue
        ambiguous = name in AR_AMBIGUOUS_MONTHS
        if ambiguous and m.start() < start:
            continue  # with a proclitic it is a word: باب (a door) is not ب + آب
        firm = not ambiguous or _arabic_month_cue(norm, start, end)
        months.append(Quantity(value, start, end, kind="month", firm=firm))
    return months


def _arabic_month_cue(norm: str, start: int, end: int) -> bool:
    """A number beside the name, or a word before it that says a date is meant (في، منذ)."""
    return bool(
        re.match(r"[ \t]?\d", norm[end : end + 2])
        or re.search(r"\d[ \t]?$", norm[max(0, start - 2) : start])
        or AR_MONTH_CUE.search(norm, max(0, start - 8), start)
    )


# --- helpers --------------------------------------------------------------------------------


def _moved(q: Quantity, offsets: list[int], text: str) -> Quantity:
    """`q` with its spans moved from normalised text back to `text`, the original (a span
    that ends a word takes the marks after its last letter: the tanween of "ألفاً")."""
    return replace(
        q, start=offsets[q.start], end=offsets[q.end], unit_end=offsets[q.unit_end] if q.unit else 0
    )


def _key(value: float) -> float:
    return round(value, 6)


def _largest(values: Iterable[Value]) -> float:
    """The largest number of a phrase's values (a phrase that does arithmetic holds no code)."""
    return max(v for v in values if isinstance(v, float))


def _times(values: frozenset[Value], factor: float) -> frozenset[float]:
    return frozenset(_key(v * factor) for v in values if isinstance(v, float))


def _plus(a: frozenset[Value], b: frozenset[Value]) -> frozenset[float]:
    return frozenset(
        _key(x + y) for x in a for y in b if isinstance(x, float) and isinstance(y, float)
    )


def _start(item: Quantity) -> int:
    return item.start
