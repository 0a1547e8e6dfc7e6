"""Typed facts: what extraction returns, one frozen dataclass per family.

Every fact carries `quote` (the sentence, list item or table row that holds it) and
`span` (its start and end in the document text), so `text[span[0]:span[1]] == quote`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class KpiFact:
    scope: str | None
    indicator: str
    period: str | None
    fiscal_year: str | None
    target: Decimal | None
    actual: Decimal | None
    baseline: Decimal | None
    change: Decimal | None
    unit: str
    trend: str | None
    tier: str  # core: an indicator with a target or a row of an indicator table; stat: other
    quote: str
    span: tuple[int, int]
    is_restated: bool = False


@dataclass(frozen=True, slots=True)
class GradeFact:
    framework: str | None
    area_code: str | None
    area: str
    grade: str
    direction_of_travel: str | None
    nat_poor: int | None
    nat_fair: int | None
    nat_good: int | None
    nat_excellent: int | None
    tier: str  # core: grade tables and area blocks; stat: grades in prose
    quote: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class BudgetFact:
    scope: str | None
    fiscal_year: str | None
    measure: str
    amount: Decimal
    unit: str  # gbp or percent
    tier: str
    quote: str
    span: tuple[int, int]
    period: str | None = None


@dataclass(frozen=True, slots=True)
class WorkforceFact:
    scope: str | None
    as_of: str | None
    measure: str
    value: Decimal
    unit: str  # count or percent
    kind: str  # actual, target, change, budgeted
    tier: str
    quote: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class MilestoneFact:
    period: str | None
    fiscal_year: str | None
    quarter: int | None
    milestone: str
    status: str | None  # delivered, on track, some delay
    quote: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class ReportMeta:
    title: str | None = None
    report_number: str | None = None
    meeting_date: date | None = None
    committee: str | None = None
    presented_by: str | None = None
    publisher: str | None = None
    period_covered: str | None = None
    report_type: str | None = None


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """Everything read from one document."""

    report: ReportMeta
    kpis: list[KpiFact] = field(default_factory=list)
    grades: list[GradeFact] = field(default_factory=list)
    budgets: list[BudgetFact] = field(default_factory=list)
    workforce: list[WorkforceFact] = field(default_factory=list)
    milestones: list[MilestoneFact] = field(default_factory=list)

    def count(self) -> int:
        return len(self.kpis) + len(self.grades) + len(self.budgets) + len(self.workforce) + len(self.milestones)
