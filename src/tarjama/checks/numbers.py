"""The `number` check: numbers, percentages, years and months compared as values, src vs mt.

Both sides are read into values: digits in any script (1,000 = 1000 = ١٠٠٠ = ١٬٠٠٠), scale
words (2 million = ٢ مليون = مليونان), number words (two, ten, ألف, ساعتين) and month names
(May = مايو = أيار). A value written with digits (or an Arabic scale word) is *firm*: missing
from the other side, it is flagged. A value written as an English number word or an Arabic
small number word or dual is *soft*: it can account for a value on the other side but is
never flagged itself, because words like "two" and duals like "الجانبان" (the two sides) are
translated in too many ways to demand a counterpart. Ordinals ("first", "21st") and "one"
(often a pronoun) are never firm either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.patterns import trie_pattern
from tarjama.data import Segment
from tarjama.flags import Flag
from tarjama.lang.propernames import normalise_ar

_LATIN_LETTER = "A-Za-z\u00C0-\u024F"
_DIGIT = "0-9\u0660-\u0669\u06F0-\u06F9"
AR_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                           **{chr(0x06F0 + i): str(i) for i in range(10)}})
NUMBER = re.compile(f"[{_DIGIT}]+(?:[.,\u066B\u066C][{_DIGIT}]+)*")
A_OR_ONE = re.compile(r"(?<![A-Za-z])(?:[Aa]|[Oo]ne) $")
GAP = re.compile(r"\s*")
AND_GAP = re.compile(r"\s+و")
LATIN_CHAR = re.compile(f"[{_LATIN_LETTER}]")
_LATIN_CHARS = frozenset(c for c in map(chr, range(0x250)) if LATIN_CHAR.fullmatch(c))
# Arabic letters with the marks that live inside words, so "ستُعقد" is one word, not "ست" (six).
AR_WORD_CHARS = "\u0621-\u064A\u064B-\u065F\u0670\u0640"
LETTERS = re.compile(f"[A-Za-z{AR_WORD_CHARS}]+")
EN_NUMBER_FORM = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
EN_SUFFIX = re.compile(r"(?:bn|tn|m|k)\b")

EN_SMALL = {w: i for i, w in enumerate(
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"
    ])}
EN_TENS = {w: 10 * i for i, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2)}
EN_FRACTIONS = {"half": 0.5}
EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
            "trillion": 10**12, "bn": 10**9, "tn": 10**12, "dozen": 12}
CURRENCY = "$£€¥"
EN_ORDINALS = {w: i for i, w in enumerate(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
     "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
     "seventeenth", "eighteenth", "nineteenth"], start=1)}
EN_ORDINALS.update({"twentieth": 20, "thirtieth": 30})
_EN_TRIGGERS = frozenset([*EN_SMALL, *EN_TENS, *EN_SCALE, *EN_ORDINALS, *EN_FRACTIONS]) - {
    "zero", "one"}
AR_SCALE = {"مئه": 100, "مائه": 100, "ألف": 1000, "مليون": 10**6, "مليار": 10**9,
            "بليون": 10**9, "تريليون": 10**12, "ترليون": 10**12}
AR_SCALE_PLURAL = {"مئات": 100, "آلاف": 1000, "الاف": 1000, "ملايين": 10**6,
                   "مليارات": 10**9, "تريليونات": 10**12}
AR_DUAL_SCALE = {"مئتان": 200, "مئتين": 200, "مئتي": 200, "مائتان": 200, "مائتين": 200,
                 "مائتي": 200, "ألفان": 2000, "ألفين": 2000, "ألفي": 2000, "مليونان": 2 * 10**6,
                 "مليونين": 2 * 10**6, "مليوني": 2 * 10**6, "ملياران": 2 * 10**9,
                 "مليارين": 2 * 10**9, "ملياري": 2 * 10**9, "مئتا": 200, "مائتا": 200,
                 "مليونا": 2 * 10**6, "مليارا": 2 * 10**9}
AR_SMALL = {
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4,
    "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8,
    "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرون": 20,
    "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40, "خمسون": 50,
    "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80,
    "ثمانين": 80, "تسعون": 90, "تسعين": 90, "نصف": 0.5,
    **{f"{unit}{hundred}": n * 100 for n, unit in
       ((3, "ثلاث"), (4, "أربع"), (5, "خمس"), (6, "ست"), (7, "سبع"), (8, "ثمان"), (9, "تسع"))
       for hundred in ("مائة", "مئة")},
}
# Ordinals, as in dates ("الثالث من يناير", the third of January): soft values.
AR_ORDINALS = {
    "الأول": 1, "الأولى": 1, "الحادي": 1, "الحادية": 1, "الثاني": 2, "الثانية": 2, "الثالث": 3,
    "الثالثة": 3, "الرابع": 4, "الرابعة": 4, "الخامس": 5, "الخامسة": 5, "السادس": 6,
    "السادسة": 6, "السابع": 7, "السابعة": 7, "الثامن": 8, "الثامنة": 8, "التاسع": 9,
    "التاسعة": 9, "العاشر": 10, "العاشرة": 10, "العشرين": 20, "الثلاثين": 30,
}
# Duals of nouns that count things in news: each says "two" in one word.
AR_DUALS = [
    "ساعتين", "ساعتان", "يومين", "يومان", "شهرين", "شهران", "عامين", "عامان", "سنتين", "سنتان",
    "أسبوعين", "أسبوعان", "دقيقتين", "دقيقتان", "مرتين", "مرتان", "ضعفين", "ضعفان", "دولارين",
    "دولاران", "جنديين", "شخصين", "شخصان", "طفلين", "طفلان", "دورتين", "جولتين", "جولتان"
]

EN_MONTHS = {name: i for i, names in enumerate((
    "January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun", "July Jul",
    "August Aug", "September Sep Sept", "October Oct", "November Nov", "December Dec"),
    start=1) for name in names.split()}
_EN_MONTHS_LOWER = {name.lower(): name for name in EN_MONTHS}
EN_MONTH_ABBREVIATIONS = frozenset(name for name in EN_MONTHS
                                   if len(name) <= 4 and name not in ("May", "June", "July"))
MAY_CUE = re.compile(r"(?:\b(?:in|since|until|till|by|last|next|early|late|this)\s+|mid-)$")
EN_MONTH_CUE = re.compile(r"(?:\b(?:in|on|since|until|till|from|by|last|next|early|late|of|"
                          r"this|through|between|and|or|to|before|after|during)\s+|mid-)$")
AR_MONTHS = {name: i for i, names in enumerate((
    "يناير|كانون الثاني", "فبراير|شباط", "مارس|آذار", "أبريل|إبريل|نيسان", "مايو|أيار",
    "يونيو|يونيه|حزيران", "يوليو|يوليه|تموز", "أغسطس|آب", "سبتمبر|أيلول", "أكتوبر|تشرين الأول",
    "نوفمبر|تشرين الثاني", "ديسمبر|كانون الأول"), start=1) for name in names.split("|")}
# In " " + text, with the non-letter before the name (see _word_finder); group 1 the proclitic.
AR_MONTH = re.compile(r"[^\u0621-\u064A]([وبل]?)(" + trie_pattern(AR_MONTHS)
                      + r")(?![\u0621-\u064A])")
# A word of at least two letters and a dual ending: `[\u0621-\u064A]{2}(?:ان|ين)(?!letter)`,
# written to start with the ending's last letter so that the regex engine skips ahead to it.
DUAL_LIKE = re.compile(r"ن(?![\u0621-\u064A])(?<=[\u0621-\u064A]{2}[اي]ن)")
MONTH_PAIR = re.compile(r"\s*[/(]\s*")
AR_AMBIGUOUS_MONTHS = frozenset({"مارس", "نيسان", "آب"})  # also a verb, a car maker, "father"
AR_MONTH_CUE = re.compile(r"(?:في|منذ|حتى|شهر|خلال|أوائل|أواخر|منتصف|مطلع|نهاية|بداية|من|إلى)\s+$")


class Quantity(NamedTuple):
    """A number or month read from one side: its possible values and where it was written.

    The pieces of a number are Quantities too (a value, or a scale word that multiplies the
    piece before it), joined by _merge_scales; the last three fields serve only there. One
    type for both, so that a piece that stays a number on its own is not built twice.
    """

    values: frozenset[float]
    start: int
    end: int
    firm: bool
    kind: str = "number"  # "number" or "month"
    word: bool = False  # a cardinal number word ("three", "خمس"): paired, never flagged alone
    scale: int = 0  # the multiplier when this piece can follow a number
    standalone: bool = True  # a number on its own (unlike "thousands", "ملايين")
    absorbs: int = 0  # a scale word that may follow without multiplying (مليون ونصف مليون)


DUAL_TWO = Quantity(frozenset({2.0}), 0, 0, False)  # the soft 2 of a dual (immutable: shared)


class NumberOptions(CheckOptions):
    """Options of the `number` check."""

    months: bool = True
    """Compare month names too (May = مايو = أيار)."""


class NumberCheck(Check):
    """Numbers, years, percentages and months that differ between src and mt."""

    name = "number"
    categories = ("number",)
    options_model = NumberOptions

    def check_segment(self, segment: Segment) -> list[Flag]:
        src_quantities = source_quantities(segment.src, self.options.months)
        if not src_quantities and not AR_FIRM_SCAN.search(" " + normalise_ar(segment.mt)):
            return []  # only a firm quantity of the MT could be flagged, and it has none
        mt_quantities = target_quantities(segment.mt, self.options.months)
        return compare(segment, src_quantities, mt_quantities, self.name)


def compare(segment: Segment, src_q: list[Quantity], mt_q: list[Quantity],
            check: str | None = None) -> list[Flag]:
    """Flags for firm quantities that the other side does not account for (`check`: the name
    to stamp on them)."""
    missing = _unmatched(src_q, mt_q)
    extra = _unmatched(mt_q, src_q)
    if not missing and not extra:
        return []  # everything accounted for (the usual case)
    flags: list[Flag] = []
    for kind in ("number", "month"):
        kind_missing = [q for q in missing if q.kind == kind]
        kind_extra = [q for q in extra if q.kind == kind]
        if kind_missing or kind_extra:
            flags.extend(_changed(segment, kind_missing, kind_extra, check))
            flags.extend(_extra(segment, q, check) for q in kind_extra[len(kind_missing):]
                         if q.firm)
            flags.extend(_missing(segment, q, check) for q in kind_missing[len(kind_extra):]
                         if q.firm)
    return flags


def _unmatched(side: list[Quantity], other: list[Quantity]) -> list[Quantity]:
    """Firm quantities and number words on `side` whose value is none of those of the same
    kind in `other` (the first of each kind and value). Number words only pair up with a
    counterpart as changed."""
    candidates = [q for q in side if q.firm or q.word]
    if not candidates:
        return candidates  # soft values only (the dual's 2, ordinals): nothing to flag
    other_values: dict[str, set[float]] = {"number": set(), "month": set()}
    for q in other:
        other_values[q.kind] |= q.values
    seen: set[tuple[str, frozenset[float]]] = set()
    out = []
    for q in candidates:
        if other_values[q.kind].isdisjoint(q.values) and (q.kind, q.values) not in seen:
            seen.add((q.kind, q.values))
            out.append(q)
    return out


def _changed(segment: Segment, missing: list[Quantity], extra: list[Quantity],
             check: str | None) -> list[Flag]:
    flags = []
    for src_q, mt_q in zip(missing, extra, strict=False):  # pairs; the rest are extra/missing
        src_text = segment.src[src_q.start:src_q.end]
        mt_text = segment.mt[mt_q.start:mt_q.end]
        flags.append(Flag.at(
            segment, (mt_q.start, mt_q.end), category="number", severity="major",
            message=f"the translation has {mt_text} where the source has {src_text}",
            source_span=(src_q.start, src_q.end), suggestion=_display(src_q, src_text),
            check=check))
    return flags


def _extra(segment: Segment, q: Quantity, check: str | None) -> Flag:
    text = segment.mt[q.start:q.end]
    what = "month" if q.kind == "month" else "number"
    return Flag.at(segment, (q.start, q.end), category="number", severity="major",
                   message=f"the {what} {text} is not in the source", check=check)


def _missing(segment: Segment, q: Quantity, check: str | None) -> Flag:
    text = segment.src[q.start:q.end]
    return Flag.at(segment, None, category="number", severity="major",
                   message=f"{text} in the source is missing from the translation",
                   source_span=(q.start, q.end), check=check)


def _display(q: Quantity, text: str) -> str:
    if q.kind == "month":
        return next(name for name, number in AR_MONTHS.items() if number == min(q.values))
    value = min(q.values)
    return str(int(value)) if float(value).is_integer() else str(value)


# --- reading numbers -----------------------------------------------------------------------

def _key(value: float) -> float:
    return round(value, 6)


@lru_cache(maxsize=4096)
def digit_readings(text: str) -> frozenset[float]:
    """Values a digit string may stand for: 1,000 → 1000; 1.000 → 1 or 1000; 1,5 and ١٫٥ → 1.5."""
    text = text.translate(AR_DIGITS)
    if "\u066B" in text or "\u066C" in text:
        return frozenset({_key(float(text.replace("\u066C", "").replace("\u066B", ".")))})
    readings = set()
    for thousands, decimal in ((",", "."), (".", ",")):
        head, _, tail = text.partition(decimal)
        groups = head.split(thousands)
        if decimal in tail or thousands in tail:
            continue
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            continue
        if decimal == "," and len(tail) == 3 and len(groups) == 1:
            continue  # "1,000" is a thousand in Arabic text too, never 1.0
        readings.add(_key(float("".join(groups) + ("." + tail if tail else ""))))
    return frozenset(readings)


def source_quantities(src: str, months: bool = True) -> list[Quantity]:
    """Numbers (and months) in English text, in order of position."""
    numbers, words, month_names = _en_tokens(src)
    atoms = [a for span in numbers if (a := _en_digit_atom(src, *span)).values]
    if words:
        atoms += [a for span in words if (a := _en_word_atom(src, *span)) is not None]
        if numbers:
            atoms.sort(key=_start)
    quantities = _merge_scales(atoms, src) if atoms else []
    if months and month_names:
        quantities += _en_months(src, month_names)
        quantities.sort(key=_start)
    return quantities


def target_quantities(mt: str, months: bool = True) -> list[Quantity]:
    """Numbers (and months) in Arabic text, in order of position."""
    norm = normalise_ar(mt)
    numbers, words, month_named = _ar_tokens(norm)
    atoms = [a for span in numbers if (a := _ar_digit_atom(mt, *span)).values]
    if words:
        atoms += [_ar_word_atom(norm, *span) for span in words]
        if numbers:
            atoms.sort(key=_start)
    quantities = _merge_scales(atoms, mt) if atoms else []
    if DUAL_LIKE.search(norm):
        # Any dual says "two" ("الزعيمان", the two leaders): a soft 2 that is never flagged.
        # It goes at position 0, after a quantity written there (the order a stable sort gives).
        first = 1 if quantities and quantities[0].start == 0 else 0
        quantities.insert(first, DUAL_TWO)
    if months and month_named:
        quantities += _ar_months(mt)
        quantities.sort(key=_start)
    return quantities


def _start(item: Quantity) -> int:
    return item.start


def _merge_scales(atoms: list[Quantity], text: str) -> list[Quantity]:
    """Join "2" + "million", "three" + "thousand" into one quantity; drop lone plural scales.

    Arabic compounds joined by و add up: سبعة وعشرون (27), مئة وعشرون (120), مليون ونصف (1.5m).
    """
    quantities: list[Quantity] = []
    previous: Quantity | None = None
    for atom in atoms:
        if (previous is not None and text[atom.start - 1:atom.start] == "و"  # (a cheap pre-test)
                and AND_GAP.fullmatch(text, previous.end, atom.start)):
            added = _add(previous, atom)
            if added is not None:
                quantities[-1] = previous = added
                continue
        if (previous is not None and atom.scale and GAP.fullmatch(text, previous.end, atom.start)
                and previous.end <= atom.start):
            factor = 1 if previous.absorbs == atom.scale else atom.scale
            values = frozenset(_key(v * factor) for v in previous.values)
            quantities[-1] = previous = Quantity(
                values, previous.start, atom.end, previous.firm or atom.firm, "number",
                previous.word and atom.word, atom.scale)
            continue
        previous = atom if atom.standalone else None
        if atom.standalone:
            quantities.append(atom)
    return quantities


def _add(first: Quantity, second: Quantity) -> Quantity | None:
    """`first` و `second` as one number, when they are the parts of a compound."""
    if len(first.values) != 1 or len(second.values) != 1 or first.scale and second.scale:
        return None
    a, b = min(first.values), min(second.values)
    absorbs = 0
    if b == 0.5:  # "مليون ونصف": and a half (of the scale just named)
        absorbs = int(first.scale or a)
        total = a + 0.5 * absorbs
    elif (a < 10 and b % 10 == 0 and 10 < b < 100) or (a >= 100 and a % 100 == 0 and b < a):
        total = a + b
    else:
        return None
    return Quantity(frozenset({_key(total)}), first.start, second.end,
                    first.firm or second.firm, "number", first.word and second.word,
                    absorbs=absorbs)


def _en_digit_atom(text: str, start: int, end: int) -> Quantity:
    """Digits in English: "1,000" and "1.5" read the English way; "$5m", "2bn" scaled."""
    values = _en_digit_readings(text[start:end])
    suffix = EN_SUFFIX.match(text, end)
    if suffix and (suffix.group() in ("bn", "tn") or start and text[start - 1] in CURRENCY):
        factor = {"bn": 10**9, "tn": 10**12, "m": 10**6, "k": 1000}[suffix.group()]
        return Quantity(frozenset(_key(v * factor) for v in values), start, suffix.end(), True)
    return Quantity(values, start, _with_percent(text, end), not _glued(text, start, end))


@lru_cache(maxsize=4096)
def _en_digit_readings(digits: str) -> frozenset[float]:
    if EN_NUMBER_FORM.fullmatch(digits):
        return frozenset({_key(float(digits.replace(",", "")))})
    return digit_readings(digits)


def _with_percent(text: str, end: int) -> int:
    """Extend a number's span over a percent sign that follows it ("56%", "٥٦٪")."""
    return end + 1 if text[end:end + 1] in ("%", "٪") else end


