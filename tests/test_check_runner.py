"""The check runner: segments leave in order with their flags as soon as their document is
checked, whatever the order of the documents, and the flags equal a whole-dataset run's."""

from __future__ import annotations

import pytest

from tarjama.checks.base import Check
from tarjama.checks.repetition import RepetitionCheck
from tarjama.checks.runner import BLOCK, check_segments, run_checks
from tarjama.data import Dataset, Segment

# "The talks in Istanbul ended less than two hours after they began." twice in a document
# whose sources differ is a repeated sentence (a document flag); once it is not.
SENTENCE = "انتهت المحادثات في إسطنبول بعد أقل من ساعتين من بدايتها."
# "The Ukrainian delegation said the next round would take place in Geneva next month."
OTHER = "وقال الوفد الأوكراني إن الجولة المقبلة ستعقد في جنيف الشهر المقبل."


SOURCES = ("The talks in Istanbul ended less than two hours after they began.",
           "Kyiv's delegation said the next round could be held in Geneva.",
           "Both sides agreed to exchange a thousand prisoners of war each.",
           "Turkey's foreign minister hosted the meeting at Dolmabahce Palace.")


def segment(seg_id: str, doc_id: str, mt: str) -> Segment:
    return Segment(seg_id, doc_id, SOURCES[int(seg_id) % len(SOURCES)], mt)


class Recorder(Check):
    """Records which segments and documents it was given, in order; flags nothing."""

    name = "recorder"
    categories = ()

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def check_segment(self, segment):
        self.calls.append(f"segment {segment.id}")
        return []

    def check_document(self, segments):
        self.calls.append(f"document {segments[0].doc_id}")
        return []


def test_interleaved_documents_keep_segment_order_and_document_flags():
    """Document a's repeated sentence spans segments 0 and 2, with b's segment between."""
    segments = [segment("0", "a", SENTENCE), segment("1", "b", OTHER),
                segment("2", "a", SENTENCE), segment("3", "b", SENTENCE)]
    found = list(check_segments(segments, [RepetitionCheck()]))
    assert [seg.id for seg, _ in found] == ["0", "1", "2", "3"]
    assert [[f.category for f in flags] for _, flags in found] == \
        [[], [], ["repetition"], []]
    alone = run_checks(Dataset([segments[0], segments[2]]), [RepetitionCheck()])
    assert found[2][1] == alone["2"]


def test_a_segment_leaves_once_its_document_is_checked():
    """Two documents of a block each: the first block's segments leave before the second
    block is checked."""
    segments = [segment(f"{i}", f"d{i // BLOCK}", OTHER) for i in range(2 * BLOCK)]
    recorder = Recorder()
    stream = check_segments(segments, [recorder])
    first, _ = next(stream)
    assert first.id == "0"
    assert recorder.calls[-2:] == [f"segment {BLOCK - 1}", "document d0"]
    rest = [seg.id for seg, _ in stream]
    assert rest == [str(i) for i in range(1, 2 * BLOCK)]
    assert recorder.calls[-1] == "document d1"


@pytest.mark.parametrize("order", ["grouped", "interleaved"])
def test_every_document_is_checked_once_with_all_its_segments(order):
    n = BLOCK + 10
    doc_of = (lambda i: f"d{i // 3}") if order == "grouped" else (lambda i: f"d{i % 3}")
    segments = [segment(str(i), doc_of(i), OTHER) for i in range(n)]
    recorder = Recorder()
    assert [seg.id for seg, _ in check_segments(segments, [recorder])] == \
        [str(i) for i in range(n)]
    documents = [call for call in recorder.calls if call.startswith("document")]
    assert sorted(documents) == sorted({f"document {doc_of(i)}" for i in range(n)})
