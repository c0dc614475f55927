"""tarjama: machine-translation quality evaluation harness.

Back-translates machine-translated text, scores it (BLEU, chrF++, TER, COMET, semantic
similarity, QE), flags the errors an editor would mark, and writes a run directory that
reports, comparisons and notebooks read.
"""

__version__ = "0.1.0"

# The pandas API, imported on first use so that `import tarjama` does not import pandas.
_LAZY = {"load_runs": "tarjama.analysis", "load_segments": "tarjama.analysis",
         "load_metrics": "tarjama.analysis"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tarjama' has no attribute {name!r}")
