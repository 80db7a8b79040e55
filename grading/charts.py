"""Charts as server-rendered SVG strings: no JavaScript, no style attributes (the CSP forbids them).

Pure Python: every text is escaped here, so a caller may mark the result safe. The SVG is an image
named by its <title> and <desc> (role="img", aria-labelledby); pages pair it with a data table.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import math
from collections.abc import Sequence
from html import escape

BAR = "#0b5ed7"  # Bootstrap's primary, a shade darker: 5.3:1 on white
INK = "#212529"
GRID = "#dee2e6"


def _ticks(top: int) -> list[int]:
    """Up to six whole-number gridlines from 0 to at least ``top``."""
    step = max(1, math.ceil(top / 5))
    return list(range(0, step * math.ceil(max(top, 1) / step) + 1, step))


def bar_chart(bars: Sequence[tuple[str, int]], *, chart_id: str, title: str, desc: str, x_label: str = "",
              y_label: str = "", edges: Sequence[str] = (), width: int = 480, height: int = 260) -> str:
    """A vertical bar chart of (label, count) pairs. A histogram passes ``edges`` (one more than the
    bars, e.g. 0, 10 ... 100): short labels at the band boundaries stay legible on a phone, where the
    chart is drawn at about two thirds of its size."""
    left, right, top, bottom = 48, 14, 20, 52 if x_label else 30
    ticks = _ticks(max((count for _, count in bars), default=0))
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / max(len(bars), 1)

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / ticks[-1]

    e = escape
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{e(chart_id)}-title {e(chart_id)}-desc" id="{e(chart_id)}" font-size="14" fill="{INK}">',
        f'<title id="{e(chart_id)}-title">{e(title)}</title>',
        f'<desc id="{e(chart_id)}-desc">{e(desc)}</desc>',
    ]
    for tick in ticks:
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>')
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, (label, count) in enumerate(bars):
        x = left + i * slot
        if count:
            out.append(
                f'<rect x="{x + 3:.1f}" y="{y(count):.1f}" width="{slot - 6:.1f}" height="{y(0) - y(count):.1f}" '
                f'fill="{BAR}"><title>{e(label)}: {count}</title></rect>'
            )
            out.append(f'<text x="{x + slot / 2:.1f}" y="{y(count) - 4:.1f}" text-anchor="middle">{count}</text>')
        if not edges:
            out.append(f'<text x="{x + slot / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{e(label)}</text>')
    for i, edge in enumerate(edges):
        x = left + i * slot
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y(0):.1f}" y2="{y(0) + 5:.1f}" stroke="{INK}"/>')
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 20}" text-anchor="middle">{e(edge)}</text>')
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="{INK}"/>')
    if x_label:
        out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle">{e(x_label)}</text>')
    if y_label:
        out.append(f'<text x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
                   f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">{e(y_label)}</text>')
    out.append("</svg>")
    return "\n".join(out)
