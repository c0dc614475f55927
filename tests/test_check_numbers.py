"""The `number` check: numbers, years, percentages and months compared as values."""

from __future__ import annotations

import pytest

from tarjama.checks import CHECKS
from tarjama.checks.numbers import (
    NumberCheck,
    NumberOptions,
    digit_readings,
    source_quantities,
    target_quantities,
)
from tarjama.data import Segment


def run(src: str, mt: str, **options) -> list:
    flags = NumberCheck(NumberOptions(**options)).check_segment(Segment("s1", "d1", src, mt))
    for flag in flags:
        assert flag.category == "number"
        if flag.span is not None:
            assert flag.text == mt[flag.span[0]:flag.span[1]]
    return flags


# Translations whose numbers agree with the source: no flag.
CLEAN = [
    ("Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
     "اتفقت كييف وموسكو على تبادل 1000 أسير من كل جانب."),  # Latin digits, no separator
    ("Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
     "اتفقت كييف وموسكو على تبادل ١٠٠٠ أسير من كل جانب."),  # Arabic-Indic digits
    ("Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
     "اتفقت كييف وموسكو على تبادل ١٬٠٠٠ أسير من كل جانب."),  # Arabic thousands separator
    ("Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
     "اتفقت كييف وموسكو على تبادل ألف أسير من كل جانب."),  # the word for a thousand
    ("Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
     "اتفقت كييف وموسكو على تبادل ۱۰۰۰ أسير من كل جانب."),  # Persian digits
    ("The talks ended after less than two hours on Friday.",
     "انتهت المحادثات بعد أقل من ساعتين يوم الجمعة."),  # a dual says "two"
    ("The first direct talks since Moscow's 2022 invasion ended.",
     "انتهت أول محادثات مباشرة منذ غزو موسكو عام ٢٠٢٢."),  # "first" is not a number
    ("Prices rose by 5% in two years.",
     "ارتفعت الأسعار بنسبة 5 في المئة خلال عامين."),  # "المئة" in a percentage is not 100
    ("Prices rose by 5.5% last year.",
     "ارتفعت الأسعار بنسبة ٥٫٥٪ العام الماضي."),  # Arabic decimal separator and percent sign
    ("The deal is worth $2.5bn.", "تبلغ قيمة الصفقة 2.5 مليار دولار."),
    ("Two million people have fled the region.", "فرّ مليونا شخص من المنطقة."),
    ("About 3,000 people attended.", "حضر نحو ثلاثة آلاف شخص."),
    ("About 3,000 people attended.", "حضر نحو 3 آلاف شخص."),
    ("Some 1.5 million people were displaced.", "نزح نحو ١٫٥ مليون شخص."),
    ("The talks are due on May 16, 2025.", "من المقرر أن تجري المحادثات في 16 مايو 2025."),
    ("The talks are due on May 16, 2025.", "من المقرر أن تجري المحادثات في 16 أيار 2025."),
    ("The G7 met in June.", "اجتمعت مجموعة السبع في يونيو."),  # G7: a code, not a value
    ("COVID-19 killed seven people there.", "قتل كوفيد-19 سبعة أشخاص هناك."),
    ("Theresa May said it may rain.", "قالت تيريزا ماي إنها قد تمطر."),  # May is a name here
    ("One of them said he practised law.", "قال أحدهم إنه مارس المحاماة."),  # مارس: a verb
    ("The meeting lasted an hour.", "استمر الاجتماع ساعة."),
    ("The summit will be held on 15 June.", "ستُعقد القمة في 15 يونيو/حزيران."),  # ستُ is not six
    ("Netanyahu met Qatari officials on 3 January 2025.",
     "التقى نتنياهو مسؤولين قطريين في الثالث من يناير/كانون الثاني 2025."),  # ordinal day
    ("The summit opens on 21 March.", "تفتتح القمة في الحادي والعشرين من مارس/آذار."),
    ("The vote was postponed until March.", "أُرجئ التصويت حتى مارس/آذار."),
    ("It was their second meeting in Istanbul.", "كان هذا لقاءهما الثاني في إسطنبول."),
    # Compound number words add up: 27 = سبعة وعشرون, 120 = مئة وعشرون.
    ("At least 27 people were killed and 120 wounded.",
     "قُتل سبعة وعشرون شخصاً على الأقل وأصيب مئة وعشرون آخرون."),
    ("Nearly 1.5 million Syrians returned.", "عاد ما يقرب من مليون ونصف مليون سوري."),
    ("Nearly 1.5 million Syrians returned.", "عاد نحو مليون ونصف سوري."),
    ("Half a million people fled.", "فر نصف مليون شخص."),
    ("Around 10,000 troops were deployed.", "نُشر نحو عشرة آلاف جندي."),
    ("The vote is on 5 November.", "يجري التصويت في الخامس من نوفمبر/تشرين الثاني."),
    ("Thousands of people protested.", "احتج آلاف الأشخاص."),  # vague plurals are not values
]


