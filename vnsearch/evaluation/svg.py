"""Inline SVG bar charts for the evaluation report (no scripts, no external files)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_BAR_HEIGHT = 14
_BAR_GAP = 4
_GROUP_GAP = 10
_LABEL_WIDTH = 300
_PLOT_WIDTH = 360
_COLOURS = ("#3569b5", "#e08a2c", "#4a9a5b", "#a04f9f")


def grouped_bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    title: str,
    max_value: float = 1.0,
) -> str:
    """Return an SVG element with one group of horizontal bars per label.

    ``series`` contains ``(name, values)`` pairs with one value per label; values are
    drawn on a scale from 0 to ``max_value`` and printed with 3 decimals.
    """
    if max_value <= 0:
        raise ValueError(f"Invalid max_value {max_value}; use a positive number.")
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"Series {name!r} has {len(values)} values for {len(labels)} labels.")

    group_height = len(series) * (_BAR_HEIGHT + _BAR_GAP) + _GROUP_GAP
    legend_height = 24
    height = legend_height + len(labels) * group_height + 10
    width = _LABEL_WIDTH + _PLOT_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]

    # Legend: one coloured square and name per series.
    for i, (name, _) in enumerate(series):
        x = _LABEL_WIDTH + i * 120
        colour = _COLOURS[i % len(_COLOURS)]
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="14" class="legend">{escape(name)}</text>')

    # One group per label: the label on the left, one bar per series.
    for row, label in enumerate(labels):
        top = legend_height + row * group_height
        middle = top + len(series) * (_BAR_HEIGHT + _BAR_GAP) / 2
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{middle + 4:.1f}" text-anchor="end" '
            f'class="label">{escape(label)}</text>'
        )
        for i, (_, values) in enumerate(series):
            value = values[row]
            length = max(0.0, min(1.0, value / max_value)) * _PLOT_WIDTH
            y = top + i * (_BAR_HEIGHT + _BAR_GAP)
            colour = _COLOURS[i % len(_COLOURS)]
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{length:.1f}" '
                f'height="{_BAR_HEIGHT}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{_LABEL_WIDTH + length + 4:.1f}" y="{y + _BAR_HEIGHT - 3}" '
                f'class="value">{value:.3f}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
