"""The addition/omission check: boilerplate, sentence alignment against the back-translation,
and the length-ratio test calibrated on the dataset."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from tarjama.checks.additions import AdditionCheck, _matches, boilerplate_lexicon
from tarjama.checks.runner import run_checks
from tarjama.data import Dataset, Segment
from tarjama.lang.align import align, arabic_sentences, english_sentences, stems
from tarjama.lexicons import load_lexicon

BOILERPLATE = load_lexicon("boilerplate.yaml")["boilerplate"]
EXAMPLES = [pytest.param(entry, example, id=f"{entry['id']}-{n}")
            for entry in BOILERPLATE for n, example in enumerate(entry["examples"])]


def check_one(src: str, mt: str, bt: str | None = None, check: AdditionCheck | None = None) -> list:
    check = check or AdditionCheck()
    flags = check.check_segment(Segment(id="s", doc_id="d", src=src, mt=mt, bt=bt))
    for flag in flags:
        if flag.span is not None:
            assert flag.text == mt[flag.span[0]:flag.span[1]]
    return flags


# --- boilerplate ----------------------------------------------------------------------------

@pytest.mark.parametrize("entry", BOILERPLATE, ids=[e["id"] for e in BOILERPLATE])
def test_boilerplate_entry_schema(entry: dict) -> None:
    assert {"id", "kind", "cues", "patterns", "where", "extent", "examples"} <= set(entry)
    assert entry["kind"] in ("chrome", "meta")
    assert entry["where"] in ("line-start", "anywhere")
    assert entry["extent"] in ("line", "sentence", "match")
    assert {example["flag"] for example in entry["examples"]} == {True, False}


@pytest.mark.parametrize(("entry", "example"), EXAMPLES)
def test_boilerplate_examples(entry: dict, example: dict) -> None:
    flags = check_one(example["src"], example["mt"])
    assert bool(flags) == example["flag"]
    assert all(f.category == "addition" and entry["id"] in f.message for f in flags)


@pytest.mark.parametrize(("src", "mt", "expected"), [
    # A scraped "Read more" line inside a paragraph: the flag runs to the end of its line.
    # "Talks ended. / Read more: Istanbul summit"
    ("Talks ended.\nRead more: Istanbul summit", "انتهت المحادثات.\nاقرأ أيضًا: قمة إسطنبول",
     "اقرأ أيضًا: قمة إسطنبول"),
    # Meta-text preamble: only the preamble is flagged, not the translation after it.
    # "Here is the translation into Arabic: The talks ended."
    ("The talks ended.", "إليك ترجمة النص إلى العربية: انتهت المحادثات.", "إليك ترجمة النص إلى العربية:"),
    # A meta sentence at the end: the whole sentence.
    # "The talks ended. As an AI model, I cannot verify the names."
    ("The talks ended.", "انتهت المحادثات. بصفتي نموذج ذكاء اصطناعي، لا يمكنني التحقق من الأسماء.",
     "بصفتي نموذج ذكاء اصطناعي، لا يمكنني التحقق من الأسماء."),
])
def test_boilerplate_span(src: str, mt: str, expected: str) -> None:
    assert [f.text for f in check_one(src, mt)] == [expected]


@pytest.mark.parametrize("text", [
    "اقرأ المزيد:اقرأ المزيد: قمة إسطنبول",  # Read more:Read more: (two matches, touching)
    "xاقرأ المزيد: قمة",  # inside a word: no match
    "إعلان\nاستؤنفت المحادثات\nإعلان",  # Advertisement (a pattern anchored with ^ and $)
    "Note:note: NOTE :",
    "read more:read more:\nread also -",
    "",
])
def test_led_patterns_find_what_the_patterns_find(text: str) -> None:
    for entry in boilerplate_lexicon():
        assert entry.led is not None
        assert _matches(entry, text) == [m.span() for m in entry.pattern.finditer(text)]


def test_read_more_mid_sentence_is_not_boilerplate() -> None:
    # "He said he would read more of the report tomorrow." — "اقرأ المزيد" not at a line start
    assert check_one("He said: read more of the report.", "قال: سأقرأ المزيد من التقرير غدا.") == []


# --- sentence splitting and alignment -------------------------------------------------------

@pytest.mark.parametrize(("text", "sentences"), [
    ("Talks ended. They will resume.", ["Talks ended.", "They will resume."]),
    ('He said: "We agreed." Then he left.', ['He said: "We agreed."', "Then he left."]),
    ("Mr. Fidan met Dr. Medinsky in the U.S. Embassy.", ["Mr. Fidan met Dr. Medinsky in the U.S. Embassy."]),
    ("J. D. Vance spoke. Nobody replied!", ["J. D. Vance spoke.", "Nobody replied!"]),
    ("Inflation hit 3.5 percent. Prices rose.", ["Inflation hit 3.5 percent.", "Prices rose."]),
])
def test_english_sentences(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in english_sentences(text)] == sentences


@pytest.mark.parametrize(("text", "expected"), [
    ("The talks in Istanbul lasted two hours.", {"talks", "istan", "laste", "two", "hours"}),
    # non-ASCII letters split words, and "an" is a stop word
    ("COVID-19 talks: Erdoğan’s aides", {"covid", "19", "talks", "erdo", "s", "aides"}),
    ("İstanbul talks", {"stanb", "talks"}),  # lower-cased İ is "i" and a dot above; "i" stops
])
def test_stems(text: str, expected: set[str]) -> None:
    assert stems(text) == expected


def test_arabic_sentences() -> None:
    # "The talks ended. Will they resume? Yes."
    text = "انتهت المحادثات. هل ستُستأنف؟ نعم."
    assert [text[s:e] for s, e in arabic_sentences(text)] == ["انتهت المحادثات.", "هل ستُستأنف؟", "نعم."]


def test_align_allows_merges_and_skips() -> None:
    src = ["Kyiv and Moscow agreed to a large prisoner exchange.",
           "The talks in Istanbul lasted under two hours.",
           "Weather in the region stayed cold all week."]
    bt = ["Kyiv and Moscow agreed to a large exchange.", "Of prisoners.",
          "The talks in Istanbul lasted under two hours."]
    beads = align([stems(s) for s in src], [stems(b) for b in bt], threshold=0.2)
    assert beads == [((0,), (0, 1)), ((1,), (2,)), ((2,), ())]



def _align_by_pushing(src: list[set[str]], bt: list[set[str]], threshold: float) -> list:
    """The plain dynamic programme: each cell's score extended along every bead, row by row."""
    n, m = len(src), len(bt)
    groups = {"src": {1: src, 2: [a | b for a, b in itertools.pairwise(src)]},
              "bt": {1: bt, 2: [a | b for a, b in itertools.pairwise(bt)]}}
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj in ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1)):
                if i + di > n or j + dj > m:
                    continue
                gain = 0.0
                if di and dj:
                    a, b = groups["src"][di][i], groups["bt"][dj][j]
                    gain = (2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0) - threshold
                if best[i][j] + gain > best[i + di][j + dj]:
                    best[i + di][j + dj], back[i + di][j + dj] = best[i][j] + gain, (di, dj)
    beads, i, j = [], n, m
    while i or j:
        di, dj = back[i][j]
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