def _glued(text: str, start: int, end: int) -> bool:
    """Digits that are part of a code or an ordinal (G7, COVID-19, 5G, 21st, 1990s).

    A Latin letter touching the digits makes a code; an Arabic letter only through a hyphen
    ("كوفيد-19"), since an Arabic proclitic may be written onto a number ("ب1000").
    """
    before = text[max(0, start - 2):start]
    return (before[-1:] in _LATIN_CHARS or text[end:end + 1] in _LATIN_CHARS
            or (before[-1:] == "-" and before[:1].isalpha()))


@lru_cache(maxsize=1024)
def _words_regex(words: frozenset[str], letters: str, prefix: str = "",
                 capitalised: bool = False) -> re.Pattern[str]:
    """A whole-word pattern for a few words; group 1 is the word without `prefix`."""
    forms = set(words) | ({w.capitalize() for w in words} if capitalised else set())
    body = "|".join(re.escape(w) + ("(?:-[a-z]+)?" if w in EN_TENS else "")
                    for w in sorted(forms, key=len, reverse=True))
    return re.compile(f"(?<![{letters}]){prefix}({body})(?![{letters}])")


def _en_word_atom(text: str, start: int, end: int) -> Quantity | None:
    """A number word; a scale word alone is a multiplier, except after "a" or "one"."""
    word = text[start:end].lower()
    if word in EN_SCALE:
        article = A_OR_ONE.search(text, max(0, start - 4), start)
        return Quantity(frozenset({float(EN_SCALE[word])}),
                        article.start() if article else start, end, False, "number", True,
                        EN_SCALE[word], word == "dozen" or article is not None)
    if word in EN_ORDINALS:
        return Quantity(frozenset({float(EN_ORDINALS[word])}), start, end, False)
    value = EN_FRACTIONS.get(word) or _en_word_value(word)
    if value is None:
        return None
    return Quantity(frozenset({float(value)}), start, end, False, "number", True)


