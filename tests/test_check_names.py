"""The name checks: source names found, misspelt or missing in the Arabic, and kept consistent."""

from __future__ import annotations

import pytest

from tarjama.checks import CHECKS
from tarjama.checks.names import NameInconsistencyCheck, NameOptions, NameTransliterationCheck
from tarjama.checks.runner import run_checks
from tarjama.data import Dataset, Segment
from tarjama.lang.propernames import load_gazetteer, source_names


def transliteration(src: str, mt: str, bt: str | None = None, **options) -> list:
    check = NameTransliterationCheck(NameOptions(**options))
    flags = run_checks(Dataset([Segment("s1", "d1", src, mt, bt=bt)]), [check])["s1"]
    for flag in flags:
        assert flag.category in ("name-transliteration", "omission")
        if flag.span is not None:
            assert flag.text == mt[flag.span[0] : flag.span[1]]
    return flags


@pytest.mark.parametrize(
    "src, names",
    [
        ("Turkish Foreign Minister Hakan Fidan opened the talks on Friday.", ["Hakan Fidan"]),
        (
            "US President Donald Trump spoke to the leaders of France and the United Kingdom.",
            ["US", "Donald Trump", "France", "United Kingdom"],
        ),
        (
            "Medinsky, an aide to President Vladimir Putin, said both sides agreed.",
            ["Medinsky", "Vladimir Putin"],
        ),
        (
            "Wide gaps remain between the two sides. Still, Kyiv and Moscow agreed.",
            ["Kyiv", "Moscow"],
        ),
        ("They sat in Istanbul's Dolmabahçe Palace.", ["Istanbul", "Dolmabahçe"]),
        ("The first direct Russia-Ukraine talks since the invasion ended.", ["Russia", "Ukraine"]),
        (
            "Crown Prince Mohammed bin Salman met the Ukrainian delegation in May.",
            ["Mohammed bin Salman"],
        ),
        ("Read more: Woman miscarried after a paramedic gave her drugs", []),
        ("It was not Russia that broke off negotiations. It was Kyiv.", ["Russia", "Kyiv"]),
        # Two connectors in a row; al- before a name the gazetteer knows keeps the name whole.
        (
            "Commission President Ursula von der Leyen met Abdel Fattah al-Sisi.",
            ["Ursula von der Leyen", "Abdel Fattah al Sisi"],
        ),
    ],
)
def test_source_names(src, names):
    gazetteer = load_gazetteer("names.en-ar.yaml")
    assert [n.text for n in source_names(src, gazetteer)] == names


# Correct renderings: no flag of either kind.
CLEAN = [
    # Ukrainian Defence Minister Rustem Umerov represented Kyiv (two accepted spellings).
    (
        "Ukrainian Defence Minister Rustem Umerov represented Kyiv.",
        "مثّل وزير الدفاع الأوكراني روستم أومروف كييف.",
    ),
    (
        "Ukrainian Defence Minister Rustem Umerov represented Kyiv.",
        "مثّل وزير الدفاع الأوكراني رستم عمروف كييف.",
    ),
    # Turkish Foreign Minister Hakan Fidan opened the talks.
    (
        "Turkish Foreign Minister Hakan Fidan opened the talks.",
        "افتتح وزير الخارجية التركي هاكان فيدان المحادثات.",
    ),
    # Zelensky and Putin; Medinsky with the short spelling.
    (
        "Zelensky said Putin had sent Vladimir Medinsky to lead the talks.",
        "قال زيلنسكي إن بوتين أرسل فلاديمير ميدنسكي لقيادة المحادثات.",
    ),
    # US President Donald Trump (US rendered by the adjective الأمريكي).
    (
        "Zelensky discussed the talks with US President Donald Trump.",
        "ناقش زيلينسكي المحادثات مع الرئيس الأمريكي دونالد ترامب.",
    ),
    # The United Kingdom rendered as بريطانيا; the Kremlin with the preposition لل.
    ("The United Kingdom sent a message to the Kremlin.", "وجهت بريطانيا رسالة للكرملين."),
    # Recep Tayyip Erdoğan: Turkish letter rules and the gazetteer.
    (
        "Recep Tayyip Erdoğan welcomed the delegations in Istanbul.",
        "رحب رجب طيب أردوغان بالوفود في إسطنبول.",
    ),
    # Brands with inner capitals are not matched by sound (SpaceX = سبيس إكس).
    # Elon Musk's company SpaceX launched its rocket.
    (
        "Elon Musk's company SpaceX launched the rocket.",
        "أطلقت شركة سبيس إكس التابعة لإيلون ماسك صاروخها.",
    ),
    # Abdullah is written عبد الله, two words.
    (
        "King Abdullah II met Joseph Aoun in Amman.",
        "التقى الملك عبد الله الثاني جوزيف عون في عمّان.",
    ),
    # Sergei Lavrov with the conjunction و glued on.
    ("Putin and Sergei Lavrov arrived.", "وصل بوتين وسيرغي لافروف."),
    # Istanbul's Dolmabahçe Palace, with one of the accepted spellings.
    ("They sat in Istanbul's Dolmabahçe Palace.", "جلسوا في قصر دولمة بهجة في إسطنبول."),
    # A name left in Latin is the untranslated check's flag, not this one.
    (
        "Ukrainian Defence Minister Rustem Umerov represented Kyiv.",
        "مثّل وزير الدفاع الأوكراني روستم Umerov كييف.",
    ),
    # A surname replaced by a pronoun or a title: not an omission without more evidence.
    (
        "Medinsky, an aide to Putin, said both sides had agreed.",
        "وقال مساعد بوتين إن الجانبين اتفقا.",
    ),
    # A capitalised sentence opener is not a name.
    ("Wide gaps remain between the two sides.", "لا تزال هناك فجوات واسعة بين الجانبين."),
    # An organisation named with ordinary words is translated, not transliterated: no omission.
    (
        "The International Atomic Energy Agency said its inspectors had visited the plant.",
        "قالت الوكالة الدولية للطاقة الذرية إن مفتشيها زاروا المحطة.",
    ),
    # Arabic names: Abdel is عبد with the article on the next word.
    (
        "President Abdel Fattah al-Sisi received Mahmoud Abbas in Cairo.",
        "استقبل الرئيس عبد الفتاح السيسي محمود عباس في القاهرة.",
    ),
    # A final ه writes the vowel of Andrii (أندريه), as in روته for Rutte.
    (
        "Foreign Minister Andrii Sybiha met Mark Rutte in Warsaw.",
        "التقى وزير الخارجية أندريه سيبيها مارك روته في وارسو.",
    ),
    # Persian output (the wrong-language check's business): no name flags from Persian spelling.
    (
        "The foreign minister will travel to Tehran next week.",
        "وزیر امور خارجه هفته آینده به تهران سفر خواهد کرد.",
    ),
]


