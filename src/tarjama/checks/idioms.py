"""The idiom check: English idioms rendered word for word in the Arabic.

A flag needs both sides: the source uses the idiom (figuratively), and the MT contains one of
the literal renderings listed for it in the lexicon (data/lexicons/idioms.en-ar.yaml, whose
header documents the schema). Adopted calques and meaning-based renderings are never flagged.
The lexicon is read and compiled once per path; a cheap cue test (one scan for the cue words
that the index knows, then a substring test) gates every regex, so a source without any idiom
costs one regex scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.patterns import WORD_START, alternation, trie_pattern
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.errors import ConfigError
from tarjama.flags import Flag
from tarjama.lang.ar import DIACRITICS, TATWEEL, deleted_positions, normalise, original_index
from tarjama.lexicons import lexicon_path, load_lexicon

try:  # private modules of `re` (Python 3.11+), used only to find cheap pre-tests (`needles`)
    import re._constants as sre
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - other Pythons: no cheap pre-tests, same flags
    sre = sre_parse = None

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
    source_needles: tuple[str, ...] | None  # in the lowercased source, if ASCII (see `needles`)
    source_runs: int | None  # see `whitespace_runs`
    literal: tuple[re.Pattern[str], ...]  # empty when Arabic has only adopted renderings
    literal_needles: tuple[tuple[str, ...] | None, ...]  # per literal pattern, see `needles`
    literal_runs: tuple[int | None, ...]  # per literal pattern, see `whitespace_runs`
    guard: re.Pattern[str] | None  # accepted and adopted renderings
    # Per rendering, its stems: every match of `guard` contains all of one rendering's stems
    # (None: no such cheap test).
    guard_stems: tuple[tuple[str, ...], ...] | None
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


def needles(pattern: str, ascii_text: bool = False) -> tuple[str, ...] | None:
    """Substrings one of which every match of `pattern` (compiled to ignore case) contains,
    read off its parse tree; None where no such cheap test is found (or `re` has no parser
    to read it with). With `ascii_text`, substrings of the lowercased text, for ASCII text."""
    if sre_parse is None:
        return None
    return _needles(sre_parse.parse(pattern), _lowered_ascii if ascii_text else _caseless)


def _caseless(needle: str) -> str | None:
    return needle if needle.lower() == needle.upper() else None


def _lowered_ascii(needle: str) -> str | None:
    return needle.lower() if needle.isascii() else None


MAX_NEEDLE_CHOICES = 2  # a run of literal text read off a pattern spells at most this many ways


def _needles(items: Iterable[tuple[Any, Any]],
             usable: Callable[[str], str | None]) -> tuple[str, ...] | None:
    best: tuple[str, ...] | None = None
    run: tuple[str, ...] = ("",)  # the spellings of the items read in a row so far

    def consider(found: tuple[str, ...] | None) -> None:
        nonlocal best
        kept = tuple(map(usable, found)) if found and all(found) else ()
        if kept and all(kept) and (best is None or min(map(len, kept)) > min(map(len, best))):
            best = kept  # type: ignore[assignment]  # the most selective: longest shortest

    for op, av in [*items, (None, None)]:
        spellings = _spellings([(op, av)]) if op is not None else None
        if spellings is not None and len(run) * len(spellings) <= MAX_NEEDLE_CHOICES:
            run = tuple(head + tail for head in run for tail in spellings)
            continue
        consider(run)
        run = spellings or ("",)  # too many spellings in a row: a new run starts here
        if spellings is not None:
            continue
        if op is sre.SUBPATTERN:
            consider(_needles(av[-1], usable))
        elif op is sre.BRANCH:
            branches = [_needles(branch, usable) for branch in av[1]]
            if all(branches):
                consider(tuple(n for branch in branches for n in branch))  # type: ignore[union-attr]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            consider(_needles(av[2], usable))
    return best


def _spellings(items: Iterable[tuple[Any, Any]]) -> tuple[str, ...] | None:
    """Every text that `items` (parsed) match, where they match only a few literal texts
    (literal characters, a class of a few of them, alternatives of such, `?`); else None."""
    spellings: tuple[str, ...] = ("",)
    for op, av in items:
        if op is sre.LITERAL:
            choices: tuple[str, ...] | None = (chr(av),)
        elif op is sre.IN:
            choices = tuple(chr(v) for o, v in av) if all(o is sre.LITERAL for o, v in av) else None
        elif op is sre.SUBPATTERN:
            choices = _spellings(av[-1])
        elif op is sre.BRANCH:
            branches = [_spellings(branch) for branch in av[1]]
            choices = None if None in branches else tuple(  # type: ignore[misc]
                dict.fromkeys(text for branch in branches for text in branch))  # type: ignore[union-attr]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[:2] in ((0, 1), (1, 1)):
            inner = _spellings(av[2])
            choices = None if inner is None else ("",) * (av[0] == 0) + inner
        else:
            choices = None
        if choices is None or len(spellings) * len(choices) > MAX_NEEDLE_CHOICES:
            return None
        spellings = tuple(dict.fromkeys(head + tail for head in spellings for tail in choices))
    return spellings


def whitespace_runs(pattern: str) -> int | None:
    """The most runs of whitespace a match of `pattern` can hold, read off its parse tree;
    None where there is no such bound (or `re` has no parser to read it with)."""
    if sre_parse is None:
        return None
    return _runs(sre_parse.parse(pattern))


_SPACES = frozenset(filter(str.isspace, map(chr, range(0x3001))))  # every str.isspace char
_NO_SPACE_CATEGORIES = ("CATEGORY_DIGIT", "CATEGORY_WORD", "CATEGORY_NOT_SPACE")
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def _runs(items: Iterable[tuple[Any, Any]]) -> int | None:
    total = 0  # each item's own runs: a run over two items is counted twice (a bound)
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero width
        if name == "LITERAL":
            total += chr(av) in _SPACES
        elif name == "IN":
            total += _may_be_space(av)
        elif name in _REPEATS:
            inner = _runs(av[2])
            if inner is None or inner and not _only_space(av[2]) and av[1] is sre.MAXREPEAT:
                return None
            total += min(inner, 1) if _only_space(av[2]) else inner * av[1]
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            inner = _runs(av[-1] if name == "SUBPATTERN" else av)
            if inner is None:
                return None
            total += inner
        elif name == "BRANCH":
            branches = [_runs(branch) for branch in av[1]]
            if None in branches:
                return None
            total += max(branches)  # type: ignore[type-var]
        elif name in ("ANY", "NOT_LITERAL"):
            total += 1
        else:
            return None  # back-references and the like: no bound
    return total


def _may_be_space(items: list[tuple[Any, Any]]) -> bool:
    """Whether a character class (its parsed items) may match whitespace."""
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and chr(av) not in _SPACES:
            continue
        if name == "RANGE" and not any(av[0] <= ord(space) <= av[1] for space in _SPACES):
            continue
        if name == "CATEGORY" and str(av) in _NO_SPACE_CATEGORIES:
            continue
        return True
    return False


def _only_space(items: list[tuple[Any, Any]]) -> bool:
    """Whether what `items` match is one whitespace character (\\s, a space, [ \\t])."""
    if len(items) != 1:
        return False
    op, av = items[0]
    if str(op) == "LITERAL":
        return chr(av) in _SPACES
    return str(op) == "IN" and all(
        str(item) == "LITERAL" and chr(value) in _SPACES
        or str(item) == "CATEGORY" and str(value) == "CATEGORY_SPACE" for item, value in av)


def _guard_stems(renderings: list[str]) -> tuple[tuple[str, ...], ...] | None:
    """The stems of each rendering, as `_phrase_body` spells them.

    None when a rendering has no words or a stem with letters in two cases (the guard
    ignores case; a plain substring test does not)."""
    stems = []
    for rendering in renderings:
        words = [word[2:] if word.startswith("ال") and len(word) > 3 else word
                 for word in normalise(rendering).split()]
        if not words or any(word.lower() != word.upper() for word in words):
            return None
        stems.append(tuple(words))
    return tuple(stems)


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
        literal_needles = tuple(needles(pattern.pattern) for pattern in literal)
        literal_runs = tuple(whitespace_runs(pattern.pattern) for pattern in literal)
        renderings = list(entry["accepted"]) + list(entry["adopted"])
        guard = _either(WORD_START, [_phrase_body(r) for r in renderings])
    except re.error as exc:
        raise ConfigError(f"idiom '{entry.get('id')}': bad pattern ({exc})") from None
    assert source is not None  # validate_entries rejects an entry without source patterns
    suggestion = renderings[0] if renderings else None
    advice = f"; say it by its meaning, e.g. «{suggestion}»" if suggestion else ""
    return Idiom(id=entry["id"], en=entry["en"], meaning=entry["meaning"], cue=entry["cue"].lower(),
                 source=source, source_needles=needles(source.pattern, ascii_text=True),
                 source_runs=whitespace_runs(source.pattern), literal=literal, literal_needles=literal_needles,
                 literal_runs=literal_runs, guard=guard,
                 guard_stems=_guard_stems(renderings) if guard is not None else None,
                 suggestion=suggestion,
                 message=f"English idiom '{entry['en']}' ({entry['meaning']}) rendered word for "
                         f"word{advice}")


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
    return data["idioms"]


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
    return max(reversed(re.findall(r"[a-z]+", cue)), key=len)


@lru_cache(maxsize=16)
def cue_index(idioms: tuple[Idiom, ...]) -> dict[str, tuple[int, ...]]:
    """Where in `idioms` the idioms with literal renderings to look for are, by the key of their
    cue. A key's entry includes those of the keys it starts with: `key_pattern` finds only the
    longest key at a place ("iceberg", not also "ice")."""
    by_key: dict[str, list[int]] = {}
    for position, idiom in enumerate(idioms):
        if idiom.literal:
            by_key.setdefault(cue_key(idiom.cue), []).append(position)
    return {key: tuple(sorted(p for other, group in by_key.items() if key.startswith(other)
                              for p in group))
            for key in by_key}


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

    def __init__(self, options: CheckOptions | None = None, severity: str | None = None,
                 context: RunContext | None = None) -> None:
        super().__init__(options, severity, context)
        self.idioms = compiled_lexicon(self.options.lexicon)
        self.index = cue_index(self.idioms)
        self.keys = key_pattern(self.index)

    def check_segment(self, segment: Segment) -> list[Flag]:
        lowered = segment.src.lower()
        keys = self.keys.findall(" " + lowered)
        if not keys or not segment.mt:
            return []
        idioms, index = self.idioms, self.index
        candidates = [idiom for position in sorted({p for key in keys for p in index[key]})
                      if (idiom := idioms[position]).cue in lowered]
        if not candidates:
            return []
        found = _source_spans(segment.src, lowered, candidates)
        if not found:
            return []
        mt = segment.mt
        mt_norm = normalise(mt)
        flags = []
        for idiom, source_span in found:
            if spans := _literal_spans(idiom, mt_norm):
                flags += [self._flag(segment, idiom, span, source_span)
                          for span in original_spans(mt, mt_norm, spans)]
        return flags

    def _flag(self, segment: Segment, idiom: Idiom, span: tuple[int, int],
              source_span: tuple[int, int]) -> Flag:
        return self.flag(segment, span, category="idiom", severity="major", message=idiom.message, source_span=source_span, suggestion=idiom.suggestion)


def _source_spans(src: str, lowered: str,
                  idioms: list[Idiom]) -> list[tuple[Idiom, tuple[int, int]]]:
    """The idioms that `src` uses, with the span of the first use."""
    if CURLY_APOSTROPHES[0] in src or CURLY_APOSTROPHES[1] in src:
        src = src.replace(CURLY_APOSTROPHES[0], "'").replace(CURLY_APOSTROPHES[1], "'")
        lowered = src.lower()
    if not src.isascii():  # the needles are for ASCII text (see `needles`)
        return [(idiom, m.span()) for idiom in idioms for m in [idiom.source.search(src)] if m]
    found = []
    for idiom in idioms:
        start = _scan_start(lowered, idiom.source_needles, idiom.source_runs)
        if start >= 0 and (m := idiom.source.search(src, start)):
            found.append((idiom, m.span()))
    return found


def _literal_spans(idiom: Idiom, mt_norm: str) -> list[tuple[int, int]]:
    """Spans of `mt_norm` that render `idiom` literally, but for those an accepted or adopted
    rendering overlaps."""
    spans: list[tuple[int, int]] = []
    for pattern, needles, runs in zip(idiom.literal, idiom.literal_needles, idiom.literal_runs):
        spans += _finditer_spans(pattern, mt_norm, needles, runs)
    matches = _merged(spans)
    if matches and idiom.guard is not None and _may_guard(mt_norm, idiom.guard_stems):
        guarded = [m.span() for m in idiom.guard.finditer(mt_norm)]
        matches = [m for m in matches if not any(_overlap(m, g) for g in guarded)]
    return matches


def _scan_start(text: str, needles: tuple[str, ...] | None, runs: int | None,
                pos: int = 0) -> int:
    """Where in `text`, from `pos` on, a match of a pattern may start at the earliest: -1
    when `text` has none of its `needles` from there (so no match starts there).

    A match holds a needle, so it starts no more than `runs` runs of whitespace before the
    first needle: the scan (which tries every position, or a clitic prefix at each word) can
    skip what comes before (a lookbehind at the start still sees it).
    """
    if needles is None:
        return pos
    first = -1
    for needle in needles:
        at = text.find(needle, pos)
        if at >= 0 and (first < 0 or at < first):
            first = at
    if first <= pos or runs is None:
        return first if first < 0 else pos
    before = text[pos:first].rsplit(None, runs + 1)  # the head, then runs + 1 words
    return pos + len(before[0]) if len(before) == runs + 2 else pos


def _finditer_spans(pattern: re.Pattern[str], text: str, needles: tuple[str, ...] | None,
                    runs: int | None) -> list[tuple[int, int]]:
    """The spans `pattern.finditer(text)` finds, each searched for from `_scan_start` on; no
    search once no needle is left (then the text's tail is not scanned)."""
    if needles is None:
        return [m.span() for m in pattern.finditer(text)]
    spans = []
    start = _scan_start(text, needles, runs)
    while start >= 0 and (m := pattern.search(text, start)):
        spans.append(m.span())  # not empty: it holds a needle
        start = _scan_start(text, needles, runs, m.end())
    return spans


def _may_guard(text: str, stems: tuple[tuple[str, ...], ...] | None) -> bool:
    """Whether `text` contains all stems of some rendering (always, for None)."""
    if stems is None:
        return True
    for rendering in stems:
        if all(stem in text for stem in rendering):
            return True
    return False


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


def original_span(mt: str, mt_norm: str, span: tuple[int, int]) -> tuple[int, int]:
    """Map a span of `normalise(mt)` back to `mt`, keeping the marks on its last letter."""
    return original_spans(mt, mt_norm, [span])[0]


def original_spans(mt: str, mt_norm: str,
                   spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`original_span` of each of `spans`, finding the characters normalising deleted once."""
    if len(mt_norm) == len(mt):
        return spans  # normalising deleted nothing: offsets coincide
    deleted = deleted_positions(mt)
    return [_with_marks(mt, original_index(deleted, start), original_index(deleted, end - 1) + 1)
            for start, end in spans]


def _with_marks(mt: str, start: int, end: int) -> tuple[int, int]:
    """The span widened over the diacritics and tatweel that follow its last letter."""
    while end < len(mt) and (DIACRITICS.match(mt[end]) or mt[end] == TATWEEL):
        end += 1
    return start, end
