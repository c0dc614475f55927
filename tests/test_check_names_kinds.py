"""What a source name is decides its flags: persons and places are transliterated, organisations,
titles and nationalities translated; accepted conventions are no error; glued words are found.

Every test goes through the runner, as a run does (the checks read prepared segments, and the
English named-entity model where the cues leave a name open).
"""

from __future__ import annotations

import pytest

from tarjama.checks.names import NameTransliterationCheck
from tarjama.checks.runner import run_checks
from tarjama.checks.untranslated import UntranslatedCheck
from tarjama.data import Dataset, Segment


def flags(src: str, mt: str, check_class: type = NameTransliterationCheck) -> list[tuple]:
    found = run_checks(Dataset([Segment("s", "d", src, mt)]), [check_class()])["s"]
    for flag in found:
        assert flag.text == (mt[flag.span[0] : flag.span[1]] if flag.span else "")
    return [(f.category, f.severity, f.text) for f in found]


NOT_TRANSLITERATED = [
    # A nationality is an adjective: "Indonesian rescuers reached the village on Sunday."
    (
        "Indonesian rescuers reached the village on Sunday.",
        "وصل رجال الإنقاذ الإندونيسيون إلى القرية يوم الأحد.",
    ),
    # An organisation Arabic translates: "The National Weather Service issued a warning."
    (
        "The National Weather Service issued a flood warning.",
        "أصدرت هيئة الأرصاد الجوية الوطنية تحذيراً من الفيضانات.",
    ),
    # Headline capitals: "How the Fed lost its nerve".
    ("How the Fed Lost Its Nerve", "كيف فقد الاحتياطي الفيدرالي أعصابه"),
    # A channel's generic word translated: "Fox News Channel led all networks."
    (
        "Fox News Channel led all networks on Thursday.",
        "تصدرت قناة فوكس نيوز جميع الشبكات يوم الخميس.",
    ),
    # Party names in the plural: "The Democrats want a vote." (الديمقراطيون)
    (
        "The Democrats want a vote before the election.",
        "يريد الديمقراطيون إجراء تصويت قبل الانتخابات.",
    ),
    # A song's title translated: "Her new single Midnight Rain topped the charts."
    (
        "Her new single Midnight Rain topped the charts.",
        'تصدرت أغنيتها الجديدة "مطر منتصف الليل" قوائم الأغاني.',
    ),
]


@pytest.mark.parametrize("src, mt", NOT_TRANSLITERATED)
def test_names_that_arabic_translates_are_not_flagged(src, mt):
    assert flags(src, mt) == []


CONVENTIONS = [
    # Spanish ge/gi as خ: "Sergio Ramos scored twice."
    ("Sergio Ramos scored twice.", "سجل سيرخيو راموس هدفين."),
    # Italian ce/sce as ش: "Francesco Totti retired."
    ("Francesco Totti retired in 2017.", "اعتزل فرانشيسكو توتي في عام 2017."),
    # German st as شت, ei as اي: "Senator Dianne Feinstein questioned the nominee."
    (
        "Senator Dianne Feinstein questioned the nominee.",
        "استجوبت السيناتور ديان فاينشتاين المرشح.",
    ),
    # French silent finals and a particle written onto the name.
    (
        "French Foreign Minister Jean-Yves Le Drian arrived.",
        "وصل وزير الخارجية الفرنسي جان إيف لودريان.",
    ),
    # Slavic č/ć written تش though English drops the accents.
    ("Mateo Kovacic signed a new contract.", "وقع ماتيو كوفاتشيتش عقداً جديداً."),
    # Albanian xh as ش: "Xherdan Shaqiri passed to Sturridge."
    ("Xherdan Shaqiri passed the ball.", "مرر شيردان شاكيري الكرة."),
    # p as ف in an established form: "They met in Singapore."
    ("They met in Singapore in June.", "التقيا في سنغافورة في يونيو."),
    # h between vowels unwritten (Nugroho: نوجرو), g as ج.
    ("Nugroho said the toll would rise.", "قال نوجرو إن الحصيلة سترتفع."),
    # A consonant written twice with no vowel between counts once: إيفننج for Evening.
    ("The Guiyang Evening News reported it.", "ذكرت صحيفة جيوانج إيفننج نيوز ذلك."),
]


@pytest.mark.parametrize("src, mt", CONVENTIONS)
def test_accepted_conventions_are_not_flagged(src, mt):
    assert flags(src, mt) == []


def test_a_name_glued_to_its_neighbour_is_not_misspelt():
    # "Senator Lindsey Graham said in the hearing ...": غراهام with في glued on.
    assert (
        flags(
            "Senator Lindsey Graham said in the hearing that he would vote no.",
            "قال السيناتور ليندسي غراهامفي الجلسة إنه سيصوت بالرفض.",
        )
        == []
    )


