"""A seed report re-made as HTML, DOCX, PDF and markdown, the way an author's tools would.

The seed's text is split with the block parser; each heading, paragraph, list and table
is then written with the format's own structure (`<h2>`, `<ul>`, `<table>`; Word heading
and list styles and tables; PDF type sizes, bullets and ruled tables over several pages),
with the site or page furniture a real file carries around the report.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipelines.extraction.extract import extract_report
from pipelines.parsing.blocks import parse_blocks

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass
class Part:
    """One unit to render: a heading, a run of paragraph lines, a list, or a table."""

    kind: str  # heading, lines, list, table
    level: int = 0
    lines: list[str] | None = None
    items: list[tuple[int, str]] | None = None
    rows: list[list[str]] | None = None


def parts_of(text: str) -> list[Part]:
    """The seed's structure: consecutive blocks of one kind grouped as the format groups them."""
    parts: list[Part] = []
    previous_end = 0
    for block in parse_blocks(text):
        if block.kind == "running":
            previous_end = block.end
            continue
        same_run = "\n\n" not in text[previous_end : block.start] and "\n \n" not in text[previous_end : block.start]
        previous_end = block.end
        last = parts[-1] if parts else None
        if block.kind == "heading":
            parts.append(Part("heading", level=max(1, min(block.level, 4)), lines=[block.text_of(text)]))
        elif block.kind == "list_item":
            item = (max(block.level, 1) - 1, " ".join(block.text_of(text).split()))
            if last is not None and last.kind == "list" and last.items is not None and same_run:
                last.items.append(item)
            else:
                parts.append(Part("list", items=[item]))
        elif block.kind == "table_row":
            cells = [text[s:e] for s, e in block.cells] or [block.text_of(text)]
            if (
                last is not None
                and last.kind == "table"
                and last.rows is not None
                and same_run
                and last.level == block.table_id
            ):
                last.rows.append(cells)
            else:
                parts.append(Part("table", level=block.table_id or 0, rows=[cells]))
        else:
            line_start = text.rfind("\n", 0, block.start) + 1
            line = text[line_start : block.end].strip()
            if last is not None and last.kind == "lines" and last.lines is not None and same_run:
                last.lines.append(line)
            else:
                parts.append(Part("lines", lines=[line]))
    return parts


