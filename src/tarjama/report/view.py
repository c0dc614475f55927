"""What every report format shows, computed once from a run: verdict, gates, metrics, flags."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from tarjama.flags import CATEGORIES, SEVERITIES

# Metrics tried in order for the segment-score histogram and the table's default column.
PRIMARY_METRICS = (
    "roundtrip.chrf",
    "direct.chrf",
    "roundtrip.comet",
    "direct.comet",
    "qe.cometkiwi",
    "roundtrip.semsim",
    "roundtrip.bleu",
    "direct.bleu",
)
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})
SEVERITY_LETTERS = {"minor": "m", "major": "M", "critical": "C"}
GATE_MARKS = {"pass": "✓", "fail": "✗", "inconclusive": "?", "skipped": "–", "no-gates": "–"}
VERDICT_LABELS = {"pass": "PASS", "fail": "FAIL", "no-gates": "NO GATES"}
# Gate fields the result columns show (state, name, subject, value, threshold), and those that
# gate_facts folds into another fact; every other field is shown as it comes.
_GATE_COLUMNS = frozenset(
    {
        "name",
        "kind",
        "metric",
        "op",
        "threshold",
        "value",
        "passed",
        "state",
        "higher_is_better",
        "use",
    }
)
_FOLDED = frozenset({"test", "n_samples", "alpha", "message"})
TEST_NAMES = {"bootstrap": "paired bootstrap", "randomization": "approximate randomisation"}


class GateFact(NamedTuple):
    """One line of a gate's evidence: 'delta' and '-1.84'."""

    label: str
    text: str


def gate_state(gate: Mapping[str, Any]) -> str:
    """pass, fail or inconclusive (older results carry only `passed`)."""
    return gate.get("state") or ("pass" if gate.get("passed") else "fail")


def verdict(results: Mapping[str, Any]) -> str:
    """The run's overall outcome: fail when any gate failed, pass when all passed, 'no-gates'."""
    if not results.get("passed", True):
        return "fail"
    return "pass" if results.get("gates") else "no-gates"


def gates_outcome(gates: Sequence[Mapping[str, Any]]) -> str:
    """'1 of 3 gates passed, 1 inconclusive, 1 skipped', or 'no gates configured'."""
    if not gates:
        return "no gates configured"
    states = [gate_state(g) for g in gates]
    passed = sum(1 for g, s in zip(gates, states, strict=True) if g.get("passed") and s == "pass")
    others = [f"{states.count(s)} {s}" for s in ("inconclusive", "skipped") if s in states]
    return ", ".join([f"{passed} of {len(gates)} gates passed", *others])


def is_rtl(language: str | None) -> bool:
    return (language or "").split("-")[0].lower() in RTL_LANGUAGES


@cache
def search_folding(language: str | None) -> dict[str, str]:
    """Character -> what the language's normalisation makes of it ('' when it drops it): the
    page's search folds spelling variants with this table (إسطنبول finds اسطنبول)."""
    from tarjama.errors import ConfigError
    from tarjama.lang import get_language

    try:
        normalise = get_language((language or "").split("-")[0].lower()).normalise
    except ConfigError:
        return {}
    table = {}
    for code in range(0x80, 0x10000):
        if not 0xD800 <= code < 0xE000 and normalise(chr(code)) != chr(code):
            table[chr(code)] = normalise(chr(code))
    return table


def metric_keys(segments: Sequence[Mapping[str, Any]]) -> list[str]:
    """Metric keys with sentence scores, in first-seen order."""
    keys: dict[str, None] = {}
    for segment in segments:
        keys.update(dict.fromkeys(segment.get("scores") or {}))
    return list(keys)


def primary_metric(keys: Sequence[str]) -> str | None:
    """The metric the histogram and the segment table show first."""
    for key in PRIMARY_METRICS:
        if key in keys:
            return key
    return keys[0] if keys else None


