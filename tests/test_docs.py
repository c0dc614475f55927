"""The documentation stays complete and true: every command, metric, check and flag category is
documented, the README stays a short guide, links lead somewhere, and command examples parse.

Names come from the code (the click command tree, the metric and check registries, the flag
vocabulary), never from a list kept here, so a new command or check fails this test until the
docs describe it.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from tarjama.checks import CHECKS
from tarjama.cli import cli as cli_group
from tarjama.flags import CATEGORIES
from tarjama.metrics import METRICS

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
README_MAX_LINES = 300


FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
# `tarjama runs list` in code (backticks, or a line of a code block), or a list of subcommands
# as a table writes it: `tarjama runs list\|show`
MENTION = re.compile(
    r"(?:`|^[ \t]*)tarjama((?: [a-z][a-z-]*(?:\\?\|[a-z][a-z-]*)*)+)", re.MULTILINE
)


def pages() -> list[Path]:
    return [REPO / "README.md", *sorted(DOCS.glob("*.md"))]


def prose(path: Path) -> str:
    """The page without its fenced code blocks (whose '#' lines are no headings)."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def everything() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in pages())


def command_paths(
    group: click.Group = cli_group, path: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every command and subcommand under `group`, as the words that name it."""
    paths: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        paths.append((*path, name))
        if isinstance(command, click.Group):
            paths += command_paths(command, (*path, name))
    return paths


def mentioned_commands(text: str) -> set[tuple[str, ...]]:
    """The command paths the text names: `tarjama cache info`, `tarjama runs list|show|rm`."""
    found: set[tuple[str, ...]] = set()
    for match in MENTION.finditer(text):
        words = match.group(1).split()
        for depth, word in enumerate(words):
            alternatives = re.split(r"\\?\|", word)
            for alternative in alternatives:
                found.add((*words[:depth], alternative))
            if len(alternatives) > 1:
                break
    return found


def test_every_command_and_subcommand_is_documented():
    documented = mentioned_commands(everything())
    missing = [" ".join(p) for p in command_paths() if p not in documented]
    assert not missing, (
        "commands that README.md and docs/*.md never name as 'tarjama …': " + ", ".join(missing)
    )


def test_every_metric_key_is_in_the_metrics_page():
    text = (DOCS / "metrics.md").read_text(encoding="utf-8")
    missing = [key for key in METRICS.names() if f"`{key}`" not in text]
    assert not missing, f"metric keys missing from docs/metrics.md: {', '.join(missing)}"


def test_every_check_has_its_section_in_the_checks_page():
    headings = {h.strip("` ") for h in HEADING.findall(prose(DOCS / "checks.md"))}
    missing = [name for name in CHECKS.names() if name not in headings]
    assert not missing, "checks without a '### name' section in docs/checks.md: " + ", ".join(
        missing
    )


def test_every_flag_category_is_in_the_checks_page():
    text = (DOCS / "checks.md").read_text(encoding="utf-8")
    missing = [category for category in CATEGORIES if f"`{category}`" not in text]
    assert not missing, f"flag categories missing from docs/checks.md: {', '.join(missing)}"


def test_every_category_a_check_emits_is_listed_with_it():
    """The table at the top of docs/checks.md names each check's categories on its row."""
    rows = {}
    for line in (DOCS / "checks.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        names = re.findall(r"`([a-z-]+)`", cells[0]) if len(cells) >= 3 else []
        if names and names[0] in CHECKS:
            rows[names[0]] = set(re.findall(r"`([a-z-]+)`", cells[1]))
    wrong = {
        name: sorted(set(CHECKS.get(name).categories) ^ rows.get(name, set()))
        for name in CHECKS.names()
    }
    wrong = {name: diff for name, diff in wrong.items() if diff}
    assert not wrong, f"docs/checks.md's table differs from the checks' categories: {wrong}"


def test_the_readme_is_a_short_guide():
    lines = (REPO / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines < README_MAX_LINES, (
        f"README.md has {lines} lines; keep it under "
        f"{README_MAX_LINES} and move reference material to docs/"
    )


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading).strip().lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(prose(path)):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in LINK.findall(prose(path)):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        name = dest.relative_to(REPO).as_posix() if dest.is_relative_to(REPO) else str(dest)
        if not dest.exists():
            broken.append(f"{target} (no file {name})")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target} (no heading '#{anchor}' in {name})")
    return broken


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_lead_to_files_and_headings(path):
    broken = broken_links(path)
    assert not broken, f"{path.relative_to(REPO)}: broken links: " + "; ".join(broken)


def test_a_missing_file_or_heading_is_a_broken_link(tmp_path, monkeypatch):
    monkeypatch.setattr(__import__(__name__), "REPO", tmp_path)
    (tmp_path / "other.md").write_text("# Title\n\n## A `code` heading: yes\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[a](other.md#a-code-heading-yes) [b](other.md#nope) [c](gone.md) "
        "[d](https://example.org/x) [e](#here)\n\n## Here\n\n"
        "```\n[f](inside-code.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "other.md#nope (no heading '#nope' in other.md)",
        "gone.md (no file gone.md)",
    ]


def shell_examples() -> list[tuple[str, str]]:
    """Every `tarjama …` line of the pages' sh code blocks, with the page it is on."""
    examples = []
    for path in pages():
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
            for line in block.replace("\\\n", " ").splitlines():
                command = line.split(" #")[0].split(" | ")[0].strip()
                if command.startswith("tarjama "):
                    examples.append((path.relative_to(REPO).as_posix(), command))
    return examples


@pytest.mark.parametrize("page,command", shell_examples(), ids=lambda v: v)
def test_command_examples_in_the_docs_parse(page, command):
    """Each documented command line names real (sub)commands and options with valid values."""
    words = shlex.split(command)[1:]
    target: click.Command = cli_group
    name = "tarjama"
    while isinstance(target, click.Group):
        assert words and words[0] in target.commands, f"{page}: unknown command in '{command}'"
        name, *words = words
        target = target.commands[name]
    target.make_context(name, words)  # raises a click error for an unknown option or bad value


def test_mentions_are_read_from_code_and_table_lists():
    text = "Run `tarjama runs list\\|show` or\n\n    tarjama cache clear --namespace x\n\ntarjama check"
    assert mentioned_commands(text) >= {
        ("runs",),
        ("runs", "list"),
        ("runs", "show"),
        ("cache",),
        ("cache", "clear"),
    }
    assert ("check",) not in mentioned_commands("the word tarjama check in prose, not code")
