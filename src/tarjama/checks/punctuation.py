"""The punctuation check: Arabic typographic conventions broken in the MT.

Spaces before Arabic punctuation ("وفقًا ، "), Latin , ; ? after Arabic letters (Arabic uses
، ؛ ؟), no space after "،" or after a sentence's end, unbalanced quotes and brackets, stray
bidirectional control characters and doubled spaces. Numbers keep their Latin separators
(1,000). Doubled or stacked marks ("..", "،،", ".،"), but not an ellipsis or "؟!". All minor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.patterns import contains_any
from tarjama.checks.prepared import PreparedSegment
from tarjama.flags import Flag

_LETTER = r"\u0620-\u063F\u0641-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06FA-\u06FC\u0750-\u077F"
_MARKS = r"\u064B-\u065F\u0670\u0640"  # diacritics and tatweel, which may follow a letter

_AFTER_ARABIC = re.compile(rf"[{_LETTER}{_MARKS}]")
_AFTER_TEXT = re.compile(r"\S")
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Two or more marks in a row ("..", "،،", ".،"), except an ellipsis ("...") and runs of
# exclamation and question marks alone ("!!", "؟!"), which news prose uses on purpose.
MARK_RUN = re.compile(r"[.،؛,;:!؟?]{2,}")
SPACES = " \t\u00a0"


def _pairs(firsts: str, seconds: str) -> tuple[str, ...]:
    return tuple(a + b for a in firsts for b in seconds)


class Rule(NamedTuple):
    """A convention: the pattern whose match is the span; what the character before the span
    must be (None: anything); the message; and texts of which every match holds one (a text
    with none of them is not searched)."""

    pattern: re.Pattern[str]
    preceded_by: re.Pattern[str] | None
    message: str
    needles: tuple[str, ...]


RULES = (
    Rule(
        re.compile(r"[ \t\u00A0]+[،؛؟]"),
        None,
        "space before Arabic punctuation; Arabic sets the mark against the preceding word",
        _pairs(SPACES, "،؛؟"),
    ),
    Rule(
        re.compile(r"[ \t\u00A0]+[.!:](?=\s|$)"),
        _AFTER_ARABIC,
        "space before a full stop, colon or exclamation mark",
        _pairs(SPACES, ".!:"),
    ),
    Rule(
        re.compile(r"[,;?](?!\d)"),
        _AFTER_ARABIC,
        "Latin punctuation after an Arabic word; use ، ؛ ؟",
        tuple(",;?"),
    ),
    Rule(
        re.compile(rf"[ \t][,;?](?=[ \t]*[{_LETTER}])"),
        _AFTER_ARABIC,
        "Latin punctuation between Arabic words; use ، ؛ ؟",
        _pairs(" \t", ",;?"),
    ),
    Rule(
        re.compile(rf"[،؛](?=[{_LETTER}A-Za-z])"),
        None,
        "no space after an Arabic comma or semicolon",
        tuple("،؛"),
    ),
    Rule(
        re.compile(rf"[.!؟](?=[{_LETTER}])"),
        _AFTER_ARABIC,
        "no space after the end of a sentence",
        tuple(".!؟"),
    ),
    Rule(re.compile(f"[{_BIDI}]+"), None, "stray bidirectional control character(s)", tuple(_BIDI)),
    Rule(
        re.compile(r"[ \t\u00A0]{2,}(?=\S)"), _AFTER_TEXT, "doubled space", _pairs(SPACES, SPACES)
    ),
)
STACKED_MESSAGE = "doubled or stacked punctuation marks"

QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("‹", "›"))
BRACKET_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))
DOUBLE_QUOTES = '"“”«»„'
SINGLE_OPENING = re.compile(r"(?<![\w'’])['‘](?=\w)")  # 'We will …
SINGLE_CLOSING = re.compile(r"(?<=[\w.!?,])['’](?![\w'’])")  # … we will.'


class PunctuationOptions(CheckOptions):
    """No options yet; unknown options are errors."""


class PunctuationCheck(Check):
    """Flags spacing and punctuation that breaks Arabic typographic conventions."""

    name = "punctuation"
    categories = ("punctuation",)
    options_model = PunctuationOptions
    options: PunctuationOptions

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        mt = segment.mt
        found: list[tuple[tuple[int, int], str]] = []
        for rule in RULES:
            if not contains_any(mt, rule.needles):
                continue  # the rule cannot match (the usual case for most rules)
            for m in rule.pattern.finditer(mt):
                if rule.preceded_by is None or _preceded(mt, m.start(), rule.preceded_by):
                    found.append((m.span(), rule.message))
        found.extend((span, STACKED_MESSAGE) for span in _stacked_marks(mt))
        found.extend(_unbalanced(segment))
        flags, reach = [], 0  # reach: the end of the flagged text so far
        for span, message in sorted(found, key=lambda item: (item[0][0], -item[0][1])):
            if span[0] < reach:
                continue  # one flag per stretch of text: the earliest, longest span wins
            reach = max(reach, span[1])
            flags.append(
                self.flag(segment, span, category="punctuation", severity="minor", message=message)
            )
        return flags


def _stacked_marks(mt: str) -> Iterator[tuple[int, int]]:
    """Runs of two or more marks after an Arabic word, but ellipses ("...", "...،") and runs
    of exclamation and question marks alone ("!!", "؟!")."""
    for m in MARK_RUN.finditer(mt):
        run = m.group()
        if run.startswith("...") or not run.strip("!؟?"):
            continue
        if _preceded(mt, m.start(), _AFTER_ARABIC):
            yield m.span()


def _preceded(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    return start > 0 and pattern.match(text, start - 1) is not None


def _unbalanced(segment: PreparedSegment) -> Iterator[tuple[tuple[int, int], str]]:
    """Unmatched quotes and brackets, unless the source is unbalanced the same way.

    A quotation that runs over several paragraphs leaves each paragraph unbalanced in
    the source too, so a segment whose source has an odd number of double quotes, single
    quotation marks that do not pair up (British news quotes with them: 'We will'), or
    unmatched brackets is not judged.
    """
    quotes = list(_unmatched_quotes(segment.mt))  # the source is looked at only if needed
    if quotes and _source_quotes_balance(segment.src):
        for position in quotes:
            yield (position, position + 1), "unbalanced quotation mark"
    brackets = list(_unmatched(segment.mt, BRACKET_PAIRS))
    if brackets and not list(_unmatched(segment.src, BRACKET_PAIRS)):
        for position in brackets:
            yield (position, position + 1), "unbalanced bracket"


def _source_quotes_balance(src: str) -> bool:
    """Whether the source's double quotes pair up, and its single quotation marks too (an
    apostrophe inside a word is neither)."""
    if sum(src.count(q) for q in DOUBLE_QUOTES) % 2:
        return False
    return len(SINGLE_OPENING.findall(src)) == len(SINGLE_CLOSING.findall(src))


def _unmatched_quotes(text: str) -> Iterator[int]:
    """Positions of quotation marks that have no partner."""
    yield from _unmatched(text, QUOTE_PAIRS)
    if text.count('"') % 2:
        yield text.rindex('"')


def _unmatched(text: str, pairs: tuple[tuple[str, str], ...]) -> Iterator[int]:
    """Positions of openers and closers without a partner, pair type by pair type.

    Right-to-left typing sometimes stores a pair the other way round (” … “); a pair
    type whose counts balance is accepted in either orientation.
    """
    for opener, closer in pairs:
        if opener not in text and closer not in text:
            continue
        if text.count(opener) == text.count(closer):
            continue
        yield from _stack_unmatched(text, opener, closer)


def _stack_unmatched(text: str, opener: str, closer: str) -> Iterator[int]:
    stack: list[int] = []
    for index, ch in enumerate(text):
        if ch == opener:
            stack.append(index)
        elif ch == closer:
            if stack:
                stack.pop()
            else:
                yield index
    yield from stack
