"""Static SVG charts, written by hand: no script, no font or library fetched at view time.

Every mark is wrapped in a link (`<a href="...#fact-...">`) to the fact it draws, and
carries a `<title>` so hovering shows the figure as stated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Any

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999999", "#000000")
MET, MISSED, UNKNOWN = "#1b7837", "#b2182b", "#8c8c8c"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


def number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def _trim(value: float, digits: int = 2) -> str:
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(value: Any, unit: str | None) -> str:
    """A figure as an analyst would say it.

    >>> format_value(382000000, "gbp"), format_value("2640400000", "gbp"), format_value(1500, "gbp")
    ('£382m', '£2.64bn', '£1,500')
    >>> format_value(7.1, "percent"), format_value(-3.8, "percentage_points"), format_value(3137, "count")
    ('7.1%', '-3.8 pts', '3,137')
    """
    amount = number(value)
    if amount is None:
        return "–"
    if unit == "gbp":
        size = abs(amount)
        if size >= 1e9:
            return f"£{_trim(amount / 1e9)}bn"
        if size >= 1e6:
            return f"£{_trim(amount / 1e6, 1)}m"
        return f"£{_trim(amount)}"
    if unit == "percent":
        return f"{_trim(amount)}%"
    if unit == "percentage_points":
        return f"{_trim(amount)} pts"
    if unit in {"hours", "days"}:
        return f"{_trim(amount)} {unit}"
    return _trim(amount)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high].

    >>> nice_ticks(0, 97)
    [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    """
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(float(round(value, 10)))
        value += step
    return ticks


def _text(x: float, y: float, content: str, **attributes: Any) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{escape(str(v))}"' for k, v in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{escape(content)}</text>'


def _link(href: str, title: str, body: str, fact_id: str | None = None) -> str:
    data = f' data-fact-id="{escape(fact_id)}"' if fact_id else ""
    return f'<a href="{escape(href)}" class="mark"{data}><title>{escape(title)}</title>{body}</a>'


def _svg(width: float, height: float, label: str, body: list[str], css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" style="{FONT};font-size:12px">' + "".join(body) + "</svg>"
    )


def _legend(items: list[tuple[str, str, bool]], x: float, y: float, width: float = 700) -> tuple[list[str], int]:
    """Legend entries from (x, y), wrapping at `width`; returns the parts and the lines used."""
    parts, cursor, lines = [], x, 1
    for label, colour, hollow in items:
        size = 24 + 7 * len(label)
        if cursor + size > x + width and cursor > x:
            cursor, y, lines = x, y + 16, lines + 1
        fill = "none" if hollow else colour
        parts.append(f'<circle cx="{cursor + 5:.1f}" cy="{y - 4:.1f}" r="5" fill="{fill}" stroke="{colour}" />')
        parts.append(_text(cursor + 14, y, label, fill="#333"))
        cursor += size
    return parts, lines


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- KPI targets


@dataclass(frozen=True)
class Bullet:
    label: str
    target: float
    actual: float
    unit: str | None
    met: bool | None
    href: str
    fact_id: str
    detail: str = ""


