"""Proper names in English source text, and the gazetteer of their established Arabic forms.

Names are found by rule, without a tagger (the checks ask the tagger what a name is only where
that decides a flag, see tarjama.lang.namekinds): runs of capitalised words, minus a stoplist
of capitalised common words (titles, demonyms, months, days, function words), with a word at
the start of a sentence kept only when something says it is a name (the gazetteer knows it,
another capitalised word follows, it recurs mid-sentence, or "said"/", an aide" follows it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from tarjama.errors import ConfigError
from tarjama.lang.ar import ARABIC_LETTER, normalise
from tarjama.lang.romanise import AR_PROCLITICS
from tarjama.lexicons import load_lexicon

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "so",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "over",
        "to",
        "up",
        "with",
        "without",
        "about",
        "after",
        "against",
        "along",
        "amid",
        "among",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "between",
        "beyond",
        "during",
        "except",
        "inside",
        "near",
        "since",
        "through",
        "toward",
        "towards",
        "under",
        "until",
        "upon",
        "via",
        "within",
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "every",
        "few",
        "many",
        "more",
        "most",
        "much",
        "no",
        "nor",
        "not",
        "only",
        "other",
        "some",
        "such",
        "than",
        "too",
        "very",
        "one",
        "ones",
        "also",
        "still",
        "yet",
        "however",
        "nevertheless",
        "meanwhile",
        "moreover",
        "instead",
        "indeed",
        "then",
        "now",
        "thus",
        "though",
        "although",
        "while",
        "whereas",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "will",
        "would",
        "said",
        "says",
        "say",
        "told",
        "asked",
        "added",
        "according",
        "read",
        "more",
        "see",
        "also",
        "even",
        "just",
        "like",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "st",
        "president",
        "presidents",
        "minister",
        "ministers",
        "prime",
        "foreign",
        "defence",
        "defense",
        "interior",
        "finance",
        "secretary",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "emir",
        "sultan",
        "pope",
        "general",
        "colonel",
        "captain",
        "major",
        "commander",
        "admiral",
        "marshal",
        "senator",
        "governor",
        "mayor",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "deputy",
        "chief",
        "head",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "leaders",
        "speaker",
        "justice",
        "judge",
        "vice",
        "acting",
        "former",
        "first",
        "lieutenant",
        "sergeant",
        "officer",
        "official",
        "officials",
        "ministry",
        "ministries",
        "office",
        "department",
        "council",
        "parliament",
        "army",
        "navy",
        "forces",
        "force",
        "government",
        "administration",
        "palace",
        "square",
        "street",
        "avenue",
        "road",
        "airport",
        "university",
        "college",
        "school",
        "hospital",
        "party",
        "parties",
        "court",
        "agency",
        "federation",
        "republic",
        "kingdom",
        "union",
        "committee",
        "commission",
        "authority",
        "state",
        "states",
        "city",
        "province",
        "region",
        "district",
        "embassy",
        "bureau",
        "service",
        "group",
        "company",
        "corporation",
        "news",
        "post",
        "times",
        "daily",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "middle",
        "upper",
        "lower",
        "god",
        "allah",
        "islam",
        "islamic",
        "muslim",
        "muslims",
        "christian",
        "christians",
        "jewish",
        "jews",
        "catholic",
        "orthodox",
        "russian",
        "russians",
        "ukrainian",
        "ukrainians",
        "american",
        "americans",
        "british",
        "briton",
        "britons",
        "english",
        "french",
        "german",
        "germans",
        "polish",
        "pole",
        "poles",
        "turkish",
        "turk",
        "turks",
        "european",
        "europeans",
        "albanian",
        "chinese",
        "japanese",
        "indian",
        "pakistani",
        "iranian",
        "iraqi",
        "syrian",
        "lebanese",
        "israeli",
        "israelis",
        "palestinian",
        "palestinians",
        "egyptian",
        "saudi",
        "qatari",
        "emirati",
        "jordanian",
        "yemeni",
        "libyan",
        "sudanese",
        "tunisian",
        "algerian",
        "moroccan",
        "italian",
        "spanish",
        "canadian",
        "mexican",
        "brazilian",
        "australian",
        "belarusian",
        "moldovan",
        "hungarian",
        "romanian",
        "finnish",
        "swedish",
        "norwegian",
        "danish",
        "dutch",
        "belgian",
        "swiss",
        "austrian",
        "greek",
        "afghan",
        "korean",
        "african",
        "asian",
        "arab",
        "arabs",
        "arabic",
        "kurdish",
        "kurd",
        "kurds",
        "persian",
        "soviet",
        "nazi",
        # Ordinary words that organisations, places and events are named with: translated into
        # Arabic, never transliterated, so never a name to look for by sound.
        "international",
        "national",
        "atomic",
        "energy",
        "agency",
        "world",
        "health",
        "organization",
        "organisation",
        "united",
        "nations",
        "security",
        "human",
        "rights",
        "watch",
        "amnesty",
        "red",
        "cross",
        "crescent",
        "assembly",
        "olympic",
        "association",
        "league",
        "democratic",
        "republican",
        "labour",
        "conservative",
        "liberal",
        "green",
        "popular",
        "front",
        "movement",
        "liberation",
        "guard",
        "revolutionary",
        "institute",
        "museum",
        "foundation",
        "trust",
        "programme",
        "program",
        "food",
        "development",
        "trade",
        "economic",
        "forum",
        "summit",
        "conference",
        "treaty",
        "accord",
        "agreement",
        "plant",
        "station",
        "river",
        "sea",
        "ocean",
        "gulf",
        "island",
        "islands",
        "peninsula",
        "valley",
        "desert",
        "bay",
        "strait",
        "canal",
        "bridge",
        "tower",
        "house",
        "hall",
        "church",
        "mosque",
        "cathedral",
        "temple",
        "park",
        "port",
        "county",
        "town",
        "village",
        "empire",
        "coalition",
        "alliance",
        "brigade",
        "battalion",
        "division",
        "fleet",
        "air",
        "police",
        "intelligence",
        "stock",
        "exchange",
        "market",
        "index",
        "new",
        "great",
        "supreme",
        "federal",
        "reserve",
        "monetary",
        "fund",
        "criminal",
        "constitutional",
        "general",
        "justice",
        "peace",
        "war",
        "nuclear",
        "power",
        # Titles and roles before a person's name, and the plurals of party names.
        "father",
        "rev",
        "reverend",
        "pastor",
        "bishop",
        "imam",
        "rabbi",
        "professor",
        "rapper",
        "singer",
        "actor",
        "actress",
        "star",
        "coach",
        "lifeguard",
        "capt",
        "sen",
        "sens",
        "rep",
        "reps",
        "democrats",
        "republicans",
        "conservatives",
        "liberals",
        # Common nouns and adjectives that places, organisations and things are named with.
        "beach",
        "coast",
        "basin",
        "lake",
        "mount",
        "hill",
        "hills",
        "arena",
        "stadium",
        "centre",
        "center",
        "hotel",
        "terrace",
        "channel",
        "network",
        "counter",
        "global",
        "public",
        "independent",
        "advanced",
        "joint",
        "virtual",
        "natural",
        "medical",
        "brexit",
        "unbeaten",
    ]
)
CONNECTORS = frozenset(
    {
        "bin",
        "bint",
        "ibn",
        "abu",
        "al",
        "el",
        "de",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "du",
        "la",
        "le",
        "dos",
        "das",
    }
)
NAME_CUE_AFTER = re.compile(
    r"(?:,\s+(?:a|an|the|who|whose)\b|\s+(?:said|says|told|added|"
    r"announced|insisted|stressed|warned|wrote|urged|declared)\b)"
)
_LETTER = "A-Za-z\u00c0-\u024f"
_UPPER = "A-Z\u00c0-\u00de\u0130"
# A capitalised word: initials (U.S.), or a capital and letters (O'Neill).
_CAP = rf"(?:(?:[A-Z]\.){{2,}}|[{_UPPER}][{_LETTER}]*(?:['’][{_LETTER}]{{2,}})*)"
# _CAP not preceded by a letter, written with the capital first and lookbehinds after it (no
# letter before it; initials only from A-Z): a pattern that starts with a character class lets
# the regex engine scan for capitals in C, which makes finding the runs much faster.
_FIRST_CAP = (
    rf"[{_UPPER}](?<![{_LETTER}].)"
    rf"(?:(?<=[A-Z])\.(?:[A-Z]\.)+|[{_LETTER}]*(?:['’][{_LETTER}]{{2,}})*)"
)
# Capitalised words joined by a space or hyphen, or by one or two lowercase connectors (bin,
# al, von der, de la …).
_CONNECTOR = f"(?:{'|'.join(sorted(CONNECTORS))})"
NAME_RUN = re.compile(
    rf"{_FIRST_CAP}(?:(?:[ \-]|[ \-]{_CONNECTOR}(?:[ \-]{_CONNECTOR})?[ \-]){_CAP})*"
)
INNER_CAPITAL = re.compile(r".[A-Z]")
SURNAME_PREFIX = re.compile(r"(?:Mc|Mac|O['’]|D['’]|Di|De|Da|La|Le|Van|Von)[A-Z]")
SENTENCE_OPENER = re.compile(r"(?:^|[.!?:;][\"”’]?\s+|[\"“‘(]\s*)([A-Z][a-z\u00DF-\u024F]+)")
RUN_WORD = re.compile(rf"{_CAP}|[a-z]+")
ADJECTIVE_ENDINGS = ("", "ي", "يه", "يين", "يون", "يان", "يتين", "يتان", "ين", "ون")
# Lazy, single letters first: "والكرملين" is و + الكرملين, "للكرملين" is لل + كرملين; every
# combination ("وبفلسطين", "فبالقاهرة") of tarjama.lang.romanise.AR_PROCLITICS.
PROCLITICS = "(?:" + "|".join(sorted(AR_PROCLITICS, key=len)) + ")??"
MAX_PROCLITIC = max(map(len, AR_PROCLITICS))  # letters, for _earliest
_ONE_TO_ONE = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ؤ", "و"),
    ("ئ", "ي"),
    ("ى", "ي"),
    ("ة", "ه"),
)
_LOOSE = {
    "ا": "[اأإآٱ]",
    "أ": "[اأإآٱ]",
    "إ": "[اأإآٱ]",
    "آ": "[اأإآٱ]",
    "ة": "[ةه]",
    "ه": "[ةه]",
    "ى": "[ىيئ]",
    "ي": "[ىيئ]",
    "ئ": "[ىيئ]",
    "و": "[وؤ]",
    "ؤ": "[وؤ]",
}
_FOLD = str.maketrans(
    dict(
        zip(
            "áàâäãåçéèêëíìîïñóòôöõúùûüýÿšžčćłğşı",
            "aaaaaaceeeeiiiinooooouuuuyyszcclgsi",
            strict=True,
        )
    )
)
_AR = ARABIC_LETTER.pattern


def fold(word: str) -> str:
    """An English word as the gazetteer keys it: lower case, accents off."""
    return word.lower() if word.isascii() else word.lower().translate(_FOLD)


def loose_pattern(text: str) -> str:
    """A regex for Arabic `text` that also matches its spelling variants (أ/ا/إ, ة/ه, ى/ي …).

    Matching the raw text with character classes is much faster than normalising every
    segment first.
    """
    return "".join(_LOOSE.get(ch, r"\s+" if ch == " " else re.escape(ch)) for ch in text)


def normalise_ar(text: str) -> str:
    """Arabic normalised one character for one (alef, hamza seats, ى, ة), so offsets survive."""
    for old, new in _ONE_TO_ONE:
        if old in text:  # a few str.replace calls beat str.translate with a dict table
            text = text.replace(old, new)
    return text


class Word(NamedTuple):
    """A word with its code-point span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, eq=False)
