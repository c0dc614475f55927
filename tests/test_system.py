"""The system under test as an engine (`system:`): hf, ct2 and openai write `mt` from `src`
before anything else; the openai engine against a real chat-completions server on 127.0.0.1
serving the tiny M2M100 built at test time (tests/fixtures/chat_server.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.fixtures.chat_server import Reply, system_engine

pytest.importorskip("torch")

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "news" / "istanbul-talks"
KEY_ENV, KEY = "TARJAMA_TEST_CHAT_KEY", "sk-test-7c1f-never-in-results"
DEFAULT_PROMPT_EN_AR = (
    "Translate the following English text into Arabic. Reply with the translation only.\n\n{}"
)


def sources(count: int = 6) -> list[str]:
    """The sample article's first English sentences (one per paragraph)."""
    paragraphs = (SAMPLE / "src.en.txt").read_text(encoding="utf-8").splitlines()
    return [p.split(". ")[0] for p in paragraphs[:count]]


def write_suite(folder: Path, system: dict, rows: list[dict] | None = None, **sections) -> Path:
    """A suite over `rows` (default: src only) whose system writes mt; bt by the tiny Marian."""
    rows = rows if rows is not None else [{"src": src} for src in sources()]
    data = folder / "segments.jsonl"
    data.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    suite = {
        "name": "system",
        "data": {"path": str(data)},
        "system": system,
        "backtranslation": {
            "engine": "hf",
            "model": "./marian",
            "num_beams": 1,
            "max_new_tokens": 8,
            "threads": 1,
        },
        "metrics": ["roundtrip.chrf"],
        "checks": [],
        "bootstrap": {"resamples": 0},
        "cache": {"path": str(folder / "cache.sqlite")},
        **sections,
    }
    path = folder / "suite.yaml"
    path.write_text(yaml.safe_dump(suite, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path, tiny_marian) -> Path:
    (tmp_path / "marian").symlink_to(tiny_marian, target_is_directory=True)
    return tmp_path


def run(cli, suite: Path, name: str = "run", *extra: str):
    return cli(
        "run", suite, "--out", suite.parent / name, "-q", "--no-store", "--report", "none", *extra
    )


def rows_of(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "segments.jsonl").open(encoding="utf-8")]


def results_of(run_dir: Path) -> dict:
    return json.loads((run_dir / "results.json").read_text(encoding="utf-8"))


@pytest.fixture
def expected_mt(tiny_m2m100) -> list[str]:
    """What the tiny M2M100 makes of the sources, asked directly (no server)."""
    return system_engine(tiny_m2m100).translate_uncached(sources())


# --- hf and ct2 as the system --------------------------------------------------------------


@pytest.mark.parametrize("engine", ["hf", "ct2"])
def test_a_model_engine_writes_mt_before_everything_else(
    engine, cli, folder, tiny_m2m100, expected_mt
):
    if engine == "ct2":
        pytest.importorskip("ctranslate2")
    (folder / "m2m").symlink_to(tiny_m2m100, target_is_directory=True)
    settings = {"threads": 1} if engine == "hf" else {"quantization": "float32", "intra_threads": 1}
    suite = write_suite(
        folder,
        {"engine": engine, "model": "./m2m", "num_beams": 1, "max_new_tokens": 12, **settings},
    )
    result = run(cli, suite)
    assert result.code == 0, result.err
    rows = rows_of(folder / "run")
    assert [row["mt"] for row in rows] == expected_mt  # float32 greedy: ct2 as hf
    assert all(row["bt"] for row in rows)  # then back-translated
    results = results_of(folder / "run")
    signature = results["signature"]["system"]
    assert signature["engine"] == engine and signature["model"] == "./m2m"
    assert signature["generation"]["src_lang"] == "en"
    assert signature["generation"]["tgt_lang"] == "ar"
    assert results["system"]["stats"]["cache_misses"] == len(rows)
    again = run(cli, suite, "run2")
    assert again.code == 0, again.err
    assert results_of(folder / "run2")["system"]["stats"]["cache_hits"] == len(rows)
    assert results_of(folder / "run2")["signature"] == {**results["signature"]}


def test_without_a_system_the_data_gives_mt(cli, folder):
    rows = [{"src": src, "mt": "ترجمة"} for src in sources(2)]  # "translation"
    suite = write_suite(folder, {}, rows)
    spec = yaml.safe_load(suite.read_text(encoding="utf-8"))
    del spec["system"]
    suite.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    assert run(cli, suite).code == 0
    results = results_of(folder / "run")
    assert results["system"] is None and results["signature"]["system"] is None
    assert [row["mt"] for row in rows_of(folder / "run")] == ["ترجمة", "ترجمة"]


