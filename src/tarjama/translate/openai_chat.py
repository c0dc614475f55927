"""The `openai` engine: translation by any OpenAI-compatible chat-completions server.

vLLM, TGI, llama.cpp's server and OpenAI itself answer `POST {url}/chat/completions`. Each text
is one request built from the suite's prompt template; at most `concurrency` requests are in
flight. A failure that may pass (no answer within `timeout_s`, a dropped connection, 408, 409,
429 or a 5xx status) is retried `retries` times, waiting `backoff_s` and then twice as long
each time (or what the server's Retry-After asks, up to MAX_WAIT_S); any other failure, or an
answer that is not chat-completions JSON, stops the run with one line. Translations are cached
as they arrive, so a stopped run resumes. The API key is read from the environment variable
the suite names, sent as a bearer token, and never written anywhere.
"""

from __future__ import annotations

import os
import string
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import Any, NamedTuple

from tarjama.errors import ConfigError, EngineError, MissingExtraError
from tarjama.lang import LANGUAGES, get_language
from tarjama.translate.cached import CachedTranslator

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
MAX_WAIT_S = 60.0  # the longest wait between two attempts, whatever Retry-After says
PLACEHOLDERS = ("text", "source_language", "target_language")
DETAIL_CHARS = 200  # how much of a server's error message a one-line error quotes


def import_httpx() -> Any:
    try:
        import httpx
    except ImportError:
        raise MissingExtraError("the openai engine", "openai", "httpx") from None
    return httpx


class Answer(NamedTuple):
    """A translation and how many attempts it took."""

    text: str
    attempts: int


class Failure(NamedTuple):
    """One failed attempt: what happened, whether it may pass, and the wait the server asked."""

    problem: str
    retry: bool
    retry_after: str | None = None


class Stopped(Exception):
    """A request not sent because another one failed."""