class GazetteerEntry:
    """One name and its accepted Arabic forms."""

    key: str
    forms: tuple[str, ...]
    forms_re: re.Pattern[str]
    stems_re: re.Pattern[str] | None
    # The words of each alternative of forms_re (and of stems_re), through normalise_ar: a
    # match needs all the words of one alternative in normalise_ar(text), a cheap pre-test.
    form_words: tuple[tuple[str, ...], ...] = ()
    stem_words: tuple[tuple[str, ...], ...] = ()
    # The forms of more than one word, each with its words through normalise_ar.
    form_parts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    person: bool = False  # the entry's `kind` is "person"

    def forms_search(self, text: str, norm: str) -> re.Match[str] | None:
        """`forms_re.search(text)`, skipped when `norm` (normalise_ar(text)) rules it out."""
        start = _earliest(norm, self.form_words)
        return None if start < 0 else self.forms_re.search(text, start)

    def stems_search(self, text: str, norm: str) -> re.Match[str] | None:
        """`stems_re.search(text)` (None without stems), pre-tested like `forms_search`."""
        start = _earliest(norm, self.stem_words) if self.stems_re is not None else -1
        return None if start < 0 else self.stems_re.search(text, start)  # type: ignore[union-attr]


def _earliest(norm: str, alternatives: tuple[tuple[str, ...], ...]) -> int:
    """Where a match of one of the alternatives can start at the earliest (a proclitic of up
    to MAX_PROCLITIC letters before its first word); -1 when `norm` lacks a word of each."""
    earliest = -1
    for words in alternatives:  # plain loops: this runs for every gazetteer name in a segment
        position = norm.find(words[0])
        if position < 0:
            continue
        for word in words[1:]:
            if word not in norm:
                break
        else:
            start = max(0, position - MAX_PROCLITIC)
            earliest = start if earliest < 0 else min(earliest, start)
    return earliest