def bullet_chart(rows: list[Bullet], title: str = "Targets and actuals") -> str:
    """One row per KPI: a bar for the actual, a tick for the target, green when met, red when missed.

    Units differ from row to row, so each row has its own scale from zero (or the most
    negative value) to the larger of target and actual.
    """
    label_width, track, value_width, row_height = 330, 300, 190, 30
    width = label_width + track + value_width + 20
    height = 40 + row_height * len(rows)
    body = [_text(0, 16, title, font_weight="600", font_size="14")]
    body += _legend([("target met", MET, False), ("target missed", MISSED, False)], label_width, 16)[0]
    body.append(_text(label_width + track + 10, 16, "| target", fill="#333"))
    for index, row in enumerate(rows):
        top = 30 + index * row_height
        low, high = min(0.0, row.target, row.actual), max(0.0, row.target, row.actual)
        span = (high - low) or 1.0

        def x(value: float, low: float = low, span: float = span) -> float:
            return label_width + (value - low) / span * track

        colour = {True: MET, False: MISSED}.get(row.met, UNKNOWN)
        start, end = sorted((x(0.0), x(row.actual)))
        status = {True: "met", False: "missed"}.get(row.met, "not assessed")
        figures = f"actual {format_value(row.actual, row.unit)} · target {format_value(row.target, row.unit)}"
        mark = (
            f'<rect x="{label_width}" y="{top + 6}" width="{track}" height="14" fill="#f0f0f0" />'
            f'<rect class="actual" x="{start:.1f}" y="{top + 8}" width="{max(end - start, 1.5):.1f}" height="10" '
            f'fill="{colour}" />'
            f'<line class="target" x1="{x(row.target):.1f}" x2="{x(row.target):.1f}" y1="{top + 2}" y2="{top + 24}" '
            f'stroke="#111" stroke-width="2.5" />'
            + _text(0, top + 17, _short(row.label, 52), fill="#222")
            + _text(label_width + track + 10, top + 17, figures, fill=colour)
        )
        tooltip = f"{row.label}: {figures} ({status}){' — ' + row.detail if row.detail else ''}"
        body.append(_link(row.href, tooltip, mark, row.fact_id))
    return _svg(width, height, title, body, "bullet-chart")


# ---------------------------------------------------------------- bars by year


@dataclass(frozen=True)
class Bar:
    group: str  # x category, e.g. a fiscal year
    series: str  # colour, e.g. a measure
    value: float
    unit: str | None
    href: str
    fact_id: str
    label: str = ""


def bar_chart(bars: list[Bar], title: str, height: int = 300) -> str:
    """Grouped bars: one group per category (fiscal year), one bar per figure, coloured by series."""
    groups = sorted({bar.group for bar in bars})
    series = sorted({bar.series for bar in bars})
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    per_group = {group: [bar for bar in bars if bar.group == group] for group in groups}
    bar_width, gap, left, bottom = 14, 26, 70, 40
    slot = {group: max(len(members) * bar_width, 52) for group, members in per_group.items()}  # room for the label
    width = max(560, left + sum(slot.values()) + gap * len(groups) + 20)
    legend, lines = _legend([(name, colours[name], False) for name in series], left, 36, width - left - 20)
    top = 30 + 16 * lines
    height += 16 * (lines - 1)
    plot = height - top - bottom
    high = max((bar.value for bar in bars), default=1.0)
    low = min(0.0, *(bar.value for bar in bars)) if bars else 0.0
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]

    def y(value: float) -> float:
        return top + plot - (value - low) / ((high - low) or 1) * plot

    unit = bars[0].unit if bars else None
    body = [_text(0, 16, title, font_weight="600", font_size="14"), *legend]
    for tick in ticks:
        body.append(f'<line x1="{left}" x2="{width - 10}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e3e3e3" />')
        body.append(_text(left - 6, y(tick) + 4, format_value(tick, unit), text_anchor="end", fill="#555"))
    cursor = left + gap / 2
    for group in groups:
        members = per_group[group]
        start = cursor
        cursor += (slot[group] - len(members) * bar_width) / 2
        for bar in members:
            top_y, base = sorted((y(bar.value), y(0.0)))
            tooltip = (
                f"{group} · {bar.series}: {format_value(bar.value, bar.unit)}{' — ' + bar.label if bar.label else ''}"
            )
            rect = (
                f'<rect x="{cursor:.1f}" y="{top_y:.1f}" width="{bar_width - 2}" '
                f'height="{max(base - top_y, 1):.1f}" fill="{colours[bar.series]}" />'
            )
            body.append(_link(bar.href, tooltip, rect, bar.fact_id))
            cursor += bar_width
        body.append(_text(start + slot[group] / 2, height - bottom + 16, group, text_anchor="middle", fill="#333"))
        cursor = start + slot[group] + gap
    body.append(f'<line x1="{left}" x2="{width - 10}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#777" />')
    return _svg(width, height, title, body, "bar-chart")


# ---------------------------------------------------------------- points over time


