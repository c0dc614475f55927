"""The one exception hierarchy: every user-facing failure is a TarjamaError.

The CLI turns a TarjamaError into a one-line message and exit code 2, and any other exception
into exit code 3 (a bug); library code raises these and never exits or prints.
"""

from __future__ import annotations

from pathlib import Path


class TarjamaError(Exception):
    """Base of all errors tarjama reports to users (exit code 2)."""

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        super().__init__(message)

    def __str__(self) -> str:
        message = super().__str__()
        if self.path and not message.startswith(self.path):
            return f"{self.path}: {message}"
        return message


class InputError(TarjamaError):
    """A dataset or text file is missing, unreadable or malformed."""


class ConfigError(TarjamaError):
    """A suite file is missing, malformed or names something unknown."""


class ModelNotFoundError(TarjamaError):
    """A model is neither local nor downloadable."""


class ModelLoadError(TarjamaError):
    """A model folder exists but cannot be loaded (corrupt or partial)."""


class EngineError(TarjamaError):
    """A translation server failed, refused, or answered something that is not a translation."""


class OutputError(TarjamaError):
    """An output path (run directory, report, store, cache) cannot be written."""


class RunDirError(TarjamaError):
    """A run directory is missing, incomplete, or incompatible with another run."""


class StoreError(TarjamaError):
    """The run history database cannot be opened, read or written."""


class MissingExtraError(TarjamaError):
    """An optional dependency group (tarjama[neural], tarjama[comet]) is not installed."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the optional dependency '{module}'; "
            f"install it with: pip install 'tarjama[{extra}]'"
        )