# --- mt in the data and a system: refused unless replace_mt --------------------------------


def test_data_with_mt_and_a_system_is_refused(cli, folder, chat_server):
    rows = [{"src": src, "mt": "ترجمة"} for src in sources(2)]  # "translation"
    suite = write_suite(folder, {"engine": "openai", "model": "tiny", "url": chat_server.url}, rows)
    result = run(cli, suite)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert result.err.strip() == (
        f"tarjama: error: {folder / 'segments.jsonl'}: system: the data gives 'mt' (an 'mt' "
        f"column) and the suite's system translates src into mt; remove one, or set "
        f"system.replace_mt: true to translate anyway"
    )
    assert chat_server.received == []


def test_replace_mt_translates_anyway(cli, folder, chat_server, expected_mt):
    rows = [{"src": src, "mt": "ترجمة"} for src in sources()]  # "translation"
    suite = write_suite(
        folder,
        {"engine": "openai", "model": "tiny", "url": chat_server.url, "replace_mt": True},
        rows,
    )
    assert run(cli, suite).code == 0
    assert [row["mt"] for row in rows_of(folder / "run")] == expected_mt


def test_a_document_pair_with_mt_and_a_system_is_a_suite_error(cli, tmp_path):
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        f"name: s\ndata: {{src: {SAMPLE / 'src.en.txt'}, mt: {SAMPLE / 'mt.ar.txt'}}}"
        f"\nsystem: {{engine: hf, model: x}}\n",
        encoding="utf-8",
    )
    result = cli("validate", suite, "--no-models")
    assert result.code == 2
    assert "system: the data gives 'mt' (data.mt)" in result.err


def test_a_document_pair_needs_mt_without_a_system(cli, tmp_path):
    suite = tmp_path / "suite.yaml"
    suite.write_text(f"name: s\ndata: {{src: {SAMPLE / 'src.en.txt'}}}\n", encoding="utf-8")
    result = cli("validate", suite, "--no-models")
    assert result.code == 2 and "data needs either 'path'" in result.err


def test_a_document_pair_without_mt_is_translated(cli, folder, chat_server, tiny_m2m100):
    suite = write_suite(folder, {"engine": "openai", "model": "tiny", "url": chat_server.url})
    spec = yaml.safe_load(suite.read_text(encoding="utf-8"))
    spec["data"] = {"src": str(SAMPLE / "src.en.txt")}
    suite.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    result = run(cli, suite)
    assert result.code == 0, result.err
    paragraphs = (SAMPLE / "src.en.txt").read_text(encoding="utf-8").splitlines()
    expected = system_engine(tiny_m2m100).translate_uncached(paragraphs)
    assert [row["mt"] for row in rows_of(folder / "run")] == expected


# --- the openai engine against the local server --------------------------------------------


def openai_system(chat_server, **settings) -> dict:
    return {
        "engine": "openai",
        "model": "tiny-m2m100",
        "url": chat_server.url,
        "api_key_env": KEY_ENV,
        "concurrency": 3,
        "retries": 2,
        "backoff_s": 0.01,
        "timeout_s": 30,
        **settings,
    }


