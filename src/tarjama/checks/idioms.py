"""The idiom check: English idioms rendered word for word in the Arabic.

A flag needs both sides: the source uses the idiom (figuratively), and the MT contains one of
the literal renderings listed for it in the lexicon (tarjama/resources/lexicons/idioms.en-ar.yaml, whose
header documents the schema). Adopted calques and meaning-based renderings are never flagged.
The lexicon is read and compiled once per path; a cheap cue test (one scan for the cue words
that the index knows, then a substring test) gates every regex, so a source without any idiom
costs one regex scan.

Severity (MQM): major. A literal rendering the lexicon lists says something else in Arabic (دفع
إلى الخلف ضد, "pushed to the back against") or nothing at all, and misleads the reader; an
idiom Arabic has taken over (كسر الجليد، القشة الأخيرة) is adopted in the lexicon, not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.patterns import WORD_START, alternation, trie_pattern
from tarjama.checks.prepared import PreparedSegment
from tarjama.context import RunContext
from tarjama.errors import ConfigError
from tarjama.flags import Flag
from tarjama.lang.ar import normalise, original_spans
from tarjama.lexicons import lexicon_path, load_lexicon

DEFAULT_LEXICON = "idioms.en-ar.yaml"
REQUIRED_KEYS = ("id", "en", "meaning", "cue", "source", "literal", "accepted", "adopted")

# Clitics that may open an Arabic word: conjunction, then preposition or article.
CLITIC_PREFIX = r"(?:[وف]?(?:[بك]?ال|لل|[بلكس])?)"
# What may close the last word: accusative alef (tanween fath is dropped by normalisation,
# leaving "ركضا") or an attached pronoun.
PRONOUN_SUFFIX = r"(?:ا|ه|ها|هم|هما|هن|نا|ي|ك|كم)?"
MACROS = {
    "{p}": CLITIC_PREFIX,
    "{s}": r"\w{0,3}",
    "{gap}": r"\s+(?:\S+\s+){0,3}",
}
CURLY_APOSTROPHES = ("’", "‘")  # read as "'" in the source


@dataclass(frozen=True)
class Idiom:
    """One compiled lexicon entry."""

    id: str
    en: str
    meaning: str
    cue: str
    source: re.Pattern[str]
    literal: tuple[re.Pattern[str], ...]  # empty when Arabic has only adopted renderings
    guard: re.Pattern[str] | None  # accepted and adopted renderings
    suggestion: str | None
    message: str  # the message of every flag


def compile_arabic(pattern: str) -> str:
    """A literal-rendering pattern as matched against normalised MT (see the lexicon header)."""
    body = normalise(pattern).replace(" ", r"\s+")
    for macro, expansion in MACROS.items():
        body = body.replace(macro, expansion)
    return rf"(?<!\w){CLITIC_PREFIX}(?:{body}){PRONOUN_SUFFIX}(?!\w)"


def compile_phrase(phrase: str) -> str:
    """An accepted rendering as a loose pattern: clitics and short endings allowed per word."""
    return WORD_START + _phrase_body(phrase)


def _phrase_body(phrase: str) -> str:
    """`compile_phrase` without its leading WORD_START."""
    words = []
    for word in normalise(phrase).split():
        stem = word[2:] if word.startswith("ال") and len(word) > 3 else word
        words.append(CLITIC_PREFIX + re.escape(stem) + MACROS["{s}"])
    return r"\s+".join(words) + r"(?!\w)"


def _either(lead: str, bodies: list[str]) -> re.Pattern[str] | None:
    """Any of `bodies` after `lead` (see checks.patterns.alternation); None for no bodies."""
    if not bodies:
        return None
    return alternation(lead, bodies, re.IGNORECASE)


def compile_entry(entry: dict[str, Any]) -> Idiom:
    """Compile one lexicon entry; a bad regex is a ConfigError naming the entry."""
    try:
        source = _either(r"\b", [rf"(?:{p})\b" for p in entry["source"]])
        literal = tuple(re.compile(compile_arabic(p), re.IGNORECASE) for p in entry["literal"])
        renderings = list(entry["accepted"]) + list(entry["adopted"])
        guard = _either(WORD_START, [_phrase_body(r) for r in renderings])
    except re.error as exc:
        raise ConfigError(f"idiom '{entry.get('id')}': bad pattern ({exc})") from None
    assert source is not None  # validate_entries rejects an entry without source patterns
    suggestion = renderings[0] if renderings else None
    advice = f"; say it by its meaning, e.g. «{suggestion}»" if suggestion else ""
    return Idiom(
        id=entry["id"],
        en=entry["en"],
        meaning=entry["meaning"],
        cue=entry["cue"].lower(),
        source=source,
        literal=literal,
        guard=guard,
        suggestion=suggestion,
        message=f"English idiom '{entry['en']}' ({entry['meaning']}) rendered word for "
        f"word{advice}",
    )


def validate_entries(data: Any, path: Path) -> list[dict[str, Any]]:
    """The lexicon's entries, after checking the schema; ConfigError naming the problem."""
    if not isinstance(data, dict) or not isinstance(data.get("idioms"), list):
        raise ConfigError("idiom lexicon must be a mapping with an 'idioms' list", path)
    seen: set[str] = set()
    for entry in data["idioms"]:
        missing = [k for k in REQUIRED_KEYS if not isinstance(entry, dict) or k not in entry]
        if missing:
            name = entry.get("id", "?") if isinstance(entry, dict) else "?"
            raise ConfigError(f"idiom '{name}' lacks {', '.join(missing)}", path)
        if entry["id"] in seen:
            raise ConfigError(f"idiom '{entry['id']}' appears twice", path)
        if not entry["source"] or not re.search(r"[a-z]", str(entry["cue"]).lower()):
            raise ConfigError(f"idiom '{entry['id']}' needs source patterns and a cue word", path)
        seen.add(entry["id"])
    idioms: list[dict[str, Any]] = data["idioms"]
    return idioms


