"""Scale: `tarjama run` as a whole process on 1k to 100k news segments, beside sacrebleu.

For each size, on segments that benchmarks/scale_data.py recombines from the sample article
and the annotated set (about 48 English words each; lexical metrics, provided back-translation,
every check, and every other setting at its default: automatic worker processes, 1,000
bootstrap resamples, html/md/junit reports, the run store):

1. `tarjama run` in a fresh process: wall and CPU time (workers included), peak resident
   memory of the process tree (sampled every 0.1 s, workers included) and of the main process,
   segments per second, the most worker processes seen, and its stages from tarjama's own
   progress lines (metrics; checks, which now include writing each segment's row; the rest:
   loading, results, gates, reports and the store).
2. `tarjama score` on the same texts as a document pair: wall time, peak memory, and whether
   its metrics (scores, CIs, signatures) equal the run's.
3. sacrebleu's own `corpus_score`, in a fresh process: BLEU and chrF++ on all segments, TER
   on the first --ter-sample segments (its Python shift search would need about an hour on
   100,000), its time scaled to all segments; the ratio of that total to tarjama's whole run.
   Parity: sacrebleu's BLEU and chrF++ equal the run's scores, and its TER statistics equal
   the run's per segment on the sample.
4. One process: the run's metrics (scores, CIs, signatures) equal those of `score_dataset` with
   `workers: 1` in this process.
5. report.html: its size, and the seconds until it is interactive in chromium (best of two
   loads; needs playwright and chromium, else skipped).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000,5000,20000,100000] [--seed 1]
        [--ter-sample 1000] [--keep DIR] [--no-browser] [--workers N]

On a machine that others share, compare figures within one run: the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from scale_data import LEXICAL, write_dataset

REPO = Path(__file__).resolve().parents[1]
STAGE = re.compile(r"tarjama: (.+) done in ([\d.]+) s")
CHROMIUM = Path(os.environ.get("TARJAMA_CHROMIUM", "/usr/bin/chromium"))


def tarjama(*args: str) -> list[str]:
    return [sys.executable, "-m", "tarjama", *args]


def measured(command: list[str], cwd: Path) -> dict[str, Any]:
    """Run `command`, sampling the memory of its process tree; times, peaks, stderr lines."""
    import psutil

    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    output: dict[str, str] = {}
    readers = [
        threading.Thread(target=lambda k=k, s=s: output.__setitem__(k, s.read()))
        for k, s in (("out", process.stdout), ("err", process.stderr))
    ]
    for reader in readers:
        reader.start()
    tree_peak, workers, usage = _sample(psutil.Process(process.pid), process)
    for reader in readers:
        reader.join()
    return {
        "code": process.returncode,
        "wall": time.perf_counter() - started,
        "cpu": usage.ru_utime + usage.ru_stime,  # the workers' too (they are waited for)
        "tree_peak_mib": tree_peak / 2**20,
        "workers": workers,
        "main_peak_mib": usage.ru_maxrss / 1024,  # KiB on Linux
        "out": output["out"],
        "err": output["err"],
    }


def _sample(root: Any, process: subprocess.Popen) -> tuple[int, int, Any]:
    """Peak summed RSS of `root` and its descendants, the most descendants at once, and the
    process's resource usage once it has ended."""
    import psutil

    peak, most = 0, 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return peak, most, usage
        try:
            children = root.children(recursive=True)
            rss = root.memory_info().rss + sum(c.memory_info().rss for c in children)
        except psutil.Error:
            continue
        peak, most = max(peak, rss), max(most, len(children))
        time.sleep(0.1)


def run_tarjama(folder: Path, suite: Path) -> dict[str, Any]:
    result = measured(tarjama("run", suite.name, "--out", "run"), folder)
    if result["code"] != 0:
        raise SystemExit(f"tarjama run failed ({result['code']}):\n{result['err'][-3000:]}")
    result["stages"] = {name: float(s) for name, s in STAGE.findall(result["err"])}
    result["results"] = json.loads((folder / "run" / "results.json").read_text(encoding="utf-8"))
    return result


