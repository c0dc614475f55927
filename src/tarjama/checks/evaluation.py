"""Scoring checks against annotated cases: per-category precision, recall, F1 and support.

An annotated case is one segment (src, mt, optional bt and doc_id) with the flags an editor
expects, each a category and the exact `mt` substring it should cover, or null for a flag
about the whole segment (empty, wrong-language, source-copy) or with nothing in `mt` to point
at (an omission).

Matching rule (per segment, per category; flags of other categories never match):
- an expected flag with text T is *found* when a predicted flag's span overlaps an occurrence
  of T in `mt` by at least one character ([s, e) and [a, b) overlap when s < b and a < e);
- a predicted flag with span null is about the whole segment, so it overlaps every occurrence;
- an expected flag with text null is found by any predicted flag of its category.
Precision counts predicted flags that match at least one expected flag; recall counts expected
flags found by at least one predicted flag. So a check that splits one error into two flags
is not penalised, and one wide flag that covers two expected errors finds both.

A case may also list `tolerated` flags (same shape as expected): predicted flags that match a
tolerated item but no expected one are left out of the counts — neither hits nor false alarms.
They record where two categories are both defensible: an English sentence copied into `mt` is
a `source-copy`, and its words are also, literally, `untranslated`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarjama.checks.base import Check
from tarjama.checks.runner import run_checks
from tarjama.data import Dataset, Segment, check_unique_ids
from tarjama.errors import InputError
from tarjama.flags import CATEGORIES, Flag


@dataclass(frozen=True)
class Expected:
    """One flag an annotator expects: a category and the `mt` text it covers (None: whole)."""

    category: str
    text: str | None = None


@dataclass(frozen=True)
class Case:
    """An annotated segment."""

    id: str
    src: str
    mt: str
    expected: tuple[Expected, ...] = ()
    bt: str | None = None
    doc_id: str | None = None
    note: str = ""
    tolerated: tuple[Expected, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.expected

    def segment(self) -> Segment:
        """The case as a segment; a case without doc_id is a document of its own."""
        return Segment(
            id=self.id, doc_id=self.doc_id or self.id, src=self.src, mt=self.mt, bt=self.bt
        )


@dataclass(frozen=True)
class CategoryScore:
    """Counts behind precision and recall for one category (or all together)."""

    n_predicted: int = 0
    n_predicted_matched: int = 0
    support: int = 0
    n_found: int = 0

    @property
    def precision(self) -> float | None:
        return self.n_predicted_matched / self.n_predicted if self.n_predicted else None

    @property
    def recall(self) -> float | None:
        return self.n_found / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: CategoryScore) -> CategoryScore:
        return CategoryScore(
            self.n_predicted + other.n_predicted,
            self.n_predicted_matched + other.n_predicted_matched,
            self.support + other.support,
            self.n_found + other.n_found,
        )


@dataclass(frozen=True)
class Miss:
    """An expected flag that no predicted flag found."""

    case_id: str
    expected: Expected


@dataclass
class Evaluation:
    """Per-category scores, their micro-average, and the errors behind them for debugging."""

    categories: dict[str, CategoryScore]
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[Flag] = field(default_factory=list)
    flagged_clean: list[str] = field(default_factory=list)  # ids of clean cases with any flag

    @property
    def overall(self) -> CategoryScore:
        total = CategoryScore()
        for score in self.categories.values():
            total = total + score
        return total


def load_cases(path: str | Path) -> list[Case]:
    """Read annotated cases from JSONL; malformed rows raise InputError naming the line."""
    path = Path(path)
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.strip():
            cases.append(_case_from_line(line, number, path))
    check_unique_ids([c.segment() for c in cases], path)
    return cases


def _case_from_line(line: str, number: int, path: Path) -> Case:
    try:
        row = json.loads(line)
        expected = tuple(_expected(item) for item in row.get("expected", []))
        tolerated = tuple(_expected(item) for item in row.get("tolerated", []))
        case = Case(
            id=str(row["id"]),
            src=_nfc(row["src"]),
            mt=_nfc(row["mt"]),
            expected=expected,
            bt=_optional_nfc(row.get("bt")),
            doc_id=row.get("doc_id"),
            note=row.get("note", ""),
            tolerated=tolerated,
        )
    except KeyError as exc:
        raise InputError(f"line {number}: missing {exc}", path) from None
    except (json.JSONDecodeError, TypeError, AttributeError) as exc:
        raise InputError(f"line {number}: not an annotated case ({exc})", path) from None
    for item in case.expected + case.tolerated:
        if item.category not in CATEGORIES:
            raise InputError(f"line {number}: unknown category '{item.category}'", path)
        if item.text is not None and item.text not in case.mt:
            raise InputError(f"line {number}: expected text '{item.text}' is not in mt", path)
    return case


def _expected(item: dict[str, Any]) -> Expected:
    return Expected(category=item["category"], text=_optional_nfc(item.get("text")))


def _nfc(text: str) -> str:
    """`text` in NFC; a value that is not a string (null included) is a TypeError."""
    return unicodedata.normalize("NFC", text)


def _optional_nfc(text: str | None) -> str | None:
    return _nfc(text) if text is not None else None


def occurrences(text: str, mt: str) -> list[tuple[int, int]]:
    """Every [start, end) where `text` occurs in `mt` (overlapping occurrences included)."""
    spans, start = [], mt.find(text)
    while start >= 0 and text:
        spans.append((start, start + len(text)))
        start = mt.find(text, start + 1)
    return spans


def matches(flag: Flag, expected: Expected, mt: str) -> bool:
    """The matching rule of this module's docstring, for one predicted and one expected flag."""
    if flag.category != expected.category:
        return False
    if expected.text is None or flag.span is None:
        return True
    start, end = flag.span
    return any(start < b and a < end for a, b in occurrences(expected.text, mt))


