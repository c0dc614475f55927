"""report.html in a real browser: Debian's chromium driven by Playwright.

Without chromium these tests skip locally but FAIL when the CI environment variable is set, so
a CI job cannot pass by silently not running them.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tarjama.report import render_reports
from tarjama.report.compare_html import render_compare_html
from tarjama.rundir import read_run, write_run
from tests.fixtures.report_runs import (
    article_run,
    changed_run,
    large_run,
    mixed_script_run,
    payload_run,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("TARJAMA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A loaded report page plus everything it logged: console errors, dialogs, page errors."""

    def __init__(self, browser, path: Path, javascript: bool = True) -> None:
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, java_script_enabled=javascript
        )
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda m: (
                m.type in ("error", "warning") and self.problems.append(f"{m.type}: {m.text}")
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        started = time.perf_counter()
        self.page.goto(path.as_uri())
        if javascript:
            self.page.wait_for_selector("html[data-ready=true]", timeout=60_000)
        self.seconds_to_ready = time.perf_counter() - started

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def rows(self) -> list[str]:
        return self.page.locator("#segment-body tr td:nth-child(2)").all_inner_texts()


@pytest.fixture
def open_report(browser):
    pages = []

    def load(run, javascript: bool = True) -> Page:
        path = render_reports(run, ["html"])["html"]
        pages.append(Page(browser, path, javascript))
        return pages[-1]

    yield load
    for page in pages:
        page.context.close()


@pytest.fixture
def sample_report(sample_run, tmp_path, open_report) -> Page:
    copy = tmp_path / "sample"
    shutil.copytree(sample_run.path, copy)  # the session's sample run stays read-only
    return open_report(read_run(copy))


def test_sample_report_renders_without_errors_and_rtl(sample_report, tmp_path):
    page = sample_report.page
    assert sample_report.problems == []
    assert page.locator(".para").count() == 12
    mt_cell = page.locator("#seg-0 .cell-m")
    assert mt_cell.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert mt_cell.get_attribute("lang") == "ar"
    assert page.locator("#seg-0 .cell-s").evaluate("e => getComputedStyle(e).direction") == "ltr"
    page.screenshot(path=str(tmp_path / "report-screenshot.png"), full_page=False)
    assert (tmp_path / "report-screenshot.png").stat().st_size > 10_000


def test_flag_highlight_sits_on_its_span_and_tooltip_shows_on_focus(open_report, tmp_path):
    report = open_report(article_run(tmp_path / "article"))
    page = report.page
    mark = page.locator("#seg-0 .cell-m mark.flag")
    assert mark.locator(".flag-text").inner_text() == "Umerov"
    assert "sev-major" in mark.get_attribute("class")
    assert mark.locator(".sev-letter").inner_text() == "M"  # severity is not colour alone
    tip = page.locator("#" + mark.get_attribute("aria-describedby"))
    assert not tip.is_visible()
    mark.focus()
    assert tip.is_visible()
    assert "untranslated: name left in Latin script" in tip.inner_text()
    assert page.locator("#seg-0 .cell-s mark.src-flag .flag-text").inner_text() == "Umerov"
    assert report.problems == []


def test_overlapping_flags_split_into_runs(open_report, tmp_path):
    page = open_report(article_run(tmp_path / "article")).page
    runs = page.locator("#seg-1 .cell-m mark.flag .flag-text").all_inner_texts()
    # "pushed the Kremlin | to the back | against": the minor flag sits inside the critical one
    assert runs == ["دفع الكرملين ", "إلى الخلف", " ضد"]
    middle = page.locator("#seg-1 .cell-m mark.flag").nth(1)
    middle.hover()
    tip = page.locator("#" + middle.get_attribute("aria-describedby"))
    assert "idiom" in tip.inner_text() and "mistranslation" in tip.inner_text()


@pytest.mark.parametrize(
    "control, value, expected_ids",
    [
        ("#f-category", "number", ["2"]),
        ("#f-severity", "critical", ["1", "2"]),
        ("#f-text", "kremlin", ["1"]),
        ("#f-min", "60", ["2", "3"]),
    ],
)
def test_filters_change_the_visible_rows(open_report, tmp_path, control, value, expected_ids):
    report = open_report(article_run(tmp_path / "article"))
    page = report.page
    assert report.rows() == ["0", "1", "2", "3"]
    if control in ("#f-category", "#f-severity"):
        page.select_option(control, value)
    else:
        page.fill(control, value)
    page.wait_for_function(
        "n => document.querySelectorAll('#segment-body tr').length === n", arg=len(expected_ids)
    )
    assert report.rows() == expected_ids
    page.click("#f-reset")
    page.wait_for_function("() => document.querySelectorAll('#segment-body tr').length === 4")


def test_sorting_and_row_jump_to_the_document(open_report, tmp_path):
    page = open_report(article_run(tmp_path / "article")).page
    page.click("button[data-sort=score]")
    assert page.locator("#segment-body tr td:nth-child(2)").first.inner_text() == "3"
    page.locator("#segment-body tr").first.focus()
    page.keyboard.press("Enter")
    target = page.locator("#seg-3")
    assert "target" in target.get_attribute("class")
    assert target.evaluate("e => document.activeElement === e")


def test_xss_payloads_do_not_execute(open_report, tmp_path):
    report = open_report(payload_run(tmp_path / "payload"))
    page = report.page
    for mark in page.locator("mark.flag").all():
        mark.hover()
        mark.focus()
    page.fill("#f-text", "pwned")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert report.dialogs == []
    assert page.locator("#injected, img, textarea, iframe").count() == 0
    text = page.evaluate("document.body.innerText")
    assert "\u202e" not in text and "U+202E" in text
    assert "<script>window.__pwned=1</script>" in text  # shown as text, not run


def test_a_large_report_unpacks_every_segment_and_stays_interactive(open_report, tmp_path):
    """30,000 segments travel packed (tarjama.report.packing): the page unpacks them all, in
    order, with their flags, and filters, searches and jumps across the whole run."""
    run = large_run(tmp_path / "large", n=30_000)
    report = open_report(run)
    page = report.page
    print(f"\n30,000-segment report interactive after {report.seconds_to_ready:.2f} s")
    assert report.problems == []
    assert len(report.rows()) == 50
    assert "of 30000 matching segments" in page.inner_text("#table-count")
    numbers = [s for s in run.segments if any(f["category"] == "number" for f in s["flags"])]
    page.select_option("#f-category", "number")
    page.wait_for_function(
        "n => document.getElementById('table-count').textContent.includes('of ' + n + ' matching')",
        arg=len(numbers),
    )
    assert report.rows()[0] == numbers[0]["id"]
    page.click("#f-reset")
    page.fill("#f-text", "s29999")
    page.wait_for_function("() => document.querySelectorAll('#segment-body tr').length === 1")
    page.locator("#segment-body tr").first.click()
    last = run.segments[-1]
    assert page.locator("#seg-29999").is_visible()
    assert page.inner_text("#seg-29999 .cell-s") == last["src"]
    assert page.locator("#seg-29999 .cell-m mark.flag").count() == len(
        {tuple(f["span"]) for f in last["flags"] if f["span"]}
    )


def test_texts_with_characters_outside_the_bmp_come_apart_whole(open_report, tmp_path):
    article = article_run(tmp_path / "article")
    rows = [dict(s) for s in article.segments]
    rows[0]["bt"] = "Talks 😀 in 𝒳 Istanbul"
    rows[1]["bt"] = ""
    write_run(tmp_path / "astral", article.results, rows)
    page = open_report(read_run(tmp_path / "astral")).page
    assert [page.inner_text(f"#seg-{i} .cell-b") for i in range(3)] == [r["bt"] for r in rows[:3]]


def test_without_decompression_the_flagged_segments_stay_with_a_note(browser, tmp_path):
    """A browser without DecompressionStream cannot unpack the segments: the static list of
    flagged segments shows instead of the table, with a note saying why."""
    path = render_reports(article_run(tmp_path / "article"), ["html"])["html"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script("delete window.DecompressionStream;")
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=failed]", timeout=60_000)
    assert page.locator("#flagged").is_visible()
    assert "could not be drawn in this browser" in page.inner_text("#flagged")
    assert not page.locator("#segments").is_visible()
    context.close()


def test_reference_column_is_rtl_when_the_run_has_references(open_report, tmp_path):
    run = article_run(tmp_path / "article")
    for segment in run.segments:
        segment["ref"] = segment["mt"]  # any Arabic will do: the layout is under test
    page = open_report(run).page
    ref_cell = page.locator("#seg-0 .cell-r")
    assert ref_cell.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert ref_cell.evaluate("e => getComputedStyle(e).fontFamily").startswith(
        '"Noto Naskh Arabic"'
    )
    assert page.locator("#seg-0 .cell-r bdi").inner_text() == "Umerov"  # Latin name isolated


# ---------- Latin inside Arabic: the rendered order ----------

# The on-screen box of each character of `needle` inside the first element matching `selector`,
# read from the text the page shows (tooltips and severity letters left out) with
# Range.getClientRects: [centre x, top] per non-space character, or null if it is not there.
CHARACTER_BOXES = """([selector, needle]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const pieces = []; let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement.closest('.tip, .sev-letter')) { pieces.push([n, text.length]); text += n.data; }
  }
  const at = text.indexOf(needle);
  if (at < 0) { return null; }
  const boxes = [];
  for (let i = at; i < at + needle.length; i++) {
    if (text[i] === ' ') { continue; }
    const [node, offset] = pieces.filter(p => p[1] <= i).pop();
    const range = document.createRange();
    range.setStart(node, i - offset); range.setEnd(node, i - offset + 1);
    const box = range.getClientRects()[0];
    boxes.push([box.left + box.width / 2, Math.round(box.top)]);
  }
  return boxes;
}"""

# The text of each <bdi> inside an element, without tooltips and severity letters.
ISOLATED_TEXTS = """e => [...e.querySelectorAll('bdi')].map(b => {
  const copy = b.cloneNode(true);
  copy.querySelectorAll('.tip, .sev-letter').forEach(x => x.remove());
  return copy.textContent;
})"""

# (segment index, Latin-script text or number inside its Arabic translation). A per cent sign
# after a number follows it in Arabic reading order, on its left, as in any Arabic text: the
# digits are what must keep their order.
MIXED_RUNS = [
    (0, "Erdoğan"),
    (0, "Dolmabahçe"),
    (1, "U.S."),
    (2, "https://example.org/news/2024?id=7"),
    (3, "press@example.org"),
    (4, "3.5"),
    (4, "2024"),
    (4, "1,250"),
    (4, "F-16"),
    (5, "Rustem Umerov"),
    (6, "Mevlüt Çavuşoğlu"),
]


def misordered(page, selector: str, needle: str) -> str | None:
    """Why `needle` does not read left to right on one line in `selector` (None when it does)."""
    boxes = page.evaluate(CHARACTER_BOXES, [selector, needle])
    if boxes is None:
        return f"{needle!r} not found in {selector}"
    xs, tops = [b[0] for b in boxes], {b[1] for b in boxes}
    if len(tops) > 1 or xs != sorted(xs) or len(set(xs)) < len(xs):
        return f"{needle!r} in {selector} is drawn out of order: x = {[round(x) for x in xs]}"
    return None


@pytest.fixture
def mixed_report(open_report, tmp_path) -> Page:
    return open_report(mixed_script_run(tmp_path / "mixed"))


@pytest.mark.parametrize(
    "where", ["#seg-{} .cell-m", "#segment-body tr[data-index='{}'] td.excerpt"]
)
def test_latin_inside_arabic_reads_left_to_right(mixed_report, where):
    problems = [
        misordered(mixed_report.page, where.format(index), needle) for index, needle in MIXED_RUNS
    ]
    assert [p for p in problems if p] == []
    assert mixed_report.problems == []


def test_sentence_end_stays_at_the_arabic_end(mixed_report):
    """The full stop after a Latin name at the end of an Arabic sentence sits leftmost."""
    boxes = mixed_report.page.evaluate(CHARACTER_BOXES, ["#seg-0 .cell-m", "Dolmabahçe."])
    assert boxes[-1][0] < min(x for x, _ in boxes[:-1])


def test_flags_keep_their_text_and_the_latin_run_whole(mixed_report):
    page = mixed_report.page
    flagged = page.locator("#seg-5 .cell-m mark.flag .flag-text").all_inner_texts()
    assert flagged == ["Umerov"]
    assert page.locator("#seg-5 .cell-m").evaluate(ISOLATED_TEXTS) == ["Rustem Umerov"]


# ---------- without JavaScript, and in print ----------


def visible_texts(page, selector: str) -> list[str]:
    return [t for t in page.locator(selector).all_inner_texts() if t.strip()]


def test_without_javascript_the_page_shows_summary_gates_metrics_and_flagged_segments(
    open_report, tmp_path
):
    page = open_report(article_run(tmp_path / "article"), javascript=False).page
    assert page.locator(".verdict").is_visible() and "FAIL" in page.inner_text(".verdict")
    assert page.locator("#h-gates").is_visible() and page.locator("#h-scores").is_visible()
    flagged = page.locator("#flagged-table")
    assert flagged.is_visible()
    assert visible_texts(page, "#flagged-table tbody th[scope=row] > bdi") == ["0", "1", "2", "3"]
    text = flagged.inner_text()
    for message in (
        "name left in Latin script",
        "translated word for word",
        "number 1,000 in the source became 100",
        "has no translation",
    ):
        assert message in text
    assert not page.locator("#filters").is_visible()  # nothing that needs the script
    assert not page.locator("#doc-view").is_visible()


def test_without_javascript_latin_inside_arabic_reads_left_to_right(open_report, tmp_path):
    page = open_report(mixed_script_run(tmp_path / "mixed"), javascript=False).page
    problems = [
        misordered(page, f"#flagged-table tr[data-index='{index}'] td.mt", needle)
        for index, needle in MIXED_RUNS
        if index in (0, 1, 5, 6)
    ]
    assert [p for p in problems if p] == []


A4_CSS_PIXELS = 718  # 210 mm less the page's 10 mm margins, at 96 CSS pixels per inch


def test_print_shows_the_flagged_segments_at_a4_width(open_report, tmp_path):
    report = open_report(article_run(tmp_path / "article"))
    page = report.page
    page.set_viewport_size({"width": A4_CSS_PIXELS, "height": 1000})
    page.emulate_media(media="print")
    assert not page.locator("#segments").is_visible() and not page.locator("#document").is_visible()
    assert page.locator("#flagged-table").is_visible()
    assert "name left in Latin script" in page.inner_text("#flagged-table")
    head = page.locator("#flagged-table thead")
    assert head.evaluate("e => getComputedStyle(e).display") == "table-header-group"
    assert visible_texts(page, "#flagged-table thead th") == [
        "segment",
        "flags",
        "source",
        "machine translation",
    ]
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, "
        "document.getElementById('flagged-table').getBoundingClientRect().right]"
    )
    assert max(widths) <= A4_CSS_PIXELS
    assert len(page.pdf(format="A4")) > 10_000  # chromium lays it out on A4 pages


