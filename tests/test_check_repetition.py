"""The repetition check: doubled words and phrases, and sentences repeated within a document."""

from __future__ import annotations

import pytest

from tarjama.checks.repetition import RepetitionCheck, _sentence_keys, _sentences, _source_repeats
from tarjama.data import Segment

SRC = "The two sides agreed on a prisoner exchange."


def segment_flags(mt: str, src: str = SRC) -> list[tuple[str, str]]:
    flags = RepetitionCheck().check_segment(Segment(id="s", doc_id="d", src=src, mt=mt))
    for flag in flags:
        assert flag.text == mt[flag.span[0]:flag.span[1]]
        assert flag.category == "repetition"
    return [(flag.text, flag.severity) for flag in flags]


@pytest.mark.parametrize(("mt", "expected"), [
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
    ("أعلن المتحدث باسم الوزارة المتحدث باسم الوزارة أن المحادثات انتهت.",
     [(" المتحدث باسم الوزارة", "minor")]),
    # a doubled 4-word phrase ("Turkish foreign minister Hakan" twice) is major
    ("افتتح وزير الخارجية التركي هاكان وزير الخارجية التركي هاكان فيدان المحادثات.",
     [(" وزير الخارجية التركي هاكان", "major")]),
])
def test_repeats_are_flagged(mt: str, expected: list[tuple[str, str]]) -> None:
    assert segment_flags(mt) == expected


@pytest.mark.parametrize("mt", [
    # "The army advanced little by little" — deliberate reduplication
    "تقدم الجيش رويدًا رويدًا نحو المدينة.",
    # "step by step"
    "سيتم رفع العقوبات خطوة خطوة.",
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
])
def test_clean_text_is_not_flagged(mt: str) -> None:
    assert segment_flags(mt) == []


def test_word_doubled_in_the_source_is_not_flagged() -> None:
    # "“No, no no,” he said." → the MT keeps the doubling
    assert segment_flags("قال: «كلا، لا لا».", src='"No, no no," he said.') == []


# "The president said the government would cut taxes next year." in Arabic:
TAXES_AR = "أعلن الرئيس أن الحكومة ستخفض الضرائب العام المقبل."
TAXES_EN = "The president said the government would cut taxes next year."


def document(*pairs: tuple[str, str]) -> list[Segment]:
    return [Segment(id=str(i), doc_id="d", src=src, mt=mt) for i, (src, mt) in enumerate(pairs)]


def test_sentence_repeated_in_a_document_is_flagged_minor() -> None:
    segments = document(
        (TAXES_EN + " Markets rose.", TAXES_AR + " وارتفعت الأسواق."),
        ("Opposition parties criticised the plan.", "انتقدت أحزاب المعارضة الخطة. " + TAXES_AR),
    )
    flags = RepetitionCheck().check_document(segments)
    assert [(f.id, f.text, f.severity) for f in flags] == [("1", TAXES_AR, "minor")]
    assert "segment 0" in flags[0].message


def test_sentence_repeated_because_the_source_repeats_it_is_not_flagged() -> None:
    # A standfirst restated later in the article: the source says it twice too.
    segments = document(
        (TAXES_EN, TAXES_AR),
        ("Opposition parties criticised the plan.", "انتقدت أحزاب المعارضة الخطة."),
        ("The president said the government will cut taxes next year.", TAXES_AR),
    )
    assert RepetitionCheck().check_document(segments) == []


def test_near_identical_sentences_are_not_flagged() -> None:
    # The sample article restates paragraph 1 in paragraph 10 with small changes.
    segments = document(
        (TAXES_EN, TAXES_AR),
        ("However, the president said taxes would be cut.", "ومع ذلك، " + TAXES_AR),
    )
    assert RepetitionCheck().check_document(segments) == []


@pytest.mark.parametrize("text", [
    # "The talks ended. Will they resume? Yes." — plain text: the str-method path
    "انتهت المحادثات في إسطنبول بعد ساعتين. هل ستستأنف المحادثات الأسبوع المقبل في المدينة؟ نعم.",
    "a b c d e f . g h i j k l",  # a closing mark standing alone as a word
    ". a b c d e f! ? g h i j k l..",  # marks alone at the start and in a row
    "a b c d e f.  g h i j k l",  # two spaces: the regex path
    "a b c d e f.\ng h i j k l\n\nm n o p q r",  # line breaks
    "a b c d e f.\u00a0g h i j k l\u202b",  # other whitespace, an unprintable mark
    "  a b c d e f؟ g h i j k l  ",
    "", " ", ".", ". .",
])
@pytest.mark.parametrize("min_words", [0, 1, 2, 6])
def test_sentence_keys_are_the_keys_of_sentences(text: str, min_words: int) -> None:
    assert _sentence_keys(text, min_words) == [key for *_, key in _sentences(text, min_words)]


def test_source_doubling() -> None:
    assert _source_repeats("It was very, very cold.")
    assert _source_repeats("No no, he said")
    assert not _source_repeats("It was very cold, very.")
