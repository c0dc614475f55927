"""Seeded news-length segments for the scale benchmark: the sample article and the annotated
set recombined into segments of about 48 English words, written as a dataset and a suite.

A segment joins units drawn at random until its source has at least 38 words: a sentence of
the sample article (src, mt and its human back-translation, split by tarjama's own sentence
splitters) about one time in three, otherwise an annotated case (its bt, or the source where
the case has none). About 85% of the segments are unique at 100,000; every 12 segments form
a document.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tarjama.checks.evaluation import load_cases
from tarjama.data import load_document_pair
from tarjama.lang import ar, en

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "data" / "annotated" / "checks.en-ar.jsonl"
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
DOC_SIZE = 12
MIN_WORDS = 38
SAMPLE_SHARE = 0.35
LEXICAL = ("roundtrip.bleu", "roundtrip.chrf", "roundtrip.ter")

Unit = tuple[str, str, str]  # (src, mt, bt)


def units() -> tuple[list[Unit], list[Unit]]:
    """(sample sentences, annotated cases) as (src, mt, bt)."""
    sample = load_document_pair(
        SAMPLE / "src.en.txt", SAMPLE / "mt.ar.txt", bt=SAMPLE / "bt.en.txt"
    )
    sentences = []
    for seg in sample.segments:
        assert seg.bt is not None
        split = (en.sentence_spans(seg.src), ar.sentence_spans(seg.mt), en.sentence_spans(seg.bt))
        if len({len(spans) for spans in split}) == 1:  # every paragraph here splits alike
            sentences += [
                tuple(text[a:b] for text, (a, b) in zip((seg.src, seg.mt, seg.bt), spans))
                for spans in zip(*split)
            ]
    cases = [(c.src, c.mt, c.bt or c.src) for c in load_cases(CASES) if c.mt.strip()]
    return sentences, cases


def news_rows(n: int, seed: int) -> list[dict[str, str]]:
    """`n` dataset rows (id, doc_id, src, mt, bt) of recombined news."""
    rng = random.Random(seed)
    sentences, cases = units()
    rows = []
    for i in range(n):
        parts: list[Unit] = []
        while sum(len(src.split()) for src, _, _ in parts) < MIN_WORDS:
            parts.append(rng.choice(sentences if rng.random() < SAMPLE_SHARE else cases))
        src, mt, bt = (" ".join(part[k] for part in parts) for k in range(3))
        rows.append(
            {"id": f"s{i:06d}", "doc_id": f"d{i // DOC_SIZE:05d}", "src": src, "mt": mt, "bt": bt}
        )
    return rows


def write_dataset(folder: Path, n: int, seed: int, workers: int | None = None) -> Path:
    """A JSONL dataset and a suite (lexical metrics, provided bt, all checks, `workers` if
    given, and every default otherwise) in `folder`; the suite's path."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "news.jsonl"
    with data.open("w", encoding="utf-8") as handle:
        for row in news_rows(n, seed):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    suite = folder / "suite.yaml"
    metrics = "".join(f"  - {key}\n" for key in LEXICAL)
    workers_line = f"workers: {workers}\n" if workers else ""
    suite.write_text(
        f"name: scale-{n}\n{workers_line}data:\n  path: {data.name}\n"
        f"backtranslation:\n  engine: provided\nmetrics:\n{metrics}",
        encoding="utf-8",
    )
    return suite
