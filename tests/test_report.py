"""Reports rendered from run directories: HTML escaping and CSP, summary.md, junit.xml, CLI."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser

import pytest

from tarjama.errors import ConfigError
from tarjama.report import parse_formats, render_reports
from tarjama.report.bidi import isolated, latin_runs
from tarjama.report.buckets import band_edges, band_index, length_label
from tarjama.report.compare_html import flag_changes, render_compare_html, segment_changes
from tarjama.report.html import json_for_script, render_html
from tarjama.report.junit import NO_GATES_CASE, render_junit
from tarjama.report.markdown import flag_summary, md_text, render_markdown
from tarjama.report.view import format_p, search_folding
from tarjama.rundir import read_run, write_run
from tests.fixtures.report_runs import (
    GATES,
    PAYLOAD,
    PAYLOADS,
    article_run,
    changed_run,
    large_run,
    payload_run,
)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def page_data(html: str) -> tuple[dict, list[dict]]:
    """The run data a page carries, and its segments unpacked as the page's script unpacks
    them (base64, then one gzip stream per part: JSON arrays, and texts cut apart by their
    UTF-16 lengths; a null field is no key; flags numbered into the message table)."""
    (_, data_text), (_, packed_text) = parse(html).scripts[:2]
    data, packed = json.loads(data_text), base64.b64decode(packed_text)
    parts = {
        name: gzip.decompress(packed[start:end]).decode()
        for name, (start, end) in data["parts"].items()
    }
    columns = {name: json.loads(part) for name, part in parts.items() if "." not in name}
    for name in data["texts"]:
        columns[name] = cut_texts(parts[f"{name}.text"], json.loads(parts[f"{name}.lengths"]))
    messages = columns.pop("messages")
    segments = [
        {name: values[i] for name, values in columns.items() if values[i] is not None}
        for i in range(data["nSegments"])
    ]
    for seg in segments:
        seg["f"] = [
            dict(
                zip(
                    ("c", "v", "sp", "ms", "ss", "sg"),
                    [*f[:3], messages[f[3]], *f[4:]],
                    strict=False,
                )
            )
            for f in seg.get("f", [])
        ]
    return data, segments


def cut_texts(text: str, lengths: list[int]) -> list[str | None]:
    units, out, at = text.encode("utf-16-le"), [], 0
    for length in lengths:
        out.append(None if length < 0 else units[2 * at : 2 * (at + length)].decode("utf-16-le"))
        at += max(length, 0)
    return out


@pytest.fixture
def article(tmp_path):
    return article_run(tmp_path / "article")


@pytest.fixture
def payload_html(tmp_path):
    return render_html(payload_run(tmp_path / "payload"))


# ---------- report.html: security ----------


def test_payloads_never_become_elements_or_attributes(payload_html):
    page = parse(payload_html)
    names = {tag for tag, _ in page.tags}
    assert not names & {"img", "b", "textarea", "iframe", "object", "embed"}
    for tag, attrs in page.tags:
        assert (attrs.get("href") or "#").startswith("#"), attrs
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert attrs.get("id") != "injected"
        assert tag != "svg" or attrs.get("class") == "chart"
    assert [attrs.get("type") for attrs, _ in page.scripts] == [
        "application/json",
        "application/octet-stream",
        None,
    ]


def test_payload_text_is_shown_escaped(payload_html):
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in payload_html
    assert "{{ 7*7 }} &amp;lt;b&amp;gt;" in payload_html  # data is never a template
    assert "&lt;img src=x onerror=" in payload_html


def test_bidi_controls_are_neutralised_outside_the_data_block(payload_html):
    markup = payload_html.split('<script type="application/json"')[0]
    assert "\u202e" not in markup and "\u202c" not in markup
    assert "⟦U+202E⟧evil⟦U+202C⟧" in markup


def test_data_blocks_cannot_close_their_script_and_round_trip(tmp_path):
    run = payload_run(tmp_path / "payload")
    html = render_html(run)
    (data_attrs, data_text), (packed_attrs, packed_text) = parse(html).scripts[:2]
    assert data_attrs == {"type": "application/json", "id": "run-data"}
    assert packed_attrs == {"type": "application/octet-stream", "id": "run-segments"}
    assert not re.search(r"[<>&\u2028\u2029]", data_text)
    assert re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", packed_text)
    _, segments = page_data(html)
    assert segments[0]["m"] == run.segments[0]["mt"]
    assert segments[0]["i"] == PAYLOAD


def test_segments_unpack_to_the_rows_the_script_reads(article):
    """Every field of every segment, null fields left out, in segment order."""
    _, segments = page_data(render_html(article))
    assert [s["i"] for s in segments] == [str(s["id"]) for s in article.segments]
    assert [s["s"] for s in segments] == [s["src"] for s in article.segments]
    assert [s["b"] for s in segments] == [s["bt"] for s in article.segments]
    assert [s["m"] for s in segments] == [s["mt"] for s in article.segments]  # Arabic
    assert all("r" not in s for s in segments)  # the article has no reference
    flags = [f for s in segments for f in s["f"]]
    assert [(f["c"], f["v"], f["ms"], f.get("sp")) for f in flags] == [
        (f["category"], f["severity"], f["message"], f["span"])
        for s in article.segments
        for f in s["flags"]
    ]


def test_texts_are_cut_apart_by_their_utf16_lengths(tmp_path):
    """Characters outside the BMP are two units in the page's strings: the texts around them
    still come apart where they should, and an empty text is not a missing one."""
    article = article_run(tmp_path / "article")
    rows = [dict(s) for s in article.segments]
    rows[0]["bt"] = "Talks 😀 in 𝒳 Istanbul"
    rows[1]["bt"] = ""
    write_run(tmp_path / "astral", article.results, rows)
    _, segments = page_data(render_html(read_run(tmp_path / "astral")))
    assert [s["b"] for s in segments] == [r["bt"] for r in rows]
    assert segments[2]["s"] == rows[2]["src"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("</script>", '"\\u003c/script\\u003e"'),
        ("a & b", '"a \\u0026 b"'),
        ("line\u2028sep", '"line\\u2028sep"'),
        ("كييف", '"كييف"'),  # "Kyiv": Arabic stays UTF-8, not \u-escaped
    ],
)
def test_json_for_script(value, expected):
    assert str(json_for_script(value)) == expected
    assert json.loads(str(json_for_script(value))) == value


def test_csp_allows_exactly_the_inline_script(article):
    html = render_html(article)
    page = parse(html)
    (csp_tag,) = [
        a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    policy = csp_tag["content"]
    script = html.split("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "img-src data:" in policy
    assert html.index("Content-Security-Policy") < html.index("<script")


def duplicate_ids(html: str) -> list[str]:
    ids = [attrs["id"] for _, attrs in parse(html).tags if attrs.get("id")]
    return sorted({i for i in ids if ids.count(i) > 1})


def test_element_ids_are_unique(article):
    assert duplicate_ids(render_html(article)) == []


def test_search_folding_comes_from_the_language_normalisation():
    table = search_folding("ar")
    assert table["إ"] == "ا" and table["ة"] == "ه" and table["\u064f"] == "" and table["٣"] == "3"
    assert "ا" not in table and "a" not in table and search_folding("xx") == {}


def test_no_network_references(article):
    html = render_html(article)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "@import" not in html and "url(http" not in html


# ---------- report.html: content ----------


def test_sections_follow_the_run(article):
    html = render_html(article)
    for text in (
        "Verdict: <strong>FAIL</strong>",
        "(1 of 3 gates passed, 1 inconclusive)",
        'id="h-gates"',
        "INCONCLUSIVE",
        "[57.50, 64.75]",
        "higher is better",
        'id="h-errors"',
        "Helsinki-NLP/opus-mt-ar-en",
        "nrefs:1|case:mixed|eff:yes",
    ):
        assert text in html


def test_absent_sections_do_not_appear(tmp_path):
    run = article_run(tmp_path / "run", gates=[])
    results = dict(run.results, metrics={}, checks=None)
    segments = [dict(s, scores={}, flags=[]) for s in run.segments]
    write_run(tmp_path / "bare", results, segments)
    html = render_html(read_run(tmp_path / "bare"))
    for absent in ('id="h-gates"', 'id="h-scores"', 'id="h-errors"', "<svg"):
        assert absent not in html
    assert "(no gates configured)" in html


# The regression gate of issue 14: margin 1.8, delta -1.84, CI [-3.14, -0.67], p 0.0102.
REGRESSION_GATE = {
    "name": "chrF++ no worse than main",
    "kind": "regression",
    "metric": "roundtrip.chrf",
    "op": ">=",
    "threshold": 60.3,
    "value": 60.26,
    "passed": False,
    "state": "fail",
    "p_value": 0.010204,
    "delta": -1.84,
    "delta_ci95": [-3.14, -0.67],
    "test": "bootstrap",
    "n_samples": 1000,
    "alpha": 0.05,
    "margin": 1.8,
    "higher_is_better": True,
    "baseline": {
        "run_id": "news-main-20250510T080000Z-9f1c2e",
        "path": "/ci/runs/main",
        "value": 62.1,
        "label": "main",
        "reason": "newest passing run labelled main",
    },
    "message": "roundtrip.chrf 60.26 vs baseline 62.10: delta -1.84, worse than the margin 1.8 "
    "allows and significant",
    "p_value_difference": 0.00099,
    "hypothesis": "delta < -margin",
}  # fields a newer tarjama may add


def test_regression_gate_shows_its_evidence(tmp_path):
    run = article_run(tmp_path / "run", gates=[REGRESSION_GATE])
    html = unescape(render_html(run))
    summary = unescape(render_markdown(run).replace("\\", ""))  # as the forge renders it
    message = ET.fromstring(render_junit(run)).find(".//failure").get("message")
    for text in (html, summary, message):
        for shown in (
            "news-main-20250510T080000Z-9f1c2e",
            "label main",
            "newest passing run",
            "-1.84",
            "[-3.14, -0.67]",
            "margin",
            "1.8",
            "0.0102 (paired bootstrap",
            "alpha 0.05",
            "0.000990",
            "delta < -margin",
            "worse than the margin 1.8 allows and significant",
        ):
            assert shown in text, (shown, text[:80])
    assert "0.01 " not in html + summary + message


@pytest.mark.parametrize(
    "p, shown",
    [
        (0.010204, "0.0102"),
        (0.2, "0.200"),
        (1.0, "1.00"),
        (0.000999, "0.000999"),
        (3e-6, "3.00e-06"),
        (None, "—"),
    ],
)
def test_format_p_has_three_significant_digits(p, shown):
    assert format_p(p) == shown


def test_no_gates_is_not_a_pass(tmp_path):
    run = article_run(tmp_path / "run", gates=[])
    html, summary = render_html(run), render_markdown(run)
    assert "Verdict: <strong>NO GATES</strong>" in html
    assert 'class="verdict verdict-no-gates"' in html and "state-pass" not in html.split("<main")[1]
    assert "**NO GATES**" in summary and "PASS" not in summary


def test_data_paths_are_shown_relative_to_the_suite(sample_run, repo):
    assert any(str(repo) in path for path in sample_run.results["data"]["files"])
    data = render_html(sample_run).split("<dt>Data</dt>")[1].split("</dd>")[0]
    assert "<bdi>../data/news/istanbul-talks/mt.ar.txt</bdi>" in data
    assert str(repo) not in data


def test_report_buckets_sentence_scores_by_length_and_band(article):
    html = render_html(article)
    lengths = html.split("Mean sentence score by source length")[1].split("</table>")[0]
    cells = r"<t[hd][^>]*>([^<]+)</t[hd]>"
    rows = [re.findall(cells, row) for row in lengths.split("<tr>")[2:]]
    assert rows == [["1–10", "3", "65.00", "3"], ["11–20", "1", "40.00", "1"]]
    bands = html.split("Segments by sentence-score band")[1].split("</table>")[0]
    rows = [re.findall(cells, row) for row in bands.split("<tr>")[2:]]
    assert [row[2] for row in rows] == ["0", "0", "0", "0", "1", "1", "1", "1", "0", "0"]
    assert rows[4] == ["40.0", "50.0", "1", "1"]


def test_charts_are_accessible_deterministic_svg(article):
    first, second = render_html(article), render_html(article)
    assert first == second
    svgs = re.findall(r"<svg[^>]*>\s*<title>[^<]+</title>", first)
    assert len(svgs) == 2
    assert all('role="img"' in s and "aria-label=" in s for s in svgs)
    assert "Flags by category and severity</caption>" in first  # the chart's table fallback


def test_ten_thousand_segments_stay_under_two_megabytes(tmp_path):
    """The segments travel compressed: 10,000 segments (four sentences in turn) in under 2 MB."""
    run = large_run(tmp_path / "large")
    path = render_reports(run, ["html"])["html"]
    assert path.stat().st_size < 2 * 1024 * 1024
    assert len(page_data(path.read_text())[1]) == 10_000


# ---------- Latin runs inside Arabic ----------


@pytest.mark.parametrize(
    "text, runs",
    [
        ("التقى الرئيس Erdoğan الوفد", ["Erdoğan"]),  # "President Erdoğan met the delegation"
        (
            "في قصر Dolmabahçe.",
            ["Dolmabahçe"],
        ),  # "in Dolmabahçe Palace.": the full stop stays Arabic
        ("وزارة الخارجية U.S. إن", ["U.S."]),  # "the U.S. State Department (said) that"
        ("على https://example.org/a/?id=7 يوم", ["https://example.org/a/?id=7"]),  # "at … on"
        ("إلى press@example.org قبل", ["press@example.org"]),  # "to … before"
        (
            "لطائرات F-16، و 1,250 قطعة",
            ["F-16"],
        ),  # "for F-16 jets, and 1,250 parts": digits alone are not Latin
        ("التقى Rustem Umerov مع", ["Rustem Umerov"]),  # "Rustem Umerov met with"
        ("وصل Mevlüt Çavuşoğlu و O'Brien", ["Mevlüt Çavuşoğlu", "O'Brien"]),  # "… arrived, and …"
        ("حساب @tarjama_bot", ["@tarjama_bot"]),  # "the account @tarjama_bot"
    ],
)
def test_latin_runs(text, runs):
    assert [text[a:b] for a, b in latin_runs(text)] == runs


def test_isolated_escapes_and_wraps_latin_runs():
    assert str(isolated("قال <b>Umerov</b>", True)) == (  # "<b>Umerov</b> said"
        'قال &lt;<bdi dir="ltr">b</bdi>&gt;<bdi dir="ltr">Umerov</bdi>&lt;/<bdi dir="ltr">b</bdi>&gt;'
    )
    assert str(isolated("Umerov \u202e", False)) == "Umerov ⟦U+202E⟧"


# ---------- summary.md ----------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain words", "plain words"),
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("a | b", "a \\| b"),
        (
            "*bold* _it_ `code` [link](javascript:x)",
            "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](javascript:\u2060x)",
        ),
        ("two\nlines", "two lines"),
        ("\u202eevil", "⟦U+202E⟧evil"),
        ("x" * 200, "x" * 119 + "…"),
    ],
)
def test_md_text(text, expected):
    assert md_text(text) == expected


@pytest.mark.parametrize(
    "flags, expected",
    [
        ([], ""),
        (
            [("minor", "punctuation")] * 3 + [("major", "idiom")],
            "major idiom, 3× minor punctuation",
        ),
        ([("minor", "number"), ("critical", "omission")], "critical omission, minor number"),
    ],
)
def test_flag_summary(flags, expected):
    assert flag_summary([{"severity": s, "category": c} for s, c in flags]) == expected


def test_summary_has_verdict_metrics_gates_and_top_segments(article):
    summary = render_markdown(article, top_n=2)
    assert summary.startswith("## tarjama: news-synthetic — ✗ **FAIL**")
    assert "| roundtrip.chrf | 61.25 | [57.50, 64.75] | ↑ higher |" in summary
    assert "| ✗ FAIL | no critical errors | 3.00 | &lt;= 0.00 |  |" in summary
    top = summary.split("### Top 2 flagged segments")[1]
    rows = [line for line in top.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [row.split(" | ")[0] for row in rows] == ["| 1", "| 2"]  # highest MQM penalty first


def test_summary_is_safe_to_post(tmp_path):
    """No mention, issue link, autolink or terminal escape survives into summary.md."""
    run = article_run(tmp_path / "run")
    hostile = "@octocat see #12, group/repo!3 https://evil.example www.evil.example a@b.org"
    segment = run.segments[1]
    segment["mt"] += f" {hostile}\x1b]0;owned\x07\x1b[2J\x9b1m"
    segment["src"] += f" {hostile}"
    segment["id"] = "@channel"
    write_run(tmp_path / "edited", run.results, run.segments)
    summary = render_markdown(read_run(tmp_path / "edited"))
    for live in (r"@\w", r"#\d", r"!\d", r"https?://", r"www\.", r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"):
        assert not re.search(live, summary), live
    assert "@\u2060octocat" in summary and "@\u2060channel" in summary


def test_summary_escapes_payloads_and_keeps_table_shape(tmp_path):
    summary = render_markdown(payload_run(tmp_path / "payload"))
    assert "<script" not in summary and "<img" not in summary and "\u202e" not in summary
    gate_rows = summary.split("### Gates")[1].split("###")[0].strip().splitlines()
    assert all(row.replace("\\|", "").count("|") == 6 for row in gate_rows)


# ---------- junit.xml ----------


def test_junit_one_case_per_gate(article):
    root = ET.fromstring(render_junit(article))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [g["name"] for g in GATES]
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    failure = cases[1].find("failure")
    assert failure.get("message") == "value 3.00, threshold <= 0.00"
    assert cases[0].find("failure") is None and cases[2].find("skipped") is not None


def test_junit_fails_an_inconclusive_gate_the_suite_fails_on(tmp_path):
    gate = {
        "name": "chrF no worse than baseline",
        "kind": "regression",
        "metric": "roundtrip.chrf",
        "op": ">=",
        "threshold": 73.1,
        "value": 72.0,
        "passed": False,
        "state": "inconclusive",
        "p_value": 0.2,
        "delta": -1.6,
        "message": "worse than the margin allows, not significant",
    }
    run = article_run(tmp_path / "run", gates=[gate])
    suite = ET.fromstring(render_junit(run)).find("testsuite")
    (case,) = suite.findall("testcase")
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "0")
    message = case.find("failure").get("message")
    assert "delta: -1.60" in message and "p: 0.200" in message and "not significant" in message


def test_junit_without_gates_has_one_passing_case(tmp_path):
    run = article_run(tmp_path / "run", gates=[])
    (case,) = ET.fromstring(render_junit(run)).iter("testcase")
    assert case.get("name") == NO_GATES_CASE and len(case) == 0


def test_junit_escapes_payloads_and_control_characters(tmp_path):
    run = payload_run(tmp_path / "payload")
    run.results["gates"][0]["name"] = "bell\x07 " + PAYLOAD
    root = ET.fromstring(render_junit(run))
    (case,) = root.iter("testcase")
    assert case.get("name").startswith("bell\ufffd <script>window.__pwned=1</script>")


# ---------- render_reports and the CLI ----------


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("html,md,junit", ["html", "md", "junit"]),
        (" MD , html ", ["md", "html"]),
        ("none", []),
        ("", []),
        (["junit", "junit"], ["junit"]),
    ],
)
def test_parse_formats(spec, expected):
    assert parse_formats(spec) == expected


def test_parse_formats_rejects_unknown():
    with pytest.raises(ConfigError, match="unknown report format 'pdf'"):
        parse_formats("html,pdf")


def test_render_reports_writes_atomically_into_the_run(article):
    written = render_reports(article, ["html", "md", "junit"])
    assert {p.name for p in written.values()} == {"report.html", "summary.md", "junit.xml"}
    assert not list(article.path.glob(".*.tmp"))


def test_report_command_rerenders(cli, article):
    result = cli("report", article.path, "--format", "md,junit")
    assert result.code == 0
    assert result.out.splitlines() == [
        str(article.path / "summary.md"),
        str(article.path / "junit.xml"),
    ]
    assert not (article.path / "report.html").exists()


@pytest.mark.parametrize(
    "make_dir, message",
    [
        (lambda p: p / "missing", "run directory not found"),
        (
            lambda p: (p / "partial").mkdir() or (p / "partial"),
            "missing (not a complete run directory)",
        ),
    ],
)
def test_report_command_exit_2_on_bad_run_dir(cli, tmp_path, make_dir, message):
    result = cli("report", make_dir(tmp_path))
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(
    "field, value, message",
    [
        (
            "category",
            "numbr",
            (
                "line 3 (segment '2'): field 'flags.0.category': 'numbr' is not "
                "one of 'untranslated', "
            ),
        ),
        (
            "severity",
            "fatal",
            (
                "line 3 (segment '2'): field 'flags.0.severity': 'fatal' is not "
                "one of 'minor', 'major', 'critical'"
            ),
        ),
        (
            "span",
            [4, "x"],
            (
                "line 3 (segment '2'): field 'flags.0.span.1': Input should be a "
                "valid integer (got 'x')"
            ),
        ),
        ("span", [30, 99], "line 3 (segment '2'): field 'flags.0.span': [30, 99] is not inside mt"),
    ],
)
def test_report_command_exit_2_on_an_edited_flag(cli, article, field, value, message):
    segments = article.segments
    segments[2]["flags"][0][field] = value
    write_run(article.path, article.results, segments, overwrite=True)
    result = cli("report", article.path)
    assert result.code == 2, result.err
    assert f"{article.path / 'segments.jsonl'}: {message}" in result.err
    assert "Traceback" not in result.err


def test_report_command_exit_2_on_unknown_format(cli, article):
    result = cli("report", article.path, "--format", "pdf")
    assert result.code == 2 and "unknown report format 'pdf'" in result.err


def test_run_writes_reports_and_prints_the_path_last(cli, repo, tmp_path):
    out = tmp_path / "run"
    result = cli("run", repo / "evals" / "news-ar-en.yaml", "--out", out, "-q", "--no-store")
    assert result.code in (0, 1)
    assert result.out.rstrip().splitlines()[-1] == f"report: {out / 'report.html'}"
    assert all((out / name).exists() for name in ("report.html", "summary.md", "junit.xml"))


def test_run_report_none_writes_no_report(cli, repo, tmp_path):
    out = tmp_path / "run"
    result = cli(
        "run",
        repo / "evals" / "news-ar-en.yaml",
        "--out",
        out,
        "-q",
        "--no-store",
        "--report",
        "none",
    )
    assert result.code in (0, 1) and "report:" not in result.out
    assert not list(out.glob("report.html")) and (out / "results.json").exists()


# ---------- compare view ----------


def _flag(category, text, severity="major"):
    return {"category": category, "text": text, "severity": severity}


@pytest.mark.parametrize(
    "before, after, appeared, disappeared",
    [
        ([], [_flag("number", "100")], [("number", "100")], []),
        ([_flag("number", "100")], [], [], [("number", "100")]),
        ([_flag("idiom", "دفع")], [_flag("idiom", "دفع", "minor")], [], []),  # "pushed": same flag
        (
            [_flag("untranslated", "Umerov")],
            [_flag("untranslated", "Umerov")] * 2,
            [("untranslated", "Umerov")],
            [],
        ),
    ],
)
def test_flag_changes(before, after, appeared, disappeared):
    new, gone = flag_changes(before, after)
    assert [(f["category"], f["text"]) for f in new] == appeared
    assert [(f["category"], f["text"]) for f in gone] == disappeared


def test_compare_view(tmp_path, article):
    candidate_segments = [dict(s) for s in article.segments]
    candidate_segments[0] = dict(
        candidate_segments[0], flags=[], scores={"roundtrip.chrf": 70.0, "roundtrip.bleu": 30.0}
    )
    candidate_segments[2] = dict(
        candidate_segments[2], scores={"roundtrip.chrf": 20.0, "roundtrip.bleu": 10.0}
    )
    write_run(tmp_path / "cand", dict(article.results, run_id="candidate-run"), candidate_segments)
    candidate = read_run(tmp_path / "cand")
    changes = segment_changes(article, candidate, "roundtrip.chrf")
    assert [(c["id"], c["delta"]) for c in changes] == [("2", -45.0), ("0", 30.0)]
    assert [f["text"] for f in changes[1]["disappeared"]] == ["Umerov"]
    comparison = {
        "metrics": {
            "roundtrip.chrf": [
                {
                    "baseline": 61.25,
                    "candidate": 58.0,
                    "delta": -3.25,
                    "delta_ci95": [-5.0, -1.5],
                    "p_value_bootstrap": 0.01,
                    "p_value_ar": 0.02,
                    "higher_is_better": True,
                    "better": False,
                }
            ]
        }
    }
    out = render_compare_html([article, candidate], comparison, tmp_path / "compare.html")
    html = out.read_text()
    assert "-3.25" in html and "[-5.00, -1.50]" in html and "worse" in html
    assert html.index("<bdi>2</bdi>") < html.index("<bdi>0</bdi>")  # worst change first
    (policy,) = [a["content"] for t, a in parse(html).tags if a.get("http-equiv")]
    assert "script-src 'none'" in policy and "<script" not in html


def test_compare_command_html_with_real_runs(cli, sample_run, tmp_path):
    baseline = tmp_path / "a"
    shutil.copytree(sample_run.path, baseline)
    result = cli("compare", baseline, sample_run.path, "--html", tmp_path / "c.html")
    assert result.code == 0, result.err
    html = (tmp_path / "c.html").read_text()
    assert "tarjama comparison" in html and "roundtrip.chrf" in html
    assert "No segment changed" in html


def test_payloads_are_escaped_in_the_compare_view(tmp_path):
    run = payload_run(tmp_path / "payload")
    out = render_compare_html([run, run], {"metrics": {}}, tmp_path / "c.html")
    page = parse(out.read_text())
    assert not {t for t, _ in page.tags} & {"img", "b", "textarea", "script"}
    assert all(not a.startswith("on") for _, attrs in page.tags for a in attrs)
    assert PAYLOADS[0] not in out.read_text()


@pytest.mark.parametrize(
    "words, label",
    [(1, "1–10"), (10, "1–10"), (11, "11–20"), (50, "41–50"), (51, "51+"), (400, "51+")],
)
def test_length_label(words, label):
    assert length_label(words) == label


@pytest.mark.parametrize("score, band", [(0.0, 0), (9.99, 0), (10.0, 1), (99.0, 9), (100.0, 9)])
def test_band_index_on_a_0_to_100_scale(score, band):
    assert band_index(score, band_edges([0.0, 100.0])) == band


@pytest.fixture
def compared(tmp_path):
    """A 350-segment baseline and a candidate whose every chrF score moved, as a compare page."""
    baseline = large_run(tmp_path / "base", n=350)
    candidate = changed_run(baseline, tmp_path / "cand")
    out = render_compare_html([baseline, candidate], {"metrics": {}}, tmp_path / "compare.html")
    return baseline, out.read_text(encoding="utf-8")


def test_compare_view_pages_through_every_changed_segment(compared):
    baseline, html = compared
    shown = re.findall(r'<th scope="row"><bdi>(s\d{5})</bdi></th>', html)
    assert sorted(shown) == sorted(s["id"] for s in baseline.segments)
    assert re.findall(r'href="#(c0-page-\d+)"', html) == [f"c0-page-{n}" for n in range(1, 5)]
    assert duplicate_ids(html) == []


def test_compare_view_has_a_score_scatter_and_buckets(compared):
    _, html = compared
    (scatter,) = re.findall(
        r'<svg[^>]*aria-label="Scatter plot[^"]*\(350 segments\)".*?</svg>', html, flags=re.DOTALL
    )
    (marker,) = re.findall(r'PathCollection_1">\s*<defs>\s*<path id="([^"]+)"', scatter)
    assert scatter.count(f'href="#{marker}"') == 350  # one mark per segment
    lengths = html.split("Mean sentence score by source length")[1].split("</table>")[0]
    assert re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', lengths) == [
        ("1–10", "262"),
        ("11–20", "88"),
    ]  # sources of 7, 9 and 8 words; every 4th has 13
    bands = html.split("Segments by sentence-score band")[1].split("</table>")[0]
    counts = re.findall(r'<td class="num">(\d+)</td><td class="num">(\d+)</td></tr>', bands)
    assert len(counts) == 10
    assert [sum(int(c[i]) for c in counts) for i in (0, 1)] == [350, 350]
