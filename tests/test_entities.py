"""English named entities for the checks: kinds, offsets, and a clear error for a missing model."""

from __future__ import annotations

import pytest

from tarjama.checks.prepared import PreparedSegment
from tarjama.data import Segment
from tarjama.errors import ModelNotFoundError
from tarjama.lang.entities import PERSON, PLACE, EntityTagger

SRC = "Turkish Foreign Minister Hakan Fidan met the delegations in Istanbul on Friday."


def test_people_and_places_are_tagged_with_their_offsets() -> None:
    entities = EntityTagger().entities(SRC)
    found = {(e.kind, e.text) for e in entities}
    assert (PERSON, "Hakan Fidan") in found and (PLACE, "Istanbul") in found
    assert all(SRC[e.start : e.end] == e.text for e in entities)
    assert not any(e.text == "Friday" for e in entities)  # dates are the number check's


def test_a_missing_model_is_one_clear_error() -> None:
    tagger = EntityTagger("no_such_spacy_pipeline")
    with pytest.raises(ModelNotFoundError) as caught:
        tagger.ensure_available()
    message = str(caught.value)
    assert "no_such_spacy_pipeline" in message and "pip install" in message
    assert "\n" not in message


def test_a_prepared_segment_tags_once_and_only_when_asked() -> None:
    calls: list[str] = []

    class CountingTagger(EntityTagger):
        def _tag(self, text: str):  # type: ignore[override]
            calls.append(text)
            return super()._tag(text)

    # "Hakan Fidan met Rustem Umerov." / وزير الخارجية التركي هاكان فيدان التقى رستم عمروف.
    segment = Segment(
        id="1",
        doc_id="d",
        src="Hakan Fidan met Rustem Umerov.",
        mt="التقى هاكان فيدان رستم عمروف.",
        bt="Hakan Fidan met Rustem Umerov.",
    )
    prepared = PreparedSegment(segment, CountingTagger())
    assert prepared.mt == segment.mt and calls == []
    assert prepared.src_entities == prepared.src_entities
    assert calls == [segment.src]  # src and bt are the same text: tagged once
    assert prepared.bt_entities == prepared.src_entities and calls == [segment.src]


def test_check_ready_finds_an_installed_model_without_loading_it() -> None:
    EntityTagger().check_ready()
    with pytest.raises(ModelNotFoundError, match="no_such_spacy_pipeline"):
        EntityTagger("no_such_spacy_pipeline").check_ready()


def test_a_run_with_a_missing_entity_model_stops_before_any_work(cli, tmp_path, sample_dir) -> None:
    """`tarjama validate` and `tarjama run` say so at once, in one line, exit 2."""
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        f"name: missing-ner\ndata:\n  src: {sample_dir / 'src.en.txt'}\n"
        f"  mt: {sample_dir / 'mt.ar.txt'}\n  bt: {sample_dir / 'bt.en.txt'}\n"
        "metrics: [roundtrip.bleu]\nentities: {model: no_such_spacy_pipeline}\n",
        encoding="utf-8",
    )
    for args in (("validate", suite), ("run", suite, "--out", tmp_path / "run", "-q")):
        result = cli(*args)
        assert result.code == 2
        assert "no_such_spacy_pipeline" in result.err and len(result.err.splitlines()) == 1
    assert not (tmp_path / "run").exists()
