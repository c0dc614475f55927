"""The repetition check: doubled words and phrases, and sentences repeated within a document."""

from __future__ import annotations

import pytest

from tarjama.checks.prepared import prepare
from tarjama.checks.repetition import RepetitionCheck
from tarjama.checks.runner import run_checks
from tarjama.data import Dataset, Segment
from tarjama.lang.entities import EntityTagger

SRC = "The two sides agreed on a prisoner exchange."


def segment_flags(mt: str, src: str = SRC) -> list[tuple[str, str]]:
    [segment] = prepare([Segment(id="s", doc_id="d", src=src, mt=mt)], EntityTagger())
    flags = RepetitionCheck().check_segment(segment)
    for flag in flags:
        assert flag.text == mt[flag.span[0] : flag.span[1]]
        assert flag.category == "repetition"
    return [(flag.text, flag.severity) for flag in flags]


@pytest.mark.parametrize(
    ("mt", "expected"),
    [
        # "The two sides the two sides agreed on an exchange" — a doubled word
        ("اتفق الجانبان الجانبان على تبادل الأسرى.", [(" الجانبان", "minor")]),
        # a doubled word that differs only in its vowel marks
        ("اتفق الجانبانِ الجانبان على تبادل الأسرى.", [(" الجانبان", "minor")]),
        # "discussed regional security security": doubled, once with hamza and once without
        ("ناقش الجانبان الأمن الامن الإقليمي.", [(" الامن", "minor")]),
        # "agreed on a ceasefire ceasefire" — a doubled 3-word phrase
        ("اتفقا على وقف إطلاق النار وقف إطلاق النار فورًا.", [(" وقف إطلاق النار", "minor")]),
        # the phrase doubled just before a comma still counts
        ("اتفقا على وقف إطلاق النار وقف إطلاق النار، ثم غادرا.", [(" وقف إطلاق النار", "minor")]),
        # a decoder loop: the same word four times is major
        ("قال الوزير إن إن إن إن المحادثات انتهت.", [(" إن إن إن", "major")]),
        # "the ministry spokesman the ministry spokesman announced" — a doubled 3-word phrase
        (
            "أعلن المتحدث باسم الوزارة المتحدث باسم الوزارة أن المحادثات انتهت.",
            [(" المتحدث باسم الوزارة", "minor")],
        ),
        # a doubled 4-word phrase ("Turkish foreign minister Hakan" twice): the reader still
        # understands, so minor
        (
            "افتتح وزير الخارجية التركي هاكان وزير الخارجية التركي هاكان فيدان المحادثات.",
            [(" وزير الخارجية التركي هاكان", "minor")],
        ),
        # a clause said three times is a loop: major
        (
            "قالت الوكالة إن المحطة آمنة إن المحطة آمنة إن المحطة آمنة.",
            [(" إن المحطة آمنة إن المحطة آمنة", "major")],
        ),
    ],
)
def test_repeats_are_flagged(mt: str, expected: list[tuple[str, str]]) -> None:
    assert segment_flags(mt) == expected


@pytest.mark.parametrize(
    "mt",
    [
        # "The army advanced little by little" — deliberate reduplication
        "تقدم الجيش رويدًا رويدًا نحو المدينة.",
        # "step by step", without and with the tanween of the distributive accusative
        "سيتم رفع العقوبات خطوة خطوة.",
        "فتّش الجنود المنازل بيتاً بيتاً.",  # "The soldiers searched the houses one by one."
        # "The investigators went through the papers page by page."
        "راجع المحققون الوثائق صفحةً صفحةً.",
        # "He said: no, no" — separated by a comma
        "قال: لا، لا.",
        # "very very" is allowed
        "كانت المحادثات صعبة جدا جدا.",
        # numbers side by side ("in 2022 2023" style tables) are not words
        "ارتفع العدد من 10 10 مرات.",
        # the same word twice but not adjacent — "the talks ended and the talks will resume"
        "انتهت المحادثات وستستأنف المحادثات الأسبوع المقبل.",
        # a clean sentence
        "اتفقت كييف وموسكو على تبادل ألف أسير حرب لكل منهما.",
    ],
)
def test_clean_text_is_not_flagged(mt: str) -> None:
    assert segment_flags(mt) == []


