"""Arabic normalisation, offset mapping and tokens — each step on real words."""

from __future__ import annotations

import pytest

from tarjama.errors import ConfigError
from tarjama.lang import get_language
from tarjama.lang.ar import (
    STEPS,
    deleted_positions,
    normalise,
    normalise_with_offsets,
    original_index,
)
from tarjama.lang.tokens import word_tokens


@pytest.mark.parametrize(
    "step, text, expected",
    [
        ("diacritics", "وفقًا", "وفقا"),  # "according to" with tanween
        ("diacritics", "مُحَادَثَات", "محادثات"),  # "talks", fully vowelled
        ("tatweel", "الـــخلف", "الخلف"),  # "the back", stretched with tatweel
        ("alef", "أوكرانيا", "اوكرانيا"),  # "Ukraine", hamza on alef
        ("alef", "إسطنبول", "اسطنبول"),  # "Istanbul", hamza under alef
        ("alef", "آلاف", "الاف"),  # "thousands", madda
        ("hamza", "رؤساء", "روساء"),  # "heads": ؤ → و
        ("hamza", "رئيس", "رييس"),  # "president": ئ → ي
        ("yaa", "إلى", "إلي"),  # "to": alef maqsura → yaa
        ("taa", "المحادثة", "المحادثه"),  # "the conversation": taa marbuta → haa
        ("digits", "١٠٠٠ سجين", "1000 سجين"),  # "1000 prisoners", Arabic-Indic digits
        ("digits", "۲۰۲۲", "2022"),  # Persian digits
        ("digits", "٣٫٥", "3.5"),  # Arabic decimal separator
    ],
)
def test_each_normalisation_step(step, text, expected):
    assert normalise(text, (step,)) == expected


def test_all_steps_together():
    # "The Ukrainian president" in two spellings becomes one form.
    assert normalise("الرئيسُ الأوكرانيّ") == normalise("الرييس الاوكراني")


def test_unknown_step_is_rejected():
    with pytest.raises(ValueError, match="unknown Arabic normalisation step"):
        normalise("نص", ("stemming",))


def test_offsets_map_normalised_matches_back_to_the_original():
    # "The Kremlin pushed back" with diacritics and tatweel before the match.
    text = "دفَعَ الكرملـــين إلى الخلف"
    norm, offsets = normalise_with_offsets(text)
    start = norm.index("الي الخلف")
    end = start + len("الي الخلف")
    assert text[offsets[start] : offsets[end - 1] + 1] == "إلى الخلف"
    assert len(norm) == len(offsets) == len(text) - 2 - 3


@pytest.mark.parametrize(
    "text",
    [
        "دفَعَ الكرملـــين إلى الخلف",  # "the Kremlin pushed back": diacritics and tatweel
        "ضَرَبَ عُصْفُورَيْنِ بِحَجَرٍ",  # "killed two birds with a stone", fully vowelled
        "كسر الجليد",  # "broke the ice": nothing to delete
        "ًـٌ",  # marks and tatweel alone
    ],
)
@pytest.mark.parametrize("steps", [STEPS, ("tatweel", "alef"), ("diacritics",), ("alef",)])
def test_deleted_positions_give_the_offsets_one_index_at_a_time(text, steps):
    norm, offsets = normalise_with_offsets(text, steps)
    deleted = deleted_positions(text, steps)
    assert len(text) - len(deleted) == len(norm)
    assert [original_index(deleted, i) for i in range(len(norm))] == offsets


def test_word_tokens_keep_offsets_and_marks():
    # "Rustem Umerov represented Kyiv, according to" with a Latin name inside Arabic.
    text = "مثّل روستم Umerov كييف، وفقًا"
    tokens = word_tokens(text)
    assert [t.text for t in tokens] == ["مثّل", "روستم", "Umerov", "كييف", "وفقًا"]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_language_interface():
    arabic = get_language("ar")
    assert arabic.sacrebleu_tokenize == "intl" and arabic.normalisation_steps == STEPS
    assert arabic.script_share("روستم Umerov") == pytest.approx(5 / 11)
    assert get_language("en").normalise("Kyiv") == "Kyiv"
    with pytest.raises(ConfigError, match="unsupported language 'fa'"):
        get_language("fa")
