"""Model stages: peak memory of back-translation plus COMET scoring at 500 and 5,000 segments,
and how fast a run with a missing COMET model stops.

Each measurement is a fresh `python` process running `tarjama run` on a suite with the `hf`
engine (the tiny random Marian model the tests build, greedy) and two COMET metrics
(`roundtrip.comet`, `qe.cometkiwi`, the tiny random checkpoints the tests build); no lexical
metric and no check, so the figures are the model stages'. Peak RSS is the child's
`ru_maxrss`; "after imports" is the same figure taken once torch, transformers and COMET are
imported, before any work. `--src` runs the children on another checkout's code (e.g. the
main branch, for a before/after comparison).

    .venv/bin/python benchmarks/bench_model_stages.py [--segments 500 5000] [--src PATH]

Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
sys.path.insert(0, str(REPO))


def sentences(name: str) -> list[str]:
    text = (SAMPLE / name).read_text(encoding="utf-8").replace("\n", " ")
    return [part.strip() + "." for part in text.replace("؟", ".").split(". ") if part.strip()]


def write_data(path: Path, count: int, seed: int = 7) -> None:
    """`count` distinct (src, mt) segments of 1–3 sentences drawn from the sample article."""
    rng = random.Random(seed)
    src, mt = sentences("src.en.txt"), sentences("mt.ar.txt")
    rows: dict[str, str] = {}
    while len(rows) < count:
        k = rng.randint(1, 3)
        rows.setdefault(" ".join(rng.sample(mt, k)), " ".join(rng.sample(src, k)))
    path.write_text(
        "".join(
            json.dumps({"src": s, "mt": m}, ensure_ascii=False) + "\n" for m, s in rows.items()
        ),
        encoding="utf-8",
    )


def build_models(folder: Path) -> dict[str, str]:
    from tests.fixtures.tiny_comet import build_encoder, build_tiny_comet
    from tests.fixtures.tiny_translation import build_tiny_marian

    encoder = build_encoder(folder / "encoder")
    return {
        "marian": str(build_tiny_marian(folder / "marian")),
        "comet": str(build_tiny_comet(folder / "comet", encoder, "regression")),
        "kiwi": str(build_tiny_comet(folder / "kiwi", encoder, "qe")),
    }


def write_suite(folder: Path, data: Path, models: dict[str, str], comet: str) -> Path:
    import yaml

    suite = {
        "name": "bench-model-stages",
        "data": {"path": str(data)},
        "backtranslation": {
            "engine": "hf",
            "model": models["marian"],
            "num_beams": 1,
            "max_new_tokens": 16,
            "threads": 1,
            "device": "cpu",
        },
        "metrics": [
            {"name": "roundtrip.comet", "model": comet, "device": "cpu"},
            {"name": "qe.cometkiwi", "model": models["kiwi"], "device": "cpu"},
        ],
        "checks": [],
        "report": {"formats": []},
        "cache": {"path": str(folder / "cache.sqlite")},
    }
    path = folder / "suite.yaml"
    path.write_text(yaml.safe_dump(suite, allow_unicode=True), encoding="utf-8")
    return path


def child(suite: str, out: str) -> None:
    """Run `tarjama run` on one suite in this process; print timings and memory as JSON."""
    import resource

    import comet.models  # noqa: F401 — imports first, so "after imports" is a baseline
    import torch
    import transformers  # noqa: F401

    from tarjama.cli import main

    torch.set_num_threads(1)
    after_imports = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    code = main(["run", suite, "--out", out, "-q", "--no-store", "--report", "none"])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"seconds": seconds, "after_imports_mb": after_imports, "peak_mb": peak, "code": code}
        )
    )


def measure(suite: Path, out: Path, src: Path) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": f"{src}{os.pathsep}{REPO}",
        "HF_HUB_OFFLINE": "1",
        "OMP_NUM_THREADS": "1",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(suite), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    errors = [line for line in done.stderr.splitlines() if line.startswith("tarjama: error:")]
    return {**result, "error": errors[-1].removeprefix("tarjama: error: ") if errors else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, nargs="+", default=[500, 5000])
    parser.add_argument(
        "--src", type=Path, default=REPO / "src", help="the tarjama source folder the children run"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print(f"code: {args.src}")
    print("| segments | what | seconds | RSS after imports (MB) | peak RSS (MB) | growth (MB) |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        models = build_models(root / "models")
        for count in args.segments:
            folder = root / f"n{count}"
            folder.mkdir()
            write_data(folder / "data.jsonl", count)
            runs = [
                ("full run, empty cache", models["comet"]),
                ("COMET model missing", str(root / "no-such-comet")),
            ]
            for what, comet in runs:
                suite = write_suite(folder, folder / "data.jsonl", models, comet)
                result = measure(suite, folder / "run", args.src)
                if result["error"]:
                    what += f" → error: {result['error'][:60]}…"
                growth = result["peak_mb"] - result["after_imports_mb"]
                print(
                    f"| {count:,} | {what} | {result['seconds']:.2f} | "
                    f"{result['after_imports_mb']:.0f} | {result['peak_mb']:.0f} | "
                    f"{growth:.0f} |",
                    flush=True,
                )
                (folder / "cache.sqlite").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
