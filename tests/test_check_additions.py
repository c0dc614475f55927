"""The addition/omission check: boilerplate, sentence alignment against the back-translation,
and the length-ratio test calibrated on the dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.checks.additions import AdditionCheck
from tarjama.checks.evaluation import load_cases
from tarjama.checks.prepared import PreparedSegment, prepare
from tarjama.checks.runner import run_checks
from tarjama.data import Dataset, Segment
from tarjama.lang.align import align, stems
from tarjama.lang.entities import EntityTagger
from tarjama.lexicons import load_lexicon

BOILERPLATE = load_lexicon("boilerplate.yaml")["boilerplate"]
EXAMPLES = [
    pytest.param(entry, example, id=f"{entry['id']}-{n}")
    for entry in BOILERPLATE
    for n, example in enumerate(entry["examples"])
]


def prepared(segments: list[Segment]) -> list[PreparedSegment]:
    return prepare(segments, EntityTagger())


def check_one(src: str, mt: str, bt: str | None = None, check: AdditionCheck | None = None) -> list:
    check = check or AdditionCheck()
    [segment] = prepared([Segment(id="s", doc_id="d", src=src, mt=mt, bt=bt)])
    flags = check.check_segment(segment)
    for flag in flags:
        if flag.span is not None:
            assert flag.text == mt[flag.span[0] : flag.span[1]]
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


@pytest.mark.parametrize(
    ("src", "mt", "expected"),
    [
        # A scraped "Read more" line inside a paragraph: the flag runs to the end of its line.
        # "Talks ended. / Read more: Istanbul summit"
        (
            "Talks ended.\nRead more: Istanbul summit",
            "انتهت المحادثات.\nاقرأ أيضًا: قمة إسطنبول",
            "اقرأ أيضًا: قمة إسطنبول",
        ),
        # Meta-text preamble: only the preamble is flagged, not the translation after it.
        # "Here is the translation into Arabic: The talks ended."
        (
            "The talks ended.",
            "إليك ترجمة النص إلى العربية: انتهت المحادثات.",
            "إليك ترجمة النص إلى العربية:",
        ),
        # A meta sentence at the end: the whole sentence.
        # "The talks ended. As an AI model, I cannot verify the names."
        (
            "The talks ended.",
            "انتهت المحادثات. بصفتي نموذج ذكاء اصطناعي، لا يمكنني التحقق من الأسماء.",
            "بصفتي نموذج ذكاء اصطناعي، لا يمكنني التحقق من الأسماء.",
        ),
    ],
)
def test_boilerplate_span(src: str, mt: str, expected: str) -> None:
    assert [f.text for f in check_one(src, mt)] == [expected]


def test_read_more_mid_sentence_is_not_boilerplate() -> None:
    # "He said he would read more of the report tomorrow." — "اقرأ المزيد" not at a line start
    assert check_one("He said: read more of the report.", "قال: سأقرأ المزيد من التقرير غدا.") == []


# --- sentence splitting and alignment -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks in Istanbul lasted two hours.", {"talks", "istan", "laste", "two", "hours"}),
        # non-ASCII letters split words, and "an" is a stop word
        ("COVID-19 talks: Erdoğan’s aides", {"covid", "19", "talks", "erdo", "s", "aides"}),
        ("İstanbul talks", {"stanb", "talks"}),  # lower-cased İ is "i" and a dot above; "i" stops
    ],
)
def test_stems(text: str, expected: set[str]) -> None:
    assert stems(text) == expected


def test_align_allows_merges_and_skips() -> None:
    src = [
        "Kyiv and Moscow agreed to a large prisoner exchange.",
        "The talks in Istanbul lasted under two hours.",
        "Weather in the region stayed cold all week.",
    ]
    bt = [
        "Kyiv and Moscow agreed to a large exchange.",
        "Of prisoners.",
        "The talks in Istanbul lasted under two hours.",
    ]
    beads = align([stems(s) for s in src], [stems(b) for b in bt], threshold=0.2)
    assert beads == [((0,), (0, 1)), ((1,), (2,)), ((2,), ())]


SRC3 = (
    "Kyiv and Moscow agreed to exchange 1,000 prisoners of war each. The talks lasted less "
    "than two hours on Friday. Turkey's foreign minister Hakan Fidan hosted the meeting."
)
BT_OK = (
    "Kyiv and Moscow agreed on exchanging 1000 prisoners of war each. The talks continued "
    "for under two hours on Friday. The Turkish foreign minister Hakan Fidan hosted the meeting."
)
# "Kyiv and Moscow agreed to exchange 1000 prisoners of war each. The Turkish foreign minister
#  Hakan Fidan hosted the meeting." (the middle sentence dropped)
MT_OMIT = (
    "اتفقت كييف وموسكو على تبادل 1000 أسير حرب لكل منهما. استضاف وزير الخارجية التركي "
    "هاكان فيدان الاجتماع."
)
BT_OMIT = "Kyiv and Moscow agreed to exchange 1000 prisoners of war each. Turkish foreign minister Hakan Fidan hosted the meeting."
# The same with an invented sentence: "The weather in the capital was sunny and warm with light winds."
MT_ADD = (
    "اتفقت كييف وموسكو على تبادل 1000 أسير حرب لكل منهما. استمرت المحادثات أقل من ساعتين "
    "يوم الجمعة. كان الطقس في العاصمة مشمسًا ودافئًا مع رياح خفيفة. استضاف وزير الخارجية "
    "التركي هاكان فيدان الاجتماع."
)
BT_ADD = (
    "Kyiv and Moscow agreed to exchange 1000 prisoners of war each. The talks lasted less "
    "than two hours on Friday. The weather in the capital was sunny and warm with light "
    "winds. Turkish foreign minister Hakan Fidan hosted the meeting."
)


def test_dropped_source_sentence_is_an_omission() -> None:
    flags = check_one(SRC3, MT_OMIT, BT_OMIT)
    assert [(f.category, f.span) for f in flags] == [("omission", None)]
    start, end = flags[0].source_span
    assert SRC3[start:end] == "The talks lasted less than two hours on Friday."


def test_invented_sentence_is_an_addition_on_its_mt_sentence() -> None:
    flags = check_one(SRC3, MT_ADD, BT_ADD)
    assert [(f.category, f.text) for f in flags] == [
        ("addition", "كان الطقس في العاصمة مشمسًا ودافئًا مع رياح خفيفة.")
    ]


def test_addition_span_is_null_when_mt_and_bt_sentence_counts_differ() -> None:
    mt = MT_ADD.replace(". كان", "، كان")  # the MT joins two sentences with a comma
    flags = check_one(SRC3, mt, BT_ADD)
    assert [(f.category, f.span) for f in flags] == [("addition", None)]


def test_faithful_paraphrase_is_not_flagged() -> None:
    mt = "اتفقت كييف وموسكو على تبادل 1000 أسير حرب لكل منهما. استمرت المحادثات أقل من ساعتين يوم الجمعة. استضاف وزير الخارجية التركي هاكان فيدان الاجتماع."
    assert check_one(SRC3, mt, BT_OK) == []


def test_concise_rendering_is_not_an_omission() -> None:
    # "Officials from both sides said that they had, at long last and after many hours of
    # argument, reached a deal." rendered "Officials of both sides said they finally reached an
    # agreement": shorter, and the same meaning.
    src = (
        "The talks ended on Friday. Officials from both sides said that they had, at long "
        "last and after many hours of argument, reached a deal. Markets rose."
    )
    mt = (
        "انتهت المحادثات يوم الجمعة. وقال مسؤولو الجانبين إنهم توصلوا أخيراً إلى اتفاق. "
        "وارتفعت الأسواق."
    )
    bt = (
        "The talks ended on Friday. Officials of the two sides said they finally reached an "
        "agreement. Markets rose."
    )
    assert check_one(src, mt, bt) == []


def test_sentences_merged_into_one_are_not_omissions() -> None:
    # Two source sentences rendered as one Arabic sentence joined by و.
    src = (
        "Kyiv and Moscow agreed to exchange prisoners of war. The exchange will take place "
        "next week on the Belarusian border."
    )
    mt = (
        "اتفقت كييف وموسكو على تبادل أسرى الحرب، على أن يجري التبادل الأسبوع المقبل على الحدود "
        "البيلاروسية."
    )
    bt = (
        "Kyiv and Moscow agreed to exchange prisoners of war, with the exchange to take place "
        "next week on the Belarusian border."
    )
    assert check_one(src, mt, bt) == []


def test_abbreviations_spelt_out_in_the_back_translation_are_not_additions() -> None:
    # The Arabic (and so the back-translation) spells out UNSC and NATO.
    src = "The talks ended on Friday. The UNSC and NATO met on Monday."
    mt = (
        "انتهت المحادثات يوم الجمعة. واجتمع مجلس الأمن التابع للأمم المتحدة وحلف شمال الأطلسي "
        "يوم الاثنين."
    )
    bt = (
        "The talks ended on Friday. The United Nations Security Council and the North Atlantic "
        "Treaty Organization met on Monday."
    )
    assert check_one(src, mt, bt) == []


# --- length ratio ---------------------------------------------------------------------------

ANNOTATED = Path(__file__).resolve().parents[1] / "data" / "annotated" / "checks.en-ar.jsonl"
# Headlines and their Arabic: English headlines are telegraphic, Arabic ones are not.
HEADLINES = [
    ("Floods Kill Dozens in Southern Libya", "مقتل العشرات جراء الفيضانات في جنوب ليبيا"),
    ("Oil Prices Climb After Output Cut", "ارتفاع أسعار النفط بعد قرار خفض الإنتاج"),
    ("Kyiv and Moscow Swap Prisoners", "كييف وموسكو تتبادلان الأسرى"),
    ("Central Bank Holds Rates Steady", "البنك المركزي يبقي أسعار الفائدة دون تغيير"),
    ("Wildfires Force Thousands to Flee", "حرائق الغابات تجبر الآلاف على الفرار"),
    ("Talks Collapse Over Border Dispute", "انهيار المحادثات بسبب نزاع حدودي"),
    ("Minister Resigns Amid Scandal", "استقالة الوزير وسط فضيحة"),
    (
        "Election Turnout Hits Record Low",
        "نسبة المشاركة في الانتخابات تسجل أدنى مستوى لها على الإطلاق",
    ),
    ("Storm Cuts Power to Half a Million Homes", "العاصفة تقطع الكهرباء عن نصف مليون منزل"),
    ("Parliament Approves New Budget", "البرلمان يقر الميزانية الجديدة"),
    ("Striking Workers Block Main Port", "العمال المضربون يغلقون الميناء الرئيسي"),
    ("Inflation Eases for Third Month", "تراجع التضخم للشهر الثالث على التوالي"),
    ("Police Arrest Three After Robbery", "الشرطة تعتقل ثلاثة أشخاص بعد عملية سطو"),
    ("Earthquake Shakes Western Turkey", "زلزال يضرب غرب تركيا"),
    ("Team Wins First Title in Decades", "الفريق يحرز أول لقب له منذ عقود"),
    ("Drought Threatens Wheat Harvest", "الجفاف يهدد محصول القمح"),
    ("Hospital Staff Walk Out Over Pay", "العاملون في المستشفى يضربون احتجاجاً على الأجور"),
    ("Ceasefire Holds for Second Day", "وقف إطلاق النار صامد لليوم الثاني"),
    ("Rescuers Search Rubble for Survivors", "فرق الإنقاذ تبحث عن ناجين تحت الأنقاض"),
    ("Exports Fall as Demand Weakens", "تراجع الصادرات مع ضعف الطلب"),
    ("Museum Returns Looted Statues", "المتحف يعيد التماثيل المنهوبة"),
    ("Protesters Rally Outside Parliament", "محتجون يتظاهرون أمام البرلمان"),
]

# The same news as full sentences, with the articles and auxiliaries the headlines leave out.
SENTENCES = [
    (
        "Floods have killed dozens of people in the south of Libya.",
        "أودت الفيضانات بحياة العشرات في جنوب ليبيا.",
    ),
    (
        "Oil prices climbed after producers decided to cut output.",
        "ارتفعت أسعار النفط بعد قرار المنتجين خفض الإنتاج.",
    ),
    (
        "Kyiv and Moscow have swapped hundreds of prisoners of war.",
        "تبادلت كييف وموسكو مئات الأسرى.",
    ),
    (
        "The central bank has decided to hold its interest rates steady.",
        "قرر البنك المركزي إبقاء أسعار الفائدة دون تغيير.",
    ),
    (
        "Wildfires have forced thousands of people to flee their homes.",
        "أجبرت حرائق الغابات الآلاف على الفرار من منازلهم.",
    ),
    (
        "The talks collapsed over a dispute about the border.",
        "انهارت المحادثات بسبب نزاع على الحدود.",
    ),
    ("The minister resigned in the middle of a scandal.", "استقال الوزير وسط فضيحة."),
    (
        "Turnout in the election hit its lowest level on record.",
        "سجلت نسبة المشاركة في الانتخابات أدنى مستوى لها.",
    ),
    (
        "The storm has cut power to half a million homes.",
        "قطعت العاصفة الكهرباء عن نصف مليون منزل.",
    ),
    (
        "The parliament approved the new budget on Tuesday.",
        "أقر البرلمان الميزانية الجديدة يوم الثلاثاء.",
    ),
    (
        "Workers on strike have blocked the main port of the city.",
        "أغلق العمال المضربون ميناء المدينة الرئيسي.",
    ),
    ("Inflation has eased for the third month in a row.", "تراجع التضخم للشهر الثالث على التوالي."),
    (
        "The police have arrested three people after the robbery.",
        "اعتقلت الشرطة ثلاثة أشخاص بعد عملية السطو.",
    ),
    ("An earthquake has shaken the western part of Turkey.", "ضرب زلزال غرب تركيا."),
    ("The team has won its first title in several decades.", "أحرز الفريق أول لقب له منذ عقود."),
    ("The drought is threatening this year's wheat harvest.", "يهدد الجفاف محصول القمح هذا العام."),
    (
        "Staff at the hospital have walked out in a dispute over pay.",
        "أضرب العاملون في المستشفى احتجاجاً على الأجور.",
    ),
    ("The ceasefire has held for a second day.", "صمد وقف إطلاق النار لليوم الثاني."),
    ("Rescuers are searching the rubble for survivors.", "تبحث فرق الإنقاذ عن ناجين تحت الأنقاض."),
    (
        "Exports have fallen as demand weakens around the world.",
        "تراجعت الصادرات مع ضعف الطلب العالمي.",
    ),
    ("The museum has returned the statues that were looted.", "أعاد المتحف التماثيل المنهوبة."),
    (
        "Protesters have rallied outside the parliament building.",
        "تظاهر محتجون أمام مبنى البرلمان.",
    ),
]


def clean_sentences() -> list[Segment]:
    """The annotated set's clean cases: real translations of news sentences to calibrate on."""
    return [
        Segment(id=case.id, doc_id=case.id, src=case.src, mt=case.mt)
        for case in load_cases(ANNOTATED)
        if case.clean
    ]


