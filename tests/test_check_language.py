"""Whole-segment checks: empty output, copies of the source, output in the wrong language."""

from __future__ import annotations

import pytest

from tarjama.checks.language import WrongLanguageCheck, detect_language
from tarjama.data import Segment

SRC = ("Kyiv and Moscow agreed to exchange 1,000 prisoners of war each, according to the heads "
       "of both delegations.")


def flags_for(mt: str, src: str = SRC) -> list[tuple[str, str, str]]:
    check = WrongLanguageCheck(src_lang="en", tgt_lang="ar")
    flags = check.check_segment(Segment(id="s", doc_id="d", src=src, mt=mt))
    for flag in flags:
        assert flag.span is None and flag.text == ""
    return [(flag.category, flag.severity, flag.message) for flag in flags]


@pytest.mark.parametrize(("mt", "category", "detail"), [
    ("", "empty", "empty"),
    ("   \n ", "empty", "empty"),
    ("…", "empty", "empty"),  # punctuation only
    (SRC, "source-copy", "copy of the source"),
    # copied with trivial changes (digits, punctuation, case)
    (SRC.replace("1,000", "1000").upper().rstrip("."), "source-copy", "copy of the source"),
    # English, but not the source: the model paraphrased instead of translating
    ("Kyiv and Moscow have agreed to swap a thousand prisoners of war each, the two delegations said.",
     "wrong-language", "in English"),
    # French — "Kyiv and Moscow agreed to exchange 1,000 prisoners each ..."
    (("Kiev et Moscou ont convenu d'échanger 1 000 prisonniers de guerre chacun, selon les chefs "
      "des deux délégations."), "wrong-language", "in French"),
    # Persian in Arabic script — the same sentence
    ("کیف و مسکو توافق کردند که هر کدام ۱۰۰۰ اسیر جنگی را مبادله کنند، به گفته رؤسای هر دو هیئت.",
     "wrong-language", "in Persian"),
    # Urdu in Arabic script — the same sentence
    ("کیف اور ماسکو نے ہر ایک کے ایک ہزار جنگی قیدیوں کے تبادلے پر اتفاق کیا ہے۔",
     "wrong-language", "in Urdu"),
])
def test_whole_segment_failures(mt: str, category: str, detail: str) -> None:
    flags = flags_for(mt)
    assert [(c, s) for c, s, _ in flags] == [(category, "critical")]
    assert detail in flags[0][2]


@pytest.mark.parametrize(("src", "mt"), [
    # the Arabic translation
    (SRC, "اتفقت كييف وموسكو على تبادل 1000 أسير حرب لكل منهما، وفقًا لرئيسي الوفدين."),
    # Arabic with a name left in Latin script: the untranslated check's business, not this one's
    ("Ukrainian Defence Minister Rustem Umerov represented Kyiv.",
     "مثّل وزير الدفاع الأوكراني روستم Umerov كييف."),
    # Arabic that writes a foreign name with پ (Persian pe): still Arabic
    ("Paris and Prague signed the accord.", "وقّعت پاريس وبراغ على الاتفاق."),
    # short segments kept as they are: names, acronyms, numbers
    ("NATO", "NATO"),
    ("Rustem Umerov", "Rustem Umerov"),
    ("2025", "2025"),
    # both empty: nothing was there to translate
    ("", ""),
])
def test_good_or_unjudgeable_output_is_not_flagged(src: str, mt: str) -> None:
    assert flags_for(mt, src) == []


def test_detector_is_built_once() -> None:
    from tarjama.checks.language import _detector

    assert detect_language("This is plainly an English sentence about the talks.") == "ENGLISH"
    assert _detector() is _detector()
