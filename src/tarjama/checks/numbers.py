"""The `number` check: numbers, percentages, months and units compared as values, src vs mt.

Both sides are read into values (tarjama.lang.quantities), so every way Arabic writes a number
is the same number: 2.5 billion = 2,5 مليار = ملياران و500 مليون; 1,000 = ١٬٠٠٠ = ألف; twelve
= اثنتا عشرة; 50 percent = النصف (half); June = يونيو = حزيران = جوان; 0800 555 111 =
0800555111. A formatting variant is no flag at all. What is flagged, as major (MQM: a reader
would be misled):

- a changed value: "1,000 prisoners" → "100 أسير"; "eleven" → "السبعين" (seventy);
- a value missing from the translation, or one the source does not have (firm values only:
  digits, Arabic scale words, months where a date is meant; see tarjama.lang.quantities);
- a number copied while its unit changed: "12 miles" → "12 كيلومتراً" (12 km). A converted
  number (→ 19 كيلومتراً) or a kept unit (→ 12 ميلاً) is correct.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.prepared import PreparedSegment
from tarjama.flags import Flag
from tarjama.lang.numbers_ar import MONTH_SYSTEMS
from tarjama.lang.quantities import (
    Quantity,
    arabic_quantities,
    english_quantities,
    glued_in_arabic,
    says_two,
)

KINDS = ("number", "month")


class Finding(NamedTuple):
    """A difference between src and mt: "changed", "missing", "added" or "unit" (the number
    kept, its unit changed); `src` and `mt` are the quantities involved (None when absent)."""

    what: str
    src: Quantity | None
    mt: Quantity | None


class NumberOptions(CheckOptions):
    """Options of the `number` check."""

    months: bool = True
    """Compare month names too (May = مايو = أيار)."""


class NumberCheck(Check):
    """Numbers, years, percentages, months and units that differ between src and mt."""

    name = "number"
    categories = ("number",)
    options_model = NumberOptions
    options: NumberOptions

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        src = english_quantities(segment.src, self.options.months)
        mt = arabic_quantities(segment.mt, self.options.months)
        return [self._flag(segment, finding) for finding in compare(src, mt, segment.mt)]

    def _flag(self, segment: PreparedSegment, finding: Finding) -> Flag:
        builders: dict[str, Callable[..., Flag]] = {
            "changed": self._changed,
            "added": self._added,
            "missing": self._missing,
            "unit": self._unit_changed,
        }
        return builders[finding.what](segment, finding.src, finding.mt)

    def _changed(self, segment: PreparedSegment, src: Quantity, mt: Quantity) -> Flag:
        message = (
            f"the translation has {segment.mt[mt.start : mt.end]} where the source has "
            f"{segment.src[src.start : src.end]}"
        )
        return self.flag(
            segment,
            (mt.start, mt.end),
            category="number",
            severity="major",
            message=message,
            source_span=(src.start, src.end),
            suggestion=_display(src),
        )

    def _added(self, segment: PreparedSegment, _src: None, mt: Quantity) -> Flag:
        message = f"the {mt.kind} {segment.mt[mt.start : mt.end]} is not in the source"
        return self.flag(
            segment, (mt.start, mt.end), category="number", severity="major", message=message
        )

    def _missing(self, segment: PreparedSegment, src: Quantity, _mt: None) -> Flag:
        message = (
            f"{segment.src[src.start : src.end]} in the source is missing from the translation"
        )
        return self.flag(
            segment,
            None,
            category="number",
            severity="major",
            message=message,
            source_span=(src.start, src.end),
        )

    def _unit_changed(self, segment: PreparedSegment, src: Quantity, mt: Quantity) -> Flag:
        """The number copied, the unit changed: "12 miles" → "12 كيلومتراً"."""
        assert src.unit is not None and mt.unit is not None  # _unit_changes pairs units only
        value = min(v for v in src.values if isinstance(v, float))
        converted = _round(src.unit.to(mt.unit, value))
        message = (
            f"{segment.src[src.start : src.unit_end]} in the source became "
            f"{segment.mt[mt.start : mt.unit_end]}: the unit changed ({src.unit.name} to "
            f"{mt.unit.name}) but the number was not converted (about {converted} "
            f"{mt.unit.name})"
        )
        return self.flag(
            segment,
            (mt.start, mt.unit_end),
            category="number",
            severity="major",
            message=message,
            source_span=(src.start, src.unit_end),
            suggestion=converted,
        )


def compare(src: list[Quantity], mt: list[Quantity], mt_text: str) -> list[Finding]:
    """What differs between the quantities of src and those of mt (`mt_text`, the Arabic, is
    searched for values run into a neighbouring word where a space is missing)."""
    missing = [q for q in _unaccounted(src, mt) if not _written_loosely(q, mt_text)]
    added = _unaccounted(mt, src)
    missing, added = (_unconverted(missing, mt, added), _unconverted(added, src, missing))
    findings = []
    for kind in KINDS:
        gone = [q for q in missing if q.kind == kind]
        new = [q for q in added if q.kind == kind]
        findings += [Finding("changed", s, m) for s, m in zip(gone, new, strict=False)]
        findings += [Finding("added", None, m) for m in new[len(gone) :] if m.firm]
        findings += [Finding("missing", s, None) for s in gone[len(new) :] if s.firm]
    findings += [Finding("unit", s, m) for s, m in _unit_changes(src, mt)]
    return findings


def _unaccounted(side: list[Quantity], other: list[Quantity]) -> list[Quantity]:
    """The firm quantities and number words of `side` whose value nothing in `other` has,
    one per value (a firm one rather than a word: 4 rather than أربع)."""
    out: list[Quantity] = []
    for q in side:
        if not (q.firm or q.word) or any(
            o.kind == q.kind and not o.values.isdisjoint(q.values) for o in other
        ):
            continue
        same = next(
            (i for i, o in enumerate(out) if (o.kind, o.values) == (q.kind, q.values)), None
        )
        if same is None:
            out.append(q)
        elif q.firm and not out[same].firm:
            out[same] = q
    return out


def _written_loosely(q: Quantity, mt_text: str) -> bool:
    """Whether the Arabic writes source quantity `q` where no reader finds it: run into a
    neighbouring word by a missing space, or as "two" said by a dual (the word "two" only)."""
    if q.word and q.values == {2.0} and says_two(mt_text):
        return True
    return glued_in_arabic(mt_text, q)


def _unconverted(
    unmatched: list[Quantity], other: list[Quantity], other_unmatched: list[Quantity]
) -> list[Quantity]:
    """`unmatched` less the measures that `other` writes converted into another unit (12 miles
    as 19 km; 45 miles (72 km) as 72 km alone). Not while a value in the same unit is
    unmatched on the other side: 800 km/h (497 mph) as 805 km/h (497 mph) is a changed value."""
    return [
        q
        for q in unmatched
        if not (
            any(_converted(q, o) for o in other)
            and not any(o.unit and q.unit and o.unit.same_as(q.unit) for o in other_unmatched)
        )
    ]


def _converted(a: Quantity, b: Quantity) -> bool:
    """Whether `b` is `a` converted into another unit, rounded as a translator would (within
    5%, or half a unit: 12 miles is 19 or 20 km). In the same unit only the value itself will
    do: 557 pounds is not 550 pounds."""
    if (
        a.unit is None
        or b.unit is None
        or a.unit.dimension != b.unit.dimension
        or a.unit.same_as(b.unit)
    ):
        return False
    for value in a.values:
        if isinstance(value, float):
            converted = a.unit.to(b.unit, value)
            tolerance = max(0.05 * abs(converted), 0.5)
            if any(isinstance(v, float) and abs(v - converted) <= tolerance for v in b.values):
                return True
    return False


def _unit_changes(src: list[Quantity], mt: list[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """Pairs (src, mt) where mt repeats a source number with another unit of the same
    dimension, and no source quantity of that value has mt's unit."""
    changes = []
    for m in mt:
        if m.unit is None:
            continue
        same_value = [
            (s, s.unit) for s in src if s.unit is not None and not s.values.isdisjoint(m.values)
        ]
        if any(unit.same_as(m.unit) for _, unit in same_value):
            continue
        changed = [s for s, unit in same_value if unit.dimension == m.unit.dimension]
        if changed:
            changes.append((changed[0], m))
    return changes


def _display(q: Quantity) -> str:
    """A suggestion: the source value as the translation could write it."""
    numbers = [v for v in q.values if isinstance(v, float)]
    if not numbers:
        return str(min(q.values, key=str))  # a code
    value = min(numbers)
    if q.kind == "month":
        return MONTH_SYSTEMS["Egypt, Sudan and the Gulf"][int(value) - 1]
    return str(int(value)) if value.is_integer() else str(value)


def _round(value: float) -> str:
    """A converted measure to three significant digits, as plain digits: 19.3, 35, 620."""
    rounded = float(f"{value:.3g}")
    return str(int(rounded)) if rounded.is_integer() else str(rounded)