@pytest.mark.parametrize("src, mt", CLEAN)
def test_correct_renderings_are_not_flagged(src, mt):
    assert transliteration(src, mt) == []


# (src, mt, flagged text, severity, suggestion)
MISSPELT = [
    # Hakan Fidan rendered "Hakan Fian": the d is lost.
    (
        "Turkish Foreign Minister Hakan Fidan attended as a mediator.",
        "وحضر وزير الخارجية التركي هاكان فيان كوسيط.",
        "هاكان فيان",
        "major",
        None,
    ),
    # Rustem Umerov rendered with n for the final v.
    (
        "Defence Minister Rustem Umerov led the delegation.",
        "ترأس وزير الدفاع روستم أومرون الوفد.",
        "روستم أومرون",
        "major",
        None,
    ),
    # A one-word name, very close: Medinsky without its s.
    (
        "The delegation was led by Medinsky, who spoke briefly.",
        "ترأس الوفد ميدينكي الذي تحدث بإيجاز.",
        "ميدينكي",
        "major",
        None,
    ),
    # Kyslytsya with a vowel inserted inside ts: minor; the flag covers the whole name.
    (
        "Deputy foreign minister Serhiy Kyslytsya spoke after the talks.",
        "تحدث نائب وزير الخارجية سيرهي كيسليتيسيا بعد المحادثات.",
        "سيرهي كيسليتيسيا",
        "minor",
        "سيرهي كيسليتسيا",
    ),
    # Cairo transliterated instead of its Arabic name.
    (
        "The envoy flew to Cairo on Monday.",
        "توجه المبعوث إلى كايرو يوم الاثنين.",
        "كايرو",
        "major",
        "القاهرة",
    ),
    # Olaf Scholz with sch read as s-k; the gazetteer knows شولتس.
    (
        "German Chancellor Olaf Scholz called for calm.",
        "دعا المستشار الألماني أولاف سكولز إلى التهدئة.",
        "أولاف سكولز",
        "major",
        "أولاف شولتس",
    ),
    # Keir Starmer with an extra ي: the established form's skeleton, an unusual spelling.
    (
        "Prime Minister Keir Starmer said.",
        "قال رئيس الوزراء كير ستارمير.",
        "كير ستارمير",
        "minor",
        "كير ستارمر",
    ),
    # Marco Rubio misspelt; Marco must be ماركو beside it, not the أمريكي before it.
    (
        "US Secretary of State Marco Rubio arrived.",
        "وصل وزير الخارجية الأمريكي ماركو روبيرو.",
        "ماركو روبيرو",
        "major",
        "ماركو روبيو",
    ),
    # Steve Witkoff: the و belongs to the name, and the suggestion keeps one.
    (
        "Envoy Steve Witkoff arrived.",
        "وصل المبعوث ستيف ويتكوب.",
        "ستيف ويتكوب",
        "major",
        "ستيف ويتكوف",
    ),
    # Sergei Lavrov with n for the final v.
    (
        "Russian Foreign Minister Sergei Lavrov rejected the proposal.",
        "رفض وزير الخارجية الروسي سيرغي لافرون الاقتراح.",
        "سيرغي لافرون",
        "major",
        "سيرغي لافروف",
    ),
]


