"""Part A checks (untranslated, names, numbers) on the sample article data/news/istanbul-talks.

The article's Arabic is real machine translation: the flags an editor would mark must be
there, and the things it got right must not be flagged.
"""

from __future__ import annotations

import pytest

from tarjama.checks.names import NameInconsistencyCheck, NameTransliterationCheck
from tarjama.checks.numbers import NumberCheck
from tarjama.checks.runner import run_checks
from tarjama.checks.untranslated import UntranslatedCheck
from tarjama.data import load_document_pair

PART_A = (UntranslatedCheck, NameTransliterationCheck, NameInconsistencyCheck, NumberCheck)


@pytest.fixture(scope="module")
def article(sample_dir_path):
    return load_document_pair(
        sample_dir_path / "src.en.txt",
        sample_dir_path / "mt.ar.txt",
        bt=sample_dir_path / "bt.en.txt",
    )


@pytest.fixture(scope="module")
def sample_dir_path():
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "data" / "news" / "istanbul-talks"


@pytest.fixture(scope="module")
def flags(article):
    by_segment = run_checks(article, [cls() for cls in PART_A])
    found = [flag for seg_flags in by_segment.values() for flag in seg_flags]
    mt = {seg.id: seg.mt for seg in article.segments}
    for flag in found:
        if flag.span is not None:
            assert flag.text == mt[flag.id][flag.span[0] : flag.span[1]]
    return found


def pairs(flags, category):
    return {(f.id, f.text) for f in flags if f.category == category}


def test_names_left_in_latin_are_untranslated(flags):
    assert pairs(flags, "untranslated") == {
        ("3", "Umerov"),
        ("5", "Dolmabahce"),
        ("6", "Heorhii Tykhii"),
    }


def test_untranslated_flags_point_at_the_copied_source_words(flags, article):
    src = {seg.id: seg.src for seg in article.segments}
    copied = {
        src[f.id][f.source_span[0] : f.source_span[1]]
        for f in flags
        if f.category == "untranslated"
    }
    assert copied == {"Umerov", "Dolmabahçe", "Heorhii Tykhii"}


def test_hakan_fian_is_a_misspelt_name(flags):
    misspelt = pairs(flags, "name-transliteration")
    assert {("3", "هاكان فيان"), ("5", "هاكان فيان")} <= misspelt


def test_kyslytsya_with_an_inserted_vowel_is_a_minor_misspelling(flags):
    # "كيسليتيسيا" puts a ي inside the ts of Kyslytsya; Arabic news writes كيسليتسيا.
    [flag] = [f for f in flags if "كيسليتيسيا" in f.text]
    assert (flag.id, flag.text, flag.category, flag.severity, flag.suggestion) == (
        "10",
        "سيرهي كيسليتيسيا",
        "name-transliteration",
        "minor",
        "سيرهي كيسليتسيا",
    )


def test_the_two_spellings_of_umerov_are_inconsistent(flags):
    [flag] = [f for f in flags if f.category == "name-inconsistency"]
    assert (flag.id, flag.text, flag.suggestion) == ("3", "Umerov", "أومروف")


def test_no_name_is_reported_missing(flags):
    # Every source name has a rendering (in Latin, misspelt or correct): no false omission.
    assert [f for f in flags if f.category == "omission"] == []


@pytest.mark.parametrize(
    "correct",
    [
        "بوتين",
        "فلاديمير",
        "زيلنسكي",
        "ميدينسكي",
        "ترامب",
        "دونالد",
        "كييف",
        "موسكو",
        "روستم",
        "1000",
        "2022",
    ],
)
def test_correct_renderings_are_not_flagged(flags, correct):
    assert not [f for f in flags if correct in f.text]


def test_no_number_flags(flags):
    # 1,000 = 1000, 2022 three times, "less than two hours" = "أقل من ساعتين": all agree.
    assert pairs(flags, "number") == set()


@pytest.mark.parametrize("segment_id", ["0", "1", "2", "7", "8", "11"])
def test_paragraphs_without_name_or_number_errors_have_no_part_a_flag(flags, segment_id):
    assert [f for f in flags if f.id == segment_id] == []
