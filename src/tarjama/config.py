"""Suites: declarative YAML loaded into typed, validated configuration.

A suite names its data, languages, back-translation engine, metrics, checks, gates and
report options. `include:` pulls shared defaults from other YAML files (the including file
wins). Unknown keys fail with a "did you mean …?" hint. This module knows no implementation:
`tarjama.suites` checks a suite's names against the registries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tarjama.data import DEFAULT_MAX_SEGMENT_CHARS, DEFAULT_MAX_SEGMENT_WORDS, TextRules
from tarjama.errors import ConfigError
from tarjama.io import read_regular_file
from tarjama.lang.entities import DEFAULT_ENTITY_MODEL
from tarjama.suggest import did_you_mean

DEFAULT_SRC_LANG = "en"
DEFAULT_TGT_LANG = "ar"
DEFAULT_SEED = 12345  # sacrebleu's SACREBLEU_SEED default
DEFAULT_RESAMPLES = 1000
DEFAULT_METRICS = (
    "roundtrip.bleu",
    "roundtrip.chrf",
    "roundtrip.ter",
    "direct.bleu",
    "direct.chrf",
)
SUITE_FILE_LIMIT = 256_000
"""Bytes a suite or an included file may have: a suite is a page of YAML, not data, and the
limit keeps the slowest YAML of that size (deeply nested lists) to about a second."""
# libyaml's parser where PyYAML has it: much faster on large or hostile files, and it stops
# deep nesting with an error of its own instead of Python's recursion limit.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictModel(BaseModel):
    """A config section: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


MISSING_DATA = "data needs either 'path' (a table file) or both 'src' and 'mt' (text files)"


class DataConfig(StrictModel):
    """Where segments come from: one table file, or a document pair of text files."""

    path: Path | None = None
    format: Literal["jsonl", "csv", "tsv", "parquet"] | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    src: Path | None = None
    mt: Path | None = None
    bt: Path | None = None
    ref: Path | None = None
    doc_id: str | None = None
    max_segment_chars: int = Field(DEFAULT_MAX_SEGMENT_CHARS, ge=1)
    max_segment_words: int = Field(DEFAULT_MAX_SEGMENT_WORDS, ge=1)
    control_characters: Literal["reject", "strip"] = "reject"

    @model_validator(mode="after")
    def _one_source(self) -> DataConfig:
        pair = self.src is not None or self.mt is not None
        if self.path is None and not self.src:
            raise ValueError(MISSING_DATA)
        if self.path is not None and pair:
            raise ValueError("data takes either 'path' or 'src'/'mt' files, not both")
        return self

    def text_rules(self) -> TextRules:
        """The limits and control-character policy the loaders apply to every text."""
        return TextRules(
            max_chars=self.max_segment_chars,
            max_words=self.max_segment_words,
            strip_controls=self.control_characters == "strip",
        )

    def resolved(self, base: Path) -> DataConfig:
        """The same config with relative paths taken from `base` (the suite's folder)."""
        fields = ("path", "src", "mt", "bt", "ref")
        updates = {
            f: base / getattr(self, f)
            for f in fields
            if getattr(self, f) is not None and not getattr(self, f).is_absolute()
        }
        return self.model_copy(update=updates)


class LanguagesConfig(StrictModel):
    src: str = DEFAULT_SRC_LANG
    tgt: str = DEFAULT_TGT_LANG


Quantization = Literal["auto", "int8", "int8_float16", "float16", "float32"]
DEFAULT_PROMPT = (
    "Translate the following {source_language} text into {target_language}. "
    "Reply with the translation only.\n\n{text}"
)


class EngineConfig(StrictModel):
    """A translation engine and its settings (each engine reads only some of them: see
    `Translator.settings`; one it does not read is an error in `tarjama.suites`)."""

    engine: str = "provided"
    model: str | None = None
    revision: str | None = None
    batch_size: int = Field(32, ge=1)
    max_batch_tokens: int = Field(4096, ge=16)
    num_beams: int = Field(4, ge=1)
    max_new_tokens: int | None = Field(None, ge=1)
    device: str = "auto"
    dtype: Literal["auto", "float32", "float16", "bfloat16"] = "auto"
    threads: int | None = Field(None, ge=1)
    src_lang: str | None = None
    tgt_lang: str | None = None
    trust_remote_code: bool = False
    # ct2: the converted model's precision, and CTranslate2's threads (0: its default)
    quantization: Quantization = "auto"
    inter_threads: int = Field(1, ge=1)
    intra_threads: int = Field(0, ge=0)
    # openai: an OpenAI-compatible chat-completions server
    url: str | None = None
    api_key_env: str | None = None
    prompt: str = DEFAULT_PROMPT
    system_prompt: str | None = None
    concurrency: int = Field(4, ge=1)
    retries: int = Field(3, ge=0)
    timeout_s: float = Field(60.0, gt=0)
    backoff_s: float = Field(1.0, ge=0)  # the first retry's wait, doubled for each next one
    temperature: float = Field(0.0, ge=0)


