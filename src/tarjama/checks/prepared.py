"""A segment as the checks read it: its fields, plus the analyses several checks share.

Each analysis (normalised Arabic, source and back-translation entities, the round trip's
sentence alignment) is computed on first use and kept on the prepared segment, so no check
normalises `mt` or tags `src` again and a check that never asks costs nothing: the tagger runs
only on the segments that need it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cached_property
from typing import TypeVar, cast

from tarjama.data import Segment
from tarjama.lang.align import SentencePair, sentence_pairs
from tarjama.lang.ar import normalise
from tarjama.lang.entities import Entity, EntityTagger

T = TypeVar("T")


class PreparedSegment:
    """The read-only view of one segment that `Check.check_segment` receives."""

    def __init__(self, segment: Segment, tagger: EntityTagger) -> None:
        self.segment = segment
        self.id, self.doc_id = segment.id, segment.doc_id
        self.src, self.mt, self.ref, self.bt = segment.src, segment.mt, segment.ref, segment.bt
        self._tagger = tagger
        self._shared: dict[Hashable, object] = {}

    def __repr__(self) -> str:
        return f"PreparedSegment({self.segment!r})"

    @cached_property
    def mt_norm(self) -> str:
        """`mt` under every Arabic normalisation step (for matching, never for offsets)."""
        return normalise(self.mt)

    @cached_property
    def src_entities(self) -> tuple[Entity, ...]:
        """Named entities of the English source."""
        return self._tagger.entities(self.src)

    def shared(self, key: Hashable, compute: Callable[[], T]) -> T:
        """An analysis that several checks share but that depends on their options (`key`
        names it and them): computed by the first check that asks, kept for the others."""
        if key not in self._shared:
            self._shared[key] = compute()
        return cast(T, self._shared[key])

    def familiar(self, word: str) -> bool:
        """Whether the entity model's English vocabulary knows `word` (see EntityTagger)."""
        return self._tagger.familiar(word)

    def src_entities_in(self, span: tuple[int, int]) -> tuple[Entity, ...]:
        """Entities of `src[span]` (a sentence), offsets into `src`: read off `src_entities`
        when some check has tagged the whole source already, else tagged alone (the tagger's
        cost grows with the text, and a check that doubts one sentence needs only that)."""
        if "src_entities" in self.__dict__:
            return tuple(e for e in self.src_entities if span[0] <= e.start and e.end <= span[1])
        start, end = span
        return tuple(
            e._replace(start=e.start + start, end=e.end + start)
            for e in self._tagger.entities(self.src[start:end])
        )

    @cached_property
    def bt_entities(self) -> tuple[Entity, ...]:
        """Named entities of the back-translation (empty without one)."""
        return self._tagger.entities(self.bt) if self.bt else ()

    @cached_property
    def sentence_pairs(self) -> list[SentencePair]:
        """The round trip sentence by sentence: source sentences, the back-translated ones
        aligned to them and the translated ones these stand for (empty without bt)."""
        return sentence_pairs(self.src, self.bt, self.mt) if self.bt else []


def prepare(segments: list[Segment], tagger: EntityTagger) -> list[PreparedSegment]:
    """Prepared views of `segments`, in order, sharing one tagger."""
    return [PreparedSegment(seg, tagger) for seg in segments]
