"""Splitting over-long paragraphs into model-sized pieces, and joining their translations.

A paragraph whose token count exceeds the model's input limit is cut at sentence ends (Arabic
. ؟ ! and line breaks, and the Latin ones), then packed back into as few pieces as fit. A
sentence that alone is too long is cut at clause marks (، ؛ ; , :) and at last between words;
that case is logged, since it can hurt the translation. Nothing is silently truncated.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)

# A sentence: text up to end punctuation (with closing quotes/brackets) followed by space,
# or up to a line break, or to the end; each piece keeps its trailing whitespace.
_SENTENCE = re.compile(r".*?(?:[.!?؟…]+[\"'»”’)\]]*(?=\s|$)|(?=\n)|$)\s*", re.DOTALL)
_CLAUSE = re.compile(r".*?(?:[،؛;,:]+(?=\s)|$)\s*", re.DOTALL)

Length = Callable[[str], int]


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, each with its trailing whitespace; "".join(result) == text."""
    return [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0)]


def split_clauses(text: str) -> list[str]:
    return [m.group(0) for m in _CLAUSE.finditer(text) if m.group(0)]


def split_words(text: str, length: Length, limit: int) -> list[str]:
    """Runs of whole words that fit `limit` (a single over-long word stays whole)."""
    words = re.findall(r"\S+\s*", text)
    return pack(words, length, limit)


def pack(units: Sequence[str], length: Length, limit: int) -> list[str]:
    """Greedily join consecutive units while the joined text still fits `limit`."""
    pieces: list[str] = []
    for unit in units:
        if pieces and length(pieces[-1] + unit) <= limit:
            pieces[-1] += unit
        else:
            pieces.append(unit)
    return pieces


def split_to_fit(text: str, length: Length, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` tokens (by `length`); "".join(pieces) == text."""
    if length(text) <= limit:
        return [text]
    units: list[str] = []
    for sentence in split_sentences(text):
        if length(sentence) <= limit:
            units.append(sentence)
            continue
        log.warning(
            "a sentence of %d tokens exceeds the model's limit of %d; splitting it at "
            "clause marks or between words: %.60s…",
            length(sentence),
            limit,
            sentence,
        )
        for clause in split_clauses(sentence):
            fits = length(clause) <= limit
            units.extend([clause] if fits else split_words(clause, length, limit))
    return pack(units, length, limit)


def join_translations(pieces: Sequence[str], translations: Sequence[str]) -> str:
    """Rejoin piece translations: a line break where the source piece ended with one."""
    parts = []
    for index, (piece, translation) in enumerate(zip(pieces, translations, strict=True)):
        parts.append(translation.strip())
        if index < len(pieces) - 1:
            parts.append("\n" if "\n" in piece[len(piece.rstrip()) :] else " ")
    return "".join(parts)