def _en_word_value(word: str) -> int | None:
    if word in EN_SMALL and word != "zero":
        return EN_SMALL[word]
    if word in EN_TENS:
        return EN_TENS[word]
    tens, _, unit = word.partition("-")
    if tens in EN_TENS and unit in EN_SMALL and 0 < EN_SMALL[unit] < 10:
        return EN_TENS[tens] + EN_SMALL[unit]
    return None


def _ar_digit_atom(text: str, start: int, end: int) -> Quantity:
    """Digits in Arabic text, read in every way their separators allow."""
    return Quantity(digit_readings(text[start:end]), start, _with_percent(text, end),
                    not _glued(text, start, end))


def _ar_word_atom(norm: str, start: int, end: int) -> Quantity:
    """An Arabic number word (without its proclitic), with the tens of "الحادي عشر" (11th)."""
    text = norm[start:end]
    value, firm, scale, standalone, word = _AR_WORDS[text]
    if text in _AR_ORDINALS_N and (tail := AR_ORDINAL_TAIL.match(norm, end)):
        value += 10 if tail.group(1) else {"عشرين": 20, "ثلاثين": 30}[tail.group(2)]
        end = tail.end()
    return Quantity(frozenset({float(value)}), start, end, firm, "number", word, scale,
                    standalone)


