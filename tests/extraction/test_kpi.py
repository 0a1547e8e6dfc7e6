"""KPI facts read from report passages: which figures, in which roles, about what.

Each fact is written as its values and unit ("a=163 t=134 count": actual 163, target
134), in the order the report states them; facts flagged as restatements are left out
unless a test asks for them.
"""

from __future__ import annotations

import pytest

from pipelines.extraction.document import ReportContext
from pipelines.extraction.extract import extract_report
from pipelines.extraction.kpi import find_kpis
from pipelines.extraction.models import KpiFact
from pipelines.extraction.report import read_report_meta
from pipelines.parsing.blocks import parse_blocks


def _short(fact: KpiFact) -> str:
    values = [
        f"{name}={value}"
        for name, value in (
            ("a", fact.actual),
            ("t", fact.target),
            ("b", fact.baseline),
            ("c", fact.change),
        )
        if value is not None
    ]
    return " ".join([*values, fact.unit])


def kpis(text: str, restated: bool = False) -> list[KpiFact]:
    facts = extract_report("x.txt", text).kpis
    return [f for f in sorted(facts, key=lambda f: f.span) if restated or not f.is_restated]


def read(text: str) -> list[str]:
    return [_short(f) for f in kpis(text)]


def doc(*passages: str, heading: str = "Performance") -> str:
    """A small report: a heading and numbered paragraphs."""
    body = "\n\n".join(
        f"{i}. {p}" if not p.startswith(("  •", "  1.", "Indicator")) else p for i, p in enumerate(passages, 1)
    )
    return f"{heading}\n\n{body}\n"


# ------------------------------------------------------------------ development examples

