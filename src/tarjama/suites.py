"""Suites checked against the registries: the entry point for loading a suite file.

`tarjama.config` reads a suite and validates its schema without knowing any implementation;
this module sits above the metric, check and engine registries and checks that every name a
suite uses is registered, that its options are valid, and that every gate can decide
something: it reads a metric the suite computes (with a CI when it gates on one), or flags a
check or metric of the suite finds, and has only the keys its kind of gate uses. All of it
before any evaluation: `tarjama validate` and `tarjama run` fail at once, naming the key.
`check_models` goes further, before any work: every model the suite names is found and
usable.
"""

from __future__ import annotations

from pathlib import Path

from tarjama.checks import CHECKS
from tarjama.config import EngineConfig, GateConfig, Suite, read_suite
from tarjama.context import RunContext
from tarjama.errors import ConfigError
from tarjama.gates import checks_subject, gate_problem
from tarjama.lang.entities import EntityTagger
from tarjama.metrics import METRICS, build_metric
from tarjama.translate import ENGINES


def load_suite(path: str | Path) -> Suite:
    """A suite file loaded and fully checked; ConfigError naming the file and the problem."""
    suite = read_suite(path)
    try:
        check_names(suite)
        check_gates(suite)
    except ConfigError as exc:
        raise ConfigError(str(exc), path) from None
    return suite


def check_names(suite: Suite) -> None:
    """Metric, check and engine names must be registered, and their options valid."""
    for metric in suite.metrics:
        METRICS.get(metric.name).parse_options(metric.options)
    for name, check in (suite.checks or {}).items():
        CHECKS.get(name).parse_options(check.options)
    check_engine(suite.backtranslation, "backtranslation")
    if suite.system is not None:
        check_engine(suite.system, "system")


def check_engine(config: EngineConfig, section: str) -> None:
    """The engine must be registered, and read every setting the suite gives it (a setting
    it ignores, `dtype` for ct2 or `url` for hf, is an error, not silently dropped)."""
    engine = ENGINES.get(config.engine)
    if section not in engine.roles:
        able = [name for name in ENGINES.names() if section in ENGINES.get(name).roles]
        raise ConfigError(
            f"{section}.engine: the {config.engine} engine cannot be the "
            f"{section} (engines that can: {', '.join(able)})"
        )
    own = set(type(config).model_fields) - set(EngineConfig.model_fields)
    given = config.model_fields_set - own - {"engine", "model"}
    unread = sorted(given - engine.settings)
    if unread:
        reads = ", ".join(sorted(engine.settings | {"model"})) if engine.settings else "none"
        raise ConfigError(
            f"{section}.{unread[0]}: the {config.engine} engine does not read "
            f"this setting (its settings: {reads})"
        )


def check_gates(suite: Suite) -> None:
    """ConfigError naming the first gate that cannot decide anything, by its key
    (`gates.2.threshold: …`)."""
    for index, gate in enumerate(suite.gates):
        problem = gate_problem(gate) or _suite_problem(gate, suite)
        if problem is not None:
            key, text = problem
            raise ConfigError(f"gates.{index}.{key} (gate '{gate.label}'): {text}")


def _suite_problem(gate: GateConfig, suite: Suite) -> tuple[str, str] | None:
    """What makes a gate meaningless in this suite: a metric it does not compute, a CI it
    does not estimate, flags no check or metric of it looks for."""
    if gate.metric.startswith("checks."):
        return _checks_problem(gate.metric, suite)
    try:
        METRICS.check(gate.metric)
    except ConfigError as exc:
        return "metric", str(exc)
    if gate.metric not in {m.name for m in suite.metrics}:
        return "metric", "the suite does not compute that metric (add it to 'metrics')"
    if gate.use != "score" and suite.bootstrap.resamples == 0:
        return "use", (
            f"'use: {gate.use}' needs a confidence interval, and the suite computes "
            "none (bootstrap.resamples: 0)"
        )
    return None


def _checks_problem(subject: str, suite: Suite) -> tuple[str, str] | None:
    """A checks.* gate on flags that nothing in the suite finds would always see 0."""
    kind, name = checks_subject(subject) or ("", "")
    found = flag_sources(suite)
    if kind != "category":
        if found:
            return None
        return "metric", f"no check runs in this suite, so {subject} would always be 0"
    if any(name in categories for categories in found.values()):
        return None
    finders = [check for check in CHECKS.names() if name in CHECKS.get(check).categories]
    why = (
        f"no check of this suite finds '{name}' flags, so {subject} would always be 0 "
        f"({_how_to_enable(finders, suite)})"
    )
    return "metric", why


def flag_sources(suite: Suite) -> dict[str, tuple[str, ...]]:
    """The checks that run and the metrics that find flags in this suite, each with the
    categories of the flags it finds."""
    configs = suite.checks
    checks = CHECKS.names() if configs is None else [n for n, c in configs.items() if c.enabled]
    sources = {f"check {name}": tuple(CHECKS.get(name).categories) for name in checks}
    for metric in suite.metrics:
        categories = METRICS.get(metric.name).flag_categories
        if categories:
            sources[f"metric {metric.name}"] = tuple(categories)
    return sources


def _how_to_enable(finders: list[str], suite: Suite) -> str:
    if not finders:
        return "no check finds them; a metric such as qe.xcomet does"
    configs = suite.checks or {}
    disabled = [name for name in finders if name in configs and not configs[name].enabled]
    if disabled:
        return f"the check '{disabled[0]}' that finds them is disabled"
    return f"add the check '{finders[0]}' to 'checks'"


def check_models(suite: Suite, context: RunContext | None = None) -> None:
    """Find every model the suite names and check what using it needs, loading no weights.

    The system (if any), the back-translation engine and each metric are built as a run
    builds them (with `context`, else the suite's own) and find their model folders, pins, a
    COMET model's encoder files, devices, servers' settings and optional packages (an openai
    engine's API key variable is read, no request is made): the error a run would meet later
    (ModelNotFoundError, ModelLoadError, ConfigError, MissingExtraError) is raised now.
    `tarjama run` calls this before loading data, and `tarjama validate` unless --no-models.
    """
    context = context or RunContext.from_suite(suite, show_progress=False)
    try:
        _check_engines(suite, context)
    except ConfigError as exc:  # a setting of the suite: name the suite file
        if exc.path is not None or suite.path is None:
            raise
        raise ConfigError(str(exc), suite.path) from None
    for config in suite.metrics:
        build_metric(config, context).check_ready()
    if _checks_need_entities(suite):
        EntityTagger(context.entity_model).check_ready()


def _check_engines(suite: Suite, context: RunContext) -> None:
    if suite.system is not None:
        ENGINES.get(suite.system.engine)(suite.system, context, role="system").check_ready()
    ENGINES.get(suite.backtranslation.engine)(suite.backtranslation, context).check_ready()


def _checks_need_entities(suite: Suite) -> bool:
    """Whether an enabled check of the suite reads named entities (loading no check)."""
    configs = suite.checks if suite.checks is not None else dict.fromkeys(CHECKS.names())
    return any(
        CHECKS.get(name).needs_entities
        for name, config in configs.items()
        if config is None or config.enabled
    )