class OpenAIEngine(CachedTranslator):
    """Translates each text with one chat-completions request to the suite's server."""

    name = "openai"
    settings = frozenset(
        {
            "url",
            "api_key_env",
            "prompt",
            "system_prompt",
            "concurrency",
            "retries",
            "timeout_s",
            "backoff_s",
            "temperature",
            "max_new_tokens",
        }
    )

    def work_counters(self) -> dict[str, int]:
        return {"requests": 0, "retries": 0}

    # --- what is asked, and of whom --------------------------------------------------------

    def check_ready(self) -> None:
        """The server's URL, the model name, the prompt's placeholders and the API key's
        variable are all usable (no request is made)."""
        self.identity()
        self.headers()

    @property
    def endpoint(self) -> str:
        url = self.config.url
        if not url:
            raise ConfigError(
                f"{self.role}.url: the openai engine needs the server's base "
                f"URL (e.g. http://localhost:8000/v1)"
            )
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"{self.role}.url: '{url}' is not an http:// or https:// URL")
        return url.rstrip("/") + "/chat/completions"

    @property
    def model(self) -> str:
        if not self.config.model:
            raise ConfigError(
                f"{self.role}.model: the openai engine needs the name of the "
                f"model the server serves"
            )
        return self.config.model

    def render(self, text: str) -> list[dict[str, str]]:
        """The chat messages for one text: the system prompt, if any, and the user prompt."""
        values = {
            "text": text,
            "source_language": language_name(self.reads),
            "target_language": language_name(self.writes),
        }
        messages = []
        if self.config.system_prompt is not None:
            system = self._template("system_prompt", self.config.system_prompt)
            messages.append({"role": "system", "content": system.format(**values)})
        prompt = self._template("prompt", self.config.prompt, needs_text=True)
        return [*messages, {"role": "user", "content": prompt.format(**values)}]

    def _template(self, key: str, template: str, needs_text: bool = False) -> str:
        """`template` when its placeholders are all known (and it has {text} if it must)."""
        try:
            fields = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        except ValueError as exc:
            raise ConfigError(
                f"{self.role}.{key}: not a template ({exc}); write a literal brace as {{{{ or }}}}"
            ) from None
        unknown = sorted(fields - set(PLACEHOLDERS))
        if unknown:
            raise ConfigError(
                f"{self.role}.{key}: unknown placeholder {{{unknown[0]}}} (the "
                f"template may use {', '.join(f'{{{p}}}' for p in PLACEHOLDERS)})"
            )
        if needs_text and "text" not in fields:
            raise ConfigError(
                f"{self.role}.{key}: the template has no {{text}}, so no request "
                f"would carry the text to translate"
            )
        return template

    def headers(self) -> dict[str, str]:
        """The bearer token from the suite's environment variable (none without one)."""
        variable = self.config.api_key_env
        if variable is None:
            return {}
        key = os.environ.get(variable, "")
        if not key:
            raise ConfigError(
                f"{self.role}.api_key_env: the environment variable {variable} is not set"
            )
        return {"Authorization": f"Bearer {key}"}

    def body(self, text: str) -> dict[str, Any]:
        body = {
            "model": self.model,
            "messages": self.render(text),
            "temperature": self.config.temperature,
        }
        if self.config.max_new_tokens:
            body["max_tokens"] = self.config.max_new_tokens
        return body

    def identity(self) -> tuple[Any, ...]:
        config = self.config
        return (
            self.endpoint,
            self.model,
            self.render("{text}"),
            config.temperature,
            config.max_new_tokens,
        )

    def describe(self) -> dict[str, Any]:
        """Server, model, prompts and sampling settings; never the API key."""
        config = self.config
        return {
            "engine": self.name,
            "model": self.model,
            "url": config.url,
            "prompt": config.prompt,
            "system_prompt": config.system_prompt,
            "generation": {"temperature": config.temperature, "max_tokens": config.max_new_tokens},
            "concurrency": config.concurrency,
            "retries": config.retries,
            "timeout_s": config.timeout_s,
        }

    # --- asking ----------------------------------------------------------------------------

    def translations(self, texts: Sequence[str]) -> Iterator[dict[int, str]]:
        """Each translation as its answer arrives, `concurrency` requests at a time; after the
        first failure no request is sent (those in flight end), and the failure is raised."""
        httpx = import_httpx()
        config = self.config
        stopped = threading.Event()
        with (
            httpx.Client(timeout=config.timeout_s, headers=self.headers()) as client,
            ThreadPoolExecutor(max_workers=config.concurrency) as pool,
        ):
            futures: dict[Future[Answer], int] = {
                pool.submit(self.ask, client, text, stopped): index
                for index, text in enumerate(texts)
            }
            try:
                for future in as_completed(futures):
                    if future.cancelled() or isinstance(future.exception(), Stopped):
                        continue  # the failure that stopped it comes through as well
                    answer = future.result()
                    self.stats["requests"] += answer.attempts
                    self.stats["retries"] += answer.attempts - 1
                    yield {futures[future]: answer.text}
            finally:
                stopped.set()
                for future in futures:
                    future.cancel()

    def ask(self, client: Any, text: str, stopped: threading.Event) -> Answer:
        """One text's translation, retrying what may pass; a failure stops the others."""
        try:
            return self._ask(client, text, stopped)
        except Exception:
            stopped.set()
            raise

    def _ask(self, client: Any, text: str, stopped: threading.Event) -> Answer:
        body = self.body(text)
        attempts = self.config.retries + 1
        for attempt in range(1, attempts + 1):
            if stopped.is_set():
                raise Stopped
            outcome = self.attempt(client, body)
            if isinstance(outcome, str):
                return Answer(outcome, attempt)
            failure = outcome
            if not failure.retry or attempt == attempts:
                break
            time.sleep(self.wait_s(attempt, failure.retry_after))
        tries = f" ({attempt} attempts)" if attempt > 1 else ""
        raise EngineError(f"{self.role}: {failure.problem}{tries}")

    def attempt(self, client: Any, body: dict[str, Any]) -> str | Failure:
        """One request: the translation, or what went wrong."""
        httpx = import_httpx()
        where = f"the server at {self.endpoint}"
        try:
            response = client.post(self.endpoint, json=body)
        except httpx.TimeoutException:
            return Failure(
                f"{where} gave no answer within {self.config.timeout_s:g} s (timeout_s)", retry=True
            )
        except httpx.TransportError as exc:
            return Failure(
                f"cannot reach {where} ({one_line(str(exc)) or type(exc).__name__})", retry=True
            )
        status = response.status_code
        if status != 200:
            problem = (
                f"{where} answered {status} {response.reason_phrase}: "
                f"{error_detail(response)}{self.key_hint(status)}"
            )
            return Failure(problem, status in RETRY_STATUSES, response.headers.get("retry-after"))
        return self.content(response, where)

    def key_hint(self, status: int) -> str:
        if status not in (401, 403):
            return ""
        variable = self.config.api_key_env
        if variable is None:
            return f" (no API key was sent: set {self.role}.api_key_env)"
        return f" (check the API key in ${variable})"

    def content(self, response: Any, where: str) -> str:
        """The translation in a chat-completions answer (EngineError for anything else)."""
        try:
            message = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise EngineError(
                f"{self.role}: {where} answered 200, but not chat-completions "
                f"JSON with choices[0].message.content ({what_failed(exc)}): "
                f"{one_line(response.text)[:DETAIL_CHARS]!r}"
            ) from None
        if not isinstance(message, str):
            raise EngineError(
                f"{self.role}: {where} answered a message with no text "
                f"(content: {type(message).__name__})"
            )
        return message.strip()

    def wait_s(self, attempt: int, retry_after: str | None) -> float:
        """The wait before the next attempt: Retry-After in seconds when the server gives
        one, else backoff_s doubled for each attempt made; never over MAX_WAIT_S."""
        if retry_after is not None and retry_after.strip().isdigit():
            return min(float(retry_after), MAX_WAIT_S)
        return min(self.config.backoff_s * 2.0 ** (attempt - 1), MAX_WAIT_S)


def language_name(code: str) -> str:
    """A language's English name for prompts ("Arabic"); the code itself for one tarjama
    has no module for."""
    return get_language(code).name if code in LANGUAGES else code


def one_line(text: str) -> str:
    return " ".join(text.split())


def error_detail(response: Any) -> str:
    """The server's own message: error.message of an OpenAI-style error body, else the body."""
    try:
        error = response.json().get("error")
        message = error.get("message") if isinstance(error, dict) else error
    except (ValueError, AttributeError):
        message = None
    text = one_line(str(message) if message else response.text) or "(no message)"
    return text[:DETAIL_CHARS]


def what_failed(exc: Exception) -> str:
    if isinstance(exc, ValueError):
        return "not JSON"
    return f"no {exc}" if isinstance(exc, KeyError) else "unexpected shape"