DEVELOPMENT = [
    (
        "numbered KPI list (000)",
        doc(
            "Our key performance measures, targets and achievements financial year-to- date are:",
            "  1. The number of criminal networks disrupted - target for year to date is 134 – "
            "achieved for year to date is 163\n"
            "  2. To reduce gun enabled crime – target for year to date is – 5% - achieved year to "
            "date is +7.1%\n"
            "  3. The value of assets identified by court order for seizure – target for year to "
            "date is £20.4m – achieved year to date is £14.7m",
        ),
        ["a=163 t=134 count", "a=7.1 t=-5 percent", "a=14700000 t=20400000 gbp"],
    ),
    (
        "a decrease from a baseline, then a rate in the next sentence (000)",
        doc(
            "Last financial year 2006/07 the Directorate dealt with:",
            "  • 71 Trafalgar related gun enabled crime offences, a decrease of 21 from 92 in "
            "2005/06. "
            "They achieved a sanction detection rate of 22.5%.",
        ),
        ["a=71 b=92 c=-21 count", "a=22.5 percent"],
    ),
    (
        "a change restated in percent is its own fact (000)",
        doc(
            "  • 226 Trident related gun enabled crime offences, a reduction of 40 or 15% fewer "
            "gun enabled crime "
            "offences on the previous reporting year and achieved a sanction detection rate of "
            "20.4%"
        ),
        ["a=226 c=-40 count", "c=-15 percent", "a=20.4 percent"],
    ),
    (
        "spelled-out counts that are detections (000)",
        doc(
            "  • 18 Trident related homicide offences with seven detected. An overall detection "
            "rate of 39%\n"
            "  • 11 child homicides investigated by Child Abuse Major Investigation Teams. Ten "
            "were detected, "
            "giving an overall detection rate of 91%"
        ),
        ["a=18 count", "a=7 count", "a=39 percent", "a=11 count", "a=10 count", "a=91 percent"],
    ),
    (
        "case story: convictions and sentences kept, narrative details not (000)",
        doc(
            'The final defendant from the "Bling Bling Gang", pleaded guilty at Snaresbrook Crown '
            "Court to £500k "
            "worth of money laundering. Operation Bella Vista involved an international criminal "
            "network. "
            "Last year, 17 defendants were convicted, of these three later appealed. In total 62 "
            "members of the "
            "Bling Bling Gang were convicted around the world. The total number of years "
            "sentencing for the "
            "original UK defendants was 208 years with one of the main defendants receiving 27 "
            "years’ imprisonment.",
            heading="Operational successes",
        ),
        ["a=17 count", "a=62 count", "a=208 other"],
    ),
    (
        "case story with nothing to measure (000)",
        doc(
            "Three men have been jailed for producing counterfeit passports from a residential "
            "flat in south London. "
            "In October 2006, customs officers found a package concealing 80 blank passports and "
            "other related items. "
            "Three were sentenced, two accused were found to have entered the UK illegally. "
            "All three were recommended for deportation by the judge.",
            heading="Operational successes",
        ),
        [],
    ),
    (
        "cash seized, said in the next sentence (000)",
        doc(
            "Cars that were used in the robberies from the defendant's addresses were found to "
            "have over £16k cash. "
            "This was subsequently seized."
        ),
        ["a=16000 gbp"],
    ),
    (
        "a rate per 1,000 households with its change (001)",
        doc(
            "The number of domestic burglaries per 1,000 households rose by 1.73% to 19.86 "
            "households during "
            "2005/06 compared with the previous year."
        ),
        ["a=19.86 c=1.73 rate"],
    ),
    (
        "result, target and comparator in one sentence (001)",
        doc(
            "The MPS achieved an overall sanction detection rate of 18.02% for 2005/06, exceeding "
            "its target of "
            "16.6% but below the MSF average of 21.52%."
        ),
        ["a=18.02 t=16.6 percent", "a=21.52 percent"],
    ),
    (
        "change to a result, short of a target after 'but' (001)",
        doc(
            "Violent crime sanction detection rates improved by 2.7% to 23.41% for 2005/06 "
            "compared with the previous "
            "year, but fell short of the MPS target of 25% and below the MSF average of 32.67%."
        ),
        ["a=23.41 t=25 c=2.7 percent", "a=32.67 percent"],
    ),
    (
        "boroughs counted when progress is reported, not when referred to (001)",
        doc(
            "The MPS C3i programme has made good progress over the past 12 months. Nine boroughs "
            "(Southwark, "
            "Lewisham, Barnet, Brent, Tower Hamlets, Newham, Sutton, Kensington and Chelsea, and "
            "Islington) have "
            "migrated their control room functions to the new OCU. These IBOs are now operating in "
            "seven boroughs, "
            "extending to the remaining 25 boroughs over the next two years.",
            "Each of the 32 boroughs has a Safer Neighbourhoods senior management team (SMT) lead. "
            "The MPS has now "
            "delivered Safer Neighbourhoods teams into every area of London, 630 in total.",
        ),
        ["a=9 count", "a=7 count", "a=630 count"],
    ),
    (
        "part of a whole: the part is the fact (001)",
        doc(
            "As from April 2006, 290 of the 630 teams have moved into permanent accommodation.",
            "An example is Operation Memmina, with 21 of the known gang of 22 members arrested or "
            "in other ways "
            "disrupted and 11 firearms recovered.",
        ),
        ["a=290 count", "a=21 count", "a=11 count"],
    ),
    (
        "context about London is not performance (001)",
        doc(
            "London is the largest city within the European Union and the resident population is "
            "currently "
            "growing at a rate of 40,000 people per year. It is estimated that 275 languages are "
            "spoken within "
            "London schools."
        ),
        [],
    ),
    (
        "days taken as the measure, from and to (001)",
        doc(
            "In March 2006 it was taking the MPS 181 days to input 75% of cases, by far the worst "
            "performance by a "
            "force in England and Wales. If the MPS's performance is removed from the national "
            "average, it improves "
            "from 39 days down to 17 days."
        ),
        ["a=181 days", "a=17 b=39 days"],
    ),
    (
        "a target, then the result in the next sentence (001)",
        doc(
            "The MPS target for OBTJ is 13,350 per month. In the current year the MPS is averaging "
            "14,155 OBTJ each month."
        ),
        ["a=14155 t=13350 count"],
    ),
    (
        "a change with its count in brackets (003)",
        doc(
            "Most Serious Violence and Assault With Injury reduced by 3.5% (2,684 offences) over "
            "the rolling year "
            "to Aug-08)."
        ),
        ["c=-3.5 percent", "c=-2684 count"],
    ),
    (
        "complaints: a count in brackets, shares, a national average (003)",
        doc(
            "Police Complaints Statistics for England & Wales 2007/08 show the number of "
            "complaints recorded against "
            "the MPS (5,349) has fallen by three percent compared to 2006/07. It should be noted "
            "that a high "
            "proportion of complaints (35%) are resolved locally. Of those requiring an "
            "investigation, only 5 percent "
            "(130) were found substantiated which is lower than the national average of 11 percent."
        ),
        ["a=5349 c=-3 count", "a=35 percent", "a=5 percent", "a=130 count", "a=11 percent"],
    ),
    (
        "baselines listed in brackets after 'compared to' (003)",
        doc(
            "There has been an improvement in sanction detections for Class A drugs and cocaine "
            "and heroin "
            "individually compared to the corresponding period ending August 2007 (monthly "
            "averages of 205, 130 and "
            "39 respectively)."
        ),
        ["b=205 count", "b=130 count", "b=39 count"],
    ),
    (
        "Progress Summary table with a baselining row (003)",
        "Progress Summary\n\nIndicator Target Rolling Year Trend\n"
        "SPI 5.1 \u00a0Most Serious Violence rate reduction\u00a0[2]\u00a0\u00a0 Base lining -3.5% "
        "stable\n"
        "SPI 5.5 \u00a0Gun Crime rate reduction\u00a0\u00a0 -3% -22.6% +ve\n"
        "SPI 5.2 Serious acquisitive crime rate – residential robbery, burglary and motor vehicle "
        "crime - 4% -7.6% +ve\n"
        "Number of criminal networks disrupted (monthly average)\u00a0\u00a0 29.2 30.6 +ve\n",
        ["a=-3.5 percent", "a=-22.6 t=-3 percent", "a=-7.6 t=-4 percent", "a=30.6 t=29.2 count"],
    ),
]