# ---------- filters, search, ids, units ----------


def test_document_view_follows_the_filters(open_report, tmp_path):
    page = open_report(article_run(tmp_path / "article")).page
    paragraphs = "() => [...document.querySelectorAll('#doc-view .para')].map(p => p.id)"
    assert page.evaluate(paragraphs) == ["seg-0", "seg-1", "seg-2", "seg-3"]
    page.select_option("#f-category", "number")
    page.wait_for_function("() => document.querySelectorAll('#doc-view .para').length === 1")
    assert page.evaluate(paragraphs) == ["seg-2"]
    assert "1 of 4" in page.inner_text("#doc-count")
    page.click("#f-reset")
    page.wait_for_function("() => document.querySelectorAll('#doc-view .para').length === 4")


@pytest.mark.parametrize(
    "query, expected_ids",
    [
        ("istanbul-talks", ["0", "1", "2", "3"]),  # the document id
        ("اسطنبول", ["0"]),  # "Istanbul" without the hamza: the text has إسطنبول
        ("الجُمعة", ["0"]),  # "Friday" with a damma: the text has الجمعة
        ("KREMLIN", ["1"]),
    ],
)
def test_search_covers_the_document_id_and_folds_arabic_spellings(
    open_report, tmp_path, query, expected_ids
):
    report = open_report(article_run(tmp_path / "article"))
    rows = "n => document.querySelectorAll('#segment-body tr').length === n"
    report.page.fill(
        "#f-text", "no such text"
    )  # first no row, so that the wait below means something
    report.page.wait_for_function(rows, arg=0)
    report.page.fill("#f-text", query)
    report.page.wait_for_function(rows, arg=len(expected_ids))
    assert report.rows() == expected_ids