def _alternative_words(alternatives: set[str]) -> tuple[tuple[str, ...], ...]:
    """What `loose_pattern` lets each alternative match, reduced by normalise_ar (which maps
    each of its character classes onto one letter), word by word."""
    return tuple(tuple(normalise_ar(w) for w in a.split()) for a in sorted(alternatives))


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """English spelling (folded, words joined by one space) → entry."""

    by_english: dict[str, GazetteerEntry]
    max_words: int
    first_words: frozenset[str]  # first words of the names of more than one word


@lru_cache(maxsize=8)
def load_gazetteer(name: str) -> Gazetteer:
    """Read a names lexicon (see tarjama/resources/lexicons/names.en-ar.yaml) into a Gazetteer."""
    data = load_lexicon(name)
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError("a names lexicon needs an 'entries:' list", name)
    by_english: dict[str, GazetteerEntry] = {}
    for number, raw in enumerate(entries, start=1):
        if not (isinstance(raw, dict) and raw.get("en") and raw.get("ar")):
            raise ConfigError(f"entry {number}: needs 'en' and 'ar' lists", name)
        if raw.get("kind") not in (None, "person"):
            raise ConfigError(f"entry {number}: 'kind' can only be 'person'", name)
        entry = _entry(raw)
        for english in raw["en"]:
            by_english[" ".join(fold(w) for w in str(english).split())] = entry
    first_words = frozenset(k.split()[0] for k in by_english if " " in k)
    return Gazetteer(by_english, max(len(k.split()) for k in by_english), first_words)


