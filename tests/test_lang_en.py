"""English facts the checks share: sentences, acronyms, headlines, words said twice."""

from __future__ import annotations

import pytest

from tarjama.lang import ar, en


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Talks ended. They will resume.", ["Talks ended.", "They will resume."]),
        ('He said: "We agreed." Then he left.', ['He said: "We agreed."', "Then he left."]),
        (
            "Mr. Fidan met Dr. Medinsky in the U.S. Embassy.",
            ["Mr. Fidan met Dr. Medinsky in the U.S. Embassy."],
        ),
        ("J. D. Vance spoke. Nobody replied!", ["J. D. Vance spoke.", "Nobody replied!"]),
        ("Inflation hit 3.5 percent. Prices rose.", ["Inflation hit 3.5 percent.", "Prices rose."]),
        (
            "The U.K. stayed. Did the E.U. agree? Yes.",
            ["The U.K. stayed.", "Did the E.U. agree?", "Yes."],
        ),
        (
            "They met on Oct. 5 in Geneva. Talks went on.",
            ["They met on Oct. 5 in Geneva.", "Talks went on."],
        ),
        ("One sentence, no full stop", ["One sentence, no full stop"]),
        ("", []),
    ],
)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in en.sentence_spans(text)] == sentences


def test_acronyms() -> None:
    assert en.acronyms("CNN, the BBC and U.S. officials met NATO; MSNBC's CEOs did not.") == [
        "CNN",
        "BBC",
        "US",
        "NATO",
        "MSNBC",
        "CEO",
    ]
    assert en.acronyms("A man in Kyiv said I was right.") == []


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Volcano spews ash on Mexico City", True),
        ("Indonesia Tsunami Toll Soars Above 800.", True),
        ("Kanye West: Rapper changes his name to Ye", True),
        ("The volcano spewed ash on Mexico City.", False),
        ('"We will resume talks," he said.', False),
        ("Daniel Sturridge saved Liverpool from a loss to Chelsea.", False),
    ],
)
def test_is_headline(text: str, headline: bool) -> None:
    assert en.is_headline(text) is headline


def test_repeated_words() -> None:
    assert en.repeated_words("Sirhan Sirhan spoke in Walla Walla and Baden-Baden.") == [
        "Sirhan",
        "Walla",
        "Baden",
    ]
    assert en.repeated_words("It was very, very cold.") == ["very"]
    assert en.repeated_words("It was very cold, very.") == []


def test_arabic_sentence_spans() -> None:
    # "The talks ended. Will they resume? Yes." and a line break
    text = "انتهت المحادثات. هل ستُستأنف؟ نعم.\nإسطنبول"
    assert [text[s:e] for s, e in ar.sentence_spans(text)] == [
        "انتهت المحادثات.",
        "هل ستُستأنف؟",
        "نعم.",
        "إسطنبول",
    ]


def test_arabic_letter_names() -> None:
    assert ar.normalise("إن") in ar.letter_names("N")
    assert ar.letter_names("P") & ar.letter_names("B") == {"بي"}  # PBS → بي بي إس
    assert ar.letter_names("?") == frozenset()