@lru_cache(maxsize=16)
def _compiled(path: Path) -> tuple[Idiom, ...]:
    entries = validate_entries(load_lexicon(path), path)
    return tuple(compile_entry(e) for e in entries)


def compiled_lexicon(name: str | Path = DEFAULT_LEXICON) -> tuple[Idiom, ...]:
    """The compiled idioms of a lexicon (by bare name or path), compiled once per process."""
    return _compiled(lexicon_path(name).resolve())


def cue_key(cue: str) -> str:
    """The index key of a cue: its longest word, the last of equally long ones (so "up in the
    air" has "air", not "the"). It must start a word wherever the idiom occurs: a word after
    the cue's first always does, the first must by the lexicon's choice of cue."""
    words: list[str] = re.findall(r"[a-z]+", cue)
    return max(reversed(words), key=len)


@lru_cache(maxsize=16)
def cue_index(idioms: tuple[Idiom, ...]) -> dict[str, tuple[int, ...]]:
    """Where in `idioms` the idioms with literal renderings to look for are, by the key of their
    cue. A key's entry includes those of the keys it starts with: `key_pattern` finds only the
    longest key at a place ("iceberg", not also "ice")."""
    by_key: dict[str, list[int]] = {}
    for position, idiom in enumerate(idioms):
        if idiom.literal:
            by_key.setdefault(cue_key(idiom.cue), []).append(position)
    return {
        key: tuple(
            sorted(p for other, group in by_key.items() if key.startswith(other) for p in group)
        )
        for key in by_key
    }


def key_pattern(keys: Iterable[str]) -> re.Pattern[str]:
    """Finds the longest of `keys` that opens a word, at each word opening that one does, in
    text that starts with a space (so that a word opening the text counts).

    Led by the non-letter before the word rather than by a lookbehind, so that the regex
    engine skips ahead to the next non-letter instead of trying every position (faster).
    """
    keys = sorted(keys)
    return re.compile(f"[^a-z]({trie_pattern(keys)})" if keys else "(?!)")


class IdiomOptions(CheckOptions):
    lexicon: str = DEFAULT_LEXICON


class IdiomCheck(Check):
    """Flags literal renderings of English idioms that the source uses."""

    name = "idiom"
    categories = ("idiom",)
    options_model = IdiomOptions
    options: IdiomOptions

    def __init__(
        self,
        options: CheckOptions | None = None,
        severity: str | None = None,
        context: RunContext | None = None,
    ) -> None:
        super().__init__(options, severity, context)
        self.idioms = compiled_lexicon(self.options.lexicon)
        self.index = cue_index(self.idioms)
        self.keys = key_pattern(self.index)

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        src = segment.src.replace(CURLY_APOSTROPHES[0], "'").replace(CURLY_APOSTROPHES[1], "'")
        lowered = src.lower()
        keys = self.keys.findall(" " + lowered)
        if not keys or not segment.mt:
            return []  # no idiom's cue in the source (the usual case)
        positions = sorted({p for key in keys for p in self.index[key]})
        flags = []
        for idiom in (self.idioms[p] for p in positions):
            if idiom.cue not in lowered or not (use := idiom.source.search(src)):
                continue
            spans = _literal_spans(idiom, segment.mt_norm)
            flags += [
                self._flag(segment, idiom, span, use.span())
                for span in original_spans(segment.mt, segment.mt_norm, spans)
            ]
        return flags

    def _flag(
        self,
        segment: PreparedSegment,
        idiom: Idiom,
        span: tuple[int, int],
        source_span: tuple[int, int],
    ) -> Flag:
        return self.flag(
            segment,
            span,
            category="idiom",
            severity="major",
            message=idiom.message,
            source_span=source_span,
            suggestion=idiom.suggestion,
        )


def _literal_spans(idiom: Idiom, mt_norm: str) -> list[tuple[int, int]]:
    """Spans of `mt_norm` that render `idiom` literally, but for those an accepted or adopted
    rendering overlaps."""
    matches = _merged(m.span() for pattern in idiom.literal for m in pattern.finditer(mt_norm))
    if matches and idiom.guard is not None:
        guarded = [m.span() for m in idiom.guard.finditer(mt_norm)]
        matches = [m for m in matches if not any(_overlap(m, g) for g in guarded)]
    return matches


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined (two literal patterns often cover one rendering)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