@pytest.mark.parametrize("src, mt", CLEAN)
def test_matching_numbers_are_not_flagged(src, mt):
    assert run(src, mt) == []


# (src, mt, the flagged MT text or None for a missing value, the source text involved)
POSITIVE = [
    ("Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
     "اتفقت كييف وموسكو على تبادل 100 أسير من كل جانب.", "100", "1,000"),
    ("He was born in 1990.", "ولد عام ١٩٩٩.", "١٩٩٩", "1990"),
    ("Kyiv and Moscow agreed to exchange 1,000 prisoners each.",
     "اتفقت كييف وموسكو على تبادل الأسرى.", None, "1,000"),  # the number is missing
    ("The delegations met in Istanbul.",
     "التقى الوفدان في إسطنبول 3 مرات.", "3", None),  # a number not in the source
    ("The two leaders spoke for three hours.",
     "تحدث الزعيمان لمدة خمس ساعات.", "خمس", "three"),  # number words: three became five
    ("The two sides met in Istanbul.",
     "التقى الجانبان في إسطنبول 3 مرات.", "3", None),  # the dual الجانبان accounts for "two"
    ("Turnout reached 56%.", "بلغت نسبة المشاركة 65%.", "65%", "56%"),  # the % is in the span
    ("The vote was postponed until March.", "أرجئ التصويت حتى أبريل/نيسان.", "أبريل/نيسان",
     "March"),  # a month in both naming systems is one span
    ("The talks are due on May 16.", "من المقرر أن تجري المحادثات في 16 يونيو.", "يونيو", "May"),
    ("Prices rose by 5% last year.", "ارتفعت الأسعار بنسبة 15% العام الماضي.", "15%", "5%"),
    ("About 3,000 people attended.", "حضر نحو ثلاثين ألف شخص.", "ثلاثين ألف", "3,000"),
    ("At least 27 people were killed.", "قُتل سبعة وثلاثون شخصاً على الأقل.", "سبعة وثلاثون",
     "27"),  # 37 for 27, in words
    ("The deal is worth $2.5bn.", "تبلغ قيمة الصفقة 2.5 مليون دولار.", "2.5 مليون", "2.5bn"),
]


@pytest.mark.parametrize("src, mt, flagged, source", POSITIVE)
def test_differing_numbers_are_flagged(src, mt, flagged, source):
    flags = run(src, mt)
    assert len(flags) == 1
    flag = flags[0]
    assert flag.severity == "major"
    assert (flag.text or None) == flagged
    assert (src[flag.source_span[0]:flag.source_span[1]] if flag.source_span else None) == source


def test_months_can_be_switched_off():
    src, mt = "The talks are due on May 16.", "من المقرر أن تجري المحادثات في 16 يونيو."
    assert run(src, mt, months=False) == []


def test_a_changed_number_carries_the_source_value_as_suggestion():
    flags = run("They freed 1,000 prisoners.", "أفرجوا عن 10000 سجين.")  # they freed 10000
    assert [(f.text, f.suggestion) for f in flags] == [("10000", "1000")]


@pytest.mark.parametrize("text, values", [
    ("1,000", {1000.0}),
    ("1.000", {1.0, 1000.0}),  # English decimal or European thousands
    ("1,5", {1.5}),  # a decimal comma
    ("١٬٠٠٠", {1000.0}),
    ("١٫٥", {1.5}),
    ("۲۰۲۲", {2022.0}),
    ("12,34,567", set()),  # not a well-formed number either way
])
def test_digit_readings(text, values):
    assert set(digit_readings(text)) == values


