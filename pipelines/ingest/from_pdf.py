"""PDF reports to text, read from the text layer with pdfplumber.

Each page is read top to bottom: ruled tables (pdfplumber's table finder) become one
TAB-separated line per row; the remaining lines are grouped into blocks by the gaps
between them, bullets and changes of font, and wrapped lines are joined. Lines set in
a larger type are headings. Running headers and footers (the same words at the top or
bottom of most pages) and page numbers are dropped. A paragraph or table broken by a
page end is joined across it. Every block keeps the page it starts on, through the
page spans of `Converted.pages`.

Refused: files without the `%PDF-` header, truncated files (no `%%EOF` at the end),
encrypted files that need a password, and PDFs with no text layer (scans).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pdfplumber

from pipelines.ingest.converted import ConversionError, Converted
from pipelines.ingest.layout import TextWriter, inline

_BULLET = re.compile(r"^\s*([•·▪◦‣●○■□➢►\uf0b7\uf0a7*-])\s+")
_NUMBER_LABEL = re.compile(r"^\(?\d{1,3}[.)]\s")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)\]]*$")
_MARGIN = 0.08  # share of the page height at the top and bottom where running lines sit
_PASSWORD_ERRORS = {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    right: float = 0.0  # the right edge of the page's text column


@dataclass
class _Item:
    """A table or a line of one page, in reading order."""

    top: float
    line: _Line | None = None
    rows: list[list[str | None]] | None = None


def convert_pdf(data: bytes) -> Converted:
    """The text of a PDF's text layer, with page spans; raises ConversionError otherwise."""
    _check_envelope(data)
    try:
        pages = _read_pages(data)
    except ConversionError:
        raise
    except Exception as error:  # pdfminer raises many kinds of error for a damaged file
        raise ConversionError(_reason(error)) from None
    if not any(item.line or item.rows for items in pages for item in items):
        raise ConversionError("no text layer: the PDF holds only images (a scan?)")
    writer = _write(pages)
    text = writer.text()
    if not text.strip():
        raise ConversionError("no text layer: the PDF holds only images (a scan?)")
    return Converted(text=text, file_format="pdf", encoding=None, pages=writer.pages())


def _check_envelope(data: bytes) -> None:
    if b"%PDF-" not in data[:1024]:
        raise ConversionError("not a PDF file: no %PDF- header")
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-1024:]:
        raise ConversionError("truncated PDF: the file does not end with %%EOF")


def _reason(error: BaseException) -> str:
    names = set()
    current: BaseException | None = error
    while current is not None:
        names.add(type(current).__name__)
        names.update(type(arg).__name__ for arg in current.args if isinstance(arg, BaseException))
        current = current.__cause__ or current.__context__
    if names & _PASSWORD_ERRORS:
        return "encrypted PDF: a password is needed to read it"
    message = " ".join(str(error).split())[:200]
    return f"unreadable PDF ({type(error).__name__}{': ' + message if message else ''})"


# ------------------------------------------------------------------ reading pages


def _read_pages(data: bytes) -> list[list[_Item]]:
    pages: list[list[_Item]] = []
    with pdfplumber.open(io.BytesIO(data)) as document:
        for page in document.pages:
            pages.append(_page_items(page))
            page.close()
    return _without_running_lines(pages)


