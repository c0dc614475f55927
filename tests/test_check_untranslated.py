"""The `untranslated` check: Latin-script words left in Arabic output."""

from __future__ import annotations

import pytest

from tarjama.checks import CHECKS
from tarjama.checks.runner import run_checks
from tarjama.checks.untranslated import (
    WRONG_LANGUAGE_SHARE,
    UntranslatedCheck,
    UntranslatedOptions,
    find_in_source,
)
from tarjama.data import Dataset, Segment
from tarjama.errors import ConfigError


def run(src: str, mt: str, **options) -> list:
    check = UntranslatedCheck(UntranslatedOptions(**options))
    flags = run_checks(Dataset([Segment("s1", "d1", src, mt)]), [check])["s1"]
    for flag in flags:
        assert flag.category == "untranslated"
        assert flag.text == mt[flag.span[0] : flag.span[1]]
    return flags


# (src, mt, the flagged texts, the source words they copy)
POSITIVE = [
    # Ukrainian Defence Minister Rustem Umerov represented Kyiv.
    (
        "Ukrainian Defence Minister Rustem Umerov represented Kyiv.",
        "مثّل وزير الدفاع الأوكراني روستم Umerov كييف.",
        ["Umerov"],
        ["Umerov"],
    ),
    # Spokesman Heorhii Tykhii said after the talks ...
    (
        "Spokesman Heorhii Tykhii said after the talks that the sides had not agreed.",
        "وقال المتحدث Heorhii Tykhii بعد المحادثات إن الجانبين لم يتفقا.",
        ["Heorhii Tykhii"],
        ["Heorhii Tykhii"],
    ),
    # They sat in Istanbul's Dolmabahçe Palace (accents differ: source_span still found).
    (
        "They sat in Istanbul's Dolmabahçe Palace for the second round of talks.",
        "جلسوا في قصر Dolmabahce في إسطنبول لجولة المحادثات الثانية.",
        ["Dolmabahce"],
        ["Dolmabahçe"],
    ),
    # He said that the ceasefire had been broken twice since Monday.
    (
        "He said that the ceasefire had been broken twice since Monday.",
        "قال إن ceasefire كان قد انتهك مرتين منذ يوم الاثنين الماضي.",
        ["ceasefire"],
        ["ceasefire"],
    ),
    # Latin glued to the conjunction و: "and Umerov"
    (
        "Fidan and Umerov met again in the evening at the palace.",
        "والتقى فيدان وUmerov مجدداً في المساء في القصر.",
        ["Umerov"],
        ["Umerov"],
    ),
    # A hyphenated pair stays one span: the Russia-Ukraine talks
    (
        "The Russia-Ukraine talks resumed in Istanbul after a long break.",
        "استؤنفت محادثات Russia-Ukraine في إسطنبول بعد توقف طويل.",
        ["Russia-Ukraine"],
        ["Russia-Ukraine"],
    ),
    # A Latin word that is not in the source: flagged, no source_span
    (
        "The minister spoke to reporters after the meeting on Friday.",
        "تحدث الوزير إلى الصحفيين بعد الاجتماع يوم الجمعة meanwhile في أنقرة.",
        ["meanwhile"],
        [None],
    ),
    # Two separate Latin stretches are two flags: Putin and Zelensky
    (
        "Putin and Zelensky did not meet in Istanbul during the week of talks.",
        "لم يلتق Putin و Zelensky في إسطنبول خلال أسبوع المحادثات.",
        ["Putin", "Zelensky"],
        ["Putin", "Zelensky"],
    ),
]


@pytest.mark.parametrize("src, mt, texts, copied", POSITIVE)
def test_latin_words_are_flagged(src, mt, texts, copied):
    flags = run(src, mt)
    assert [f.text for f in flags] == texts
    sources = [src[f.source_span[0] : f.source_span[1]] if f.source_span else None for f in flags]
    assert sources == copied


# Arabic output whose Latin characters are all legitimate.
CLEAN = [
    # He sat at a U-shaped table (a letter shape is written in Latin).
    "جلس إلى طاولة على شكل حرف U في القاعة الكبرى.",
    # In a post on X ... (a single letter: the platform's name)
    "وكتب في منشور على منصة X أن المحادثات كانت مثمرة.",
    # Details at https://example.com/report or by e-mail to press@example.org
    "التفاصيل على https://example.com/report أو عبر البريد press@example.org لمن يرغب.",
    # The campaign spread under the hashtag #StopTheWar and the account @UN_News
    "انتشرت الحملة تحت وسم #StopTheWar وعبر حساب @UN_News على المنصات.",
    # The road is 12 km long; the parcel weighs 3 kg.
    "يبلغ طول الطريق 12 km ويزن الطرد 3 kg فقط.",
    # COVID-19 vaccines, 5G networks and the F-16 (codes with digits)
    "لقاحات COVID-19 وشبكات 5G وطائرات F-16 كانت على جدول الأعمال.",
    # DNA tests and GPS devices (allowlisted technical terms)
    "أكدت فحوص DNA وأجهزة GPS هوية الضحايا في الموقع.",
    # Fully Arabic: Putin and Zelensky did not meet.
    "لم يلتق بوتين وزيلينسكي في إسطنبول.",
    # Empty output: the `empty` check's business
    "",
]


