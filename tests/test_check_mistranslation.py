"""The `mistranslation` check: meaning changes that the round trip (src vs bt) shows, through the
public API (flags from run_checks); paraphrases must never be flagged.

The MiniLM gate needs tarjama[neural]: cases that depend on it are skipped without it, and the
check's behaviour without the gate is tested by switching it off.
"""

from __future__ import annotations

import pytest

from tarjama.checks import CHECKS
from tarjama.checks.runner import build_checks, run_checks
from tarjama.config import CheckConfig
from tarjama.data import Dataset, Segment
from tarjama.embeddings import TextSimilarity, bundled_available
from tarjama.errors import ConfigError

needs_minilm = pytest.mark.skipif(
    not bundled_available(), reason="the similarity gate needs tarjama[neural]"
)


def flags_of(src: str, mt: str, bt: str | None, **options) -> list:
    checks = build_checks({"mistranslation": CheckConfig(options=options)})
    flags = run_checks(Dataset([Segment("s1", "d1", src, mt, bt=bt)]), checks)["s1"]
    for flag in flags:
        assert (flag.category, flag.severity, flag.check) == (
            "mistranslation",
            "major",
            "mistranslation",
        )
        if flag.span is not None:
            assert flag.text == mt[flag.span[0] : flag.span[1]]
    return flags


# (src, mt, bt, the Arabic the flag points at, words the message quotes)
ERRORS = [
    pytest.param(
        "The minister did not attend the meeting.",
        "حضر الوزير الاجتماع.",  # The minister attended the meeting. [negation lost]
        "The minister attended the meeting.",
        "حضر الوزير الاجتماع.",
        ("did not attend", "attended"),
        id="negation-lost",
    ),
    pytest.param(
        "The talks will resume next week in Geneva.",
        "لن تُستأنف المحادثات الأسبوع المقبل في جنيف.",  # The talks will not resume… [added]
        "The talks will not resume next week in Geneva.",
        "لن",
        ("will resume", "will not resume"),
        id="negation-added",
    ),
    pytest.param(
        "Police arrested two men in Manchester on Sunday.",
        "اعتقلت الشرطة رجلين في ليفربول يوم الأحد.",  # …two men in Liverpool on Sunday.
        "Police arrested two men in Liverpool on Sunday.",
        "ليفربول",
        ("Manchester", "Liverpool"),
        id="another-city",
    ),
    pytest.param(
        "Iran said it would resume uranium enrichment.",
        "قال العراق إنه سيستأنف تخصيب اليورانيوم.",  # Iraq said it would resume enrichment.
        "Iraq said it would resume uranium enrichment.",
        "العراق",
        ("Iran", "Iraq"),
        id="another-country",
    ),
    pytest.param(
        "The company reported a sharp rise in profits.",
        "أعلنت الشركة عن انخفاض حاد في الأرباح.",  # …reported a sharp fall in profits.
        "The company announced a sharp fall in profits.",
        "أعلنت الشركة عن انخفاض حاد في الأرباح.",
        ("rise", "fall"),
        id="opposite",
    ),
    pytest.param(
        "Thursday's vote was postponed because of the storm.",
        "أُرجئ التصويت الذي كان مقرراً يوم الثلاثاء بسبب العاصفة.",  # …vote on Tuesday…
        "The vote that was scheduled on Tuesday was postponed because of the storm.",
        "أُرجئ التصويت الذي كان مقرراً يوم الثلاثاء بسبب العاصفة.",
        ("Thursday", "Tuesday"),
        id="another-weekday-moved",
    ),
    pytest.param(
        "The talks lasted two hours. The sides did not agree on a ceasefire.",
        "استمرت المحادثات ساعتين. واتفق الطرفان على وقف إطلاق النار.",  # …The sides agreed…
        "The talks lasted two hours. The two sides agreed on a ceasefire.",
        "واتفق الطرفان على وقف إطلاق النار.",
        ("did not agree", "agreed"),
        id="second-sentence",
    ),
]


@pytest.mark.parametrize(("src", "mt", "bt", "arabic", "quoted"), ERRORS)
def test_meaning_changes_are_flagged_on_the_arabic_they_come_from(src, mt, bt, arabic, quoted):
    flags = flags_of(src, mt, bt)
    assert [f.text for f in flags] == [arabic]
    source_said, round_trip_said = quoted
    assert source_said in flags[0].message and round_trip_said in flags[0].message


@needs_minilm
def test_a_name_read_as_common_words_is_flagged_under_the_similarity_gate():
    src = "The Bank of England raised interest rates on Thursday."
    mt = "رفعت ضفة إنجلترا أسعار الفائدة يوم الخميس."  # The shore of England raised…
    bt = "The shore of England raised interest rates on Thursday."
    flags = flags_of(src, mt, bt)
    assert len(flags) == 1
    assert '"The Bank of England"' in flags[0].message
    assert '"The shore of England"' in flags[0].message
    assert flags[0].source_span == (0, len("The Bank of England"))


def test_without_the_gate_common_words_in_a_names_place_are_left_alone():
    src = "The Bank of England raised interest rates on Thursday."
    mt = "رفعت ضفة إنجلترا أسعار الفائدة يوم الخميس."
    bt = "The shore of England raised interest rates on Thursday."
    assert flags_of(src, mt, bt, similarity="off") == []
    # ...while what needs no gate is still flagged
    assert (
        len(
            flags_of(
                "The minister did not attend the meeting.",
                "حضر الوزير الاجتماع.",
                "The minister attended the meeting.",
                similarity="off",
            )
        )
        == 1
    )