class BacktranslationConfig(EngineConfig):
    """How `bt` is produced: `provided` reads it from the data; model engines translate `mt`."""

    models_dir: Path | None = None  # the run's local model store (default: the nearest models/)


class SystemConfig(EngineConfig):
    """The system under test as an engine: it translates `src` into `mt` before anything
    else. Data that also gives `mt` is an error unless `replace_mt` says to translate anyway
    (the data's `mt` is then not used): a suite never silently evaluates the wrong one."""

    engine: str
    replace_mt: bool = False


def both_mt_problem(where: str) -> str:
    """The one message for data that gives `mt` beside a suite's system."""
    return (
        f"system: the data gives 'mt' ({where}) and the suite's system translates src "
        f"into mt; remove one, or set system.replace_mt: true to translate anyway"
    )


class MetricConfig(StrictModel):
    """One metric and its options (sacrebleu settings, model ids…)."""

    name: str
    options: dict[str, Any] = Field(default_factory=dict)


class EntitiesConfig(StrictModel):
    """The English named-entity model the checks consult (a spaCy pipeline name or folder)."""

    model: str = DEFAULT_ENTITY_MODEL


class CheckConfig(StrictModel):
    """One check: whether it runs, a severity override, and its own options."""

    enabled: bool = True
    severity: Literal["minor", "major", "critical"] | None = None
    options: dict[str, Any] = Field(default_factory=dict)


class MqmConfig(StrictModel):
    """MQM-style penalty: severity weights, per-category multipliers, per N source words."""

    severity_weights: dict[str, float] = Field(
        default_factory=lambda: {"minor": 1.0, "major": 5.0, "critical": 25.0}
    )
    category_weights: dict[str, float] = Field(default_factory=lambda: {"punctuation": 0.1})
    per_words: int = Field(1000, ge=1)


class GateConfig(StrictModel):
    """A release gate: `metric op threshold`, optionally against a baseline run."""

    name: str | None = None
    metric: str
    op: Literal[">=", ">", "<=", "<", "=="] = ">="
    threshold: float | None = None
    kind: Literal["absolute", "regression"] = "absolute"
    use: Literal["score", "ci_low", "ci_high"] = "score"
    margin: float = Field(0.0, ge=0)
    alpha: float = Field(0.05, gt=0, lt=1)
    test: Literal["bootstrap", "randomization"] = "bootstrap"
    on_inconclusive: Literal["pass", "fail"] = "pass"
    samples: int | None = Field(
        None,
        ge=1,
        description="bootstrap resamples or randomisation "
        "trials of a regression gate's paired test (default 1000 / 10000)",
    )

    @model_validator(mode="after")
    def _threshold_for_absolute(self) -> GateConfig:
        if self.kind == "absolute" and self.threshold is None:
            raise ValueError(f"gate on '{self.metric}' needs a threshold")
        return self

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.kind == "regression":
            return f"{self.metric} no worse than baseline (margin {self.margin:g})"
        subject = self.metric if self.use == "score" else f"{self.metric}.{self.use}"
        return f"{subject} {self.op} {self.threshold:g}"


class BootstrapConfig(StrictModel):
    resamples: int = Field(DEFAULT_RESAMPLES, ge=0)
    confidence: float = Field(0.95, gt=0, lt=1)


ReportFormat = Literal["html", "md", "junit"]


class ReportConfig(StrictModel):
    formats: list[ReportFormat] = Field(default_factory=lambda: list(get_args(ReportFormat)))
    top_segments: int = Field(10, ge=0)


class CacheConfig(StrictModel):
    enabled: bool = True
    path: Path | None = None


