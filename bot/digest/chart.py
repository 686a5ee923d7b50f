"""The digest's chart: reported stock moves as a horizontal bar chart, drawn to PNG bytes.

It uses matplotlib's object API with the Agg canvas directly (no pyplot): no display is needed,
and no global figure state is shared between the scheduler's threads.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

GAIN = "#1a9850"  # green
LOSS = "#d73027"  # red: distinct from green for most colour-blind readers too, and signed labels say it anyway


def moves_chart(moves: list[tuple[str, float]], *, title: str, footnote: str | None = None) -> bytes:
    """PNG of (firm, percent) bars, largest magnitude at the top, each labelled with its signed value."""
    ordered = sorted(moves, key=lambda item: abs(item[1]))  # barh draws bottom-up: largest ends on top
    names = [name for name, _ in ordered]
    values = [value for _, value in ordered]
    height = 1.6 + 0.5 * len(ordered) + (0.3 if footnote else 0)
    figure = Figure(figsize=(8, height), dpi=120, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bars = axes.barh(names, values, color=[GAIN if v >= 0 else LOSS for v in values], height=0.6)
    axes.bar_label(bars, labels=[f"{v:+g}%" for v in values], padding=4, fontsize=10, fontweight="bold")
    axes.axvline(0, color="#444444", linewidth=0.8)
    low, high = min(values + [0]), max(values + [0])
    span = (high - low) or 1
    axes.set_xlim(low - 0.18 * span if low < 0 else 0, high + 0.18 * span if high > 0 else 0)
    axes.set_xlabel("Reported share price change (%)")
    axes.set_ylabel("Firm")
    axes.set_title(title, fontsize=12, fontweight="bold")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if footnote:
        figure.supxlabel(footnote, fontsize=8, color="#555555", x=0.01, ha="left")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
