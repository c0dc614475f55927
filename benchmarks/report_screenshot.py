"""Screenshot of the sample article's report.html (docs/report-screenshot.png), and its load time.

Evaluates evals/news-ar-en.yaml into a temporary run directory (or uses --run), renders the
report, opens it in Debian's chromium through Playwright, focuses the first flag so that its
tooltip shows, and saves a PNG of the document view.

    .venv/bin/python benchmarks/report_screenshot.py [--run RUN_DIR] [--out PATH] [--full]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sample_report(run_dir: Path | None, scratch: Path) -> Path:
    """report.html of `run_dir`, or of a fresh run of the sample suite."""
    from tarjama.evaluate import RunOptions, evaluate_suite
    from tarjama.report import render_reports
    from tarjama.rundir import read_run
    from tarjama.suites import load_suite

    if run_dir is not None:
        run = read_run(run_dir)
    else:
        suite = load_suite(REPO / "evals" / "news-ar-en.yaml")
        run = evaluate_suite(suite, RunOptions(out_dir=scratch / "run", show_progress=False))
    return render_reports(run, ["html"])["html"]


def screenshot(report: Path, out: Path, chromium: str, full: bool) -> float:
    """Save the PNG; return seconds until the page's script had drawn the table and document."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        page.goto(report.as_uri())
        page.wait_for_selector("html[data-ready=true]")
        seconds = time.perf_counter() - started
        page.evaluate("document.getElementById('document').scrollIntoView()")
        focus_worst_flag(page)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), full_page=full)
        browser.close()
    return seconds


def focus_worst_flag(page) -> None:
    """Focus the first flag of the highest severity present, so that its tooltip shows."""
    for severity in ("critical", "major", "minor"):
        flags = page.locator(f".cell-m mark.flag.sev-{severity}[tabindex='0']")
        if flags.count():
            flags.first.evaluate("e => e.closest('.para').scrollIntoView()")
            flags.first.focus()
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, help="an existing run directory")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "report-screenshot.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--full", action="store_true", help="the whole page, not one screen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        report = sample_report(args.run, Path(scratch))
        seconds = screenshot(report, args.out, args.chromium, args.full)
    print(f"report ready in {seconds:.2f} s; screenshot: {args.out}")


if __name__ == "__main__":
    main()
