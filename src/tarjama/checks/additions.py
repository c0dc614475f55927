"""The addition/omission check: text the MT added, and source text it dropped.

Three detectors, from the most to the least certain:
- boilerplate: scraped page chrome ("اقرأ المزيد:", "Read more") and MT meta-text ("إليك
  الترجمة:") listed in tarjama/resources/lexicons/boilerplate.yaml, flagged in the MT wherever it appears;
- sentence alignment (when a back-translation exists): source and back-translation sentences
  aligned monotonically by dynamic programming, allowing 1-1, 1-2, 2-1, 1-0 and 0-1 beads; a
  back-translated sentence with no source counterpart is an addition, a source sentence with
  no counterpart an omission. A sentence rendered concisely or merged into its neighbour still
  shares its content words with the other side, so it is not one;
- length ratio: the log ratio of MT length to the Arabic length the source leads one to expect,
  calibrated on the dataset itself (median ± k·MAD, the MAD scaled by 1.4826 to estimate a
  standard deviation), for segments far outside what this dataset's translations usually do.
  Arabic is longer than English and spells out what English abbreviates (U.S. → الولايات
  المتحدة, CNN → سي إن إن, $ → دولار), so each acronym letter and currency sign counts as the
  Arabic it becomes; and headlines, telegraphic in English but not in Arabic (Toll Soars →
  ارتفاع عدد الوفيات), are judged against the dataset's other headlines, not its sentences.

Severity (MQM): boilerplate, an invented sentence and a dropped sentence mislead the reader
(major). Length alone cannot say what was added or dropped: minor beyond k, major only beyond 2k
(a translation that long or short has lost or invented meaning whatever it is).
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from tarjama.checks.base import Check, CheckOptions
from tarjama.checks.patterns import WORD_START, alternation, contains_any
from tarjama.checks.prepared import PreparedSegment
from tarjama.context import RunContext
from tarjama.errors import ConfigError
from tarjama.flags import Flag
from tarjama.lang import ar, en
from tarjama.lang.align import align, stems
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


def compile_boilerplate(entry: dict[str, Any]) -> Boilerplate:
    patterns = [ar.normalise(p).replace(" ", r"\s+") for p in entry["patterns"]]
    unless = entry.get("unless_source")
    try:
        return Boilerplate(
            id=entry["id"],
            kind=entry["kind"],
            cues=tuple(c.lower() for c in entry["cues"]),
            pattern=alternation(WORD_START, patterns, re.IGNORECASE | re.MULTILINE),
            line_start=entry.get("where", "anywhere") == "line-start",
            extent=entry.get("extent", "match"),
            unless_source=re.compile(unless, re.IGNORECASE) if unless else None,
        )
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


# Letters from the most to the least frequent (Arabic in news MT, then English).
LETTER_FREQUENCY = "اليرمنوتسدبفعةقكأحهجإىطزصضشخثئءغذظآؤetaoinshrdlcumwfgypbvkjxqz"


def cue_pattern(entries: Sequence[Boilerplate]) -> re.Pattern[str]:
    """One pattern for every entry's cues (plain lower-case substrings): a single scan of
    the MT, rather than a substring test per cue, rules out most segments.

    Each cue is found from its rarest letter, with the rest of the cue around it checked by a
    lookbehind and a lookahead: the regex engine skips ahead to those few letters, where a
    pattern led by each cue's first letter would stop at most characters of the text (a
    third of the time of the substring tests, on news MT)."""
    by_anchor: dict[str, list[str]] = {}
    for cue in dict.fromkeys(c for entry in entries for c in entry.cues):
        k = max(range(len(cue)), key=lambda i: LETTER_FREQUENCY.find(cue[i]))
        before = f"(?<={re.escape(cue[: k + 1])})" if k else ""
        after = f"(?={re.escape(cue[k + 1 :])})" if cue[k + 1 :] else ""
        by_anchor.setdefault(cue[k], []).append(before + after)
    return re.compile(
        "|".join(
            f"{re.escape(anchor)}(?:{'|'.join(rests)})"
            for anchor, rests in sorted(by_anchor.items())
        )
    )


def boilerplate_spans(
    mt: str, mt_norm: str, src: str, entries: Sequence[Boilerplate], any_cue: re.Pattern[str]
) -> list[tuple[tuple[int, int], Boilerplate]]:
    """Spans of boilerplate in `mt` (whose normalised form is `mt_norm`), with their entries;
    `any_cue` is the entries' `cue_pattern`."""
    lowered = mt.lower()
    if not any_cue.search(lowered):
        return []  # the usual case
    found = []
    for entry in entries:
        if not contains_any(lowered, entry.cues):
            continue  # the cheap pre-test the lexicon's cues are for
        if entry.unless_source is not None and entry.unless_source.search(src):
            continue
        for match in entry.pattern.finditer(mt_norm):
            if entry.line_start and not AFTER_SENTENCE.search(mt_norm, 0, match.start()):
                continue
            [span] = ar.original_spans(mt, mt_norm, [match.span()])
            found.append((_extend(mt, span, entry.extent), entry))
    return found


