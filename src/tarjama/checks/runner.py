"""Running the configured checks over a dataset: per segment, then per document."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from tarjama.checks import CHECKS
from tarjama.checks.base import Check, CheckOptions, Flag
from tarjama.config import CheckConfig
from tarjama.data import Dataset
from tarjama.errors import ConfigError
from tarjama.suggest import did_you_mean


def build_checks(configs: dict[str, CheckConfig] | None, **context: Any) -> list[Check]:
    """Instantiate the enabled checks; None means every registered check with defaults."""
    if configs is None:
        configs = {name: CheckConfig() for name in CHECKS.names()}
    return [_build_one(name, config, context) for name, config in configs.items() if config.enabled]


def _build_one(name: str, config: CheckConfig, context: dict[str, Any]) -> Check:
    return CHECKS.get(name)(parse_check_options(name, config), severity=config.severity, **context)


def parse_check_options(name: str, config: CheckConfig) -> CheckOptions:
    """The check's validated options; ConfigError with a hint for unknown ones."""
    cls = CHECKS.get(name)
    try:
        return cls.options_model(**config.options)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"])
        if error["type"] == "extra_forbidden":
            hint = did_you_mean(key, cls.options_model.model_fields)
            raise ConfigError(f"unknown option '{key}' for check {name} ({hint})") from None
        raise ConfigError(f"check {name} option '{key}': {error['msg']}") from None


def run_checks(dataset: Dataset, checks: Iterable[Check],
               progress: Any = None) -> dict[str, list[Flag]]:
    """Flags per segment id, in segment order, sorted by span start within a segment."""
    checks = list(checks)
    for check in checks:
        check.prepare(dataset.segments)
    flags: dict[str, list[Flag]] = {seg.id: [] for seg in dataset.segments}
    for seg in dataset.segments:
        for check in checks:
            flags[seg.id].extend(_with_severity(check, check.check_segment(seg)))
        if progress is not None:
            progress.update(1)
    for segments in dataset.documents().values():
        for check in checks:
            for flag in _with_severity(check, check.check_document(segments)):
                flags[flag.id].append(flag)
    for seg_flags in flags.values():
        seg_flags.sort(key=lambda f: (f.span[0] if f.span else -1, f.category))
    return flags


def _with_severity(check: Check, flags: list[Flag]) -> list[Flag]:
    """Apply the suite's severity override and record which check emitted each flag."""
    override = check.severity_override
    return [f if f.check and (override is None or f.severity == override)
            else replace(f, severity=override or f.severity, check=f.check or check.name)
            for f in flags]
