"""What a name in English source text is: a person, a place, an organisation, a nationality or a
title, from the named-entity model's answer checked against cheap English cues.

Persons and places are transliterated into Arabic (روستم عمروف، دونغالا); organisations and
titles are usually translated (National Hurricane Center → المركز الوطني للأعاصير, "Ghost
Town" → a quoted title) and nationalities become adjectives (Indonesian → إندونيسي). The small
English tagger errs on unfamiliar names (a village tagged as an organisation, a city plus a
group's name as a person), so the cues it cannot see decide first: the title before a name
("Minister Hakan Fidan"), the word that ends it ("Metro News", "Excelsior Terrace"), the kind
of work before a title ("his new album Yandhi").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from tarjama.lang.entities import NATIONALITY, ORGANISATION, PERSON, PLACE, TITLE, Entity


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


FOREIGN = "FOREIGN"
"""A name none of whose words is English (the entity model's vocabulary lacks them all)."""

TRANSLITERATED = frozenset({PERSON, PLACE, FOREIGN})
"""The kinds whose names Arabic writes by their sound."""

PERSON_TITLES = _word_set("""
mr mrs ms miss dr prof professor sir dame lord lady rev reverend father pastor bishop imam
rabbi sheikh president minister secretary chancellor senator sen sens rep reps gov governor
mayor gen general col colonel capt captain lt sgt judge justice ambassador envoy spokesman
spokeswoman spokesperson chairman chairwoman director coach manager striker midfielder
defender goalkeeper pitcher actor actress singer rapper star presenter host author writer
king queen prince princess emir sultan pope chief officer commander
""")
"""Words that, just before a capitalised run, say that it is a person's name."""

ORGANISATION_ENDINGS = _word_set("""
news tv radio channel network times post herald journal gazette magazine press agency
limited ltd inc corp corporation co plc llc group holdings ventures capital partners bank
fund foundation institute university college school council committee commission party
club fc league cup premiership championship association federation union
records studios pictures airlines airways motors
""")
"""Last words that make a capitalised run an organisation (or a competition, which Arabic
translates or keeps like one): Metro News, Telma TV, Adriftmorn Limited, Betfred Cup."""

PLACE_ENDINGS = _word_set("""
street st road avenue lane terrace square place park gardens hotel arena stadium beach
bridge airport harbour harbor port island islands valley mountain mount hill hills lake
river bay coast county province district village town
""")
"""Last words that make a capitalised run a place: Excelsior Terrace, Roa Roa Hotel."""

WORK_WORDS = _word_set("""
album song single track film movie documentary book novel memoir play musical opera show
series sitcom programme program episode game video magazine newspaper column poem painting
""")
"""Words that, just before a capitalised run, say that it is the title of a work."""

_WORDS = re.compile(r"[A-Za-z\u00C0-\u024F]+")
_WORD_AFTER = re.compile(r"(?:['’]s)?[ \-]([A-Z][A-Za-z]*)")
_POSSESSIVE = re.compile(r"['’]s?$")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?[\"“'‘]?\s*$")


class NamedText(Protocol):
    """What `name_kind` reads of a segment: its source, the source's entities (tagged on
    first use) and the entity model's vocabulary (tarjama.checks.prepared.PreparedSegment)."""

    src: str

    @property
    def src_entities(self) -> Sequence[Entity]: ...

    def familiar(self, word: str) -> bool: ...


def name_kind(segment: NamedText, span: tuple[int, int]) -> str | None:
    """The kind (see tarjama.lang.entities) of the name at `span` in `segment.src`; None when
    neither the cues nor the tagger say (or the tagger calls one unfamiliar word an
    organisation, which it does for names it has never seen).

    In order: the cues around the name (`cue_kind`); FOREIGN when no word of it is an English
    word the model's vocabulary knows (Donggala, Umerov: a name Arabic can only transliterate,
    told without tagging); else the tagger's entity over it.
    """
    src = segment.src
    cue = cue_kind(src, span)
    if cue is not None:
        return cue
    words = _WORDS.findall(src, span[0], span[1])
    if words and not any(segment.familiar(w) or segment.familiar(_singular(w)) for w in words):
        return FOREIGN
    entity = covering_entity(span, segment.src_entities)
    if entity is None:
        return None
    if entity.kind == ORGANISATION and " " not in entity.text.strip():
        return None
    return entity.kind


def _singular(word: str) -> str:
    """`word` without a plural -s (Bolivians → Bolivian), for the vocabulary test."""
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def cue_kind(src: str, span: tuple[int, int]) -> str | None:
    """The kind that the words around a name in `src` give it, if any (no tagger needed)."""
    words = src[span[0] : span[1]].replace("-", " ").split()
    after = _WORD_AFTER.match(src, span[1])
    if after:  # the word after a name may end it: Telma TV, the Roa Roa Hotel
        words.append(after.group(1))
    last = _POSSESSIVE.sub("", words[-1].lower()) if words else ""
    before = _WORD_BEFORE.search(src, 0, span[0])
    word_before = before.group(1).lower() if before else ""
    if word_before in WORK_WORDS:
        return TITLE
    if len(words) > 1 and last in ORGANISATION_ENDINGS:
        return ORGANISATION
    if len(words) > 1 and last in PLACE_ENDINGS:
        return PLACE
    if word_before in PERSON_TITLES:
        return PERSON
    return None


def covering_entity(span: tuple[int, int], entities: Sequence[Entity]) -> Entity | None:
    """The entity that overlaps `span` most, if any does."""
    best, overlap = None, 0
    for entity in entities:
        shared = min(span[1], entity.end) - max(span[0], entity.start)
        if shared > overlap:
            best, overlap = entity, shared
    return best


__all__ = [
    "FOREIGN",
    "NATIONALITY",
    "ORGANISATION",
    "PERSON",
    "PLACE",
    "TITLE",
    "TRANSLITERATED",
    "covering_entity",
    "cue_kind",
    "name_kind",
]