@pytest.mark.parametrize("src, mt, text, severity, suggestion", MISSPELT)
def test_misspelt_names_are_flagged(src, mt, text, severity, suggestion):
    flags = transliteration(src, mt)
    assert [(f.category, f.text, f.severity, f.suggestion) for f in flags] == [
        ("name-transliteration", text, severity, suggestion)
    ]
    assert flags[0].source_span is not None


def test_a_missing_two_word_name_is_an_omission():
    src = "Turkish Foreign Minister Hakan Fidan attended as a mediator."
    mt = "وحضر وزير الخارجية التركي بصفة وسيط."  # ... attended as a mediator (no name)
    flags = transliteration(src, mt)
    assert [(f.category, f.span, src[f.source_span[0] : f.source_span[1]]) for f in flags] == [
        ("omission", None, "Hakan Fidan")
    ]
    assert transliteration(src, mt, omissions=False) == []


def test_a_missing_place_is_an_omission_only_when_the_back_translation_lacks_it_too():
    src = "They sat in Istanbul's Dolmabahçe Palace."
    mt = "جلسوا في قصر دولمة بهجة."  # they sat in the Dolmabahçe Palace
    assert transliteration(src, mt) == []
    assert transliteration(src, mt, bt="They sat in Istanbul at the Dolmabahce palace.") == []
    flags = transliteration(src, mt, bt="They sat in the Dolmabahce palace.")
    assert [(f.category, src[f.source_span[0] : f.source_span[1]]) for f in flags] == [
        ("omission", "Istanbul")
    ]


def test_no_omission_when_the_output_is_not_arabic():
    src = "Turkish Foreign Minister Hakan Fidan attended as a mediator."
    assert transliteration(src, "The minister attended as a mediator.") == []
    assert transliteration(src, "2025 - 11 - 29") == []  # no letters at all


@pytest.mark.parametrize(
    "mt, omitted",
    [
        # "the minister attended the meeting", half in English: 10 Arabic letters, 12 Latin ones
        ("وحضر الوزير meeting today", False),
        # "the two ministers attended the meeting": 12 Arabic letters, 12 Latin ones
        ("وحضر الوزيران meeting today", True),
    ],
)
def test_omission_needs_at_least_as_many_arabic_letters_as_latin_ones(mt, omitted):
    src = "Turkish Foreign Minister Hakan Fidan attended as a mediator."
    flags = transliteration(src, mt)
    assert [f.category for f in flags] == (["omission"] if omitted else [])


def doc(*pairs: tuple[str, str]) -> list[Segment]:
    return [Segment(str(i), "doc", src, mt) for i, (src, mt) in enumerate(pairs)]


def inconsistency(segments: list[Segment]) -> list:
    by_segment = run_checks(Dataset(segments), [NameInconsistencyCheck()])
    flags = [flag for seg in segments for flag in by_segment[seg.id]]
    by_id = {seg.id: seg for seg in segments}
    for flag in flags:
        assert flag.category == "name-inconsistency"
        mt = by_id[flag.id].mt
        assert flag.text == mt[flag.span[0] : flag.span[1]]
    return flags


def test_a_name_left_in_latin_once_is_inconsistent_with_its_arabic_rendering():
    segments = doc(
        # Defence Minister Rustem Umerov led the delegation.
        (
            "Defence Minister Rustem Umerov led the delegation.",
            "ترأس وزير الدفاع روستم Umerov الوفد.",
        ),
        # Umerov said the talks were useful.
        ("Umerov said the talks were useful.", "وقال أومروف إن المحادثات كانت مفيدة."),
        # Rustem Umerov then returned to Kyiv.
        ("Rustem Umerov then returned to Kyiv.", "ثم عاد روستم أومروف إلى كييف."),
    )
    flags = inconsistency(segments)
    assert [(f.id, f.text, f.suggestion) for f in flags] == [("0", "Umerov", "أومروف")]
    assert "أومروف" in flags[0].message and "2 of 3" in flags[0].message


def test_two_arabic_spellings_of_one_name_are_inconsistent():
    segments = doc(
        ("Vladimir Medinsky led the Russian team.", "ترأس فلاديمير ميدينسكي الفريق الروسي."),
        ("Medinsky said Moscow was ready.", "وقال ميدينسكي إن موسكو مستعدة."),
        ("Medinsky, an aide to Putin, spoke again.", "وتحدث ميدنسكي، مساعد بوتين، مجدداً."),
    )
    flags = inconsistency(segments)
    assert [(f.id, f.text, f.suggestion) for f in flags] == [("2", "ميدنسكي", "ميدينسكي")]


