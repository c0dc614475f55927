"""The persistent SQLite cache: keys, hits and misses, namespaces, several processes, the CLI."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from tarjama.cache import Cache, cache_key, default_cache_path
from tarjama.errors import InputError


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # "text": settings in another order are the same key
        (
            ("hf", "m", {"beams": 4, "max": 10}, "نص"),
            ("hf", "m", {"max": 10, "beams": 4}, "نص"),
            True,
        ),
        (("hf", "m", {"beams": 4}, "نص"), ("hf", "m", {"beams": 5}, "نص"), False),
        (("hf", "m", "rev1", "نص"), ("hf", "m", "rev2", "نص"), False),
        # "text" vs "a text": one character of difference is another key
        (("hf", "m", "نص"), ("hf", "m", "نصّ"), False),
        (("a", "bc"), ("ab", "c"), False),
    ],
)
def test_cache_key_is_canonical(a, b, same):
    assert (cache_key(*a) == cache_key(*b)) is same
    assert len(cache_key(*a)) == 64


def test_default_path_respects_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "tarjama" / "cache.sqlite"


def test_round_trip_hits_and_misses(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    # "Istanbul talks" in Arabic, stored and read back unchanged
    cache.put_many("translate", {"k1": "محادثات إسطنبول", "k2": {"score": 0.5}})
    found = cache.get_many("translate", ["k1", "k2", "k3"])
    assert found == {"k1": "محادثات إسطنبول", "k2": {"score": 0.5}}
    assert (cache.hits, cache.misses) == (2, 1)
    assert cache.get_many("metric", ["k1"]) == {}  # namespaces are separate


def test_values_survive_a_new_instance(tmp_path):
    Cache(tmp_path / "c.sqlite").put_many("ns", {"k": [1, 2]})
    assert Cache(tmp_path / "c.sqlite").get("ns", "k") == [1, 2]


def test_more_keys_than_one_query_holds(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    cache.put_many("ns", {f"k{i}": i for i in range(1234)})
    found = cache.get_many("ns", [f"k{i}" for i in range(1300)])
    assert len(found) == 1234 and found["k1233"] == 1233
    assert cache.misses == 66


def test_disabled_cache_misses_and_stores_nothing(tmp_path):
    cache = Cache(tmp_path / "c.sqlite", enabled=False)
    cache.put_many("ns", {"k": 1})
    assert cache.get_many("ns", ["k"]) == {}
    assert (cache.hits, cache.misses) == (0, 1)
    assert not (tmp_path / "c.sqlite").exists()


def test_info_and_clear(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    cache.put_many("a", {"1": 1, "2": 2})
    cache.put_many("b", {"1": 1})
    info = cache.info()
    assert info["namespaces"] == {"a": 2, "b": 1} and info["entries"] == 3
    assert info["size_bytes"] > 0
    assert cache.clear("a") == 2
    assert cache.info()["namespaces"] == {"b": 1}
    assert cache.clear() == 1
    assert cache.info()["entries"] == 0


def test_wal_mode(tmp_path):
    Cache(tmp_path / "c.sqlite").put("ns", "k", 1)
    with sqlite3.connect(tmp_path / "c.sqlite") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_corrupt_database_is_a_clear_error(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(InputError, match="cache database unusable"):
        Cache(path).get_many("ns", ["k"])


def _writer(path: str, worker: int, count: int) -> None:
    cache = Cache(Path(path))
    for start in range(0, count, 10):
        cache.put_many("ns", {f"w{worker}-{i}": i for i in range(start, start + 10)})


def test_two_processes_write_at_once(tmp_path):
    path = tmp_path / "c.sqlite"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(path), w, 200)) for w in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    keys = [f"w{w}-{i}" for w in (1, 2) for i in range(200)]
    found = Cache(path).get_many("ns", keys)
    assert len(found) == 400 and found["w2-199"] == 199
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cli_info_and_clear(cli, tmp_path):
    path = tmp_path / "c.sqlite"
    Cache(path).put_many("translate.hf", {"a": "x", "b": "y"})
    info = cli("cache", "info", "--cache", path)
    assert info.code == 0
    assert f"path: {path}" in info.out and "translate.hf: 2" in info.out
    cleared = cli("cache", "clear", "--cache", path, "--namespace", "translate.hf")
    assert cleared.code == 0 and "deleted 2 entries" in cleared.out
    assert '"entries": 0' in cli("cache", "info", "--cache", path, "--json").out


def _write_forever(path: str) -> None:
    cache = Cache(Path(path))
    for batch in range(10**9):
        cache.put_many("ns", {f"b{batch}-{i}": "x" * 100 for i in range(50)})


def test_a_killed_writer_leaves_a_consistent_cache(tmp_path):
    path = tmp_path / "c.sqlite"
    process = multiprocessing.get_context("spawn").Process(target=_write_forever, args=(str(path),))
    process.start()
    reader = Cache(path)
    for _ in range(600):  # wait (at most a minute) until a few batches are committed
        if path.exists() and reader.info()["entries"] >= 200:
            break
        process.join(timeout=0.1)
    process.kill()
    process.join()
    entries = Cache(path).info()["entries"]
    assert entries >= 200 and entries % 50 == 0  # whole transactions only
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
