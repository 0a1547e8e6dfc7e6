"""Budget tables: one fact per cell, each cell taking the year or measure of its column.

Two layouts are read, both scaled by the `£m` / `£000` of their header or title:

- columns of financial years ("2008/09 £m  2009/10 £m ...", rows "Main guidance 2,595.0
  2,640.4 ..."): each cell is for its column's year, with the measure its row label or
  the table title names (else `budget`);
- columns of measures ("Annual Budget £000  Forecast Outturn £000  Variance £000", rows
  "Territorial Policing 1,234,567 1,240,000 5,433"): each cell takes its column's measure
  and the year of the title; the row label names the unit.

A figure in brackets is negative, as finance tables write it: "(1,500)" -> -1,500.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipelines.extraction.document import ReportContext
from pipelines.extraction.lexicon import find_terms
from pipelines.extraction.models import BudgetFact
from pipelines.extraction.money_measure import TERMS
from pipelines.extraction.numbers import cell_value, find_quantities, normal
from pipelines.extraction.periods import find_periods, normalise_fiscal_year
from pipelines.parsing.blocks import Block

_SCALE = re.compile(r"£\s?(?P<scale>m|bn|000|k)\b|\((?:£)?(?P<scale2>m|000)\)", re.I)
_SCALES = {
    "m": Decimal(1000000),
    "bn": Decimal(1000000000),
    "000": Decimal(1000),
    "k": Decimal(1000),
}
_FY_CELL = re.compile(r"(?:19|20)\d\d\s?[/\-–]\s?\d{2,4}")
_COLUMNS = "budget_columns.csv"


@dataclass(frozen=True, slots=True)
class _Column:
    fiscal_year: str | None
    measure: str | None  # None: the row label or the title names it


@dataclass(frozen=True, slots=True)
class _Layout:
    header: int  # index of the header row
    columns: tuple[_Column, ...]
    scale: Decimal
    title_measure: str


def _heading_measure(heading: str) -> str | None:
    """The measure a column heading names: 'Forecast Outturn' -> expenditure."""
    hits = find_terms(_COLUMNS, heading) or find_terms(TERMS, heading)
    return hits[-1].value if hits else None


def _headings(header: str, row: Block, text: str) -> list[str]:
    """Column headings: the cells of a tabbed row, else the text before each scale."""
    cells = [text[s:e] for s, e in row.cells]
    if len(cells) > 2:
        return cells
    return [part for part in _SCALE.split(header)[::3] if part and part.strip()]


def _measure_columns(header: str, row: Block, text: str, title: str) -> tuple[_Column, ...]:
    headings = _headings(header, row, text)
    measures = [_heading_measure(h) for h in headings]
    if measures and measures[0] is None:
        # "Business Group | Annual Budget £000 | ...": the first column holds the labels.
        measures = measures[1:]
    if len(measures) < 2 or any(m is None for m in measures):
        return ()
    years = [p.fiscal_year for p in find_periods(title + " " + header) if p.fiscal_year]
    fiscal_year = years[0] if years else None
    return tuple(_Column(fiscal_year, m) for m in measures)


def _layout(ctx: ReportContext, rows: list[Block]) -> _Layout | None:
    title = " ".join(rows[0].section_path[-1:])
    for index, row in enumerate(rows[:3]):
        header = row.text_of(ctx.text)
        scale = _SCALE.search(header) or _SCALE.search(title)
        if not scale:
            continue
        factor = _SCALES[(scale.group("scale") or scale.group("scale2")).lower()]
        title_terms = find_terms(TERMS, title + " " + header)
        title_measure = title_terms[0].value if title_terms else "budget"
        years = [normalise_fiscal_year(fy) for fy in _FY_CELL.findall(header)]
        if len(years) >= 2:
            return _Layout(index, tuple(_Column(y, None) for y in years), factor, title_measure)
        columns = _measure_columns(header, row, ctx.text, title)
        if columns:
            return _Layout(index, columns, factor, title_measure)
    return None


def table_facts(ctx: ReportContext, rows: list[Block]) -> Iterator[BudgetFact]:
    """Budget facts of one table, or none when its header is not a budget header."""
    layout = _layout(ctx, rows)
    if layout is None:
        return
    for row in rows[layout.header + 1 :]:
        text = row.text_of(ctx.text)
        values = [q for q in find_quantities(text) if q.unit == "count" and q.kind == "number"]
        if not values or len(values) != len(layout.columns):
            continue
        label = text[: values[0].start]
        label_terms = find_terms(TERMS, label)
        row_measure = label_terms[0].value if label_terms else layout.title_measure
        for column, quantity in zip(layout.columns, values, strict=True):
            yield BudgetFact(
                scope=ctx.scope_for(label, row),
                fiscal_year=column.fiscal_year,
                measure=column.measure or row_measure,
                amount=normal(cell_value(text, quantity) * layout.scale),
                unit="gbp",
                tier="core",
                quote=text,
                span=(row.start, row.end),
            )
            ctx.claim(row.start + quantity.start, row.start + quantity.end)