def _entry(raw: dict[str, Any]) -> GazetteerEntry:
    forms = tuple(str(f) for f in raw["ar"])
    alternatives = set()
    for form in forms:
        form = normalise(form, ("diacritics", "tatweel"))
        alternatives.add(form)
        if form.startswith("ال") and len(form) > 4:
            alternatives.add(form[2:])
    forms_re = _word_regex(PROCLITICS, alternatives, "", capture=True)
    stems = {str(s) for s in raw.get("stems") or ()}
    ending = "(?:" + "|".join(loose_pattern(e) for e in ADJECTIVE_ENDINGS if e) + ")?"
    stems_re = _word_regex(PROCLITICS, stems, ending) if stems else None
    parts = tuple(
        (form, tuple(normalise_ar(normalise(form, ("diacritics", "tatweel"))).split()))
        for form in forms
        if " " in form
    )
    return GazetteerEntry(
        str(raw["en"][0]),
        forms,
        forms_re,
        stems_re,
        _alternative_words(alternatives),
        _alternative_words(stems),
        parts,
        raw.get("kind") == "person",
    )


def _word_regex(
    prefix: str, alternatives: set[str], suffix: str, capture: bool = False
) -> re.Pattern[str]:
    """A whole-word pattern over Arabic text; with `capture`, group 1 is the name itself."""
    body = "|".join(loose_pattern(a) for a in sorted(alternatives, key=len, reverse=True))
    group = "(" if capture else "(?:"
    return re.compile(f"(?<!{_AR}){prefix}{group}{body}){suffix}(?!{_AR})")


