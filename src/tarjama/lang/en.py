"""English: Latin script, sacrebleu's default 13a tokeniser, and the facts the checks need about
English news text: where its sentences end, which words are acronyms, what a headline looks like,
and where it repeats a word on purpose."""

from __future__ import annotations

import re

from tarjama.lang import Language

ENGLISH = Language(
    code="en",
    name="English",
    script="Latn",
    letters=re.compile(r"[A-Za-z\u00C0-\u024F]"),
    sacrebleu_tokenize="13a",
)

# A closing mark (with any closing quotes or brackets), then space, then what may open a sentence.
SENTENCE_END = re.compile(r"([.!?][\"”’')\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9])")
ABBREVIATIONS = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "St",
    "Gen",
    "Col",
    "Lt",
    "Sgt",
    "Capt",
    "Gov",
    "Sen",
    "Rep",
    "Jr",
    "Sr",
    "No",
    "vs",
    "etc",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)
# What may stand before a full stop that does not end a sentence: an abbreviation, an initial
# ("J."), or the last letter of initials ("U.S.").
ABBREVIATED = re.compile(
    r"(?:\b(?:" + "|".join(ABBREVIATIONS) + r")"
    r"|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])$"
)
LONGEST_ABBREVIATED = 16  # characters before the full stop that ABBREVIATED needs to see

# An acronym or initialism: capitals in a row (CNN, MSNBC; a plural "s" may follow) or
# initials with full stops (U.S., A.I.). Led by its first capital, then a lookbehind that it
# starts a word (the regex engine skips ahead to capitals; a leading \b would stop it at
# every character).
ACRONYM = re.compile(r"[A-Z](?<!\w[A-Z])(?:(?:\.[A-Z])+\.|[A-Z]{1,5}(?=s?\b))")
# The end of a sentence proper: headlines do without one.
CLOSED = re.compile(r"[.!?:;][\"”’')\]]*\s*$")
TITLE_WORD = re.compile(r"\b[A-Za-z][A-Za-z'’]{3,}")  # the words that title case capitalises
LOWER_WORD = re.compile(r"\b[a-z][A-Za-z'’]{3,}")  # one of them not capitalised

# A word said twice in a row on purpose: a name ("Walla Walla", "Baden-Baden", "Sirhan
# Sirhan") or an emphasis ("very, very", "no, no").
REPEATED_WORD = re.compile(r"\b([A-Za-z]+)(?:,?\s+|-)\1\b", re.IGNORECASE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of English text; a full stop after an abbreviation or
    initials ("Mr.", "J.", "U.S.") does not end one."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        mark = match.start()
        before = max(start, mark - LONGEST_ABBREVIATED)
        if text[mark] == "." and ABBREVIATED.search(text, before, mark):
            continue
        spans.append((start, match.end(1)))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def acronyms(text: str) -> list[str]:
    """The capitals of each acronym or initialism in `text`: "CNN", "US" for "U.S."."""
    return [re.sub(r"[^A-Z]", "", match.group()) for match in ACRONYM.finditer(text)]


def is_headline(text: str) -> bool:
    """Whether `text` reads as a headline: it ends without a closing mark ("Volcano spews ash on
    Mexico City"), or it is in title case ("Indonesia Tsunami Toll Soars Above 800.").

    Headlines are telegraphic (no articles, no auxiliaries) where their translations are not."""
    if not CLOSED.search(text):
        return bool(text.strip())
    return not LOWER_WORD.search(text) and len(TITLE_WORD.findall(text)) >= 3


def repeated_words(text: str) -> list[str]:
    """The words that `text` says twice on purpose (see REPEATED_WORD), once per repeat."""
    return REPEATED_WORD.findall(text)