def flag_matrix(segments: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """category -> severity -> count, for categories that have flags, in vocabulary order."""
    return matrix_from_counts(flag_counts(segment.get("flags") or [] for segment in segments))


def flag_counts(flag_lists: Iterable[Iterable[Mapping[str, Any]]]) -> Counter[tuple[str, str]]:
    """(category, severity) -> count over lists of flags."""
    return Counter(
        (str(f.get("category")), str(f.get("severity"))) for flags in flag_lists for f in flags
    )


def matrix_from_counts(counts: Mapping[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    """`flag_matrix` from (category, severity) counts."""
    matrix: dict[str, dict[str, int]] = {}
    for (category, severity), count in counts.items():
        row = matrix.setdefault(category, dict.fromkeys(SEVERITIES, 0))
        row[severity] = row.get(severity, 0) + count
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return dict(sorted(matrix.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def data_files(results: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(path as shown, sha256) of each data file: relative to the suite when the run recorded
    that, else as recorded (older runs kept only the path tarjama was given)."""
    data = results.get("data") or {}
    shown = data.get("suite_relative") or {}
    return [
        (str(shown.get(path, path)), str(sha)) for path, sha in (data.get("files") or {}).items()
    ]


def mqm_per_words(results: Mapping[str, Any]) -> int:
    """The MQM penalty's unit: penalty points per this many source words (1000 by default)."""
    per = ((results.get("checks") or {}).get("mqm") or {}).get("per_words")
    return per if isinstance(per, int) and not isinstance(per, bool) and per > 0 else 1000


def top_segments(segments: Iterable[Mapping[str, Any]], n: int) -> list[Mapping[str, Any]]:
    """The `n` flagged segments with the highest MQM penalty (then most flags, then the first),
    keeping only `n` of them at a time."""
    flagged = (s for s in segments if s.get("flags"))
    return heapq.nsmallest(
        n, flagged, key=lambda s: (-(s.get("mqm_penalty") or 0.0), -len(s["flags"]))
    )


def format_number(value: Any, digits: int = 2) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "—" if value is None else str(value)
    return f"{value:.{digits}f}"


def format_ci(ci: Sequence[float] | None) -> str:
    if not isinstance(ci, (list, tuple)) or len(ci) != 2:
        return "—"
    return f"[{format_number(ci[0])}, {format_number(ci[1])}]"


def format_p(p: Any) -> str:
    """A p-value to 3 significant digits: 0.0102, 0.200, 1.00."""
    if not _is_number(p):
        return format_number(p)
    return f"{p:#.3g}" if p >= 1e-4 or p == 0 else f"{p:.2e}"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def gate_detail(gate: Mapping[str, Any]) -> str:
    """One line for logs and CI: 'value 41.20, threshold >= 45.00; delta -1.84; …; reason …'."""
    text = f"value {format_number(gate.get('value'))}"
    if gate.get("threshold") is not None:
        op = f"{gate['op']} " if gate.get("op") else ""
        text += f", threshold {op}{format_number(gate['threshold'])}"
    return "; ".join([text] + [f"{fact.label}: {fact.text}" for fact in gate_facts(gate)])


def gate_facts(gate: Mapping[str, Any]) -> list[GateFact]:
    """A gate's evidence beyond its value and threshold, in reading order: for a regression
    gate the baseline run, delta, its CI, margin, p-values; then any field a newer results.json
    carries; the verdict's reason last. Every report format and the CLI show these."""
    facts = []
    for key, value in gate.items():
        if key in _GATE_COLUMNS or key in _FOLDED or value is None:
            continue
        facts.append(_fact(key, value, gate))
    facts.sort(key=lambda f: _FACT_ORDER.get(f.label, len(_FACT_ORDER)))
    if gate.get("message"):
        facts.append(GateFact("reason", str(gate["message"])))
    return facts


_FACT_ORDER = {
    label: i
    for i, label in enumerate(
        ("baseline", "baseline value", "delta", "95% CI of delta", "margin", "p")
    )
}


def _fact(key: str, value: Any, gate: Mapping[str, Any]) -> GateFact:
    if key == "baseline":
        return GateFact("baseline", _baseline_text(value))
    if key == "delta" and _is_number(value):
        return GateFact("delta", f"{value:+.2f}")
    if key in ("delta_ci95", "ci95"):
        return GateFact("95% CI of delta", format_ci(value))
    if key.startswith("p_value"):
        label = "p" + (f" ({key[len('p_value_') :].replace('_', ' ')})" if key != "p_value" else "")
        return GateFact(label, format_p(value) + _test_text(gate))
    return GateFact(key.replace("_", " "), _plain(value))


def _baseline_text(baseline: Any) -> str:
    """'run-id (label main, value 61.20; newest passing run with that label)'."""
    if not isinstance(baseline, Mapping):
        return _plain(baseline)
    named = [
        f"{k.replace('_', ' ')} {format_number(v) if _is_number(v) else _plain(v)}"
        for k, v in baseline.items()
        if k not in ("run_id", "path", "reason") and v is not None
    ]
    text = str(baseline.get("run_id") or baseline.get("path") or "?")
    text += f" ({', '.join(named)})" if named else ""
    return text + (f"; {baseline['reason']}" if baseline.get("reason") else "")


def _test_text(gate: Mapping[str, Any]) -> str:
    """' (paired bootstrap, 1000 samples; alpha 0.05)' from whatever the gate recorded."""
    parts = (
        [TEST_NAMES.get(str(gate.get("test")), str(gate.get("test")))] if gate.get("test") else []
    )
    if _is_number(gate.get("n_samples")):
        parts.append(f"{gate['n_samples']} samples")
    text = ", ".join(parts)
    if _is_number(gate.get("alpha")):
        text += ("; " if text else "") + f"alpha {gate['alpha']:g}"
    return f" ({text})" if text else ""


def _plain(value: Any) -> str:
    """A field of unknown meaning as short text: numbers to 4 significant digits."""
    if _is_number(value):
        return f"{value:.4g}" if isinstance(value, float) else str(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def truncate(text: str, limit: int) -> str:
    """Collapse whitespace and cut to `limit` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