class SourceName(NamedTuple):
    """A run of name words in `src`, each with its gazetteer entry if it has one.

    A person's name keeps a known surname with the rest ("Vladimir" + "Putin"); names the
    gazetteer knows whole ("United Kingdom", "Kyiv") stand alone, with `entry` set.
    """

    words: tuple[Word, ...]
    entries: tuple[GazetteerEntry | None, ...]
    entry: GazetteerEntry | None  # of the whole name, if it is one gazetteer name (`_whole`)

    @property
    def span(self) -> tuple[int, int]:
        return self.words[0].start, self.words[-1].end

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def source_names(
    src: str,
    gazetteer: Gazetteer,
    known: frozenset[str] = frozenset(),
    doubtful: set[str] | None = None,
) -> list[SourceName]:
    """The proper names in an English text.

    `known`: words already known to be names (from elsewhere in the document), so that one
    opening a sentence ("Sybiha met …") is taken for a name too. `doubtful`, if given,
    collects the words that were not taken for names for want of such evidence.
    """
    names: list[SourceName] = []
    for match in NAME_RUN.finditer(src):
        run = [
            Word(m.group(), match.start() + m.start(), match.start() + m.end())
            for m in RUN_WORD.finditer(match.group())
        ]
        names.extend(_RunCutter(src, run, gazetteer, known, doubtful).names())
    return names


class _RunCutter:
    """Cuts one capitalised run of the source into names: gazetteer names of several words
    stand alone; other name words are grouped as they come ("Vladimir" + "Putin")."""

    def __init__(
        self,
        src: str,
        run: list[Word],
        gazetteer: Gazetteer,
        known: frozenset[str],
        doubtful: set[str] | None,
    ) -> None:
        self.src, self.run, self.gazetteer = src, run, gazetteer
        self.known, self.doubtful = known, doubtful
        self.found: list[SourceName] = []
        self.words: list[Word] = []  # the pending name's words, and their entries
        self.entries: list[GazetteerEntry | None] = []

    def names(self) -> list[SourceName]:
        folded = [fold(word.text) for word in self.run]
        i = 0
        while i < len(self.run):
            size, entry = _gazetteer_match(folded, i, self.gazetteer)
            if size > 1:
                self._flush()
                words = tuple(self.run[i : i + size])
                self.found.append(SourceName(words, (entry,) * size, entry))
                i += size
                continue
            if self._is_name_word(i, entry):
                self._add(i, entry)
            else:
                self._flush()
            i += 1
        self._flush()
        return self.found

    def _is_name_word(self, i: int, entry: GazetteerEntry | None) -> bool:
        if entry is not None:
            return True
        verdict = _name_word_alone(self.run, i)
        if verdict is None:
            return _named_by_context(self.src, self.run, i, self.known, self.doubtful)
        return verdict

    def _add(self, i: int, entry: GazetteerEntry | None) -> None:
        """Add word i to the pending name; a gazetteer word after a hyphen starts a new one
        ("Russia-Ukraine" is two names, "al-Sisi" one)."""
        word = self.run[i]
        if (
            entry is not None
            and self.words
            and self.words[-1].text.lower() not in CONNECTORS
            and "-" in self.src[self.words[-1].end : word.start]
        ):
            self._flush()
        self.words.append(word)
        self.entries.append(entry)

    def _flush(self) -> None:
        """The pending words (trailing connectors dropped) as one name."""
        while self.words and self.words[-1].text.lower() in CONNECTORS:
            self.words.pop()
            self.entries.pop()
        if self.words:
            self.found.append(
                SourceName(tuple(self.words), tuple(self.entries), _whole(self.entries))
            )
        self.words, self.entries = [], []


