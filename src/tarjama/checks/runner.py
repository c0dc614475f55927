"""Running the configured checks over a dataset: per segment, block by block; then per document."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from tarjama.checks import CHECKS
from tarjama.checks.base import Check
from tarjama.checks.prepared import PreparedSegment, prepare
from tarjama.config import CheckConfig
from tarjama.context import RunContext
from tarjama.data import Dataset
from tarjama.flags import Flag
from tarjama.lang.entities import DEFAULT_ENTITY_MODEL, EntityTagger


def build_checks(configs: dict[str, CheckConfig] | None,
                 context: RunContext | None = None) -> list[Check]:
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


def run_checks(dataset: Dataset, checks: Iterable[Check],
               progress: Any = None) -> dict[str, list[Flag]]:
    """Flags per segment id, in segment order, sorted by span start within a segment.

    The checks share one entity tagger (the first check's context names its model); it is
    loaded before any work when a check needs it, so a missing model fails at once.
    """
    checks = list(checks)
    tagger = EntityTagger(checks[0].context.entity_model if checks else DEFAULT_ENTITY_MODEL)
    if any(check.needs_entities for check in checks):
        tagger.ensure_available()
    with _collector_for_the_run():
        return _run(prepare(dataset.segments, tagger), checks, progress)


YOUNG_COLLECTION = 50_000
"""Allocations between two young-generation garbage collections while the checks run (Python's
default is 700). The checks allocate many small, short-lived tuples and lists; most are freed
before a collection would look at them, so collecting less often does less work (on 20,000
segments: 8 collections instead of about 600, and a third of the collector's time), while
what cyclic garbage there is still goes after at most this many allocations."""


@contextmanager
def _collector_for_the_run() -> Iterator[None]:
    """Leave the objects that exist before the run (the dataset, lexicons, compiled patterns,
    warm caches) out of garbage collection while it lasts: they outlive it anyway, and every
    full collection would walk them again. Young collections run every YOUNG_COLLECTION
    allocations meanwhile. Both settings are restored afterwards (objects that a host
    program froze before the run stay frozen: then it unfreezes nothing)."""
    saved, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION, *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        if not frozen_before:
            gc.unfreeze()


def _run(prepared: list[PreparedSegment], checks: list[Check], progress: Any) -> dict[str, list[Flag]]:
    for check in checks:
        check.prepare(prepared)
    flags: dict[str, list[Flag]] = {seg.id: [] for seg in prepared}
    for start in range(0, len(prepared), BLOCK):
        block = prepared[start:start + BLOCK]
        for seg, seg_flags in zip(block, _check_block(block, checks), strict=True):
            flags[seg.id].extend(seg_flags)
        if progress is not None:
            progress.update(len(block))
    for segments in _documents(prepared).values():
        for check in checks:
            if found := check.check_document(segments):
                for flag in _with_severity(check, found):
                    flags[flag.id].append(flag)
    for seg_flags in flags.values():
        if len(seg_flags) > 1:
            seg_flags.sort(key=lambda f: (f.span[0] if f.span else -1, f.category))
    return flags


def _documents(prepared: list[PreparedSegment]) -> dict[str, list[PreparedSegment]]:
    """Prepared segments grouped by doc_id, each document in input order."""
    docs: dict[str, list[PreparedSegment]] = {}
    for seg in prepared:
        docs.setdefault(seg.doc_id, []).append(seg)
    return docs


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
    return [f if f.check and f.severity == override
            else replace(f, severity=override, check=f.check or check.name)
            for f in flags]
