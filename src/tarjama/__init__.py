"""tarjama: machine-translation quality evaluation harness.

Back-translates machine-translated text, scores it (BLEU, chrF++, TER, COMET, semantic
similarity, QE), flags the errors an editor would mark, and writes a run directory that
reports, comparisons and notebooks read.
"""

__version__ = "0.1.0"
