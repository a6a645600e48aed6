"""Small server-side SVG charts that need no JavaScript and no inline styles.

Colours are presentation attributes, which a strict Content-Security-Policy allows. Every
label is escaped. Each chart carries a <title> and an aria-label for screen readers.
"""

import math
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = [
    "#b3261e",
    "#1f5f8b",
    "#2e7d32",
    "#8e5b00",
    "#6a3d9a",
    "#00796b",
    "#5d4037",
    "#ad1457",
    "#455a64",
    "#827717",
]


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def horizontal_bars(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    width: int = 560,
    bar_height: int = 22,
    label_width: int = 170,
    colour: str = PALETTE[1],
) -> SafeString:
    """A horizontal bar chart of (label, value) pairs."""
    if not items:
        return mark_safe("")
    gap = 6
    top = 8
    height = top + len(items) * (bar_height + gap) + 4
    peak = max(value for _label, value in items) or 1
    span = width - label_width - 60
    rows = []
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_height + gap)
        length = max(2.0, span * value / peak)
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        rows.append(
            f'<g><text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'font-size="13" fill="#222">{_text(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'rx="3" fill="{colour}"><title>{_text(label)}: {_text(shown)}</title></rect>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height * 0.7:.1f}" '
            f'font-size="13" fill="#222">{_text(shown)}</text></g>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_text(title)}" font-family="sans-serif">'
        f"<title>{_text(title)}</title>{''.join(rows)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - built from escaped parts


def line_chart(
    series: Sequence[tuple[str, Sequence[tuple[str, float]]]],
    *,
    title: str,
    width: int = 560,
    height: int = 220,
) -> SafeString:
    """Lines of (x label, value) points sharing the same x labels, with a legend."""
    points_all = [value for _name, points in series for _x, value in points]
    if not points_all:
        return mark_safe("")
    left, right, top, bottom = 48, 12, 12, 40
    labels = list(dict.fromkeys(x for _name, points in series for x, _v in points))
    low, high = min(0.0, min(points_all)), max(points_all) or 1.0
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(index: int) -> float:
        return left + (plot_w * index / max(1, len(labels) - 1))

    def py(value: float) -> float:
        return top + plot_h - (plot_h * (value - low) / ((high - low) or 1))

    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="#888"/>',
        f'<text x="{left - 6}" y="{py(high) + 4:.1f}" font-size="11" text-anchor="end" '
        f'fill="#444">{_text(f"{high:g}")}</text>',
        f'<text x="{left - 6}" y="{py(low) + 4:.1f}" font-size="11" text-anchor="end" '
        f'fill="#444">{_text(f"{low:g}")}</text>',
    ]
    step = max(1, len(labels) // 6)
    for index, label in enumerate(labels):
        if index % step == 0 or index == len(labels) - 1:
            parts.append(
                f'<text x="{px(index):.1f}" y="{height - bottom + 16}" font-size="11" '
                f'text-anchor="middle" fill="#444">{_text(label)}</text>'
            )
    for s_index, (name, points) in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        coords = " ".join(f"{px(labels.index(x)):.1f},{py(v):.1f}" for x, v in points)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" '
            f'stroke-width="2"><title>{_text(name)}</title></polyline>'
        )
        for x, v in points:
            parts.append(
                f'<circle cx="{px(labels.index(x)):.1f}" cy="{py(v):.1f}" r="3" '
                f'fill="{colour}"><title>{_text(name)} {_text(x)}: '
                f"{_text(f'{v:g}')}</title></circle>"
            )
        parts.append(
            f'<rect x="{left + s_index * 150}" y="{height - 14}" width="10" '
            f'height="10" fill="{colour}"/><text x="{left + s_index * 150 + 14}" '
            f'y="{height - 5}" font-size="11" fill="#222">{_text(name)}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_text(title)}" font-family="sans-serif">'
        f"<title>{_text(title)}</title>{''.join(parts)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - built from escaped parts


def _legend(names: Sequence[str], *, top: int, width: int, left: int = 8) -> tuple[str, int]:
    """Legend entries that wrap onto as many rows as the width needs; (svg, height used)."""
    parts: list[str] = []
    x, y = float(left), top
    for index, name in enumerate(names):
        span = 26 + 6.2 * len(str(name))
        if x > left and x + span > width:
            x, y = left, y + 18
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14:.1f}" y="{y + 9}" font-size="11" fill="#222">'
            f"{_text(name)}</text>"
        )
        x += span
    return "".join(parts), (y - top + 18) if names else 0


def grouped_bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
) -> SafeString:
    """Vertical bars, one group per category (e.g. a month) and one bar per series within
    it, each series coloured alike, with a wrapping legend below."""
    values = [v for _name, points in series for v in points]
    if not categories or not series or not any(values):
        return mark_safe("")
    legend, legend_h = _legend([name for name, _points in series], top=height + 4, width=width)
    left, right, top, bottom = 36, 8, 10, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(values) or 1
    group_w = plot_w / len(categories)
    bar_w = max(1.0, (group_w * 0.8) / len(series))
    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="#888"/>',
        f'<text x="{left - 4}" y="{top + 10}" font-size="11" text-anchor="end" '
        f'fill="#444">{_text(f"{peak:g}")}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="11" text-anchor="end" '
        f'fill="#444">0</text>',
    ]
    step = max(1, math.ceil(len(categories) * 56 / plot_w))
    for c_index, category in enumerate(categories):
        x0 = left + c_index * group_w + group_w * 0.1
        for s_index, (name, points) in enumerate(series):
            value = points[c_index] if c_index < len(points) else 0
            if not value:
                continue
            bar_h = plot_h * value / peak
            parts.append(
                f'<rect x="{x0 + s_index * bar_w:.1f}" y="{top + plot_h - bar_h:.1f}" '
                f'width="{bar_w:.1f}" height="{bar_h:.1f}" '
                f'fill="{PALETTE[s_index % len(PALETTE)]}"><title>{_text(category)} · '
                f"{_text(name)}: {_text(f'{value:g}')}</title></rect>"
            )
        if c_index % step == 0:
            parts.append(
                f'<text x="{left + (c_index + 0.5) * group_w:.1f}" '
                f'y="{top + plot_h + 15}" font-size="11" text-anchor="middle" '
                f'fill="#444">{_text(category)}</text>'
            )
    total_h = height + legend_h + 6
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {total_h}" '
        f'role="img" aria-label="{_text(title)}" font-family="sans-serif">'
        f"<title>{_text(title)}</title>{''.join(parts)}{legend}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - built from escaped parts


