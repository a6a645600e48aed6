"""Small server-side SVG charts that need no JavaScript and no inline styles.

Colours are presentation attributes, which a strict Content-Security-Policy allows. Every
label is escaped. Each chart carries a <title> and an aria-label for screen readers.
"""

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#b3261e", "#1f5f8b", "#2e7d32", "#8e5b00", "#6a3d9a", "#00796b", "#5d4037",
           "#ad1457", "#455a64", "#827717"]


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def horizontal_bars(items: Sequence[tuple[str, float]], *, title: str, width: int = 560,
                    bar_height: int = 22, label_width: int = 170, colour: str = PALETTE[1],
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


def line_chart(series: Sequence[tuple[str, Sequence[tuple[str, float]]]], *, title: str,
               width: int = 560, height: int = 220) -> SafeString:
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
            parts.append(f'<text x="{px(index):.1f}" y="{height - bottom + 16}" font-size="11" '
                         f'text-anchor="middle" fill="#444">{_text(label)}</text>')
    for s_index, (name, points) in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        coords = " ".join(f"{px(labels.index(x)):.1f},{py(v):.1f}" for x, v in points)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"><title>{_text(name)}</title></polyline>')
        for x, v in points:
            parts.append(f'<circle cx="{px(labels.index(x)):.1f}" cy="{py(v):.1f}" r="3" '
                         f'fill="{colour}"><title>{_text(name)} {_text(x)}: '
                         f'{_text(f"{v:g}")}</title></circle>')
        parts.append(f'<rect x="{left + s_index * 150}" y="{height - 14}" width="10" '
                     f'height="10" fill="{colour}"/><text x="{left + s_index * 150 + 14}" '
                     f'y="{height - 5}" font-size="11" fill="#222">{_text(name)}</text>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_text(title)}" font-family="sans-serif">'
        f"<title>{_text(title)}</title>{''.join(parts)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - built from escaped parts