# Round trips that keep the meaning: no flag.
PARAPHRASES = [
    pytest.param(
        "Police arrested two men in Manchester on Sunday.",
        "اعتقلت الشرطة رجلين في مانشستر يوم الأحد.",
        "Police detained two men in Manchester on Sunday.",
        id="synonym",
    ),
    pytest.param(
        "The army retook the presidential palace in Khartoum.",
        "استعاد الجيش السيطرة على القصر الرئاسي في الخرطوم.",
        "The presidential palace in Khartoum was recaptured by the army.",
        id="voice",
    ),
    pytest.param(
        "The ball is now in Washington's court, a senior Iranian diplomat said.",
        "قال دبلوماسي إيراني رفيع إن الكرة الآن في ملعب واشنطن.",
        "A senior Iranian diplomat said the ball is now in Washington's court.",
        id="reordered-clauses",
    ),
    pytest.param(
        "The UN and the EU condemned the attack on the convoy.",
        "أدانت الأمم المتحدة والاتحاد الأوروبي الهجوم على القافلة.",
        "The United Nations and the European Union condemned the attack on the convoy.",
        id="abbreviations-expanded",
    ),
    pytest.param(
        "Troops fired on the crowd, and three MPs condemned the shooting.",
        "أطلقت القوات النار على الحشد، وأدان ثلاثة نواب إطلاق النار.",
        "The forces opened fire on the crowd, and three members of parliament condemned the "
        "shooting.",
        id="sentence-initial-word-and-plural-acronym",
    ),
    pytest.param(
        "The US and China agreed to cut tariffs.",
        "اتفقت واشنطن وبكين على خفض الرسوم الجمركية.",
        "Washington and Beijing agreed to reduce customs duties.",
        id="capitals-for-countries",
    ),
    pytest.param(
        "Sudan's army said it had retaken the palace.",
        "قال الجيش السوداني إنه استعاد القصر.",
        "The Sudanese army said it regained the palace.",
        id="demonym",
    ),
    pytest.param(
        "Egyptian Foreign Minister Badr Abdelatty met his Saudi counterpart in Riyadh.",
        "التقى وزير الخارجية المصري بدر عبد العاطي نظيره السعودي في الرياض.",
        "Egyptian Foreign Minister Badr Abdel Aty met his Saudi counterpart in Riyadh.",
        id="name-spelt-anew",
    ),
    pytest.param(
        "The minister did not attend the meeting.",
        "تغيّب الوزير عن الاجتماع.",
        "The minister was absent from the meeting.",
        id="negation-as-negative-word",
    ),
    pytest.param(
        "It is not clear who fired the first shot.",
        "من غير الواضح من أطلق الرصاصة الأولى.",
        "It is unclear who fired the first bullet.",
        id="negation-as-prefix",
    ),
    pytest.param(
        "The minister did not attend the meeting.",
        "لم يحضر الوزير الاجتماع.",
        "The minister attended the meeting.",
        id="negation-lost-by-the-back-translation",
    ),
    pytest.param(
        "The minister said both sides must not give up.",
        "قال الوزير إنه يجب ألا يستسلم الطرفان.",  # …must not (ألا = أن لا) give up
        "The minister said the two sides must give up.",
        id="negation-kept-as-alla",
    ),
    pytest.param(
        'The pressure must continue. "We must not stop now," said the deputy minister.',
        "قال نائب الوزير: «يجب أن يستمر الضغط. يجب ألا نتوقف الآن».",
        'The deputy minister said: "The pressure must continue. We must not stop now."',
        id="negation-moved-to-another-sentence",
    ),
    pytest.param(
        "The deal covers not only grain but also fertiliser.",
        "يشمل الاتفاق الحبوب والأسمدة على حد سواء.",
        "The agreement covers both grain and fertilizer.",
        id="not-only",
    ),
    pytest.param(
        "The talks will resume next week in Geneva.",
        "ستُستأنف المحادثات الأسبوع المقبل في جنيف.",
        "The talks will resume next week in Geneva.",
        id="bt-equals-src",
    ),
    pytest.param(
        "Daniel Sturridge saved Liverpool from a Premier League loss to Chelsea.",
        "أنقذ دانييل ستوريدج ليفربول من خسارة في الدوري الإنجليزي.",
        "Daniel Sturridge saved Liverpool from a defeat in the English league.",
        id="name-dropped-is-an-omission",
    ),
]


@pytest.mark.parametrize(("src", "mt", "bt"), PARAPHRASES)
def test_paraphrases_are_not_flagged(src, mt, bt):
    assert flags_of(src, mt, bt) == []


def test_no_back_translation_no_flags():
    assert flags_of("The minister did not attend the meeting.", "حضر الوزير الاجتماع.", None) == []


def test_a_sentence_count_that_differs_leaves_the_span_null():
    src = "The talks lasted two hours. The sides did not agree on a ceasefire."
    mt = "استمرت المحادثات ساعتين واتفق الطرفان على وقف إطلاق النار."  # one Arabic sentence
    bt = "The talks lasted two hours. The two sides agreed on a ceasefire."
    flags = flags_of(src, mt, bt)
    assert [(f.span, f.text) for f in flags] == [(None, "")]


def test_the_check_is_registered_and_declares_its_category():
    check = CHECKS.get("mistranslation")
    assert check.categories == ("mistranslation",) and check.needs_entities


def test_the_gate_switched_off_answers_nothing():
    assert TextSimilarity("off")("the bank", "the shore") is None


def test_a_malformed_opposites_lexicon_is_refused(tmp_path):
    path = tmp_path / "opposites.yaml"
    path.write_text("opposites:\n  - [rise, fall]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="list of sides"):
        build_checks({"mistranslation": CheckConfig(options={"opposites": str(path)})})