def _whole(entries: list[GazetteerEntry | None]) -> GazetteerEntry | None:
    """The entry of a name whose words all have the same one (one gazetteer name), else None."""
    first = entries[0]
    return first if first is not None and all(e is first for e in entries) else None


def _gazetteer_match(
    folded: list[str], i: int, gazetteer: Gazetteer
) -> tuple[int, GazetteerEntry | None]:
    """The longest gazetteer name starting at word i: its size in words and its entry."""
    longest = min(gazetteer.max_words, len(folded) - i) if folded[i] in gazetteer.first_words else 1
    for size in range(longest, 0, -1):
        entry = gazetteer.by_english.get(" ".join(folded[i : i + size]))
        if entry is not None:
            return size, entry
    return 0, None


def _name_word_alone(run: Sequence[Word], i: int) -> bool | None:
    """Whether a capitalised word of a run (without a gazetteer entry) is (part of) a name, as
    far as the run alone says; None when that depends on the source around it.

    Common words, initials, acronyms and headline capitals are not; nor are brands (SpaceX,
    TikTok: spelt every which way, unlike McDonald); a connector (bin, al, von) is when it
    joins two words of the run. Any other word mid-sentence is; at the start of a sentence,
    see `_named_by_context`.
    """
    word = run[i].text
    lower = word.lower()
    if lower in STOPWORDS or len(word) < 2 or word.isupper() or "." in word:
        return False
    if INNER_CAPITAL.search(word) and not SURNAME_PREFIX.match(word):
        return False
    if lower in CONNECTORS:
        return 0 < i < len(run) - 1
    return None


def _named_by_context(
    src: str, run: Sequence[Word], i: int, known: frozenset[str], doubtful: set[str] | None = None
) -> bool:
    """Whether a word that may be a name (see `_name_word_alone`) is one, from its context.

    Mid-sentence, it is. At the start of a sentence, only if something says so: the document
    knows it, a name word follows it, it recurs mid-sentence, or a reporting verb or an
    apposition follows ("Medinsky, an aide …"). A word that is not is added to `doubtful`.
    """
    word = run[i]
    if word.text in known or not _sentence_start(src, word.start):
        return True
    following = run[i + 1 : i + 2]
    if following and following[0].text.lower() not in STOPWORDS:
        return True
    if NAME_CUE_AFTER.match(src, word.end):
        return True
    # Most such words occur nowhere else in the source (not even overlapping their own place).
    elsewhere = (
        src.find(word.text, word.start + 1) >= 0 or src.find(word.text, 0, word.end - 1) >= 0
    )
    if elsewhere and any(
        start != word.start and not _sentence_start(src, start)
        for start in _whole_word_starts(src, word.text)
    ):
        return True
    if doubtful is not None:
        doubtful.add(word.text)
    return False


def _whole_word_starts(text: str, word: str) -> Iterator[int]:
    """Where `word` occurs as a whole word in `text`."""
    return (m.start() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text))


def sentence_openers(src: str) -> set[str]:
    """Capitalised words that open a sentence in `src` (candidates that need more evidence)."""
    return set(SENTENCE_OPENER.findall(src))


def _sentence_start(src: str, start: int) -> bool:
    before = src[start - 6 if start > 6 else 0 : start].rstrip(" \t\"“‘'(«[—-")
    if not before and start > 6:
        before = src[:start].rstrip(" \t\"“‘'(«[—-")
    return not before or before[-1] in ".!?:;\n"
