"""The corpora of the golden-flags test, and the command that rewrites their golden files.

Every registered check runs through the public API (`build_checks`, `run_checks`) over four
corpora: the annotated set, the sample article, seeded synthetic documents recombined from
both, and — when ../shared/real is present — real professional translations. Their flags are
kept in tests/golden/: in full for the project's own text, as one digest per segment for the
real set (its text is never copied into the repository).

When a rule changes on purpose, rewrite the golden files and review their diff:

    .venv/bin/python -m tests.golden_flags
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

from tarjama.checks.evaluation import load_cases
from tarjama.checks.runner import build_checks, run_checks
from tarjama.data import Dataset, Segment, load_document_pair, load_table

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
ANNOTATED = REPO / "data" / "annotated" / "checks.en-ar.jsonl"
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
REAL = REPO.parent / "shared" / "real" / "ntrex-en-ar.dev.jsonl"
SYNTHETIC_SEED, SYNTHETIC_SEGMENTS, DOCUMENT_LENGTH = 20261207, 600, 12


def annotated() -> Dataset:
    return Dataset([case.segment() for case in load_cases(ANNOTATED)])


def sample() -> Dataset:
    return load_document_pair(SAMPLE / "src.en.txt", SAMPLE / "mt.ar.txt", bt=SAMPLE / "bt.en.txt")


def synthetic() -> Dataset:
    """Segments of 1–3 sentence pairs drawn with a fixed seed, 12 to a document: the same
    sentences meet other sentences, in documents that repeat names and numbers."""
    pool = annotated().segments + sample().segments
    rng = random.Random(SYNTHETIC_SEED)
    segments = []
    for index in range(SYNTHETIC_SEGMENTS):
        parts = rng.sample(pool, rng.randint(1, 3))
        with_bt = all(p.bt for p in parts)
        segments.append(
            Segment(
                id=f"syn-{index}",
                doc_id=f"doc-{index // DOCUMENT_LENGTH}",
                src=" ".join(p.src for p in parts),
                mt=" ".join(p.mt for p in parts),
                bt=" ".join(p.bt or "" for p in parts) if with_bt else None,
            )
        )
    return Dataset(segments)


def real() -> Dataset:
    return load_table(REAL, None, {}, None)


CORPORA: dict[str, Callable[[], Dataset]] = {
    "annotated": annotated,
    "sample": sample,
    "synthetic": synthetic,
    "real": real,
}
DIGEST_ONLY = frozenset({"real"})


def flags_by_segment(dataset: Dataset) -> dict[str, list[dict]]:
    """Every registered check's flags on `dataset`, per segment id, as segments.jsonl has them."""
    found = run_checks(dataset, build_checks(None))
    return {seg_id: [f.to_dict() for f in flags] for seg_id, flags in found.items()}


def golden_form(name: str, flags: dict[str, list[dict]]) -> dict[str, object]:
    """What the golden file keeps: the flags, or for the real set a digest of each segment's."""
    if name not in DIGEST_ONLY:
        return {seg_id: found for seg_id, found in flags.items() if found}
    return {seg_id: _digest(found) for seg_id, found in flags.items() if found}


def _digest(found: list[dict]) -> str:
    text = json.dumps(found, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.json"


def write_golden(name: str) -> Path:
    form = golden_form(name, flags_by_segment(CORPORA[name]()))
    path = golden_path(name)
    path.write_text(
        json.dumps(form, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return path


def main() -> int:
    for name in CORPORA:
        if name == "real" and not REAL.exists():
            print(f"skipped {name}: {REAL} is not here", file=sys.stderr)
            continue
        print(f"wrote {write_golden(name).relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
