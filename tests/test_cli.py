"""The command line: help, exit codes, one-line errors, --debug (docs coverage: test_docs.py)."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys

import click
import pytest

from tarjama.cli import cli as cli_group


def subcommands() -> list[str]:
    return sorted(cli_group.commands)


def test_every_subcommand_has_help(cli):
    for name in subcommands():
        result = cli(name, "--help")
        assert result.code == 0
        assert cli_group.commands[name].help, f"{name} has no help text"


def command_paths(
    group: click.Group = cli_group, path: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every command and group under `group`, as the words that name it (the root is ())."""
    paths = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths += command_paths(command, (*path, name))
        else:
            paths.append((*path, name))
    return paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "tarjama")
def test_every_help_ends_with_an_example_that_parses(cli, path):
    result = cli(*path, "--help")
    assert result.code == 0
    head, _, tail = result.out.rstrip().rpartition("\n\n")
    assert head.rstrip().endswith(("Example:", "Examples:")), "--help does not end with an example"
    for line in tail.splitlines():
        words = shlex.split(line)
        assert words[: 1 + len(path)] == ["tarjama", *path], line
        _leaf_context(words[1:])  # raises a click error for an unknown option or a bad value


def _leaf_context(args: list[str]) -> click.Context:
    """Parse `args` (subcommand names, then the command's own arguments) without running it."""
    command: click.Command = cli_group
    name, rest = "tarjama", list(args)
    while isinstance(command, click.Group):  # the groups take no options of their own here
        name, *rest = rest
        command = command.commands[name]
    return command.make_context(name, rest)


def test_an_example_with_an_unknown_option_fails_to_parse():
    with pytest.raises(click.NoSuchOption):
        _leaf_context(["runs", "list", "--sweet", "x"])