def test_element_ids_are_unique_once_the_script_has_drawn(open_report, tmp_path):
    page = open_report(article_run(tmp_path / "article")).page
    page.locator("#seg-1 .cell-m mark.flag").first.hover()
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)[:5]


def test_segment_mqm_shows_its_unit(open_report, tmp_path):
    page = open_report(article_run(tmp_path / "article")).page
    assert "MQM per 1000 words" in page.inner_text("#segment-head")
    assert "MQM 416.7 per 1000 source words" in page.inner_text("#seg-0 .para-meta")


def test_compare_page_shows_every_page_of_changed_segments(browser, tmp_path):
    baseline = large_run(tmp_path / "base", n=350)
    candidate = changed_run(baseline, tmp_path / "cand")
    out = render_compare_html([baseline, candidate], {"metrics": {}}, tmp_path / "compare.html")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(out.as_uri())
    shown = (
        "() => [...document.querySelectorAll('.page')].filter(p => p.offsetParent).map(p => p.id)"
    )
    assert page.evaluate(shown) == ["c0-page-1"]
    page.click("a[href='#c0-page-4']")
    assert page.evaluate(shown) == ["c0-page-4"]
    assert page.locator("#c0-page-4 tbody tr").count() == 50
    page.emulate_media(media="print")
    assert page.evaluate(shown) == [f"c0-page-{n}" for n in range(1, 5)]
    context.close()