def _page_items(page: Any) -> list[_Item]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside_tables(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside_tables) if boxes else page
    items = [_Item(table.bbox[1], rows=table.extract()) for table in tables]
    for raw in text_page.extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in raw["chars"] if c["text"].strip()]
        if not raw["text"].strip() or not chars:
            continue
        size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
        bold = sum("bold" in c["fontname"].lower() for c in chars) > len(chars) / 2
        line = _Line(raw["text"], raw["top"], raw["bottom"], raw["x0"], raw["x1"], size, bold)
        items.append(_Item(line.top, line=line))
    items.sort(key=lambda item: item.top)
    lines = [item.line for item in items if item.line is not None]
    ends = sorted(line.x1 for line in lines)
    right = ends[int(len(ends) * 0.9)] if ends else 0.0
    height = float(page.height)
    for line in lines:
        line.top, line.bottom, line.right = line.top / height, line.bottom / height, right
    return items


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def _without_running_lines(pages: list[list[_Item]]) -> list[list[_Item]]:
    """Drop page numbers and the lines repeated in the margins of most pages."""
    seen: Counter[str] = Counter()
    for items in pages:
        keys = {_running_key(i.line.text) for i in items if i.line and _in_margin(i.line)}
        seen.update(keys)
    threshold = max(2, len(pages) // 2)
    kept = []
    for items in pages:
        kept.append(
            [
                item
                for item in items
                if item.line is None
                or not _in_margin(item.line)
                or not (_PAGE_NUMBER.match(item.line.text.strip()) or seen[_running_key(item.line.text)] >= threshold)
            ]
        )
    return kept


def _in_margin(line: _Line) -> bool:
    return line.top < _MARGIN or line.bottom > 1 - _MARGIN


# ------------------------------------------------------------------ writing blocks


def _write(pages: list[list[_Item]]) -> TextWriter:
    body = _body_size(pages)
    levels = _heading_levels(pages, body)
    writer = TextWriter()
    last: tuple[str, str, _Line] | None = None
    heading_row: list[str] = []
    for number, items in enumerate(pages, 1):
        writer.start_page(number)
        for index, block in enumerate(_blocks(items, body)):
            first = index == 0
            if isinstance(block, list):
                heading_row = _write_table(writer, block, heading_row if first else None)
                last = None
                continue
            kind, text, line = block
            if first and _continues(last, (kind, text, line)) and writer.continue_block(text):
                continue
            if kind == "heading":
                writer.heading(text, levels.get(line.size, 3))
            elif kind == "list_item":
                writer.list_item(text, 0)
            else:
                writer.paragraph(text)
            last = (kind, text, line)
    return writer


def _continues(last: tuple[str, str, _Line] | None, block: tuple[str, str, _Line]) -> bool:
    """A page end inside a block: the first block of a page goes on with the last of the page before.

    A paragraph or list item that stopped mid-sentence is continued by a paragraph that
    does not open with a number label; a heading by words of its own type, in lower case
    ("... major events in London" / "and prepare for the 2012 Olympics").
    """
    if last is None:
        return False
    kind, text, line = block
    last_kind, last_text, last_line = last
    if last_kind == "heading":
        return kind == "heading" and line.size == last_line.size and text[:1].islower()
    return (
        kind == "paragraph"
        and not line.bold
        and len(last_text) > 60
        and not _SENTENCE_END.search(last_text)
        and not _NUMBER_LABEL.match(text)
    )


def _write_table(writer: TextWriter, rows: list[list[str | None]], heading_row: list[str] | None) -> list[str]:
    """Write a table's rows; returns its first row, the heading a continuation may repeat.

    `heading_row` is given for a table opening a page: when the table before it, at the
    end of the last page, has as many columns, this one goes on with it, and a first row
    repeating that table's heading is left out.
    """
    cells = [[inline(cell or "") for cell in row] for row in rows]
    width = max((len(row) for row in cells), default=0)
    if heading_row is not None and writer.open_table_width == max(width, 2):
        if cells and cells[0] == heading_row:
            cells = cells[1:]
    else:
        writer.end_table()
        heading_row = cells[0] if cells else []
    for row in cells:
        writer.table_row(row)
    return heading_row


def _body_size(pages: list[list[_Item]]) -> float:
    sizes: Counter[float] = Counter()
    for items in pages:
        for item in items:
            if item.line is not None:
                sizes[item.line.size] += len(item.line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _heading_levels(pages: list[list[_Item]], body: float) -> dict[float, int]:
    """Type sizes larger than the body text, largest first, as heading levels 1, 2, 3..."""
    larger = {i.line.size for items in pages for i in items if i.line and i.line.size >= body + 1.5}
    return {size: min(level, 6) for level, size in enumerate(sorted(larger, reverse=True), 1)}


_Block = tuple[str, str, _Line] | list[list[str | None]]


def _blocks(items: list[_Item], body: float) -> list[_Block]:
    """Group one page's lines into (kind, text, first line) blocks; tables pass through."""
    out: list[_Block] = []
    current: list[_Line] = []

    def close() -> None:
        if current:
            out.append(_block_of(current, body))
            current.clear()

    for item in items:
        if item.rows is not None:
            close()
            out.append(item.rows)
            continue
        line = item.line
        assert line is not None
        if current and _starts_block(current[-1], line):
            close()
        current.append(line)
    close()
    return out


def _starts_block(previous: _Line, line: _Line) -> bool:
    # Lines of one paragraph sit closer than about half a line apart; blocks further.
    if line.top - previous.bottom > 0.6 * (previous.bottom - previous.top):
        return True
    if abs(previous.size - line.size) > 0.5 or previous.bold != line.bold:
        return True
    if _BULLET.match(line.text):
        return True
    return bool(_NUMBER_LABEL.match(line.text) and _SENTENCE_END.search(previous.text))


def _block_of(lines: list[_Line], body: float) -> tuple[str, str, _Line]:
    first = lines[0]
    bullet = _BULLET.match(first.text)
    if bullet:
        return "list_item", _joined(lines, keep_breaks=False)[bullet.end() :], first
    if body and first.size >= body + 1.5 and sum(len(line.text) for line in lines) <= 200:
        return "heading", _joined(lines, keep_breaks=False), first
    return "paragraph", _joined(lines, keep_breaks=True), first


def _joined(lines: list[_Line], keep_breaks: bool) -> str:
    """Wrapped lines as one; a word broken at a hyphen is mended ("well-" + "being").

    With `keep_breaks`, a line that ended early (the next line's first word would have
    fitted after it) was broken by its author, as in "Report: 5" / "Date: 6 October
    2008": it stays a line of its own.
    """
    text = ""
    for previous, line in zip([None, *lines], lines, strict=False):
        words = inline(line.text)
        if previous is None:
            text = words
        elif keep_breaks and _broken_by_author(previous, words):
            text += "\n" + words
        elif text.endswith("-") and len(text) > 1 and text[-2].isalpha() and words[:1].islower():
            text += words
        else:
            text += " " + words
    return text


def _broken_by_author(line: _Line, following: str) -> bool:
    width = (line.x1 - line.x0) / max(len(line.text), 1)
    first_word = following.split(" ", 1)[0]
    return line.x1 + width * (len(first_word) + 2) < line.right
