"""Where each name of the source is in the translation, and what is wrong with it.

Each name in `src` (tarjama.lang.propernames) is looked for in `mt`, in this order: an
established Arabic form from the gazetteer (or a derived word: "الأمريكي" for US); a copy
left in Latin script (the `untranslated` check's flag, but still a rendering); an Arabic word
whose consonant skeleton (tarjama.lang.romanise) equals the name's, under any accepted
transliteration convention; an Arabic word whose skeleton is close to it — a misspelling
("هاكان فيان" for Hakan Fidan). Close words count only next to another word of the same name
that does match ("هاكان"), or, for a one-word name, when they are very close; this keeps
ordinary Arabic words from passing for misspelt names. A name written exactly but glued to a
neighbouring word ("غايغرفي") or split in two ("وايت هول") is found, not misspelt. A gazetteer
name of several words is also compared word by word: its form with one word misspelt ("شي
جين بينع", "محمود عياش") is flagged with the accepted form as the suggestion.

Each problem says what it rests on (`NameProblem.basis`), so that the check can ask the
English named-entity model what the name is only where that decides the flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process

from tarjama.checks.base import CheckOptions
from tarjama.lang.arabicnames import (
    MtIndex,
    clitic_length,
    closeness,
    comparable_form,
    convention_form,
    distinct_consonants,
    glued_span,
    keeps_waw,
    near_windows,
    reading,
    variant_keys,
    variants,
    vowel_fix,
    without_article,
    word_forms,
    words_skeleton,
)
from tarjama.lang.propernames import (
    CONNECTORS,
    GazetteerEntry,
    SourceName,
    Word,
    fold,
    load_gazetteer,
    source_names,
)
from tarjama.lang.romanise import Skeleton, arabic_skeleton, romanise

PERSIAN_CHARS = "\u06cc\u06a9\u06af\u0686\u067e\u0698"  # ی ک گ چ پ ژ
PERSIAN_LETTERS = re.compile(f"[{PERSIAN_CHARS}]")
ATTACHED_ARTICLES = frozenset({"al", "el"})  # written onto the next word in Arabic (الحية)
ARABIC_LETTER_RUN = re.compile(r"[\u0621-\u064A]+")
LATIN_LETTER_RUN = re.compile(r"[A-Za-z\u00C0-\u024F]+")


class NameOptions(CheckOptions):
    """Options shared by the two name checks (both read the same analysis)."""

    gazetteer: str = "names.en-ar.yaml"
    """Bare name (in tarjama/resources/lexicons/) or path of the gazetteer of established Arabic forms."""
    min_similarity: float = 60.0
    """Skeleton similarity (0–100) from which a word beside a matched word is a misspelling."""
    min_similarity_alone: float = 80.0
    """The same for a one-word name, with no matched neighbour to vouch for it."""
    omissions: bool = True
    """Flag source names that have no rendering at all (conservatively; see `_omission`)."""
    inserted_vowels: bool = True
    """Flag (minor) a long vowel letter where the source name has no vowel ("كيسليتيسيا")."""


class Rendering(NamedTuple):
    """How one source name word (or gazetteer name) is written at one place in `mt`."""

    key: str  # the source word, folded, or the gazetteer entry's key
    source_span: tuple[int, int]
    span: tuple[int, int]
    text: str
    form: str  # for comparison: normalised, without a leading ال; Latin folded
    latin: bool
    established: bool  # a gazetteer form
    skeleton: str


KNOWN, VOUCHED, ALONE = "known", "vouched", "alone"
"""What a name problem rests on: the gazetteer knows the name (KNOWN); another word of the
name is transliterated correctly beside the misspelt one (VOUCHED); or nothing but the
closeness of one Arabic word, or the absence of any (ALONE): then only a person or a place,
which Arabic writes by its sound, is flagged."""


class NameProblem(NamedTuple):
    """A name flag, before it is attached to a segment."""

    category: str
    severity: str
    span: tuple[int, int] | None
    source_span: tuple[int, int]
    message: str
    suggestion: str | None = None
    basis: str = KNOWN
    judged_span: tuple[int, int] | None = None  # the source words at issue (default: all)


class NameAnalysis(NamedTuple):
    """Every rendering of the source's names in `mt`, and the problems found."""

    renderings: tuple[Rendering, ...]
    problems: tuple[NameProblem, ...]
    name_words: tuple[str, ...]  # the words that `src` uses as (non-gazetteer) names
    # Words that open a sentence in `src` and were not taken for names there (nothing else
    # said so): only these can become names when the document knows them.
    doubtful: tuple[str, ...] = ()


