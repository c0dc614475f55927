"""The sample article (data/news/istanbul-talks): what the part-B checks must find, and spare."""

from __future__ import annotations

import pytest

from tarjama.checks.runner import build_checks, run_checks
from tarjama.config import CheckConfig
from tarjama.data import Dataset, load_document_pair
from tests.conftest import SAMPLE_DIR

PART_B = ("idiom", "addition", "punctuation", "repetition", "wrong-language")


@pytest.fixture(scope="module")
def article() -> tuple[Dataset, dict]:
    dataset = load_document_pair(
        SAMPLE_DIR / "src.en.txt", SAMPLE_DIR / "mt.ar.txt", bt=SAMPLE_DIR / "bt.en.txt"
    )
    checks = build_checks({name: CheckConfig() for name in PART_B})
    return dataset, run_checks(dataset, checks)


def flags_of(article, index: int, category: str) -> list:
    dataset, flags = article
    return [f for f in flags[dataset.segments[index].id] if f.category == category]


def test_every_span_points_at_its_text(article) -> None:
    dataset, flags = article
    for segment in dataset.segments:
        for flag in flags[segment.id]:
            if flag.span is not None:
                assert flag.text == segment.mt[flag.span[0] : flag.span[1]]


def test_read_more_paragraph_is_an_addition(article) -> None:
    # Paragraph 5: "اقرأ المزيد: …" — a scraped link to another story (the source has it too).
    dataset, _ = article
    [flag] = flags_of(article, 4, "addition")
    assert flag.text == dataset.segments[4].mt.strip()
    assert flag.text.startswith("اقرأ المزيد:")


def test_pushed_back_against_is_an_idiom(article) -> None:
    # Paragraph 7: "لقد دفع الكرملين إلى الخلف ضد" for "The Kremlin has pushed back against".
    [flag] = flags_of(article, 6, "idiom")
    assert flag.text == "دفع الكرملين إلى الخلف"
    assert "push back against" in flag.message


def test_spaces_before_arabic_commas_are_punctuation(article) -> None:
    # Paragraph 1: "… لكل منهما ، وفقًا لرؤساء كلا الوفدين ، فيما …"
    flags = flags_of(article, 0, "punctuation")
    assert [f.text for f in flags] == [" ،", " ،"]
    dataset, all_flags = article
    n_spaced_commas = sum(seg.mt.count(" ،") for seg in dataset.segments)
    assert (
        sum(f.text == " ،" for seg in dataset.segments for f in all_flags[seg.id])
        == n_spaced_commas
    )


def test_nothing_else_is_flagged_by_these_checks(article) -> None:
    # No repetition (paragraph 10 restates paragraph 1, but so does the source), no wrong
    # language, no omission; the only addition is the "Read more" line; one idiom.
    dataset, flags = article
    others = [
        (seg.id, f.category, f.text)
        for seg in dataset.segments
        for f in flags[seg.id]
        if f.category != "punctuation"
    ]
    assert others == [
        (dataset.segments[4].id, "addition", dataset.segments[4].mt.strip()),
        (dataset.segments[6].id, "idiom", "دفع الكرملين إلى الخلف"),
    ]