def _ar_word_table() -> dict[str, tuple[int, bool, int, bool, bool]]:
    """Normalised Arabic number word → (value, firm, scale it multiplies by, standalone, word)."""
    table: dict[str, tuple[int, bool, int, bool, bool]] = {}
    for words, firm, scale, standalone, word in (
            (AR_SMALL, False, False, True, True),
            (AR_ORDINALS, False, False, True, False),
            (dict.fromkeys(AR_DUALS, 2), False, False, True, False),
            (AR_DUAL_SCALE, True, False, True, False),
            (AR_SCALE_PLURAL, True, True, False, False),
            (AR_SCALE, True, True, True, False)):
        for text, value in words.items():
            table[normalise_ar(text)] = (value, firm, value if scale else 0, standalone, word)
    return table


_AR_WORDS = _ar_word_table()
_AR_ORDINALS_N = frozenset(normalise_ar(w) for w in AR_ORDINALS)
AR_ORDINAL_TAIL = re.compile(r"\s+(?:(عشر|عشره)|و(?:ال)?(عشرين|ثلاثين))(?![\u0621-\u064A])")
# A number word as written: bare, or after a proclitic or two ("وبمليون": and with a million).
AR_NUMBER_PROCLITICS = ("", "و", "ب", "ل", "ف", "وب", "ول", "فب", "فل")
_AR_TRIGGERS = {p + w: w for w in _AR_WORDS for p in AR_NUMBER_PROCLITICS}
AR_NUMBER_PREFIX = "(?:" + "|".join(sorted(filter(None, AR_NUMBER_PROCLITICS), key=len,
                                           reverse=True)) + ")?"  # longest first