def as_segments(pairs: list[tuple[str, str]], prefix: str) -> list[Segment]:
    return [
        Segment(id=f"{prefix}{i}", doc_id=f"{prefix}{i}", src=src, mt=mt)
        for i, (src, mt) in enumerate(pairs)
    ]


def headlines() -> list[Segment]:
    return as_segments(HEADLINES, "h")


def length_flags(
    *pairs: tuple[str, str], body: list[Segment] | None = None, **options: float
) -> list[list[tuple[str, str]]]:
    """(category, severity) of the flags on each pair (src, mt), checked among `body`."""
    tested = [
        Segment(id=f"t{i}", doc_id=f"t{i}", src=src, mt=mt) for i, (src, mt) in enumerate(pairs)
    ]
    body = clean_sentences() if body is None else body
    check = AdditionCheck(AdditionCheck.options_model(**options))
    flags = run_checks(Dataset(body + tested), [check])
    return [[(f.category, f.severity) for f in flags[seg.id]] for seg in tested]


# "Heavy rain is expected in the north on Saturday, while ..." rendered as its first clause
RAIN_EN = (
    "Heavy rain is expected in the north on Saturday, while temperatures will drop "
    "sharply in the capital and snow may fall on higher ground across the region."
)
RAIN_AR_CUT = "من المتوقع هطول أمطار غزيرة في الشمال يوم السبت."
RAIN_AR_STUB = "أمطار غزيرة."  # "Heavy rain."
RAIN_AR = (
    "من المتوقع هطول أمطار غزيرة في الشمال يوم السبت، فيما ستنخفض درجات الحرارة بشدة في "
    "العاصمة وقد تتساقط الثلوج على المرتفعات في أنحاء المنطقة."
)
# "The minister resigned on Tuesday." with an invented account of why
RESIGNED_EN = "The minister resigned on Tuesday."
RESIGNED_AR_PADDED = (
    "استقال الوزير يوم الثلاثاء، وقال مصدر مقرب منه إن الاستقالة جاءت بعد "
    "خلافات حادة مع رئيس الحكومة حول الميزانية والإصلاحات المقترحة."
)