# ------------------------------------------------------------ held-out examples (not in the seeds)

HELD_OUT = [
    (
        "a count with a fall on the previous year",
        doc("The borough recorded 1,245 burglary offences in 2007/08, a reduction of 112 on the previous year."),
        ["a=1245 c=-112 count"],
    ),
    (
        "up from a baseline to a result",
        doc("Public satisfaction rose from 71% to 76% over the year to March 2009."),
        ["a=76 b=71 percent"],
    ),
    (
        "a rate against a target",
        doc("The sanction detection rate for robbery was 14.2% against a target of 16%."),
        ["a=14.2 t=16 percent"],
    ),
    (
        "a fall by a percentage to a count",
        doc("The number of road traffic casualties fell by 8.5 per cent to 4,210."),
        ["a=4210 c=-8.5 count"],
    ),
    (
        "a rank among a family of forces",
        doc("The force was placed third of the eight forces in its family for burglary detections."),
        ["a=3 other"],
    ),
    (
        "a comparator alone",
        doc("This compares with a national average of 68 per cent."),
        ["a=68 percent"],
    ),
    (
        "restructuring is not performance",
        doc("Six command units were merged into three new directorates."),
        [],
    ),
    (
        "money seized in a case",
        doc("A woman aged 34 was arrested and £2,500 in cash was seized."),
        ["a=2500 gbp"],
    ),
    (
        "a time limit defines the measure",
        doc("Calls answered within 10 seconds: target 90%, achieved 87.5%."),
        ["a=87.5 t=90 percent"],
    ),
    ("staff are workforce, not KPIs", doc("The unit has 14 officers and 6 police staff."), []),
    ("a phone number", doc("For further information telephone 020 7230 1212."), []),
    (
        "items seized",
        doc("Over 1,100 knives were seized during the week of action."),
        ["a=1100 count"],
    ),
    (
        "a quarter of a financial year",
        doc("Crime in the borough fell by 4% in Quarter 2, 2009-10."),
        ["c=-4 percent"],
    ),
    (
        "a rank out of all forces",
        doc("The MPS ranked 2nd of 43 forces for confidence in local policing."),
        ["a=2 other"],
    ),
    (
        "from and to without a named measure",
        doc("Repeat victimisation fell from 32.1% to 29.8%."),
        ["a=29.8 b=32.1 percent"],
    ),
    (
        "fewer than last year",
        doc("There were 212 fatal and serious injury collisions, 31 fewer than last year."),
        ["a=212 c=-31 count"],
    ),
    (
        "context about an area",
        doc("The borough has a population of 250,000 and 1,200 licensed premises."),
        [],
    ),
    (
        "a narrative of people charged",
        doc("Two men were charged with murder and a third was released on bail."),
        [],
    ),
    (
        "two statements joined by 'and' stay apart",
        doc("Criminal damage is down 11.3% year-on-year (2,931 offences) and theft from motor vehicles is up 4.1%."),
        ["c=-11.3 percent", "c=-2931 count", "c=4.1 percent"],
    ),
    (
        "objects of one police action",
        doc(
            "Since April, the Territorial Support Group has executed 340 drugs warrants, "
            "recovering £1.2m in cash and 45 firearms."
        ),
        ["a=340 count", "a=1200000 gbp", "a=45 count"],
    ),
    (
        "a result with a target in brackets and a rank",
        doc("Hate crime detection rates improved to 41.2% (target 40%), ranking the MPS fifth nationally."),
        ["a=41.2 t=40 percent", "a=5 other"],
    ),
    (
        "an average time taken with its baseline",
        doc("The team took an average of 38 days to complete investigations, down from 52 days in 2006/07."),
        ["a=38 b=52 days"],
    ),
]