class StoreConfig(StrictModel):
    """The run history database (an index of run directories)."""

    enabled: bool = True
    path: Path | None = None  # default: tarjama.db beside the run directory


BaselinePolicy = Literal["passing", "newest"]


class BaselineConfig(StrictModel):
    """How `--baseline LABEL` picks among the suite's runs on the same data with that label
    (or model version): the newest that passed its gates, or the newest whatever its verdict."""

    policy: BaselinePolicy = "passing"


class RayConfig(StrictModel):
    """How `tarjama run --executor ray` sizes its actor pools (the local executor ignores it).

    Model stages (back-translation, model-based metrics) load their model once per actor;
    the CPU stages (lexical statistics, checks) need none.
    """

    model_actors: int = Field(
        1,
        ge=1,
        description="actors per model stage (one per GPU, "
        "or more per GPU with a fractional num_gpus)",
    )
    cpu_actors: int = Field(2, ge=1, description="actors per CPU stage")
    num_gpus: float = Field(
        0, ge=0, description="GPUs each model actor reserves (0.5: two actors share one GPU)"
    )
    num_cpus: float = Field(1, gt=0, description="CPUs each actor reserves")
    batch_size: int = Field(
        256,
        ge=1,
        description="segments per batch (checks: whole documents up to about this many segments)",
    )


class Suite(StrictModel):
    """A validated suite: everything a run needs to know."""

    name: str
    version: str = "1"
    description: str = ""
    data: DataConfig
    languages: LanguagesConfig = Field(default_factory=LanguagesConfig)
    backtranslation: BacktranslationConfig = Field(default_factory=BacktranslationConfig)
    system: SystemConfig | None = None
    metrics: list[MetricConfig] = Field(
        default_factory=lambda: [MetricConfig(name=n) for n in DEFAULT_METRICS]
    )
    checks: dict[str, CheckConfig] | None = None
    entities: EntitiesConfig = Field(default_factory=EntitiesConfig)
    mqm: MqmConfig = Field(default_factory=MqmConfig)
    gates: list[GateConfig] = Field(default_factory=list)
    report: ReportConfig = Field(default_factory=ReportConfig)
    bootstrap: BootstrapConfig = Field(default_factory=BootstrapConfig)
    cache: CacheConfig = Field(default_factory=CacheConfig)
    store: StoreConfig = Field(default_factory=StoreConfig)
    baseline: BaselineConfig = Field(default_factory=BaselineConfig)
    ray: RayConfig = Field(default_factory=RayConfig)
    seed: int = DEFAULT_SEED
    workers: int | None = Field(
        None,
        ge=1,
        description="processes for lexical statistics "
        "(default: one per core, one per 2,500 segments)",
    )
    path: Path | None = None

    @model_validator(mode="after")
    def _mt_from_one_place(self) -> Suite:
        """A document pair gives `mt` in a file unless the suite's system writes it."""
        data = self.data
        if data.path is None and data.mt is None and self.system is None:
            raise ValueError(MISSING_DATA)
        if data.mt is not None and self.system is not None and not self.system.replace_mt:
            raise ValueError(both_mt_problem("data.mt"))
        return self

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("metrics", mode="before")
    @classmethod
    def _metric_shorthand(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [
            {"name": item} if isinstance(item, str) else _metric_mapping(item) for item in value
        ]

    @field_validator("checks", mode="before")
    @classmethod
    def _check_shorthand(cls, value: Any) -> Any:
        if value == "all" or value is None:
            return None
        if isinstance(value, list) and all(isinstance(name, str) for name in value):
            return {name: {} for name in value}
        if isinstance(value, dict):
            return {name: _check_mapping(opts) for name, opts in value.items()}
        return value


def _metric_mapping(item: Any) -> Any:
    """`{name: roundtrip.chrf, word_order: 0}` → name plus options."""
    if not isinstance(item, dict) or "options" in item:
        return item
    options = {k: v for k, v in item.items() if k != "name"}
    return {"name": item.get("name"), "options": options}


def _check_mapping(opts: Any) -> Any:
    """`untranslated: {allowlist: [...], severity: major}` → known fields plus options."""
    if opts is None or opts is True:
        return {}
    if opts is False:
        return {"enabled": False}
    if not isinstance(opts, dict) or "options" in opts:
        return opts
    known = {"enabled", "severity"}
    return {
        **{k: v for k, v in opts.items() if k in known},
        "options": {k: v for k, v in opts.items() if k not in known},
    }


def read_suite(path: str | Path) -> Suite:
    """Load, merge includes, validate the schema; raise ConfigError naming the file and the problem.

    Names of metrics, checks and engines are checked against their registries by
    `tarjama.suites.load_suite`, which sits above them.
    """
    path = Path(path)
    raw = _load_with_includes(path, seen=())
    try:
        suite = Suite.model_validate({**raw, "path": path})
    except ValidationError as exc:
        raise ConfigError(_first_problem(exc), path) from None
    return suite.model_copy(update={"data": suite.data.resolved(path.parent)})


def _load_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise ConfigError("suite file not found", path)
    raw = read_regular_file(path, limit=SUITE_FILE_LIMIT, error=ConfigError)
    try:
        data = _load_revisions_as_text(raw.decode("utf-8"))
    except RecursionError:
        raise ConfigError("invalid YAML (nested too deeply)", path) from None
    except yaml.YAMLError as exc:
        raise ConfigError(_yaml_problem(exc), path) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"invalid UTF-8 at byte offset {exc.start}", path) from None
    if data is None:
        raise ConfigError("suite file is empty", path)
    if not isinstance(data, dict):
        raise ConfigError(f"a suite is a YAML mapping, got {type(data).__name__}", path)
    return data


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """One line for a YAML error: where, and what."""
    if isinstance(exc, yaml.reader.ReaderError):  # the character is an int from libyaml
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return (
            f"invalid YAML (the character U+{code:04X} at position {exc.position} is not allowed)"
        )
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}: " if mark else ""
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    return f"{where}invalid YAML ({problem})"


