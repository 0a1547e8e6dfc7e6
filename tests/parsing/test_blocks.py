"""Block parser: headings, paragraphs, list items, table rows, running headers, sections,
and hard-wrapped text joined back into one block per paragraph."""

from __future__ import annotations

import textwrap

import pytest

from pipelines.parsing.blocks import Block, parse_blocks


def _shape(text: str) -> list[tuple[str, str]]:
    return [(b.kind, " ".join(text[b.start : b.end].split())) for b in parse_blocks(text)]


def _cells(text: str, block: Block) -> list[str]:
    return [text[s:e] for s, e in block.cells]


# ------------------------------------------------------------------ development examples
# Passages as they stand in the seed reports.

DEVELOPMENT = [
    pytest.param(
        "Budget\n\n10. Specialist Crime has been allocated a budget of £382m for 2007/08.\n",
        [("heading", "Budget"), ("paragraph", "Specialist Crime has been allocated a budget of £382m for 2007/08.")],
        id="committee-report-numbered-paragraph",
    ),
    pytest.param(
        "12. Last financial year 2006/07 the Directorate dealt with:\n\n"
        "  • 7,441 child abuse offences of these 1,644 were detected.\n"
        "  • 389 child rape offences and 153 were detected.\n",
        [
            ("paragraph", "Last financial year 2006/07 the Directorate dealt with:"),
            ("list_item", "7,441 child abuse offences of these 1,644 were detected."),
            ("list_item", "389 child rape offences and 153 were detected."),
        ],
        id="bulleted-list-under-lead-in",
    ),
    pytest.param(
        "  • \u00a0The final defendant from the gang pleaded guilty to £500k worth of money laundering.\n",
        [("list_item", "The final defendant from the gang pleaded guilty to £500k worth of money laundering.")],
        id="bullet-followed-by-nbsp",
    ),
    pytest.param(
        "Grade\tDirection of Travel\nFair\tImproved\n",
        [("table_row", "Grade Direction of Travel"), ("table_row", "Fair Improved")],
        id="hmic-grade-block-tabbed",
    ),
    pytest.param(
        "Progress Summary Making our services more accessible\n"
        "Indicator Target Rolling Year Trend\n"
        "SPI 1.1 \u00a0Victim satisfaction with overall service\u00a0 \u00a0 78.9% 77.0%Year to Jun 08 stable\n",
        [
            ("paragraph", "Progress Summary Making our services more accessible"),
            ("table_row", "Indicator Target Rolling Year Trend"),
            ("table_row", "SPI 1.1 Victim satisfaction with overall service 78.9% 77.0%Year to Jun 08 stable"),
        ],
        id="progress-summary-nbsp-row-with-header",
    ),
    pytest.param(
        "#### Quarter 1, 2018-19: launch of the Violent Crime Task Force (VCTF)\n\nAt the beginning of April the Taskforce was formed.\n",
        [
            ("heading", "Quarter 1, 2018-19: launch of the Violent Crime Task Force (VCTF)"),
            ("paragraph", "At the beginning of April the Taskforce was formed."),
        ],
        id="markdown-milestone-heading",
    ),
    pytest.param(
        "**Quarter 1, 2018-19: Charing Cross Police Station refurbishment works start**\n\nWorks are currently onsite.\n",
        [
            ("heading", "Quarter 1, 2018-19: Charing Cross Police Station refurbishment works start"),
            ("paragraph", "Works are currently onsite."),
        ],
        id="markdown-bold-line-is-a-heading",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DEVELOPMENT)
def test_development_passages_split_into_blocks(text: str, expected: list[tuple[str, str]]) -> None:
    assert _shape(text) == expected


# ------------------------------------------------------------------ held-out examples
# Layouts written for these tests in the manner of such reports; not in the seeds.

HELD_OUT = [
    pytest.param(
        "| Indicator | Target | Actual |\n|---|---|---|\n| Burglary sanction detection rate | 15% | 17.2% |\n",
        ["Burglary sanction detection rate", "15%", "17.2%"],
        id="pipe-table-row",
    ),
    pytest.param(
        "Measure    Target    Outturn    Variance\nCalls answered in 10 seconds    90%    86.4%    -3.6\n",
        ["Calls answered in 10 seconds", "90%", "86.4%", "-3.6"],
        id="cells-run-together-with-spaces",
    ),
    pytest.param(
        "Element\u00a0\u00a0Score\nFinancial Standing\u00a0\u00a0\u00a03\nInternal Control\u00a0\u00a02\n",
        ["Financial Standing", "3"],
        id="cells-split-by-nbsp",
    ),
]


@pytest.mark.parametrize(("text", "expected_cells"), HELD_OUT)
def test_held_out_table_rows_keep_their_cells(text: str, expected_cells: list[str]) -> None:
    rows = [b for b in parse_blocks(text) if b.kind == "table_row"]
    assert any(_cells(text, row) == expected_cells for row in rows)


def test_ruling_lines_are_not_rows_or_paragraphs() -> None:
    text = "| Indicator | Target |\n|---|:---:|\n| Burglary | 15% |\n\n---\n\n* * *\n"
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks] == ["table_row", "rule", "table_row", "rule", "rule"]
    assert blocks[0].table_id == blocks[2].table_id


