"""The name checks: `name-transliteration` (a source name misspelt, or missing, in the Arabic)
and `name-inconsistency` (one source name spelt two ways in a document).

Where each source name is in `mt` and what is wrong with it is worked out once per segment
(tarjama.checks.name_renderings) and shared by the two checks. The transliteration check then
decides, for each problem, whether the name is one that Arabic writes by its sound: a person or
a place is (a misspelling is major); an organisation, a title or a nationality is usually
translated (Fox News Channel → قناة فوكس نيوز, Indonesian → إندونيسي), so a "missing" or
"misspelt" word of one is no error. What the name is comes from the gazetteer, English cues and,
for the few problems left, the English named-entity model (tarjama.lang.namekinds).

Consistency: one spelling per document. Two accepted spellings of a name (ميرتس / ميرز) in
one document are an inconsistency (minor, on the minority spelling); only accepted forms
that are different words (بريطانيا / المملكة المتحدة) are not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz

from tarjama.checks.base import Check
from tarjama.checks.name_renderings import (
    KNOWN,
    VOUCHED,
    NameAnalysis,
    NameOptions,
    NameProblem,
    Rendering,
    analyse,
)
from tarjama.checks.prepared import PreparedSegment
from tarjama.flags import Flag
from tarjama.lang.namekinds import TRANSLITERATED, name_kind
from tarjama.lang.propernames import sentence_openers

SPELLING_SIMILARITY = 60.0
"""Skeleton similarity (0–100) from which two established forms are spellings of one word."""


class _NameCheck(Check):
    """What the two name checks share: their options, and the analysis of a segment."""

    options_model = NameOptions
    options: NameOptions

    def analysis(self, segment: PreparedSegment) -> NameAnalysis:
        """Every source name's rendering in the segment's `mt`, and what is wrong with it:
        computed once per segment and set of options, whichever check asks first."""
        return segment.shared(
            ("names", self.options),
            lambda: analyse(segment.src, segment.mt, segment.bt, self.options),
        )


class NameTransliterationCheck(_NameCheck):
    """Source names misspelt in the translation, not in their established form, or missing."""

    name = "name-transliteration"
    categories = ("name-transliteration", "omission")
    needs_entities = True

    def check_segment(self, segment: PreparedSegment) -> list[Flag]:
        flags = []
        for problem in self.analysis(segment).problems:
            severity = self._severity(segment, problem)
            if severity is not None:
                flags.append(
                    self.flag(
                        segment,
                        problem.span,
                        category=problem.category,
                        severity=severity,
                        message=problem.message,
                        source_span=problem.source_span,
                        suggestion=problem.suggestion,
                    )
                )
        return flags

    def _severity(self, segment: PreparedSegment, problem: NameProblem) -> str | None:
        """The problem's severity once the source says what the name is; None when it is not
        a name that Arabic transliterates. A misspelt word beside a correct one is a brand's
        or a title's misspelling (minor) when the name is not a person or a place; a name
        found or missed on nothing but its sound is no error of an organisation, a title or a
        nationality, which Arabic translates (Indonesian → إندونيسي, Fox News Channel → قناة
        فوكس نيوز). The named-entity model is asked only here, for the few problems left."""
        if problem.basis == KNOWN:
            return problem.severity
        start, end = problem.judged_span or problem.source_span
        kind = name_kind(segment, (start, end))
        if kind in TRANSLITERATED:
            return problem.severity
        if problem.basis != VOUCHED:
            return None
        # Words the English model does not know (Gabbard) are a transliterated name's, whatever
        # the model guessed; English words (Fragrance Shop, Dragons Den) a brand's or a title's.
        foreign = not all(map(segment.familiar, segment.src[start:end].split()))
        return problem.severity if foreign else "minor"


class NameInconsistencyCheck(_NameCheck):
    """The same source name rendered in different ways within one document."""

    name = "name-inconsistency"
    categories = ("name-inconsistency",)

    def check_document(self, segments: Sequence[PreparedSegment]) -> list[Flag]:
        analyses = [self.analysis(segment) for segment in segments]
        known = frozenset().union(*(analysis.name_words for analysis in analyses))
        mentions: dict[str, list[tuple[PreparedSegment, Rendering]]] = {}
        for segment, analysis in zip(segments, analyses, strict=True):
            for rendering in self._renderings(segment, analysis, known):
                mentions.setdefault(rendering.key, []).append((segment, rendering))
        flags: list[Flag] = []
        for key_mentions in mentions.values():
            if len(key_mentions) > 1:  # one mention cannot disagree with itself
                flags.extend(self._inconsistencies(key_mentions))
        return flags

    def _renderings(
        self, segment: PreparedSegment, analysis: NameAnalysis, known: frozenset[str]
    ) -> tuple[Rendering, ...]:
        """The segment's renderings, with the names that open its sentences counted when the
        rest of the document names them ("Sybiha met …" after "Andrii Sybiha")."""
        seen = known.difference(analysis.name_words) & sentence_openers(segment.src)
        if not seen.intersection(analysis.doubtful):
            return analysis.renderings
        return analyse(
            segment.src, segment.mt, segment.bt, self.options, frozenset(seen)
        ).renderings

    def _inconsistencies(self, mentions: list[tuple[PreparedSegment, Rendering]]) -> list[Flag]:
        """Flag the renderings that differ from the document's preferred one.

        Preferred: the most frequent form; on a tie an Arabic-script one, then an established
        one, then the first. Two accepted spellings of one name (ميرتس / ميرز, زيلينسكي /
        زيلنسكي) are an inconsistency too: an editor wants one spelling per document. Only two
        established forms that are different words are synonyms (المملكة المتحدة / بريطانيا).
        """
        counts = Counter(r.form for _, r in mentions)
        if len(counts) < 2:  # one form (most names): nothing to flag
            return []
        first_seen: dict[str, tuple[int, Rendering]] = {}
        for order, (_, r) in enumerate(mentions):
            first_seen.setdefault(r.form, (order, r))
        best = max(
            first_seen.values(),
            key=lambda item: (
                counts[item[1].form],
                not item[1].latin,
                item[1].established,
                -item[0],
            ),
        )[1]
        return [
            self.flag(
                segment,
                r.span,
                category="name-inconsistency",
                severity="minor",
                message=(
                    f"'{r.text}' here, but the rest of the document writes '{best.text}' "
                    f"({counts[best.form]} of {len(mentions)} mentions)"
                ),
                source_span=r.source_span,
                suggestion=best.text,
            )
            for segment, r in mentions
            if r.form != best.form and not _synonyms(r, best)
        ]


def _synonyms(one: Rendering, other: Rendering) -> bool:
    """Two established forms that are different names for one thing, not two spellings of
    one: different word counts (القرم / شبه جزيرة القرم) or dissimilar skeletons."""
    if not (one.established and other.established) or one.skeleton == other.skeleton:
        return False
    return (
        one.text.count(" ") != other.text.count(" ")
        or fuzz.ratio(one.skeleton, other.skeleton) < SPELLING_SIMILARITY
    )


__all__ = ["NameInconsistencyCheck", "NameOptions", "NameTransliterationCheck"]
