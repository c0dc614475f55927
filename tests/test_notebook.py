"""notebooks/analysis.ipynb executes against a store of runs the test creates (so it never rots)."""

from __future__ import annotations

import pytest

from tarjama.store import Store

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def parameters_cell(nb):
    return next(cell for cell in nb.cells if "parameters" in cell.metadata.get("tags", []))


def cell_text(cell) -> str:
    """Everything a code cell printed or displayed as text."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.fixture
def executed(tmp_path, repo, history_runs):
    store = tmp_path / "history.db"
    with Store(store) as db:
        for run in history_runs:
            db.record(run)
    nb = nbformat.read(repo / "notebooks" / "analysis.ipynb", as_version=4)
    parameters = parameters_cell(nb)
    parameters.source = (
        f"STORE = {str(store)!r}\nSUITE = 'news-sample'\nMETRIC = 'roundtrip.chrf'\nWORST = 3\n"
    )
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=180, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    return nb


def test_notebook_executes_and_shows_history(executed, history_runs):
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    errors = [
        o for cell in code for o in cell.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert errors == []
    text = "\n".join(cell_text(cell) for cell in code)
    assert "3 runs of 1 suite(s)" in text
    assert "the 3 worst segments by roundtrip.chrf" in text
    latest = history_runs[-1]
    assert f"run {latest.run_id} (v3)" in text
    images = [
        o for cell in code for o in cell.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(images) == 2  # the score trends and the flag categories


def test_notebook_has_a_parameters_cell(repo):
    nb = nbformat.read(repo / "notebooks" / "analysis.ipynb", as_version=4)
    assert "STORE = " in parameters_cell(nb).source
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
