"""The punctuation check: Arabic typographic conventions broken in the MT.

Spaces before Arabic punctuation ("وفقًا ، "), Latin , ; ? after Arabic letters (Arabic uses
، ؛ ؟), no space after "،" or after a sentence's end, unbalanced quotes and brackets, stray
bidirectional control characters and doubled spaces. Numbers keep their Latin separators
(1,000). All minor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tarjama.checks.base import Check, CheckOptions, Flag
from tarjama.data import Segment

_LETTER = r"\u0620-\u063F\u0641-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06FA-\u06FC\u0750-\u077F"
_MARKS = r"\u064B-\u065F\u0670\u0640"  # diacritics and tatweel, which may follow a letter

_AFTER_ARABIC = re.compile(rf"[{_LETTER}{_MARKS}]")
_AFTER_TEXT = re.compile(r"\S")

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
_BIDI = r"\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069"
# One scan that every rule's match implies: text it does not hit needs no further look. It is
# `[ \t\u00A0][ \t\u00A0،؛؟.!:,;?]|[،؛]\S|[,;?]|[.!؟][letter]|[bidi]`, written to start with
# one character class (then a lookbehind says which case it is), so the regex engine can skip
# ahead to candidate characters: a third faster.
SUSPECT = re.compile(rf"[ \t\u00A0،؛,;?.!؟{_BIDI}](?:(?<=[ \t\u00A0])[ \t\u00A0،؛؟.!:,;?]"
                     rf"|(?<=[،؛])\S|(?<=[,;?])|(?<=[.!؟])[{_LETTER}]|(?<=[{_BIDI}]))")
# Per rule, substrings one of which every match contains in text without tabs or no-break
# spaces (empty: always run the rule); a plain substring test is much cheaper than a scan.
NEEDLES: tuple[tuple[str, ...], ...] = (
    (" ،", " ؛", " ؟"),
    (" .", " !", " :"),
    (",", ";", "?"),
    (" ,", " ;", " ?"),
    ("،", "؛"),
    (".", "!", "؟"),
    tuple("\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"),
    ("  ",),
)
PAIRED = re.compile(r"[\"“”«»„‹›()\[\]{}]")

QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("‹", "›"))
BRACKET_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))
DOUBLE_QUOTES = "\"“”«»„"


def _has_any(text: str, needles: tuple[str, ...]) -> bool:
    for needle in needles:  # a plain loop: faster than any() over a generator
        if needle in text:
            return True
    return False


class PunctuationOptions(CheckOptions):
    """No options yet; unknown options are errors."""


class PunctuationCheck(Check):
    """Flags spacing and punctuation that breaks Arabic typographic conventions."""

    name = "punctuation"
    options_model = PunctuationOptions

    def check_segment(self, segment: Segment) -> list[Flag]:
        mt = segment.mt
        found: list[tuple[tuple[int, int], str]] = []
        if SUSPECT.search(mt):
            odd_space = "\t" in mt or "\u00A0" in mt
            for (pattern, preceded_by, message), needles in zip(RULES, NEEDLES, strict=True):
                if needles and not odd_space and not _has_any(mt, needles):
                    continue  # a plain substring test rules this pattern out (the usual case)
                for m in pattern.finditer(mt):
                    if preceded_by is None or _preceded(mt, m.start(), preceded_by):
                        found.append((m.span(), message))
        if PAIRED.search(mt):
            found.extend(_unbalanced(segment))
        if not found:
            return []
        flags, taken = [], []
        for span, message in sorted(found, key=lambda item: (item[0][0], -item[0][1])):
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue  # one flag per stretch of text: the earliest, longest span wins
            taken.append(span)
            flags.append(Flag.at(segment, span, category="punctuation", severity="minor",
                                 message=message, check=self.name))
        return flags


def _preceded(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    return start > 0 and pattern.match(text, start - 1) is not None


def _unbalanced(segment: Segment) -> Iterator[tuple[tuple[int, int], str]]:
    """Unmatched quotes and brackets, unless the source is unbalanced the same way.

    A quotation that runs over several paragraphs leaves each paragraph unbalanced in
    the source too, so a segment whose source has an odd number of double quotes (or
    unmatched brackets) is not judged.
    """
    src_quotes = sum(segment.src.count(q) for q in DOUBLE_QUOTES)
    if src_quotes % 2 == 0:
        for position in _unmatched_quotes(segment.mt):
            yield (position, position + 1), "unbalanced quotation mark"
    if not list(_unmatched(segment.src, BRACKET_PAIRS)):
        for position in _unmatched(segment.mt, BRACKET_PAIRS):
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
