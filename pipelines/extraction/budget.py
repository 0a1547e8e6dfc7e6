"""Money about the organisation: budgets, expenditure, funding, savings, gaps, costs.

A money figure is budget when a budget word stands next to it ("a budget of £382m",
"£7.5m as efficiency savings", "net revenue expenditure ... £2,830.5 million"); a
percentage is budget when it is a share or change of such a figure ("12% of the overall
MPS budget", "increases in net revenue expenditure of 1.75%"). Money taken from
criminals is never budget. Tables headed in £m (or £000) are read cell by cell, each
cell taking the financial year of its column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from pipelines.extraction.document import ReportContext
from pipelines.extraction.lexicon import clause_of, find_terms, has_phrase, nearest_after, nearest_before
from pipelines.extraction.models import BudgetFact
from pipelines.extraction.numbers import Quantity, find_quantities, normal
from pipelines.extraction.periods import find_periods, normalise_fiscal_year
from pipelines.parsing.blocks import Block
from pipelines.parsing.sentences import split_sentences

_TERMS = "budget_terms.csv"
_CORE_MEASURES = frozenset(
    {"budget", "expenditure", "net_revenue_expenditure", "overspend", "underspend", "budget_gap", "deficit", "income"}
)
_TABLE_SCALE = re.compile(r"£\s?(?P<scale>m|bn|000|k)\b|\((?:£)?(?P<scale2>m|000)\)", re.I)
_FY_CELL = re.compile(r"(?:19|20)\d\d\s?[/\-–]\s?\d{2,4}")
_SCALES = {"m": Decimal(1000000), "bn": Decimal(1000000000), "000": Decimal(1000), "k": Decimal(1000)}
_IN_YEARS = re.compile(r"^\s*(?:in|for)\s+(?P<a>(?:19|20)\d\d[/\-–]\d{2})\s+and\s+(?P<b>(?:19|20)\d\d[/\-–]\d{2})")


def _measure_for(sentence: str, quantity: Quantity, previous: str | None) -> str | None:
    """The budget measure a figure belongs to, read from the words just around it."""
    a, b = clause_of(sentence, quantity.start, quantity.end)
    hits = find_terms(_TERMS, sentence[a:b])
    start, end = quantity.start - a, quantity.end - a
    before = nearest_before(hits, start, 45)
    after = nearest_after(hits, end, 30)
    if quantity.unit == "percent":
        # "12% of the overall MPS budget", "(+1.76%)" after a money figure.
        of_phrase = re.match(r"\s*of\s+(?:the\s+|its\s+|their\s+)?(?:[\w/-]+\s+){0,3}?", sentence[quantity.end : b])
        if of_phrase and after and after.start - end <= 40:
            return "other" if re.search(r"devolved|devolve", sentence[a:quantity.start], re.I) else after.value
        if before and re.search(r"\b(?:of|by|at)\s*$", sentence[a + before.end : quantity.start]):
            return before.value
        if previous and quantity.signed and sentence[quantity.start - 1 : quantity.start] == "(":
            return previous
        return None
    if before and (after is None or (start - before.end) <= (after.start - end) + 10):
        return before.value
    if after:
        return after.value
    return previous if previous and re.match(r"\s*(?:rising|falling|increasing|reducing)\s+to\s*$", sentence[max(0, quantity.start - 20) : quantity.start]) else None


def _fiscal_years(sentence: str, quantity: Quantity, carry: str | None) -> list[str | None]:
    """The financial years a figure is for: '... of 1.25% in 2010/11 and 2011/12' gives two."""
    pair = _IN_YEARS.match(sentence[quantity.end :])
    if pair:
        return [normalise_fiscal_year(pair.group("a")), normalise_fiscal_year(pair.group("b"))]
    years = [p for p in find_periods(sentence) if p.fiscal_year]
    if not years:
        return [carry]
    after = [p for p in years if p.start >= quantity.end and p.start - quantity.end < 25]
    if after:
        return [after[0].fiscal_year]
    before = [p for p in years if p.end <= quantity.start]
    return [(before[-1] if before else years[0]).fiscal_year]


def _sentence_facts(ctx: ReportContext, block: Block) -> Iterator[BudgetFact]:
    carry_fy: str | None = None
    carry_scope: str | None = None
    for s, e in split_sentences(ctx.text, block.start, block.end):
        sentence = ctx.text[s:e]
        scope = ctx.scope_for(sentence, block)
        named_scope = scope if scope != ctx.default_scope or "MPS" in sentence else None
        scope = named_scope or carry_scope or scope
        previous: str | None = None
        sentence_years = [p.fiscal_year for p in find_periods(sentence) if p.fiscal_year]
        for quantity in find_quantities(sentence):
            if quantity.unit not in {"gbp", "percent"} or ctx.is_claimed(s + quantity.start, s + quantity.end):
                continue
            a, b = clause_of(sentence, quantity.start, quantity.end)
            if quantity.unit == "gbp" and has_phrase("seizure_terms.txt", sentence[a:b]):
                continue
            measure = _measure_for(sentence, quantity, previous)
            if measure is None:
                continue
            previous = measure
            for fiscal_year in _fiscal_years(sentence, quantity, carry_fy):
                yield BudgetFact(
                    scope=scope,
                    fiscal_year=fiscal_year,
                    measure=measure,
                    amount=quantity.value,
                    unit=quantity.unit,
                    tier="core" if measure in _CORE_MEASURES and scope == ctx.default_scope else "stat",
                    quote=sentence,
                    span=(s, e),
                )
            ctx.claim(s + quantity.start, s + quantity.end)
        if sentence_years:
            carry_fy = sentence_years[-1]
        if named_scope:
            carry_scope = named_scope


def _table_facts(ctx: ReportContext, rows: list[Block]) -> Iterator[BudgetFact]:
    header_index = next(
        (i for i, row in enumerate(rows[:3]) if len(_FY_CELL.findall(row.text_of(ctx.text))) >= 2), None
    )
    if header_index is None:
        return
    header = rows[header_index].text_of(ctx.text)
    scale_match = _TABLE_SCALE.search(header) or _TABLE_SCALE.search(" ".join(rows[0].section_path[-1:]))
    if not scale_match:
        return
    scale = _SCALES[(scale_match.group("scale") or scale_match.group("scale2")).lower()]
    years = [normalise_fiscal_year(fy) for fy in _FY_CELL.findall(header)]
    title = " ".join(rows[0].section_path[-1:]) + " " + header
    title_terms = find_terms(_TERMS, title)
    for row in rows[header_index + 1 :]:
        text = row.text_of(ctx.text)
        values = [q for q in find_quantities(text) if q.unit == "count" and q.kind == "number"]
        if len(values) != len(years):
            continue
        label = text[: values[0].start]
        label_terms = find_terms(_TERMS, label)
        measure = label_terms[0].value if label_terms else (title_terms[0].value if title_terms else "budget")
        for year, quantity in zip(years, values, strict=True):
            yield BudgetFact(
                scope=ctx.scope_for(label, row),
                fiscal_year=year,
                measure=measure,
                amount=normal(quantity.value * scale),
                unit="gbp",
                tier="core",
                quote=text,
                span=(row.start, row.end),
            )
            ctx.claim(row.start + quantity.start, row.start + quantity.end)


def find_budgets(ctx: ReportContext) -> list[BudgetFact]:
    facts: list[BudgetFact] = []
    for rows in ctx.tables().values():
        facts.extend(_table_facts(ctx, rows))
    for block in ctx.readable_blocks():
        facts.extend(_sentence_facts(ctx, block))
    return facts