_AR_MONTH_TRIGGERS = frozenset(p + normalise_ar(name.split()[0]) for name in AR_MONTHS
                               for p in ("", "و", "ب", "ل"))


def _word_finder(words: Iterable[str]) -> re.Pattern[str]:
    """Finds the whole words (maximal runs of LETTERS) of " " + text that are among `words`:
    the same set as `set(LETTERS.findall(text)) & words`, a third faster on news text.

    A word is found with the non-letter before it (hence the space put before the text):
    a pattern that starts with a character class lets the regex engine skip ahead to the
    next non-letter, where one that starts with a lookbehind is tried at every position."""
    letters = f"A-Za-z{AR_WORD_CHARS}"
    return re.compile(f"[^{letters}]({trie_pattern(words)})(?![{letters}])")


# Number words and month names (lower case), each set tested against " " + a text's words.
_EN_WORD_FINDER = _word_finder(_EN_TRIGGERS | _EN_MONTHS_LOWER.keys())
_AR_WORD_FINDER = _word_finder(_AR_TRIGGERS.keys() | _AR_MONTH_TRIGGERS)

# --- finding numbers, number words and month names ------------------------------------------
#
# One scan of " " + text finds them all, each after a non-letter (see _word_finder): digits
# (the non-letter was the first digit; group 1 is the rest of the number) or, as group 3, a
# whole word of its own script: a number word, lower case or capitalised, or a month name as
# written (English); a number word with any proclitic, or a month name's first word (Arabic).
# Group 2 is such a word right after digits ("2bn", "3ملايين"), not consumed.
# The reading this replaces, kept as the two-pass fallback, scanned for whole words of both
# scripts first, then for those words only; the two differ only where a word touches a letter
# of the other script, so a text with such a word is read the old way.