def test_openai_engine_end_to_end(cli, folder, chat_server, expected_mt, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    suite = write_suite(folder, openai_system(chat_server))
    result = run(cli, suite)
    assert result.code == 0, result.err
    assert [row["mt"] for row in rows_of(folder / "run")] == expected_mt
    received = chat_server.received
    assert len(received) == len(expected_mt)
    assert {r["path"] for r in received} == {"/v1/chat/completions"}
    assert {r["headers"]["Authorization"] for r in received} == {f"Bearer {KEY}"}
    prompts = sorted(r["body"]["messages"][-1]["content"] for r in received)
    assert prompts == sorted(DEFAULT_PROMPT_EN_AR.format(src) for src in sources())
    assert {r["body"]["model"] for r in received} == {"tiny-m2m100"}
    assert 1 <= chat_server.most_in_flight <= 3
    results = results_of(folder / "run")
    assert results["system"]["stats"] == {
        "cache_hits": 0,
        "cache_misses": 6,
        "requests": 6,
        "retries": 0,
    }
    assert results["signature"]["system"]["url"] == chat_server.url
    for path in (folder / "run").rglob("*"):  # the key is sent, never written
        assert not path.is_file() or KEY not in path.read_text(encoding="utf-8", errors="replace")
    chat_server.reset()
    assert run(cli, suite, "run2").code == 0
    assert chat_server.received == []  # every translation came from the cache


def test_a_server_error_is_retried_with_backoff(cli, folder, chat_server, expected_mt):
    chat_server.script += [
        Reply(500, '{"error": {"message": "overloaded"}}'),
        Reply(503, "busy", headers={"Retry-After": "0"}),
    ]
    suite = write_suite(folder, openai_system(chat_server, api_key_env=None, concurrency=1))
    result = run(cli, suite)
    assert result.code == 0, result.err
    assert [row["mt"] for row in rows_of(folder / "run")] == expected_mt
    stats = results_of(folder / "run")["system"]["stats"]
    assert (stats["requests"], stats["retries"]) == (8, 2)


@pytest.mark.parametrize(
    ("replies", "settings", "message"),
    [
        (
            [Reply(401, '{"error": {"message": "Incorrect API key provided"}}')],
            {},
            "system: the server at {url}/chat/completions answered 401 Unauthorized: Incorrect API "
            "key provided (check the API key in $" + KEY_ENV + ")",
        ),
        (
            [Reply(500, "boom")] * 3,
            {},
            (
                "system: the server at {url}/chat/completions answered 500 Internal Server Error: boom "
                "(3 attempts)"
            ),
        ),
        (
            [Reply(delay_s=1.0)] * 2,
            {"timeout_s": 0.2, "retries": 1},
            (
                "system: the server at {url}/chat/completions gave no answer within 0.2 s (timeout_s) "
                "(2 attempts)"
            ),
        ),
        (
            [Reply(200, "<html>not json</html>")],
            {},
            (
                "system: the server at {url}/chat/completions answered 200, but not chat-completions JSON "
                "with choices[0].message.content (not JSON): '<html>not json</html>'"
            ),
        ),
        (
            [Reply(200, '{"choices": []}')],
            {},
            (
                "system: the server at {url}/chat/completions answered 200, but not chat-completions JSON "
                "with choices[0].message.content (unexpected shape): '{\"choices\": []}'"
            ),
        ),
    ],
)
def test_server_failures_end_in_one_line(
    replies, settings, message, cli, folder, chat_server, monkeypatch
):
    monkeypatch.setenv(KEY_ENV, KEY)
    chat_server.script += replies
    suite = write_suite(folder, openai_system(chat_server, concurrency=1, **settings))
    result = run(cli, suite)
    assert result.code == 2
    assert result.err.strip() == "tarjama: error: " + message.replace("{url}", chat_server.url)
    assert KEY not in result.err
    assert len(chat_server.received) == len(replies)  # no more requests after the failure


def test_a_stopped_run_resumes_from_what_was_answered(cli, folder, chat_server, expected_mt):
    chat_server.script += [Reply(), Reply(), Reply(400, "bad request")]
    suite = write_suite(folder, openai_system(chat_server, api_key_env=None, concurrency=1))
    assert run(cli, suite).code == 2
    chat_server.reset()
    result = cli("run", suite, "--out", folder / "run2", "--no-store", "--report", "none")
    assert result.code == 0, result.err
    assert "resumed: 2 of 6 segments cached" in result.err
    assert len(chat_server.received) == 4
    assert [row["mt"] for row in rows_of(folder / "run2")] == expected_mt


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, f"system.api_key_env: the environment variable {KEY_ENV} is not set"),
        (
            {"prompt": "Translate {text} into {language}"},
            (
                "system.prompt: unknown placeholder {language} (the template may use {text}, "
                "{source_language}, {target_language})"
            ),
        ),
        ({"prompt": "Translate into Arabic"}, "system.prompt: the template has no {text}"),
        (
            {"url": "localhost:8000"},
            "system.url: 'localhost:8000' is not an http:// or https:// URL",
        ),
        (
            {"quantization": "int8"},
            ("system.quantization: the openai engine does not read this setting"),
        ),
        (
            {"engine": "provided"},
            (
                "system.engine: the provided engine cannot be the system "
                "(engines that can: hf, ct2, openai)"
            ),
        ),
    ],
)
def test_settings_fail_before_any_request(settings, message, cli, folder, chat_server, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    suite = write_suite(folder, openai_system(chat_server, **settings))
    result = run(cli, suite)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert message in result.err
    assert chat_server.received == []
