"""The punctuation check: Arabic typographic conventions broken in the MT.

Spaces before Arabic punctuation ("وفقًا ، "), Latin , ; ? after Arabic letters (Arabic uses
، ؛ ؟), no space after "،" or after a sentence's end, unbalanced quotes and brackets, stray
bidirectional control characters and doubled spaces. Numbers keep their Latin separators
(1,000). Doubled or stacked marks ("..", "،،", ".،"), but not an ellipsis or "؟!". All minor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tarjama.checks.base import Check, CheckOptions
from tarjama.data import Segment
from tarjama.flags import Flag

_LETTER = r"\u0620-\u063F\u0641-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06FA-\u06FC\u0750-\u077F"
_MARKS = r"\u064B-\u065F\u0670\u0640"  # diacritics and tatweel, which may follow a letter

_AFTER_ARABIC = re.compile(rf"[{_LETTER}{_MARKS}]")
_AFTER_TEXT = re.compile(r"\S")

# Two or more marks in a row ("..", "،،", ".،"), except an ellipsis ("...") and runs of
# exclamation and question marks alone ("!!", "؟!"), which news prose uses on purpose.
_STACKABLE = ".،؛,;:!؟?"
STACKED = re.compile(rf"(?![.]{{3}}|[!؟?]+(?![{_STACKABLE}]))(?<![{_STACKABLE}])"
                     rf"[{_STACKABLE}]{{2,}}")

# Each rule: the pattern, whose match is the span; what the character before the span must
# be (None: anything); and the message.
RULES: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...] = (
    (re.compile(r"[ \t\u00A0]+[،؛؟]"), None,
     "space before Arabic punctuation; Arabic sets the mark against the preceding word"),
    (re.compile(r"[ \t\u00A0]+[.!:](?=\s|$)"), _AFTER_ARABIC,
     "space before a full stop, colon or exclamation mark"),
    (re.compile(r"[,;?](?!\d)"), _AFTER_ARABIC,
     "Latin punctuation after an Arabic word; use ، ؛ ؟"),
    (re.compile(rf"[ \t][,;?](?=[ \t]*[{_LETTER}])"), _AFTER_ARABIC,
     "Latin punctuation between Arabic words; use ، ؛ ؟"),
    (re.compile(rf"[،؛](?=[{_LETTER}A-Za-z])"), None,
     "no space after an Arabic comma or semicolon"),
    (re.compile(rf"[.!؟](?=[{_LETTER}])"), _AFTER_ARABIC,
     "no space after the end of a sentence"),
    (re.compile(r"[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]+"), None,
     "stray bidirectional control character(s)"),
    (re.compile(r"[ \t\u00A0]{2,}(?=\S)"), _AFTER_TEXT,
     "doubled space"),
)
# Looked for apart from RULES: the trigger scan (below) finds the second of two marks in a row
# as a mark, which says only that a pair may be there; a search for a pair then decides.
STACKED_RULE = (STACKED, _AFTER_ARABIC, "doubled or stacked punctuation marks")
MARK_PAIR = re.compile(f"[{re.escape(_STACKABLE)}]{{2}}")
_STACKABLE_SET = frozenset(_STACKABLE)
_BIDI = r"\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069"
# Per rule, the characters at which one of its matches shows in TRIGGERS (below): the mark
# after a space (rules 0, 1, 3), the second of two spaces (7), or the character itself.
_BIDI_CHARS = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"
RULE_TRIGGERS = ("،؛؟", ".!:", ",;?", ",;?", "،؛", ".!؟", _BIDI_CHARS, " \t\u00A0")
# One scan that finds every rule's trigger characters (`[ \t\u00A0][ \t\u00A0،؛؟.!:,;?]`'s
# second character, `[،؛]` before a non-space, `[,;?]`, `[.!؟]` before a letter, bidi
# controls) and every quote or bracket, so that only the rules whose triggers occur run. Each
# match is one character, so no trigger hides another. The pattern starts with one character
# class, so the regex engine skips ahead to candidate characters; a space or colon after an
# ordinary character (most candidates) is then dropped by one lookbehind.
_LEAD = rf" \t\u00A0،؛؟.!:,;?{_BIDI}"
_PAIRED = r"\"“”«»„‹›()\[\]{}"
TRIGGERS = re.compile(rf"[{_LEAD}{_PAIRED}](?<![^{_LEAD}][ \t\u00A0:])"
                      rf"(?:(?<=[ \t\u00A0][ \t\u00A0،؛؟.!:,;?])|(?<=[،؛])(?=\S)|(?<=[,;?])"
                      rf"|(?<=[.!؟])(?=[{_LETTER}])|(?<=[{_BIDI}])|(?<=[{_PAIRED}])"
                      rf"|(?<=[{_STACKABLE}][{_STACKABLE}]))")
PAIRED = frozenset("\"“”«»„‹›()[]{}")

QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("‹", "›"))
BRACKET_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))
DOUBLE_QUOTES = "\"“”«»„"


class PunctuationOptions(CheckOptions):
    """No options yet; unknown options are errors."""


class PunctuationCheck(Check):
    """Flags spacing and punctuation that breaks Arabic typographic conventions."""

    name = "punctuation"
    categories = ("punctuation",)
    options_model = PunctuationOptions

    def check_segment(self, segment: Segment) -> list[Flag]:
        mt = segment.mt
        found: list[tuple[tuple[int, int], str]] = []
        if triggers := TRIGGERS.findall(mt):
            chars = frozenset(triggers)
            rules = _rules_for(chars)
            if may_stack(mt, chars):
                rules += (STACKED_RULE,)
            for pattern, preceded_by, message in rules:
                for m in pattern.finditer(mt):
                    if preceded_by is None or _preceded(mt, m.start(), preceded_by):
                        found.append((m.span(), message))
            if not PAIRED.isdisjoint(chars) and may_be_unbalanced(mt, chars):
                found.extend(_unbalanced(segment))
        if not found:
            return []
        flags, reach = [], 0  # reach: the end of the flagged text so far
        for span, message in sorted(found, key=lambda item: (item[0][0], -item[0][1])):
            if span[0] < reach:
                continue  # one flag per stretch of text: the earliest, longest span wins
            reach = max(reach, span[1])
            flags.append(self.flag(segment, span, category="punctuation", severity="minor",
                                 message=message))
        return flags


@lru_cache(maxsize=256)
def _rules_for(triggers: frozenset[str]) -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None,
                                                        str], ...]:
    """The rules (in order) that may match in text with these trigger characters."""
    return tuple(rule for rule, chars in zip(RULES, RULE_TRIGGERS, strict=True)
                 if not triggers.isdisjoint(chars))


def may_stack(text: str, triggers: frozenset[str]) -> bool:
    """Whether STACKED may match in `text`, whose trigger characters are `triggers`."""
    return not triggers.isdisjoint(_STACKABLE_SET) and MARK_PAIR.search(text) is not None


def may_be_unbalanced(text: str, triggers: frozenset[str]) -> bool:
    """Whether `_unbalanced` may find anything in `text`, whose trigger characters (which
    include every quote and bracket) are `triggers`: only where the counts of a pair type's
    opener and closer differ, or the number of '"' is odd."""
    for opener, closer in _pairs_in(triggers):
        if text.count(opener) != text.count(closer):
            return True
    return '"' in triggers and text.count('"') % 2 == 1


@lru_cache(maxsize=256)
def _pairs_in(triggers: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The quote and bracket pairs of which these trigger characters hold a member."""
    return tuple(pair for pair in QUOTE_PAIRS + BRACKET_PAIRS if not triggers.isdisjoint(pair))


def _preceded(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    return start > 0 and pattern.match(text, start - 1) is not None


def _unbalanced(segment: Segment) -> Iterator[tuple[tuple[int, int], str]]:
    """Unmatched quotes and brackets, unless the source is unbalanced the same way.

    A quotation that runs over several paragraphs leaves each paragraph unbalanced in
    the source too, so a segment whose source has an odd number of double quotes (or
    unmatched brackets) is not judged.
    """
    quotes = list(_unmatched_quotes(segment.mt))  # the source is looked at only if needed
    if quotes and sum(segment.src.count(q) for q in DOUBLE_QUOTES) % 2 == 0:
        for position in quotes:
            yield (position, position + 1), "unbalanced quotation mark"
    brackets = list(_unmatched(segment.mt, BRACKET_PAIRS))
    if brackets and not list(_unmatched(segment.src, BRACKET_PAIRS)):
        for position in brackets:
            yield (position, position + 1), "unbalanced bracket"


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