@pytest.mark.parametrize(
    ("src", "mt"),
    [
        # CNN spelt letter by letter: سي إن إن
        (
            "The senator told CNN he would vote no.",
            "قال السيناتور لشبكة سي إن إن إنه سيصوت بالرفض.",
        ),
        # BBC: بي بي سي
        ("The BBC said the match was postponed.", "قالت هيئة بي بي سي إن المباراة تأجلت."),
        # PBS: P and B are both بي
        ("The hearing was shown live on PBS.", "بُثت الجلسة مباشرة على شبكة بي بي إس."),
        # WWE: دبليو دبليو إي
        ("He signed with WWE in 2019.", "وقّع مع دبليو دبليو إي عام 2019."),
        # a name that doubles itself: Walla Walla, Sirhan Sirhan, Baden-Baden
        ("The fair opens in Walla Walla on Friday.", "يفتتح المعرض في والا والا يوم الجمعة."),
        ("Sirhan Sirhan was denied parole again.", "رُفض طلب الإفراج المشروط عن سرحان سرحان مجددا."),
        ("The summit was held in Baden-Baden.", "عُقدت القمة في بادن بادن."),
        ("The Roa Roa Hotel collapsed.", "انهار فندق Roa Roa."),  # the name kept in Latin script
    ],
)
def test_doubling_that_spells_or_follows_the_source_is_not_flagged(src: str, mt: str) -> None:
    assert segment_flags(mt, src=src) == []


def test_a_doubled_letter_name_needs_the_acronym_in_the_source() -> None:
    # "The minister said that that the talks ended" with إن doubled and no CNN in the source
    mt = "قال الوزير إن إن المحادثات انتهت."
    assert segment_flags(mt, src="The minister said the talks ended.") == [(" إن", "minor")]
    assert segment_flags(mt, src="The minister told CNN the talks ended.") == []


def test_a_name_the_source_doubles_excuses_only_itself() -> None:
    # "Walla Walla" in the source excuses والا والا, not the doubled "the fair" before it
    src = "The fair opens in Walla Walla on Friday."
    mt = "يفتتح المعرض المعرض في والا والا يوم الجمعة."
    assert segment_flags(mt, src=src) == [(" المعرض", "minor")]


def test_a_loop_of_letter_names_is_still_a_loop() -> None:
    # CNN in the source does not excuse إن said four times
    mt = "قالت شبكة سي إن إن إن إن إن الخبر."
    assert segment_flags(mt, src="CNN reported the news.") == [(" إن إن إن إن", "major")]


# "The president said the government would cut taxes next year." in Arabic:
TAXES_AR = "أعلن الرئيس أن الحكومة ستخفض الضرائب العام المقبل."
TAXES_EN = "The president said the government would cut taxes next year."


def document_flags(*pairs: tuple[str, str]) -> list:
    segments = [Segment(id=str(i), doc_id="d", src=src, mt=mt) for i, (src, mt) in enumerate(pairs)]
    flags = run_checks(Dataset(segments), [RepetitionCheck()])
    return [flag for found in flags.values() for flag in found]


def test_sentence_repeated_in_a_document_is_flagged_minor() -> None:
    flags = document_flags(
        (TAXES_EN + " Markets rose.", TAXES_AR + " وارتفعت الأسواق."),
        ("Opposition parties criticised the plan.", "انتقدت أحزاب المعارضة الخطة. " + TAXES_AR),
    )
    assert [(f.id, f.text, f.severity) for f in flags] == [("1", TAXES_AR, "minor")]
    assert "segment 0" in flags[0].message


def test_sentence_repeated_within_one_segment_is_flagged() -> None:
    flags = document_flags(
        (TAXES_EN + " Markets rose.", TAXES_AR + " وارتفعت الأسواق. " + TAXES_AR)
    )
    assert [(f.id, f.text) for f in flags] == [("0", TAXES_AR)]
    assert flags[0].span[0] > len(TAXES_AR)  # the second copy


def test_sentence_repeated_because_the_source_repeats_it_is_not_flagged() -> None:
    # A standfirst restated later in the article: the source says it twice too.
    assert (
        document_flags(
            (TAXES_EN, TAXES_AR),
            ("Opposition parties criticised the plan.", "انتقدت أحزاب المعارضة الخطة."),
            ("The president said the government will cut taxes next year.", TAXES_AR),
        )
        == []
    )


def test_near_identical_sentences_are_not_flagged() -> None:
    # The sample article restates paragraph 1 in paragraph 10 with small changes.
    assert (
        document_flags(
            (TAXES_EN, TAXES_AR),
            ("However, the president said taxes would be cut.", "ومع ذلك، " + TAXES_AR),
        )
        == []
    )


def test_short_sentences_repeated_are_not_flagged() -> None:
    # "Yes." and "The talks ended." may well be said twice in an article.
    assert (
        document_flags(
            ("Yes. The talks ended.", "نعم. انتهت المحادثات."),
            ("Yes. The talks ended.", "نعم. انتهت المحادثات."),
        )
        == []
    )
