"""Whole-segment checks: empty output, copies of the source, output in the wrong language."""

from __future__ import annotations

import pytest

from tarjama.checks.language import WrongLanguageCheck, WrongLanguageOptions, detect_language
from tarjama.checks.untranslated import WRONG_LANGUAGE_SHARE
from tarjama.data import Segment

SRC = (
    "Kyiv and Moscow agreed to exchange 1,000 prisoners of war each, according to the heads "
    "of both delegations."
)


def flags_for(mt: str, src: str = SRC, **options: float) -> list[tuple[str, str, str]]:
    check = WrongLanguageCheck(WrongLanguageOptions(**options))
    flags = check.check_segment(Segment(id="s", doc_id="d", src=src, mt=mt))
    for flag in flags:
        assert flag.span is None and flag.text == ""
    return [(flag.category, flag.severity, flag.message) for flag in flags]


@pytest.mark.parametrize(
    ("mt", "category", "detail"),
    [
        ("", "empty", "empty"),
        ("   \n ", "empty", "empty"),
        ("…", "empty", "empty"),  # punctuation only
        (SRC, "source-copy", "copy of the source"),
        # copied with trivial changes (digits, punctuation, case)
        (SRC.replace("1,000", "1000").upper().rstrip("."), "source-copy", "copy of the source"),
        # English, but not the source: the model paraphrased instead of translating
        (
            "Kyiv and Moscow have agreed to swap a thousand prisoners of war each, the two delegations said.",
            "wrong-language",
            "in English",
        ),
        # French — "Kyiv and Moscow agreed to exchange 1,000 prisoners each ..."
        (
            (
                "Kiev et Moscou ont convenu d'échanger 1 000 prisonniers de guerre chacun, selon les chefs "
                "des deux délégations."
            ),
            "wrong-language",
            "in French",
        ),
        # Persian in Arabic script — the same sentence
        (
            "کیف و مسکو توافق کردند که هر کدام ۱۰۰۰ اسیر جنگی را مبادله کنند، به گفته رؤسای هر دو هیئت.",
            "wrong-language",
            "in Persian",
        ),
        # Urdu in Arabic script — the same sentence
        (
            "کیف اور ماسکو نے ہر ایک کے ایک ہزار جنگی قیدیوں کے تبادلے پر اتفاق کیا ہے۔",
            "wrong-language",
            "in Urdu",
        ),
        # Pashto in Arabic script — "Kyiv and Moscow agreed to exchange a thousand prisoners each"
        (
            "کیف او مسکو موافقه وکړه چې هر یو به زر جنګي بندیان سره تبادله کړي.",
            "wrong-language",
            "in Pashto",
        ),
        # Kurdish (Sorani) in Arabic script — the same
        (
            "کیێڤ و مۆسکۆ ڕێککەوتن لەسەر ئاڵوگۆڕکردنی هەزار دیلی جەنگ لە هەر لایەک.",
            "wrong-language",
            "in Kurdish",
        ),
        # Hebrew — "Kyiv and Moscow agreed to exchange a thousand prisoners of war"
        (
            "קייב ומוסקבה הסכימו להחליף אלף שבויי מלחמה כל אחת, לדברי ראשי המשלחות.",
            "wrong-language",
            "in Hebrew",
        ),
        # Hebrew, short: too few letters to ask a language identifier, but no Arabic at all
        # — "Agreement signed"
        ("ההסכם נחתם", "wrong-language", "in Hebrew"),
        # Russian (Cyrillic, named by lingua) — the same sentence as the French
        (
            "Киев и Москва договорились обменять по 1000 военнопленных, сообщили главы делегаций.",
            "wrong-language",
            "in Russian",
        ),
        # Greek — "Kyiv and Moscow agreed to exchange 1,000 prisoners of war each"
        (
            "Το Κίεβο και η Μόσχα συμφώνησαν να ανταλλάξουν 1.000 αιχμαλώτους πολέμου η καθεμία.",
            "wrong-language",
            "in Greek",
        ),
        # Chinese — the same
        (
            "基辅和莫斯科同意各自交换1000名战俘，两国代表团团长表示。",
            "wrong-language",
            "in Chinese",
        ),
        # Japanese (kanji with kana) — the same
        (
            "キーウとモスクワは、それぞれ1000人の捕虜を交換することで合意した。",
            "wrong-language",
            "in Japanese",
        ),
        # Hindi (Devanagari) — the same
        (
            "कीव और मॉस्को ने एक-दूसरे के 1,000 युद्धबंदियों की अदला-बदली पर सहमति जताई।",
            "wrong-language",
            "in Devanagari",
        ),
        # Korean — the same
        (
            "키이우와 모스크바는 각각 포로 1000명을 교환하기로 합의했다.",
            "wrong-language",
            "in Korean",
        ),
    ],
)
def test_whole_segment_failures(mt: str, category: str, detail: str) -> None:
    flags = flags_for(mt)
    assert [(c, s) for c, s, _ in flags] == [(category, "critical")]
    assert detail in flags[0][2]