HELD_OUT += [
    (
        "a change with the count it is in brackets",
        doc("Gun crime is down 16.5% (538 fewer offences) on the same period last year."),
        ["c=-16.5 percent", "c=-538 count"],
    ),
    (
        "a rate compared with last year",
        doc("The detection rate for residential burglary is 12.6% compared with 10.1% last year."),
        ["a=12.6 b=10.1 percent"],
    ),
    (
        "a target to reduce by, then the reduction achieved",
        doc("The target of reducing robbery by 5% was exceeded, with a 7.1% reduction achieved."),
        ["t=-5 c=-7.1 percent"],
    ),
    (
        "percentage points",
        doc("Public confidence stood at 52% in the year to December 2008, up 3 percentage points."),
        ["a=52 percent", "c=3 percentage_points"],
    ),
    (
        "part of a count received",
        doc("Of the 1,200 complaints received, 420 (35%) were resolved locally."),
        ["a=1200 count", "a=420 count", "a=35 percent"],
    ),
    (
        "a label before a colon names the measure",
        doc("Response to emergency calls within 15 minutes: 91.2% (target 90%)."),
        ["a=91.2 t=90 percent"],
    ),
    (
        "people killed are a statistic",
        doc("Since 1 April, 14 people have been killed on London's roads."),
        ["a=14 count"],
    ),
    ("people who attended are not", doc("Around 250 people attended the community event."), []),
    (
        "who attended is not police attendance",
        doc("The conference was attended by 120 delegates from 30 countries."),
        [],
    ),
    (
        "all wards reached by a roll-out",
        doc("The Safer Neighbourhoods programme was rolled out to all 630 wards by December 2008."),
        ["a=630 count"],
    ),
    (
        "area context in numbers",
        doc("The borough has 24 wards and a population of 300,000."),
        [],
    ),
    (
        "from and to after a change",
        doc("Over the last three years, total crime has fallen by 11%, from 920,000 to 819,000 offences."),
        ["c=-11 percent", "a=819000 b=920000 count"],
    ),
]


