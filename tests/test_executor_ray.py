"""`tarjama run --executor ray`: the same run as the local executor, on a Ray instance with two
CPUs, on a fake two-node cluster with a GPU declared per node, and with an actor killed mid-run.

The suite back-translates with the tiny Marian model built at test time and scores with the
lexical metrics and the embedded sentence-embedding model; its dataset has three documents,
one of them split in two places, so that batches of four segments cut documents and the
checks must put them back together.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path

import pytest
import yaml

from tarjama.data import Segment
from tarjama.evaluate import RunOptions, evaluate_suite
from tarjama.executors.raydata import (
    document_groups,
    for_actors,
    in_order,
)
from tarjama.suites import load_suite

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "news" / "istanbul-talks"
DOCUMENTS = [
    "talks",
    "talks",
    "talks",
    "exchange",
    "exchange",
    "talks",
    "putin",
    "putin",
    "putin",
    "exchange",
    "putin",
    "putin",
]
"""The doc_id of each of the sample article's 12 paragraphs here: 'talks' and 'exchange' come
back after other documents."""
MODEL_METRIC = "roundtrip.semsim"
NOT_COMPARED = {"run_id", "created", "executor", "backtranslation"}
"""What may differ between two runs of one suite on the same data; the back-translation's
settings are compared without its counters (the Ray actors each count their own)."""


def test_document_groups_keep_every_document_whole():
    segments = [Segment(str(i), doc, "", "") for i, doc in enumerate(DOCUMENTS)]
    groups = document_groups(segments, size=4)
    by_document = {doc: {g for g, d in zip(groups, DOCUMENTS) if d == doc} for doc in DOCUMENTS}
    assert all(len(found) == 1 for found in by_document.values())
    # talks (4 segments) fill the first group; exchange (3) and putin (5) the second
    assert groups == [0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1]


def test_rows_in_any_order_leave_in_index_order():
    arriving = [(2, "c"), (0, "a"), (3, "d"), (1, "b")]
    assert list(in_order(arriving)) == [(0, "a"), (1, "b"), (2, "c"), (3, "d")]
    with pytest.raises(RuntimeError, match="rows missing before index 2"):
        list(in_order([(0, "a"), (2, "c")]))


def write_suite(folder: Path, marian: Path, **ray_section) -> Path:
    """The suite over the sample's paragraphs as three documents, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    src = (SAMPLE / "src.en.txt").read_text(encoding="utf-8").splitlines()
    mt = (SAMPLE / "mt.ar.txt").read_text(encoding="utf-8").splitlines()
    rows = [
        {"id": f"p{i}", "doc_id": doc, "src": s, "mt": m}
        for i, (doc, s, m) in enumerate(zip(DOCUMENTS, src, mt, strict=True))
    ]
    (folder / "data.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    suite = {
        "name": "ray-parity",
        "data": {"path": "data.jsonl"},
        "backtranslation": {
            "engine": "hf",
            "model": str(marian),
            "num_beams": 1,
            "max_new_tokens": 16,
            "threads": 1,
        },
        "metrics": ["roundtrip.bleu", "roundtrip.chrf", "roundtrip.ter", "roundtrip.semsim"],
        "bootstrap": {"resamples": 200},
        "ray": {"batch_size": 4, "num_cpus": 0.5, **ray_section},
    }
    path = folder / "suite.yaml"
    path.write_text(yaml.safe_dump(suite, allow_unicode=True), encoding="utf-8")
    return path


def run_suite(
    suite: Path, out: Path, cache: Path, executor: str = "local", translator=None, **ray_section
):
    """Run `suite` (its ray section updated by `ray_section`) into `out`."""
    loaded = load_suite(suite)
    loaded = loaded.model_copy(update={"ray": loaded.ray.model_copy(update=ray_section)})
    options = RunOptions(out_dir=out, show_progress=False, cache_path=cache, executor=executor)
    return evaluate_suite(loaded, options, translator=translator)