def _load_revisions_as_text(text: str) -> Any:
    """A safe YAML load, except that a `revision:` value is always text: a commit made only of
    digits (`revision: 0123456`) is a pin, not the number YAML 1.1 would read (42798)."""
    loader = _YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _revisions_as_text(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _revisions_as_text(node: yaml.Node) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "revision" and isinstance(value, yaml.ScalarNode):
                value.tag = "tag:yaml.org,2002:str"
            _revisions_as_text(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _revisions_as_text(item)


def _load_with_includes(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    resolved = path.resolve()
    if resolved in seen:
        raise ConfigError("include cycle: " + " -> ".join(str(p) for p in (*seen, resolved)), path)
    data = _load_yaml(path)
    includes = data.pop("include", [])
    if isinstance(includes, str):
        includes = [includes]
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise ConfigError("include: expected a file name or a list of file names", path)
    merged: dict[str, Any] = {}
    for include in includes:
        base = _load_with_includes(path.parent / include, (*seen, resolved))
        base = _rebase_data_paths(base, (path.parent / include).parent, path.parent)
        merged = _deep_merge(merged, base)
    return _deep_merge(merged, data)


def _rebase_data_paths(data: dict[str, Any], include_dir: Path, suite_dir: Path) -> dict[str, Any]:
    """Data paths in an included file are relative to that file, not to the includer."""
    section = data.get("data")
    if not isinstance(section, dict):
        return data
    rebased = dict(section)
    for key in ("path", "src", "mt", "bt", "ref"):
        if isinstance(rebased.get(key), str) and not Path(rebased[key]).is_absolute():
            rebased[key] = str(Path(_relpath(include_dir / rebased[key], suite_dir)))
    return {**data, "data": rebased}


def _relpath(target: Path, start: Path) -> str:
    import os

    return os.path.relpath(target, start)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _first_problem(exc: ValidationError) -> str:
    """One line for the first validation error, with a did-you-mean for unknown keys."""
    error = exc.errors()[0]
    location = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        parent = error["loc"][:-1]
        return f"unknown key '{location}' ({did_you_mean(key, _fields_at(parent))})"
    if error["type"] == "missing":
        return f"missing required key '{location}'"
    message = error["msg"].removeprefix("Value error, ")
    return f"{location}: {message}" if location else message


def _fields_at(location: tuple[int | str, ...]) -> list[str]:
    """The field names of the config section at `location` (for hints)."""
    model: Any = Suite
    for part in location:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        model = _model_in(annotation)
    return [name for name in (model.model_fields if model else {}) if name != "path"]


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