def score_case(
    case: Case, flags: Sequence[Flag], categories: Iterable[str]
) -> tuple[dict[str, CategoryScore], list[Miss], list[Flag]]:
    """Scores of one case's predicted flags, restricted to `categories`."""
    categories = set(categories)
    expected = [e for e in case.expected if e.category in categories]
    predicted = [f for f in flags if f.category in categories and not _tolerated(f, case, expected)]
    scores: dict[str, CategoryScore] = {}
    false_alarms = [f for f in predicted if not any(matches(f, e, case.mt) for e in expected)]
    misses = [
        Miss(case.id, e) for e in expected if not any(matches(f, e, case.mt) for f in predicted)
    ]
    for category in categories:
        n_pred = sum(f.category == category for f in predicted)
        n_false = sum(f.category == category for f in false_alarms)
        support = sum(e.category == category for e in expected)
        n_missed = sum(m.expected.category == category for m in misses)
        scores[category] = CategoryScore(n_pred, n_pred - n_false, support, support - n_missed)
    return scores, misses, false_alarms


def _tolerated(flag: Flag, case: Case, expected: Sequence[Expected]) -> bool:
    """Whether `flag` matches a tolerated item and no expected one (so it is not counted)."""
    return any(matches(flag, t, case.mt) for t in case.tolerated) and not any(
        matches(flag, e, case.mt) for e in expected
    )


def evaluate_flags(
    cases: Sequence[Case], flags: dict[str, list[Flag]], categories: Iterable[str] = CATEGORIES
) -> Evaluation:
    """Score already-computed flags (segment id → flags) against the cases."""
    categories = [c for c in CATEGORIES if c in set(categories)]
    result = Evaluation({c: CategoryScore() for c in categories})
    for case in cases:
        case_flags = flags.get(case.id, [])
        scores, misses, false_alarms = score_case(case, case_flags, categories)
        for category, score in scores.items():
            result.categories[category] = result.categories[category] + score
        result.misses.extend(misses)
        result.false_alarms.extend(false_alarms)
        if case.clean and case_flags:
            result.flagged_clean.append(case.id)
    return result


def evaluate_checks(
    cases: Sequence[Case], checks: Iterable[Check], categories: Iterable[str] = CATEGORIES
) -> Evaluation:
    """Run `checks` on the cases (documents grouped by doc_id) and score their flags."""
    dataset = Dataset([case.segment() for case in cases])
    return evaluate_flags(cases, run_checks(dataset, checks), categories)


def markdown_table(evaluation: Evaluation) -> str:
    """Per-category precision, recall, F1 and support as a Markdown table, with a total row."""
    lines = [
        "| category | precision | recall | F1 | support | predicted |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [*evaluation.categories.items(), ("**all (micro)**", evaluation.overall)]
    for name, score in rows:
        lines.append(
            f"| {name} | {_pct(score.precision)} | {_pct(score.recall)} | "
            f"{_pct(score.f1)} | {score.support} | {score.n_predicted} |"
        )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
