"""Reading numbers, months and units from English and Arabic text (tarjama.lang.quantities)."""

from __future__ import annotations

import pytest

from tarjama.lang.quantities import arabic_quantities, digit_readings, english_quantities


def numbers(quantities) -> list[float | str]:
    """The smallest reading of each number (the soft "two" of a dual left out)."""
    return [
        min(q.values, key=lambda v: (isinstance(v, str), v))
        for q in quantities
        if q.kind == "number" and q.values != {2.0} or q.firm
    ]


@pytest.mark.parametrize(
    "text, values",
    [
        ("1,000", {1000.0}),
        ("1.000", {1.0, 1000.0}),  # English decimal or European thousands
        ("1,5", {1.5}),  # a decimal comma
        ("١٬٠٠٠", {1000.0}),
        ("١٫٥", {1.5}),
        ("۲۰۲۲", {2022.0}),
        ("12,34,567", set()),  # not a well-formed number either way
    ],
)
def test_digit_readings(text, values):
    assert set(digit_readings(text)) == values


@pytest.mark.parametrize(
    "src, values",
    [
        ("a million people", [1e6]),
        ("twenty-five soldiers and three hundred tanks", [25.0, 300.0]),
        ("three hundred and fifty thousand", [350_000.0]),
        ("two million three hundred thousand", [2_300_000.0]),
        ("two dozen", [24.0]),
        ("half a million", [500_000.0]),
        ("two and a half years", [2.5]),
        ("Fifty-eight soldiers", [58.0]),
        ("two-thirds of them", [2 / 3]),
        ("no one came", []),  # "one" alone is not a value
        ("thousands of people", []),  # nor is a vague plural
        ("$5m was pledged", [5e6]),
        ("a 2bn deal and £11million", [2e9, 11e6]),
        ("220 2/3 innings", [220 + 2 / 3]),
    ],
)
def test_english_numbers(src, values):
    assert numbers(english_quantities(src)) == pytest.approx(values)


@pytest.mark.parametrize(
    "src, values",
    [
        ("the 1950-53 war", {1953.0, 53.0}),  # a range of years
        ("the 1990s", {1990.0, 90.0}),
        ("the class of '18", {18.0, 1918.0, 2018.0}),
        ("at 04:00", {4.0}),
        ("at 16:30", {16.5, 4.5}),  # also half past four
        ("50 percent", {50.0, 0.5}),  # and a half
        ("call 0800 555 111", {"0800555111", "1115550800"}),  # groups in either order
        ("some 10 000 people", {10_000.0}),  # spaces between thousands
        ("won 2 100-metre races", {100.0}),  # not 2100: the groups are not thousands
    ],
)
def test_english_readings(src, values):
    assert english_quantities(src)[-1].values == values


def test_only_digits_are_firm_in_english():
    firm = {
        min(q.values): (q.firm, q.word)
        for q in english_quantities("two men, the 21st, 5G, 40 women")
    }
    assert firm == {
        2.0: (False, True),
        21.0: (False, False),
        5.0: (False, False),
        40.0: (True, False),
    }


@pytest.mark.parametrize(
    "mt, values",
    [
        ("مليونان و 3 آلاف", [2_003_000.0]),  # two million and three thousand
        ("ملياران و500 مليون", [2.5e9]),
        ("3 ملايين و400 ألف", [3.4e6]),
        ("ملياري دولار و500 مليون", [2.5e9]),  # two billion dollars and 500 million
        ("2 مليار دولار و3 مليارات يورو", [2e9, 3e9]),  # 2 billion dollars and 3 billion euros
        ("مئة ألف شخص", [1e5]),  # a hundred thousand people
        ("وثلاثمائة جندي", [300.0]),  # and three hundred soldiers
        ("بألفي دولار", [2000.0]),  # for two thousand dollars
        ("عشرون ألفاً", [20_000.0]),  # twenty thousand (ألفاً: accusative, not "two thousand")
        ("أربعة عشر شخصاً", [14.0]),
        ("اثنتا عشرة نقطة", [12.0]),
        ("أحد الأشخاص", []),  # أحد (one of): a number only before عشر
        ("الذكرى السبعين", [70.0]),
        ("الدول الخمس", [5.0]),  # the five countries
        ("في المئة", []),  # per cent
        ("3ملايين", [3e6]),  # the word right after the digits
    ],
)
def test_arabic_numbers(mt, values):
    assert numbers(arabic_quantities(mt)) == pytest.approx(values)


def test_arabic_spans_are_offsets_into_the_original():
    mt = "عشرون ألفاً من الجنود"  # twenty thousand soldiers, with tanween
    [q] = [q for q in arabic_quantities(mt) if q.firm]
    assert mt[q.start : q.end] == "عشرون ألفاً"


@pytest.mark.parametrize(
    "text, unit",
    [
        ("12 miles", "mile"),
        ("a 6-foot wall", "foot"),
        ("85 mph", "mile"),
        ("5km", "kilometre"),
        ("95 °F", "degree Fahrenheit"),
        ("95 degrees Fahrenheit", "degree Fahrenheit"),
        ("110 billion cubic meters", "cubic metre"),
        ("half an inch", "inch"),
    ],
)
def test_english_units(text, unit):
    [q] = english_quantities(text)
    assert q.unit.name == unit


@pytest.mark.parametrize(
    "text, unit",
    [
        ("12 كيلومتراً", "kilometre"),
        ("12 كيلو متراً", "kilometre"),
        ("300 كم", "kilometre"),
        ("20 قدمًا", "foot"),
        ("35 درجة مئوية", "degree Celsius"),
        ("91 كيلوغراماً", "kilogram"),
        ("100 فدان", "acre"),
        ("110 مليارات متر مكعب", "cubic metre"),
    ],
)
def test_arabic_units(text, unit):
    [q] = [q for q in arabic_quantities(text) if q.firm]
    assert q.unit.name == unit
    assert text[q.start : q.unit_end] == text  # the span runs to the end of the unit


@pytest.mark.parametrize(
    "src, months",
    [
        ("In June it rained.", [(6.0, True)]),
        ("until Oct.", [(10.0, True)]),
        ("Jan said so.", [(1.0, False)]),  # a name: only with its full stop or a day
        ("Theresa May said it may rain.", [(5.0, False)]),
        ("until May", [(5.0, True)]),
        ("April Ryan asked.", [(4.0, False)]),  # a person's name
        ("the June summit", [(6.0, True)]),
    ],
)
def test_english_months(src, months):
    assert [(min(q.values), q.firm) for q in english_quantities(src) if q.kind == "month"] == months


@pytest.mark.parametrize(
    "mt, months",
    [
        ("في يونيو/حزيران", [(6.0, True)]),  # one month named twice
        ("في جويلية", [(7.0, True)]),
        ("حتى مارس", [(3.0, True)]),  # until March
        ("مارس المحاماة", [(3.0, False)]),  # he practised law
        ("من خلال باب", []),  # through a door: ب + آب is not August
        ("في كانون الأول", [(12.0, True)]),
    ],
)
def test_arabic_months(mt, months):
    assert [(min(q.values), q.firm) for q in arabic_quantities(mt) if q.kind == "month"] == months