def test_align_is_the_plain_dynamic_programme() -> None:
    rng = random.Random(5)
    words = ["kyiv", "moscow", "talks", "istanbul", "hours", "prisoners", "exchange", "friday"]
    for _ in range(2000):  # small vocabularies and round thresholds: many ties
        src = [set(rng.sample(words, rng.randint(0, 4))) for _ in range(rng.randint(0, 5))]
        bt = [set(rng.sample(words, rng.randint(0, 4))) for _ in range(rng.randint(0, 5))]
        threshold = rng.choice((0.0, 0.2, 0.5, 1.0))
        assert align(src, bt, threshold) == _align_by_pushing(src, bt, threshold)


SRC3 = ("Kyiv and Moscow agreed to exchange 1,000 prisoners of war each. The talks lasted less "
        "than two hours on Friday. Turkey's foreign minister Hakan Fidan hosted the meeting.")
BT_OK = ("Kyiv and Moscow agreed on exchanging 1000 prisoners of war each. The talks continued "
         "for under two hours on Friday. The Turkish foreign minister Hakan Fidan hosted the meeting.")
# "Kyiv and Moscow agreed to exchange 1000 prisoners of war each. The Turkish foreign minister
#  Hakan Fidan hosted the meeting." (the middle sentence dropped)
MT_OMIT = ("اتفقت كييف وموسكو على تبادل 1000 أسير حرب لكل منهما. استضاف وزير الخارجية التركي "
           "هاكان فيدان الاجتماع.")
BT_OMIT = "Kyiv and Moscow agreed to exchange 1000 prisoners of war each. Turkish foreign minister Hakan Fidan hosted the meeting."
# The same with an invented sentence: "The weather in the capital was sunny and warm with light winds."
MT_ADD = ("اتفقت كييف وموسكو على تبادل 1000 أسير حرب لكل منهما. استمرت المحادثات أقل من ساعتين "
          "يوم الجمعة. كان الطقس في العاصمة مشمسًا ودافئًا مع رياح خفيفة. استضاف وزير الخارجية "
          "التركي هاكان فيدان الاجتماع.")
