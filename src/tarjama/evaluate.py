"""The run pipeline: load → system → back-translate → metrics → checks → gates → run directory.

`evaluate_suite` is the library entry point behind `tarjama run`; every step reads the one
`Suite` object, and everything that changes a number is echoed into the results signature.
`check_dataset` (behind `tarjama check`) and `score_files` (behind `tarjama score`) run one
step alone, without a run directory.
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tarjama import __version__
from tarjama.checks import CHECKS
from tarjama.checks.mqm import FlagTally, segment_penalty
from tarjama.checks.runner import build_checks, run_checks
from tarjama.config import (
    DEFAULT_METRICS,
    DEFAULT_RESAMPLES,
    BootstrapConfig,
    CheckConfig,
    DataConfig,
    MetricConfig,
    Suite,
    both_mt_problem,
)
from tarjama.context import RunContext
from tarjama.data import Dataset, Segment, load_document_pair, load_table
from tarjama.errors import ConfigError, InputError
from tarjama.executors import EXECUTORS
from tarjama.executors.base import Executor
from tarjama.executors.local import LocalExecutor
from tarjama.flags import Flag
from tarjama.gates import evaluate_gates
from tarjama.metrics import METRICS
from tarjama.metrics.runner import ScoreReport, score_dataset, stats_as_lists
from tarjama.progress import Progress
from tarjama.regression import baseline_record, same_data_sha256
from tarjama.rundir import (
    RESULTS_SCHEMA,
    SEGMENTS_FILE,
    Run,
    RunWriter,
    SegmentRows,
    default_run_dir,
)
from tarjama.suites import check_models, load_suite

log = logging.getLogger(__name__)


@dataclass
class RunOptions:
    """Per-invocation choices that are not part of the suite."""

    out_dir: Path | None = None
    use_cache: bool = True
    baseline: Run | None = None  # for regression gates (tarjama.history.resolve_baseline)
    label: str | None = None
    model_version: str | None = None
    show_progress: bool = True
    cache_path: Path | None = None  # overrides the suite's cache.path (tarjama run --cache)
    force: bool = False  # replace a run directory at out_dir (tarjama run --force)
    executor: str = "local"  # where the per-segment stages run: local or ray (tarjama.executors)
    address: str | None = None  # the Ray cluster (--executor ray --address)


def load_dataset(data: DataConfig, mt_required: bool = True) -> Dataset:
    """Segments from the suite's data section (a table file or a document pair); without
    `mt_required` (a suite with a system), the data may give no mt."""
    if data.path is not None:
        return load_table(
            data.path,
            data.format,
            data.columns,
            data.doc_id,
            data.text_rules(),
            mt_required=mt_required,
        )
    assert data.src is not None
    return load_document_pair(
        data.src, data.mt, bt=data.bt, ref=data.ref, doc_id=data.doc_id, rules=data.text_rules()
    )


def evaluate_suite(
    suite: Suite | str | Path, options: RunOptions | None = None, translator: Any = None
) -> Run:
    """Run the whole suite (a Suite or a suite file) and write its run directory; return the
    run as written, ready to record (`tarjama.history.record_run`) or compare."""
    suite = suite if isinstance(suite, Suite) else load_suite(suite)
    options = options or RunOptions()
    created = datetime.now(UTC)
    run_id = _run_id(suite.name, created)
    out_dir = options.out_dir or default_run_dir(suite.name, created)
    # The run directory is checked (and its temporary folder made) before any work.
    with RunWriter(
        out_dir, run_id, overwrite=options.force, unique=options.out_dir is None
    ) as writer:
        context = RunContext.from_suite(
            suite,
            use_cache=options.use_cache,
            cache_path=options.cache_path,
            show_progress=options.show_progress,
        )
        progress = Progress(enabled=options.show_progress)
        check_models(suite, context)  # every model found before any work
        with open_executor(options, suite, progress) as executor:
            dataset = load_dataset(suite.data, mt_required=suite.system is None)
            dataset, system_info = translate_system(
                dataset, suite, context, progress, executor=executor
            )
            dataset, bt_info = backtranslate(
                dataset, suite, context, translator, progress, executor
            )
            with progress.stage("metrics"):
                scores = score_dataset(
                    dataset.segments,
                    suite.metrics,
                    suite.bootstrap,
                    context,
                    statistics=executor.statistics,
                )
            tally = write_segments(writer, dataset, scores, suite, context, progress, executor)
        results = build_results(
            suite,
            dataset,
            scores,
            tally.rollup(),
            bt_info,
            created,
            options,
            run_id,
            system_info=system_info,
        )
        results["executor"] = executor.describe()
        results["baseline"] = baseline_record(options.baseline)
        results["gates"] = evaluate_gates(
            suite.gates, results, options.baseline, segments=writer.rows()
        )
        results["passed"] = all(g["passed"] for g in results["gates"])
        path = writer.commit(results)
    return Run(path, results, SegmentRows(path / SEGMENTS_FILE, len(dataset)))


def open_executor(options: RunOptions, suite: Suite, progress: Progress) -> Executor:
    """The executor the options name, connected (a Ray cluster) before any work."""
    if options.address is not None and options.executor != "ray":
        raise ConfigError("--address names a Ray cluster; it needs --executor ray")
    executor_class = EXECUTORS.get(options.executor)
    return executor_class(suite.ray, options.address, progress)


def translate_system(
    dataset: Dataset,
    suite: Suite,
    context: RunContext,
    progress: Progress,
    translator: Any = None,
    executor: Executor | None = None,
) -> tuple[Dataset, dict[str, Any] | None]:
    """Fill `mt` with the suite's system (the system under test translating `src`); data
    with its own mt beside a system is refused unless the suite sets system.replace_mt."""
    if suite.system is None:
        return dataset, None
    if dataset.mt_given and not suite.system.replace_mt:
        raise InputError(both_mt_problem("an 'mt' column"), next(iter(dataset.files), None))
    if translator is None:
        from tarjama.translate import ENGINES

        translator = ENGINES.get(suite.system.engine)(suite.system, context, role="system")
    info = translator.describe()
    executor = executor or LocalExecutor(progress=progress)
    mts = executor.translate(
        translator,
        [seg.src for seg in dataset.segments],
        f"system translation ({info.get('model', info.get('engine'))})",
    )
    info = {**info, "stats": dict(getattr(translator, "stats", {}) or {})}
    segments = [replace(seg, mt=mt) for seg, mt in zip(dataset.segments, mts, strict=True)]
    return replace(dataset, segments=segments, mt_given=True), info


def _without_stats(info: dict[str, Any] | None) -> dict[str, Any] | None:
    """An engine's description for the signature: its counters change no number."""
    return None if info is None else {k: v for k, v in info.items() if k != "stats"}


