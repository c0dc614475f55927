"""Regex helpers shared by the checks: trie-shaped alternations for many literal words, and
the plain substring pre-test that decides whether a regex needs to run."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

Trie = dict[str, "Trie"]
"""A character trie: each character maps to the trie of what may follow; "" marks a word end."""


def trie_pattern(words: Iterable[str]) -> str:
    """A regex (no groups) matching exactly `words`, shaped as a trie so that words sharing a
    beginning are tried together: much faster than a flat alternation of many words."""
    tree: Trie = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _body(tree)


def _body(node: Trie) -> str:
    alternatives = [re.escape(ch) + _body(child) for ch, child in sorted(node.items()) if ch]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    return f"(?:{body})?" if "" in node else body


WORD_START = r"(?<!\w)"
"""Not preceded by a word character: where a word (or a phrase) may begin."""


def alternation(lead: str, bodies: Sequence[str], flags: int = 0) -> re.Pattern[str]:
    """`lead` followed by any of `bodies`: the same matches as the alternation of
    `{lead}(?:{body})` for each body, but the zero-width test `lead` (such as WORD_START or
    \\b) runs once per position rather than once per body, which is several times faster
    (the regex engine cannot skip ahead in a pattern that starts with a lookbehind)."""
    return re.compile(f"{lead}(?:{'|'.join(f'(?:{body})' for body in bodies)})", flags)


def contains_any(text: str, needles: Iterable[str]) -> bool:
    """Whether `text` contains one of `needles` (plain substrings): the cheap pre-test that
    decides whether a regex needs to run at all."""
    for needle in needles:  # a plain loop: measurably faster than any() over a generator
        if needle in text:
            return True
    return False
