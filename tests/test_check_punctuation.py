"""The punctuation check: Arabic spacing and marks, balanced quotes and brackets, bidi controls."""

from __future__ import annotations

import pytest

from tarjama.checks.prepared import prepare
from tarjama.checks.punctuation import PunctuationCheck
from tarjama.data import Segment
from tarjama.lang.entities import EntityTagger

SRC = "The two delegations met in Istanbul on Friday, officials said."


def flags_for(mt: str, src: str = SRC) -> list[tuple[str, str]]:
    [segment] = prepare([Segment(id="s", doc_id="d", src=src, mt=mt)], EntityTagger())
    flags = PunctuationCheck().check_segment(segment)
    for flag in flags:
        assert flag.text == mt[flag.span[0] : flag.span[1]]
        assert flag.category == "punctuation" and flag.severity == "minor"
    return [(flag.text, flag.message.split(";")[0]) for flag in flags]


@pytest.mark.parametrize(
    ("mt", "expected"),
    [
        # "according to the heads of both delegations, in what would be" — space before ،
        (
            "وفقًا لرؤساء الوفدين ، فيما سيكون أكبر تبادل",
            [(" ،", "space before Arabic punctuation")],
        ),
        # two of them, and one before ؟ — "Will the talks continue? Nobody knows, he said."
        (
            "هل تستمر المحادثات ؟ لا أحد يعلم ، قال.",
            [(" ؟", "space before Arabic punctuation"), (" ،", "space before Arabic punctuation")],
        ),
        # Latin comma and question mark glued to Arabic words — "Kyiv, Moscow and Ankara?"
        (
            "كييف, موسكو وأنقرة?",
            [
                (",", "Latin punctuation after an Arabic word"),
                ("?", "Latin punctuation after an Arabic word"),
            ],
        ),
        # Latin semicolon between Arabic words with spaces — "The talks ended ; the gaps remain"
        (
            "انتهت المحادثات ; ولا تزال الفجوات قائمة",
            [(" ;", "Latin punctuation between Arabic words")],
        ),
        # no space after the Arabic comma — "Kyiv,Moscow"
        ("كييف،موسكو وأنقرة", [("،", "no space after an Arabic comma or semicolon")]),
        # no space after a full stop — "The talks ended.He said"
        ("انتهت المحادثات.وقال الوزير", [(".", "no space after the end of a sentence")]),
        # space before a full stop at the end — "The talks ended ."
        ("انتهت المحادثات .", [(" .", "space before a full stop, colon or exclamation mark")]),
        # doubled space — "The talks  ended"
        ("انتهت  المحادثات", [("  ", "doubled space")]),
        # stray right-to-left mark — "The talks ended"
        ("انتهت\u200f المحادثات", [("\u200f", "stray bidirectional control character(s)")]),
        # unbalanced curly quotes — "He said: “we will continue"
        ("قال: “سنواصل المحادثات", [("“", "unbalanced quotation mark")]),
        # unbalanced guillemet — "He said: «we will continue"
        ("قال: «سنواصل المحادثات", [("«", "unbalanced quotation mark")]),
        # unbalanced bracket — "Rustem Umerov (Defence Minister"
        ("رستم عمروف (وزير الدفاع", [("(", "unbalanced bracket")]),
        # a doubled full stop — "The match ended in a goalless draw."
        ("انتهت المباراة بالتعادل السلبي..", [("..", "doubled or stacked punctuation marks")]),
        # a doubled comma — "The minister said, that …"
        ("قال الوزير،، إن المحادثات مستمرة.", [("،،", "doubled or stacked punctuation marks")]),
        # a full stop and a comma stacked — "It ended. Then …"
        ("انتهى الاجتماع.، ثم غادر الوفد.", [(".،", "doubled or stacked punctuation marks")]),
    ],
)
def test_punctuation_errors_are_flagged(mt: str, expected: list[tuple[str, str]]) -> None:
    assert flags_for(mt) == expected


