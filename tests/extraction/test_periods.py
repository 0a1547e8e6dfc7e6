"""UK financial years, rolling years, quarters, months and periods relative to a report."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.extraction.periods import find_periods, normalise_fiscal_year

REPORT = date(2008, 10, 6)

DEVELOPMENT = [
    (
        "Last financial year 2006/07 the Directorate dealt with:",
        "Last financial year 2006/07",
        "2006/07",
    ),
    ("targets and achievements financial year-to- date are:", "financial year-to- date", "2008/09"),
    ("SPI 1.1 78.9% 77.0%Year to Jun 08 stable", "Year to Jun 08", "2008/09"),
    (
        "reflecting the 12-month period ending August 2008",
        "the 12-month period ending August 2008",
        "2008/09",
    ),
    ("for the year-ending March 2008 stands at 55.2%", "the year-ending March 2008", "2007/08"),
    ("ranked 1st for the rolling-year to Jun-08", "the rolling-year to Jun-08", "2008/09"),
    ("-6% -4.5% Apr08 – Aug08 +ve", "Apr08 – Aug08", "2008/09"),
    (
        "The average abstraction rate for the six months to March 2006 was 3.9%",
        "the six months to March 2006",
        "2005/06",
    ),
    ("Quarter 1, 2018-19: launch of the Violent Crime Task Force", "Quarter 1, 2018-19", "2018/19"),
    (
        "From October 2007 to June this year, the MPS closed 703 Crack houses",
        "From October 2007 to June this year",
        "2008/09",
    ),
]

HELD_OUT = [
    (
        "performance in the nine months to December 2009",
        "the nine months to December 2009",
        "2009/10",
    ),
    ("crime fell by 4% in Quarter 2, 2009-10", "Quarter 2, 2009-10", "2009/10"),
    ("during the financial year 2010/11", "the financial year 2010/11", "2010/11"),
    ("in the year ending September 2011", "the year ending September 2011", "2011/12"),
]


@pytest.mark.parametrize(("text", "period", "fiscal"), DEVELOPMENT + HELD_OUT, ids=lambda v: str(v)[:40])
def test_periods_are_found_with_their_fiscal_year(text: str, period: str, fiscal: str) -> None:
    found = find_periods(text, REPORT)
    assert [(p.text, p.fiscal_year) for p in found][:1] == [(period, fiscal)]


RELATIVE = [
    ("Last year, 17 defendants were convicted", ["Last year"], ["relative"]),
    ("The MPS polices over 6,000 public order events every year.", ["every year"], ["frequency"]),
    ("investigating approximately 10,000 allegations per annum", ["per annum"], ["frequency"]),
    ("has to date resolved over 50 kidnap critical incidents", ["to date"], ["relative"]),
    (
        "occurred in January, with 20.2%, the highest rate since April 1998",
        ["in January", "April 1998"],
        ["month_name", "month"],
    ),
    ("down 25% over the last five years", ["over the last five years"], ["relative"]),
]


@pytest.mark.parametrize(("text", "texts", "kinds"), RELATIVE, ids=lambda v: str(v)[:40])
def test_relative_periods_are_found_only_when_asked(text: str, texts: list[str], kinds: list[str]) -> None:
    found = find_periods(text, REPORT, relative=True)
    assert [p.text for p in found] == texts
    assert [p.kind for p in found] == kinds
    assert all(p.kind not in {"relative", "frequency"} for p in find_periods(text, REPORT))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2007-08", "2007/08"),
        ("2008/9", "2008/09"),
        ("2007/2008", "2007/08"),
        ("2018-19", "2018/19"),
        ("2006-09", None),
    ],
)
def test_fiscal_years_are_normalised(raw: str, expected: str | None) -> None:
    assert normalise_fiscal_year(raw) == expected
