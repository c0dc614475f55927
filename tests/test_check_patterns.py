"""The regex helpers shared by the checks: trie alternations and a factored word-start test."""

from __future__ import annotations

import re

import pytest

from tarjama.checks.patterns import WORD_START, alternation, trie_pattern

WORDS = ["read", "re", "translat", "translation", "ab", "ثلاث", "ثلاثة", "ثلاثون"]


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("read", True),
        ("re", True),
        ("translation", True),
        ("translat", True),
        ("ab", True),
        ("ثلاثة", True),  # three
        ("ثلاثون", True),  # thirty
        ("r", False),
        ("rea", False),
        ("translati", False),
        ("a", False),
        ("", False),
        ("ثلا", False),  # a prefix of "three", not a word of the list
    ],
)
def test_trie_pattern_matches_exactly_the_words(text: str, matches: bool) -> None:
    assert bool(re.fullmatch(trie_pattern(WORDS), text)) is matches


def test_trie_pattern_of_no_words_matches_only_empty() -> None:
    assert re.fullmatch(trie_pattern([]), "") and not re.fullmatch(trie_pattern([]), "a")


@pytest.mark.parametrize(
    "text",
    [
        "read more: translation of the report",
        "xread more and re-read, ab ab-ab",
        "اقرأ المزيد: ثلاثة وثلاثون",  # read more: three and thirty
        "",
    ],
)
@pytest.mark.parametrize("lead", [WORD_START, r"\b"])
def test_alternation_finds_what_the_flat_alternation_finds(text: str, lead: str) -> None:
    bodies = [r"read\s+more", r"re", r"ab(?!\w)", r"ثلاث\w*"]
    flat = re.compile("|".join(f"{lead}(?:{body})" for body in bodies), re.IGNORECASE)
    factored = alternation(lead, bodies, re.IGNORECASE)
    assert [m.span() for m in factored.finditer(text)] == [m.span() for m in flat.finditer(text)]