Spans = list[tuple[int, int]]
_NUMBER_REST = f"(?<=[{_DIGIT}])([{_DIGIT}]*(?:[.,\u066B\u066C][{_DIGIT}]+)*)"  # as NUMBER


def _scan_pattern(words: str, letters: str) -> re.Pattern[str]:
    word = f"({words})(?![{letters}])"
    return re.compile(f"[^{letters}](?:{_NUMBER_REST}(?:(?={word}))?|{word})")


EN_SCAN = _scan_pattern(trie_pattern(
    {*_EN_TRIGGERS, *(w.capitalize() for w in _EN_TRIGGERS), *EN_MONTHS}), "A-Za-z")
EN_TENS_TAIL = re.compile(r"-[a-z]+(?![A-Za-z])")  # the "-five" of "twenty-five"
AR_SCAN = _scan_pattern(trie_pattern(_AR_TRIGGERS.keys() | _AR_MONTH_TRIGGERS), AR_WORD_CHARS)
# Whatever may read as a firm quantity in Arabic text: a digit, or a scale word or month name
# found as AR_SCAN (or the two-pass fallback) would find it. No hit: the text has none.
AR_FIRM_SCAN = re.compile(f"[^{AR_WORD_CHARS}](?:(?<=[{_DIGIT}])|(?:" + trie_pattern(
    {t for t, w in _AR_TRIGGERS.items() if _AR_WORDS[w][1]} | _AR_MONTH_TRIGGERS)
    + f")(?![{AR_WORD_CHARS}]))")
