"""One call from a report's text to its typed facts: `extract_report`.

The families read the document in an order that lets the more specific claim a figure
first: grades and milestones, then budget money, then workforce, then everything left
that reads as a performance measure.

>>> facts = extract_report("x.txt", "Budget\\n\\n10. SCD has been allocated a budget of £382m for 2007/08.\\n")
>>> [(b.measure, b.amount, b.fiscal_year) for b in facts.budgets]
[('budget', Decimal('382000000'), '2007/08')]
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.extraction.budget import find_budgets
from pipelines.extraction.document import ReportContext
from pipelines.extraction.grade import find_grades
from pipelines.extraction.kpi import find_kpis
from pipelines.extraction.memo import forget
from pipelines.extraction.milestone import find_milestones
from pipelines.extraction.models import ReportFacts
from pipelines.extraction.report import read_report_meta
from pipelines.extraction.workforce import find_workforce
from pipelines.parsing.blocks import Block, parse_blocks


def extract_report(doc: str, text: str, blocks: Sequence[Block] | None = None) -> ReportFacts:
    """Every fact in one report. `blocks` may be given when the caller has parsed already."""
    forget()  # what was read off the sentences of the last report
    parsed = list(blocks) if blocks is not None else parse_blocks(text)
    meta = read_report_meta(text, parsed)
    ctx = ReportContext.build(doc, text, parsed, meta)
    grades = find_grades(ctx)
    milestones = find_milestones(ctx)
    budgets = find_budgets(ctx)
    workforce = find_workforce(ctx)
    kpis = find_kpis(ctx)
    return ReportFacts(
        report=meta,
        kpis=kpis,
        grades=grades,
        budgets=budgets,
        workforce=workforce,
        milestones=milestones,
    )
