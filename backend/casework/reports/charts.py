"""Charts as inline SVG, drawn on the server: no JavaScript, no external files, and no inline
`style` attributes (the staff pages' CSP forbids them; SVG presentation attributes are fine).

Every chart is an <svg role="img"> with a <title> and a <desc> that states the values in words, and
every bar carries its value as visible text, so nothing is shown by colour or length alone. The
page also shows each chart's table.
"""
from __future__ import annotations

from html import escape
from itertools import count

from markupsafe import Markup

BLUE, TEAL, RED, GREY, INK = "#1d4f91", "#2a7b6f", "#a4161a", "#dde2e8", "#1b1b1b"
_ids = count(1)


def _num(v: float) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _head(uid: str, title: str, desc: str, width: int, height: int) -> str:
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
            f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
            f'aria-labelledby="{uid}-t {uid}-d" font-family="system-ui, Arial, sans-serif" font-size="14">'
            f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>')


def bar_chart(title: str, rows: list[tuple[str, float | int]], unit: str = "", max_value: float | None = None,
              colour: str = BLUE, target: float | None = None, empty: str = "Nothing in this period.") -> Markup:
    """Horizontal bars, one per (label, value), the value written at the end of each bar.
    max_value fixes the scale (e.g. 100 for percentages); target draws a dashed line."""
    uid = f"chart{next(_ids)}"
    if not rows:
        return Markup(_head(uid, title, empty, 640, 40) +
                      f'<text x="0" y="24" fill="{INK}">{escape(empty)}</text></svg>')
    label_w, bar_w, row_h = 230, 330, 30
    top = max(max_value or 0, max((v or 0) for _l, v in rows)) or 1
    height = row_h * len(rows) + 12
    desc = "; ".join(f"{label}: {_num(v)}{unit}" for label, v in rows)
    parts = [_head(uid, title, desc, label_w + bar_w + 70, height)]
    for i, (label, v) in enumerate(rows):
        y = 6 + i * row_h
        w = 0 if not v else max(2, round(bar_w * v / top))
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<g><text x="{label_w - 8}" y="{y + 18}" text-anchor="end" fill="{INK}">{escape(short)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="{GREY}"/>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 8}" fill="{colour}"/>'
                     f'<text x="{label_w + w + 6}" y="{y + 18}" fill="{INK}" font-weight="700">'
                     f'{escape(_num(v))}{escape(unit)}</text></g>')
    if target is not None and top:
        x = label_w + round(bar_w * target / top)
        parts.append(f'<line x1="{x}" y1="2" x2="{x}" y2="{height - 2}" stroke="{INK}" stroke-width="2" '
                     f'stroke-dasharray="4 3"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(title: str, months: list[tuple[str, int, int]], series: tuple[str, str] = ("Stage 1", "Stage 2"),
                 ) -> Markup:
    """Grouped columns per month (two series), each column's value written above it."""
    uid = f"chart{next(_ids)}"
    if not months:
        return bar_chart(title, [])
    n = len(months)
    left, plot_h, top_pad, bottom = 10, 160, 24, 46
    group_w = max(34, min(80, 600 // n))
    width = left + group_w * n + 10
    height = top_pad + plot_h + bottom
    peak = max(max(a, b) for _m, a, b in months) or 1
    desc = "; ".join(f"{m}: {series[0]} {a}, {series[1]} {b}" for m, a, b in months)
    parts = [_head(uid, title, desc, width, height)]
    base = top_pad + plot_h
    col_w = (group_w - 8) // 2
    for i, (label, a, b) in enumerate(months):
        x = left + i * group_w
        for j, (v, colour) in enumerate(((a, BLUE), (b, TEAL))):
            h = round(plot_h * v / peak)
            cx = x + 2 + j * (col_w + 2)
            parts.append(f'<rect x="{cx}" y="{base - h}" width="{col_w}" height="{h}" fill="{colour}"/>'
                         f'<text x="{cx + col_w / 2:g}" y="{base - h - 4}" text-anchor="middle" font-size="12" '
                         f'fill="{INK}">{v}</text>')
        yy, mm = label.split("-")
        month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][int(mm) - 1]
        parts.append(f'<text x="{x + group_w / 2:g}" y="{base + 16}" text-anchor="middle" font-size="12" '
                     f'fill="{INK}">{month}</text><text x="{x + group_w / 2:g}" y="{base + 30}" '
                     f'text-anchor="middle" font-size="11" fill="{INK}">{yy}</text>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{INK}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
