"""Performance measures (`fct_kpi`): indicator tables, target lists, statistics in prose.

Three readings, on what the other families left unclaimed:

1. Indicator tables ("Indicator Target Rolling Year Trend"): one fact per row
   (`kpi_tables`).
2. Running text (`kpi_prose`): numbered target lists ("target for year to date is 25% -
   achieved year to date is 19.2%"), comparisons ("up from 84% to 90%", "a decrease of 21
   from 92"), changes, ranks and comparators ("the MSF average of 21.52%"), and counts of
   what the police did ("139 homicides were investigated ... and 124 detected"). Which
   figures count as performance is decided in `kpi_accept`; what each figure plays in
   its sentence in `kpi_figures`.
3. Restatements (`kpi_restated`): a figure stated again is flagged, not dropped.

>>> from pipelines.extraction.extract import extract_report
>>> text = ("Performance\\n\\n12. Last financial year 2006/07 the Directorate dealt with:\\n\\n"
...         "  • 71 Trafalgar related gun enabled crime offences, "
...         "a decrease of 21 from 92 in 2005/06.\\n")
>>> [(k.actual, k.change, k.baseline, k.period) for k in extract_report("x.txt", text).kpis]
[(Decimal('71'), Decimal('-21'), Decimal('92'), 'Last financial year 2006/07')]
"""

from __future__ import annotations

from pipelines.extraction.document import ReportContext
from pipelines.extraction.kpi_prose import find_prose_kpis
from pipelines.extraction.kpi_restated import mark_restated
from pipelines.extraction.kpi_tables import find_table_kpis
from pipelines.extraction.models import KpiFact

__all__ = ["find_kpis", "mark_restated"]


def find_kpis(ctx: ReportContext) -> list[KpiFact]:
    """Every performance figure of the report, restatements flagged."""
    facts = list(find_table_kpis(ctx))
    facts.extend(find_prose_kpis(ctx))
    return mark_restated(facts)