def backtranslate(
    dataset: Dataset,
    suite: Suite,
    context: RunContext,
    translator: Any,
    progress: Progress,
    executor: Executor | None = None,
) -> tuple[Dataset, dict[str, Any]]:
    """Fill `bt` with the suite's engine (the provided engine keeps the data's bt); the
    executor runs it (default: in this process)."""
    if translator is None:
        from tarjama.translate import ENGINES

        translator = ENGINES.get(suite.backtranslation.engine)(suite.backtranslation, context)
    info = translator.describe()
    if not translator.provides_text:
        return dataset, info
    executor = executor or LocalExecutor(progress=progress)
    bts = executor.translate(
        translator,
        [seg.mt for seg in dataset.segments],
        f"back-translation ({info.get('model', info.get('engine'))})",
    )
    # Cache hits and model calls are reported, but kept out of the signature: they do not
    # change a number, and a cached re-run must sign the same as the first run.
    info = {**info, "stats": dict(getattr(translator, "stats", {}) or {})}
    segments = [seg.with_bt(bt) for seg, bt in zip(dataset.segments, bts, strict=True)]
    return replace(dataset, segments=segments), info


def write_segments(
    writer: RunWriter,
    dataset: Dataset,
    scores: ScoreReport,
    suite: Suite,
    context: RunContext,
    progress: Progress,
    executor: Executor | None = None,
) -> FlagTally:
    """Run the suite's checks (on the executor; default: in this process) and write each
    segment's row as soon as its document is checked (so no flag outlives its row); the
    flags' tally for results.json."""
    checks = build_checks(suite.checks, context)
    found_by_metrics = metric_flags(scores)
    tally = FlagTally(suite.mqm)
    executor = executor or LocalExecutor(progress=progress)
    with progress.bar("checks", total=len(dataset)) as bar:
        for index, (seg, flags) in enumerate(executor.check(dataset.segments, checks, bar)):
            flags += found_by_metrics.get(seg.id, [])
            tally.add(seg, flags)
            writer.add_segments([segment_row(index, seg, flags, scores, suite)])
    return tally