def test_length_outliers_are_flagged() -> None:
    # beyond k MADs minor, beyond 2k major (the translation must have lost or invented much)
    assert length_flags(
        (RAIN_EN, RAIN_AR_CUT),
        (RAIN_EN, RAIN_AR_STUB),
        (RESIGNED_EN, RESIGNED_AR_PADDED),
        (RAIN_EN, RAIN_AR),
        body=as_segments(SENTENCES, "s"),
    ) == [[("omission", "minor")], [("omission", "major")], [("addition", "major")], []]


def test_arabic_spelling_out_abbreviations_is_not_an_addition() -> None:
    assert length_flags(
        # U.S., EU, NATO and UN officials → the United States, the European Union, the North
        # Atlantic alliance and the United Nations, all spelt out
        (
            "U.S. and EU officials met NATO and UN envoys.",
            (
                "التقى مسؤولون من الولايات المتحدة والاتحاد الأوروبي بمبعوثين من حلف شمال الأطلسي "
                "والأمم المتحدة."
            ),
        ),
        # CNN and ABC, spelt letter by letter; $ as a word
        ("CNN and ABC paid $2 million.", "دفعت شبكتا سي إن إن وإيه بي سي مليوني دولار."),
    ) == [[], []]


def test_headlines_are_judged_against_headlines() -> None:
    # "Quake toll soars above 300" → "The toll of the earthquake's victims rises to more than
    # 300 dead": far longer than a sentence's translation, usual for a headline's
    pair = ("Quake Toll Soars Above 300", "ارتفاع حصيلة ضحايا الزلزال إلى أكثر من 300 قتيل")
    sentence = ("Quake toll soars above 300.", pair[1] + ".")
    body = headlines() + as_segments(SENTENCES, "s")
    assert length_flags(pair, sentence, body=body) == [[], [("addition", "minor")]]


