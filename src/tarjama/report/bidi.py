"""Latin-script runs inside right-to-left text, isolated so that each reads left to right.

A browser orders a Latin word inside Arabic correctly as long as the word is one run of
text. Cut into separate inline boxes (a highlight, an isolate around part of it) it is not:
"Erdoğan" showed as "ğanErdo", "U.S." as "S.U". And neutral joiners take the paragraph's
direction, so URLs, e-mail addresses and abbreviations need an isolate around the whole of
them. `LATIN_RUN` finds those runs: Latin words (with diacritics), with the digits and the
punctuation that join them ("U.S.", "F-16", "https://example.org/a?b=1", "a@b.org") and the
spaces between Latin words ("Rustem Umerov"), but not a sentence's closing punctuation.

The pattern is written in the syntax Python's `re` and JavaScript's RegExp share; the page
embeds it in its data, so report.js isolates the same runs as the server-rendered HTML.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from tarjama.textsafety import visible_controls

_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_WORD_TAIL = f"[{_LATIN}\u0300-\u036f0-9]*"
_LATIN_WORD = f"[0-9]*[{_LATIN}]{_WORD_TAIL}"  # has a Latin letter: "Erdoğan", "5G"
_ANY_WORD = f"[{_LATIN}0-9]{_WORD_TAIL}"  # may be digits only, after a joiner: "F-16"
_ABBREVIATION = f"(?:[{_LATIN}]\\.){{2,}}"  # "U.S.", "e.g."
_JOINER = "[-./:@_+&%#?=~'\u2019]+"
LATIN_RUN_PATTERN = (
    f"[@#]?(?:{_ABBREVIATION}|{_LATIN_WORD})"
    f"(?:{_JOINER}(?:{_ABBREVIATION}|{_ANY_WORD})"
    f"| +(?:{_ABBREVIATION}|{_LATIN_WORD}))*/?"
)
LATIN_RUN = re.compile(LATIN_RUN_PATTERN)


def latin_runs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each Latin-script run in `text`."""
    return [m.span() for m in LATIN_RUN.finditer(text)]


def isolated(text: object, rtl: bool) -> Markup:
    """Escaped `text` with bidi controls shown; in RTL text each Latin run in <bdi dir="ltr">."""
    text = visible_controls(text)
    if not rtl:
        return escape(text)
    parts, last = [], 0
    for start, end in latin_runs(text):
        parts.append(escape(text[last:start]))
        parts.append(Markup('<bdi dir="ltr">%s</bdi>') % text[start:end])
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