def test_a_tie_prefers_the_arabic_script_form():
    segments = doc(
        ("Rustem Umerov led the delegation.", "ترأس روستم Umerov الوفد."),
        ("Rustem Umerov returned to Kyiv.", "عاد روستم أومروف إلى كييف."),
    )
    assert [(f.id, f.text) for f in inconsistency(segments)] == [("0", "Umerov")]


def test_synonyms_from_the_gazetteer_are_not_inconsistent():
    segments = doc(
        # the United Kingdom ... Britain: two accepted names, not two spellings
        ("The United Kingdom objected.", "اعترضت المملكة المتحدة."),
        ("The United Kingdom later agreed.", "ثم وافقت بريطانيا."),
    )
    assert inconsistency(segments) == []


def test_spelling_variants_from_the_gazetteer_are_inconsistent():
    segments = doc(
        ("Kyiv objected.", "اعترضت كييف."),
        ("Kyiv later agreed.", "ثم وافقت كييف."),
        ("Officials in Kyiv were pleased.", "وأبدى المسؤولون في كيف ارتياحهم."),
    )
    assert [(f.id, f.text) for f in inconsistency(segments)] == [("2", "كيف")]


def test_a_name_opening_a_sentence_counts_when_the_document_names_it_elsewhere():
    segments = doc(
        # Ukraine's Foreign Minister Andrii Sybiha arrived in Warsaw.
        (
            "Ukraine's Foreign Minister Andrii Sybiha arrived in Warsaw.",
            "وصل وزير الخارجية الأوكراني أندريه سيبيها إلى وارسو.",
        ),
        # Sybiha met his Polish counterpart (Russian-style spelling سيبيغا here).
        ("Sybiha met his Polish counterpart.", "التقى سيبيغا نظيره البولندي."),
        ("Later, Sybiha flew back to Kyiv.", "ثم عاد سيبيها إلى كييف."),
    )
    assert [(f.id, f.text, f.suggestion) for f in inconsistency(segments)] == [
        ("1", "سيبيغا", "سيبيها")
    ]


def test_consistent_documents_have_no_flag():
    segments = doc(
        (
            "Turkish Foreign Minister Hakan Fidan opened the talks.",
            "افتتح وزير الخارجية التركي هاكان فيدان المحادثات.",
        ),
        (
            "Fidan urged both sides to seize the opportunity.",
            "وحث فيدان الجانبين على اغتنام الفرصة.",
        ),
    )
    assert inconsistency(segments) == []


def test_a_document_with_two_names_each_spelt_two_ways():
    segments = doc(
        ("Vladimir Medinsky led the Russian team.", "ترأس فلاديمير ميدينسكي الفريق الروسي."),
        ("Rustem Umerov led Kyiv's team.", "ترأس روستم Umerov وفد كييف."),
        ("Medinsky said Moscow was ready.", "وقال ميدينسكي إن موسكو مستعدة."),
        ("Umerov said Kyiv was ready.", "وقال أومروف إن كييف مستعدة."),
        ("Medinsky, an aide to Putin, spoke again.", "وتحدث ميدنسكي، مساعد بوتين، مجدداً."),
    )
    assert sorted((f.id, f.text) for f in inconsistency(segments)) == [
        ("1", "Umerov"),
        ("4", "ميدنسكي"),
    ]


def test_registered_under_their_categories():
    assert CHECKS.get("name-transliteration") is NameTransliterationCheck
    assert CHECKS.get("name-inconsistency") is NameInconsistencyCheck


def test_gazetteer_pre_test_never_hides_a_match() -> None:
    """An entry's forms_search and stems_search find what its plain regexes find, on the MT
    of the annotated cases and the sample article (the pre-test only skips hopeless texts)."""
    from tarjama.lang.propernames import normalise_ar
    from tests.golden_flags import annotated, sample

    texts = [seg.mt for dataset in (annotated(), sample()) for seg in dataset.segments]
    entries = {id(e): e for e in load_gazetteer("names.en-ar.yaml").by_english.values()}.values()
    found = 0
    for entry in entries:
        for text in texts:
            norm = normalise_ar(text)
            plain, fast = entry.forms_re.search(text), entry.forms_search(text, norm)
            assert (plain and plain.span(1)) == (fast and fast.span(1))
            stems = entry.stems_re.search(text) if entry.stems_re else None
            assert (stems and stems.span()) == ((m := entry.stems_search(text, norm)) and m.span())
            found += plain is not None
    assert found > 20  # the texts do name places and people from the gazetteer