def _square(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


# ------------------------------------------------------------------ HTML


def to_html(text: str, title: str = "MPA: Committees") -> bytes:
    """An archived committee page: site navigation, scripts, cookie banner and footer around the report."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        f"<html lang='en'><head><meta charset='utf-8'><title>{e(title)}</title>",
        "<script>var _gaq = _gaq || []; _gaq.push(['_trackPageview', 2007]);</script>",
        "<style>body { font: 13px/1.5 Arial; } .nav li { display: inline; }</style></head><body>",
        "<div id='cookie-banner'>We use 3 cookies. 85% of visitors accept them. <a href='#'>OK</a></div>",
        "<header><a href='/'><img src='logo.gif' alt='MPA'></a>",
        "<nav class='nav'><ul><li><a href='/'>Home</a></li><li><a href='/committees'>Committees</a></li>",
        "<li><a href='/2007'>Meetings 2007 (312 reports)</a></li></ul></nav></header>",
        "<div class='breadcrumb'>Home &gt; Committees &gt; 2007 &gt; Report 12</div>",
        "<div id='content'><main>",
    ]
    for part in parts_of(text):
        if part.kind == "heading" and part.lines:
            out.append(f"<h{part.level}>{e(part.lines[0])}</h{part.level}>")
        elif part.kind == "lines" and part.lines:
            out.append("<p>" + "<br>\n".join(e(line) for line in part.lines) + "</p>")
        elif part.kind == "list" and part.items:
            out.append(_html_list(part.items))
        elif part.kind == "table" and part.rows:
            rows = _square(part.rows)
            out.append("<table class='data' border='1'><thead><tr>")
            out.append("".join(f"<th>{e(cell)}</th>" for cell in rows[0]) + "</tr></thead><tbody>")
            for row in rows[1:]:
                out.append("<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>")
            out.append("</tbody></table>")
    out += [
        "</main>",
        "<aside><h3>Related</h3><p>Budget 2009/10: £3.5bn</p></aside></div>",
        "<footer><p>© Metropolitan Police Authority 2008. 10 Dean Farrar Street, London SW1H 0NY.",
        " Tel 020 7202 0202. 95% of pages reviewed.</p></footer>",
        "<script>document.write('<p>1,000 visitors</p>');</script></body></html>",
    ]
    return "\n".join(out).encode("utf-8")


def _html_list(items: list[tuple[int, str]]) -> str:
    out, depth = ["<ul>"], 0
    for level, item in items:
        while depth < level:
            out.append("<ul>")
            depth += 1
        while depth > level:
            out.append("</ul>")
            depth -= 1
        out.append(f"<li>{html.escape(item)}</li>")
    out.extend(["</ul>"] * (depth + 1))
    return "\n".join(out)


# ------------------------------------------------------------------ DOCX


def to_docx(text: str) -> bytes:
    """A Word document: heading styles, list styles, tables with a grid, and a page footer."""
    import docx

    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "Metropolitan Police Authority – page 1 of 12"
    for part in parts_of(text):
        if part.kind == "heading" and part.lines:
            document.add_heading(part.lines[0], part.level)
        elif part.kind == "lines" and part.lines:
            paragraph = document.add_paragraph()
            for i, line in enumerate(part.lines):
                run = paragraph.add_run(line)
                if i < len(part.lines) - 1:
                    run.add_break()
        elif part.kind == "list" and part.items:
            for level, item in part.items:
                document.add_paragraph(item, style="List Bullet" if level == 0 else f"List Bullet {min(level + 1, 3)}")
        elif part.kind == "table" and part.rows:
            rows = _square(part.rows)
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ PDF


def to_pdf(text: str, password: str | None = None) -> bytes:
    """A printed report: running header, page numbers, headings in larger type, ruled tables."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", "", 8)
            self.cell(0, 5, "Metropolitan Police Authority – 2008", align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 10, f"Page {self.page_no()}", align="C")

    if not (FONT_DIR / "DejaVuSans.ttf").exists():
        raise RuntimeError(f"PDF renderings need the DejaVu fonts in {FONT_DIR} (Debian: fonts-dejavu-core)")
    pdf = Report(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
        pdf.add_font("DejaVu", style, str(FONT_DIR / name))
    if password is not None:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    pdf.add_page()
    sizes = {1: 16, 2: 14, 3: 12, 4: 11}
    for part in parts_of(text):
        if part.kind == "heading" and part.lines:
            pdf.set_font("DejaVu", "B", sizes[part.level])
            pdf.multi_cell(0, sizes[part.level] * 0.5, part.lines[0], new_x="LMARGIN", new_y="NEXT")
        elif part.kind == "lines" and part.lines:
            pdf.set_font("DejaVu", "", 10)
            for line in part.lines:
                pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        elif part.kind == "list" and part.items:
            pdf.set_font("DejaVu", "", 10)
            for level, item in part.items:
                pdf.set_x(pdf.l_margin + 6 * level)
                pdf.multi_cell(0, 5, "• " + item, new_x="LMARGIN", new_y="NEXT")
        elif part.kind == "table" and part.rows:
            pdf.set_font("DejaVu", "", 9)
            with pdf.table(headings_style=FontFace(emphasis="BOLD"), line_height=5) as table:
                for values in _square(part.rows):
                    row = table.row()
                    for value in values:
                        row.cell(value)
        pdf.ln(3)
    return bytes(pdf.output())


# ------------------------------------------------------------------ markdown


def to_markdown(text: str) -> bytes:
    """Markdown: `#` headings, `- ` items indented by level, pipe tables with a rule under the head."""
    out: list[str] = []
    for part in parts_of(text):
        if part.kind == "heading" and part.lines:
            out.append("#" * part.level + " " + part.lines[0])
        elif part.kind == "lines" and part.lines:
            out.append("\n".join(part.lines))
        elif part.kind == "list" and part.items:
            out.append("\n".join("  " * level + "- " + item for level, item in part.items))
        elif part.kind == "table" and part.rows:
            rows = _square(part.rows)
            lines = ["| " + " | ".join(row) + " |" for row in rows]
            lines.insert(1, "|" + "---|" * len(rows[0]))
            out.append("\n".join(lines))
    return ("\n\n".join(out) + "\n").encode("utf-8")


# ------------------------------------------------------------------ comparing facts

FAMILIES = ("kpis", "grades", "budgets", "workforce", "milestones")


def _values(family: str, fact: object) -> tuple[object, ...]:
    if family == "kpis":
        return tuple(getattr(fact, f) for f in ("target", "actual", "baseline", "change"))
    if family == "grades":
        return (fact.grade,)  # type: ignore[attr-defined]
    if family == "budgets":
        return (fact.amount,)  # type: ignore[attr-defined]
    if family == "workforce":
        return (fact.value,)  # type: ignore[attr-defined]
    return (fact.status,)  # type: ignore[attr-defined]


def _normal(value: object) -> object:
    return value.normalize() if isinstance(value, Decimal) else value


def fact_keys(name: str, text: str) -> Counter[tuple[str, tuple[object, ...], str | None]]:
    """The (family, value, unit) multiset of the facts extracted from `text`."""
    facts = extract_report(name, text)
    keys: Counter[tuple[str, tuple[object, ...], str | None]] = Counter()
    for family in FAMILIES:
        for fact in getattr(facts, family):
            keys[(family, tuple(_normal(v) for v in _values(family, fact)), getattr(fact, "unit", None))] += 1
    return keys


def offsets_hold(name: str, text: str) -> Iterator[tuple[str, int, int]]:
    """Facts whose quote is not exactly `text[start:end]` (none, when the offset rule holds)."""
    facts = extract_report(name, text)
    for family in FAMILIES:
        for fact in getattr(facts, family):
            start, end = fact.span
            if text[start:end] != fact.quote:
                yield family, start, end
