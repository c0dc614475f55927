"""The translation index's neighbour lookup (tarjama.checks.names.MtIndex.word_beside), which
reads the words around a position instead of splitting the whole translation, against the
plain computation `words[word_at(position) + steps]`, at every position of the annotated set's
translations (also with other spacing) and of a few edge cases."""

from __future__ import annotations

from pathlib import Path

from tarjama.checks.evaluation import load_cases
from tarjama.checks.names import MtIndex

CASES = Path(__file__).resolve().parents[1] / "data" / "annotated" / "checks.en-ar.jsonl"

MTS = [case.mt for case in load_cases(CASES)]
MTS += [mt.replace(" ", "  ").replace("،", " ، ") for mt in MTS]
MTS += [
    # "The American envoy Steve Witkoff (ستيف ويتكوف) met Putin in Moscow."
    "التقى المبعوث الأمريكي Steve Witkoff (ستيف ويتكوف) ببوتين في موسكو.",
    "وقال  زيلينسكي\tلـ«رويترز»:\nإن كييف لن تتنازل.",  # "Zelensky told Reuters: Kyiv won't yield."
    "بوتين",  # "Putin": one word, nothing around it
    "«بوتين»",  # the same in quotation marks
    "", " ", "Reuters", "123 Reuters",
]


def _plain(index: MtIndex, position: int, steps: int):
    near = index.word_at(position) + steps
    return index.words[near] if 0 <= near < len(index.words) else None


def test_word_beside_agrees_with_the_word_index():
    compared = 0
    for mt in MTS:
        index = MtIndex(mt)
        for position in range(len(mt) + 2):
            for steps in (-3, -2, -1, 0, 1, 2, 3):
                assert index.word_beside(position, steps) == _plain(index, position, steps), (
                    mt, position, steps)
                compared += 1
    assert compared > 100_000

