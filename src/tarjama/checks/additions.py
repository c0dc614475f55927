"""The addition/omission check: text the MT added, and source text it dropped.

Three detectors, from the most to the least certain:
- boilerplate: scraped page chrome ("اقرأ المزيد:", "Read more") and MT meta-text ("إليك
  الترجمة:") listed in data/lexicons/boilerplate.yaml, flagged in the MT wherever it appears;
- sentence alignment (when a back-translation exists): source and back-translation sentences
  aligned monotonically by dynamic programming, allowing 1-1, 1-2, 2-1, 1-0 and 0-1 beads; a
  back-translated sentence with no source counterpart is an addition, a source sentence with
  no counterpart an omission;
- length ratio: the log ratio of MT to source length, calibrated on the dataset itself
  (median ± k·MAD, the MAD scaled by 1.4826 to estimate a standard deviation), for segments
  far outside what this dataset's translations usually do; minor beyond k, major beyond 2k.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.idioms import original_span
from tarjama.checks.patterns import WORD_START, alternation, contains_any
from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.errors import ConfigError
from tarjama.flags import Flag
from tarjama.lang.align import (
    SENTENCE_END_AR,
    align,
    arabic_sentences,
    english_sentences,
    sentence_stems,
    stem_set,
    strip_span,
    word_stems,
    word_text,
)
from tarjama.lang.ar import normalise
from tarjama.lexicons import lexicon_path, load_lexicon

DEFAULT_BOILERPLATE = "boilerplate.yaml"
MAD_TO_SIGMA = 1.4826  # scales the median absolute deviation to a normal standard deviation
ALNUM = re.compile(r"[^\W_]")

# --- boilerplate -------------------------------------------------------------------------


@dataclass(frozen=True)
class Boilerplate:
    """One compiled boilerplate entry."""

    id: str
    kind: str
    cues: tuple[str, ...]
    pattern: re.Pattern[str]
    line_start: bool
    extent: str
    unless_source: re.Pattern[str] | None
    led: re.Pattern[str] | None = None  # `pattern` led by a non-word character (see _matches)


def compile_boilerplate(entry: dict[str, Any]) -> Boilerplate:
    patterns = [normalise(p).replace(" ", r"\s+") for p in entry["patterns"]]
    unless = entry.get("unless_source")
    flags = re.IGNORECASE | re.MULTILINE
    # (a lookbehind or \A in a pattern could tell "\n" + text from text: no led pattern then)
    led = not any("(?<" in p or r"\A" in p for p in patterns)
    try:
        return Boilerplate(
            id=entry["id"], kind=entry["kind"], cues=tuple(c.lower() for c in entry["cues"]),
            pattern=alternation(WORD_START, patterns, flags),
            line_start=entry.get("where", "anywhere") == "line-start",
            extent=entry.get("extent", "match"),
            unless_source=re.compile(unless, re.IGNORECASE) if unless else None,
            led=alternation(r"\W", patterns, flags) if led else None)
    except (re.error, KeyError) as exc:
        raise ConfigError(f"boilerplate entry '{entry.get('id')}': {exc}") from None


@lru_cache(maxsize=8)
def _boilerplate(path: Path) -> tuple[Boilerplate, ...]:
    data = load_lexicon(path)
    if not isinstance(data, dict) or not isinstance(data.get("boilerplate"), list):
        raise ConfigError("boilerplate lexicon must be a mapping with a 'boilerplate' list", path)
    return tuple(compile_boilerplate(e) for e in data["boilerplate"])


def boilerplate_lexicon(name: str | Path = DEFAULT_BOILERPLATE) -> tuple[Boilerplate, ...]:
    """The compiled boilerplate entries of a lexicon, compiled once per process."""
    return _boilerplate(lexicon_path(name).resolve())


AFTER_SENTENCE = re.compile(r"(?:^|[.!?؟\n])\s*$")


def boilerplate_spans(mt: str, src: str, entries: Sequence[Boilerplate],
                      any_cue: re.Pattern[str]) -> list[tuple[tuple[int, int], Boilerplate]]:
    """Spans of boilerplate in `mt`; `any_cue` finds any entry's cue (see cue_pattern)."""
    lowered = mt.lower()
    if not any_cue.search(lowered):
        return []
    entries = [e for e in entries if contains_any(lowered, e.cues)]
    mt_norm = normalise(mt)
    found = []
    for entry in entries:
        if entry.unless_source is not None and entry.unless_source.search(src):
            continue
        for span in _matches(entry, mt_norm):
            if entry.line_start and not AFTER_SENTENCE.search(mt_norm, 0, span[0]):
                continue
            found.append((_extend(mt, original_span(mt, mt_norm, span), entry.extent), entry))
    return found


