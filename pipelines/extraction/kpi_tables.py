"""Indicator tables: "Progress Summary" tables of Indicator / Target / Rolling Year / Trend.

One fact per row. The header decides which figure is the target and which the result;
a row whose target cell reads "Base lining" has a result only; the trend is the word
after the last figure ("stable", "+ve"); the period is the row's own ("Year to Jun 08")
or the rolling year the report says its data reflect.

Cells often run together when a table is copied as text:
"SPI 5.2 Serious acquisitive crime rate – ... motor vehicle crime - 4% -7.6% +ve" is the
label, a target of -4%, a result of -7.6% and a trend of +ve.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from pipelines.extraction.document import ReportContext
from pipelines.extraction.lexicon import phrase_key
from pipelines.extraction.models import KpiFact
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.periods import find_periods, normalise_fiscal_year, periods_of_kind
from pipelines.extraction.vocab import load_lines
from pipelines.parsing.blocks import Block

_HEADER = re.compile(
    r"\b(?:indicator|measure|target|rolling\s+year|actual|trend|achieved|performance|ytd|outturn)\b",
    re.I,
)
_COLUMN = re.compile(
    r"(?P<fy>\b(?:19|20)\d\d\s?[/\-–]\s?\d\d(?:\d\d)?\b)|\b(?P<word>target|rolling\s+year|actual|"
    r"achieved|performance|ytd|outturn|result|baseline|previous|last\s+year|change|variance)\b",
    re.I,
)
# A table of money ("2008/09 £m 2009/10 £m", "Budget 2007/08"): budget.py reads it.
_FINANCIAL_HEADER = re.compile(r"£\s?(?:m|000|k|bn)\b|\b(?:budget|expenditure|spend|cost|income)\b", re.I)
_ENUMERATOR = re.compile(r"^\s*\(?\d{1,2}[.)]\s")
_BASELINING = re.compile(r"\bbase[\s-]?lin(?:ing|e)\b", re.I)
_PER = re.compile(r"\bper\s*$", re.I)
_DASH_CELL = re.compile(r"(?:^|\s)[-–]\s$")
_CODE_ROW = re.compile(r"^\s*(?:[A-Z]{2,5}\s?\d+(?:\.\d+)?\s*)+$")
_FOOTNOTE = re.compile(r"\s*\[\d+\]")


_ROLES = {
    "target": "target",
    "baseline": "baseline",
    "previous": "baseline",
    "last year": "baseline",
}
_ROLES |= {"change": "change", "variance": "skip"}


def _columns(header: str) -> list[tuple[str, str | None]]:
    """(role, period) of the value columns a header names, in order. Of columns headed by
    financial years, the last is the result and the earlier ones its baselines.

    >>> _columns("Indicator Target Rolling Year Trend")
    [('target', None), ('actual', None)]
    >>> _columns("Measure 2006/07 2007/08 Change")
    [('baseline', '2006/07'), ('actual', '2007/08'), ('change', None)]
    """
    columns: list[tuple[str, str | None]] = []
    for match in _COLUMN.finditer(header):
        if match.group("fy"):
            columns.append(("year", match.group("fy")))
            continue
        word = phrase_key(match.group("word"))
        columns.append((_ROLES.get(word, "actual"), None))
    years = [i for i, (role, _) in enumerate(columns) if role == "year"]
    has_actual = any(role == "actual" for role, _ in columns)
    for i in years:
        last = i == years[-1] and not has_actual
        columns[i] = ("actual" if last else "baseline", columns[i][1])
    return columns


def _trend_words() -> list[str]:
    return sorted(load_lines("trend_words.txt"), key=len, reverse=True)


def rolling_default(ctx: ReportContext) -> str | None:
    """'Rolling year to Aug 08' when the report says its data reflect
    'the 12-month period ending August 2008'."""
    for period in periods_of_kind(ctx.text[:5000], "rolling_year", ctx.report_date):
        if period.kind == "rolling_year":
            match = re.search(r"(\w{3})\w*\s?[-–]?\s?((?:19|20)?(\d\d))\b\s*$", period.text)
            if match:
                return f"Rolling year to {match.group(1).title()} {match.group(3)}"
    return None


def _header_of(ctx: ReportContext, rows: Sequence[Block]) -> str:
    """The header row, or a header line standing just above the table."""
    for row in rows[:2]:
        text = row.text_of(ctx.text)
        if _HEADER.search(text) and not find_quantities(text):
            return text
    first = rows[0].index
    for block in reversed(ctx.blocks[max(0, first - 4) : first]):
        text = block.text_of(ctx.text)
        if block.kind != "table_row" and len(text) < 120 and len(_columns(text)) >= 2:
            return text
    return ""


def _values(ctx: ReportContext, row: Block, text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for quantity in find_quantities(text):
        if quantity.kind not in {"number"} or _PER.search(text[: quantity.start]):
            continue
        if ctx.is_claimed(row.start + quantity.start, row.start + quantity.end):
            continue
        if not out and _ENUMERATOR.match(text) and quantity.start < 4:
            continue  # "1. Reduce burglary ...": the row's number, not a value
        if not quantity.signed and _DASH_CELL.search(text[: quantity.start]):
            # "... motor vehicle crime - 4% -7.6%": a dash cell before the figure is its sign.
            quantity = Quantity(
                -quantity.value,
                quantity.unit,
                quantity.start,
                quantity.end,
                quantity.surface,
                signed=True,
            )
        out.append(quantity)
    return out


def _trend(tail: str) -> str | None:
    tail = tail.strip().lower()
    for word in _trend_words():
        if re.search(rf"(?:^|\s|\d){re.escape(word)}$", tail) or tail == word:
            return word
    return None


def _row_fact(
    ctx: ReportContext,
    row: Block,
    code: str,
    columns: list[tuple[str, str | None]],
    rolling: str | None,
) -> KpiFact | None:
    text = row.text_of(ctx.text)
    values = _values(ctx, row, text)
    if not values or (not columns and len(values) < 2):
        return None
    label = " ".join(_FOOTNOTE.sub("", text[: values[0].start]).replace("\u00a0", " ").split())
    label = _ENUMERATOR.sub("", label).strip(" -–—:;,.")
    if len(label) < 3:
        return None
    roles = list(columns or [("target", None), ("actual", None)])
    if _BASELINING.search(text):
        roles = [r for r in roles if r[0] != "target"]
    found: dict[str, Decimal] = {}
    units: dict[str, str] = {}
    for (role, _), quantity in zip(roles, values, strict=False):
        found.setdefault(role, quantity.value)
        units.setdefault(role, quantity.unit)
    periods = find_periods(text, ctx.report_date)
    year = next((period for role, period in roles if role == "actual" and period), None)
    unit = units.get("actual") or units.get("target") or values[0].unit
    for quantity in values:
        ctx.claim(row.start + quantity.start, row.start + quantity.end)
    return KpiFact(
        scope=ctx.scope_for(label, row),
        indicator=f"{code} {label}".strip(),
        period=periods[0].text if periods else (year or rolling),
        fiscal_year=periods[0].fiscal_year
        if periods
        else (normalise_fiscal_year(year) if year else ctx.fiscal_year_default()),
        target=found.get("target"),
        actual=found.get("actual"),
        baseline=found.get("baseline"),
        change=found.get("change"),
        unit=unit,
        trend=_trend(text[values[-1].end :]),
        tier="core",
        quote=text,
        span=(row.start, row.end),
    )


def find_table_kpis(ctx: ReportContext) -> Iterator[KpiFact]:
    """One fact per row of each indicator table."""
    rolling: str | None = None
    rolling_read = False  # the report's rolling year is read when a header first names one
    for rows in ctx.tables().values():
        header = _header_of(ctx, rows)
        if _FINANCIAL_HEADER.search(header):
            continue  # a budget table: budget.py reads it
        columns = _columns(header)
        default_period = None
        if re.search(r"\brolling\b", header, re.I):
            if not rolling_read:
                rolling, rolling_read = rolling_default(ctx), True
            default_period = rolling
        code = ""
        for row in rows:
            text = row.text_of(ctx.text)
            if text == header:
                continue
            fact = _row_fact(ctx, row, code, columns, default_period)
            code = text.strip() if fact is None and _CODE_ROW.match(text.replace("\u00a0", " ")) else ""
            if fact is not None:
                yield fact