def metric_flags(scores: ScoreReport) -> dict[str, list[Flag]]:
    """Flags found by metrics (XCOMET error spans), per segment id: they join the checks'."""
    found: dict[str, list[Flag]] = {}
    for outcome in scores.outcomes.values():
        for seg_id, flags in outcome.computed.flags.items():
            found.setdefault(seg_id, []).extend(flags)
    return found


def check_dataset(
    dataset: Dataset,
    suite: Suite | None = None,
    *,
    only: Sequence[str] | None = None,
    context: RunContext | None = None,
    progress: Progress | None = None,
) -> dict[str, list[Flag]]:
    """Flags per segment id, in segment order (`tarjama check`, and a run's checks step).

    The suite's checks with its settings, languages and entity model; without a suite, every
    check with its defaults. `only` narrows either to the checks it names.
    """
    if context is None:
        context = RunContext.from_suite(suite) if suite else RunContext()
    checks = build_checks(select_checks(suite.checks if suite else None, only), context)
    progress = progress or Progress(enabled=False)
    with progress.bar("checks", total=len(dataset)) as bar:
        return run_checks(dataset, checks, bar)


def select_checks(
    configs: dict[str, CheckConfig] | None, names: Sequence[str] | None
) -> dict[str, CheckConfig] | None:
    """`configs` (None: every check) narrowed to the named checks, each enabled; a named check
    the configs do not mention runs with its defaults. No names: `configs` unchanged."""
    if not names:
        return configs
    for name in names:
        CHECKS.check(name)
    chosen = {name: (configs or {}).get(name, CheckConfig()) for name in names}
    return {name: config.model_copy(update={"enabled": True}) for name, config in chosen.items()}


def score_files(
    src: Path,
    mt: Path,
    *,
    bt: Path | None = None,
    ref: Path | None = None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    resamples: int = DEFAULT_RESAMPLES,
    context: RunContext | None = None,
) -> dict[str, Any]:
    """Metrics with bootstrap CIs on a document pair, without a suite (`tarjama score`).

    Returns {"n_segments", "metrics" (entries as in results.json), "skipped_metrics"}; the
    context gives the languages and the seed.
    """
    for name in metrics:
        METRICS.check(name)
    dataset = load_document_pair(src, mt, bt=bt, ref=ref)
    report = score_dataset(
        dataset.segments,
        [MetricConfig(name=n) for n in metrics],
        BootstrapConfig(resamples=resamples),
        context,
    )
    return {
        "n_segments": len(dataset),
        "metrics": {key: outcome.to_result() for key, outcome in report.outcomes.items()},
        "skipped_metrics": report.skipped,
    }