def assert_same_run(ray_run, local_run):
    """Same numbers, flags and rows; only what names the run itself may differ. The model
    score's numbers agree to float32 precision: a text's embedding depends a little on the
    padding of the batch it is embedded in, and the batches are not the local run's."""
    left, right = (copy.deepcopy(run.results) for run in (ray_run, local_run))
    model = [left["metrics"].pop(MODEL_METRIC), right["metrics"].pop(MODEL_METRIC)]
    assert {k: v for k, v in left.items() if k not in NOT_COMPARED} == {
        k: v for k, v in right.items() if k not in NOT_COMPARED
    }
    assert {k: v for k, v in left["backtranslation"].items() if k != "stats"} == {
        k: v for k, v in right["backtranslation"].items() if k != "stats"
    }
    assert_float32_equal(*model)
    rows = [
        [
            json.loads(line)
            for line in (run.path / "segments.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        for run in (ray_run, local_run)
    ]
    model_rows = [
        [(row["scores"].pop(MODEL_METRIC), row["stats"].pop(MODEL_METRIC)) for row in side]
        for side in rows
    ]
    for side in rows:
        for row in side:
            del row["run_id"]
    assert rows[0] == rows[1]
    assert_float32_equal(*model_rows)


def assert_float32_equal(left, right):
    """Equal structures whose floats agree to float32 precision."""
    if isinstance(left, float) or isinstance(right, float):
        assert left == pytest.approx(right, rel=1e-6, abs=1e-6)
    elif isinstance(left, dict):
        assert left.keys() == right.keys()
        for key in left:
            assert_float32_equal(left[key], right[key])
    elif isinstance(left, list | tuple):
        assert len(left) == len(right)
        for a, b in zip(left, right):
            assert_float32_equal(a, b)
    else:
        assert left == right


@pytest.fixture(scope="module")
def local_run(tmp_path_factory, tiny_marian):
    """The suite run by the local executor, with a cache of its own."""
    folder = tmp_path_factory.mktemp("ray-parity")
    suite = write_suite(folder / "suite", tiny_marian)
    return suite, run_suite(suite, folder / "local", folder / "local-cache.sqlite")


def test_an_address_without_the_ray_executor_is_refused(cli, local_run, tmp_path):
    suite, _ = local_run
    result = cli(
        "run",
        suite,
        "--out",
        tmp_path / "run",
        "-q",
        "--no-store",
        "--report",
        "none",
        "--address",
        "auto",
    )
    assert result.code == 2
    assert result.err.strip() == (
        "tarjama: error: --address names a Ray cluster; it needs --executor ray"
    )


@pytest.mark.ray
def test_a_bad_address_is_one_line_and_exit_2(cli, local_run, tmp_path):
    pytest.importorskip("ray")
    suite, _ = local_run
    for address, problem in [
        ("127.0.0.1:1", "cannot reach the Ray cluster at '127.0.0.1:1'"),
        ("nonsense", "Ray address 'nonsense' is not auto, host:port"),
    ]:
        result = cli(
            "run",
            suite,
            "--out",
            tmp_path / "run",
            "-q",
            "--no-store",
            "--report",
            "none",
            "--executor",
            "ray",
            "--address",
            address,
        )
        assert result.code == 2, result.err
        [line] = result.err.strip().splitlines()
        assert line.startswith("tarjama: error: ") and problem in line
        assert not (tmp_path / "run").exists()


@pytest.fixture(scope="module")
def ray_two_cpus():
    """A Ray instance of two CPUs for this module's runs (the executor uses it as it is)."""
    ray = pytest.importorskip("ray")
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    # This module's translator travels to the actors by value (workers need not import tests/).
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield ray
    ray.shutdown()


@pytest.mark.ray
def test_ray_run_equals_local_run_and_shares_the_cache(ray_two_cpus, local_run, tmp_path):
    suite, local = local_run
    cache = tmp_path / "cache.sqlite"
    on_ray = run_suite(suite, tmp_path / "ray", cache, "ray")
    assert_same_run(on_ray, local)
    placement = on_ray.results["executor"]["placement"]
    assert set(placement) == {"back-translation", "lexical statistics", "model scores", "checks"}
    assert all(sum(p["segments"] for p in places) == 12 for places in placement.values())
    assert on_ray.results["backtranslation"]["stats"]["cache_misses"] == 12
    # the driver stored what the actors translated: the local executor reruns without the model
    again = run_suite(suite, tmp_path / "again", cache)
    assert again.results["backtranslation"]["stats"]["model_calls"] == 0
    assert_same_run(again, local)
    # and a rerun on Ray sends nothing to translate to the actors
    ray_again = run_suite(suite, tmp_path / "ray-again", cache, "ray")
    stats = ray_again.results["backtranslation"]["stats"]
    assert (stats["cache_hits"], stats["cache_misses"], stats["model_calls"]) == (12, 0, 0)
    assert "back-translation" not in ray_again.results["executor"]["placement"]
    assert_same_run(ray_again, local)


def test_the_actors_engine_leaves_the_cache_to_the_driver(local_run, tmp_path):
    """The engine sent to the actors has no cache; the driver's is untouched, and the
    translations it stores are found under the keys the engine itself would use."""
    from tarjama.context import RunContext
    from tarjama.translate.hf import HfEngine

    suite, _ = local_run
    loaded = load_suite(suite)
    context = RunContext.from_suite(loaded, cache_path=tmp_path / "cache.sqlite")
    engine = HfEngine(loaded.backtranslation, context)
    sent = for_actors(engine)
    assert not sent.cache.enabled and engine.cache.enabled
    assert sent.stats is not engine.stats and sent.identity() == engine.identity()
    # "The talks ended." and "Talks began." as the Arabic to back-translate
    texts = ["انتهت المحادثات.", "بدأت المحادثات."]
    engine.store({texts[1]: "Talks began."})
    assert engine.cached(texts) == {1: "Talks began."}
    assert engine.cache.get_many(engine.namespace, [engine.key(texts[1])]) == {
        engine.key(texts[1]): "Talks began."
    }


class DiesOnce:
    """The hf engine, except that the first actor to translate a batch dies on the spot
    (os._exit, as the kernel's OOM killer would end it), leaving its pid in `marker`."""

    def __init__(self, engine, marker: Path) -> None:
        self.engine = engine
        self.marker = marker
        self.provides_text = True
        self.stats = engine.stats

    def describe(self):
        return self.engine.describe()

    def translate(self, texts):
        if not self.marker.exists():
            self.marker.write_text(str(os.getpid()))
            os._exit(1)
        return self.engine.translate(texts)


@pytest.mark.ray
def test_an_actor_killed_mid_run_is_restarted_and_the_run_is_the_same(
    ray_two_cpus, local_run, tmp_path
):
    from tarjama.context import RunContext
    from tarjama.translate.hf import HfEngine

    suite, local = local_run
    loaded = load_suite(suite)

    context = RunContext.from_suite(loaded, cache_path=tmp_path / "cache.sqlite")
    translator = DiesOnce(HfEngine(loaded.backtranslation, context), tmp_path / "died")
    on_ray = run_suite(suite, tmp_path / "ray", tmp_path / "cache.sqlite", "ray", translator)
    died = int((tmp_path / "died").read_text())
    assert died != os.getpid()  # an actor died, not this process
    assert_same_run(on_ray, local)


@pytest.fixture
def two_nodes(ray_two_cpus):
    """A fake cluster of two nodes with one CPU and one (declared) GPU each, in place of this
    module's Ray instance while the test runs."""
    from ray.cluster_utils import Cluster

    ray = ray_two_cpus
    ray.shutdown()
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "num_gpus": 1})
    cluster.add_node(num_cpus=1, num_gpus=1)
    ray.init(address=cluster.address, include_dashboard=False, log_to_driver=False)
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield cluster
    ray.shutdown()
    cluster.shutdown()
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)


@pytest.mark.ray
def test_one_model_actor_per_gpu_on_two_nodes(two_nodes, local_run, tmp_path):
    suite, local = local_run
    on_ray = run_suite(
        suite,
        tmp_path / "ray",
        tmp_path / "cache.sqlite",
        "ray",
        model_actors=2,
        num_gpus=1,
        cpu_actors=2,
    )
    assert_same_run(on_ray, local)
    nodes = {node.node_id for node in two_nodes.list_all_nodes()}
    for stage in ("back-translation", "model scores"):
        places = on_ray.results["executor"]["placement"][stage]
        assert {p["node"] for p in places} == nodes, stage
        assert all(p["gpus"] == ["0"] for p in places), stage  # one whole GPU per actor
    assert all(p["gpus"] == [] for p in on_ray.results["executor"]["placement"]["checks"])