def analyse(
    src: str, mt: str, bt: str | None, options: NameOptions, known: frozenset[str] = frozenset()
) -> NameAnalysis:
    """Every source name's rendering in `mt`, and what is wrong with it.

    `known`: words the rest of the document uses as names (see propernames.source_names).
    """
    gazetteer = load_gazetteer(options.gazetteer)
    doubtful: set[str] = set()
    names = source_names(src, gazetteer, known, doubtful)
    words = tuple(
        {
            word.text: None
            for name in names
            if None in name.entries  # most have none
            for word, entry in zip(name.words, name.entries, strict=True)
            if entry is None
        }
    )
    if not names or not mt or mt.isspace() or _persian(mt) or _run_together(mt):
        return NameAnalysis((), (), words, tuple(doubtful))  # (wrong-language's business)
    index = MtIndex(mt)
    renderings: list[Rendering] = []
    problems: list[NameProblem] = []
    for name in names:
        if not _find(name, index, options, renderings, problems) and options.omissions:
            problems.extend(_omission(name, index, bt))
    return NameAnalysis(tuple(renderings), tuple(problems), words, tuple(doubtful))


def _find(
    name: SourceName,
    index: MtIndex,
    options: NameOptions,
    renderings: list[Rendering],
    problems: list[NameProblem],
) -> bool:
    """Look for one source name in `mt`; add its renderings and problems. True when it is
    rendered somewhere (however well).

    A gazetteer name found whole in an established form needs no `_NameFinder`.
    """
    entry = name.entry
    if entry is not None and _established_whole(entry, name.span, index, renderings):
        return True
    finder = _NameFinder(name, index, options)
    found = finder.find()
    renderings.extend(finder.renderings)
    problems.extend(finder.problems)
    return found


def _established_whole(
    entry: GazetteerEntry, span: tuple[int, int], index: MtIndex, renderings: list[Rendering]
) -> bool:
    """The gazetteer name in one of its established forms (a rendering), or as a derived word
    ("الأمريكي" for US: no rendering)."""
    match = entry.forms_search(index.mt, index.norm)
    if match is not None:
        start, end = match.span(1)
        text = index.mt[start:end]
        renderings.append(
            Rendering(
                entry.key,
                span,
                (start, end),
                text,
                comparable_form(text),
                latin=False,
                established=True,
                skeleton=words_skeleton(text),
            )
        )
        return True
    return entry.stems_search(index.mt, index.norm) is not None


def _exact_hits(word: str, index: MtIndex) -> list[tuple[int, int]]:
    """The spans of the Arabic words with the skeleton of non-gazetteer source `word`, sorted,
    less those that are frequent Arabic words."""
    return index.hits(variant_keys(word, None), keeps_waw(word), names_only=True)


def _run_together(mt: str) -> bool:
    """Whether `mt` lost most of its spaces (one long word after another: the punctuation
    check's flag): its words cannot be told apart, so neither can its names."""
    parts = mt.split()
    return len(mt) > 40 and len(mt) / max(len(parts), 1) > 14


def _persian(mt: str) -> bool:
    """Three or more letters that Persian has and Arabic lacks (a plain `in` test first: most
    translations have none)."""
    return any(ch in mt for ch in PERSIAN_CHARS) and len(PERSIAN_LETTERS.findall(mt)) >= 3