def ladder_chart(
    points: Sequence[tuple[str, int]],
    levels: Sequence[str],
    *,
    title: str,
    width: int = 420,
    height: int = 150,
) -> SafeString:
    """A step line over a ladder of levels: level 1 (the first of `levels`) at the top.

    `points` are (x label, level) in time order; levels count from 1.
    """
    if not points:
        return mark_safe("")
    left, right, top, bottom = 150, 14, 10, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(levels)

    def px(index: int) -> float:
        if len(points) == 1:
            return left + plot_w / 2
        return left + plot_w * index / (len(points) - 1)

    def py(level: int) -> float:
        return top + plot_h * (level - 1) / max(1, count - 1)

    parts = []
    for number, label in enumerate(levels, start=1):
        y = py(number)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="#e3ded8"/><text x="{left - 6}" y="{y + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="#444">{_text(label)}</text>'
        )
    coords: list[str] = []
    for index, (_x, level) in enumerate(points):
        if coords:
            coords.append(f"{px(index):.1f},{py(points[index - 1][1]):.1f}")
        coords.append(f"{px(index):.1f},{py(level):.1f}")
    colour = PALETTE[1]
    parts.append(
        f'<polyline points="{" ".join(coords)}" fill="none" stroke="{colour}" stroke-width="2"/>'
    )
    for index, (x_label, level) in enumerate(points):
        parts.append(
            f'<circle cx="{px(index):.1f}" cy="{py(level):.1f}" r="4" '
            f'fill="{colour}"><title>{_text(x_label)}: {_text(levels[level - 1])}'
            f"</title></circle>"
        )
    for index in sorted({0, len(points) - 1}):
        anchor = "start" if index == 0 and len(points) > 1 else "end"
        if len(points) == 1:
            anchor = "middle"
        parts.append(
            f'<text x="{px(index):.1f}" y="{height - 5}" font-size="11" '
            f'text-anchor="{anchor}" fill="#444">{_text(points[index][0])}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart ladder" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_text(title)}" '
        f'font-family="sans-serif"><title>{_text(title)}</title>{"".join(parts)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308 - built from escaped parts