def test_length_test_needs_enough_segments_of_each_kind() -> None:
    # Without 20 headlines to calibrate on, a headline is not judged by length at all.
    pair = ("Storm Hits Coast", RESIGNED_AR_PADDED)
    assert length_flags(pair, body=clean_sentences() + headlines()[:5]) == [[]]
    assert length_flags((RAIN_EN, RAIN_AR_CUT), body=clean_sentences()[:10]) == [[]]


def test_length_threshold_is_configurable() -> None:
    # "The talks lasted under two hours." rendered a third longer than usual
    pair = (
        "The talks in Istanbul lasted less than two hours on Friday.",
        "استمرت المحادثات في إسطنبول أقل من ساعتين يوم الجمعة، وهي مدة قصيرة جداً بالنسبة لها.",
    )
    assert length_flags(pair) == [[]]
    assert length_flags(pair, length_k=2.0) == [[("addition", "minor")]]


def test_boilerplate_is_flagged_once_even_without_a_source_counterpart() -> None:
    # "Talks ended. Read also: a new summit in Istanbul next month" — the source has no link
    src = "Talks between the two delegations ended on Friday."
    mt = "انتهت المحادثات بين الوفدين يوم الجمعة. اقرأ أيضًا: قمة جديدة في إسطنبول الشهر المقبل"
    bt = "Talks between the two delegations ended on Friday. Read also: a new summit in Istanbul next month"
    assert [(f.category, f.text) for f in check_one(src, mt, bt)] == [
        ("addition", "اقرأ أيضًا: قمة جديدة في إسطنبول الشهر المقبل")
    ]
