"""Budget extraction: report passages in, (measure, amount, unit, fiscal year, scope) out.

Three tables: development examples (passages of the seed reports), held-out examples
(sentences written for these tests in the style of MPA committee and HMIC reports, not
taken from the seeds) and bugs caught while the extractor was written.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.extraction.extract import extract_report

Row = tuple[str, Decimal, str, str | None, str | None]


def budget_rows(body: str, title: str = "Metropolitan Police Service", date: str = "20 December 2007") -> list[Row]:
    """Run the whole extraction on a one-paragraph report and keep the budget columns."""
    text = f"{title}\n\nReport: 1\nDate: {date}\n\nFinance\n\n1. {body}\n"
    facts = extract_report("test.txt", text)
    for fact in facts.budgets:
        assert text[fact.span[0] : fact.span[1]] == fact.quote
    return [(f.measure, f.amount, f.unit, f.fiscal_year, f.scope) for f in facts.budgets]


def as_rows(expected: list[tuple[str, str, str, str | None, str | None]]) -> list[Row]:
    return [(measure, Decimal(amount), unit, fy, scope) for measure, amount, unit, fy, scope in expected]


DEVELOPMENT = [
    (
        "Specialist Crime has been allocated a budget of £382m for 2007/08. This is around 12% "
        "of the "
        "overall MPS budget. Police officer/staff pay and overtime account for over 80% of its "
        "expenditure.",
        "Specialist Crime Directorate",
        [
            ("budget", "382000000", "gbp", "2007/08", "SCD"),
            ("budget", "12", "percent", "2007/08", "SCD"),
            ("expenditure", "80", "percent", "2007/08", "SCD"),
        ],
    ),
    (
        "At the end of the financial year 2006/07, Specialist Crime reported an over spend of "
        "£6.6m on a "
        "budget of £373.5m (+1.76%). In the same year SCD was also required to give up £7.5m "
        "as efficiency savings.",
        "Specialist Crime Directorate",
        [
            ("overspend", "6600000", "gbp", "2006/07", "SCD"),
            ("budget", "373500000", "gbp", "2006/07", "SCD"),
            ("overspend", "1.76", "percent", "2006/07", "SCD"),
            ("savings", "7500000", "gbp", "2006/07", "SCD"),
        ],
    ),
    (
        "Despite rising operational demands SCD managed to constrain its expenditure to less "
        "than 1% overspend last year.",
        "Specialist Crime Directorate",
        [("overspend", "1", "percent", None, "SCD")],
    ),
    (
        "Its annual budget accounts for about 24% of the total cost of police services in England and Wales.",
        "Metropolitan Police Service",
        [("budget", "24", "percent", None, "MPS")],
    ),
    (
        "In terms of resources, the MPS net revenue expenditure on services for 2006/07 is "
        "estimated to be £2,830.5 million.",
        "Metropolitan Police Service",
        [("net_revenue_expenditure", "2830500000", "gbp", "2006/07", "MPS")],
    ),
    (
        "The need for financial devolution has been a consistent theme and the organisation "
        "has currently "
        "devolved 80% of budgets across all business groups.",
        "Metropolitan Police Service",
        [("other", "80", "percent", None, "MPS")],
    ),
    (
        "For 2009/10 increases in net revenue expenditure of 1.75% over the 2008/09 amount of "
        "£2,595m presented in "
        "the Mayor’s published budget and annual increase of 1.25% in 2010/11 and 2011/12.",
        "Metropolitan Police Service",
        [
            ("net_revenue_expenditure", "1.75", "percent", "2009/10", "MPS"),
            ("net_revenue_expenditure", "2595000000", "gbp", "2008/09", "MPS"),
            ("net_revenue_expenditure", "1.25", "percent", "2010/11", "MPS"),
            ("net_revenue_expenditure", "1.25", "percent", "2011/12", "MPS"),
        ],
    ),
    (
        "Alternative options be prepared on the assumption to increase net revenue expenditure "
        "in 2009/10 over "
        "2008/09 of 0.25% or less than the above guidelines.",
        "Metropolitan Police Service",
        [("net_revenue_expenditure", "0.25", "percent", "2009/10", "MPS")],
    ),
    (
        "Current financial projections show that there will be a budget deficit of £116.1 "
        "million in 2007/08 and "
        "further deficits of £29.3 million and £40.3 million respectively in 2008/09 and 2009/10.",
        "Metropolitan Police Service",
        [
            ("deficit", "116100000", "gbp", "2007/08", "MPS"),
            ("deficit", "29300000", "gbp", "2008/09", "MPS"),
            ("deficit", "40300000", "gbp", "2009/10", "MPS"),
        ],
    ),
    (
        "Central Operations operates on an annual budget of £261 million. This comprises £405m "
        "expenditure and "
        "£144m income. Of this £405m 48% (£194m) is funded externally. The majority of the "
        "income (£141m) is from "
        "our strategic partners as is the case for Transport OCU.",
        "Central Operations",
        [
            ("budget", "261000000", "gbp", None, "Central Operations"),
            ("expenditure", "405000000", "gbp", None, "Central Operations"),
            ("income", "144000000", "gbp", None, "Central Operations"),
            ("external_funding", "48", "percent", None, "Central Operations"),
            ("external_funding", "194000000", "gbp", None, "Central Operations"),
            ("income", "141000000", "gbp", None, "Central Operations"),
        ],
    ),
    (
        "Safer Schools Partnership is a core element in our response. We have also received "
        "£9.8m funding over two "
        "years for 14 boroughs under the Home Office Youth Crime Action Plan.",
        "Metropolitan Police Service",
        [("external_funding", "9800000", "gbp", None, "MPS")],
    ),
    (
        "The overall financial position identifies a current budget gap of £76m in 2009/10 rising to £177m in 2011/12.",
        "Metropolitan Police Service",
        [
            ("budget_gap", "76000000", "gbp", "2009/10", "MPS"),
            ("budget_gap", "177000000", "gbp", "2011/12", "MPS"),
        ],
    ),
    (
        "Operation Rize was one of the MPS’ largest ever seizure operations, with more than £53m cash seized.",
        "Metropolitan Police Service",
        [],
    ),
]

HELD_OUT = [
    (
        "The Territorial Policing budget for 2008/09 is £1,234.5m, an increase of 3.2% on the previous year.",
        [
            ("budget", "1234500000", "gbp", "2008/09", "Territorial Policing"),
            ("budget", "3.2", "percent", "2008/09", "Territorial Policing"),
        ],
    ),
    (
        "The Authority approved a revenue budget of £3.2bn for 2009-10.",
        [("budget", "3200000000", "gbp", "2009/10", "MPS")],
    ),
    (
        "Savings of £48.6m have been identified for 2008/09, of which £12.1m are cashable.",
        [
            ("savings", "48600000", "gbp", "2008/09", "MPS"),
            ("savings", "12100000", "gbp", "2008/09", "MPS"),
        ],
    ),
    (
        "Overtime expenditure in the first quarter was £14.2m against a profiled budget of "
        "£12.9m, an overspend of £1.3m.",
        [
            ("expenditure", "14200000", "gbp", None, "MPS"),
            ("budget", "12900000", "gbp", None, "MPS"),
            ("overspend", "1300000", "gbp", None, "MPS"),
        ],
    ),
    (
        "The capital programme for 2007/08 totals £219m.",
        [("investment", "219000000", "gbp", "2007/08", "MPS")],
    ),
    (
        "The MPS received a Home Office grant of £45m for counter-terrorism policing.",
        [("funding_grant", "45000000", "gbp", None, "MPS")],
    ),
    (
        "The projected underspend at year end is £5.4m (0.2%).",
        [
            ("underspend", "5400000", "gbp", None, "MPS"),
            ("underspend", "0.2", "percent", None, "MPS"),
        ],
    ),
    (
        "Police pay accounts for 78% of the revenue budget.",
        [("budget", "78", "percent", None, "MPS")],
    ),
    (
        "The MPA's maintenance backlog stands at over £100m.",
        [("backlog", "100000000", "gbp", None, "MPS")],
    ),
    (
        "The SCD budget of £382m includes £40m for Operation Trident.",
        [
            ("budget", "382000000", "gbp", None, "SCD"),
            ("budget", "40000000", "gbp", None, "Trident"),
        ],
    ),
    (
        "Net revenue expenditure for 2008-09 is £2,595.0m, compared with £2,513.7m in 2007-08.",
        [
            ("net_revenue_expenditure", "2595000000", "gbp", "2008/09", "MPS"),
            ("net_revenue_expenditure", "2513700000", "gbp", "2007/08", "MPS"),
        ],
    ),
    (
        "The Directorate delivered efficiency savings of £9.2m in 2006/07 and £11.4m in 2007/08.",
        [
            ("savings", "9200000", "gbp", "2006/07", "MPS"),
            ("savings", "11400000", "gbp", "2007/08", "MPS"),
        ],
    ),
    ("Drugs with a street value of £1.5m were recovered from the address.", []),
    ("Operation Payback seized £2.1m of criminal assets.", []),
    ("Officers seized £250,000 in cash and drugs worth £1m.", []),
    (
        "The Authority's share of the precept rose by 5.1% to £644m.",
        [
            ("funding_grant", "5.1", "percent", None, "MPS"),
            ("funding_grant", "644000000", "gbp", None, "MPS"),
        ],
    ),
    (
        "The MPS spent £45m on overtime in 2007/08.",
        [("expenditure", "45000000", "gbp", "2007/08", "MPS")],
    ),
    ("Crime fell by 5% in 2007/08 and detections rose by 12%.", []),
    ("Provision of 24% of the MPS annual training, including firearms and public order.", []),
]

BUGS = [
    # The sentence after took the last year named ("the 2008/09 budget"), not the paragraph's.
    (
        "The out-turn for 2007/08 shows an underspend of £4.2m after transferring £2m to "
        "support the "
        "2008/09 budget. This was helped by an underspend of £1.1m on overtime.",
        [
            ("underspend", "4200000", "gbp", "2007/08", "MPS"),
            ("budget", "2000000", "gbp", "2008/09", "MPS"),
            ("underspend", "1100000", "gbp", "2007/08", "MPS"),
        ],
    ),
    # "deficits" (plural) was not a budget word, so the second and third figures were lost.
    (
        "There will be further deficits of £29.3 million and £40.3 million.",
        [("deficit", "29300000", "gbp", None, "MPS"), ("deficit", "40300000", "gbp", None, "MPS")],
    ),
    # The amount before "and" took the expenditure noun of the figure before it.
    (
        "This comprises £405m expenditure and £144m income.",
        [
            ("expenditure", "405000000", "gbp", None, "MPS"),
            ("income", "144000000", "gbp", None, "MPS"),
        ],
    ),
    # "cashable savings" read as cash seized from criminals ("cash" is a seizure word).
    (
        "The board expects to deliver cashable savings of £5m.",
        [("savings", "5000000", "gbp", None, "MPS")],
    ),
    # The comparison base "over 2008/09" gave the figure the wrong financial year.
    (
        "The plan is to increase net revenue expenditure in 2009/10 over 2008/09 of 0.25%.",
        [("net_revenue_expenditure", "0.25", "percent", "2009/10", "MPS")],
    ),
    # A unit named as the object of a preposition ("as is the case for Transport OCU")
    # took the scope.
    (
        "The majority of the income (£141m) is from our strategic partners as is the case for Transport OCU.",
        [("income", "141000000", "gbp", None, "MPS")],
    ),
]


@pytest.mark.parametrize(("body", "title", "expected"), DEVELOPMENT, ids=[b[:60] for b, _, _ in DEVELOPMENT])
def test_development_passages_give_their_budget_figures(
    body: str, title: str, expected: list[tuple[str, str, str, str | None, str | None]]
) -> None:
    assert budget_rows(body, title) == as_rows(expected)


@pytest.mark.parametrize(("body", "expected"), HELD_OUT, ids=[b[:60] for b, _ in HELD_OUT])
def test_held_out_sentences_give_their_budget_figures(
    body: str, expected: list[tuple[str, str, str, str | None, str | None]]
) -> None:
    assert budget_rows(body) == as_rows(expected)


@pytest.mark.parametrize(("body", "expected"), BUGS, ids=[b[:60] for b, _ in BUGS])
def test_bugs_stay_fixed(body: str, expected: list[tuple[str, str, str, str | None, str | None]]) -> None:
    assert budget_rows(body) == as_rows(expected)


def test_a_table_headed_in_pounds_million_gives_one_fact_per_cell() -> None:
    text = (
        "Metropolitan Police Service\n\nReport: 1\nDate: 23 October 2008\n\nBasis for the "
        "2009-12 budget\n\n"
        "\t2008/09 £m\t2009/10 £m\t2010/11 £m\n"
        "Main guidance\t2,595.0\t2,640.4\t2,673.4\n"
        "Lower Range\t2,595.0\t2,633.8\t2,666.7\n"
    )
    facts = extract_report("test.txt", text).budgets
    assert [(f.fiscal_year, f.amount) for f in facts[:3]] == [
        ("2008/09", Decimal("2595000000")),
        ("2009/10", Decimal("2640400000")),
        ("2010/11", Decimal("2673400000")),
    ]
    assert len(facts) == 6
    assert {f.measure for f in facts} == {"budget"}


def test_a_table_of_measure_columns_gives_each_cell_its_column_measure_and_row_unit() -> None:
    text = (
        "Metropolitan Police Authority\n\nReport: 7\nDate: 24 January 2008\n\n"
        "Revenue budget monitoring 2007/08\n\n"
        "Business Group\tAnnual Budget £000\tForecast Outturn £000\tVariance £000\n"
        "Territorial Policing\t1,234,567\t1,240,000\t5,433\n"
        "Specialist Crime\t382,000\t380,500\t(1,500)\n"
    )
    facts = extract_report("test.txt", text).budgets
    assert [(f.measure, f.amount, f.fiscal_year, f.scope) for f in facts] == [
        ("budget", Decimal("1234567000"), "2007/08", "Territorial Policing"),
        ("expenditure", Decimal("1240000000"), "2007/08", "Territorial Policing"),
        ("other", Decimal("5433000"), "2007/08", "Territorial Policing"),
        ("budget", Decimal("382000000"), "2007/08", "SCD"),
        ("expenditure", Decimal("380500000"), "2007/08", "SCD"),
        ("other", Decimal("-1500000"), "2007/08", "SCD"),
    ]


def test_a_table_titled_in_pounds_million_reads_dashed_cells_as_negative() -> None:
    text = (
        "Metropolitan Police Authority\n\nReport: 7\nDate: 24 January 2008\n\n"
        "Revenue budget 2007/08 (£m)\n\n"
        "Business Group  Budget  Forecast  Variance\n"
        "Specialist Crime  382.0  380.5  -1.5\n"
    )
    facts = extract_report("test.txt", text).budgets
    assert [(f.measure, f.amount) for f in facts] == [
        ("budget", Decimal("382000000")),
        ("expenditure", Decimal("380500000")),
        ("other", Decimal("-1500000")),
    ]


def test_a_performance_table_is_not_a_budget_table() -> None:
    text = (
        "Metropolitan Police Authority\n\nReport: 7\nDate: 24 January 2008\n\n"
        "Performance (£000)\n\nIndicator\tTarget\tActual\nArrests\t1,000\t1,200\n"
    )
    assert extract_report("test.txt", text).budgets == []
