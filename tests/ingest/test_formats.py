"""Every supported format carries a seed report's figures: HTML, DOCX, PDF and markdown
renderings of the seeds (made here, from the seed text) against the seed's own .txt.
"""

from __future__ import annotations

import io
import itertools
import re
from functools import cache

import pdfplumber
import pytest

from pipelines.ingest.convert import Converted, convert
from pipelines.parsing.blocks import parse_blocks
from tests.conftest import SEEDS, seed_text
from tests.ingest.renderings import fact_keys, offsets_hold, to_docx, to_html, to_markdown, to_pdf

RENDER = {"html": to_html, "docx": to_docx, "md": to_markdown, "pdf": to_pdf}
# Rendering and reading a PDF costs about a second per ten pages: the longest seed (109
# pages) is left to the other formats, the rest cover tables, lists and page breaks.
PDF_SEEDS = [s for s in SEEDS if not s.startswith("001")]


@cache
def rendered(seed: str, extension: str) -> Converted:
    return convert(f"{seed}.{extension}", RENDER[extension](seed_text(seed)))


@cache
def txt_facts(seed: str):  # type: ignore[no-untyped-def]
    return fact_keys(seed, seed_text(seed))


CASES = [(seed, ext) for ext in ("html", "docx", "md") for seed in SEEDS] + [(seed, "pdf") for seed in PDF_SEEDS]


@pytest.mark.parametrize(("seed", "extension"), CASES, ids=[f"{e}-{s[:3]}" for s, e in CASES])
def test_a_seed_rendered_in_another_format_yields_at_least_95_percent_of_its_txt_facts(
    seed: str, extension: str
) -> None:
    expected = txt_facts(seed)
    got = fact_keys(seed, rendered(seed, extension).text)
    kept = sum((expected & got).values())
    assert sum(expected.values()) > 20
    assert kept / sum(expected.values()) >= 0.95, sorted((expected - got).elements())[:10]


@pytest.mark.parametrize(("seed", "extension"), CASES, ids=[f"{e}-{s[:3]}" for s, e in CASES])
def test_every_fact_read_from_a_converted_file_quotes_its_exact_span(seed: str, extension: str) -> None:
    assert list(offsets_hold(seed, rendered(seed, extension).text)) == []


def test_an_archived_page_loses_its_navigation_scripts_cookie_banner_and_footer() -> None:
    text = rendered(SEEDS[0], "html").text
    for furniture in ("Meetings 2007", "cookies", "_gaq", "Dean Farrar", "1,000 visitors", "Related", "£3.5bn"):
        assert furniture not in text
    assert text.startswith("### You are in:")  # the report itself starts at once
    assert "Report: 12\nDate: 20 December 2007\nBy: the Acting Assistant Commissioner" in text


def test_html_tables_become_one_tab_separated_line_per_row() -> None:
    page = b"""<table><caption>Table 5 - Basis for the 2009-12 budget</caption>
    <tr><th></th><th>2008/09 \xc2\xa3m</th><th>2009/10 \xc2\xa3m</th></tr>
    <tr><td>Upper range</td><td>2,595.0</td><td>2,647.0</td></tr>
    <tr><td colspan="2">Main guidance <br>(central case)</td><td>2,640.4</td></tr></table>"""
    lines = convert("budget.html", page).text.splitlines()
    assert lines == [
        "Table 5 - Basis for the 2009-12 budget",
        "",
        "\t2008/09 £m\t2009/10 £m",
        "Upper range\t2,595.0\t2,647.0",
        "Main guidance (central case)\t\t2,640.4",
    ]


def test_html_lists_keep_their_nesting_and_numbers() -> None:
    page = b"<ol start='3'><li>Violent crime<ul><li>knife crime down 9.1%</li></ul></li><li>Safeguarding</li></ol>"
    assert convert("x.htm", page).text.splitlines() == [
        "3. Violent crime",
        "    • knife crime down 9.1%",
        "4. Safeguarding",
    ]


def test_a_page_laid_out_with_a_table_is_read_as_running_text() -> None:
    page = b"""<table><tr><td class='nav'><a href='/'>Home</a></td><td>
    <h1>Budget</h1><p>SCD has a budget of \xc2\xa3382m.</p><ul><li>7,441 offences</li></ul></td></tr></table>"""
    text = convert("x.html", page).text
    assert "# Budget\n\nSCD has a budget of £382m.\n\n• 7,441 offences" in text
    assert "\t" not in text