def test_python_dash_m_and_version(repo):
    out = subprocess.run(
        [sys.executable, "-m", "tarjama", "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd=repo,
    )
    assert out.stdout.strip() == "tarjama, version 0.1.0"


def test_score_prints_json_on_stdout_and_nothing_else(cli, sample_dir):
    result = cli(
        "score",
        "--src",
        sample_dir / "src.en.txt",
        "--mt",
        sample_dir / "mt.ar.txt",
        "--bt",
        sample_dir / "bt.en.txt",
        "--metrics",
        "roundtrip.bleu,roundtrip.chrf",
        "--json",
    )
    assert result.code == 0
    data = json.loads(result.out)
    assert set(data["metrics"]) == {"roundtrip.bleu", "roundtrip.chrf"}
    assert data["n_segments"] == 12


def test_score_text_table(cli, sample_dir):
    result = cli(
        "score",
        "--src",
        sample_dir / "src.en.txt",
        "--mt",
        sample_dir / "mt.ar.txt",
        "--bt",
        sample_dir / "bt.en.txt",
        "--metrics",
        "roundtrip.ter",
        "--resamples",
        "0",
    )
    from sacrebleu.metrics import TER

    src = (sample_dir / "src.en.txt").read_text(encoding="utf-8").splitlines()
    bt = (sample_dir / "bt.en.txt").read_text(encoding="utf-8").splitlines()
    expected = TER().corpus_score(bt, [src]).score
    assert result.code == 0
    assert result.out.splitlines()[1].split()[:2] == ["roundtrip.ter", f"{expected:.2f}"]


def _bad_document_pairs(tmp, sample_dir):
    (tmp / "short.txt").write_text("سطر واحد\n", encoding="utf-8")  # "one line"
    (tmp / "bad.txt").write_bytes("صحيح\n".encode() + b"\xff\xfe\n")
    (tmp / "empty.txt").write_text("", encoding="utf-8")
    src = sample_dir / "src.en.txt"
    return {
        "missing file": ((src, tmp / "missing.txt"), f"{tmp / 'missing.txt'}: file not found"),
        "line mismatch": (
            (src, tmp / "short.txt"),
            f"{tmp / 'short.txt'}: has 1 lines but {src} has 12",
        ),
        "invalid utf-8": (
            (tmp / "bad.txt", tmp / "bad.txt"),
            f"{tmp / 'bad.txt'}: invalid UTF-8 at byte offset 9",
        ),
        "empty": (
            (tmp / "empty.txt", tmp / "empty.txt"),
            f"{tmp / 'empty.txt'}: no segments (the file is empty)",
        ),
    }


@pytest.mark.parametrize("case", ["missing file", "line mismatch", "invalid utf-8", "empty"])
def test_bad_input_exits_2_with_one_line_naming_the_file(cli, tmp_path, sample_dir, case):
    (src, mt), expected = _bad_document_pairs(tmp_path, sample_dir)[case]
    result = cli("score", "--src", src, "--mt", mt, "--metrics", "direct.bleu")
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tarjama: error: {expected}")
    assert "Traceback" not in result.err


@pytest.mark.parametrize("command", ["run", "validate"])
def test_broken_suite_exits_2(cli, tmp_path, command):
    suite = tmp_path / "broken.yaml"
    suite.write_text("name: x\ndata: {src: a.txt, mt: b.txt}\nmetrcs: []\n", encoding="utf-8")
    result = cli(command, suite)
    assert result.code == 2
    assert result.err.strip() == (
        f"tarjama: error: {suite}: unknown key 'metrcs' (did you mean 'metrics'?)"
    )


def test_broken_suite_data_exits_2_on_run(cli, tmp_path):
    suite = tmp_path / "s.yaml"
    suite.write_text("name: x\ndata: {src: a.txt, mt: b.txt}\n", encoding="utf-8")
    result = cli("run", suite, "--out", tmp_path / "run")
    assert result.code == 2
    assert result.err.strip() == f"tarjama: error: {tmp_path / 'a.txt'}: file not found"
    assert not (tmp_path / "run").exists()


def test_debug_shows_the_traceback(cli, tmp_path):
    result = cli("--debug", "validate", tmp_path / "missing.yaml")
    assert result.code == 2
    suite = tmp_path / "s.yaml"
    suite.write_text("name: x\ndata: {src: a.txt, mt: b.txt}\n", encoding="utf-8")
    result = cli("run", suite, "--debug")
    assert result.code == 2 and "Traceback (most recent call last)" in result.err


def test_validate_reports_ok_suites(cli, repo):
    result = cli("validate", repo / "evals" / "news-ar-en.yaml")
    assert result.code == 0
    assert "ok:" in result.out and "12 segments" in result.out


def test_usage_errors_exit_2(cli):
    assert cli("score", "--mt", "x.txt").code == 2
    assert cli("no-such-command").code == 2


def test_no_color_output_has_no_escape_codes(cli, repo, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = cli("run", repo / "evals" / "news-ar-en.yaml", "--out", tmp_path / "r", "--quiet")
    assert result.code == 0 and "\x1b[" not in result.out


# --- exit codes: one place maps every exception ----------------------------------------------

INTERNAL = (
    "tarjama: error: internal error: ZeroDivisionError: division by zero — rerun with "
    "--debug for the traceback, and please report it"
)


def _raise(exc: BaseException):
    def broken(*args, **kwargs):
        raise exc

    return broken


def test_a_bug_exits_3_with_one_line_asking_for_a_report(cli, monkeypatch, tmp_path):
    import tarjama.cli.validate

    monkeypatch.setattr(
        tarjama.cli.validate, "load_suite", _raise(ZeroDivisionError("division by zero"))
    )
    result = cli("validate", tmp_path / "s.yaml")
    assert (result.code, result.out, result.err) == (3, "", INTERNAL + "\n")
    result = cli("validate", tmp_path / "s.yaml", "--debug")
    assert result.code == 3
    assert result.err.startswith("Traceback (most recent call last)")
    assert result.err.splitlines()[-1] == INTERNAL


def test_ctrl_c_exits_130(cli, monkeypatch, tmp_path):
    import tarjama.cli.validate

    monkeypatch.setattr(tarjama.cli.validate, "load_suite", _raise(KeyboardInterrupt()))
    result = cli("validate", tmp_path / "s.yaml")
    assert result.code == 130
    assert result.err.strip().splitlines()[-1] == "tarjama: error: interrupted"


def test_a_closed_stdout_is_not_a_failed_gate(repo):
    """`tarjama … | head` closes the pipe early: exit 141 as other Unix tools, quietly (click
    alone would exit 1, which CI reads as a failed gate)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tarjama", "--help"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=120) == 141
    assert process.stderr.read() == b""


def test_usage_errors_are_one_line_naming_the_help(cli):
    result = cli("score", "--src", "a.txt", "--mt", "b.txt", "--resamples", "-1")
    assert result.code == 2
    assert result.err == (
        "tarjama: error: Invalid value for '--resamples': -1 is not in the "
        "range x>=0. (see 'tarjama score --help')\n"
    )