HELD_OUT += [
    ("recommendations are not performance", doc("Appendix 2 sets out 14 recommendations."), []),
    ("members of a body", doc("The MPA has 23 members, of whom 12 are elected members."), []),
    ("a known number of boroughs", doc("There are 33 London boroughs, including the City."), []),
    (
        "years of history",
        doc("The Metropolitan Police has 175 years of history serving London."),
        [],
    ),
    (
        "objects seized and people arrested in one operation",
        doc("Officers seized 1,234 knives and 56 firearms during Operation Blunt, and arrested 2,100 people."),
        ["a=1234 count", "a=56 count", "a=2100 count"],
    ),
    (
        "a count up on last year",
        doc("The helpline received 4,500 calls, up 12% on last year."),
        ["a=4500 c=12 count"],
    ),
    (
        "people who took part are not a result",
        doc(
            "More than 300 young people took part in the scheme, of whom 40 were referred by the youth offending team."
        ),
        [],
    ),
    (
        "a rank out of all forces, named by its measure",
        doc("The MPS ranked 40th out of 43 forces for victim satisfaction."),
        ["a=40 other"],
    ),
]


def test_a_change_between_two_years_is_dated_by_the_later() -> None:
    text = doc("Satisfaction with the police response fell from 81% to 78% between 2008/09 and 2009/10.")
    assert [(_short(f), f.fiscal_year) for f in kpis(text)] == [("a=78 b=81 percent", "2009/10")]


# ------------------------------------------------------------------ bugs caught

BUGS = [
    # "Central Operations" read as operations counted made its percentages measures.
    (
        "unit names are not counted things",
        doc(
            "Following the structural changes to Central Operations in April police officer "
            "strength has grown by "
            "48% (BWT by 44%)."
        ),
        [],
    ),
    # "Terminal 1" was read as a count of one.
    (
        "a name ending in a number",
        doc("The exercise was held at the decommissioned Terminal 1 in Heathrow."),
        [],
    ),
    # "a 6-monthly local newsletter" was read as a count of six.
    (
        "a hyphenated adjective",
        doc("The MPS has established a process for every team to produce a 6-monthly local newsletter."),
        [],
    ),
    # "including the seven main targets" was read as a target of 7.
    (
        "people targeted are not a target",
        doc(
            "There were 15 arrests, including the seven main targets who were sentenced to "
            "considerable terms of imprisonment."
        ),
        ["a=15 count"],
    ),
    # "(average 24% failing to stop)" after "within London" was made a London average.
    (
        "an average is a comparator only when a group is named with it",
        doc(
            "The boroughs involved have the highest level of fail to stop collisions within London "
            "(average 24% failing to stop after a collision)."
        ),
        ["a=24 percent"],
    ),
    # A page break cut "exceeding the / target of 12%" into a lone target row.
    (
        "a sentence continued after a page break",
        doc(
            "A sanction detection rate of 13.07% was achieved for robbery offences during 2005/06, "
            "an improvement of "
            "1.2% on the comparative period the previous year and exceeding the\n\nOctober "
            "2006\n\ntarget of 12%."
        ),
        ["a=13.07 t=12 c=1.2 percent"],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), DEVELOPMENT, ids=[c[0] for c in DEVELOPMENT])
