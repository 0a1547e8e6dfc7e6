"""Grades: HMIC summary tables and area blocks with national distributions, use of
resources scores (tabbed or one cell to a line), and grades stated in prose."""

from __future__ import annotations

import textwrap

import pytest

from pipelines.extraction.extract import extract_report
from pipelines.extraction.models import GradeFact


def _grades(text: str, title: str = "Metropolitan Police Service Baseline Assessment October 2006") -> list[GradeFact]:
    return extract_report("r.txt", f"{title}\n\nHer Majesty's Inspectorate of Constabulary\n\n{text}").grades


def _summary(facts: list[GradeFact]) -> list[tuple[str | None, str, str, str | None]]:
    return [(f.area_code, f.area, f.grade, f.direction_of_travel) for f in facts]


# ------------------------------------------------------------------ development examples

AREA_BLOCK = """2A Volume Crime Reduction

Grade\tDirection of Travel
Fair\tImproved

National Grade Distribution

Poor\tFair\tGood\tExcellent
1\t18\t20\t4

Contextual Factors

The number of BCS comparator crimes per 1,000 residents reduced during 2005/06 by 1%.
"""


def test_area_block_carries_grade_direction_and_national_distribution() -> None:
    [fact] = _grades(AREA_BLOCK)
    assert (fact.area_code, fact.area, fact.grade, fact.direction_of_travel) == (
        "2A",
        "Volume Crime Reduction",
        "Fair",
        "Improved",
    )
    assert (fact.nat_poor, fact.nat_fair, fact.nat_good, fact.nat_excellent) == (1, 18, 20, 4)
    assert fact.framework == "HMIC Baseline Assessment 2006"
    assert fact.quote.startswith("2A Volume Crime Reduction") and fact.quote.endswith("1\t18\t20\t4")


def test_area_block_without_a_direction_takes_it_from_the_header() -> None:
    text = "7A Leadership\n\nGrade\tNo direction of travel allocated\nGood\t\n\nNational Grade Distribution\n\nPoor\tFair\tGood\tExcellent\n0\t4\t35\t4\n"
    [fact] = _grades(text)
    assert (fact.grade, fact.direction_of_travel, fact.nat_good) == ("Good", "Not Graded", 35)


SUMMARY = """Summary of Judgements\tGrade\tDirection of Travel
Professional Standards\tGood\tNot Graded
Strategic Roads Policing\tExcellent\tStable

5C Strategic Road Policing

Grade\tDirection of Travel
Excellent\tStable
"""


def test_summary_rows_take_area_codes_from_area_headings_worded_slightly_differently() -> None:
    facts = [f for f in _grades(SUMMARY) if f.quote.count("\n") == 0]
    assert _summary(facts) == [
        (None, "Professional Standards", "Good", "Not Graded"),
        ("5C", "Strategic Roads Policing", "Excellent", "Stable"),
    ]


STACKED = """Audit Commission Use of Resources

Element

Assessment

Financial Reporting

Not Available

Financial Management

2

Financial Standing

3

Internal Control

2

Value For Money

2

Key to grades

1. Below minimum requirements – inadequate performance
"""


def test_use_of_resources_table_laid_out_one_cell_to_a_line() -> None:
    facts = _grades(STACKED)
    assert [(f.area, f.grade) for f in facts] == [
        ("Financial Reporting", "Not Available"),
        ("Financial Management", "2"),
        ("Financial Standing", "3"),
        ("Internal Control", "2"),
        ("Value For Money", "2"),
    ]
    assert {f.framework for f in facts} == {"Audit Commission Use of Resources"}