_ANY_LETTER = re.compile(f"[A-Za-z{AR_WORD_CHARS}]")
_LETTER_CHARS = frozenset(c for c in map(chr, range(0x700)) if _ANY_LETTER.match(c))


def _number(m: re.Match[str], numbers: Spans) -> tuple[int, int]:
    """For a match of digits by EN_SCAN or AR_SCAN in " " + text: add the number's span in
    the text to `numbers`; return the span in " " + text of a word right after it, or
    (-1, -1). (A match of a word alone has its span in group 3.)"""
    numbers.append((m.start() - 1, m.end() - 1))
    return m.span(2)


def _en_tokens(src: str) -> tuple[Spans, Spans, Spans]:
    """Spans of the numbers, number words and month names in English text."""
    padded = " " + src
    numbers: Spans = []
    words: Spans = []
    months: Spans = []
    tail_end = 0
    for m in EN_SCAN.finditer(padded):
        start, end = m.span(3) if m.start(3) >= 0 else _number(m, numbers)
        if start < 0:
            continue
        # lowered like the finder's text (where K, the Kelvin sign, is a k)
        if (padded[start - 1].lower()[-1:] in _LETTER_CHARS
                or padded[end:end + 1].lower()[:1] in _LETTER_CHARS):
            return _numbers(numbers, src, start - 1), *_en_words_two_pass(src)
        word = padded[start:end]
        if word in EN_MONTHS:
            months.append((start - 1, end - 1))
        elif start >= tail_end:  # not the "five" of a "twenty-five" already read
            if word in EN_TENS and (tail := EN_TENS_TAIL.match(padded, end)):
                end = tail_end = tail.end()
            words.append((start - 1, end - 1))
    return numbers, words, months


def _numbers(found: Spans, text: str, pos: int) -> Spans:
    """`found`, the spans of the numbers before `pos`, and those after it."""
    return found + [m.span() for m in NUMBER.finditer(text, pos)]


