"""Word tokens with code-point offsets into the original text.

Tokens keep their position so that every flag can point at `mt[start:end]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letters, digits and the marks that live inside Arabic words (diacritics, tatweel).
WORD = re.compile(
    r"[\w\u0610-\u061A\u064B-\u065F\u0670\u0640\u06D6-\u06ED]+(?:['’\-][\w\u064B-\u065F]+)*"
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def word_tokens(text: str) -> list[Token]:
    """Word tokens of `text`; punctuation and spaces are not tokens."""
    return [Token(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
