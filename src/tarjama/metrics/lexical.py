"""BLEU, chrF(++) and TER through sacrebleu, on the round trip and against a reference.

Per-segment statistics come from sacrebleu itself (TER's from a compiled port of sacrebleu's
own search, `tarjama.metrics.ter`, and chrF's from compiled n-gram counting on sacrebleu's own
text preparation, `tarjama.metrics.chrf`, both with identical counts), so the corpus score is
sacrebleu's own number for the same settings; the vectorised `scores_from_sums` functions reproduce
sacrebleu's formulas over many resamples at once for confidence intervals and paired tests.
Statistics are kept as one compact (n, k) array per metric: int32 counts for BLEU and chrF,
float64 [edits, reference length] for TER (as sacrebleu reports them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import Field, field_validator

from tarjama.context import RunContext
from tarjama.data import Segment
from tarjama.lang import get_language
from tarjama.metrics.base import Metric, MetricOptions, MetricStats, Side

LOG_ZERO = -9999999999.0  # sacrebleu's my_log(0)
CHRF_EPS = 1e-16
REFERENCES_PER_SEGMENT = 1  # every metric here scores against one reference per segment
EXTRACT_CHUNK = 1024  # segments handed to sacrebleu at a time: its per-segment lists stay small
# Below this many segments TER and chrF run sacrebleu's own Python code: loading the compiled
# code (numba's import and its on-disk cache, about 0.5 s; a first compile, several seconds,
# once per installation) costs more than sacrebleu needs for a few short segments. Same numbers.
COMPILED_FROM = 32


class LexicalOptions(MetricOptions):
    lowercase: bool = False
    normalize: bool | list[str] = Field(
        False,
        description="Target-language orthographic normalisation (direct.* only): "
        "true for every step, or a list of step names",
    )

    @field_validator("normalize")
    @classmethod
    def _known_steps(cls, value: bool | list[str]) -> bool | list[str]:
        from tarjama.lang.ar import STEPS

        if isinstance(value, list) and set(value) - set(STEPS):
            raise ValueError(
                f"unknown step(s) {sorted(set(value) - set(STEPS))}; known: {list(STEPS)}"
            )
        return value


class BLEUOptions(LexicalOptions):
    tokenize: str | None = None
    smooth_method: Literal["none", "floor", "add-k", "exp"] = "exp"
    smooth_value: float | None = None
    max_ngram_order: int = Field(4, ge=1, le=9)

    @field_validator("tokenize")
    @classmethod
    def _known_tokenizer(cls, value: str | None) -> str | None:
        from sacrebleu.metrics.bleu import BLEU

        from tarjama.suggest import did_you_mean

        if value is not None and value not in BLEU.TOKENIZERS:
            raise ValueError(
                f"unknown sacrebleu tokenizer '{value}' "
                f"({did_you_mean(value, list(BLEU.TOKENIZERS))})"
            )
        return value


class CHRFOptions(LexicalOptions):
    char_order: int = Field(6, ge=1)
    word_order: int = Field(2, ge=0)
    beta: int = Field(2, ge=1)
    whitespace: bool = False
    eps_smoothing: bool = False


class TEROptions(MetricOptions):
    normalized: bool = False
    no_punct: bool = False
    asian_support: bool = False
    case_sensitive: bool = False


class SacrebleuMetric(Metric):
    """Shared path: texts → sacrebleu segment statistics → sacrebleu corpus score."""

    aggregation = "corpus"
    ref_side: ClassVar[Side]  # every sacrebleu metric compares with some side
    parallel_safe = True
    stats_dtype: ClassVar[type[np.number[Any]]] = (
        np.int32
    )  # counts: a segment's are far below 2**31

    def __init__(
        self, options: dict[str, Any] | None = None, context: RunContext | None = None
    ) -> None:
        super().__init__(options, context)
        self.language = get_language(
            self.context.tgt_lang if self.ref_side == "ref" else self.context.src_lang
        )
        self.scorer = self._make_scorer(sentence=False)
        # sacrebleu records the number of reference streams when it first scores, and its
        # signature fails before that; statistics computed in worker processes (or by the
        # compiled TER) never pass through this scorer, so the fact is stated here.
        self.scorer.num_refs = REFERENCES_PER_SEGMENT

    def _make_scorer(self, sentence: bool) -> Any:
        raise NotImplementedError

    def _normalised(self, texts: Sequence[str]) -> Sequence[str]:
        steps = self._normalisation_steps()
        if steps:
            return [self.language.normalise(text, steps) for text in texts]
        return texts

    def _normalisation_steps(self) -> tuple[str, ...]:
        value = getattr(self.options, "normalize", False)
        if value is True:
            return self.language.normalisation_steps
        return tuple(value) if value else ()

    def extract(self, segments: Sequence[Segment]) -> NDArray[Any]:
        """sacrebleu's per-segment statistics, (n, k)."""
        return self.extract_texts(
            side_texts(segments, self.hyp_side), side_texts(segments, self.ref_side)
        )

    def extract_texts(self, hyps: Sequence[str], refs: Sequence[str]) -> NDArray[Any]:
        """Statistics of the hypothesis and reference texts as segments hold them."""
        return self.statistics(self._normalised(hyps), self._normalised(refs))

    def statistics(self, hyps: Sequence[str], refs: Sequence[str]) -> NDArray[Any]:
        """sacrebleu's statistics of each (hyp, ref) pair, chunk by chunk into one array."""
        out: NDArray[Any] = np.empty((len(hyps), self.n_stats), dtype=self.stats_dtype)
        for start in range(0, len(hyps), EXTRACT_CHUNK):
            stop = start + EXTRACT_CHUNK
            out[start:stop] = self.scorer._extract_corpus_statistics(
                hyps[start:stop], [refs[start:stop]]
            )
            clear_tokenizer_caches(self.scorer)
        return out

    @property
    def n_stats(self) -> int:
        """Columns of the statistics array (sacrebleu's statistics per segment)."""
        raise NotImplementedError

    def from_stats(self, stats: NDArray[Any]) -> MetricStats:
        return MetricStats(self.key, stats, self.sentence_scores(stats))

    def compute(self, segments: Sequence[Segment]) -> MetricStats:
        return self.from_stats(self.extract(segments))

    def corpus_score(self, stats: NDArray[Any]) -> float:
        """sacrebleu's own corpus computation on the summed statistics (exact)."""
        total = stats.sum(axis=0, dtype=np.result_type(stats.dtype, np.int64))
        return float(self.scorer._compute_score_from_stats([x.item() for x in total]).score)

    def sentence_scores(self, stats: NDArray[Any]) -> NDArray[np.float64]:
        """Each segment scored alone: the corpus formula on its own statistics row."""
        return self.scores_from_sums(stats)

    def signature(self) -> str:
        signature: str = self.scorer.get_signature().format()
        steps = self._normalisation_steps()
        if steps:
            signature += f"|norm:{self.language.code}:{'+'.join(steps)}"
        return signature