def _en_words_two_pass(src: str) -> tuple[Spans, Spans]:
    found = set(_EN_WORD_FINDER.findall(" " + src.lower()))
    words: Spans = []
    months: Spans = []
    if hits := found & _EN_TRIGGERS:
        pattern = _words_regex(frozenset(hits), "A-Za-z", capitalised=True)
        words = [m.span() for m in pattern.finditer(src)]
    if hits := found & _EN_MONTHS_LOWER.keys():
        pattern = _words_regex(frozenset(_EN_MONTHS_LOWER[w] for w in hits), "A-Za-z")
        months = [m.span() for m in pattern.finditer(src)]
    return words, months


def _ar_tokens(norm: str) -> tuple[Spans, Spans, bool]:
    """Spans of the numbers and number words (without proclitic) in normalised Arabic text,
    and whether it may name a month."""
    padded = " " + norm
    numbers: Spans = []
    words: Spans = []
    month_named = False
    for m in AR_SCAN.finditer(padded):
        start, end = m.span(3) if m.start(3) >= 0 else _number(m, numbers)
        if start < 0:
            continue
        if padded[start - 1] in _LETTER_CHARS or padded[end:end + 1] in _LETTER_CHARS:
            return _numbers(numbers, norm, start - 1), *_ar_words_two_pass(norm)
        if (token := padded[start:end]) in _AR_MONTH_TRIGGERS:
            month_named = True
        else:
            words.append((end - 1 - len(_AR_TRIGGERS[token]), end - 1))
    return numbers, words, month_named


def _ar_words_two_pass(norm: str) -> tuple[Spans, bool]:
    found = set(_AR_WORD_FINDER.findall(" " + norm))
    words: Spans = []
    if hits := found & _AR_TRIGGERS.keys():
        pattern = _words_regex(frozenset(_AR_TRIGGERS[w] for w in hits), AR_WORD_CHARS,
                               prefix=AR_NUMBER_PREFIX)
        words = [m.span(1) for m in pattern.finditer(norm)]
    return words, not found.isdisjoint(_AR_MONTH_TRIGGERS)


def _en_months(src: str, spans: Spans) -> list[Quantity]:
    """Month names with a date-like neighbour: a day or year beside them, or "in", "since" …

    "May" needs a digit or a narrower cue, being a verb and a surname too; abbreviations
    ("Jan", "Mar") need a digit, being first names and words too.
    """
    months = []
    for start, end in spans:
        name = src[start:end]
        if not _near_digit(src, start, end, "0-9"):
            cue = MAY_CUE if name == "May" else EN_MONTH_CUE
            if name in EN_MONTH_ABBREVIATIONS or not cue.search(src[max(0, start - 12):start]):
                continue
        months.append(Quantity(frozenset({float(EN_MONTHS[name])}), start, end, True, "month"))
    return months


def _near_digit(text: str, start: int, end: int, digits: str) -> bool:
    return bool(re.match(f"[ \t]?[{digits}]", text[end:end + 2])
                or re.search(f"[{digits}][ \t]?$", text[max(0, start - 2):start]))


def _ar_months(mt: str) -> list[Quantity]:
    """Arabic month names; the ambiguous ones only beside a number or after في، منذ، شهر …

    A month given in both naming systems ("مارس/آذار") is one quantity.
    """
    months: list[Quantity] = []
    padded = " " + mt
    for m in AR_MONTH.finditer(padded):
        start, end = m.start(2) - 1, m.end(2) - 1
        name = m.group(2)
        value = frozenset({float(AR_MONTHS[name])})
        paired = months and MONTH_PAIR.fullmatch(mt, months[-1].end, start)
        if paired and months[-1].values == value:
            months[-1] = Quantity(value, months[-1].start, end, True, "month")
            continue
        if (name in AR_AMBIGUOUS_MONTHS and not _near_digit(mt, start, end, _DIGIT)
                and not AR_MONTH_CUE.search(padded[max(1, m.start(1) - 8):m.start(1)])):
            continue
        months.append(Quantity(value, start, end, True, "month"))
    return months