"""Untrusted text on terminals, in logs and in summary.md: escapes stripped, mentions and links inert."""

from __future__ import annotations

import json

import pytest

from tarjama.textsafety import WORD_JOINER, markdown_text, strip_escapes, terminal_text, xml_text

WJ = WORD_JOINER

# Each would change what a terminal shows if printed raw.
ESCAPES = (
    "\x1b[2J\x1b[H",  # CSI: clear the screen, cursor home
    "\x1b[31;1m",  # CSI: bold red
    "\x1b]0;owned\x07",  # OSC: set the window title (BEL-terminated)
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink (ST-terminated)
    "\x9b2K",  # 8-bit CSI: erase the line
    "\x9d0;owned\x9c",  # 8-bit OSC
    "\x1bP+q\x1b\\",  # DCS
    "\x1bc",  # RIS: reset the terminal
)


@pytest.mark.parametrize("escape", ESCAPES)
def test_terminal_text_strips_escape_sequences(escape):
    cleaned = terminal_text(f"روستم {escape}Umerov")  # "Rustem Umerov"
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in cleaned)
    assert cleaned.startswith("روستم ") and cleaned.endswith("Umerov")
    assert "owned" not in cleaned and "evil.example" not in cleaned


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a\tb\nc", "a\tb\nc"),  # tab and newline are layout, not escapes
        ("over\rwrite", "overwrite"),  # a carriage return would overwrite the line
        ("bell\x07 and back\x08space", "bell and backspace"),
        ("\x1b]0;unterminated title", "0;unterminated title"),  # no ESC left to obey
        ("\u202eevil\u202c", "⟦U+202E⟧evil⟦U+202C⟧"),
        ("Erdoğan — إسطنبول", "Erdoğan — إسطنبول"),  # "Istanbul": text itself is untouched
    ],
)
def test_terminal_text(text, expected):
    assert terminal_text(text) == expected


def test_strip_escapes_keeps_bidi_controls_for_callers_that_show_them():
    assert strip_escapes("\x1b[1m\u202eA") == "\u202eA"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("thanks @octocat", f"thanks @{WJ}octocat"),
        ("fixes #123 and group/project!45", f"fixes #{WJ}123 and group/project!{WJ}45"),
        ("see https://evil.example/x", f"see https:{WJ}//evil.example/x"),
        ("or WWW.evil.example", f"or WWW{WJ}.evil.example"),
        ("mail press@example.org", f"mail press@{WJ}example.org"),
        ("label ~urgent, cost $5", f"label \\~{WJ}urgent, cost \\${WJ}5"),
        ("AT&T <b>", f"AT&amp;{WJ}T &lt;b&gt;"),
        ("a | b *c*", "a \\| b \\*c\\*"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("# 1 @ 2", "# 1 @ 2"),  # a sigil before a space is plain text
    ],
)
def test_markdown_text(text, expected):
    assert markdown_text(text) == expected


def test_xml_text_keeps_a_mark_where_a_control_was():
    assert xml_text("bell\x07\x1b[31m red\x85") == "bell\ufffd red\ufffd"


def test_check_listing_prints_no_escapes(cli, tmp_path):
    hostile = "\x1b]8;;https://evil.example/\x07seg\x1b]8;;\x07\x1b[2J"
    data = tmp_path / "data.jsonl"
    # "Turkish President Erdoğan met Rustem Umerov.": the Latin name is left untranslated
    row = {
        "id": hostile,
        "src": "President Erdoğan met Rustem Umerov.",
        "mt": f"التقى الرئيس أردوغان روستم Umerov{hostile}.",
    }
    data.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli("check", data, "--checks", "untranslated")
    # Control characters in the data are an input error, named without being printed.
    assert result.code == 2 and "'id' has the control character U+001B" in result.err
    assert "\x1b" not in result.out + result.err and "evil.example" not in result.out


def test_error_messages_print_no_escapes(cli, tmp_path):
    missing = tmp_path / "run\x1b]0;owned\x07\x1b[2Jdir"
    result = cli("report", missing)
    assert result.code == 2
    assert "run directory not found" in result.err
    assert "\x1b" not in result.err and "\x07" not in result.err
