"""Running the configured checks over a dataset: per segment, block by block; then per document,
each document as soon as its last segment is checked, so that segments leave in order with
their flags while the rest of the dataset is still being checked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, overload

from tarjama.checks import CHECKS
from tarjama.checks.base import Check
from tarjama.checks.prepared import PreparedSegment, prepare
from tarjama.config import CheckConfig
from tarjama.context import RunContext
from tarjama.data import Dataset, Segment
from tarjama.flags import Flag
from tarjama.lang.entities import DEFAULT_ENTITY_MODEL, EntityTagger


def build_checks(
    configs: dict[str, CheckConfig] | None, context: RunContext | None = None
) -> list[Check]:
    """Instantiate the enabled checks; None means every registered check with defaults."""
    if configs is None:
        configs = {name: CheckConfig() for name in CHECKS.names()}
    context = context if context is not None else RunContext()
    return [_build_one(name, config, context) for name, config in configs.items() if config.enabled]


def _build_one(name: str, config: CheckConfig, context: RunContext) -> Check:
    check_class = CHECKS.get(name)
    return check_class(check_class.parse_options(config.options), config.severity, context)


BLOCK = 256
"""Segments per block. One check runs over a block, then the next: a check's code, patterns
and caches stay hot in the processor's caches, which makes all checks together much faster
than running every check on one segment before the next. Checks that share a per-segment
analysis (the two name checks) find it in its per-process cache, which holds more than this."""


def run_checks(
    dataset: Dataset, checks: Iterable[Check], progress: Any = None
) -> dict[str, list[Flag]]:
    """Flags per segment id, in segment order, sorted by span start within a segment."""
    return {seg.id: flags for seg, flags in check_segments(dataset.segments, checks, progress)}


def check_segments(
    segments: Sequence[Segment], checks: Iterable[Check], progress: Any = None
) -> Iterator[tuple[Segment, list[Flag]]]:
    """Each segment with its flags (sorted by span start), in segment order, as soon as its
    document has been checked: a caller can write and forget each segment before the next
    document is read, and the analyses of a document are dropped once it is done.

    The checks share one entity tagger (the first check's context names its model); it is
    loaded before any work when a check needs it, so a missing model fails at once.
    """
    checks = list(checks)
    tagger = _tagger(checks)
    calibrate(segments, checks, tagger)
    yield from _run(segments, checks, tagger, progress)


def calibrate(
    segments: Sequence[Segment], checks: Sequence[Check], tagger: EntityTagger | None = None
) -> None:
    """Let each check calibrate on the whole dataset (`Check.prepare`) before any segment is
    checked; an executor that checks parts of the dataset elsewhere calibrates here first."""
    tagger = tagger or _tagger(checks)
    for check in checks:
        check.prepare(_PreparedViews(segments, tagger))


def check_calibrated(
    segments: Sequence[Segment], checks: Sequence[Check], progress: Any = None
) -> Iterator[tuple[Segment, list[Flag]]]:
    """As `check_segments`, with checks already calibrated on the whole dataset: the flags of
    whole documents taken from it are the flags `check_segments` gives them there."""
    checks = list(checks)
    yield from _run(segments, checks, _tagger(checks), progress)


def _tagger(checks: Sequence[Check]) -> EntityTagger:
    """The entity tagger the checks share, found at once when a check needs it."""
    tagger = EntityTagger(checks[0].context.entity_model if checks else DEFAULT_ENTITY_MODEL)
    if any(check.needs_entities for check in checks):
        tagger.ensure_available()
    return tagger


def _run(
    segments: Sequence[Segment], checks: list[Check], tagger: EntityTagger, progress: Any
) -> Iterator[tuple[Segment, list[Flag]]]:
    held = _HeldSegments(segments)
    for start in range(0, len(segments), BLOCK):
        block = prepare(list(segments[start : start + BLOCK]), tagger)
        for index, (seg, seg_flags) in enumerate(
            zip(block, _check_block(block, checks), strict=True), start=start
        ):
            held.add(index, seg, seg_flags)
        for document in held.complete(start + len(block)):
            _check_document(document, checks)
        if progress is not None:
            progress.update(len(block))
        yield from held.release(start + len(block))


class _HeldSegments:
    """Checked segments, held until their document is complete (its last segment checked)
    and every segment before them has been released: they leave in segment order. A document's
    segments usually follow each other, so about one document is held at a time."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments = segments
        self.last = {seg.doc_id: index for index, seg in enumerate(segments)}
        self.held: dict[int, tuple[PreparedSegment, list[Flag]]] = {}
        self.open: dict[str, list[int]] = {}  # doc_id -> its checked segments, until complete
        self.released = 0

    def add(self, index: int, segment: PreparedSegment, flags: list[Flag]) -> None:
        self.held[index] = (segment, flags)
        self.open.setdefault(segment.doc_id, []).append(index)

    def complete(self, checked: int) -> list[list[tuple[PreparedSegment, list[Flag]]]]:
        """The documents completed by the first `checked` segments, each in segment order,
        in the order they first appear."""
        done = [doc_id for doc_id in self.open if self.last[doc_id] < checked]
        return [[self.held[index] for index in self.open.pop(doc_id)] for doc_id in done]

    def release(self, checked: int) -> Iterator[tuple[Segment, list[Flag]]]:
        """Segments whose document is complete, in order, up to the first whose is not."""
        while self.released < checked:
            if self.last[self.segments[self.released].doc_id] >= checked:
                return
            segment, flags = self.held.pop(self.released)
            if len(flags) > 1:
                flags.sort(key=lambda f: (f.span[0] if f.span else -1, f.category))
            self.released += 1
            yield segment.segment, flags


class _PreparedViews(Sequence[PreparedSegment]):
    """Every segment as a fresh prepared view, made on access: what `Check.prepare` reads to
    calibrate (raw fields), without keeping a view of every segment alive."""

    def __init__(self, segments: Sequence[Segment], tagger: EntityTagger) -> None:
        self.segments = segments
        self.tagger = tagger

    def __len__(self) -> int:
        return len(self.segments)

    @overload
    def __getitem__(self, index: int) -> PreparedSegment: ...
    @overload
    def __getitem__(self, index: slice) -> list[PreparedSegment]: ...

    def __getitem__(self, index: int | slice) -> PreparedSegment | list[PreparedSegment]:
        if isinstance(index, slice):
            return prepare(list(self.segments[index]), self.tagger)
        return PreparedSegment(self.segments[index], self.tagger)


def _check_document(
    document: list[tuple[PreparedSegment, list[Flag]]], checks: list[Check]
) -> None:
    """Every check's document flags, each added to its segment's flags."""
    segments = [segment for segment, _ in document]
    by_id = {segment.id: flags for segment, flags in document}
    for check in checks:
        if found := check.check_document(segments):
            for flag in _with_severity(check, found):
                by_id[flag.id].append(flag)


def _check_block(block: Sequence[PreparedSegment], checks: list[Check]) -> list[list[Flag]]:
    """Each segment's flags, in check order: each check runs over the whole block in turn."""
    found: list[list[Flag]] = [[] for _ in block]
    for check in checks:
        for seg_flags, seg in zip(found, block, strict=True):
            if new := check.check_segment(seg):  # most checks find nothing in most segments
                seg_flags.extend(_with_severity(check, new))
    return found


def _with_severity(check: Check, flags: list[Flag]) -> list[Flag]:
    """Apply the suite's severity override and record which check emitted each flag."""
    override = check.severity_override
    if override is None:  # the common case; checks that use Check.flag have stamped their name
        return [f if f.check else replace(f, check=check.name) for f in flags]
    return [
        f
        if f.check and f.severity == override
        else replace(f, severity=override, check=f.check or check.name)
        for f in flags
    ]
