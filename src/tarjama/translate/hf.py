"""The `hf` engine: translation with any transformers sequence-to-sequence model.

Marian (`Helsinki-NLP/opus-mt-ar-en`, the default back-translator), NLLB-200 and M2M100 work
by name or as a local folder (see tarjama.models for how a name is found offline). Caching,
resuming and token-budget batching are shared with the `ct2` engine (tarjama.translate.seq2seq);
this engine runs the batches through `model.generate` in torch.
"""

from __future__ import annotations

from typing import Any

from tarjama.translate.hf_model import load_backend, resolve_device, resolve_dtype
from tarjama.translate.seq2seq import SEQ2SEQ_SETTINGS, Backend, Seq2SeqEngine


class HfEngine(Seq2SeqEngine):
    """Translates with a transformers seq2seq model in torch."""

    name = "hf"
    settings = SEQ2SEQ_SETTINGS | {"dtype", "threads"}

    def decide_setup(self) -> dict[str, Any]:
        backend: Any = self._backend
        device = backend.device if backend else resolve_device(self.config.device, self.role)
        dtype = backend.dtype if backend else resolve_dtype(self.config.dtype, device)
        return {"device": device, "dtype": dtype}

    def generation(self) -> dict[str, Any]:
        return {**super().generation(), "dtype": self.setup["dtype"]}

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "dtype": self.setup["dtype"]}

    def load_backend(self) -> Backend:
        setup = self.setup
        return load_backend(
            self.resolved, self.config, setup["pair"], setup["device"], setup["dtype"], self.role
        )