class BLEUMetric(SacrebleuMetric):
    higher_is_better = True
    options_model = BLEUOptions
    options: BLEUOptions

    def _make_scorer(self, sentence: bool) -> Any:
        from sacrebleu.metrics.bleu import BLEU

        opts = self.options
        return BLEU(
            lowercase=opts.lowercase,
            tokenize=opts.tokenize or self.language.sacrebleu_tokenize,
            smooth_method=opts.smooth_method,
            smooth_value=opts.smooth_value,
            max_ngram_order=opts.max_ngram_order,
            effective_order=sentence,
        )

    @property
    def n_stats(self) -> int:
        return 2 + 2 * self.options.max_ngram_order  # lengths, then matches and totals per order

    def sentence_scores(self, stats: NDArray[Any]) -> NDArray[np.float64]:
        """Sentence BLEU uses effective order, as sacrebleu's sentence_score recommends."""
        opts = self.options
        return bleu_from_sums(
            np.asarray(stats, dtype=np.float64),
            opts.max_ngram_order,
            opts.smooth_method,
            opts.smooth_value,
            effective_order=True,
        )

    def scores_from_sums(self, sums: NDArray[Any]) -> NDArray[np.float64]:
        opts = self.options
        return bleu_from_sums(
            np.asarray(sums, dtype=np.float64),
            opts.max_ngram_order,
            opts.smooth_method,
            opts.smooth_value,
        )


