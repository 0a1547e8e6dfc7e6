"""Word documents (.docx) to text, read with python-docx.

The body is read in order: paragraphs styled `Heading N` or `Title` become headings,
numbered or bulleted paragraphs list items, tables one TAB-separated line per row
(a merged cell keeps its columns: its text, then empty cells). Page headers, footers
and text boxes are left out: they repeat around the report rather than belong to it.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from pipelines.ingest.converted import ConversionError, Converted
from pipelines.ingest.layout import TextWriter, inline

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A .docx is a zip of XML; one that would expand past this is refused before reading it.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"^list\s+(bullet|number|paragraph|continue)?\s*(\d)?$", re.I)


def convert_docx(data: bytes) -> Converted:
    """The text of a .docx file; raises ConversionError for anything else."""
    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ConversionError(f"not a Word document: {error}") from None
    except etree.LxmlError as error:
        raise ConversionError(f"damaged Word document: its XML does not parse ({error})") from None
    body = getattr(document.element, "body", None)
    if body is None:
        raise ConversionError("not a Word document: word/document.xml has no w:document body")
    writer = TextWriter()
    try:
        _Reader(document, writer).read(body)
    except (KeyError, ValueError, etree.LxmlError) as error:
        raise ConversionError(f"damaged Word document: {type(error).__name__}: {error}") from None
    text = writer.text()
    if not text.strip():
        raise ConversionError("no text: the Word document is empty")
    return Converted(text=text, file_format="docx", encoding=None)


def _check_package(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        raise ConversionError("not a .docx package: an encrypted (password-protected) or legacy .doc Word file")
    if not data.startswith(_ZIP_MAGIC):
        raise ConversionError("not a .docx package: the file is not a zip archive")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(item.file_size for item in package.infolist())
            names = set(package.namelist())
    except zipfile.BadZipFile as error:
        raise ConversionError(f"not a .docx package: damaged zip archive ({error})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ConversionError(f"refused: the .docx package would unpack to {unpacked:,} bytes")
    if "word/document.xml" not in names:
        raise ConversionError("not a Word document: the package has no word/document.xml")


class _Reader:
    def __init__(self, document: DocxDocument, writer: TextWriter) -> None:
        self.document = document
        self.writer = writer
        self.numbering = _Numbering(document)
        self.counters: dict[tuple[str, int], int] = {}

    def read(self, container: Any) -> None:
        for element in container.iterchildren():
            if element.tag == qn("w:p"):
                self.paragraph(Paragraph(element, self.document))
            elif element.tag == qn("w:tbl"):
                self.table(Table(element, self.document))
            elif element.tag == qn("w:sdt"):
                content = element.find(qn("w:sdtContent"))
                if content is not None:
                    self.read(content)

    def paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        if not text.strip():
            return
        style = _style_chain(paragraph)
        level = _heading_level(style)
        if level:
            self.writer.heading(text, level)
            return
        listed = self.numbering.of(paragraph, style)
        if listed is None:
            # Tabs in a Word paragraph align columns ("Budget<TAB>£382m"): kept, they make a row.
            self.writer.paragraph(text, keep_tabs=True)
            return
        num_id, depth, fmt = listed
        label = "•"
        if fmt not in {"bullet", "none"}:
            key = (num_id, depth)
            self.counters[key] = self.counters.get(key, 0) + 1
            for deeper in [k for k in self.counters if k[0] == num_id and k[1] > depth]:
                del self.counters[deeper]
            label = f"{self.counters[key]}."
        self.writer.list_item(text.replace("\t", " "), depth, label)

    def table(self, table: Table) -> None:
        rows = table._tbl.tr_lst
        cells = [tc for tr in rows for tc in tr.tc_lst]
        if len(cells) == 1:  # a one-cell table is a frame around text, not a table
            self.read(cells[0])
            return
        for tr in rows:
            values: list[str] = []
            for tc in tr.tc_lst:
                continued = tc.vMerge == "continue"
                values.append("" if continued else _cell_text(_Cell(tc, table)))
                values.extend([""] * (max(tc.grid_span, 1) - 1))
            self.writer.table_row(values)
        self.writer.end_table()


def _cell_text(cell: _Cell) -> str:
    """All the words of a cell on one line, nested tables included."""
    parts = [paragraph.text for paragraph in cell.paragraphs]
    for nested in cell.tables:
        parts.extend(_cell_text(c) for row in nested.rows for c in row.cells)
    return inline(" ".join(parts))


def _style_chain(paragraph: Paragraph) -> list[Any]:
    """The paragraph's style and the styles it is based on, nearest first."""
    chain = []
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return chain
    while style is not None and len(chain) < 10:
        chain.append(style)
        style = style.base_style
    return chain


def _heading_level(styles: list[Any]) -> int:
    for style in styles:
        name = (style.name or "").strip()
        if name.lower() == "title":
            return 1
        if name.lower() == "subtitle":
            return 2
        match = _HEADING_STYLE.match(name)
        if match:
            return int(match.group(1))
    return 0


class _Numbering:
    """Which paragraphs are list items, how deep, and whether bulleted or numbered."""

    def __init__(self, document: DocxDocument) -> None:
        try:
            self.root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            self.root = None

    def of(self, paragraph: Paragraph, styles: list[Any]) -> tuple[str, int, str] | None:
        """(numbering id, depth, number format) of a list paragraph, or None."""
        num_id, level = _num_pr(paragraph._p.pPr)
        for style in styles:
            if num_id is not None:
                break
            num_id, style_level = _num_pr(style.element.pPr)
            level = level if level is not None else style_level
        name = styles[0].name if styles else ""
        named = _LIST_STYLE.match(name or "")
        unnumbered = num_id is None or num_id == "0"
        if unnumbered and (not named or (named.group(1) or "").lower() == "continue"):
            return None
        if level is None:
            level = int(named.group(2)) - 1 if named and named.group(2) else 0
        fmt = self.format_of(num_id, level) if num_id else None
        if fmt is None:
            fmt = "decimal" if named and (named.group(1) or "").lower() == "number" else "bullet"
        return num_id or name, level, fmt

    def format_of(self, num_id: str, level: int) -> str | None:
        if self.root is None:
            return None
        abstract = self.root.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return None
        formats = self.root.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
        )
        return str(formats[0]) if formats else None


def _num_pr(p_pr: Any) -> tuple[str | None, int | None]:
    if p_pr is None or p_pr.numPr is None:
        return None, None
    num_pr = p_pr.numPr
    num_id = None if num_pr.numId is None else str(num_pr.numId.val)
    level = None if num_pr.ilvl is None else int(num_pr.ilvl.val)
    return num_id, level