def _matches(entry: Boilerplate, text: str) -> list[tuple[int, int]]:
    """The spans of `entry.pattern.finditer(text)`, found faster by `entry.led` in "\n" + text.

    A pattern led by a lookbehind (the start of a word) is tried at every character; one led
    by a non-word character, which "\n" + text puts before a match at 0 too, only after
    those: the match in text is then the led match in "\n" + text less its first character.
    The next match may be led by the last character of this one."""
    if entry.led is None:
        return [m.span() for m in entry.pattern.finditer(text)]
    padded = "\n" + text
    spans: list[tuple[int, int]] = []
    pos = 0
    while match := entry.led.search(padded, pos):
        start, end = match.start(), match.end() - 1
        if end == start:  # an empty match: finditer's rules for those, the slower way
            return [m.span() for m in entry.pattern.finditer(text)]
        spans.append((start, end))
        pos = end
    return spans


# Letters from the most to the least frequent (Arabic in news MT, then English).
LETTER_FREQUENCY = "اليرمنوتسدبفعةقكأحهجإىطزصضشخثئءغذظآؤ" "etaoinshrdlcumwfgypbvkjxqz"


def cue_pattern(entries: Sequence[Boilerplate]) -> re.Pattern[str]:
    """One pattern for every entry's cues (plain lower-case substrings): a single scan of
    the MT, rather than a substring test per cue, rules out most segments.

    Each cue is found from its rarest letter, with the rest of the cue around it checked by a
    lookbehind and a lookahead: the regex engine skips ahead to those few letters, where a
    pattern led by each cue's first letter would stop at most characters of the text."""
    by_anchor: dict[str, list[str]] = {}
    for cue in dict.fromkeys(c for entry in entries for c in entry.cues):
        k = max(range(len(cue)), key=lambda i: LETTER_FREQUENCY.find(cue[i]))
        before = f"(?<={re.escape(cue[:k + 1])})" if k else ""
        after = f"(?={re.escape(cue[k + 1:])})" if cue[k + 1:] else ""
        by_anchor.setdefault(cue[k], []).append(before + after)
    return re.compile("|".join(f"{re.escape(anchor)}(?:{'|'.join(rests)})"
                               for anchor, rests in sorted(by_anchor.items())))


def _extend(mt: str, span: tuple[int, int], extent: str) -> tuple[int, int]:
    """Grow a match to the end of its line or to the whole sentence around it."""
    start, end = span
    if extent == "line":
        newline = mt.find("\n", end)
        end = len(mt) if newline < 0 else newline
    elif extent == "sentence":
        before = [m.end() for m in SENTENCE_END_AR.finditer(mt, 0, start)]
        start = before[-1] if before else 0
        after = SENTENCE_END_AR.search(mt, end)
        end = after.end() if after else len(mt)
    return strip_span(mt, start, end)


# --- the check ---------------------------------------------------------------------------


class AdditionOptions(CheckOptions):
    """Boilerplate lexicon, alignment thresholds and the length-ratio test."""

    boilerplate: str = DEFAULT_BOILERPLATE
    align_threshold: float = 0.2  # dice below which two sentences are not counterparts
    max_coverage: float = 0.25  # a sentence is unmatched only if less of it appears opposite
    min_sentence_stems: int = 4  # shorter sentences are never flagged by alignment
    length_k: float = 3.5  # outliers lie beyond median ± k·1.4826·MAD of log length ratios
    length_min_segments: int = 20  # calibrate only on at least this many segments
    length_min_chars: int = 20  # segments with shorter sources are not judged by length


