"""Charts for the report: inline SVG drawn by matplotlib, deterministic and text-free of data.

matplotlib renders text as glyph paths (`svg.fonttype: path`), so no run data reaches the SVG
as markup; comments and metadata are stripped, and a fixed hash salt and no date make the same
run produce the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

SEVERITY_COLOURS = {"critical": "#9b1c1c", "major": "#c2410c", "minor": "#a16207"}
BAR_COLOUR = "#1d4ed8"
_RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "tarjama",
    "svg.fonttype": "path",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def flags_by_category_svg(counts: Mapping[str, Mapping[str, int]], title: str) -> Markup:
    """Horizontal stacked bars: flags per category, split by severity.

    `counts` maps category -> severity -> count (only categories with flags).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    categories = list(counts)
    with matplotlib.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.4, 0.35 * len(categories) + 1.0))
        left = [0] * len(categories)
        for severity, colour in SEVERITY_COLOURS.items():
            widths = [counts[c].get(severity, 0) for c in categories]
            ax.barh(
                categories,
                widths,
                left=left,
                color=colour,
                label=severity,
                hatch={"critical": "xx", "major": "//", "minor": ""}[severity],
                edgecolor="white",
            )
            left = [a + b for a, b in zip(left, widths)]
        ax.invert_yaxis()
        ax.set_xlabel("flags")
        _integer_ticks(ax.xaxis)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        return _to_svg(fig, title)


def score_histogram_svg(scores: Sequence[float], metric: str, title: str) -> Markup:
    """Histogram of sentence-level scores of one metric."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.4, 2.6))
        ax.hist(list(scores), bins=histogram_edges(scores), color=BAR_COLOUR, edgecolor="white")
        ax.set_xlabel("sentence score")
        ax.set_ylabel("segments")
        _integer_ticks(ax.yaxis)
        return _to_svg(fig, title)


def paired_scatter_svg(pairs: Sequence[tuple[float, float]], title: str) -> Markup:
    """One point per segment: baseline sentence score across, candidate's up, and the diagonal
    where they are equal."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs, ys = [a for a, _ in pairs], [b for _, b in pairs]
    edges = histogram_edges(xs + ys)
    low, high = edges[0], edges[-1]
    with matplotlib.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(4.6, 4.4))
        ax.plot([low, high], [low, high], color="#6b7280", linewidth=0.8, linestyle="--")
        ax.scatter(
            xs, ys, s=10, color=BAR_COLOUR, alpha=0.45 if len(pairs) > 300 else 0.8, linewidths=0
        )
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_aspect("equal")
        ax.set_xlabel("baseline sentence score")
        ax.set_ylabel("candidate sentence score")
        return _to_svg(fig, title)


def histogram_edges(scores: Sequence[float], bins: int = 20) -> list[float]:
    """Bin edges shared by the chart and its table fallback (0-100 when scores fit)."""
    low, high = (min(scores), max(scores)) if scores else (0.0, 1.0)
    if 0 <= low and high <= 100 and high > 1:
        low, high = 0.0, 100.0
    if high <= low:
        high = low + 1.0
    step = (high - low) / bins
    return [low + i * step for i in range(bins + 1)]


def _integer_ticks(axis: Axis) -> None:
    """matplotlib's default ticks on a count axis, whole numbers only."""
    from matplotlib.ticker import AutoLocator

    locator = AutoLocator()
    locator.set_params(integer=True)
    axis.set_major_locator(locator)


def _to_svg(fig: Figure, title: str) -> Markup:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.tight_layout()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return _accessible(_own_ids(_strip(buffer.getvalue()), title), title)


def _strip(svg: str) -> str:
    """Drop the XML prolog, doctype, comments and metadata: only the drawing stays."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)


def _own_ids(svg: str, title: str) -> str:
    """Prefix the drawing's ids (and references to them) so that two charts on one page do not
    share ids such as 'DejaVuSans-30' or 'patch_1'; the prefix comes from the chart's title."""
    prefix = "c" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:8] + "-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)


def _accessible(svg: str, title: str) -> Markup:
    """Give the <svg> an image role and a <title> (escaped) as its accessible name."""
    head, rest = svg.split(">", 1)
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    return Markup(
        f'{head} role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>{rest}"
    )