def test_development_passages(case: str, text: str, expected: list[str]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(("case", "text", "expected"), HELD_OUT, ids=[c[0] for c in HELD_OUT])
def test_held_out_passages(case: str, text: str, expected: list[str]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(("case", "text", "expected"), BUGS, ids=[c[0] for c in BUGS])
def test_bugs_caught(case: str, text: str, expected: list[str]) -> None:
    assert read(text) == expected


# ------------------------------------------------------------------ fields


FIELDS = [
    (
        doc(
            "Last financial year 2006/07 the Directorate dealt with:",
            "  • 139 homicides were investigated by Homicide Command and 124 detected.",
        ),
        [("Homicide Command", "Last financial year 2006/07", "2006/07", "stat")] * 2,
    ),
    (
        doc(
            "The MPS achieved an overall sanction detection rate of 18.02% for 2005/06, but below "
            "the MSF average of 21.52%."
        ),
        [("MPS", "2005/06", "2005/06", "stat"), ("MSF average", "2005/06", "2005/06", "stat")],
    ),
    (
        doc(
            "Operation Crackdown is designed to disrupt drug supply. From October 2007 to June "
            "2008, the MPS closed 703 Crack houses."
        ),
        [("Operation Crackdown", "From October 2007 to June 2008", "2008/09", "stat")],
    ),
    (
        doc(
            "For the period Apr to Aug 2008, the number of under 20 year olds becoming victims of "
            "violence decreased by 4.5% compared to the corresponding period in 2007."
        ),
        [("MPS", "Apr to Aug 2008", "2008/09", "stat")],
    ),
    (
        doc(
            "Last year the Territorial Support Group (TSG) made 14,000 arrests and the Dog Section "
            "made over 3,700 arrests across London."
        ),
        [("TSG", "Last year", None, "stat"), ("Dog Support Unit", "Last year", None, "stat")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIELDS, ids=lambda v: str(v)[20:70])
def test_scope_period_and_tier(text: str, expected: list[tuple[str | None, str | None, str | None, str]]) -> None:
    assert [(f.scope, f.period, f.fiscal_year, f.tier) for f in kpis(text)] == expected


def test_table_rows_take_the_rolling_year_of_the_report_and_their_trend() -> None:
    text = (
        "Summary\n\nThe report covers data for individual measures reflecting the 12-month period "
        "ending August 2008.\n\n"
        "Progress Summary\n\nIndicator Target Rolling Year Trend\n"
        "SPI 1.1 \u00a0Victim satisfaction with overall service\u00a0\u00a0 78.9% 77.0%Year to Jun "
        "08 stable\n"
        "Heroin\u00a0\u00a0 47 51 stable\n"
    )
    facts = kpis(text)
    assert [(f.period, f.trend, f.tier) for f in facts] == [
        ("Year to Jun 08", "stable", "core"),
        ("Rolling year to Aug 08", "stable", "core"),
    ]


def test_every_fact_points_at_its_exact_words() -> None:
    text = doc(
        "A sanction detection rate of 13.07% was achieved for robbery offences, exceeding "
        "the\n\nOctober 2006\n\ntarget of 12%.",
        "Forensic Services attended 118,221 crime scenes.",
    )
    for fact in kpis(text, restated=True):
        assert text[fact.span[0] : fact.span[1]] == fact.quote


# ------------------------------------------------------------------ restatements


def test_a_table_row_restated_in_prose_is_flagged() -> None:
    text = (
        "Progress Summary\n\nIndicator Target Rolling Year Trend\n"
        "SPI 6.2 \u00a0Serious acquisitive crime offenders brought to justice\u00a0\u00a0 11.8% "
        "11.2% +ve\n\n"
        "  • Our sanction detection rate for serious acquisitive crime at 11.2% is marginally down "
        "on the year-end target.\n"
    )
    facts = kpis(text, restated=True)
    assert [(f.actual, f.is_restated) for f in facts] == [
        (facts[0].actual, False),
        (facts[0].actual, True),
    ]


def test_a_paragraph_repeated_later_is_flagged_once() -> None:
    sentence = "The number of BCS comparator crimes per 1,000 residents reduced during 2005/06 by 1% to 76.932 crimes."
    facts = kpis(doc(sentence, "Other work continued.", sentence), restated=True)
    assert [f.is_restated for f in facts] == [False, True]


def test_the_same_rank_for_different_crimes_is_not_a_restatement() -> None:
    text = doc(
        "Domestic burglary rose by 1.73% during 2005/06 and overall was fourth of the five MSF.",
        "Vehicle crime rose by 2% during 2005/06. The MPS was fourth of the five MSF for 2005/06.",
    )
    ranks = [f for f in kpis(text, restated=True) if f.unit == "other"]
    assert [f.is_restated for f in ranks] == [False, False]


def test_equal_values_of_different_kinds_are_not_restatements() -> None:
    text = doc(
        "  1. Sanction detection rate for gun crime – target for year to date is 25% - achieved "
        "year to date is 32.5%\n"
        "  2. Sanction detection rate for child rape – target for year to date is 20% - achieved "
        "year to date is 25%",
        "The improvements have been a 20% increase in calls from the public and 20% reduction in deployments.",
    )
    assert [f.is_restated for f in kpis(text, restated=True)] == [False, False, False, False]


def test_a_comparator_stated_again_is_flagged() -> None:
    text = doc(
        "The MPS achieved a sanction detection rate of 18.02%, but below the MSF average of 21.52%.",
        "Despite this progress the MPS remains below the MSF average of 21.52%.",
    )
    assert [(f.scope, f.is_restated) for f in kpis(text, restated=True)] == [
        ("MPS", False),
        ("MSF average", False),
        ("MSF average", True),
    ]


def test_a_table_with_year_columns_reads_baseline_result_and_change() -> None:
    text = (
        "Performance\n\nMeasure\t2006/07\t2007/08\tChange\n"
        "Total notifiable offences\t920,114\t855,412\t-7.0%\n"
        "Residential burglary\t62,443\t60,101\t-3.8%\n"
    )
    assert [(read_fact, f.period) for read_fact, f in zip(read(text), kpis(text), strict=True)] == [
        ("a=855412 b=920114 c=-7.0 count", "2007/08"),
        ("a=60101 b=62443 c=-3.8 count", "2007/08"),
    ]


def test_a_numbered_table_row_keeps_its_label_and_skips_a_variance() -> None:
    text = "Performance\n\nIndicator\tTarget\tActual\tVariance\n1. Robbery sanction detection rate\t14%\t15.2%\t+1.2%\n"
    (fact,) = kpis(text)
    assert (fact.indicator, _short(fact)) == (
        "Robbery sanction detection rate",
        "a=15.2 t=14 percent",
    )


def kpis_alone(text: str) -> list[str]:
    """KPI facts read with no other family claiming figures first."""
    blocks = parse_blocks(text)
    ctx = ReportContext.build("x.txt", text, blocks, read_report_meta(text, blocks))
    return [_short(f) for f in find_kpis(ctx) if not f.is_restated]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Staff targets are workforce facts, even when no other family claims them first.
        (
            doc(
                "The DFS has an affordable workforce target of 1,096.8, against a budgeted "
                "workforce target of 1,122 including 184 externally funded posts."
            ),
            [],
        ),
        (doc("The Directorate is achieving the MPS female police officer target of 20%."), []),
        (doc("Specialist Crime has been allocated a budget of £382m for 2007/08."), []),
        # ... while a share of arrests is a KPI whoever reads first.
        (
            doc("The percentage of arrests as a result of PACE stop and searches was 12.3% (white) and 13.8% (BME)."),
            ["a=12.3 percent", "a=13.8 percent"],
        ),
        # A share whose subject is in the sentence before: BME officers (000).
        (
            doc(
                "We are falling short of the target for black and minority ethnic police officers. "
                "The figure was static for a number of years and recently has moved upwards to "
                "4.7% (MPS target 7.7%)."
            ),
            [],
        ),
        # Staff are the subject, case conferences what the target counts (001).
        (
            doc("SCD5 staff aim to attend at least 95% of initial case conferences."),
            ["t=95 percent"],
        ),
    ],
    ids=["workforce targets", "diversity target", "budget", "arrest shares", "BME share", "aim"],
)
def test_other_families_figures_are_not_kpis_on_their_own(text: str, expected: list[str]) -> None:
    assert kpis_alone(text) == expected
