"""COMET metrics through unbabel-comet's Python API: round trip, direct, QE, and XCOMET spans.

Keys: `roundtrip.comet` (COMET source = the Arabic mt, hypothesis = bt, reference = the
English src), `direct.comet` (src, mt, ref; skipped without a human reference),
`qe.cometkiwi` (src → mt, no reference), and `qe.xcomet` / `direct.xcomet` (XCOMET on src → mt,
without or with ref), whose error spans become `xcomet` flags on `mt`. The corpus score is the
mean of segment scores. Models resolve offline first (tarjama.models), and the encoder's
tokenizer and config are pointed at local files, so a resolved model never touches the network.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field

from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.errors import ConfigError, MissingExtraError, ModelLoadError, ModelNotFoundError
from tarjama.flags import SEVERITIES, Flag
from tarjama.metrics.base import MeanMetric, MetricStats, Side
from tarjama.metrics.neural import (
    ModelMetricOptions,
    cached_values,
    package_version,
    pick_device,
    require_module,
)
from tarjama.models import default_models_dir, model_location, quiet_loggers

DEFAULT_COMET = "Unbabel/wmt22-comet-da"
DEFAULT_COMETKIWI = "Unbabel/wmt22-cometkiwi-da"
DEFAULT_XCOMET = "Unbabel/XCOMET-XL"
# Hub models that need their licence accepted (and `huggingface-cli login`) before download.
GATED_MODELS = frozenset(
    {
        "Unbabel/wmt22-cometkiwi-da",
        "Unbabel/wmt23-cometkiwi-da-xl",
        "Unbabel/wmt23-cometkiwi-da-xxl",
        "Unbabel/XCOMET-XL",
        "Unbabel/XCOMET-XXL",
    }
)
CHECKPOINT = "checkpoints/model.ckpt"
HPARAMS = "hparams.yaml"


class CometOptions(ModelMetricOptions):
    encoder: str | None = Field(
        None,
        description="local folder (or hub id) holding the encoder's tokenizer and "
        "config; default: the checkpoint's own `pretrained_model`",
    )
    precision: Literal["float32", "float16", "bfloat16"] = Field(
        "float32", description="float16/bfloat16 only on a GPU"
    )
    length_batching: bool = True


class XcometOptions(CometOptions):
    flags: bool = Field(True, description="turn XCOMET's error spans into `xcomet` flags")


class CometMetric(MeanMetric):
    """A COMET model scoring one sample per segment; `inputs` maps COMET fields to sides."""

    higher_is_better = True
    options_model: ClassVar[type[CometOptions]] = CometOptions
    options: CometOptions
    default_model: ClassVar[str] = DEFAULT_COMET
    inputs: ClassVar[dict[str, Side]]

    def __init__(
        self,
        options: dict[str, Any] | None = None,
        context: RunContext | None = None,
        *,
        comet_model: Any = None,
    ) -> None:
        super().__init__(options, context)
        self.model_name = self.options.model or self.default_model
        self._comet_model = comet_model  # injected (tests, benchmarks) or loaded on first use
        self._resolved: Any = None
        self._device: str | None = None

    # --- scoring ---------------------------------------------------------------------

    def compute(self, segments: Sequence[Segment]) -> MetricStats:
        samples = [self.sample(seg) for seg in segments]
        outputs = cached_values(
            samples, self.context.cache, f"metric:{self.key}", self.identity(), self.predict
        )
        return self.mean_stats(
            [float(output["score"]) for output in outputs],
            extras={"model": self.model_info()},
            flags=self.flags_for(segments, outputs),
        )

    def sample(self, segment: Segment) -> dict[str, str]:
        """COMET's input for one segment: {"src": …, "mt": …, "ref": …} per `inputs`."""
        return {field: getattr(segment, side) or "" for field, side in self.inputs.items()}

    def predict(self, samples: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """One COMET `predict` call over distinct, uncached samples; outputs in input order."""
        model = self.comet_model()
        with quiet_loggers():
            prediction = model.predict(
                [dict(s) for s in samples],
                batch_size=self.options.batch_size,
                progress_bar=False,
                length_batching=self.options.length_batching,
                **predict_device(self.device),
            )
        return self.outputs(prediction)

    def outputs(self, prediction: Any) -> list[dict[str, Any]]:
        return [{"score": float(score)} for score in prediction["scores"]]

    def flags_for(
        self, segments: Sequence[Segment], outputs: Sequence[Mapping[str, Any]]
    ) -> dict[str, list[Flag]]:
        return {}

    # --- the model -----------------------------------------------------------------------

    @property
    def resolved(self) -> Any:
        """The model's files and identity (tarjama.models.ResolvedModel), found once; a folder
        is taken relative to the suite's."""
        if self._resolved is None:
            where = model_location(self.model_name, self._suite_dir())
            resolved = resolve_comet(where, self.options.revision, self.store, self.context.cache)
            # A folder keeps the name the suite gave it (not this machine's full path).
            self._resolved = replace(resolved, model_id=self.model_name)
        return self._resolved

    @property
    def store(self) -> Path:
        """The model store: the run's, else the default for the suite's folder."""
        return self.context.models_dir or default_models_dir(self._suite_dir())

    def _suite_dir(self) -> Path | None:
        return self.context.suite_dir

    def _encoder(self) -> str | None:
        """The `encoder` option, a folder taken relative to the suite's."""
        encoder = self.options.encoder
        return model_location(encoder, self._suite_dir()) if encoder else None

    def check_ready(self) -> None:
        """Find the checkpoint, its hparams and its encoder's files, and check the device;
        load no weights."""
        for module in ("torch", "comet"):
            require_module(module, "COMET metrics", "comet")
        folder = self.resolved.path
        resolve_encoder(
            self._encoder() or read_hparams(folder).get("pretrained_model", ""), folder, self.store
        )
        if self.options.device != "auto" or self.options.precision != "float32":
            self.device  # noqa: B018 — a device torch lacks, or half precision on CPU, fails here

    @property
    def device(self) -> str:
        if self._device is None:
            self._device = pick_device(self.options.device)
            if self.options.precision != "float32" and self._device == "cpu":
                raise ConfigError(
                    f"metric {self.key}: precision {self.options.precision} needs "
                    f"a GPU; use float32 on CPU"
                )
        return self._device

    def comet_model(self) -> Any:
        if self._comet_model is None:
            with quiet_loggers():
                model = load_comet_model(self.resolved.path, self._encoder(), self.store)
            self._comet_model = set_precision(model, self.options.precision, self.device)
        return self._comet_model

    def identity(self) -> tuple[Any, ...]:
        """Everything besides the input that changes a score (the cache key's prefix)."""
        return (
            self.key,
            self.resolved.identity,
            package_version("unbabel-comet"),
            self.options.precision,
        )

    def model_info(self) -> dict[str, Any]:
        return {
            "id": self.resolved.model_id,
            **self.resolved.provenance(),
            "comet_version": package_version("unbabel-comet"),
            "transformers_version": package_version("transformers"),
            "precision": self.options.precision,
            "batch_size": self.options.batch_size,
            "length_batching": self.options.length_batching,
            "device": self.device,
        }

    def signature(self) -> str:
        return (
            f"model:{self.resolved.model_id}@{self.resolved.version}"
            f"|comet:{package_version('unbabel-comet')}|precision:{self.options.precision}"
        )


class XcometMetric(CometMetric):
    """XCOMET: a segment score plus error spans on `mt`, reported as `xcomet` flags."""

    options_model = XcometOptions
    options: XcometOptions
    default_model = DEFAULT_XCOMET
    flag_categories = ("mistranslation",)

    def outputs(self, prediction: Any) -> list[dict[str, Any]]:
        metadata = prediction.get("metadata") or {}
        if "error_spans" not in metadata:
            raise ConfigError(
                f"metric {self.key}: model '{self.model_name}' reports no error "
                f"spans; use an XCOMET model (e.g. {DEFAULT_XCOMET})"
            )
        return [
            {"score": float(score), "spans": [plain_span(s) for s in spans]}
            for score, spans in zip(prediction["scores"], metadata["error_spans"], strict=True)
        ]

    def flags_for(
        self, segments: Sequence[Segment], outputs: Sequence[Mapping[str, Any]]
    ) -> dict[str, list[Flag]]:
        if not self.options.flags:
            return {}
        flags = {seg.id: spans_to_flags(seg, out["spans"]) for seg, out in zip(segments, outputs)}
        return {key: found for key, found in flags.items() if found}


class RoundtripCOMET(CometMetric):
    key = "roundtrip.comet"
    hyp_side, ref_side = "bt", "src"
    inputs: ClassVar[dict[str, Side]] = {"src": "mt", "mt": "bt", "ref": "src"}


class DirectCOMET(CometMetric):
    key = "direct.comet"
    hyp_side, ref_side = "mt", "ref"
    inputs: ClassVar[dict[str, Side]] = {"src": "src", "mt": "mt", "ref": "ref"}


class QeCometKiwi(CometMetric):
    key = "qe.cometkiwi"
    hyp_side, ref_side = "mt", None
    inputs: ClassVar[dict[str, Side]] = {"src": "src", "mt": "mt"}
    default_model = DEFAULT_COMETKIWI


class QeXCOMET(XcometMetric):
    key = "qe.xcomet"
    hyp_side, ref_side = "mt", None
    inputs: ClassVar[dict[str, Side]] = {"src": "src", "mt": "mt"}


class DirectXCOMET(XcometMetric):
    key = "direct.xcomet"
    hyp_side, ref_side = "mt", "ref"
    inputs: ClassVar[dict[str, Side]] = {"src": "src", "mt": "mt", "ref": "ref"}


# --- XCOMET error spans → flags --------------------------------------------------------------


def plain_span(span: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON-able part of one COMET span (offsets are code points into the sample's mt)."""
    return {
        "start": int(span["start"]),
        "end": int(span["end"]),
        "severity": str(span["severity"]),
        "confidence": float(span["confidence"]),
    }


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Clamp [start, end) to `text` and drop surrounding whitespace; None when nothing is left.

    XLM-R's offsets can include the space before a word, and the <s> token maps to (0, 0).
    """
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def spans_to_flags(segment: Segment, spans: Sequence[Mapping[str, Any]]) -> list[Flag]:
    """XCOMET spans on `segment.mt` as `mistranslation` flags (XCOMET gives no category)."""
    flags = []
    for span in spans:
        bounds = trim_span(segment.mt, int(span["start"]), int(span["end"]))
        if bounds is None:
            continue
        severity = span["severity"] if span["severity"] in SEVERITIES else "major"
        flags.append(
            Flag.at(
                segment,
                bounds,
                category="mistranslation",
                severity=severity,
                check="xcomet",
                message=f"XCOMET marks a {severity} error here "
                f"(confidence {float(span['confidence']):.2f})",
            )
        )
    return flags


# --- loading ---------------------------------------------------------------------------------


def import_comet_models(feature: str = "COMET metrics") -> Any:
    """`comet.models`, or MissingExtraError naming the absent module."""
    try:
        import comet.models
    except ImportError as exc:
        raise MissingExtraError(feature, "comet", (exc.name or "comet").split(".")[0]) from exc
    return comet.models


def resolve_comet(model: str, revision: str | None, models_dir: Path | None, cache: Any) -> Any:
    """The COMET model folder (checkpoints/model.ckpt + hparams.yaml), found offline first."""
    from tarjama.models import resolve_model

    try:
        return resolve_model(
            model,
            revision=revision,
            models_dir=models_dir,
            required=(CHECKPOINT, HPARAMS),
            cache=cache,
        )
    except ModelNotFoundError as exc:
        if model not in GATED_MODELS:
            raise
        raise ModelNotFoundError(
            f"{exc}. Note: '{model}' is licence-gated on the Hugging Face hub: accept its "
            f"licence at https://huggingface.co/{model} and log in ('huggingface-cli login') "
            f"before pulling it"
        ) from None


def read_hparams(folder: Path) -> dict[str, Any]:
    import yaml

    path = folder / HPARAMS
    try:
        hparams = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ModelLoadError(f"cannot read {HPARAMS} ({exc})", folder) from exc
    if not isinstance(hparams, dict) or "class_identifier" not in hparams:
        raise ModelLoadError(f"{HPARAMS} has no class_identifier; not a COMET model", folder)
    return hparams


def resolve_encoder(name: str, folder: Path, models_dir: Path | None) -> tuple[str, bool]:
    """(where the encoder's tokenizer and config are, whether that is local files).

    A folder (absolute, or relative to the COMET model), the model store, the local HF cache;
    else the hub id itself when the hub is reachable (COMET then fetches only tokenizer and
    config); else ModelNotFoundError naming the encoder and how to provide it.
    """
    from tarjama.models import (
        default_models_dir,
        hf_cache_snapshot,
        hub_offline,
        hub_reachable,
        store_name,
    )

    store = models_dir or default_models_dir()
    for candidate in (Path(name).expanduser(), folder / name, store / store_name(name)):
        if candidate.is_dir():
            return str(candidate), True
    snapshot = hf_cache_snapshot(name, None)
    if snapshot is not None:
        return str(snapshot[0]), True
    if not hub_offline() and hub_reachable():
        return name, False
    raise ModelNotFoundError(
        f"COMET model {folder} needs the tokenizer and config of its encoder '{name}', which "
        f"is not available offline. Provide it with 'tarjama models pull {name}' (or "
        f"'huggingface-cli download {name} config.json sentencepiece.bpe.model' "
        f"into the Hugging Face cache) on a machine with network access, or set the metric "
        f"option 'encoder' to a local folder holding those files"
    )


def load_comet_model(
    folder: Path, encoder: str | None = None, models_dir: Path | None = None
) -> Any:
    """Load a COMET checkpoint with its encoder pointed at local files.

    `comet.load_from_checkpoint` takes the encoder from hparams by hub name; this calls the
    same Lightning loader with `pretrained_model` overridden, and no pretrained weights. The
    checkpoint is read with torch's weights-only unpickler: one that carries other pickled
    objects is refused as unsafe.
    """
    from tarjama.models import unsafe_checkpoint

    comet_models = import_comet_models()
    hparams = read_hparams(folder)
    model_class = comet_models.str2model.get(hparams["class_identifier"])
    if model_class is None:
        raise ModelLoadError(
            f"unknown COMET class_identifier '{hparams['class_identifier']}'", folder
        )
    where, local = resolve_encoder(
        encoder or hparams.get("pretrained_model", ""), folder, models_dir
    )
    overrides = {
        "pretrained_model": where,
        "load_pretrained_weights": False,
        "local_files_only": local,
    }
    if hparams.get("layer_transformation") == "sparsemax_patch":
        overrides["layer_transformation"] = "softmax"  # as comet.load_from_checkpoint does (≥2.2.4)
    try:
        return model_class.load_from_checkpoint(
            folder / CHECKPOINT, map_location="cpu", strict=False, weights_only=True, **overrides
        )
    except pickle.UnpicklingError as exc:
        raise unsafe_checkpoint(folder / CHECKPOINT) from exc
    except (OSError, ValueError, RuntimeError, KeyError, EOFError) as exc:
        raise ModelLoadError(
            f"cannot load the COMET checkpoint ({type(exc).__name__}: {exc})", folder
        ) from exc


def set_precision(model: Any, precision: str, device: str) -> Any:
    """float32 stays as loaded; half precisions are cast explicitly (GPU only, checked before)."""
    if precision == "float32" or device == "cpu":
        return model
    import torch

    return model.to(getattr(torch, precision))


def predict_device(device: str) -> dict[str, Any]:
    """COMET `predict` arguments for a device: gpus=0 on CPU, one chosen GPU otherwise."""
    if device == "cpu":
        return {"gpus": 0}
    index = int(device.partition(":")[2] or 0)
    return {"gpus": 1, "devices": [index], "accelerator": "gpu"}
