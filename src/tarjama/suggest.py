"""'Did you mean …?' hints for unknown names and options in suites and on the command line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tarjama.errors import ConfigError

ModelT = TypeVar("ModelT", bound=BaseModel)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A hint naming the closest known name, or listing them all when none is close."""
    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"expected one of: {', '.join(known)}"


def parse_options(model: type[ModelT], options: Mapping[str, Any], owner: str) -> ModelT:
    """Validate a metric's or check's options; ConfigError naming `owner`, with a hint."""
    try:
        return model(**options)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            hint = did_you_mean(key, model.model_fields)
            raise ConfigError(f"unknown option '{key}' for {owner} ({hint})") from None
        message = error["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{owner} option '{key}': {message}") from None