def build_results(
    suite: Suite,
    dataset: Dataset,
    scores: ScoreReport,
    checks: dict[str, Any],
    bt_info: dict[str, Any],
    created: datetime,
    options: RunOptions,
    run_id: str,
    system_info: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """results.json as DESIGN.md specifies (gates filled in afterwards); `system` describes
    the engine that wrote mt, null when the data gave it."""
    return {
        "schema": RESULTS_SCHEMA,
        "suite": suite.name,
        "suite_version": suite.version,
        "run_id": run_id,
        "created": created.isoformat(timespec="seconds"),
        "label": options.label,
        "model_version": options.model_version,
        "n_segments": len(dataset),
        "n_documents": len(dataset.documents()),
        "languages": suite.languages.model_dump(),
        "data": {
            "files": dataset.files,
            "suite_relative": suite_relative(dataset.files, suite),
            "same_data_sha256": dataset_sha256(dataset),
            "control_characters_stripped": dataset.controls_stripped,
        },
        "system": system_info,
        "backtranslation": bt_info,
        "metrics": {key: outcome.to_result() for key, outcome in scores.outcomes.items()},
        "skipped_metrics": scores.skipped,
        "checks": checks,
        "gates": [],
        "passed": True,
        "signature": _signature(suite, dataset, scores, bt_info, system_info),
    }


def suite_relative(files: dict[str, str], suite: Suite) -> dict[str, str]:
    """Each data file's path relative to the suite file's folder, as reports show it (the
    paths in `files` depend on where tarjama ran)."""
    if suite.path is None:
        return {}
    folder = os.path.abspath(Path(suite.path).parent)
    return {path: Path(os.path.relpath(os.path.abspath(path), folder)).as_posix() for path in files}


def dataset_sha256(dataset: Dataset) -> str:
    """What a baseline must share with a run (`regression.same_data_sha256`): ids, src, ref."""
    return same_data_sha256({"id": s.id, "src": s.src, "ref": s.ref} for s in dataset.segments)


def segment_row(
    index: int, seg: Segment, flags: list[Flag], scores: ScoreReport, suite: Suite
) -> dict[str, Any]:
    """The segments.jsonl row of segment `index`: texts, sentence scores, flags, and the
    metric statistics."""
    return {
        "id": seg.id,
        "doc_id": seg.doc_id,
        "src": seg.src,
        "mt": seg.mt,
        "bt": seg.bt,
        "ref": seg.ref,
        "scores": {k: float(o.computed.sentence_scores[index]) for k, o in scores.outcomes.items()},
        "flags": [f.to_dict() for f in flags],
        "mqm_penalty": segment_penalty(seg, flags, suite.mqm),
        "stats": stats_as_lists(scores, index),
    }


def _run_id(suite_name: str, created: datetime) -> str:
    salt = hashlib.sha256(f"{suite_name}{created.isoformat()}".encode()).hexdigest()[:6]
    return f"{suite_name}-{created.strftime('%Y%m%dT%H%M%SZ')}-{salt}"


def _signature(
    suite: Suite,
    dataset: Dataset,
    scores: ScoreReport,
    bt_info: dict[str, Any],
    system_info: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything that changes a number: versions, models, data hashes, seed, settings."""
    import numpy
    import sacrebleu

    return {
        "tarjama": __version__,
        "python": platform.python_version(),
        "sacrebleu": sacrebleu.__version__,
        "numpy": numpy.__version__,
        "data_sha256": dataset.files,
        "seed": suite.seed,
        "bootstrap": suite.bootstrap.model_dump(),
        "languages": suite.languages.model_dump(),
        "system": _without_stats(system_info),
        "backtranslation": _without_stats(bt_info),
        "models": {
            k: o.computed.extras.get("model")
            for k, o in scores.outcomes.items()
            if o.computed.extras.get("model")
        },
        "metrics": {k: o.metric.signature() for k, o in scores.outcomes.items()},
        "checks": sorted(suite.checks) if suite.checks is not None else "all",
        "mqm": suite.mqm.model_dump(),
    }