def _extend(mt: str, span: tuple[int, int], extent: str) -> tuple[int, int]:
    """Grow a match to the end of its line or to the whole sentence around it."""
    start, end = span
    if extent == "line":
        newline = mt.find("\n", end)
        end = len(mt) if newline < 0 else newline
    elif extent == "sentence":
        start, end = next(
            ((s, e) for s, e in ar.sentence_spans(mt) if s <= start and end <= e), (start, end)
        )
    piece = mt[start:end]
    return start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


# --- the length model --------------------------------------------------------------------

ACRONYM_LETTER = 4  # Arabic characters per acronym letter: a letter's name and a space (سي
# إن إن) or, spelt out, about half a word (الولايات المتحدة for U.S.)
CURRENCY = re.compile(r"[$£€¥]")
CURRENCY_WORD = 6  # the sign becomes a word: دولار، جنيه إسترليني، يورو


def expected_length(src: str) -> float:
    """The length of `src` counted as Arabic will need it: acronym letters and currency signs
    weigh as the Arabic words they become."""
    length = float(len(src.strip()))
    for match in en.ACRONYM.finditer(src):
        letters = sum(map(str.isupper, match.group()))
        length += letters * ACRONYM_LETTER - len(match.group())
    return length + len(CURRENCY.findall(src)) * (CURRENCY_WORD - 1)


class LengthModel(NamedTuple):
    """The median and spread (MAD scaled to a standard deviation) of log length ratios."""

    median: float
    sigma: float


class LengthOutlier(NamedTuple):
    """A segment whose log length ratio lies beyond k sigmas of its kind's median."""

    model: LengthModel
    ratio: float
    headline: bool


# --- the check ---------------------------------------------------------------------------


class AdditionOptions(CheckOptions):
    """Boilerplate lexicon, alignment thresholds and the length-ratio test."""

    boilerplate: str = DEFAULT_BOILERPLATE
    align_threshold: float = 0.2  # dice below which two sentences are not counterparts
    max_coverage: float = 0.25  # a sentence is unmatched only if less of it appears opposite
    min_sentence_stems: int = 4  # shorter sentences are never flagged by alignment
    length_k: float = 3.5  # outliers lie beyond median ± k·1.4826·MAD of log length ratios
    length_min_segments: int = 20  # calibrate (headlines, sentences) only on this many
    length_min_chars: int = 20  # segments with shorter sources are not judged by length


