"""Organisation-unit scope: clause subject, 'by' agents, comparators, carried topics,
section headings and the report's own subject."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from pipelines.extraction.document import ReportContext
from pipelines.extraction.report import read_report_meta
from pipelines.extraction.scope import canonical_units, find_scope_mentions, resolve_scope, topic_of
from pipelines.parsing.blocks import parse_blocks


def _at(sentence: str, figure: str | None) -> int | None:
    return sentence.index(figure) if figure else None


# (sentence, figure the scope is asked for or None, carried unit, report default, expected)
DEVELOPMENT = [
    pytest.param(
        "They achieved a sanction detection rate of 22.5%.", "22.5", "Trafalgar", "SCD", "Trafalgar", id="anaphor-they"
    ),
    pytest.param(
        "Ten were detected, giving an overall detection rate of 91%",
        None,
        "Child Abuse Major Investigation Teams",
        "SCD",
        "Child Abuse Major Investigation Teams",
        id="anaphor-count-were",
    ),
    pytest.param(
        "139 homicides were investigated by Homicide Command and 124 detected.",
        "139",
        None,
        "SCD",
        "Homicide Command",
        id="by-agent",
    ),
    pytest.param(
        "11 child homicides investigated by Child Abuse Major Investigation Teams.",
        None,
        None,
        "SCD",
        "Child Abuse Major Investigation Teams",
        id="by-agent-no-verb",
    ),
    pytest.param(
        "Operation Tyrol has seen a reduction in crime of 17% (250 crimes) at the specific hub locations.",
        "17%",
        None,
        "MPS",
        "Operation Tyrol",
        id="operation-subject",
    ),
    pytest.param(
        "The MPS achieved an overall sanction detection rate of 18.02% for 2005/06, exceeding its target of 16.6% but below the MSF average of 21.52%.",
        "21.52",
        None,
        "MPS",
        "MSF average",
        id="comparator-value",
    ),
    pytest.param(
        "The MPS achieved an overall sanction detection rate of 18.02% for 2005/06, exceeding its target of 16.6% but below the MSF average of 21.52%.",
        "18.02",
        None,
        "MPS",
        "MPS",
        id="subject-beside-comparator",
    ),
    pytest.param(
        "However, the result is below the average of 15.02% achieved in the MSF forces.",
        "15.02",
        "MPS",
        "MPS",
        "MSF average",
        id="comparator-named-after-the-figure",
    ),
    pytest.param(
        "This is around 12% of the overall MPS budget.", None, "SCD", "SCD", "SCD", id="force-named-in-passing"
    ),
    pytest.param(
        "During the 2007/8 fiscal year, following investigations led by the MPS Counter Terrorism Command, over 40 people were convicted.",
        None,
        None,
        "MPS",
        "Counter Terrorism Command",
        id="force-as-owner-and-fronted-phrase",
    ),
    pytest.param(
        "With the emerging results from Operation Rize, detailed below, the seizures will make a major contribution toward the year end target of £42 million.",
        "£42",
        None,
        "MPS",
        "MPS",
        id="unit-in-opening-phrase-is-not-subject",
    ),
    pytest.param(
        "Against the new 2008/09 Home Office definition, we have seen a 9.1% reduction in knife crime.",
        None,
        "Operation Blunt 2",
        "MPS",
        "MPS",
        id="we-is-the-report-organisation",
    ),
    pytest.param(
        "Three men have jailed for their involvement in a cash-in-transit robbery in Enfield.",
        None,
        None,
        "SCD",
        "SCD",
        id="borough-as-place",
    ),
    pytest.param(
        "The target this year was £5 million assets identified by court order for seizure; the SCD has actually seized £24 million.",
        None,
        None,
        "MPS",
        "SCD",
        id="subject-of-second-clause",
    ),
    pytest.param(
        "The SCD6-led operation known as Sterling is believed to have obtained the largest single UK cash forfeiture of £1,568,117.",
        None,
        None,
        "MPS",
        "Economic and Specialist Crime",
        id="hyphenated-abbreviation",
    ),
]


@pytest.mark.parametrize(("sentence", "figure", "carried", "default", "expected"), DEVELOPMENT)
def test_development_sentences(
    sentence: str, figure: str | None, carried: str | None, default: str, expected: str
) -> None:
    assert resolve_scope(sentence, (), default, at=_at(sentence, figure), carried=carried) == expected


HELD_OUT = [
    pytest.param(
        "Lambeth BOCU recorded 412 burglaries in the quarter.", None, None, "MPS", "Lambeth", id="bocu-of-a-borough"
    ),
    pytest.param(
        "The Violent Crime Taskforce made 1,300 arrests in its first quarter.",
        None,
        None,
        "MPS",
        "Violent Crime Task Force",
        id="unit-alias-spelling",
    ),
    pytest.param(
        "In the East BCU, Operation Mexico has charged more than 60 people.",
        None,
        None,
        "MPS",
        "Operation Mexico",
        id="bcu-in-opening-phrase",
    ),
    pytest.param(
        "Burglary fell by 30 per cent in Havering compared to last year.",
        "30",
        None,
        "MPS",
        "Havering",
        id="borough-of-the-figure",
    ),
    pytest.param(
        "Officers from the Met's Closed Circuit Investigation Unit made 212 arrests.",
        None,
        None,
        "MPS",
        "Closed Circuit Investigation Unit",
        id="named-unit-by-form",
    ),
    pytest.param(
        "Detection rates remain below the national average of 27% for 2009/10.",
        "27",
        None,
        "MPS",
        "National average",
        id="national-average-value",
    ),
    pytest.param(
        "The OCU has exceeded all its budgetary targets with savings of £500,000.",
        None,
        "Palace of Westminster",
        "Central Operations",
        "Palace of Westminster",
        id="the-ocu-points-back",
    ),
    pytest.param("Arrests rose by 9% across the capital.", None, None, "SCD", "SCD", id="nothing-named-report-subject"),
    pytest.param(
        "Knife crime rose by 4%, although it remained better than the MSF average over the year.",
        "4%",
        None,
        "MPS",
        "MPS",
        id="comparator-as-yardstick",
    ),
    pytest.param(
        "Project Servator teams conducted more than 550 searches.",
        None,
        None,
        "MPS",
        "Project Servator",
        id="project-name",
    ),
    pytest.param(
        "An example of a cross-border operation is Operation Grafton, a joint operation involving the MPS and SCD7.",
        None,
        None,
        "MPS",
        "Operation Grafton",
        id="copula-complement",
    ),
]


@pytest.mark.parametrize(("sentence", "figure", "carried", "default", "expected"), HELD_OUT)
def test_held_out_sentences(
    sentence: str, figure: str | None, carried: str | None, default: str, expected: str
) -> None:
    assert resolve_scope(sentence, (), default, at=_at(sentence, figure), carried=carried) == expected


def test_section_heading_names_the_unit_when_the_sentence_does_not() -> None:
    assert resolve_scope("Arrests rose by 12%.", ("Performance", "Territorial Support Group"), "MPS") == "TSG"


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("71 Trafalgar related gun enabled crime offences, a decrease of 21 from 92 in 2005/06.", "Trafalgar"),
        ("We increased our use of stop and search, screening wands and Dog Support Unit officers.", None),
        ("TSG, Dogs and Mounted Branch extensively supported the events.", None),
        ("Nearly 1,000 volunteer cadets working in 27 boroughs assist Safer Neighbourhoods teams.", None),
    ],
)
def test_topic_is_the_subject_unit_only(sentence: str, topic: str | None) -> None:
    assert topic_of(sentence) == topic


# ------------------------------------------------------------------ carried through a report

REPORT = """Specialist Crime Directorate