class CHRFMetric(SacrebleuMetric):
    higher_is_better = True
    options_model = CHRFOptions
    options: CHRFOptions

    def _make_scorer(self, sentence: bool) -> Any:
        from sacrebleu.metrics.chrf import CHRF

        opts = self.options
        return CHRF(
            char_order=opts.char_order,
            word_order=opts.word_order,
            beta=opts.beta,
            lowercase=opts.lowercase,
            whitespace=opts.whitespace,
            eps_smoothing=opts.eps_smoothing,
        )

    @property
    def n_stats(self) -> int:
        return 3 * (self.options.char_order + self.options.word_order)  # hyp, ref, match per order

    def statistics(self, hyps: Sequence[str], refs: Sequence[str]) -> NDArray[Any]:
        """chrF statistics from the compiled counting (identical to sacrebleu's; see module chrf)."""
        if len(hyps) < COMPILED_FROM:
            return super().statistics(hyps, refs)
        from tarjama.metrics.chrf import chrf_statistics

        return chrf_statistics(hyps, refs, self.scorer)

    def scores_from_sums(self, sums: NDArray[Any]) -> NDArray[np.float64]:
        opts = self.options
        return chrf_from_sums(np.asarray(sums, dtype=np.float64), opts.beta, opts.eps_smoothing)


class TERMetric(SacrebleuMetric):
    higher_is_better = False
    options_model = TEROptions
    options: TEROptions
    stats_dtype = np.float64  # sacrebleu's [edits, reference length], the length a float

    def _make_scorer(self, sentence: bool) -> Any:
        from sacrebleu.metrics.ter import TER

        opts = self.options
        return TER(
            normalized=opts.normalized,
            no_punct=opts.no_punct,
            asian_support=opts.asian_support,
            case_sensitive=opts.case_sensitive,
        )

    @property
    def n_stats(self) -> int:
        return 2

    def statistics(self, hyps: Sequence[str], refs: Sequence[str]) -> NDArray[Any]:
        """TER statistics from the compiled search (identical to sacrebleu's; see module ter)."""
        if len(hyps) < COMPILED_FROM:
            return super().statistics(hyps, refs)
        from tarjama.metrics.ter import ter_statistics

        return ter_statistics(hyps, refs, self.scorer.tokenizer)

    def scores_from_sums(self, sums: NDArray[Any]) -> NDArray[np.float64]:
        return ter_from_sums(np.asarray(sums, dtype=np.float64))


class RoundtripBLEU(BLEUMetric):
    key = "roundtrip.bleu"
    hyp_side, ref_side = "bt", "src"


class RoundtripCHRF(CHRFMetric):
    key = "roundtrip.chrf"
    hyp_side, ref_side = "bt", "src"


class RoundtripTER(TERMetric):
    key = "roundtrip.ter"
    hyp_side, ref_side = "bt", "src"


class DirectBLEU(BLEUMetric):
    key = "direct.bleu"
    hyp_side, ref_side = "mt", "ref"


class DirectCHRF(CHRFMetric):
    key = "direct.chrf"
    hyp_side, ref_side = "mt", "ref"


def clear_tokenizer_caches(scorer: Any) -> None:
    """Empty the process-wide lru_caches of the scorer's sacrebleu tokeniser (and of the
    tokeniser it calls): each holds up to 65,536 sentences, tens of MB that a run which
    tokenises every text once only pays for."""
    tokenizer = getattr(scorer, "tokenizer", None)
    for part in (tokenizer, getattr(tokenizer, "_post_tokenizer", None)):
        clear = getattr(type(part).__call__, "cache_clear", None) if part is not None else None
        if clear is not None:
            clear()


def side_texts(segments: Sequence[Segment], side: str) -> list[str]:
    """One side's text of every segment ("" where the segment has none)."""
    return [getattr(seg, side) or "" for seg in segments]