@pytest.mark.parametrize(
    "mt",
    [
        # "Kyiv and Moscow agreed to exchange 1,000 prisoners of war each, according to ..."
        "اتفقت كييف وموسكو على تبادل 1,000 أسير حرب لكل منهما، وفقًا لرئيسي الوفدين.",
        # decimals and Arabic digits — "inflation reached 3.5% and ٢٫٥ million"
        "بلغ التضخم 3.5% و٢٫٥ مليون.",
        # balanced quotes, either orientation — "He said: “we will continue”."
        "قال: “سنواصل المحادثات”.",
        "قال: ”سنواصل المحادثات“.",
        # guillemets and brackets — "the «Istanbul» talks (Friday)"
        "محادثات «إسطنبول» (الجمعة).",
        # English quoted inside Arabic keeps its own punctuation — "he wrote: “Why, Moscow?”"
        "كتب بالإنجليزية: “Why, Moscow?”",
        # question with the Arabic mark — "Will the talks continue?"
        "هل تستمر المحادثات؟",
        # a URL with Latin punctuation — "see the statement at gov.ua/news?id=5"
        "انظر البيان على gov.ua/news?id=5",
        # an ellipsis, and marks of emphasis — "And he said... What?! Great!!"
        "وقال... ماذا؟! رائع!!",
    ],
)
def test_clean_arabic_punctuation_is_not_flagged(mt: str) -> None:
    assert flags_for(mt) == []


def test_quote_left_open_by_the_source_is_not_flagged() -> None:
    # A quotation running over several paragraphs leaves each paragraph open in the source too.
    src = '"We will not stop until the war ends, and we will keep talking.'
    mt = "“لن نتوقف حتى تنتهي الحرب، وسنواصل الحديث."  # "We will not stop until the war ends…"
    assert flags_for(mt, src) == []


def test_one_flag_per_stretch_of_text() -> None:
    # Two spaces before a comma: one flag (space before ،), not a second for the doubled space.
    assert flags_for("وفقًا لرؤساء الوفدين  ، فيما") == [("  ،", "space before Arabic punctuation")]


@pytest.mark.parametrize(
    "src",
    [
        # a British quotation opened with a single quote and closed in the next paragraph
        "He said: 'The investigation is in its early stages and we appeal for witnesses.",
        # ... and closed here, having opened in the paragraph before
        "Anyone with footage should contact us as it may be vital.'",
    ],
)
def test_quote_left_open_by_a_single_quoted_source_is_not_flagged(src: str) -> None:
    # "He said: «The investigation is at an early stage and we appeal to witnesses …"
    mt = "وقال: «إن التحقيق في مراحله الأولى ونناشد الشهود التقدم."
    assert flags_for(mt, src) == []


def test_a_quote_the_source_closes_is_flagged_even_with_apostrophes() -> None:
    # "Trump says Kavanaugh 'suffered' the anger of the party's base" — balanced in the source
    src = "Trump says Kavanaugh 'suffered' the anger of the party's base."
    mt = "قال ترامب إن كافانو «عانى من غضب قاعدة الحزب."
    assert flags_for(mt, src) == [("«", "unbalanced quotation mark")]


def test_every_rule_is_tried_where_its_mark_occurs() -> None:
    # All the rules at once, each where a scan for its own characters finds it.
    mt = "قال ، كييف,موسكو\u200f انتهت .  الجلسة.وقال،، هل?"
    messages = {message for _, message in flags_for(mt)}
    assert len(messages) >= 7


def test_bracket_left_open_by_the_source_is_not_flagged() -> None:
    # "The talks (in Istanbul ended." — the source's own bracket is unmatched
    assert flags_for("انتهت المحادثات (في إسطنبول.", "The talks (in Istanbul ended.") == []
    assert flags_for("انتهت المحادثات (في إسطنبول.", "The talks (in Istanbul) ended.") == [
        ("(", "unbalanced bracket")
    ]
