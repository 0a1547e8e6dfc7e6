"""Workforce extraction: report passages in, (measure, value, unit, kind, as_of, scope) out.

Three tables: development examples (passages of the seed reports), held-out examples
(sentences written for these tests in the style of MPA committee and HMIC reports, not
taken from the seeds) and bugs caught while the extractor was written.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.extraction.extract import extract_report
from pipelines.extraction.headcount import count_measure
from pipelines.extraction.numbers import find_quantities

Expected = tuple[str, str, str, str, str | None, str | None]
Row = tuple[str, Decimal, str, str, str | None, str | None]


def workforce_rows(body: str, title: str = "Metropolitan Police Service", date: str = "23 October 2008") -> list[Row]:
    """Run the whole extraction on a one-paragraph report and keep the workforce columns."""
    text = f"{title}\n\nReport: 1\nDate: {date}\n\nWorkforce\n\n1. {body}\n"
    facts = extract_report("test.txt", text)
    for fact in facts.workforce:
        assert text[fact.span[0] : fact.span[1]] == fact.quote
    return [(f.measure, f.value, f.unit, f.kind, f.as_of, f.scope) for f in facts.workforce]


def as_rows(expected: list[Expected]) -> list[Row]:
    return [(m, Decimal(v), u, k, a, s) for m, v, u, k, a, s in expected]


DEVELOPMENT = [
    (
        "There is a budgeted workforce target of 3,137 for police officers and 2,833 "
        "affordable workforce target "
        "for police staff.",
        "Specialist Crime Directorate",
        [
            ("police_officers", "3137", "count", "budgeted", None, "SCD"),
            ("police_staff", "2833", "count", "budgeted", None, "SCD"),
        ],
    ),
    (
        "The Directorate is achieving the MPS female police officer target of 20%. We are "
        "falling short of the "
        "target for black and minority ethnic police officers. The figure was static for a "
        "number of years and "
        "recently has moved upwards to 4.7% (MPS target 7.7%).",
        "Specialist Crime Directorate",
        [
            ("female_officers", "20", "percent", "target", None, "MPS"),
            ("bme_officers", "4.7", "percent", "actual", None, "SCD"),
            ("bme_officers", "7.7", "percent", "target", None, "MPS"),
        ],
    ),
    (
        "Trident have set themselves a measure of increasing its Black Minority Ethnic police "
        "officer "
        "representation to 15% of the budgeted workforce target.",
        "Specialist Crime Directorate",
        [("bme_officers", "15", "percent", "target", None, "Trident")],
    ),
    (
        "As of April 2006 the MPS has delivered 630 Safer Neighbourhoods teams into every area "
        "of London, with 630 "
        "sergeants, 915 constables and 1,461 police community support officers (PCSOs).",
        "Metropolitan Police Service",
        [
            (
                "police_officers",
                "630",
                "count",
                "actual",
                "As of April 2006",
                "Safer Neighbourhoods",
            ),
            (
                "police_officers",
                "915",
                "count",
                "actual",
                "As of April 2006",
                "Safer Neighbourhoods",
            ),
            ("pcsos", "1461", "count", "actual", "As of April 2006", "Safer Neighbourhoods"),
        ],
    ),
    (
        "When the 1-2-3 model has been achieved for all teams by December 2006, the full "
        "rollout will see 3,744 "
        "officers and PCSOs employed on Safer Neighbourhoods teams.",
        "Metropolitan Police Service",
        [
            (
                "total_workforce",
                "3744",
                "count",
                "target",
                "by December 2006",
                "Safer Neighbourhoods",
            )
        ],
    ),
    (
        "The growth in Metropolitan Special Constabulary (MSC) numbers from 1,100 towards "
        "4,000 by 2008, projects "
        "over 2,000 officers working in Safer Neighbourhoods teams.",
        "Metropolitan Police Service",
        [
            (
                "special_constables",
                "1100",
                "count",
                "actual",
                "by 2008",
                "Metropolitan Special Constabulary",
            ),
            (
                "special_constables",
                "4000",
                "count",
                "target",
                "by 2008",
                "Metropolitan Special Constabulary",
            ),
            ("special_constables", "2000", "count", "target", "by 2008", "Safer Neighbourhoods"),
        ],
    ),
    (
        "To date more than 361 policy managers/developers from 160 units have undertaken impact assessment training.",
        "Metropolitan Police Service",
        [("officers_trained", "361", "count", "actual", "To date", "MPS")],
    ),
    (
        "Homicide command currently consists of 27 major investigation teams (MITs).",
        "Metropolitan Police Service",
        [("other", "27", "count", "actual", "currently", "Homicide Command")],
    ),
    (
        "Each of the three geographical homicide commands provides a homicide assessment team "
        "(HAT) crewed by two "
        "suitably experienced officers.",
        "Metropolitan Police Service",
        [("team_size", "2", "count", "actual", None, "Homicide Assessment Team")],
    ),
    (
        "The DFS has an affordable workforce target of 1,096.8, against a budgeted workforce "
        "target of 1,122 "
        "including 184 externally funded posts.",
        "Metropolitan Police Service",
        [
            ("total_workforce", "1096.8", "count", "budgeted", None, "Forensic Services"),
            ("total_workforce", "1122", "count", "budgeted", None, "Forensic Services"),
            ("other", "184", "count", "actual", None, "Forensic Services"),
        ],
    ),
    (
        "The MPS is a large organisation with a gross expenditure of £3.56bn and a workforce "
        "of just under 50,000 at "
        "the end of August, supported by 3,800 volunteers which includes 2,500 Special Constables.",
        "Metropolitan Police Service",
        [
            ("total_workforce", "50000", "count", "actual", "end of August 2008", "MPS"),
            ("volunteers", "3800", "count", "actual", "end of August 2008", "MPS"),
            ("special_constables", "2500", "count", "actual", "end of August 2008", "MPS"),
        ],
    ),
    (
        "At the end of March 2008, BME officers accounted for 8.2% of the work force and "
        "females 21.4%. This compares "
        "with 3.4% and 15.2% ten years ago, with recruitment, as of 21 September 2008, running "
        "at 16.3% and 35% "
        "respectively.",
        "Metropolitan Police Service",
        [
            ("bme_officers", "8.2", "percent", "actual", "At the end of March 2008", "MPS"),
            ("female_officers", "21.4", "percent", "actual", "At the end of March 2008", "MPS"),
            ("bme_officers", "3.4", "percent", "actual", "ten years ago", "MPS"),
            ("female_officers", "15.2", "percent", "actual", "ten years ago", "MPS"),
            ("recruits", "16.3", "percent", "actual", "as of 21 September 2008", "MPS"),
            ("recruits", "35", "percent", "actual", "as of 21 September 2008", "MPS"),
        ],
    ),
    (
        "The target strength for police officers for March 2009 is 32,930 and at the end of "
        "August the strength "
        "was 31,388.",
        "Metropolitan Police Service",
        [
            ("police_officers", "32930", "count", "target", "March 2009", "MPS"),
            ("police_officers", "31388", "count", "actual", "end of August 2008", "MPS"),
        ],
    ),
    (
        "The proportion of female police staff in Central Operations has fallen from 59% to "
        "52%, which equates to a "
        "17% decline (30 fewer).",
        "Central Operations",
        [
            ("female_staff", "59", "percent", "actual", None, "Central Operations"),
            ("female_staff", "52", "percent", "actual", None, "Central Operations"),
            ("female_staff", "-17", "percent", "change", None, "Central Operations"),
            ("female_staff", "-30", "count", "change", None, "Central Operations"),
        ],
    ),
    (
        "A man was convicted for firearm offences and the attempted murder of three police officers.",
        "Specialist Crime Directorate",
        [],
    ),
    (
        "The capital contains 13 of the 20 most deprived boroughs in the UK and is home to 47% "
        "of the UK's black and "
        "minority ethnic population.",
        "Metropolitan Police Service",
        [],
    ),
]

HELD_OUT = [
    (
        "The MPS has 31,460 police officers, 14,330 police staff and 4,200 PCSOs.",
        [
            ("police_officers", "31460", "count", "actual", None, "MPS"),
            ("police_staff", "14330", "count", "actual", None, "MPS"),
            ("pcsos", "4200", "count", "actual", None, "MPS"),
        ],
    ),
    (
        "At 31 March 2008 the MPS employed 7,800 police staff and 2,300 special constables.",
        [
            ("police_staff", "7800", "count", "actual", "March 2008", "MPS"),
            ("special_constables", "2300", "count", "actual", "March 2008", "MPS"),
        ],
    ),
    (
        "Female officers make up 23.1% of the workforce and BME officers 9.2%.",
        [
            ("female_officers", "23.1", "percent", "actual", None, "MPS"),
            ("bme_officers", "9.2", "percent", "actual", None, "MPS"),
        ],
    ),
    (
        "Of the borough's police officers, 15% are female and 8% are BME.",
        [
            ("female_officers", "15", "percent", "actual", None, "MPS"),
            ("bme_officers", "8", "percent", "actual", None, "MPS"),
        ],
    ),
    (
        "BME representation among police staff stands at 25.1%.",
        [("bme_staff", "25.1", "percent", "actual", None, "MPS")],
    ),
    (
        "The percentage of female staff across the MPS is 57%.",
        [("female_staff", "57", "percent", "actual", None, "MPS")],
    ),
    (
        "The borough's strength has fallen by 40 officers since April.",
        [("police_officers", "-40", "count", "change", None, "MPS")],
    ),
    (
        "The Olympic Security Directorate will grow to 150 staff by 2010.",
        [("total_workforce", "150", "count", "target", "by 2010", "CO12 Olympics OCU")],
    ),
    (
        "There are 1,200 special constables working in Safer Neighbourhoods teams.",
        [("special_constables", "1200", "count", "actual", None, "Safer Neighbourhoods")],
    ),
    (
        "A total of 650 recruits joined the MPS in 2007/08, of whom 18% were BME.",
        [
            ("recruits", "650", "count", "actual", "2007/08", "MPS"),
            ("recruits", "18", "percent", "actual", "2007/08", "MPS"),
        ],
    ),
    (
        "Over 500 officers received public order training in 2007.",
        [("officers_trained", "500", "count", "actual", "in 2007", "MPS")],
    ),
    ("The TSG has 720 officers.", [("police_officers", "720", "count", "actual", None, "TSG")]),
    (
        "The MPS aims to recruit 1,000 new PCSOs during 2008/09.",
        [("pcsos", "1000", "count", "target", "2008/09", "MPS")],
    ),
    ("Three officers were injured during the disorder.", []),
    ("12 officers were injured during the disorder.", []),
    ("Assaults on 45 officers were recorded in the year.", []),
    ("Complaints against officers fell by 5%.", []),
    ("The number of police officers assaulted rose by 12% to 1,456.", []),
    (
        "Police officer numbers rose to 31,000 in 2007.",
        [("police_officers", "31000", "count", "actual", "in 2007", "MPS")],
    ),
    (
        "120 police officers retired during 2007/08.",
        [("police_officers", "-120", "count", "change", "2007/08", "MPS")],
    ),
    (
        "Over 1,000 officers have been trained in the use of Taser.",
        [("officers_trained", "1000", "count", "actual", None, "MPS")],
    ),
    ("Over 2,000 delegates and 900,000 visitors came to London for the summit.", []),
    ("Sickness per 1,000 officers fell to 8.1 days.", []),
    ("In 2007, 15% of the city's population were from BME communities.", []),
    (
        "Each Safer Neighbourhoods team consists of one sergeant, two constables and three PCSOs.",
        [],
    ),
    ("Officers made 1,200 arrests and seized 300 weapons.", []),
]

BUGS = [
    # "the number of ongoing claims per 1,000 officers was 1.35" read 1,000 and 1.35 as headcounts.
    ("As at 31 January 2006 the number of ongoing claims per 1,000 officers was 1.35.", []),
    # "17 staff support associations" counted staff.
    ("The MPS currently recognises 17 staff support associations.", []),
    # The group noun after "and" was lost: "police staff strength by 17%" went to police officers.
    (
        "Police officer strength has grown by 48% and police staff strength by 17%.",
        [
            ("police_officers", "48", "percent", "change", None, "MPS"),
            ("police_staff", "17", "percent", "change", None, "MPS"),
        ],
    ),
    # "50% (13 officers) of female officers who applied passed final selection" is a selection rate.
    (
        "The proportion of female officers (50% (13 officers) of female officers who applied "
        "passed final selection) rose.",
        [],
    ),
    # "5,500 MPS staff and stakeholders" is not a headcount of the workforce.
    ("In total, 5,500 MPS staff and stakeholders became involved.", []),
    # A budgeted list lost its kind and unit after "and".
    (
        "The budgeted workforce target of the traffic OCU is set at 674.5 police officers and 118 police staff.",
        [
            ("police_officers", "674.5", "count", "budgeted", None, "Traffic OCU"),
            ("police_staff", "118", "count", "budgeted", None, "Traffic OCU"),
        ],
    ),
]


@pytest.mark.parametrize(("body", "title", "expected"), DEVELOPMENT, ids=[b[:60] for b, _, _ in DEVELOPMENT])
def test_development_passages_give_their_workforce_figures(body: str, title: str, expected: list[Expected]) -> None:
    assert workforce_rows(body, title) == as_rows(expected)


@pytest.mark.parametrize(("body", "expected"), HELD_OUT, ids=[b[:60] for b, _ in HELD_OUT])
def test_held_out_sentences_give_their_workforce_figures(body: str, expected: list[Expected]) -> None:
    assert workforce_rows(body) == as_rows(expected)


@pytest.mark.parametrize(("body", "expected"), BUGS, ids=[b[:60] for b, _ in BUGS])
def test_bugs_stay_fixed(body: str, expected: list[Expected]) -> None:
    assert workforce_rows(body) == as_rows(expected)


@pytest.mark.parametrize(
    ("sentence", "figure", "measure"),
    [
        ("The CAIC comprises 19 CAITs providing support to 32 London boroughs", "19", "other"),
        ("The CAIC comprises 19 CAITs providing support to 32 London boroughs", "32", None),
        ("Pro-active capability is provided by two MITs, a paedophile unit", "two", "other"),
        ("There are now 630 Safer Neighbourhoods teams in London", "630", None),
        (
            "with over 2,500 sergeants having received training in the previous 12 months",
            "2,500",
            "officers_trained",
        ),
        ("a total of 3,006 additional police personnel", "3,006", "total_workforce"),
        (
            "relies upon over 20,000 police officers and staff inputting data",
            "20,000",
            "total_workforce",
        ),
    ],
)
def test_count_measure_reads_what_a_figure_counts(sentence: str, figure: str, measure: str | None) -> None:
    quantity = next(q for q in find_quantities(sentence) if q.surface.startswith(figure))
    assert count_measure(sentence, quantity) == measure


def test_a_workforce_table_gives_each_cell_its_row_group_and_column_kind() -> None:
    text = (
        "Metropolitan Police Service\n\nReport: 1\nDate: 20 May 2008\n\n"
        "Workforce at 31 March 2008\n\n"
        "Target Strength Variance\n"
        "Police officers 32,930 31,398 -1,532\n"
        "PCSOs 4,800 4,567 -233\n"
    )
    facts = extract_report("test.txt", text).workforce
    assert [(f.measure, f.value, f.kind, f.as_of) for f in facts] == [
        ("police_officers", Decimal("32930"), "target", None),
        ("police_officers", Decimal("31398"), "actual", "March 2008"),
        ("police_officers", Decimal("-1532"), "change", None),
        ("pcsos", Decimal("4800"), "target", None),
        ("pcsos", Decimal("4567"), "actual", "March 2008"),
        ("pcsos", Decimal("-233"), "change", None),
    ]


def test_a_performance_table_about_officers_is_not_a_workforce_table() -> None:
    text = (
        "Metropolitan Police Service\n\nReport: 1\nDate: 20 May 2008\n\nPerformance\n\n"
        "Indicator\tTarget\tActual\nNumber of officers assaulted\t1,000\t1,200\n"
    )
    assert extract_report("test.txt", text).workforce == []