PROSE = [
    pytest.param(
        "- This has resulted in the Audit Commission assessing the crime recording arrangements in 2005/06 as Fair and the data as Good.",
        [("crime recording arrangements (2005/06)", "Fair"), ("data (2005/06)", "Good")],
        id="assessing-x-as-fair-and-y-as-good",
    ),
    pytest.param(
        "- In 2004 an overall Red grading was recorded in an NCRS review conducted by the Audit Commission.",
        [("NCRS (2004)", "Red")],
        id="overall-red-grading",
    ),
    pytest.param(
        "16. Neighbourhood Policing has been the subject of a recent HMIC inspection. It was reported that the MPS “… is meeting "
        "the standard and actively leading the field….”.",
        [("Neighbourhood Policing", "meeting the standard")],
        id="meeting-the-standard-after-an-inspection",
    ),
    pytest.param(
        "3. One measure of our progress was to achieve excellent grading from HMIC inspections into the MPS capability in the "
        "investigation of major crime in both 2005 and 2006.",
        [
            ("MPS capability in the investigation of major crime (2005)", "Excellent"),
            ("MPS capability in the investigation of major crime (2006)", "Excellent"),
        ],
        id="grading-from-hmic-in-two-years",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PROSE)
def test_development_prose_grades(text: str, expected: list[tuple[str, str]]) -> None:
    facts = _grades(text, title="Report")
    assert [(f.area, f.grade) for f in facts] == expected
    assert {f.tier for f in facts} == {"stat"}


# ------------------------------------------------------------------ held-out examples

HELD_OUT_TABLES = [
    pytest.param(
        "Summary of Judgements\n\n1A\tFairness and Equality\tGood\tStable\n3B\tTackling Serious and Organised Criminality\tPoor\tDeclined\n",
        [
            ("1A", "Fairness and Equality", "Good", "Stable"),
            ("3B", "Tackling Serious and Organised Criminality", "Poor", "Declined"),
        ],
        id="area-code-in-its-own-column",
    ),
    pytest.param(
        "PEEL judgements\n\n| Pillar | Judgement |\n|---|---|\n| Effectiveness | Good |\n| Efficiency | Requires improvement |\n| Legitimacy | Outstanding |\n",
        [
            (None, "Effectiveness", "Good", None),
            (None, "Efficiency", "Requires improvement", None),
            (None, "Legitimacy", "Outstanding", None),
        ],
        id="peel-pipe-table",
    ),
    pytest.param(
        "Summary of Judgements\n\nCall Management    Not Graded    Not Graded\nProtecting Vulnerable People    Fair    Improving\n",
        [
            (None, "Call Management", "Not Graded", "Not Graded"),
            (None, "Protecting Vulnerable People", "Fair", "Improved"),
        ],
        id="space-separated-cells-not-graded",
    ),
]


@pytest.mark.parametrize(("text", "expected"), HELD_OUT_TABLES)
def test_held_out_grade_tables(text: str, expected: list[tuple[str | None, str, str, str | None]]) -> None:
    assert _summary(_grades(text, title="Kent Police PEEL Inspection 2016")) == expected


def test_held_out_use_of_resources_tabbed_rows() -> None:
    text = "Use of Resources\n\nTheme\tScore\nFinancial management\t3\nValue for money\tNot available\n"
    assert [(f.area, f.grade) for f in _grades(text, title="Report")] == [
        ("Financial management", "3"),
        ("Value for money", "Not Available"),
    ]


HELD_OUT_PROSE = [
    pytest.param(
        "In its 2009 inspection, HMIC judged the force to be good at tackling serious crime.",
        "Good",
        id="judged-to-be-good",
    ),
    pytest.param("The force was graded Poor during the 2004 baseline process.", "Poor", id="graded-poor-baseline"),
    pytest.param(
        "HMIC inspected public protection last year; the force was found to be exceeding the standard in two areas.",
        "exceeding the standard",
        id="found-exceeding-the-standard",
    ),
    pytest.param(
        "Following the HMICFRS inspection, call handling was rated as requires improvement.",
        "Requires improvement",
        id="rated-requires-improvement",
    ),
    pytest.param(
        "Custody has been the subject of an HMIC inspection. The inspectors concluded that the force is not meeting the standard.",
        "not meeting the standard",
        id="not-meeting-the-standard",
    ),
]


@pytest.mark.parametrize(("text", "grade"), HELD_OUT_PROSE)
def test_held_out_prose_grades(text: str, grade: str) -> None:
    assert [f.grade for f in _grades(text, title="Report")] == [grade]


NOT_GRADES = [
    pytest.param("HMIC has awarded a Good grade where key criteria have been met.", id="definition-of-a-grade"),
    pytest.param(
        "To achieve a Fair grading, forces must achieve all of the significant criteria set out in the Fair SGC.",
        id="criteria",
    ),
    pytest.param(
        "Forces are assessed as delivering performance that is Excellent, Good, Fair or Poor.", id="scale-description"
    ),
    pytest.param("The review was assessed as good practice and shared with other forces.", id="good-practice"),
    pytest.param("Officers meeting the standard of fitness may apply.", id="standard-without-an-inspection"),
]


@pytest.mark.parametrize("text", NOT_GRADES)
def test_sentences_about_grading_are_not_grades(text: str) -> None:
    assert _grades(text, title="Report") == []


# ------------------------------------------------------------------ bugs caught


def test_grade_block_interrupted_by_a_page_header_still_reads_its_counts() -> None:
    pages = "October 2006\n\nx\n\n" * 3
    text = (
        pages
        + "6E Information Management\n\nGrade\tDirection of Travel\nGood\tStable\n\nOctober 2006\n\nNational Grade Distribution\n\nPoor\tFair\tGood\tExcellent\n1\t9\t31\t2\n"
    )
    [fact] = _grades(text)
    assert (fact.grade, fact.nat_poor, fact.nat_excellent) == ("Good", 1, 2)


def test_grade_in_a_hard_wrapped_paragraph() -> None:
    paragraph = (
        "Custody has been the subject of a recent HMIC inspection. The inspectors concluded that the force is not "
        "meeting the standard for the care of detained persons, although progress has been made since the last visit."
    )
    other = (
        "The custody estate has been reviewed and a programme of refurbishment agreed with the Authority for next year."
    )
    text = "\n\n".join(textwrap.fill(p, 40) for p in [paragraph, other, other])
    assert [f.grade for f in _grades(text, title="Report")] == ["not meeting the standard"]


def test_every_quote_is_its_span_of_the_text() -> None:
    text = "Metropolitan Police Service Baseline Assessment October 2006\n\n" + AREA_BLOCK + "\n" + STACKED
    for fact in extract_report("r.txt", text).grades:
        assert text[fact.span[0] : fact.span[1]] == fact.quote