def run_score(folder: Path) -> dict[str, Any]:
    """`tarjama score --json` on the dataset written as src/mt/bt files."""
    rows = [json.loads(line) for line in (folder / "news.jsonl").open(encoding="utf-8")]
    for side in ("src", "mt", "bt"):
        (folder / f"{side}.txt").write_text("".join(r[side] + "\n" for r in rows), encoding="utf-8")
    result = measured(
        tarjama(
            "score",
            "--src",
            "src.txt",
            "--mt",
            "mt.txt",
            "--bt",
            "bt.txt",
            "--metrics",
            ",".join(LEXICAL),
            "--json",
        ),
        folder,
    )
    if result["code"] != 0:
        raise SystemExit(f"tarjama score failed ({result['code']}):\n{result['err'][-3000:]}")
    result["metrics"] = json.loads(result["out"])["metrics"]
    return result


def same_metrics(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Scores, CIs and signatures identical (as floats, not approximately)."""
    fields = ("score", "ci95", "signature")
    return all(
        {f: ours[k][f] for f in fields} == {f: theirs[k][f] for f in fields} for k in LEXICAL
    )


SACREBLEU_TASK = """
import json, sys, time
import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
hyps, refs, sample = [r["bt"] for r in rows], [r["src"] for r in rows], int(sys.argv[2])
out = {}
for name, metric, n in (("bleu", BLEU(), len(rows)), ("chrf", CHRF(word_order=2), len(rows)),
                        ("ter", TER(), sample)):
    cpu = time.process_time()
    out[name] = {"score": metric.corpus_score(hyps[:n], [refs[:n]]).score,
                 "cpu": time.process_time() - cpu, "n": n}
out["ter_stats"] = TER()._extract_corpus_statistics(hyps[:sample], [refs[:sample]])
print(json.dumps(out))
"""


def run_sacrebleu(folder: Path, sample: int) -> dict[str, Any]:
    result = measured([sys.executable, "-c", SACREBLEU_TASK, "news.jsonl", str(sample)], folder)
    if result["code"] != 0:
        raise SystemExit(f"sacrebleu failed:\n{result['err'][-3000:]}")
    return {**json.loads(result["out"]), "peak_mib": result["tree_peak_mib"]}


def ter_parity(folder: Path, theirs: list[list[float]]) -> tuple[int, int]:
    """(segments whose TER statistics equal sacrebleu's, segments compared)."""
    same = 0
    with (folder / "run" / "segments.jsonl").open(encoding="utf-8") as handle:
        for line, expected in zip(handle, theirs, strict=False):
            same += json.loads(line)["stats"]["roundtrip.ter"] == [float(x) for x in expected]
    return same, len(theirs)


def one_process_metrics(suite: Path) -> dict[str, Any]:
    """The suite's metrics scored in this process, without workers."""
    from tarjama.context import RunContext
    from tarjama.evaluate import load_dataset
    from tarjama.metrics.runner import score_dataset
    from tarjama.suites import load_suite

    loaded = load_suite(suite)
    context = replace(
        RunContext.from_suite(loaded, use_cache=False, show_progress=False), workers=1
    )
    dataset = load_dataset(loaded.data)
    report = score_dataset(dataset.segments, loaded.metrics, loaded.bootstrap, context)
    return {key: outcome.to_result() for key, outcome in report.outcomes.items()}


def interactive_seconds(report: Path) -> float | None:
    """Best of two loads: seconds from navigation until the page says it is ready."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for _ in range(2):
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            started = time.perf_counter()
            page.goto(report.as_uri())
            page.wait_for_selector("html[data-ready=true]", timeout=120_000)
            times.append(time.perf_counter() - started)
            page.context.close()
        browser.close()
    return min(times)


def measure_size(n: int, args: argparse.Namespace, root: Path) -> dict[str, Any]:
    folder = root / f"{n}"
    suite = write_dataset(folder, n, args.seed, args.workers)
    load = os.getloadavg()[0]
    run = run_tarjama(folder, suite)
    score = run_score(folder)
    sacre = run_sacrebleu(folder, min(n, args.ter_sample))
    ours = run["results"]["metrics"]
    report = folder / "run" / "report.html"
    return {
        "n": n,
        "load": load,
        "run": run,
        "score": score,
        "sacrebleu": sacre,
        "score_equal": same_metrics(score["metrics"], ours),
        "one_process_equal": same_metrics(one_process_metrics(suite), ours),
        "sacrebleu_equal": (
            sacre["bleu"]["score"] == ours["roundtrip.bleu"]["score"]
            and sacre["chrf"]["score"] == ours["roundtrip.chrf"]["score"]
        ),
        "ter_parity": ter_parity(folder, sacre["ter_stats"]),
        "report_mb": report.stat().st_size / 1e6,
        "interactive_s": None if args.no_browser else interactive_seconds(report),
    }


def sacrebleu_seconds(m: dict[str, Any]) -> float:
    """sacrebleu's CPU seconds for all three metrics on every segment (TER scaled up)."""
    s = m["sacrebleu"]
    return s["bleu"]["cpu"] + s["chrf"]["cpu"] + s["ter"]["cpu"] * m["n"] / s["ter"]["n"]


def print_tables(results: list[dict[str, Any]]) -> None:
    print(
        "\n| segments | wall | CPU | peak RSS (tree / main) | segments/s | workers | metrics s "
        "| checks s (share) | rest s | report.html | interactive |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for m in results:
        run, stages = m["run"], m["run"]["stages"]
        rest = run["wall"] - stages.get("metrics", 0) - stages.get("checks", 0)
        shown = f"{m['interactive_s']:.1f} s" if m["interactive_s"] is not None else "—"
        print(
            f"| {m['n']:,} | {run['wall']:.0f} s | {run['cpu']:.0f} s | "
            f"{run['tree_peak_mib']:,.0f} / {run['main_peak_mib']:,.0f} MiB | "
            f"{m['n'] / run['wall']:,.0f} | {run['workers']} | {stages.get('metrics', 0):.0f} | "
            f"{stages.get('checks', 0):.0f} ({stages.get('checks', 0) / run['wall']:.0%}) | "
            f"{rest:.0f} | {m['report_mb']:.1f} MB | {shown} |"
        )
    print(
        "\n| segments | sacrebleu BLEU + chrF++ + TER (CPU) | ratio to the whole run | sacrebleu "
        "peak | `tarjama score` | TER parity | scores = sacrebleu | = one process | "
        "= `tarjama score` | load |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | :---: | :---: | :---: | ---: |")
    for m in results:
        s, sacre = m["score"], m["sacrebleu"]
        same, compared = m["ter_parity"]
        print(
            f"| {m['n']:,} | {sacrebleu_seconds(m):,.0f} s (TER from {sacre['ter']['n']:,}) | "
            f"{sacrebleu_seconds(m) / m['run']['wall']:.1f}x | {sacre['peak_mib']:,.0f} MiB | "
            f"{s['wall']:.0f} s, {s['tree_peak_mib']:,.0f} MiB | {same:,}/{compared:,} | "
            f"{_yes(m['sacrebleu_equal'])} | {_yes(m['one_process_equal'])} | "
            f"{_yes(m['score_equal'])} | {m['load']:.1f} |"
        )


def _yes(value: bool) -> str:
    return "yes" if value else "**no**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--ter-sample",
        type=int,
        default=1000,
        help="segments sacrebleu's TER scores (its time is scaled to all)",
    )
    parser.add_argument("--keep", type=Path, help="keep the data and runs in this folder")
    parser.add_argument("--no-browser", action="store_true", help="skip the chromium timing")
    parser.add_argument(
        "--workers", type=int, help="set the suite's workers (default: tarjama's automatic choice)"
    )
    args = parser.parse_args()
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; python "
        f"{sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        results = []
        for n in (int(size) for size in args.sizes.split(",")):
            results.append(measure_size(n, args, root))
            print(f"{n:,} segments done: {results[-1]['run']['wall']:.0f} s", flush=True)
    print_tables(results)


if __name__ == "__main__":
    main()