Report: 12
Date: 20 December 2007
By: the Commissioner

Performance

12. Last financial year 2006/07 the Directorate dealt with:

  • 71 Trafalgar related gun enabled crime offences, a decrease of 21. They achieved a sanction detection rate of 22.5%.
  • 139 homicides were investigated by Homicide Command and 124 detected. This gave an overall detection rate of 89%.
  • Three men were jailed for a robbery in Enfield. Cars used in the robberies held over £16k cash.

Budget

10. Specialist Crime has been allocated a budget of £382m for 2007/08. This is around 12% of the overall MPS budget. Pay accounts for over 80% of its expenditure.
"""


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They achieved a sanction detection rate of 22.5%.", "Trafalgar"),
        ("This gave an overall detection rate of 89%.", "Homicide Command"),
        ("Cars used in the robberies held over £16k cash.", "SCD"),
        ("This is around 12% of the overall MPS budget.", "SCD"),
        ("Pay accounts for over 80% of its expenditure.", "SCD"),
    ],
)
def test_scope_is_carried_through_a_block(sentence: str, expected: str) -> None:
    blocks = parse_blocks(REPORT)
    ctx = ReportContext.build("r.txt", REPORT, blocks, read_report_meta(REPORT, blocks))
    start = REPORT.index(sentence)
    block = next(b for b in blocks if b.start <= start < b.end)
    assert ctx.scope_for(sentence, block) == expected


# ------------------------------------------------------------------ vocabulary


def test_org_units_seed_keeps_its_header_and_shape() -> None:
    text = resources.files("pipelines.extraction.vocab").joinpath("org_units.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["org_unit_id", "name", "abbreviation", "kind", "parent_id", "aliases"]
    assert all(len(row) == 6 for row in rows)
    ids = [row[0] for row in rows[1:]]
    assert len(ids) == len(set(ids))
    assert {row[4] for row in rows[1:]} - {""} <= set(ids)


@pytest.mark.parametrize(
    ("gold", "canonical"),
    [
        ("Trident OCU", "Trident"),
        ("Directorate of forensic services", "Forensic Services"),
        ("Safer Neighbourhoods team", "Safer Neighbourhoods"),
    ],
)
def test_gold_names_canonicalise_through_aliases(gold: str, canonical: str) -> None:
    assert canonical_units()[gold.lower()] == canonical


def test_one_word_aliases_keep_their_case() -> None:
    assert find_scope_mentions("All targets were met by the team.") == []
    assert [m.name for m in find_scope_mentions("the Met recorded")] == ["MPS"]


def test_names_split_by_a_line_break_are_found() -> None:
    assert [m.name for m in find_scope_mentions("officers from the Stolen Vehicle\nUnit arrested")] == [
        "Stolen Vehicle Unit"
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "a joint operation involving the MPS, SCD7, Thames Valley Police, Surrey Police and HMRC",
            ["MPS", "SCD7", "Thames Valley Police", "Surrey Police"],
        ),
        ("Devon and Cornwall Constabulary recorded 4,100 burglaries", ["Devon and Cornwall Constabulary"]),
        ("published by the Independent Police Complaints Commission", []),
        ("City of London Police and BTP officers", ["City of London Police", "British Transport Police"]),
    ],
)
def test_other_forces_are_named_by_their_form(text: str, names: list[str]) -> None:
    assert [m.name for m in find_scope_mentions(text)] == names


@pytest.mark.parametrize(
    ("title", "opening", "subject"),
    [
        ("Specialist Crime Directorate", "", "SCD"),
        ("Kent Police Baseline Assessment October 2006", "", "Kent Police"),
        (
            "Overview report",
            "Report 7 of the 5 July 2007 meeting, providing an overview of the Territorial Support Group.",
            "TSG",
        ),
        ("Commissioner's Report", "This report summarises progress.", "MPS"),
    ],
)
def test_report_subject_is_the_default_scope(title: str, opening: str, subject: str) -> None:
    text = f"{opening}\n\n{title}\n\nReport: 1\nDate: 1 May 2008\nBy: the Commissioner\n\nSummary\n\nText.\n"
    blocks = parse_blocks(text)
    assert ReportContext.build("r.txt", text, blocks, read_report_meta(text, blocks)).default_scope == subject
