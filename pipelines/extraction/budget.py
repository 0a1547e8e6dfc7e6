"""Money about the organisation: budgets, expenditure, funding, savings, gaps, costs.

A money figure is budget when a budget word is tied to it: right after it ("£405m
expenditure", "£7.5m as efficiency savings"), or before it and linked ("a budget of
£382m", "net revenue expenditure on services for 2006/07 is estimated to be £2,830.5
million"). A percentage is budget when it is a share or change of such a figure ("12% of
the overall MPS budget", "increases in net revenue expenditure of 1.75%", "less than 1%
overspend", "(+1.76%)" after an overspend). Money taken from criminals is never budget.
Tables whose header holds financial years and a `£m` (or `£000`) scale are read cell by
cell, each cell taking the financial year of its column.

>>> from pipelines.extraction.extract import extract_report
>>> text = "Budget\\n\\n1. This comprises £405m expenditure and £144m income.\\n"
>>> [(b.measure, b.amount) for b in extract_report("x.txt", text).budgets]
[('expenditure', Decimal('405000000')), ('income', Decimal('144000000'))]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from pipelines.extraction.budget_tables import table_facts
from pipelines.extraction.document import ReportContext
from pipelines.extraction.lexicon import clause_of
from pipelines.extraction.memo import per_report
from pipelines.extraction.models import BudgetFact
from pipelines.extraction.money_measure import LIST_GAP, read_budget_figures
from pipelines.extraction.needles import Guarded
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.periods import PeriodMention, find_periods, normalise_fiscal_year
from pipelines.extraction.subject import TopicReader, nearest_unit_before, unit_after
from pipelines.parsing.blocks import Block

_CORE_MEASURES = frozenset(
    {
        "budget",
        "expenditure",
        "net_revenue_expenditure",
        "overspend",
        "underspend",
        "budget_gap",
        "deficit",
        "income",
    }
)
_FY = r"(?:19|20)\d\d[/\-–]\d{1,2}"
# "an annual increase of 1.25% in 2010/11 and 2011/12": one figure, two years.
_IN_YEARS = re.compile(rf"^\s*(?:in|for)\s+(?P<a>{_FY})\s+and\s+(?P<b>{_FY})")
_RESPECTIVELY = re.compile(rf"^\s*respectively,?\s+(?:in|for|during)\s+(?P<a>{_FY})\s*(?:,|and)\s*(?P<b>{_FY})")
# A sentence without a pound sign, a percentage or a financial year holds nothing to read.
_MAY_HOLD_MONEY = Guarded(re.compile(r"£|%|per\s?cent|(?:19|20)\d\d\s?[/\-–]\s?\d|financial\s+year", re.I))


@per_report
def _may_hold_money(sentence: str) -> bool:
    """Whether `_MAY_HOLD_MONEY` finds anything in `sentence`, decided once per distinct
    sentence (every report of a series repeats most of its sentences).

    >>> _may_hold_money("A budget of £382m."), _may_hold_money("Crime fell.")
    (True, False)
    """
    return _MAY_HOLD_MONEY.search(sentence) is not None


# A financial year that is the base of a comparison: "in 2009/10 over 2008/09".
_BASE_BEFORE = re.compile(r"\b(?:over|compared\s+(?:with|to)|than|from|since|against|on)\s+(?:the\s+)?$", re.I)
# A financial year naming the amount after it: "the 2008/09 amount of £2,595m".
_ATTACHED_AFTER_YEAR = re.compile(r"^\s*(?:[A-Za-z]+\s+){1,2}(?:of|:|is|was|were)\s*(?:[A-Za-z]+\s+){0,2}?$", re.I)


def _respective_years(sentence: str, quantity: Quantity, quantities: list[Quantity]) -> list[str] | None:
    """'£29.3 million and £40.3 million respectively in 2008/09 and 2009/10': one year each."""
    same = [q for q in quantities if q.unit == quantity.unit]
    index = same.index(quantity)
    group = [quantity]
    for q in same[index + 1 :]:
        if not LIST_GAP.search(sentence[group[-1].end : q.start]):
            break
        group.append(q)
    match = _RESPECTIVELY.match(sentence[group[-1].end :])
    if not match:
        return None
    start = index
    while start > 0 and LIST_GAP.search(sentence[same[start - 1].end : same[start].start]):
        start -= 1
    position = index - start
    years = [normalise_fiscal_year(match.group("a")), normalise_fiscal_year(match.group("b"))]
    return [y for y in years[position : position + 1] if y] or None


def _fiscal_years(
    sentence: str,
    quantity: Quantity,
    quantities: list[Quantity],
    years: list[PeriodMention],
    carry: str | None,
) -> list[str | None]:
    """The financial years a figure is for: '... of 1.25% in 2010/11 and 2011/12' gives two.

    A year right after the figure, or naming it ("the 2008/09 amount of £2,595m"), wins;
    a year that is the base of a comparison ("in 2009/10 over 2008/09") does not count;
    with no year in the sentence the paragraph's year is carried.

    >>> s = "increase net revenue expenditure in 2009/10 over 2008/09 of 0.25%"
    >>> q = find_quantities(s)[0]
    >>> _fiscal_years(s, q, [q], [p for p in find_periods(s) if p.fiscal_year], None)
    ['2009/10']
    """
    pair = _IN_YEARS.match(sentence[quantity.end :])
    if pair:
        return [normalise_fiscal_year(pair.group("a")), normalise_fiscal_year(pair.group("b"))]
    respective = _respective_years(sentence, quantity, quantities)
    if respective:
        return list(respective)
    if not years:
        return [carry]
    attached = [
        p for p in years if p.end <= quantity.start and _ATTACHED_AFTER_YEAR.match(sentence[p.end : quantity.start])
    ]
    if attached:
        # "over the 2008/09 amount of £2,595m".
        return [attached[-1].fiscal_year]
    plain = [p for p in years if not _is_base(sentence, p)]
    after = [p for p in plain if p.start >= quantity.end and p.start - quantity.end < 25]
    if after:
        return [after[0].fiscal_year]
    before = [p for p in plain if p.end <= quantity.start]
    if before:
        return [before[-1].fiscal_year]
    return [(plain or years)[0].fiscal_year]


def _is_base(sentence: str, period: PeriodMention) -> bool:
    return _BASE_BEFORE.search(sentence[max(0, period.start - 25) : period.start]) is not None


class _YearCarry:
    """The financial year a paragraph carries to a figure whose sentence names none.

    A sentence with money figures sets it as it is read; one without (but naming a year)
    is only read for its years if a later figure needs them.
    """

    def __init__(self, report_date: date | None) -> None:
        self.report_date = report_date
        self.year: str | None = None
        self.unread: list[str] = []

    def carried(self) -> str | None:
        for sentence in reversed(self.unread):
            years = _years(sentence, self.report_date)
            if years:
                self.year = years[-1].fiscal_year
                break
        self.unread.clear()
        return self.year

    def set(self, year: str | None) -> None:
        self.year = year
        self.unread.clear()


def _years(sentence: str, report_date: date | None) -> list[PeriodMention]:
    return [p for p in find_periods(sentence, report_date) if p.fiscal_year]


def _sentence_facts(ctx: ReportContext, block: Block) -> Iterator[BudgetFact]:
    carry = _YearCarry(ctx.report_date)
    topics = TopicReader(fallback=lambda: ctx.scope_for("", block))
    for s, e in ctx.sentences(block.start, block.end):
        sentence = ctx.text[s:e]
        topics.read(sentence)
        if not _may_hold_money(sentence):
            continue
        quantities = [q for q in find_quantities(sentence) if q.unit in {"gbp", "percent"}]
        if not quantities:
            carry.unread.append(sentence)  # no money figure to read: only its year may carry
            continue
        years = _years(sentence, ctx.report_date)
        given: list[str | None] = []
        for reading in read_budget_figures(sentence):
            quantity = reading.quantity
            if ctx.is_claimed(s + quantity.start, s + quantity.end):
                continue
            ctx.claim(s + quantity.start, s + quantity.end)
            if not reading.measure:
                continue
            low, _ = clause_of(sentence, quantity.start, quantity.end)
            scope = (
                unit_after(sentence, quantity.end)
                or nearest_unit_before(sentence, quantity.start, low)
                or topics.topic()
            )
            # The carried year counts only when the sentence names none.
            carry_fy = carry.year if years else carry.carried()
            for fiscal_year in _fiscal_years(sentence, quantity, quantities, years, carry_fy):
                given.append(fiscal_year)
                yield BudgetFact(
                    scope=scope,
                    fiscal_year=fiscal_year,
                    measure=reading.measure,
                    amount=quantity.value,
                    unit=quantity.unit,
                    tier="core" if reading.measure in _CORE_MEASURES and scope == ctx.default_scope else "stat",
                    quote=sentence,
                    span=(s, e),
                )
        # The paragraph's year is that of the sentence's first figure ("an underspend of
        # £7.5 million [for 2005/06] after ... the 2006/07 budget"), else its last year.
        if given and given[0]:
            carry.set(given[0])
        elif years:
            carry.set(years[-1].fiscal_year)


def find_budgets(ctx: ReportContext) -> list[BudgetFact]:
    """Budget facts of a report: its budget tables, then the sentences of its paragraphs."""
    facts: list[BudgetFact] = []
    for rows in ctx.tables().values():
        facts.extend(table_facts(ctx, rows))
    for block in ctx.readable_blocks():
        facts.extend(_sentence_facts(ctx, block))
    return facts
