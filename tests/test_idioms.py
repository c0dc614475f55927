"""The idiom check and its lexicon: schema, every entry's examples, and hand-written cases."""

from __future__ import annotations

import re

import pytest

from tarjama.checks.idioms import (
    REQUIRED_KEYS,
    IdiomCheck,
    compile_arabic,
    compile_entry,
    compiled_lexicon,
    cue_index,
    cue_key,
    key_pattern,
)
from tarjama.checks.prepared import prepare
from tarjama.data import Segment
from tarjama.errors import ConfigError
from tarjama.lang.ar import normalise
from tarjama.lang.entities import EntityTagger
from tarjama.lexicons import load_lexicon

ENTRIES = load_lexicon("idioms.en-ar.yaml")["idioms"]
EXAMPLES = [
    pytest.param(entry, example, id=f"{entry['id']}-{n}")
    for entry in ENTRIES
    for n, example in enumerate(entry["examples"])
]
ADOPTED = [
    pytest.param(entry["examples"][0]["src"], rendering, id=f"{entry['id']}-{n}")
    for entry in ENTRIES
    for n, rendering in enumerate(entry["adopted"])
]


@pytest.fixture(scope="module")
def check() -> IdiomCheck:
    return IdiomCheck()


def run(check: IdiomCheck, src: str, mt: str) -> list:
    [segment] = prepare([Segment(id="s", doc_id="d", src=src, mt=mt)], EntityTagger())
    return check.check_segment(segment)


# --- the lexicon ----------------------------------------------------------------------------


def test_lexicon_has_at_least_200_distinct_idioms() -> None:
    ids = [entry["id"] for entry in ENTRIES]
    assert len(ids) >= 200
    assert len(set(ids)) == len(ids)
    assert sum(1 for entry in ENTRIES if entry["literal"]) >= 150


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_entry_schema(entry: dict) -> None:
    assert set(REQUIRED_KEYS) | {"examples"} == set(entry)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", entry["id"])
    for key in ("source", "literal", "accepted", "adopted"):
        assert isinstance(entry[key], list), key
    assert entry["source"], "an idiom needs a source pattern"
    assert entry["accepted"] or entry["adopted"], "an idiom needs a rendering to suggest"
    flags = [example["flag"] for example in entry["examples"]]
    assert False in flags, "every idiom needs an example that must not be flagged"
    assert (True in flags) == bool(entry["literal"]), "literal patterns need a flagged example"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_entry_patterns_compile_and_cue_opens_a_word(entry: dict) -> None:
    for pattern in entry["source"]:
        re.compile(pattern)
    for pattern in entry["literal"]:
        re.compile(compile_arabic(pattern))
    compile_entry(entry)
    key = cue_key(entry["cue"])
    for example in entry["examples"]:
        lowered = example["src"].lower().replace("’", "'")
        assert entry["cue"] in lowered
        assert re.search(rf"(?<![a-z]){re.escape(key)}", lowered), "cue key must start a word"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_accepted_and_adopted_renderings_match_no_literal_pattern(entry: dict) -> None:
    literal = compile_entry(entry).literal
    for rendering in entry["accepted"] + entry["adopted"]:
        assert not any(pattern.search(normalise(rendering)) for pattern in literal), rendering


@pytest.mark.parametrize(("src", "rendering"), ADOPTED)
def test_adopted_calque_is_never_flagged(check: IdiomCheck, src: str, rendering: str) -> None:
    # The idiom in the source, an adopted calque of it as the whole translation.
    assert run(check, src, rendering + ".") == []


# --- every example in the lexicon -----------------------------------------------------------


@pytest.mark.parametrize(("entry", "example"), EXAMPLES)
def test_lexicon_example(check: IdiomCheck, entry: dict, example: dict) -> None:
    flags = run(check, example["src"], example["mt"])
    assert bool(flags) == example["flag"]
    for flag in flags:
        assert flag.category == "idiom" and flag.severity == "major"
        assert flag.text == example["mt"][flag.span[0] : flag.span[1]]
        assert entry["en"] in flag.message and entry["meaning"] in flag.message
        assert flag.suggestion in entry["accepted"] + entry["adopted"]
        start, end = flag.source_span
        assert re.search(entry["cue"], example["src"][start:end].lower().replace("’", "'"))