BT_ADD = ("Kyiv and Moscow agreed to exchange 1000 prisoners of war each. The talks lasted less "
          "than two hours on Friday. The weather in the capital was sunny and warm with light "
          "winds. Turkish foreign minister Hakan Fidan hosted the meeting.")


def test_dropped_source_sentence_is_an_omission() -> None:
    flags = check_one(SRC3, MT_OMIT, BT_OMIT)
    assert [(f.category, f.span) for f in flags] == [("omission", None)]
    start, end = flags[0].source_span
    assert SRC3[start:end] == "The talks lasted less than two hours on Friday."


def test_invented_sentence_is_an_addition_on_its_mt_sentence() -> None:
    flags = check_one(SRC3, MT_ADD, BT_ADD)
    assert [(f.category, f.text) for f in flags] == [
        ("addition", "كان الطقس في العاصمة مشمسًا ودافئًا مع رياح خفيفة.")]


def test_addition_span_is_null_when_mt_and_bt_sentence_counts_differ() -> None:
    mt = MT_ADD.replace(". كان", "، كان")  # the MT joins two sentences with a comma
    flags = check_one(SRC3, mt, BT_ADD)
    assert [(f.category, f.span) for f in flags] == [("addition", None)]


def test_faithful_paraphrase_is_not_flagged() -> None:
    mt = "اتفقت كييف وموسكو على تبادل 1000 أسير حرب لكل منهما. استمرت المحادثات أقل من ساعتين يوم الجمعة. استضاف وزير الخارجية التركي هاكان فيدان الاجتماع."
    assert check_one(SRC3, mt, BT_OK) == []


# --- length ratio ---------------------------------------------------------------------------

def length_dataset(n: int, outliers: dict[int, float]) -> list[Segment]:
    """n segments whose MT is 0.8–1.2 times the source length, except the outliers (factor)."""
    segments = []
    for i in range(n):
        src = f"Segment {i:03d} says that the delegations met again in Istanbul on Friday."
        factor = outliers.get(i, 0.8 + 0.1 * (i % 5))
        mt = ("ا" * max(1, int(len(src) * factor)))
        segments.append(Segment(id=str(i), doc_id="d", src=src, mt=mt))
    return segments


def test_length_outliers_are_flagged_after_prepare() -> None:
    segments = length_dataset(30, {3: 0.2, 7: 3.0})
    check = AdditionCheck()
    check.prepare(segments)
    flagged = {s.id: check.check_segment(s) for s in segments}
    assert {k: [(f.category, f.span) for f in v] for k, v in flagged.items() if v} == {
        "3": [("omission", None)], "7": [("addition", None)]}
    assert flagged["3"][0].severity == "major"
    assert "shorter" in flagged["3"][0].message and "longer" in flagged["7"][0].message


def test_length_test_needs_enough_segments() -> None:
    segments = length_dataset(10, {3: 0.2})
    check = AdditionCheck()
    check.prepare(segments)
    assert check.length_model is None
    assert all(check.check_segment(s) == [] for s in segments)


def test_length_threshold_is_configurable() -> None:
    segments = length_dataset(30, {5: 1.5})
    strict, lax = AdditionCheck(AdditionCheck.options_model(length_k=2.0)), AdditionCheck()
    for check in (strict, lax):
        check.prepare(segments)
    median, sigma = lax.length_model
    z = (math.log(int(len(segments[5].src) * 1.5) / len(segments[5].src)) - median) / sigma
    assert 2.0 < z < 3.5
    assert strict.check_segment(segments[5]) and not lax.check_segment(segments[5])


def test_run_checks_calls_prepare() -> None:
    flags = run_checks(Dataset(length_dataset(30, {3: 0.2})), [AdditionCheck()])
    assert [f.category for f in flags["3"]] == ["omission"]


def test_boilerplate_is_flagged_once_even_without_a_source_counterpart() -> None:
    # "Talks ended. Read also: a new summit in Istanbul next month" — the source has no link
    src = "Talks between the two delegations ended on Friday."
    mt = "انتهت المحادثات بين الوفدين يوم الجمعة. اقرأ أيضًا: قمة جديدة في إسطنبول الشهر المقبل"
    bt = "Talks between the two delegations ended on Friday. Read also: a new summit in Istanbul next month"
    assert [(f.category, f.text) for f in check_one(src, mt, bt)] == [
        ("addition", "اقرأ أيضًا: قمة جديدة في إسطنبول الشهر المقبل")]
