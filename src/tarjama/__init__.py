"""tarjama: machine-translation quality evaluation harness.

Back-translates machine-translated text, scores it (BLEU, chrF++, TER, COMET, semantic
similarity, QE), flags the errors an editor would mark, and writes a run directory that
reports, comparisons and notebooks read. The library is what the command line calls:

    import tarjama

    suite = tarjama.load_suite("evals/news-ar-en.yaml")
    run = tarjama.evaluate_suite(suite, tarjama.RunOptions(baseline=tarjama.resolve_baseline(
        suite, "release-1.2")))
    tarjama.record_run(run, suite)
    print(run.results["metrics"]["roundtrip.chrf"]["score"], run.results["passed"])

Every name below is imported on first use, so `import tarjama` imports nothing else.
"""

__version__ = "0.1.0"

_LAZY = {
    # suites and runs
    "load_suite": "tarjama.suites",
    "Suite": "tarjama.config",
    "RunContext": "tarjama.context",
    "evaluate_suite": "tarjama.evaluate",
    "RunOptions": "tarjama.evaluate",
    "check_dataset": "tarjama.evaluate",
    "score_files": "tarjama.evaluate",
    "load_dataset": "tarjama.evaluate",
    "load_table": "tarjama.data",
    "load_document_pair": "tarjama.data",
    "Flag": "tarjama.flags",
    # run directories, the run store, baselines and comparisons
    "Run": "tarjama.rundir",
    "read_run": "tarjama.rundir",
    "resolve_run": "tarjama.store",
    "Store": "tarjama.store",
    "record_run": "tarjama.history",
    "resolve_baseline": "tarjama.history",
    "compare_runs": "tarjama.compare",
    "render_reports": "tarjama.report",
    # pandas views of the history, for notebooks
    "load_runs": "tarjama.analysis",
    "load_segments": "tarjama.analysis",
    "load_metrics": "tarjama.analysis",
    # errors
    "TarjamaError": "tarjama.errors",
}

__all__ = [  # the names of _LAZY (tested), listed for tools that read __all__ statically
    "Flag",
    "Run",
    "RunContext",
    "RunOptions",
    "Store",
    "Suite",
    "TarjamaError",
    "__version__",
    "check_dataset",
    "compare_runs",
    "evaluate_suite",
    "load_dataset",
    "load_document_pair",
    "load_metrics",
    "load_runs",
    "load_segments",
    "load_suite",
    "load_table",
    "read_run",
    "record_run",
    "render_reports",
    "resolve_baseline",
    "resolve_run",
    "score_files",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tarjama' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