# --- hand-written cases ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "mt", "expected_text"),
    [
        # Literal calques, flagged; the span is the literal rendering in the original MT.
        # "The Kremlin has pushed back against such a truce."
        (
            "The Kremlin has pushed back against such a truce.",
            "لقد دفع الكرملين إلى الخلف ضد مثل هذه الهدنة.",
            "دفع الكرملين إلى الخلف",
        ),
        # Same, vocalised: diacritics inside the span must not shift it.
        (
            "The Kremlin has pushed back against such a truce.",
            "لَقَدْ دَفَعَ الكرملينُ إلى الخلفِ ضد مثل هذه الهدنة.",
            "دَفَعَ الكرملينُ إلى الخلفِ",
        ),
        # "Leaders kicked the can down the road."
        (
            "Leaders kicked the can down the road.",
            "ركل القادة العلبة على الطريق.",
            "ركل القادة العلبة على الطريق",
        ),
        # "They agreed at the eleventh hour."
        (
            "They agreed at the eleventh hour.",
            "اتفقوا في الساعة الحادية عشرة.",
            "الساعة الحادية عشرة",
        ),
        # "The police turned a blind eye to the protests."
        (
            "The police turned a blind eye to the protests.",
            "حولت الشرطة عينًا عمياء عن الاحتجاجات.",
            "حولت الشرطة عينًا عمياء",
        ),
        # "Kyiv says the ball is in Moscow’s court." (curly apostrophe in the source)
        (
            "Kyiv says the ball is in Moscow’s court.",
            "تقول كييف إن الكرة في محكمة موسكو.",
            "الكرة في محكمة",
        ),
        # "Lifting the sanctions would open a can of worms."
        (
            "Lifting the sanctions would open a can of worms.",
            "من شأن رفع العقوبات أن يفتح علبة ديدان.",
            "علبة ديدان",
        ),
        # "Officials burned the midnight oil before the summit."
        (
            "Officials burned the midnight oil before the summit.",
            "أحرق المسؤولون زيت منتصف الليل قبل القمة.",
            "أحرق المسؤولون زيت منتصف الليل",
        ),
        # "The chancellor is playing her cards close to her chest." (no "keep")
        (
            "The chancellor is playing her cards close to her chest.",
            "تلعب المستشارة أوراقها قريبة من صدرها.",
            "أوراقها قريبة من صدرها",
        ),
        # "Western carmakers are playing catch-up."
        (
            "Western carmakers are playing catch-up.",
            "تلعب شركات السيارات الغربية اللحاق بالركب.",
            "تلعب شركات السيارات الغربية اللحاق",
        ),
        # "Erdogan threw his weight behind the plan."
        (
            "Erdogan threw his weight behind the plan.",
            "رمى أردوغان وزنه خلف الخطة.",
            "رمى أردوغان وزنه خلف",
        ),
        # "The minister's remarks ruffled feathers in Ankara."
        (
            "The minister's remarks ruffled feathers in Ankara.",
            "نفشت تصريحات الوزير الريش في أنقرة.",
            "الريش",
        ),
    ],
)
def test_literal_rendering_is_flagged(
    check: IdiomCheck, src: str, mt: str, expected_text: str
) -> None:
    flags = run(check, src, mt)
    assert [f.text for f in flags] == [expected_text]
    assert flags[0].text == mt[flags[0].span[0] : flags[0].span[1]]


@pytest.mark.parametrize(
    ("src", "mt"),
    [
        # Meaning-based renderings.
        # "The Kremlin has pushed back against such a truce." → "rejected"
        ("The Kremlin has pushed back against such a truce.", "رفض الكرملين مثل هذه الهدنة."),
        # "The police turned a blind eye to the protests." → "averted their gaze"
        ("The police turned a blind eye to the protests.", "غضت الشرطة الطرف عن الاحتجاجات."),
        # Adopted calques.
        # "Sanctions are a double-edged sword."
        ("Sanctions are a double-edged sword.", "العقوبات سلاح ذو حدين."),
        # "The visit broke the ice."
        ("The visit broke the ice.", "كسرت الزيارة الجليد."),
        # "This is only the tip of the iceberg."
        ("This is only the tip of the iceberg.", "هذه ليست سوى قمة جبل الجليد."),
        # "Annexation is a red line."
        ("Annexation is a red line.", "الضم خط أحمر."),
        # "The talks were held behind closed doors."
        ("The talks were held behind closed doors.", "عُقدت المحادثات خلف أبواب مغلقة."),
        # The literal Arabic without the idiom in the source: a real push, not resistance.
        # "Police pushed the crowd back." → "الشرطة دفعت الحشد إلى الخلف"
        ("Police pushed the crowd back.", "دفعت الشرطة الحشد إلى الخلف."),
        # Literal gunfire: "The convoy came under fire near Kharkiv."
        ("The convoy came under fire near Kharkiv.", "تعرضت القافلة لإطلاق النار قرب خاركيف."),
        # Literal uses where the word-for-word Arabic is right:
        # "The driver made a U-turn at the checkpoint."
        (
            "The driver made a U-turn at the checkpoint.",
            "قام السائق باستدارة على شكل حرف U عند نقطة التفتيش.",
        ),
        # "Engineers opened the floodgates of the dam."
        ("Engineers opened the floodgates of the dam.", "فتح المهندسون بوابات فيضان السد."),
        # "Inspectors tested the water for lead."
        ("Inspectors tested the water for lead.", "اختبر المفتشون المياه بحثًا عن الرصاص."),
        # "Nurses gave him a shot in the arm."
        ("Nurses gave him a shot in the arm.", "أعطته الممرضات حقنة في الذراع."),
        # Adopted calques (see the lexicon's `adopted` lists).
        # "Washington gave the green light to the sale."
        ("Washington gave the green light to the sale.", "أعطت واشنطن ضوءًا أخضر لصفقة البيع."),
        # "Inflation could snowball."
        ("Inflation could snowball.", "قد يتفاقم التضخم ككرة الثلج."),
        # "There is light at the end of the tunnel."
        ("There is light at the end of the tunnel.", "هناك ضوء في نهاية النفق."),
        # "Riyadh threw its weight behind the initiative."
        ("Riyadh threw its weight behind the initiative.", "ألقت الرياض بثقلها خلف المبادرة."),
        # "Moscow wants to drive a wedge between the allies."
        ("Moscow wants to drive a wedge between the allies.", "تريد موسكو دق إسفين بين الحلفاء."),
        # "The lame-duck Congress passed the budget."
        ("The lame-duck Congress passed the budget.", "أقر الكونغرس البطة العرجاء الميزانية."),
        # Literal uses of the idioms' words, translated literally and rightly.
        # "Boil the eggs in hot water for ten minutes."
        ("Boil the eggs in hot water for ten minutes.", "اسلق البيض في ماء ساخن لمدة عشر دقائق."),
        # "The kettle of hot water was on the table."
        ("The kettle of hot water was on the table.", "كان إبريق الماء الساخن على الطاولة."),
        # "Gas is still in the pipeline between the two stations."
        (
            "Gas is still in the pipeline between the two stations.",
            "لا يزال الغاز في خط الأنابيب بين المحطتين.",
        ),
        # "The body of a fisherman was found dead in the water."
        ("A fisherman was found dead in the water.", "عُثر على صياد ميتًا في الماء."),
        # "High waves rocked the boat."
        ("High waves rocked the boat.", "هزت الأمواج العالية القارب."),
    ],
)
def test_accepted_adopted_and_literal_uses_are_not_flagged(
    check: IdiomCheck, src: str, mt: str
) -> None:
    assert run(check, src, mt) == []


