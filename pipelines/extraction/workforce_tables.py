"""Workforce tables: rows of groups, columns of budgeted, target, actual or change.

A table is read as workforce when its header names at least two such columns
("Budgeted workforce target | Actual strength | Variance", "Target | Strength at 31
March 2008") and a row's label names a group ("Police officers", "PCSOs", "Total
workforce"). Each cell becomes a fact with the row's measure, the column's kind and the
date the column or the table title gives.

>>> from pipelines.extraction.extract import extract_report
>>> text = ("Metropolitan Police Service\\n\\nReport: 1\\nDate: 20 May 2008\\n\\nWorkforce\\n\\n"
...         "Group\\tBudgeted workforce\\tStrength at 31 March 2008\\tVariance\\n"
...         "Police officers\\t33,000\\t31,398\\t-1,602\\n")
>>> [(w.measure, w.value, w.kind, w.as_of) for w in extract_report("x.txt", text).workforce]
... # doctest: +NORMALIZE_WHITESPACE
[('police_officers', Decimal('33000'), 'budgeted', None),
 ('police_officers', Decimal('31398'), 'actual', 'March 2008'),
 ('police_officers', Decimal('-1602'), 'change', None)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipelines.extraction.document import ReportContext
from pipelines.extraction.headcount import people_terms
from pipelines.extraction.lexicon import phrase_key, word_table
from pipelines.extraction.models import WorkforceFact
from pipelines.extraction.numbers import cell_value, find_quantities
from pipelines.extraction.workforce_dates import dated_periods
from pipelines.parsing.blocks import Block

_INCIDENT = re.compile(r"\b(?:assault\w*|injur\w*|complaints?|sickness|killed|arrests?)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Column:
    kind: str
    as_of: str | None


_COLUMNS = "workforce_columns.csv"


def _kind_of(heading: str) -> str | None:
    pattern, mapping = word_table(_COLUMNS)
    match = pattern.search(heading)
    return mapping[phrase_key(match.group(0))] if match else None


def _headings(header: str, row: Block, text: str) -> list[str]:
    """Column headings: the cells of a tabbed row, else the text from one heading word to
    the next ("Target Strength Variance")."""
    cells = [text[s:e] for s, e in row.cells]
    if len(cells) > 2:
        return cells
    pattern, _ = word_table(_COLUMNS)
    starts = [m.start() for m in pattern.finditer(header)]
    ends = [*starts[1:], len(header)]
    return [header[a:b] for a, b in zip(starts, ends, strict=True)] if starts else []


def _columns(ctx: ReportContext, row: Block, title: str) -> tuple[_Column, ...]:
    header = row.text_of(ctx.text)
    headings = _headings(header, row, ctx.text)
    kinds = [_kind_of(h) for h in headings]
    if kinds and kinds[0] is None:
        kinds, headings = kinds[1:], headings[1:]  # the label column
    if len(kinds) < 2 or any(k is None for k in kinds):
        return ()
    title_dates = dated_periods(title, ctx.report_date)
    columns = []
    for heading, kind in zip(headings, kinds, strict=True):
        dates = dated_periods(heading, ctx.report_date) or title_dates
        as_of = dates[0][2] if dates and kind == "actual" else None
        columns.append(_Column(kind or "actual", as_of))
    return tuple(columns)


def table_facts(ctx: ReportContext, rows: list[Block]) -> Iterator[WorkforceFact]:
    """Workforce facts of one table, or none when its header is not a workforce header."""
    title = " ".join(rows[0].section_path[-1:])
    found = next(((i, c) for i, row in enumerate(rows[:3]) if (c := _columns(ctx, row, title))), None)
    if found is None:
        return
    index, columns = found
    for row in rows[index + 1 :]:
        text = row.text_of(ctx.text)
        values = [q for q in find_quantities(text) if q.unit in {"count", "percent"}]
        if not values or len(values) != len(columns):
            continue
        label = text[: values[0].start]
        groups = [h for h in people_terms(label) if h.value not in {"other"}]
        if not groups or _INCIDENT.search(label):
            continue
        scope = ctx.scope_for(label, row)
        for column, quantity in zip(columns, values, strict=True):
            start, end = row.start + quantity.start, row.start + quantity.end
            if ctx.is_claimed(start, end):
                continue
            ctx.claim(start, end)
            yield WorkforceFact(
                scope=scope,
                as_of=column.as_of,
                measure=groups[0].value,
                value=cell_value(text, quantity),
                unit="percent" if quantity.unit == "percent" else "count",
                kind=column.kind,
                tier="core" if scope in {ctx.default_scope, "MPS"} else "stat",
                quote=text,
                span=(row.start, row.end),
            )