@dataclass(frozen=True)
class Point:
    when: float  # decimal year, e.g. 2008.25 for April 2008
    series: str
    value: float
    hollow: bool  # a target rather than an actual
    href: str
    fact_id: str
    label: str = ""


def time_chart(points: list[Point], title: str, unit: str | None = "percent", height: int = 300) -> str:
    """Points over time, one colour per series; hollow points are targets."""
    series = sorted({p.series for p in points})
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    left, bottom, width = 60, 40, 760
    legend, lines = _legend(
        [(name, colours[name], False) for name in series] + [("target", "#555", True)], left, 36, width - left - 20
    )
    top = 30 + 16 * lines
    height += 16 * (lines - 1)
    plot_w, plot_h = width - left - 20, height - top - bottom
    first = math.floor(min((p.when for p in points), default=2000.0))
    last = math.ceil(max((p.when for p in points), default=2001.0))
    if last <= first:
        last = first + 1
    ticks = nice_ticks(0.0, max((p.value for p in points), default=1.0) * 1.1)

    def x(when: float) -> float:
        return left + (when - first) / (last - first) * plot_w

    def y(value: float) -> float:
        return top + plot_h - (value - ticks[0]) / ((ticks[-1] - ticks[0]) or 1) * plot_h

    body = [_text(0, 16, title, font_weight="600", font_size="14"), *legend]
    for tick in ticks:
        body.append(f'<line x1="{left}" x2="{width - 20}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e3e3e3" />')
        body.append(_text(left - 6, y(tick) + 4, format_value(tick, unit), text_anchor="end", fill="#555"))
    step = max(1, (last - first) // 10)
    for year in range(first, last + 1, step):
        body.append(f'<line x1="{x(year):.1f}" x2="{x(year):.1f}" y1="{top}" y2="{top + plot_h}" stroke="#f0f0f0" />')
        body.append(_text(x(year), height - bottom + 16, str(year), text_anchor="middle", fill="#333"))
    for point in sorted(points, key=lambda p: (p.series, p.when)):
        colour = colours[point.series]
        fill = "white" if point.hollow else colour
        circle = (
            f'<circle cx="{x(point.when):.1f}" cy="{y(point.value):.1f}" r="6" fill="{fill}" '
            f'stroke="{colour}" stroke-width="2.5" />'
        )
        kind = "target" if point.hollow else "actual"
        tooltip = (
            f"{point.series} ({kind}): {format_value(point.value, unit)}{' — ' + point.label if point.label else ''}"
        )
        body.append(_link(point.href, tooltip, circle, point.fact_id))
    return _svg(width, height, title, body, "time-chart")


# ---------------------------------------------------------------- counts per report


@dataclass(frozen=True)
class Tally:
    label: str
    met: int
    missed: int
    href: str


def tally_chart(rows: list[Tally], title: str = "KPI targets met and missed") -> str:
    """Horizontal stacked bars: targets met and missed per report."""
    label_width, track, row_height = 330, 380, 26
    width, height = label_width + track + 170, 40 + row_height * len(rows)
    most = max((r.met + r.missed for r in rows), default=1) or 1
    body = [_text(0, 16, title, font_weight="600", font_size="14")]
    body += _legend([("met", MET, False), ("missed", MISSED, False)], label_width, 16)[0]
    for index, row in enumerate(rows):
        top = 30 + index * row_height
        met_w, missed_w = row.met / most * track, row.missed / most * track
        mark = (
            f'<rect x="{label_width}" y="{top + 4}" width="{met_w:.1f}" height="14" fill="{MET}" />'
            f'<rect x="{label_width + met_w:.1f}" y="{top + 4}" width="{missed_w:.1f}" height="14" fill="{MISSED}" />'
            + _text(0, top + 15, _short(row.label, 52), fill="#222")
            + _text(label_width + met_w + missed_w + 6, top + 15, f"{row.met} met · {row.missed} missed", fill="#333")
        )
        body.append(_link(row.href, f"{row.label}: {row.met} met, {row.missed} missed", mark))
    return _svg(width, height, title, body, "tally-chart")