def test_two_idioms_in_one_segment_give_two_flags(check: IdiomCheck) -> None:
    # "The minister bit the bullet and pulled the plug on the project."
    src = "The minister bit the bullet and pulled the plug on the project."
    mt = "عض الوزير الرصاصة وسحب القابس على المشروع."
    # the span keeps the conjunction و glued to the verb: it is one word
    assert sorted(f.text for f in run(check, src, mt)) == ["عض الوزير الرصاصة", "وسحب القابس"]


# --- options, errors, caching ---------------------------------------------------------------


def test_lexicon_option_takes_a_path(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "idioms:\n"
        "  - {id: spill-beans, en: spill the beans, meaning: reveal a secret, cue: beans,\n"
        "     source: ['spill(?:s|ed|ing)? the beans'], literal: ['{p}فاصوليا'],\n"
        "     accepted: [كشف السر], adopted: []}\n",
        encoding="utf-8",
    )
    check = IdiomCheck(IdiomCheck.options_model(lexicon=str(path)))
    # "He spilled the beans." → "سكب الفاصوليا"
    flags = run(check, "He spilled the beans.", "سكب الفاصوليا.")
    assert [(f.text, f.suggestion) for f in flags] == [("الفاصوليا", "كشف السر")]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("idioms: {}\n", "must be a mapping with an 'idioms' list"),
        ("idioms:\n  - {id: x, en: x}\n", "idiom 'x' lacks meaning"),
        (
            (
                "idioms:\n  - {id: x, en: x, meaning: m, cue: '--', source: [x], literal: [], "
                "accepted: [a], adopted: []}\n"
            ),
            "idiom 'x' needs source patterns and a cue word",
        ),
        (
            (
                "idioms:\n  - {id: x, en: x, meaning: m, cue: x, source: ['(x'], literal: [], "
                "accepted: [a], adopted: []}\n"
            ),
            "idiom 'x': bad pattern",
        ),
    ],
)
def test_malformed_lexicon_is_a_config_error(tmp_path, content: str, error: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(error)):
        compiled_lexicon(path)


def test_lexicon_is_compiled_once() -> None:
    assert compiled_lexicon() is compiled_lexicon("idioms.en-ar.yaml")
    assert IdiomCheck().idioms is IdiomCheck().idioms


# --- the cheap pre-tests ----------------------------------------------------------------------


def test_cue_key_is_the_longest_word_and_the_last_of_equals() -> None:
    assert cue_key("up in the air") == "air"
    assert cue_key("elephant in the room") == "elephant"
    assert cue_key("back") == "back"


def test_key_pattern_finds_the_longest_key_and_the_index_covers_shorter_ones() -> None:
    assert key_pattern(["ice", "iceberg"]).findall(" tip of the icebergs; ice") == [
        "iceberg",
        "ice",
    ]
    index = cue_index(compiled_lexicon())
    for key, positions in index.items():
        for other, other_positions in index.items():
            if key.startswith(other):
                assert set(other_positions) <= set(positions)