def test_a_page_declaring_windows_1252_is_decoded_with_it() -> None:
    page = "<meta charset='windows-1252'><p>Londoners’ confidence – £382m</p>".encode("cp1252")
    converted = convert("x.html", page)
    assert (converted.text, converted.encoding) == ("Londoners’ confidence – £382m\n", "cp1252")


def test_an_html_file_that_is_plain_text_is_read_as_text() -> None:
    converted = convert("notes.html", b"Budget\n\nSCD has a budget of \xc2\xa3382m.\n")
    assert (converted.file_format, converted.text) == ("text", "Budget\n\nSCD has a budget of £382m.\n")


def test_word_headings_lists_tables_and_tabbed_lines_are_kept() -> None:
    import docx

    document = docx.Document()
    document.add_heading("Budget", 2)
    document.add_paragraph("Violent crime", style="List Number")
    document.add_paragraph("Safeguarding", style="List Number")
    document.add_paragraph("knife crime down 9.1%", style="List Bullet 2")
    document.add_paragraph("Budget 2008/09\t£382m")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Indicator"
    table.cell(0, 2).text = "Actual"
    for cell, value in zip(table.rows[1].cells, ["Gun crime", "-3%", "-22.6%"], strict=True):
        cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    assert convert("x.docx", buffer.getvalue()).text.splitlines() == [
        "## Budget",
        "",
        "1. Violent crime",
        "2. Safeguarding",
        "    • knife crime down 9.1%",
        "",
        "Budget 2008/09\t£382m",
        "",
        "Indicator\t\tActual",
        "Gun crime\t-3%\t-22.6%",
    ]


# ------------------------------------------------------------------ PDF


def test_pdf_page_spans_cover_the_text_in_order_and_every_block_gets_its_page() -> None:
    seed = "003_e40d447f4ba58a54.txt"
    converted = rendered(seed, "pdf")
    pages = converted.pages
    assert [p[2] for p in pages] == list(range(1, len(pages) + 1)) and len(pages) >= 8
    assert pages[-1][1] == len(converted.text)
    assert all(end == next_start for (_, end, _), (next_start, _, _) in itertools.pairwise(pages))
    blocks = parse_blocks(converted.text, pages)
    assert all(block.page is not None for block in blocks)
    assert [b.page for b in blocks] == sorted(b.page for b in blocks)  # type: ignore[type-var]
    with pdfplumber.open(io.BytesIO(to_pdf(seed_text(seed)))) as pdf:
        printed_on = {n: " ".join(page.extract_text().split()) for n, page in enumerate(pdf.pages, 1)}
    for start, end, number in pages:  # exact spans: a page's text opens with words printed on it
        words = " ".join(re.sub(r"(?m)^#+ ", "", converted.text[start:end]).split())
        assert words[:25] in printed_on[number] and words[-25:] in printed_on[number], number
    headings = [b for b in blocks if b.kind == "heading"]
    assert len(headings) > 20
    for block in headings:
        opening = " ".join(converted.text[block.start : block.end].split())[:40]  # a block starts on its page
        assert opening in printed_on[block.page], (opening, block.page)  # type: ignore[index]


def test_pdf_running_headers_and_page_numbers_are_dropped() -> None:
    text = rendered("003_e40d447f4ba58a54.txt", "pdf").text
    assert "Metropolitan Police Authority – 2008" not in text
    assert not re.search(r"^Page \d+$", text, re.M)


def test_pdf_tables_are_recovered_as_rows_like_the_html_ones() -> None:
    seed = "003_e40d447f4ba58a54.txt"

    def rows(text: str) -> set[str]:
        return {line.replace("\u00a0", " ") for line in text.splitlines() if "\t" in line}

    html_rows, pdf_rows = rows(rendered(seed, "html").text), rows(rendered(seed, "pdf").text)
    assert len(html_rows) >= 20
    assert len(html_rows & pdf_rows) / len(html_rows) >= 0.95, sorted(html_rows - pdf_rows)


def test_a_pdf_table_broken_by_a_page_end_is_one_table_without_its_repeated_heading() -> None:
    text = "Summary of judgements\n\n" + "\n".join(
        ["Area\tGrade\tDirection of travel"] + [f"Area {n}\tGood\tImproved" for n in range(70)]
    )
    converted = convert("grades.pdf", to_pdf(text))
    assert len(converted.pages) >= 2
    table = converted.text.split("\n\n")[1].splitlines()
    assert table[0] == "Area\tGrade\tDirection of travel"
    assert table[1:] == [f"Area {n}\tGood\tImproved" for n in range(70)]