def test_a_compound_written_as_two_words_is_not_misspelt():
    # "He was taken back to Whitehall." وايت هول, two words.
    assert (
        flags("He was taken back to Whitehall for a briefing.", "أعيد إلى وايت هول لحضور إحاطة.")
        == []
    )


@pytest.mark.parametrize(
    "src, mt, text",
    [
        # Two letters swapped: زيلينكسي for زيلينسكي.
        (
            "Ukrainian President Volodymyr Zelensky spoke.",
            "تحدث الرئيس الأوكراني فولوديمير زيلينكسي.",
            "فولوديمير زيلينكسي",
        ),
        # A letter added: سانشيزر for سانشيز (Pedro Sanchez called an election).
        (
            "Pedro Sanchez called an early election.",
            "دعا بيدرو سانشيزر إلى انتخابات مبكرة.",
            "بيدرو سانشيزر",
        ),
    ],
)
def test_misspellings_that_keep_the_skeleton_close_are_major(src, mt, text):
    assert flags(src, mt) == [("name-transliteration", "major", text)]


def test_another_convention_than_the_gazetteers_is_a_minor_house_style_note():
    # "Kim Jong Un watched the test": جونج writes g as ج where the gazetteer has جونغ.
    found = flags("Kim Jong Un watched the test.", "شاهد كيم جونج أون التجربة.")
    assert found == [("name-transliteration", "minor", "كيم جونج أون")]


def test_a_brands_misspelt_word_beside_a_correct_one_is_minor():
    # "The Fragrance Shop opened a store": فراجننس garbles Fragrance; شوب is right.
    found = flags(
        "The Fragrance Shop opened a new store in Croydon.",
        "افتتح متجر فراجننس شوب فرعاً جديداً في كرويدون.",
    )
    assert found == [("name-transliteration", "minor", "فراجننس شوب")]


def test_an_organisation_that_is_translated_is_no_omission_but_a_person_is():
    # "The Global Citizen Festival returns this weekend", translated word by word.
    assert (
        flags(
            "The Global Citizen Festival returns this weekend.",
            "يعود مهرجان المواطن العالمي في عطلة نهاية هذا الأسبوع.",
        )
        == []
    )
    # "Chilean President Gabriel Boric met the delegation", without his name.
    assert flags(
        "Chilean President Gabriel Boric met the delegation.", "التقى الرئيس التشيلي الوفد."
    ) == [("omission", "major", "")]


UNTRANSLATED_SEVERITY = [
    # A place left in Latin: major ("The storm hit the town of Mamuju.")
    ("The storm hit the town of Mamuju.", "ضربت العاصفة بلدة Mamuju.", "major"),
    # A person left in Latin: major ("Mayor Pietro Caldarelli welcomed the plan.")
    (
        "Mayor Pietro Caldarelli welcomed the plan.",
        "رحب رئيس البلدية Pietro Caldarelli بالخطة.",
        "major",
    ),
    # A common English word left in Latin: major ("Police said the protest was peaceful.")
    ("Police said the protest was peaceful.", "قالت الشرطة إن protest كانت سلمية.", "major"),
    # A series' title in quotes: minor ("She starred in the series Silent Harbour.")
    (
        "She starred in the series Silent Harbour.",
        'قامت ببطولة مسلسل "Silent Harbour" الشهير.',
        "minor",
    ),
    # A company (its name ends in Motors): minor ("The head of Volkner Motors resigned.")
    (
        "The chief executive of Volkner Motors resigned on Monday.",
        "استقال الرئيس التنفيذي لشركة Volkner Motors يوم الاثنين الماضي.",
        "minor",
    ),
    # An album named after its kind: minor ("He will release his new album Brightwater.")
    (
        "He will release his new album Brightwater on Friday.",
        "سيصدر ألبومه الجديد Brightwater يوم الجمعة المقبل.",
        "minor",
    ),
    # A station's call letters: minor ("He told KXTV in Sacramento ...")
    (
        "He told KXTV in Sacramento that he was safe.",
        "وقال لمحطة KXTV في ساكرامنتو إنه بخير وفي أمان.",
        "minor",
    ),
    # The original word cited in brackets after its Arabic rendering: minor.
    (
        "So-called clicktivism spread online.",
        "انتشر ما يسمى الحراك بالنقر (clicktivism) على الإنترنت.",
        "minor",
    ),
]


@pytest.mark.parametrize("src, mt, severity", UNTRANSLATED_SEVERITY)
def test_untranslated_severity_follows_what_the_latin_text_is(src, mt, severity):
    found = flags(src, mt, UntranslatedCheck)
    assert [s for _, s, _ in found] == [severity]