@pytest.mark.parametrize("mt", CLEAN)
def test_clean_output_has_no_flag(mt):
    assert run("An English source sentence about the talks.", mt) == []


def test_a_mostly_latin_segment_is_left_to_the_wrong_language_check():
    mt = "The talks ended after less than two hours on Friday في إسطنبول"
    letters = [ch for ch in mt if ch.isalpha()]
    assert sum(ch.isascii() for ch in letters) / len(letters) > WRONG_LANGUAGE_SHARE
    assert run("The talks ended after less than two hours on Friday in Istanbul.", mt) == []


@pytest.mark.parametrize(
    "mt, severity",
    [
        # One name in a long Arabic sentence: major.
        ("مثّل وزير الدفاع الأوكراني روستم Umerov كييف في المحادثات التي جرت في إسطنبول.", "major"),
        # A station's call letters kept in Latin: minor (Arabic news often keeps these).
        # "The local station WXYZ said the road had been closed all morning."
        ("قالت محطة WXYZ المحلية إن الطريق ظل مغلقاً طوال فترة الصباح.", "minor"),
        # An acronym that has an Arabic form in wide use (IAEA: الوكالة الدولية للطاقة الذرية):
        # major. "The prime minister said the IAEA would publish its report next week."
        ("قال رئيس الوزراء إن IAEA ستنشر تقريرها عن المحطة النووية الأسبوع المقبل.", "major"),
        # More than half of the letters left in English (the ministry spokesman said that ...):
        # critical.
        ("قال المتحدث باسم الوزارة إن the ceasefire must hold now and forever.", "critical"),
    ],
)
def test_severity_rises_with_the_latin_share(mt, severity):
    flags = run("source", mt)
    assert flags and {f.severity for f in flags} == {severity}


def test_allowlist_option_and_file():
    mt = "نشرت وكالة Reuters الخبر صباح الأحد."  # Reuters published the news on Sunday morning
    assert [f.text for f in run("Reuters published it.", mt)] == ["Reuters"]
    assert run("Reuters published it.", mt, allowlist=("reuters",)) == []
    gps = "أجهزة GPS في كل السيارات."  # GPS devices in every car
    assert [f.text for f in run("GPS devices.", gps, allowlist_file="")] == ["GPS"]


def test_min_length_option():
    mt = "الخطة B جاهزة إذا فشلت المفاوضات."  # plan B is ready if the talks fail
    assert run("Plan B.", mt) == []
    assert [f.text for f in run("Plan B.", mt, min_length=1)] == ["B"]


def test_a_bad_allowlist_file_is_a_config_error(tmp_path):
    bad = tmp_path / "allow.yaml"
    bad.write_text("tokens: GPS\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="tokens"):
        UntranslatedCheck(UntranslatedOptions(allowlist_file=str(bad)))


@pytest.mark.parametrize(
    "src, text, expected",
    [
        ("Minister Rustem Umerov said", "Umerov", (16, 22)),
        ("in Istanbul's Dolmabahçe Palace", "Dolmabahce", (14, 24)),
        ("spokesman Heorhii  Tykhii said", "Heorhii Tykhii", (10, 25)),
        ("Umerovich arrived", "Umerov", None),  # whole words only
    ],
)
def test_find_in_source(src, text, expected):
    assert find_in_source(src, text) == expected


def test_a_name_left_in_latin_gets_its_arabic_form_as_suggestion():
    src = "They sat in Istanbul's Dolmabahçe Palace for the second round of talks."
    mt = "جلسوا في قصر Dolmabahce في إسطنبول لجولة المحادثات الثانية."
    assert [f.suggestion for f in run(src, mt)] == ["دولمة بهجة"]
    assert [f.suggestion for f in run(src, mt, gazetteer="")] == [None]


def test_registered_under_its_category():
    assert CHECKS.get("untranslated") is UntranslatedCheck
    assert UntranslatedCheck.name == "untranslated"


@pytest.mark.parametrize(
    ("mt", "severity"),
    [
        # Arabic letters none of which is among the commonest (the cheap bound cannot decide):
        # "Umerov" is 6 of 12 letters, then 6 of 15.
        ("Umerov جحخ شصض", "critical"),
        ("Umerov جحخ شصض ذظغ", "major"),
        # the same with common letters: "Umerov" is 6 of 18 letters
        ("Umerov جحخ شصض الي", "major"),
    ],
)
def test_severity_follows_the_exact_share_of_latin_letters(mt: str, severity: str) -> None:
    assert [flag.severity for flag in run("Umerov", mt)] == [severity]
