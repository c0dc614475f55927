"""Untrusted text made inert where tarjama shows it: terminals and logs, Markdown, XML, HTML.

Run data (MT output, sources, segment ids, suite and run names, file paths) comes from
outside. Shown raw it could drive a terminal (ESC sequences set titles, hide lines or forge
hyperlinks), reorder a line (bidi controls, as in "Trojan Source"), or become markup,
@mentions and links in a pull-request comment. Every function here returns plain text that
shows the data as written and does nothing else.
"""

from __future__ import annotations

import re

# Bidi embedding/override/isolate controls and marks: shown as visible code points, never obeyed.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

# ECMA-48 sequences, 7-bit (ESC …) and 8-bit (C1) forms: CSI with its parameters, the string
# commands (OSC, DCS, SOS, PM, APC) up to their terminator (BEL or ST), and two-byte escapes.
_ESCAPE_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# What is left of the C0 controls (tab and newline stay), DEL and the C1 controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Markdown: characters with a meaning in (GitHub/GitLab-flavoured) Markdown, escaped with a
# backslash; HTML's three specials as entities.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# References a forge turns into links or notifications: @user, #123, !123, ~label, %milestone,
# $snippet, &epic, user@host e-mails; and bare links (scheme:// and www.). A word joiner after
# the sigil (or the scheme's colon) keeps the text as written but breaks the pattern.
_REFERENCES = re.compile(
    r"[@#!~%$&^](?=\w)|(?i:\b(?:https?|ftp|file|mailto|javascript|data):)"
    r"|(?i:\bwww)(?=\.)"
)
WORD_JOINER = "\u2060"
# Characters XML 1.0 cannot carry at all (ElementTree would write them and break the file),
# plus DEL and the C1 controls, which it can but a log viewer would obey.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def visible_controls(text: object) -> str:
    """Replace bidi control characters by a visible, inert marker such as ⟦U+202E⟧."""
    return BIDI_CONTROLS.sub(lambda m: f"⟦U+{ord(m.group()):04X}⟧", str(text))


def strip_escapes(text: object) -> str:
    """`text` without terminal escape sequences and control characters (tab and newline stay)."""
    return _CONTROLS.sub("", _ESCAPE_SEQUENCES.sub("", str(text)))


def terminal_text(text: object) -> str:
    """Text safe to print to a terminal or a log: no escapes, no controls, bidi controls shown."""
    return visible_controls(strip_escapes(text))


def markdown_text(text: object) -> str:
    """One line of untrusted text as inert Markdown: no markup, no HTML, no mentions or links."""
    text = " ".join(terminal_text(text).split())
    text = _REFERENCES.sub(lambda m: m.group() + WORD_JOINER, text)
    text = "".join(_HTML_SPECIAL.get(ch, ch) for ch in text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def xml_text(text: object) -> str:
    """Text for an XML attribute or element: escapes gone, other controls as U+FFFD."""
    return visible_controls(_XML_INVALID.sub("\ufffd", _ESCAPE_SEQUENCES.sub("", str(text))))
