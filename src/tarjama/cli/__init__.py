"""The `tarjama` command line: a thin layer that parses, calls the library, and formats.

Exit codes: 0 success (gates passed), 1 a gate failed, 2 usage or input error. A
TarjamaError becomes one line on stderr; `--debug` (anywhere on the line) shows the traceback.
"""

from __future__ import annotations

import importlib
import sys
import traceback

import click

from tarjama import __version__
from tarjama.cli.exitcodes import EXIT_OK, EXIT_USAGE
from tarjama.cli.format import examples
from tarjama.errors import TarjamaError
from tarjama.textsafety import terminal_text

# Each module defines a click command named `command`; add new subcommands here.
COMMAND_MODULES = ("run", "score", "validate", "check", "compare", "report", "runs", "cache",
                   "models")


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog=examples("tarjama run evals/news-ar-en.yaml",
                             "tarjama check --src data/news/istanbul-talks/src.en.txt "
                             "--mt data/news/istanbul-talks/mt.ar.txt"))
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
    """Entry point: run the CLI and map errors to exit codes."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        code = cli.main(args=args, prog_name="tarjama", standalone_mode=False)
    except TarjamaError as exc:
        return _fail(str(exc), debug)
    except click.exceptions.Abort:
        return _fail("aborted", debug)
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except KeyboardInterrupt:
        return _fail("interrupted", debug)
    return code if isinstance(code, int) else EXIT_OK


def _fail(message: str, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    one_line = " ".join(terminal_text(message).split())
    click.echo(f"tarjama: error: {one_line}", err=True)
    return EXIT_USAGE