class AdditionCheck(Check):
    """Flags boilerplate and unmatched sentences (addition) and dropped sentences (omission)."""

    name = "addition"
    categories = ("addition", "omission")
    options_model = AdditionOptions
    options: AdditionOptions

    def __init__(
        self,
        options: CheckOptions | None = None,
        severity: str | None = None,
        context: RunContext | None = None,
    ) -> None:
        super().__init__(options, severity, context)
        self.boilerplate = boilerplate_lexicon(self.options.boilerplate)
        self.any_cue = cue_pattern(self.boilerplate)
        self.length_outliers: dict[str, LengthOutlier] = {}  # by segment id, set by prepare

    def prepare(self, segments: Sequence[PreparedSegment]) -> None:
        """Calibrate the length-ratio test on the dataset, headlines apart from sentences, and
        find the segments that lie outside what it calibrated."""
        ratios: dict[bool, dict[str, float]] = {True: {}, False: {}}
        for segment in segments:
            if (ratio := self._log_ratio(segment)) is not None:
                ratios[en.is_headline(segment.src)][segment.id] = ratio
        self.length_outliers = {}
        for headline, by_id in ratios.items():
            if len(by_id) < self.options.length_min_segments:
                continue
            median = statistics.median(by_id.values())
            sigma = MAD_TO_SIGMA * statistics.median(abs(r - median) for r in by_id.values())
            if sigma <= 0:
                continue
            model = LengthModel(median, sigma)
            for segment_id, ratio in by_id.items():
                if abs(ratio - median) > self.options.length_k * sigma:
                    self.length_outliers[segment_id] = LengthOutlier(model, ratio, headline)

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        flags = self._boilerplate_flags(segment)
        if segment.bt and segment.src.strip():
            # an unmatched sentence that is boilerplate has been flagged already
            flags.extend(
                f for f in self._alignment_flags(segment) if f.category == "omission" or not flags
            )
        if not flags:
            flags.extend(self._length_flags(segment))
        return flags

    def _boilerplate_flags(self, segment: PreparedSegment) -> list[Flag]:
        spans = boilerplate_spans(
            segment.mt, segment.mt_norm, segment.src, self.boilerplate, self.any_cue
        )
        flags: list[Flag] = []
        taken: list[tuple[int, int]] = []
        for span, entry in sorted(spans, key=lambda item: item[0]):
            if span[0] >= span[1] or any(span[0] < e and s < span[1] for s, e in taken):
                continue
            taken.append(span)
            what = "scraped page text" if entry.kind == "chrome" else "MT meta-text"
            flags.append(
                self.flag(
                    segment,
                    span,
                    category="addition",
                    severity="major",
                    message=f"{what} ({entry.id}) that is not part of the article",
                )
            )
        return flags

    def _alignment_flags(self, segment: PreparedSegment) -> list[Flag]:
        assert segment.bt is not None
        if segment.bt == segment.src or not self._may_be_lonely(
            stems(segment.src), stems(segment.bt)
        ):
            return []  # the usual case
        src_spans, bt_spans = en.sentence_spans(segment.src), en.sentence_spans(segment.bt)
        src_stems = [stems(segment.src[start:end]) for start, end in src_spans]
        bt_stems = [stems(segment.bt[start:end]) for start, end in bt_spans]
        lonely_src = self._lonely(src_stems, set().union(*bt_stems))
        lonely_bt = self._lonely(bt_stems, set().union(*src_stems))
        if not lonely_src and not lonely_bt:
            return []  # every sentence shares enough with the other side (the usual case)
        flags = []
        for src_ids, bt_ids in align(src_stems, bt_stems, self.options.align_threshold):
            if src_ids and not bt_ids and src_ids[0] in lonely_src:
                flags.append(self._omission(segment, src_spans[src_ids[0]]))
            elif bt_ids and not src_ids and bt_ids[0] in lonely_bt:
                flags.append(self._addition(segment, bt_ids[0], bt_spans))
        return flags

    def _may_be_lonely(self, src: frozenset[str], bt: frozenset[str]) -> bool:
        """Whether a sentence of either side may lack a counterpart, judged on the stems of the
        whole texts: a lonely sentence has at least min_sentence_stems stems, of which more than
        (1 - max_coverage) are missing opposite, and so missing from the other text."""
        floor = self.options.min_sentence_stems * (1 - self.options.max_coverage)
        return len(src - bt) > floor or len(bt - src) > floor

    def _lonely(self, sentences: list[frozenset[str]], opposite: set[str]) -> set[int]:
        """Sentences long enough to judge of which few stems appear anywhere opposite (among
        the stems of the other side)."""
        return {
            i
            for i, sentence in enumerate(sentences)
            if len(sentence) >= self.options.min_sentence_stems
            and len(sentence & opposite) / len(sentence) < self.options.max_coverage
        }

    def _omission(self, segment: PreparedSegment, source_span: tuple[int, int]) -> Flag:
        sentence = _clip(segment.src[source_span[0] : source_span[1]])
        return self.flag(
            segment,
            None,
            category="omission",
            severity="major",
            message=f'source sentence not translated: "{sentence}"',
            source_span=source_span,
        )

    def _addition(
        self, segment: PreparedSegment, index: int, bt_spans: list[tuple[int, int]]
    ) -> Flag:
        """The addition of back-translated sentence `index`, on its MT sentence when the MT has
        as many sentences as the back-translation (else on the whole segment)."""
        assert segment.bt is not None
        mt_spans = ar.sentence_spans(segment.mt)
        span = mt_spans[index] if len(mt_spans) == len(bt_spans) else None
        bt_sentence = _clip(segment.bt[slice(*bt_spans[index])])
        return self.flag(
            segment,
            span,
            category="addition",
            severity="major",
            message=f'MT sentence with no source counterpart (back-translated: "{bt_sentence}")',
        )

    def _log_ratio(self, segment: PreparedSegment) -> float | None:
        """log(len(mt) / expected_length(src)); None when the source is too short to judge (an
        MT with no letters or digits at all is the empty check's business)."""
        if len(segment.src.strip()) < self.options.length_min_chars:
            return None
        if not ALNUM.search(segment.mt):
            return None
        return math.log(len(segment.mt.strip()) / expected_length(segment.src))

    def _length_flags(self, segment: PreparedSegment) -> list[Flag]:
        outlier = self.length_outliers.get(segment.id)
        if outlier is None:
            return []  # within what the dataset's translations do, or not judged
        model = outlier.model
        z = (outlier.ratio - model.median) / model.sigma
        severity = "major" if abs(z) > 2 * self.options.length_k else "minor"
        category, what = ("omission", "shorter") if z < 0 else ("addition", "longer")
        kind = "headlines" if outlier.headline else "sentences"
        message = (
            f"translation is {math.exp(abs(outlier.ratio - model.median)):.1f}x {what} "
            f"than this dataset's translations of {kind} usually are ({abs(z):.1f} MADs "
            "from the median)"
        )
        return [self.flag(segment, None, category=category, severity=severity, message=message)]


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