def bleu_from_sums(
    sums: NDArray[Any],
    order: int,
    smooth_method: str,
    smooth_value: float | None,
    effective_order: bool = False,
) -> NDArray[np.float64]:
    """sacrebleu's BLEU from summed statistics, vectorised over leading axes.

    With `effective_order`, only the n-gram orders before the first empty one count
    (sacrebleu's sentence-level setting).
    """
    from sacrebleu.metrics.bleu import BLEU

    default = BLEU.SMOOTH_DEFAULTS[smooth_method] or 0.0  # "none" and "exp" take no value
    value = default if smooth_value is None else smooth_value
    sys_len, ref_len = sums[..., 0], sums[..., 1]
    correct = sums[..., 2 : 2 + order].copy()
    total = sums[..., 2 + order : 2 + 2 * order].copy()
    any_correct = (correct != 0).any(axis=-1)
    if smooth_method == "add-k":
        correct[..., 1:] += value
        total[..., 1:] += value
    alive = np.cumprod(total > 0, axis=-1).astype(bool)  # orders before the first empty one
    safe_total = np.where(total > 0, total, 1.0)
    zero = (correct == 0) & alive
    precision = 100.0 * correct / safe_total
    if smooth_method == "exp":
        precision = np.where(
            zero, 100.0 / (2.0 ** np.cumsum(zero, axis=-1) * safe_total), precision
        )
    elif smooth_method == "floor":
        precision = np.where(zero, 100.0 * value / safe_total, precision)
    precision = np.where(alive, precision, 0.0)
    with np.errstate(divide="ignore"):
        logs = np.where(precision > 0, np.log(np.where(precision > 0, precision, 1.0)), LOG_ZERO)
    safe_sys = np.where(sys_len > 0, sys_len, 1.0)
    brevity = np.where(
        sys_len < ref_len, np.where(sys_len > 0, np.exp(1 - ref_len / safe_sys), 0.0), 1.0
    )
    if effective_order:
        n_orders = np.where(alive.any(axis=-1), alive.sum(axis=-1), order)
        mean_log = np.where(alive, logs, 0.0).sum(axis=-1) / n_orders
    else:
        mean_log = logs.sum(axis=-1) / order
    return np.where(any_correct, brevity * np.exp(mean_log), 0.0)


def chrf_from_sums(sums: NDArray[Any], beta: int, eps_smoothing: bool) -> NDArray[np.float64]:
    """sacrebleu's chrF from [hyp, ref, match] triples per order, vectorised."""
    n_hyp, n_ref, n_match = sums[..., 0::3], sums[..., 1::3], sums[..., 2::3]
    factor = beta**2
    prec = np.where(n_hyp > 0, n_match / np.where(n_hyp > 0, n_hyp, 1), CHRF_EPS)
    rec = np.where(n_ref > 0, n_match / np.where(n_ref > 0, n_ref, 1), CHRF_EPS)
    if eps_smoothing:
        denom = factor * prec + rec
        f_scores = np.where(
            denom > 0, (1 + factor) * prec * rec / np.where(denom > 0, denom, 1), CHRF_EPS
        )
        mean_f: NDArray[np.float64] = 100 * f_scores.sum(axis=-1) / n_hyp.shape[-1]
        return mean_f
    effective = (n_hyp > 0) & (n_ref > 0)
    count = effective.sum(axis=-1)
    safe_count = np.where(count > 0, count, 1)
    avg_prec = np.where(count > 0, (prec * effective).sum(axis=-1) / safe_count, 0.0)
    avg_rec = np.where(count > 0, (rec * effective).sum(axis=-1) / safe_count, 0.0)
    denom = factor * avg_prec + avg_rec
    safe_denom = np.where(denom > 0, denom, 1.0)
    return np.where(
        avg_prec + avg_rec > 0, 100 * (1 + factor) * avg_prec * avg_rec / safe_denom, 0.0
    )


def ter_from_sums(sums: NDArray[Any]) -> NDArray[np.float64]:
    """sacrebleu's TER: total edits over total reference length, ×100."""
    edits, ref_len = sums[..., 0], sums[..., 1]
    ratio = np.where(
        ref_len > 0, edits / np.where(ref_len > 0, ref_len, 1), np.where(edits > 0, 1.0, 0.0)
    )
    return 100.0 * ratio