@dataclass
class _WordMatch:
    """Where one source word was found in `mt`: an Arabic span, or a Latin copy."""

    word: Word
    entry: GazetteerEntry | None
    variants: tuple[Skeleton, ...] = ()
    span: tuple[int, int] | None = None
    latin_span: tuple[int, int] | None = None
    similarity: float = 100.0
    established: bool = False


class _NameFinder:
    """Looks for one source name in the translation; collects renderings and problems."""

    def __init__(self, name: SourceName, index: MtIndex, options: NameOptions) -> None:
        self.name = name
        self.entry = name.entry  # the whole name's gazetteer entry, if any
        self.index = index
        self.options = options
        self.renderings: list[Rendering] = []
        self.problems: list[NameProblem] = []

    def find(self) -> bool:
        """True when the name is rendered somewhere (however well). The gazetteer's forms of
        the whole name have been looked for already (`_find`)."""
        entry = self.entry
        if entry is not None and self._established_near(entry):
            return True
        matches = [
            _WordMatch(word, entry, variants(word.text, entry))
            for word, entry in zip(self.name.words, self.name.entries, strict=True)
            if word.text.lower() not in ATTACHED_ARTICLES
        ]
        if len(matches) > 1:
            self._established_words(matches)
        if self._latin_copy(matches):
            self._record_latin(matches)
            return True
        self._exact(matches)
        self._near_neighbours(matches)
        if len(matches) == 1 and matches[0].span is None and matches[0].latin_span is None:
            self._alone(matches[0])
        self._record_latin([m for m in matches if m.latin_span is not None])
        found = [m for m in matches if m.span is not None]
        if found:
            self._record(found)
        return bool(found) or any(m.latin_span is not None for m in matches)

    # -- gazetteer forms -------------------------------------------------------------------
    def _established_near(self, entry: GazetteerEntry) -> bool:
        """An established form of several words written with one word misspelt ("شي جين بينع"
        for شي جين بينغ): the other words equal, that one close in skeleton, same first sound."""
        for form, parts in entry.form_parts:
            if sum(part in self.index.norm for part in parts) < len(parts) - 1:
                continue  # a cheap pre-test: all words but one must be there
            for i, k in near_windows(self.index.tokens, parts, self.options.min_similarity):
                words = self.index.words
                first = words[i]
                start = first.start + (clitic_length(first.text, parts[0]) if k else 0)
                span = (start, words[i + len(parts) - 1].end)
                text = self.index.mt[span[0] : span[1]]
                self.renderings.append(
                    Rendering(
                        entry.key,
                        self.name.span,
                        span,
                        text,
                        comparable_form(text),
                        latin=False,
                        established=False,
                        skeleton=words_skeleton(text),
                    )
                )
                wrong = words[i + k].text
                self.problems.append(self._near_form_problem(span, wrong, parts[k], form))
                return True
        return False

    def _near_form_problem(
        self, span: tuple[int, int], wrong: str, part: str, form: str
    ) -> NameProblem:
        """The problem of an established form with word `wrong` in place of `part`: a
        house-style note (minor) when the two differ only as transliteration conventions do
        (جونج / جونغ: g as ج or غ), a misspelling (major) otherwise."""
        if convention_form(wrong) == convention_form(part):
            return NameProblem(
                "name-transliteration",
                "minor",
                span,
                self.name.span,
                f"'{wrong}' follows another convention than the usual form of "
                f"{self.name.text}, '{form}'",
                form,
            )
        return NameProblem(
            "name-transliteration",
            "major",
            span,
            self.name.span,
            f"'{wrong}' (≈{romanise(wrong)}) misspells {self.name.text}, which Arabic news "
            f"writes '{form}'",
            form,
        )

    def _established_words(self, matches: list[_WordMatch]) -> None:
        """Words of a longer name that the gazetteer knows ("Putin" in "Vladimir Putin")."""
        for m in matches:
            found = (
                m.entry.forms_search(self.index.mt, self.index.norm)
                if m.entry is not None
                else None
            )
            if found is not None:
                m.span, m.established = found.span(1), True

    # -- Latin copies, exact and near skeletons ----------------------------------------------
    def _latin_copy(self, matches: list[_WordMatch]) -> bool:
        """Mark words left in Latin script; True when the whole name is ("Heorhii Tykhii")."""
        latin = self.index.latin
        if not latin:
            return False
        for m in matches:
            if m.span is None:
                m.latin_span = latin.get(fold(m.word.text))
        return all(m.latin_span is not None for m in matches)

    def _exact(self, matches: list[_WordMatch]) -> None:
        """Arabic words with the same skeleton as a source word.

        Where a word has several, the one nearest the other words of the name wins, so that
        "Marco" in "Marco Rubio" is ماركو beside روبيو, not the أمريكي of "US" before it.
        """
        candidates = [self._hits(m) for m in matches]
        for i, (m, hits) in enumerate(zip(matches, candidates, strict=True)):
            if len(hits) < 2:  # none, or one: nothing to choose
                m.span = hits[0] if hits else m.span
                continue
            others = [h[0] for j, hs in enumerate(candidates) if j != i for h in hs]
            others += [o.span[0] for o in matches if o is not m and o.span is not None]
            if others:
                m.span = min(hits, key=lambda h: min(abs(h[0] - o) for o in others))
            elif len(hits) > 1 and len(matches) > 1:
                m.span = max(hits, key=lambda h: self._neighbour_likeness(matches, i, h))
            else:
                m.span = min(hits, key=lambda h: self._variant_rank(m, h))

    def _variant_rank(self, m: _WordMatch, hit: tuple[int, int]) -> int:
        """Which of the word's variants (best first) the Arabic word at `hit` spells: John is
        جون (its English reading) before هجان (Spanish j with Ukrainian h)."""
        consonants = arabic_skeleton(self.index.mt[hit[0] : hit[1]]).consonants
        return next(
            (rank for rank, v in enumerate(m.variants) if v.consonants == consonants),
            len(m.variants),
        )

    def _neighbour_likeness(self, matches: list[_WordMatch], i: int, hit: tuple[int, int]) -> float:
        """How much the Arabic words around `hit` look like the name's other words."""
        position = self.index.word_at(hit[0])
        total = 0.0
        for j, other in enumerate(matches):
            near = position + (j - i)
            if j != i and 0 <= near < len(self.index.words):
                total += max(
                    fuzz.ratio(v.consonants, skel.consonants)
                    for v in other.variants
                    for _, skel in word_forms(self.index.words[near].text)
                )
        return total

    def _hits(self, m: _WordMatch) -> list[tuple[int, int]]:
        if m.span is not None or m.latin_span is not None:
            return []
        if m.entry is None:
            return _exact_hits(m.word.text, self.index)
        return self.index.hits(
            variant_keys(m.word.text, m.entry), keeps_waw(m.word.text), names_only=True
        )

    def _near_neighbours(self, matches: list[_WordMatch]) -> None:
        """A word next to a matched word of the same name, close in skeleton: a misspelling."""
        for i, m in enumerate(matches):
            if m.span is not None or m.latin_span is not None:
                continue
            for j, other in enumerate(matches):
                if other.span is None or other.similarity < 100:
                    continue
                word = self.index.word_beside(other.span[0], i - j)
                if word is not None:
                    self._try_word(m, word, self.options.min_similarity)
                if m.span is not None:
                    break

    def _alone(self, m: _WordMatch) -> None:
        """A one-word name with no exact match: the closest Arabic word, if very close."""
        if not m.variants or len(m.variants[0].consonants) < 3:
            return
        positions, choices = self.index.forms
        cutoff = self.options.min_similarity_alone
        # Variants with the same consonants find the same word: each is looked for once.
        # Short ones (two consonants: الصين is SN) come close to too many words.
        distinct = [c for c in distinct_consonants(m.word.text, m.entry) if len(c) >= 3]
        if self._glued_anywhere(m, distinct):
            return
        candidates = []  # (similarity, consonants, position): the closest word first
        for consonants in distinct:
            best = process.extractOne(consonants, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
            if best is not None:
                candidates.append((best[1], consonants, positions[best[2]]))
        for _, consonants, position in sorted(candidates, reverse=True):
            read_as = reading(self.index.tokens[position], consonants, cutoff)
            if read_as[:1] == consonants[:1]:
                self._try_word(m, self.index.words[position], cutoff)
                if m.span is not None:
                    return

    def _split(self, word: Word, m: _WordMatch) -> tuple[int, int] | None:
        """The span of `word` and a neighbour when together they spell source word `m`
        exactly: a compound written as two words (Whitehall: وايت هول, Bestwood: بيست وود)."""
        keys = variant_keys(m.word.text, m.entry)
        for first, second in (
            (self.index.word_beside(word.start, -1), word),
            (word, self.index.word_beside(word.start, 1)),
        ):
            if first is None or second is None or first.end > second.start:
                continue
            if any(skel.consonants in keys for _, skel in word_forms(first.text + second.text)):
                return first.start, second.end
        return None

    def _glued_anywhere(self, m: _WordMatch, distinct: list[str]) -> bool:
        """Find a one-word name written exactly but glued to a neighbour (`glued_span`) in any
        Arabic word whose skeleton contains its own."""
        positions, choices = self.index.forms
        for position, choice in zip(positions, choices, strict=True):
            if any(consonants in choice and consonants != choice for consonants in distinct):
                glued = glued_span(self.index.words[position], m.word.text, m.entry)
                if glued is not None:
                    m.span, m.similarity = glued, 100.0
                    return True
        return False

    def _try_word(self, m: _WordMatch, word: Word, threshold: float) -> None:
        glued = glued_span(word, m.word.text, m.entry) or self._split(word, m)
        if glued is not None:  # the name, exactly, with a neighbour glued on or split in two
            m.span, m.similarity = glued, 100.0
            return
        close = closeness(word.text, m.word.text, m.entry)
        if close is not None and close[0] >= threshold:
            m.span, m.similarity = (word.start + close[1], word.end), close[0]

    # -- results -----------------------------------------------------------------------------
    def _record_latin(self, matches: list[_WordMatch]) -> None:
        for m in matches:
            start, end = m.latin_span  # type: ignore[misc]
            text = self.index.mt[start:end]
            self.renderings.append(
                Rendering(
                    self._key(m),
                    (m.word.start, m.word.end),
                    (start, end),
                    text,
                    fold(text),
                    latin=True,
                    established=False,
                    skeleton="",
                )
            )

    def _record(self, found: list[_WordMatch]) -> None:
        for m in found:
            text = self._arabic_text(m)
            span: tuple[int, int] = m.span  # type: ignore[assignment]  # found: never None
            self.renderings.append(
                Rendering(
                    self._key(m),
                    (m.word.start, m.word.end),
                    span,
                    text,
                    comparable_form(text),
                    latin=False,
                    established=m.established,
                    skeleton=arabic_skeleton(text).consonants,
                )
            )
        issues = [(m, kind) for m in found if (kind := self._issue(m)) is not None]
        if issues:
            self.problems.append(self._problem(found, issues))

    def _issue(self, m: _WordMatch) -> str | None:
        """What is wrong with one rendered word, if anything.

        divergent: a close but different skeleton (major); unestablished: a transliteration
        where Arabic has its own form, كايرو for القاهرة (major); variant: an unlisted
        spelling of an established form, ستارمير for ستارمر (minor); vowel: an inserted vowel
        letter (minor).
        """
        if m.similarity < 100:
            return "divergent"
        if m.entry is not None and not self._whole_entry(m):
            if m.established or self._given_name(m):
                return None
            skeleton = arabic_skeleton(self._arabic_text(m)).consonants
            same = any(arabic_skeleton(form).consonants == skeleton for form in m.entry.forms)
            return "variant" if same else "unestablished"
        if self.options.inserted_vowels and self._vowel_fix(m) is not None:
            return "vowel"
        return None

    def _problem(
        self, found: list[_WordMatch], issues: list[tuple[_WordMatch, str]]
    ) -> NameProblem:
        """One flag over the whole rendered name, saying what is wrong with which word."""
        start = min(m.span[0] for m in found)  # type: ignore[index]
        end = max(m.span[1] for m in found)  # type: ignore[index]
        reasons, fixes = [], []
        for m, kind in issues:
            text = self._arabic_text(m)
            fix = self._established_fix(m) if m.entry is not None else self._vowel_fix(m)
            fixes.append((m, fix if kind != "divergent" or m.entry is not None else None))
            reasons.append(_reason(kind, text, m.word.text, fix))
        if self.entry is not None and len(self.name.words) > 1:
            fixes = [(m, None) for m, _ in fixes]  # which word of the form is which: unknown
        severity = "minor" if all(kind in ("vowel", "variant") for _, kind in issues) else "major"
        return NameProblem(
            "name-transliteration",
            severity,
            (start, end),
            self.name.span,
            "; ".join(reasons),
            _apply_fixes(self.index.mt, start, end, fixes),
            self._basis(found, [m for m, _ in issues]),
            (issues[0][0].word.start, issues[-1][0].word.end),
        )

    def _basis(self, found: list[_WordMatch], wrong: list[_WordMatch]) -> str:
        """KNOWN when the gazetteer knows the name or a misspelt word of it; VOUCHED when a
        word of the name beside them is written exactly; else ALONE."""
        if self.entry is not None or any(m.entry is not None for m in wrong):
            return KNOWN
        if any(m.similarity == 100 and m not in wrong for m in found):
            return VOUCHED
        return ALONE

    def _established_fix(self, m: _WordMatch) -> str:
        """The gazetteer's first form, to replace `m`'s span: without its article when the
        span leaves the article of the translation out (ال + سيبي → سيسي)."""
        form = m.entry.forms[0]  # type: ignore[union-attr]
        start = m.span[0]  # type: ignore[index]
        if self.index.mt[max(0, start - 2) : start] == "ال":
            return without_article(form)
        return form

    def _vowel_fix(self, m: _WordMatch) -> str | None:
        """The word without a vowel letter it inserts, or None when it inserts none."""
        return vowel_fix(self._arabic_text(m), m.word.text, m.entry)

    def _arabic_text(self, m: _WordMatch) -> str:
        return self.index.mt[m.span[0] : m.span[1]]  # type: ignore[index]

    def _key(self, m: _WordMatch) -> str:
        if m.entry is None or self._whole_entry(m) or self._given_name(m):
            return fold(m.word.text)
        return m.entry.key

    def _given_name(self, m: _WordMatch) -> bool:
        """Whether `m` is a gazetteer word that opens a person's name of other words: a
        given name that is also a place (Israel Katz, Jordan Bardella), which Arabic writes
        by its sound (يسرائيل كاتس، جوردان بارديلا), not as the place (إسرائيل، الأردن)."""
        words, entries = self.name.words, self.name.entries
        return (
            len(words) > 1
            and m.word is words[0]
            and m.entry is entries[0]
            and all(entry is None for entry in entries[1:])
        )

    def _whole_entry(self, m: _WordMatch) -> bool:
        """Whether `m` is one word of a name of several words that the gazetteer knows whole
        (Mahmoud of Mahmoud Abbas): that name's forms were looked for whole and near
        (`_established_near`), so the word is compared by sound alone."""
        return len(self.name.words) > 1 and m.entry is self.entry


def _reason(kind: str, text: str, word: str, fix: str | None) -> str:
    """What `NameProblem.message` says about one word's issue (`_NameFinder._issue`)."""
    if kind == "divergent":
        return f"'{text}' (≈{romanise(text)}) does not spell {word}"
    if kind == "unestablished":
        return f"'{text}' transliterates {word}, which Arabic news writes '{fix}'"
    if kind == "variant":
        return f"'{text}' is an unusual spelling of {word}; Arabic news writes '{fix}'"
    return f"'{text}' adds a vowel letter that {word} does not have"


def _apply_fixes(
    mt: str, start: int, end: int, fixes: list[tuple[_WordMatch, str | None]]
) -> str | None:
    """`mt[start:end]` with each fixed word replaced; None if any word has no fix."""
    if any(fix is None for _, fix in fixes):
        return None
    text = mt[start:end]
    for m, fix in sorted(fixes, key=lambda item: -item[0].span[0]):  # type: ignore[index]
        s, e = m.span[0] - start, m.span[1] - start  # type: ignore[index]
        text = text[:s] + fix + text[e:]  # type: ignore[operator]
    return text


def _searchable(name: SourceName) -> bool:
    """Whether every word of `name` (connectors aside) can be looked for in Arabic: a
    gazetteer word, or one with a skeleton of two consonants or more. Not finding a word of
    short syllables ("Ayr", "Lee Jae" of Lee Jae-myung: R; L, J) is no evidence that the name
    is missing."""
    return all(
        entry is not None or variant_keys(word.text, entry)
        for word, entry in zip(name.words, name.entries, strict=True)
        if word.text.lower() not in CONNECTORS
    )


def _omission(name: SourceName, index: MtIndex, bt: str | None) -> list[NameProblem]:
    """A name with no rendering at all, flagged only when the evidence is strong.

    Without a back-translation, only names of two or more words that the gazetteer does not
    know or knows as a person's (people, mostly: a surname alone may have become a pronoun, a
    capital the country's name), and only when some word of them could be looked for
    (`_searchable`). With one, any name that the back-translation lacks too. Never when the
    output is mostly not Arabic (the wrong-language check's business).
    """
    if sum(ch.isalpha() for ch in name.text) < 3:
        return []
    if bt is not None:
        folded_bt = fold(bt)
        if any(fold(w.text) in folded_bt for w in name.words):
            return []
    elif (
        len(name.words) < 2
        or not _searchable(name)
        or name.entry is not None
        and not name.entry.person
    ):
        return []
    # Fewer Arabic letters than Latin ones (or no letters): mostly not Arabic.
    mt = index.mt
    arabic = len("".join(ARABIC_LETTER_RUN.findall(mt)))
    if arabic < len("".join(LATIN_LETTER_RUN.findall(mt))) or not arabic:
        return []
    if _loosely_present(name, index):
        return []
    basis = KNOWN if name.entry is not None else ALONE
    return [
        NameProblem(
            "omission",
            "major",
            None,
            name.span,
            f"{name.text!r} in the source has no rendering in the translation",
            basis=basis,
        )
    ]


LOOSE_SIMILARITY = 75.0
"""Skeleton similarity from which an Arabic word may render a source name word, for the
omission test only: a name written loosely (تومسون for Thompson) is not a missing name."""


def _loosely_present(name: SourceName, index: MtIndex) -> bool:
    """Whether some word of `name` may be in `mt` after all: its skeleton inside an Arabic
    word (glued to a neighbour by a missing space: "الأمريكيمايك"), or a word close to it."""
    _, choices = index.forms
    longer = [choice for choice in choices if len(choice) >= 3]
    for word, entry in zip(name.words, name.entries, strict=True):
        if word.text.lower() in CONNECTORS:
            continue
        for consonants in variant_keys(word.text, entry):
            if len(consonants) < 3:  # two consonants are inside too many words
                if consonants in choices:
                    return True
            elif any(consonants in choice for choice in longer) or process.extractOne(
                consonants, longer, scorer=fuzz.ratio, score_cutoff=LOOSE_SIMILARITY
            ):
                return True
    return False
