"""The `ct2` engine: the `hf` engine's models, run by CTranslate2 (the choice for CPU runs).

The checkpoint is found as the `hf` engine finds it, converted once per quantization into the
model store (tarjama.translate.ct2_model), and translated with `Translator.translate_batch`
in the same token-budget batches, with the same beam size, length limits, cache and resume
path as `hf` (tarjama.translate.seq2seq). The cache key adds the quantization to what `hf`
keys by, under the engine's own name, so the two engines never share entries.
"""

from __future__ import annotations

from typing import Any

from tarjama.translate.ct2_model import (
    Ct2Backend,
    checkpoint_limits,
    decoding_settings,
    ensure_converted,
    import_ctranslate2,
    load_translator,
    resolve_device,
    resolve_quantization,
    warn_if_start_differs,
)
from tarjama.translate.hf_model import import_torch, import_transformers, load_tokenizer
from tarjama.translate.seq2seq import SEQ2SEQ_SETTINGS, Backend, Seq2SeqEngine


class Ct2Engine(Seq2SeqEngine):
    """Translates with CTranslate2 on a converted copy of a transformers checkpoint."""

    name = "ct2"
    settings = SEQ2SEQ_SETTINGS | {"quantization", "inter_threads", "intra_threads"}

    def decide_setup(self) -> dict[str, Any]:
        """Device and quantization, and the packages conversion and tokenising need."""
        import_torch("the ct2 engine", "ct2")  # the converter reads the checkpoint with torch
        import_transformers("the ct2 engine", "ct2")
        device = resolve_device(self.config.device, self.role)
        quantization = resolve_quantization(self.config.quantization, device, self.role)
        return {
            "device": str(device),
            "ct2_device": device,
            "quantization": quantization,
            "ctranslate2": import_ctranslate2().__version__,
        }

    def generation(self) -> dict[str, Any]:
        return {**super().generation(), "quantization": self.setup["quantization"]}

    def describe(self) -> dict[str, Any]:
        setup = self.setup
        return {
            **super().describe(),
            "quantization": setup["quantization"],
            "ctranslate2": setup["ctranslate2"],
        }

    def load_backend(self) -> Backend:
        setup, resolved, config = self.setup, self.resolved, self.config
        folder = ensure_converted(
            resolved,
            setup["quantization"],
            self.models_dir(),
            trust_remote_code=config.trust_remote_code,
            section=self.role,
        )
        warn_if_start_differs(folder, resolved.model_id, self.role)
        tokenizer = load_tokenizer(resolved, config, self.role)
        translator = load_translator(
            folder,
            setup["ct2_device"],
            setup["quantization"],
            config.inter_threads,
            config.intra_threads,
        )
        return Ct2Backend(
            tokenizer,
            translator,
            setup["pair"],
            checkpoint_limits(tokenizer, resolved.path),
            config.num_beams,
            decoding_settings(resolved.path),
            self.role,
        )
