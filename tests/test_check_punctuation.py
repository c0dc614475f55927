"""The punctuation check: Arabic spacing and marks, balanced quotes and brackets, bidi controls."""

from __future__ import annotations

import random

import pytest

from tarjama.checks.punctuation import (
    PAIRED,
    RULES,
    STACKED,
    TRIGGERS,
    PunctuationCheck,
    _rules_for,
    may_stack,
)
from tarjama.data import Segment

SRC = "The two delegations met in Istanbul on Friday, officials said."


def flags_for(mt: str, src: str = SRC) -> list[tuple[str, str]]:
    flags = PunctuationCheck().check_segment(Segment(id="s", doc_id="d", src=src, mt=mt))
    for flag in flags:
        assert flag.text == mt[flag.span[0]:flag.span[1]]
        assert flag.category == "punctuation" and flag.severity == "minor"
    return [(flag.text, flag.message.split(";")[0]) for flag in flags]


@pytest.mark.parametrize(("mt", "expected"), [
    # "according to the heads of both delegations, in what would be" — space before ،
    ("وفقًا لرؤساء الوفدين ، فيما سيكون أكبر تبادل",
     [(" ،", "space before Arabic punctuation")]),
    # two of them, and one before ؟ — "Will the talks continue? Nobody knows, he said."
    ("هل تستمر المحادثات ؟ لا أحد يعلم ، قال.",
     [(" ؟", "space before Arabic punctuation"), (" ،", "space before Arabic punctuation")]),
    # Latin comma and question mark glued to Arabic words — "Kyiv, Moscow and Ankara?"
    ("كييف, موسكو وأنقرة?",
     [(",", "Latin punctuation after an Arabic word"), ("?", "Latin punctuation after an Arabic word")]),
    # Latin semicolon between Arabic words with spaces — "The talks ended ; the gaps remain"
    ("انتهت المحادثات ; ولا تزال الفجوات قائمة",
     [(" ;", "Latin punctuation between Arabic words")]),
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
])
def test_punctuation_errors_are_flagged(mt: str, expected: list[tuple[str, str]]) -> None:
    assert flags_for(mt) == expected


@pytest.mark.parametrize("mt", [
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
])
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


def test_trigger_scan_runs_every_rule_that_can_match() -> None:
    """The rules that the trigger scan leaves out find nothing, and it finds every quote and
    bracket: on many short random strings of the characters the rules look at ("ب" is "b")."""
    rng = random.Random(5)
    alphabet = " \t\u00a0\n،؛؟.!:,;?\u200e\u2066\u061cبaB1\"«)"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
        triggers = frozenset(TRIGGERS.findall(text))
        assert PAIRED.isdisjoint(triggers) == PAIRED.isdisjoint(text)  # quotes and brackets
        run = _rules_for(triggers)
        for rule in RULES:
            if rule not in run:
                assert not rule[0].search(text), (text, rule[2])
        if STACKED.search(text):
            assert may_stack(text, triggers), text
