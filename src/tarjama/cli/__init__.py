"""The `tarjama` command line: a thin layer that parses, calls the library, and formats.

Exit codes: 0 success (gates passed), 1 a gate failed, 2 usage or input error, 3 internal
error (a bug), 130 interrupted. `main` is the one place that turns exceptions into exit codes:
a TarjamaError or a usage error becomes one line on stderr and exit 2, Ctrl-C exit 130, and
anything else one line asking for a bug report and exit 3, so no path can end in a traceback
and exit 1 (which CI reads as a failed gate). `--debug` (anywhere on the line) shows the
traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from tarjama import __version__
from tarjama.cli.exitcodes import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
)
from tarjama.cli.format import examples
from tarjama.errors import TarjamaError
from tarjama.textsafety import terminal_text

# Each module defines a click command named `command`; add new subcommands here.
COMMAND_MODULES = (
    "run",
    "score",
    "validate",
    "check",
    "compare",
    "report",
    "runs",
    "cache",
    "models",
)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=examples(
        "tarjama run evals/news-ar-en.yaml",
        "tarjama check --src data/news/istanbul-talks/src.en.txt "
        "--mt data/news/istanbul-talks/mt.ar.txt",
    ),
)
@click.version_option(__version__, prog_name="tarjama")
def cli() -> None:
    """tarjama: evaluate machine translation by round trip, reference and error checks.

    Add --debug anywhere to see full tracebacks.
    """


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"tarjama.cli.{name}")
        cli.add_command(module.command)


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and map every exception to an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        code = cli.main(args=args, prog_name="tarjama", standalone_mode=False)
    except TarjamaError as exc:
        return _fail(str(exc), debug)
    except click.ClickException as exc:
        return _fail(_usage_message(exc), debug)
    except (click.exceptions.Abort, KeyboardInterrupt):  # click turns Ctrl-C into Abort
        return _fail("interrupted", debug, EXIT_INTERRUPTED)
    except (BrokenPipeError, SystemExit):
        # stdout closed early (`tarjama check --json | head`). Outside standalone mode click
        # exits (code 1, a failed gate to CI) on a broken pipe and nowhere else: the library
        # never exits.
        return _quiet_stdout()
    except Exception as exc:  # noqa: BLE001 — the one place that turns a bug into exit 3
        return _fail(
            f"internal error: {type(exc).__name__}: {_clip(str(exc))} — rerun with "
            "--debug for the traceback, and please report it",
            debug,
            EXIT_INTERNAL,
        )
    return code if isinstance(code, int) else EXIT_OK


def _fail(message: str, debug: bool, code: int = EXIT_USAGE) -> int:
    if debug:
        traceback.print_exc()
    one_line = " ".join(terminal_text(message).split())
    click.echo(f"tarjama: error: {one_line}", err=True)
    return code


def _usage_message(exc: click.ClickException) -> str:
    """Click's usage error as one line, with where to read the usage."""
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return exc.format_message() + hint


def _clip(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quiet_stdout() -> int:
    """After a broken pipe: point stdout at /dev/null so that the flush at exit is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (an in-process runner)
        pass
    return EXIT_BROKEN_PIPE