class AdditionCheck(Check):
    """Flags boilerplate and unmatched sentences (addition) and dropped sentences (omission)."""

    name = "addition"
    categories = ("addition", "omission")
    options_model = AdditionOptions

    def __init__(self, options: CheckOptions | None = None, severity: str | None = None,
                 context: RunContext | None = None) -> None:
        super().__init__(options, severity, context)
        self.boilerplate = boilerplate_lexicon(self.options.boilerplate)
        self.any_cue = cue_pattern(self.boilerplate)
        self.length_model: tuple[float, float] | None = None  # (median, sigma) of log ratios

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Calibrate the length-ratio test on the dataset (median and MAD of log ratios)."""
        ratios = [r for s in segments if (r := self._log_ratio(s)) is not None]
        self.length_model = None
        if len(ratios) >= self.options.length_min_segments:
            median = statistics.median(ratios)
            sigma = MAD_TO_SIGMA * statistics.median(abs(r - median) for r in ratios)
            if sigma > 0:
                self.length_model = (median, sigma)

    def check_segment(self, segment: Segment) -> list[Flag]:
        flags = self._boilerplate_flags(segment)
        if segment.bt and segment.src.strip():
            # an unmatched sentence that is boilerplate has been flagged already
            flags.extend(f for f in self._alignment_flags(segment)
                         if f.category == "omission" or not flags)
        if not flags:
            flags.extend(self._length_flags(segment))
        return flags

    def _boilerplate_flags(self, segment: Segment) -> list[Flag]:
        mt = segment.mt
        spans = boilerplate_spans(mt, segment.src, self.boilerplate, self.any_cue)
        if not spans:
            return []
        flags, taken = [], []
        for span, entry in sorted(spans, key=lambda item: item[0]):
            if span[0] >= span[1] or any(span[0] < e and s < span[1] for s, e in taken):
                continue
            taken.append(span)
            what = "scraped page text" if entry.kind == "chrome" else "MT meta-text"
            flags.append(self.flag(segment, span, category="addition", severity="major",
                                 message=f"{what} ({entry.id}) that is not part of the article"))
        return flags

    def _alignment_flags(self, segment: Segment) -> list[Flag]:
        assert segment.bt is not None
        # A flagged sentence has most of its (at least min_sentence_stems) stems missing on
        # the other side; when fewer stems than that are missing overall, none can be.
        floor = self.options.min_sentence_stems * (1 - self.options.max_coverage)
        if floor >= 0 and segment.bt == segment.src:
            return []  # the same text: no stem missing
        src_text, bt_text = word_text(segment.src), word_text(segment.bt)
        if src_text == bt_text and floor >= 0:
            return []  # the same words: no stem missing
        src_word_stems, bt_word_stems = word_stems(src_text), word_stems(bt_text)
        all_src, all_bt = stem_set(src_word_stems), stem_set(bt_word_stems)
        if len(all_src - all_bt) <= floor and len(all_bt - all_src) <= floor:
            return []
        src_spans, bt_spans = english_sentences(segment.src), english_sentences(segment.bt)
        src_stems = sentence_stems(segment.src, src_text, src_spans, src_word_stems, all_src)
        bt_stems = sentence_stems(segment.bt, bt_text, bt_spans, bt_word_stems, all_bt)
        lonely_src = self._lonely(src_stems, all_bt)
        lonely_bt = self._lonely(bt_stems, all_src)
        if not lonely_src and not lonely_bt:
            return []
        flags = []
        for src_ids, bt_ids in align(src_stems, bt_stems, self.options.align_threshold):
            if src_ids and not bt_ids and src_ids[0] in lonely_src:
                flags.append(self._omission(segment, src_spans[src_ids[0]]))
            elif bt_ids and not src_ids and bt_ids[0] in lonely_bt:
                flags.append(self._addition(segment, bt_ids[0], len(bt_spans),
                                            segment.bt[slice(*bt_spans[bt_ids[0]])]))
        return flags

    def _lonely(self, sentences: list[set[str]], everything: set[str]) -> set[int]:
        """Sentences long enough to judge of which few stems appear anywhere opposite (in
        `everything`, the stems of the other side)."""
        return {i for i, sentence in enumerate(sentences)
                if len(sentence) >= self.options.min_sentence_stems
                and len(sentence & everything) / len(sentence) < self.options.max_coverage}

    def _omission(self, segment: Segment, source_span: tuple[int, int]) -> Flag:
        sentence = _clip(segment.src[source_span[0]:source_span[1]])
        return self.flag(segment, None, category="omission", severity="major",
                       message=f"source sentence not translated: \"{sentence}\"", source_span=source_span)

    def _addition(self, segment: Segment, index: int, bt_count: int, bt_sentence: str) -> Flag:
        mt_spans = arabic_sentences(segment.mt)
        span = mt_spans[index] if len(mt_spans) == bt_count else None
        return self.flag(segment, span, category="addition", severity="major",
                       message=f"MT sentence with no source counterpart (back-translated: "
                               f"\"{_clip(bt_sentence)}\")")

    def _log_ratio(self, segment: Segment) -> float | None:
        """log(len(mt) / len(src)); None when either is too short to judge (an MT with no
        letters or digits at all is the empty check's business)."""
        src = len(segment.src.strip())
        if src < self.options.length_min_chars or not ALNUM.search(segment.mt):
            return None
        return math.log(len(segment.mt.strip()) / src)

    def _length_flags(self, segment: Segment) -> list[Flag]:
        if self.length_model is None:
            return []
        ratio = self._log_ratio(segment)  # computed again: cheaper than looking it up
        if ratio is None:
            return []
        median, sigma = self.length_model
        z = (ratio - median) / sigma
        if abs(z) <= self.options.length_k:
            return []
        severity = "major" if abs(z) > 2 * self.options.length_k else "minor"
        category, what = ("omission", "shorter") if z < 0 else ("addition", "longer")
        message = (f"translation is {math.exp(abs(ratio - median)):.1f}x {what} than this "
                   f"dataset's translations usually are ({abs(z):.1f} MADs from the median)")
        return [self.flag(segment, None, category=category, severity=severity, message=message)]


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