def test_running_page_header_is_not_a_heading() -> None:
    page = "October 2006\n\n{n}A Area\n\nThe force achieved {n}0% in the year.\n\n"
    text = "".join(page.format(n=n) for n in range(1, 5))
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks if text[b.start : b.end] == "October 2006"] == ["running"] * 4
    assert all("October 2006" not in b.section_path for b in blocks)


def test_table_column_of_bare_scores_is_not_a_running_header() -> None:
    text = "Financial Management\n\n2\n\nInternal Control\n\n2\n\nValue For Money\n\n2\n"
    assert "running" not in {b.kind for b in parse_blocks(text)}


def test_section_path_follows_chapter_and_area_headings() -> None:
    text = "1 Citizen Focus (Domain A)\n\n1A Fairness and Equality\n\nStrengths\n\n- The MPS recorded 5 hate crimes.\n"
    item = parse_blocks(text)[-1]
    assert item.section_path == ("1 Citizen Focus (Domain A)", "1A Fairness and Equality", "Strengths")


def test_paragraph_broken_by_a_page_header_continues_the_interrupted_block() -> None:
    header = "Page header 2006\n\n"
    text = (
        header * 2
        + "- Link commanders encourage cross-border plans to share intelligence\n\n"
        + header
        + "about criminals and good practice.\n"
    )
    blocks = parse_blocks(text)
    tail = blocks[-1]
    assert text[tail.start : tail.end].startswith("about criminals")
    assert tail.kind == "list_item"
    assert blocks[int(tail.extra["continues"])].kind == "list_item"


# ------------------------------------------------------------------ hard-wrapped text

WRAPPED = """Performance

11. The MPS achieved an overall sanction detection rate of 18.02% for 2005/06,
exceeding its target of 16.6% but below the MSF average of 21.52%. Robbery fell
by 4%.

  1. Sanction detection rate for child rape – target for year to date is 35%
- achieved year to date is 43.8%
  2. The value of assets identified by court order for seizure – target for
year to date is £20.4m – achieved year to date is £14.7m

Indicator Target Rolling Year Trend
Number of criminal networks disrupted (monthly average)   29.2 30.6 +ve
Heroin   47 51 stable

Violence against the person was up by 5.26 per cent (237,774 to 250,287
offences). Knife crime offences were up by 21.2 per cent (12,115 to 14,680
offences).
"""


def test_hard_wrapped_paragraphs_become_one_block_each() -> None:
    shape = _shape(WRAPPED)
    assert (
        "paragraph",
        "The MPS achieved an overall sanction detection rate of 18.02% for 2005/06, "
        "exceeding its target of 16.6% but below the MSF average of 21.52%. Robbery fell by 4%.",
    ) in shape
    assert (
        "list_item",
        "Sanction detection rate for child rape – target for year to date is 35% - achieved year to date is 43.8%",
    ) in shape
    assert (
        "list_item",
        "The value of assets identified by court order for seizure – target for year to date is £20.4m – "
        "achieved year to date is £14.7m",
    ) in shape
    assert (
        "paragraph",
        "Violence against the person was up by 5.26 per cent (237,774 to 250,287 offences). "
        "Knife crime offences were up by 21.2 per cent (12,115 to 14,680 offences).",
    ) in shape


def test_table_rows_of_a_wrapped_document_are_not_joined() -> None:
    rows = [t for k, t in _shape(WRAPPED) if k == "table_row"]
    assert rows == [
        "Indicator Target Rolling Year Trend",
        "Number of criminal networks disrupted (monthly average) 29.2 30.6 +ve",
        "Heroin 47 51 stable",
    ]


def test_unwrapped_text_is_left_line_by_line() -> None:
    text = "Activity\nOCU: CO14 Clubs and Vice\nOperation Raiz was a Clubs and Vice Operation.\n"
    assert [k for k, _ in _shape(text)] == ["paragraph", "paragraph", "paragraph"]


# ------------------------------------------------------------------ bugs caught


def test_crlf_text_gives_the_same_blocks_as_lf() -> None:
    lf = WRAPPED
    crlf = lf.replace("\n", "\r\n")
    assert _shape(crlf) == _shape(lf)


def test_rewrapping_with_textwrap_keeps_paragraph_blocks() -> None:
    paragraph = (
        "The MPS has a dedicated, central problem-solving team based within the Safer Neighbourhoods "
        "unit, and over 3,000 police officers and partners have received formal problem-solving training."
    )
    text = (
        "Strengths\n\n" + paragraph + "\n\n" + "\n\n".join(["Another paragraph of ordinary length follows here."] * 8)
    )
    wrapped = "\n\n".join(textwrap.fill(p, 78) for p in text.split("\n\n"))
    assert ("paragraph", paragraph) in _shape(wrapped)
