"""The Flag record: its fields, validation and immutability."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from tarjama.data import Segment
from tarjama.flags import Flag

# "Umerov left in Latin script" (روستم Umerov = Rustem Umerov)
SEGMENT = Segment(id="s1", doc_id="d1", src="Rustem Umerov arrived.", mt="وصل روستم Umerov.")


def _flag(**changes: object) -> Flag:
    fields = {
        "category": "untranslated",
        "severity": "major",
        "message": "left in Latin",
        "check": "untranslated",
        "source_span": (7, 13),
    } | changes
    return Flag.at(SEGMENT, (10, 16), **fields)  # type: ignore[arg-type]


def test_at_takes_the_text_from_the_span_and_sets_every_field() -> None:
    flag = _flag(suggestion="أوميروف")
    assert (
        flag.id,
        flag.category,
        flag.severity,
        flag.span,
        flag.text,
        flag.message,
        flag.check,
        flag.source_span,
        flag.suggestion,
    ) == (
        "s1",
        "untranslated",
        "major",
        (10, 16),
        "Umerov",
        "left in Latin",
        "untranslated",
        (7, 13),
        "أوميروف",
    )
    assert Flag.at(SEGMENT, None, category="empty", severity="critical", message="m").text == ""


def test_keyword_construction_defaults_and_equality() -> None:
    by_keyword = Flag(
        id="s1",
        category="untranslated",
        severity="major",
        span=(10, 16),
        text="Umerov",
        message="left in Latin",
        check="untranslated",
        source_span=(7, 13),
    )
    assert by_keyword == _flag()
    assert hash(by_keyword) == hash(_flag())
    assert by_keyword.suggestion is None
    assert by_keyword != _flag(severity="minor")


def test_unknown_category_or_severity_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown flag category 'typo'"):
        _flag(category="typo")
    with pytest.raises(ValueError, match="unknown severity 'fatal'"):
        _flag(severity="fatal")


def test_flags_are_frozen_and_copy_like_dataclasses() -> None:
    flag = _flag()
    with pytest.raises(dataclasses.FrozenInstanceError):
        flag.span = (0, 1)  # type: ignore[misc]
    assert not hasattr(flag, "__dict__")  # slots only: datasets hold many flags
    minor = dataclasses.replace(flag, severity="minor")
    assert (minor.severity, minor.text, flag.severity) == ("minor", "Umerov", "major")
    assert pickle.loads(pickle.dumps(flag)) == flag
    assert copy.deepcopy(flag) == flag
    assert [f.name for f in dataclasses.fields(Flag)] == [
        "id",
        "category",
        "severity",
        "span",
        "text",
        "message",
        "check",
        "source_span",
        "suggestion",
    ]


def test_dict_round_trip() -> None:
    flag = _flag()
    data = flag.to_dict()
    assert data["span"] == [10, 16] and "suggestion" not in data
    assert Flag.from_dict(data) == flag


def test_a_check_may_only_emit_the_categories_it_declares() -> None:
    from tarjama.checks.base import Check

    class Punctuation(Check):
        name = "punctuation-probe"
        categories = ("punctuation",)

    seg = Segment(id="s1", doc_id="d", src="Talks began.", mt="بدأت المحادثات .")  # "Talks began."
    flag = Punctuation().flag(seg, (14, 16), category="punctuation", severity="minor", message="m")
    assert (flag.check, flag.text, flag.id) == ("punctuation-probe", " .", "s1")
    with pytest.raises(ValueError, match="does not emit category 'idiom'"):
        Punctuation().flag(seg, (14, 16), category="idiom", severity="minor", message="m")
