"""Arbitrary input never breaks parsing, extraction or conversion, and every fact quotes its span.

Texts are built from pieces of real reports (figures, money, periods, bullets, tabs,
headings, no-break spaces, dashes) mixed with arbitrary characters, so that the
generated documents reach the extractors' rules rather than only their first check.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipelines.extraction.extract import extract_report
from pipelines.ingest.converted import ConversionError
from pipelines.ingest.decode import UnreadableFile, decode_text
from pipelines.ingest.from_docx import convert_docx
from pipelines.ingest.from_html import convert_html
from pipelines.ingest.from_pdf import convert_pdf
from pipelines.parsing.blocks import parse_blocks
from tests.conftest import seed_text
from tests.ingest.renderings import FAMILIES, to_docx, to_pdf

PIECES = [
    "SCD", "MPS", "Central Operations", "budget", "target", "actual", "Indicator", "Target", "Rolling Year",
    "Grade", "Excellent", "Good", "Fair", "Poor", "Improved", "Stable", "Not Graded", "officers", "staff",
    "PCSOs", "offences", "sanction detection rate", "reduction", "increase", "down", "up", "by", "of", "to",
    "from", "against", "was", "is", "£382m", "£3.56bn", "£m", "£000", "7.1%", "– 5%", "-3%", "+ve", "3,137",
    "12.5", "2007/08", "2008-09", "2008 – 2011", "Quarter 1", "April", "20 December 2007", "Report: 12",
    "Date: 20 December 2007", "By: the Commissioner", "delivered", "on track", "some delay", "per cent",
    "percentage points", "1A", "SPI 1.1", "(PSA 1)", "[1]", ".", ",", ";", ":", "(", ")", "’", "“", "”",
    " ", " ", " ", "\u00a0", "\t", "\n", "\n", "\n\n", "\n\n", "• ", "- ", "  1. ", "# ", "## ", "**",
    "|", "Table 1 - Summary", "\r\n", "\r",
]  # fmt: skip
report_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), min_size=5, max_size=300).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def misquoted(doc: str, text: str) -> list[tuple[str, tuple[int, int], str]]:
    facts = extract_report(doc, text)
    bad = []
    for family in FAMILIES:
        for fact in getattr(facts, family):
            start, end = fact.span
            if not (0 <= start <= end <= len(text)) or text[start:end] != fact.quote:
                bad.append((family, fact.span, fact.quote))
    return bad


@FAST
@given(report_text)
def test_parse_blocks_never_raises_and_every_block_lies_inside_the_text(text: str) -> None:
    blocks = parse_blocks(text)
    assert all(0 <= b.start <= b.end <= len(text) for b in blocks)
    assert [b.index for b in blocks] == list(range(len(blocks)))
    assert all(s >= b.start and e <= b.end and s <= e for b in blocks for s, e in b.cells)


@FAST
@given(report_text)
def test_extract_report_never_raises_and_every_fact_quotes_its_exact_span(text: str) -> None:
    assert misquoted("generated.txt", text) == []


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_decoding_arbitrary_bytes_gives_text_or_a_reason(data: bytes) -> None:
    try:
        text, encoding = decode_text(data)
    except UnreadableFile as error:
        assert str(error)
    else:
        assert "\r" not in text and encoding


html_piece = st.sampled_from(
    ["<p>", "</p>", "<h2>", "</h2>", "<ul><li>", "</li></ul>", "<li>", "<ol start='x'>", "</ol>", "<table>",
     "<tr>", "<td colspan='0'>", "<td colspan='99999'>", "</td>", "<th>", "</tr>", "</table>", "<br>", "<nav>",
     "</nav>", "<div class='page-with-sidebar'>", "</div>", "<script>", "</script>", "<pre>", "</pre>", "&nbsp;",
     "&amp;", "<!-- c -->", "<main>", "</main>", "<meta charset='latin-1'>", "<caption>", "<title>T</title>"]
)  # fmt: skip


@settings(max_examples=120, deadline=None)
@given(st.lists(st.one_of(html_piece, st.sampled_from(PIECES), st.text(max_size=5)), max_size=80).map("".join))
def test_any_html_converts_or_is_refused_and_its_facts_quote_their_spans(page: str) -> None:
    try:
        converted = convert_html(page.encode("utf-8", "surrogatepass"))
    except ConversionError as error:
        assert str(error)
        return
    assert misquoted("generated.html", converted.text) == []


@cache
def small_pdf() -> bytes:
    return to_pdf(seed_text("004_e06eeb87ecae5fa7.txt")[:3000])


@cache
def small_docx() -> bytes:
    return to_docx(seed_text("004_e06eeb87ecae5fa7.txt")[:3000])


def damaged_body(original: bytes, keep: int = 1200) -> st.SearchStrategy[bytes]:
    """The file with bytes changed or cut between its first and last `keep` bytes (header, trailer)."""
    low, high = keep, len(original) - keep
    edits = st.lists(st.tuples(st.integers(low, high - 1), st.integers(0, 255)), min_size=1, max_size=12)
    cut = st.tuples(st.integers(low, high), st.integers(0, 300))

    def apply(args: tuple[list[tuple[int, int]], tuple[int, int]]) -> bytes:
        changes, (at, length) = args
        data = bytearray(original)
        for offset, value in changes:
            data[offset] = value
        del data[at : at + length]
        return bytes(data)

    return st.tuples(edits, cut).map(apply)


def with_document_xml(original: bytes, xml: bytes) -> bytes:
    """The .docx package with its body replaced: a valid zip around damaged or odd XML."""
    source, target = zipfile.ZipFile(io.BytesIO(original)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as package:
        for item in source.infolist():
            package.writestr(item, xml if item.filename == "word/document.xml" else source.read(item))
    return target.getvalue()


@cache
def document_xml() -> bytes:
    return zipfile.ZipFile(io.BytesIO(small_docx())).read("word/document.xml")


xml_damage = st.tuples(
    st.integers(0, 20_000), st.integers(0, 200), st.sampled_from([b"", b"<w:p/>", b"<", b"</w:tbl>", b"\xff\xfe", b"&"])
)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_pdf_damaged_inside_converts_or_is_refused_with_a_reason(data: st.DataObject) -> None:
    try:
        converted = convert_pdf(data.draw(damaged_body(small_pdf())))
    except ConversionError as error:
        assert str(error)
        return
    assert all(0 <= s <= e <= len(converted.text) for s, e, _ in converted.pages)
    assert misquoted("damaged.pdf", converted.text) == []


@settings(max_examples=60, deadline=None)
@given(xml_damage)
@example((0, 10**6, b"<w:p/>"))  # found by hypothesis: lxml's XMLSyntaxError (undeclared prefix)
@example((0, 10**6, b"<x/>"))  # found by hypothesis: a root that is not w:document has no body
def test_a_docx_with_a_damaged_body_converts_or_is_refused_with_a_reason(damage: tuple[int, int, bytes]) -> None:
    at, length, insert = damage
    xml = document_xml()
    at = at % len(xml)
    try:
        converted = convert_docx(with_document_xml(small_docx(), xml[:at] + insert + xml[at + length :]))
    except ConversionError as error:
        assert str(error)
        return
    assert misquoted("damaged.docx", converted.text) == []
