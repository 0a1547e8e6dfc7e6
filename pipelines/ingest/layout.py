"""Write a document's structure as text in the dialect the block parser reads.

HTML, DOCX and PDF converters walk their format and call `TextWriter`; what it returns
is the text every offset indexes, so it follows `pipelines/parsing/blocks.py`:

- blocks are separated by a blank line;
- a heading is a markdown heading line (`## Budget`), its level from the source;
- a list item is a line opening with `• ` (indented four spaces per nesting level), or
  with its number (`3. `) when the source list was numbered;
- a table row is one line whose cells are separated by TAB; the rows of one table are
  consecutive lines, and a row with a single cell keeps a trailing TAB so it still reads
  as a row;
- page numbers are kept as (start, end, page) spans of the text.

>>> writer = TextWriter()
>>> writer.heading("Budget", 2)
>>> writer.paragraph("SCD has a   budget of\\t£382m.")
>>> writer.list_item("7,441 offences")
>>> writer.list_item("12 networks", depth=1)
>>> writer.table_row(["Indicator", "Target", "Actual"])
>>> writer.table_row(["Gun crime", "-3%", "-22.6%"])
>>> for line in writer.text().splitlines():
...     print(repr(line))
'## Budget'
''
'SCD has a budget of £382m.'
''
'• 7,441 offences'
'    • 12 networks'
''
'Indicator\\tTarget\\tActual'
'Gun crime\\t-3%\\t-22.6%'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Whitespace that HTML collapses and that never separates blocks: everything but the
# non-breaking space, which reports use on purpose ("SPI 1.1 Victim satisfaction").
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f\v\u2028\u2029\x85]+")
_COLLAPSIBLE_BUT_TABS = re.compile(r"[ \n\r\f\v\u2028\u2029\x85]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def inline(text: str, keep_tabs: bool = False) -> str:
    """One line of running text: whitespace runs become one space, invisible marks go.

    >>> inline("  Gun\\tcrime \\n down 22.6% \\u200b")
    'Gun crime down 22.6%'
    >>> inline("\\u00a0£382m\\u00a0")
    '£382m'
    >>> inline("Budget \\t £382m", keep_tabs=True)
    'Budget\\t£382m'
    """
    cleaned = "".join(
        ch if unicodedata.category(ch) != "Cc" or ch in "\t\n\r\f\v\x85" else " " for ch in text.translate(_INVISIBLE)
    )
    if keep_tabs:
        cells = (_COLLAPSIBLE_BUT_TABS.sub(" ", cell).strip(" \u00a0") for cell in re.split(r"\t+", cleaned))
        return "\t".join(cells).strip("\t")
    return _COLLAPSIBLE.sub(" ", cleaned).strip(" \u00a0")


class TextWriter:
    """Accumulates blocks and page starts; `text()` and `pages()` give the result."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._last: str | None = None  # kind of the last block written
        self._row_width = 0
        self._page_starts: list[tuple[int, int]] = []
        self._pending_page: int | None = None

    # ------------------------------------------------------------------ blocks

    def heading(self, text: str, level: int) -> None:
        body = inline(text).lstrip("#").strip()
        if body:
            self._block("heading", "#" * min(max(level, 1), 6) + " " + body)

    def paragraph(self, text: str, keep_tabs: bool = False) -> None:
        """A paragraph; line breaks inside it (`<br>`) stay, as lines of one run.

        With `keep_tabs`, a TAB stays a cell separator (Word aligns columns with tabs).
        """
        lines = [line for line in (inline(part, keep_tabs) for part in text.split("\n")) if line]
        if lines:
            self._block("paragraph", "\n".join(lines))

    def continue_block(self, text: str) -> bool:
        """Append to the last paragraph, list item or heading (a sentence broken by a page end).

        False, and nothing written, when the last block was a table or there is none.
        """
        lines = [line for line in (inline(part) for part in text.split("\n")) if line]
        if self._last not in {"paragraph", "list_item", "heading"} or not lines:
            return False
        self._emit(" ")
        self._start_pending_page()  # the continued words are printed on the new page
        self._emit(lines[0])
        if lines[1:]:
            self._emit("\n" + "\n".join(lines[1:]) if self._last == "paragraph" else " " + " ".join(lines[1:]))
        return True

    def list_item(self, text: str, depth: int = 0, label: str = "•") -> None:
        body = inline(text)
        if body:
            self._block("list_item", "    " * max(depth, 0) + label + " " + body)

    def table_row(self, cells: Sequence[str | None]) -> None:
        """One row of the current table; a row that is all blanks is left out."""
        values = [inline(cell or "") for cell in cells]
        if not any(values):
            return
        if len(values) == 1:
            values.append("")
        self._block("table_row", "\t".join(values))
        self._row_width = len(values)

    def end_table(self) -> None:
        """Close the current table: the next row starts a new one."""
        if self._last == "table_row":
            self._last = "table_end"

    @property
    def open_table_width(self) -> int:
        """Columns of the table still open for more rows (0 when none is)."""
        return self._row_width if self._last == "table_row" else 0

    @property
    def last_kind(self) -> str | None:
        return self._last

    # ------------------------------------------------------------------ pages

    def start_page(self, number: int) -> None:
        """The next text written starts page `number`.

        A block carries the page it starts on; the page spans are exact, so the words of a
        paragraph continued from the page before fall in the new page's span.
        """
        self._pending_page = number

    def pages(self) -> tuple[tuple[int, int, int], ...]:
        """(start, end, page number) spans covering the text, in order."""
        spans = []
        total = len(self.text())
        for i, (start, number) in enumerate(self._page_starts):
            end = self._page_starts[i + 1][0] if i + 1 < len(self._page_starts) else total
            spans.append((start, end, number))
        return tuple(spans)

    def text(self) -> str:
        return "".join(self._parts) + ("\n" if self._parts else "")

    # ------------------------------------------------------------------ internals

    def _block(self, kind: str, body: str) -> None:
        if self._parts:
            tight = kind == self._last and kind in {"list_item", "table_row"}
            self._emit("\n" if tight else "\n\n")
        self._start_pending_page()
        self._emit(body)
        self._last = kind

    def _start_pending_page(self) -> None:
        if self._pending_page is not None:
            self._page_starts.append((self._length, self._pending_page))
            self._pending_page = None

    def _emit(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)