@pytest.mark.parametrize(
    ("src", "mt"),
    [
        # the Arabic translation
        (SRC, "اتفقت كييف وموسكو على تبادل 1000 أسير حرب لكل منهما، وفقًا لرئيسي الوفدين."),
        # Arabic with a name left in Latin script: the untranslated check's business, not this one's
        (
            "Ukrainian Defence Minister Rustem Umerov represented Kyiv.",
            "مثّل وزير الدفاع الأوكراني روستم Umerov كييف.",
        ),
        # Arabic that writes a foreign name with پ (Persian pe): still Arabic
        ("Paris and Prague signed the accord.", "وقّعت پاريس وبراغ على الاتفاق."),
        # Arabic that writes foreign names with ڤ, پ and گ: still Arabic
        (
            "Vladimir Putin and Antonio Guterres discussed the exchange of prisoners.",
            "ناقش ڤلاديمير پوتين وأنطونيو گوتيريش تبادل الأسرى.",
        ),
        # Arabic typed on a Persian keyboard (ی and ک for ي and ك): still Arabic
        # — "The foreign minister will visit Tehran next week to discuss the talks."
        (
            "The foreign minister will visit Tehran next week to discuss the talks.",
            "سیزور وزیر الخارجیة طهران الأسبوع المقبل لبحث المحادثات مع نظیره.",
        ),
        # Arabic quoting a Kurdish place name in Kurdish spelling: a few Sorani letters
        # — "The delegation arrived in Erbil (Hewlêr) on Monday."
        (
            "The delegation arrived in Erbil (Hewlêr) on Monday.",
            "وصل الوفد إلى أربيل (هەولێر) يوم الاثنين.",
        ),
        # Arabic citing a Hebrew newspaper by its Hebrew name
        # — "Yedioth Ahronoth reported that the talks had stalled."
        (
            "Yedioth Ahronoth reported that the talks had stalled.",
            "ذكرت صحيفة يديعوت أحرونوت (ידיעות אחרונות) أن المحادثات قد تعثرت مجددًا.",
        ),
        # short segments kept as they are: names, acronyms, numbers
        ("NATO", "NATO"),
        ("Rustem Umerov", "Rustem Umerov"),
        ("2025", "2025"),
        # both empty: nothing was there to translate
        ("", ""),
    ],
)
def test_good_or_unjudgeable_output_is_not_flagged(src: str, mt: str) -> None:
    assert flags_for(mt, src) == []


def test_mostly_foreign_output_is_flagged_whatever_min_script_share_says() -> None:
    # French with an Arabic tail: about 11% Arabic letters, above a min_script_share of 0.1
    # but with more than WRONG_LANGUAGE_SHARE foreign, where the untranslated check defers.
    mt = (
        "Kiev et Moscou ont convenu d'échanger 1 000 prisonniers de guerre chacun, selon les "
        "chefs des deux délégations، وفقًا للوفدين"
    )
    assert WRONG_LANGUAGE_SHARE < 0.9
    assert [c for c, _, _ in flags_for(mt, min_script_share=0.1)] == ["wrong-language"]


def test_detector_names_the_language() -> None:
    assert detect_language("This is plainly an English sentence about the talks.") == "ENGLISH"


@pytest.mark.parametrize(
    ("mt", "flagged"),
    [
        # Persian written with Arabic letters only ("that work was done and it is finished"): آن,
        # شده, است are Persian function words
        ("آن عمل انجام شده است و تمام شده است.", True),
        # Arabic with one such word inside ("This book is") is Arabic
        ("هذا الكتاب است", False),
        # "The president received the delegation and said the meeting" with است inside a word
        ("استقبل الرئيس الوفد، وقال إن الاجتماع شده", False),
    ],
)
def test_sister_language_in_arabic_letters(mt: str, flagged: bool) -> None:
    flags = flags_for(mt, "That work was done and it is finished.")
    assert bool(flags) is flagged
    assert all("Persian" in message for _, _, message in flags)


@pytest.mark.parametrize(
    ("mt", "flagged"),
    [
        # 15 Latin letters and 15 Arabic ones: exactly half is enough
        ("Hello there world جحخ شصض ذظغ جحخ شصض", False),
        ("Hello there world جحخ شصض ذظغ جحخ شص", True),  # 14 of 29
        ("Hello there world wide web ذظغ ضض", True),  # 24 Latin, 5 Arabic letters
    ],
)
def test_share_of_target_letters(mt: str, flagged: bool) -> None:
    assert bool(flags_for(mt, "The talks ended.")) is flagged