@pytest.mark.parametrize("src, values", [
    ("a million people", [1e6]),
    ("twenty-five soldiers and three hundred tanks", [25.0, 300.0]),
    ("two dozen", [24.0]),
    ("the 21st century", [21.0]),
    ("no one came", []),
    ("in May 2024 it may rain", [5.0, 2024.0]),
])
def test_source_values(src, values):
    assert [min(q.values) for q in source_quantities(src)] == values


def test_only_digit_values_are_firm_in_the_source():
    firm = {min(q.values): q.firm for q in source_quantities("two men, 21st, 5G, 40 women")}
    assert firm == {2.0: False, 21.0: False, 5.0: False, 40.0: True}


@pytest.mark.parametrize("mt, values", [
    ("مليونان و 3 آلاف", [2e6, 3000.0]),  # two million and 3 thousand
    ("مئة ألف شخص", [1e5]),  # a hundred thousand people
    ("وثلاثمائة جندي", [300.0]),  # and three hundred soldiers
    ("بألفي دولار", [2000.0]),  # for two thousand dollars
    ("في المئة", []),  # per cent
    ("ساعتين في أيار", [2.0, 5.0]),  # two hours in May
])
def test_target_values(mt, values):
    written = [q for q in target_quantities(mt) if q.end > q.start]  # not the implied dual 2
    assert [min(q.values) for q in written] == values


# A number word touching a letter of the other script is read only where the same word also
# stands alone in the text (the reading of the whole-word pre-scan, kept exactly).
@pytest.mark.parametrize("src, values", [
    ("twoب men and two tanks", [2.0, 2.0]),
    ("twoب men", []),
    ("twenty-fiveب and twenty", [25.0, 20.0]),
    ("3ملايين and 2bn", [3.0, 2e9]),  # a word right after digits
])
def test_source_values_beside_the_other_script(src, values):
    assert [min(q.values) for q in source_quantities(src)] == values


@pytest.mark.parametrize("mt, values", [
    ("ثلاثةA جنود و ثلاثة دبابات", [3.0, 3.0]),  # threeA soldiers and three tanks
    ("Aثلاثة جنود", []),
    ("3ملايين", [3e6]),  # 3 million, the word right after the digits
])
def test_target_values_beside_the_other_script(mt, values):
    written = [q for q in target_quantities(mt) if q.end > q.start]
    assert [min(q.values) for q in written] == values


def test_malformed_digit_groups_are_not_values():
    # "12,34,567" is neither English nor European grouping: no value, no flag, no error.
    assert run("Reference 12,34,567 was cited.", "ذُكر المرجع 12,34,567.") == []


def test_registered_under_its_category():
    assert CHECKS.get("number") is NumberCheck


def test_a_scale_letter_at_the_start_of_the_source_needs_a_currency_sign_too():
    # "5m" is five million only after a currency sign ("$5m"); with nothing before it (the
    # start of the text) it is read as in mid-sentence, not as if a sign stood there.
    values = [q.values for q in source_quantities("5m away, the border was closed.")]
    assert values == [q.values for q in source_quantities("It was 5m away.")]
    assert source_quantities("$5m was pledged.")[0].values == frozenset({5_000_000.0})


@pytest.mark.parametrize("mt, flagged", [
    ("وصل الوفد صباح اليوم ومعه 40 خبيراً.", "40"),
    ("وصل الوفد ومعه آلاف المساعدات بمليون دولار.", "مليون"),
    ("وصل الوفد في أيار إلى العاصمة.", "أيار"),
    ("وصل الوفد ومعه خمسة خبراء.", None),  # a number word alone: never flagged
])
def test_an_mt_quantity_with_none_in_the_source(mt, flagged):
    # (the source has no quantity: only a firm one of the MT's can be flagged)
    flags = run("The delegation arrived this morning.", mt)
    assert [f.text for f in flags] == ([flagged] if flagged else [])


def test_a_number_word_after_two_proclitics_is_read():
    # "With a million dollars more, they rebuilt the port": وبمليون is و + ب + مليون.
    mt = "وبمليون دولار إضافي أعادوا بناء الميناء."
    assert [q.values for q in target_quantities(mt)] == [frozenset({1_000_000.0})]
    assert run("With a million dollars more, they rebuilt the port.", mt) == []
    # "... with 2 million dollars" rendered as "with a million": the changed word is flagged.
    flags = run("They rebuilt the port with 2 million dollars.", "وبمليون دولار أعادوا بناء الميناء.")
    assert [(f.category, f.text) for f in flags] == [("number", "مليون")]
