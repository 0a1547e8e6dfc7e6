"""Report metadata: title, number, meeting date, committee, author, publisher, period."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.extraction.models import ReportMeta
from pipelines.extraction.report import read_report_meta
from pipelines.parsing.blocks import parse_blocks


def _meta(text: str) -> ReportMeta:
    return read_report_meta(text, parse_blocks(text))


COMMITTEE_REPORT = """You are in:

Contents

Report 12 of the 20 December 2007 meeting of the MPA Committee providing an overview of Specialist Crime Directorate

Warning: This is archived material and may be out of date. The Metropolitan Police Authority has been replaced by the Mayor's Office for Policing and Crime (MOPC).

Specialist Crime Directorate

Report: 12
Date: 20 December 2007
By: the Acting Assistant Commissioner on behalf of the Commissioner

Summary

This report provides an overview of Specialist Crime Directorate's aims and objectives.
"""

COMMISSIONERS_REPORT = """You are in:

Commissioner's Report{trailing}

Report: 5
Date: 6 October 2008
By: the Commissioner

Summary

This report, prepared for the Full Authority meeting, summarises the progress of the Metropolitan Police Service.

The report covers the period between July and October 2008 with data for individual measures reflecting the 12-month period.
""".format(trailing="  ")  # the seed's title line ends in two spaces

INSPECTION = """Metropolitan Police Service Baseline Assessment October 2006

ISBN 1-84473-975-X

Introduction to Baseline Assessment

Since March 2004, Her Majesty's Inspectorate of Constabulary (HMIC) has conducted a periodic review. The process is known as baseline assessment (BA) and this report covers the assessment for the financial year 2005/06; performance outside this period is not taken into account.
"""

PLAN_UPDATE = """

# Metropolitan Police Service Business Plan progress update

## 2018-19, Quarter 1 (April to June 2018)

# 1- Introduction

Operational policing in London is the responsibility of the Metropolitan Police Commissioner.
"""


DEVELOPMENT = [
    pytest.param(
        COMMITTEE_REPORT,
        ReportMeta(
            "Specialist Crime Directorate",
            "12",
            date(2007, 12, 20),
            "MPA Committee",
            "the Acting Assistant Commissioner on behalf of the Commissioner",
            "MPA",
            None,
            "committee_report",
        ),
        id="committee-report-000",
    ),
    pytest.param(
        COMMISSIONERS_REPORT,
        ReportMeta(
            "Commissioner's Report",
            "5",
            date(2008, 10, 6),
            "Full Authority",
            "the Commissioner",
            "MPA",
            "between July and October 2008",
            "commissioners_report",
        ),
        id="commissioners-report-003",
    ),
    pytest.param(
        INSPECTION,
        ReportMeta(
            "Metropolitan Police Service Baseline Assessment October 2006",
            None,
            None,
            None,
            None,
            "HMIC",
            "2005/06",
            "inspection_report",
        ),
        id="hmic-baseline-001",
    ),
    pytest.param(
        PLAN_UPDATE,
        ReportMeta(
            "Metropolitan Police Service Business Plan progress update",
            None,
            None,
            None,
            None,
            "MPS",
            "2018-19, Quarter 1 (April to June 2018)",
            "business_plan_update",
        ),
        id="business-plan-update-004",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DEVELOPMENT)
def test_development_reports(text: str, expected: ReportMeta) -> None:
    assert _meta(text) == expected


# ------------------------------------------------------------------ held-out examples

HELD_OUT_HEADER = """Metropolitan Police Authority

Finance and Resources Committee

Revenue budget monitoring 2009/10

Report No: 9
Meeting date: 03/12/2009
Report by: Director of Resources

Summary

This report covers the period April to October 2009.
"""


def test_held_out_header_with_other_key_spellings() -> None:
    meta = _meta(HELD_OUT_HEADER)
    assert (meta.title, meta.report_number, meta.meeting_date, meta.presented_by, meta.publisher) == (
        "Revenue budget monitoring 2009/10",
        "9",
        date(2009, 12, 3),
        "Director of Resources",
        "MPA",
    )
    assert meta.period_covered == "April to October 2009"


def test_held_out_opening_line_gives_committee_and_date() -> None:
    text = "Report 4 of the 5th July 2007 meeting of the Co-ordination and Policing Committee and outlines the work of CO.\n\nTitle\n"
    meta = _meta(text)
    assert (meta.report_number, meta.meeting_date, meta.committee) == (
        "4",
        date(2007, 7, 5),
        "Co-ordination and Policing Committee",
    )


def test_held_out_committee_header_line() -> None:
    text = "Estates Strategy\n\nReport: 3\nDate: 14 May 2010\nBy: Director of Property Services\nCommittee: Strategic and Operational Policing Committee\n"
    assert _meta(text).committee == "Strategic and Operational Policing Committee"


def test_fields_the_text_does_not_give_stay_empty() -> None:
    meta = _meta("Annual review\n\nCrime fell by 4% in the year.\n")
    assert (meta.report_number, meta.meeting_date, meta.committee, meta.presented_by) == (None, None, None, None)
