"""Split a report's text into blocks: headings, paragraphs, list items and table rows.

Every block keeps its span in the document text, so that whatever is read from a block
can point back to the exact characters. The rules are about layout, not wording:
a short line standing alone is a heading, a line opening with a bullet is a list item,
a line whose cells are split by tabs (or that sits among lines of figures) is a table row.

>>> text = "Budget\\n\\n10. A budget of £382m.\\n\\n  • 7,441 offences\\nItem\\tTarget\\tActual\\n"
>>> [(b.kind, text[b.start:b.end]) for b in parse_blocks(text)]
[('heading', 'Budget'), ('paragraph', 'A budget of £382m.'), ('list_item', '7,441 offences'), ('table_row', 'Item\\tTarget\\tActual')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

BULLETS = "•·▪◦‣●○■□➢►–*-"
_BULLET = re.compile(rf"^(?P<indent>[ \t]*)(?P<label>[{re.escape(BULLETS)}])[ \t\u00a0]+(?=\S)")
_NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<label>\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])[ \t]+(?=\S)")
_MD_HEADING = re.compile(r"^(?P<label>#{1,6})[ \t]+(?=\S)")
_MD_BOLD_LINE = re.compile(r"^\*\*(?P<body>[^*]{3,200})\*\*\s*$")
_NUMBER_TOKEN = re.compile(
    r"(?<![\w/])[+\-–−]?£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:%|[mk]\b|bn\b)?(?![\w/]|\.\d)"
)
_YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d$")
_PHONE = re.compile(r"\b0\d{2,4}\s\d{3,4}\s\d{3,4}(?:/\d+)?")
_HEADER_WORDS = re.compile(
    r"\b(?:indicator|target|actual|trend|rolling year|baseline|grade|measure|"
    r"performance|result|outturn|forecast|variance|budget|total)\b|£(?:m|000|k|bn)\b"
    r"|(?:19|20)\d\d\s?[/-]\s?\d\d\b.*(?:19|20)\d\d\s?[/-]\s?\d\d\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]*\s*$")
_TABLE_CAPTION = re.compile(r"^\s*Table\s+\d+\s*[-–—:]", re.I)


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text with one role in the layout, located by its span."""

    index: int
    kind: str  # heading, paragraph, list_item, table_row
    start: int
    end: int
    label: str | None = None
    level: int = 0
    section: str = ""
    section_path: tuple[str, ...] = ()
    table_id: int | None = None
    cells: tuple[tuple[int, int], ...] = ()
    page: int | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    raw: str

    @property
    def stripped(self) -> str:
        return self.raw.strip()

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cells(text: str, line: _Line) -> tuple[tuple[int, int], ...]:
    """Cell spans of a table row: split on tabs, else on runs of two or more spaces."""
    separator = re.compile(r"\t+|\|" if ("\t" in line.raw or "|" in line.raw) else r"[ \u00a0]{2,}")
    cells: list[tuple[int, int]] = []
    pos = line.start
    for match in separator.finditer(line.raw):
        s, e = _trimmed(text, pos, line.start + match.start())
        if e > s:
            cells.append((s, e))
        pos = line.start + match.end()
    s, e = _trimmed(text, pos, line.end)
    if e > s:
        cells.append((s, e))
    return tuple(cells)


def _numbers_in(raw: str) -> int:
    """Figures in a line, leaving out bare years and day numbers of dates."""
    raw = _PHONE.sub(" ", raw)
    tokens = [t for t in _NUMBER_TOKEN.findall(raw) if not _YEAR_TOKEN.match(t.lstrip("+-–−"))]
    return len(tokens)


def _is_tabular(line: _Line) -> bool:
    raw = line.raw.strip(" \u00a0")
    if "\t" in raw.strip():
        return True
    if "\t" in raw and raw.strip():
        # A category row of a tabbed table keeps only its trailing tabs ("Citizen Focus\t\t").
        return True
    if raw.startswith("|") and raw.count("|") >= 2:
        return True
    gaps = len(re.findall(r"\S[ \u00a0]{2,}\S", raw))
    return gaps >= 2 and len(raw) < 400


def _looks_like_heading(line: _Line, prev_blank: bool, next_blank: bool) -> bool:
    raw = line.stripped
    if not raw or len(raw) > 110 or not (prev_blank and next_blank):
        return False
    if _BULLET.match(line.raw) or raw.endswith((",", ";")):
        return False
    if _SENTENCE_END.search(raw) and not raw.endswith(":"):
        return False
    if raw.endswith(":") and len(raw.split()) > 8:
        return False
    words = raw.split()
    if len(words) > 16:
        return False
    first = raw.lstrip("#*0123456789.() ")
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def _wrap_width(lines: Sequence[_Line]) -> int | None:
    """The column a hard-wrapped document breaks at, or None when lines are not wrapped.

    A paragraph "broken every ~78 characters" shows as most long lines ending near
    one width, with no line much longer than it.
    """
    lengths = [len(line.raw.rstrip()) for line in lines if not line.blank]
    if len(lengths) < 8:
        return None
    longest = sorted(lengths)[int(len(lengths) * 0.98) - 1]
    if not 40 <= longest <= 120:
        return None
    near = sum(1 for n in lengths if n >= longest * 0.7)
    return longest if near >= len(lengths) * 0.4 else None


def _is_list_line(line: _Line) -> bool:
    """A bulleted line, or a numbered one set in from the margin ("  1. The number of ...")."""
    return bool(_BULLET.match(line.raw) or (_NUMBERED.match(line.raw) and line.raw[:1] in " \t("))


def _starts_item(line: _Line) -> bool:
    return bool(_BULLET.match(line.raw) or _NUMBERED.match(line.raw) or _MD_HEADING.match(line.raw))


def _join_wrapped(lines: list[_Line], width: int) -> list[list[_Line]]:
    """Group physical lines into logical lines for a hard-wrapped document."""
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.blank:
            if current:
                groups.append(current)
                current = []
            groups.append([line])
            continue
        if current and (_starts_item(line) or _is_tabular(line)):
            groups.append(current)
            current = []
        current.append(line)
        if len(line.raw.rstrip()) < width * 0.6 or _is_tabular(line):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _logical_lines(text: str) -> list[_Line]:
    lines = _lines(text)
    width = _wrap_width(lines)
    if width is None:
        return lines
    merged: list[_Line] = []
    for group in _join_wrapped(lines, width):
        start, end = group[0].start, group[-1].end
        merged.append(_Line(start, end, text[start:end]))
    return merged


def parse_blocks(text: str, pages: Iterable[tuple[int, int, int]] = ()) -> list[Block]:
    """Blocks of `text` in reading order, each with its heading path.

    `pages` (start, end, page number) spans, when the source had pages, are stamped
    onto the blocks they contain.
    """
    lines = _logical_lines(text)
    raw_blocks: list[Block] = []
    table_id = 0
    for run in _runs(lines):
        table_lines = _table_lines(run)
        previous_was_row = False
        for i, line in enumerate(run):
            if i in table_lines:
                if not previous_was_row:
                    table_id += 1
                s, e = _trimmed(text, line.start, line.end)
                raw_blocks.append(
                    Block(0, "table_row", s, e, cells=_cells(text, line), table_id=table_id)
                )
                previous_was_row = True
                continue
            previous_was_row = False
            block = _classify(text, line, i == 0, i == len(run) - 1)
            if block is not None:
                raw_blocks.append(block)
    blocks = [replace(b, index=i) for i, b in enumerate(_mark_running_lines(text, raw_blocks))]
    return _with_sections(text, _with_pages(blocks, list(pages)))


def _mark_running_lines(text: str, blocks: list[Block]) -> list[Block]:
    """A short line with a figure, repeated three or more times ("October 2006", "2"), is a
    page header or footer. Repeated subheadings without figures ("Strengths") stay headings.

    Such lines are kept as blocks of kind `running` so that they neither start a section
    nor reach the extractors.
    """
    counts: dict[str, int] = {}
    for block in blocks:
        key = text[block.start : block.end]
        if block.kind in {"heading", "paragraph"} and len(key) <= 60 and re.search(r"\d", key):
            counts[key] = counts.get(key, 0) + 1
    return [
        replace(block, kind="running")
        if block.kind in {"heading", "paragraph"} and counts.get(text[block.start : block.end], 0) >= 3
        else block
        for block in blocks
    ]


def _runs(lines: list[_Line]) -> list[list[_Line]]:
    """Consecutive non-blank lines: the unit a table or a paragraph group lives in."""
    runs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.blank:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(line)
    if current:
        runs.append(current)
    return runs


def _table_lines(run: list[_Line]) -> set[int]:
    """Indexes of the lines of a run that are table rows.

    A line split into cells by tabs or wide gaps is a row. In a run where most lines
    carry two or more figures (a table whose tabs were lost), those lines are rows too,
    and so is a header line of column names just above them.
    """
    rows = {i for i, line in enumerate(run) if _is_tabular(line) and not _is_list_line(line)}
    if len(run) >= 2:
        numeric = {
            i
            for i, line in enumerate(run)
            if _numbers_in(line.raw) >= 2 and not _is_list_line(line)
        }
        if len(numeric | rows) >= max(2, len(run) // 2):
            rows |= numeric
    for i in sorted(rows):
        if i > 0 and (i - 1) not in rows:
            above = run[i - 1]
            if _HEADER_WORDS.search(above.raw) and _numbers_in(above.raw) == 0 and len(above.raw) < 120:
                rows.add(i - 1)
    return rows


def _classify(text: str, line: _Line, prev_blank: bool, next_blank: bool) -> Block | None:
    md = _MD_HEADING.match(line.raw)
    if md:
        s, e = _trimmed(text, line.start + md.end(), line.end)
        body = text[s:e].strip("*").strip()
        s = text.find(body, s) if body else s
        return Block(0, "heading", s, s + len(body), label=md.group("label"), level=len(md.group("label")))
    bold = _MD_BOLD_LINE.match(line.raw.strip())
    if bold and prev_blank and next_blank:
        s = text.find(bold.group("body"), line.start)
        return Block(0, "heading", s, s + len(bold.group("body")), level=4)
    bullet = _BULLET.match(line.raw) or (
        _NUMBERED.match(line.raw) if line.raw[:1] in " \t(" else None
    )
    if bullet:
        s, e = _trimmed(text, line.start + bullet.end(), line.end)
        indent = len(bullet.group("indent").expandtabs(4))
        return Block(0, "list_item", s, e, label=bullet.group("label"), level=1 + indent // 4)
    numbered = _NUMBERED.match(line.raw)
    if numbered:
        s, e = _trimmed(text, line.start + numbered.end(), line.end)
        return Block(0, "paragraph", s, e, label=numbered.group("label"))
    s, e = _trimmed(text, line.start, line.end)
    if _looks_like_heading(line, prev_blank, next_blank):
        return Block(0, "heading", s, e, level=_heading_level(text[s:e]))
    return Block(0, "paragraph", s, e)


def _heading_level(heading: str) -> int:
    """'1 Citizen Focus' is a chapter (1); '1A Fairness ...' a section (2); others 3.

    Lettered parts of a committee report ("B. Supporting information") are chapters.
    """
    if re.match(r"^(?:\d+|[A-H]\.)\s+[A-Z]", heading):
        return 1
    if re.match(r"^\d+[A-Z]\s+[A-Z]", heading):
        return 2
    if heading.isupper() or re.match(r"^(?:OBJECTIVE|Objective)\b", heading):
        return 2
    return 3


def _with_sections(text: str, blocks: list[Block]) -> list[Block]:
    path: list[tuple[int, str]] = []
    out: list[Block] = []
    for block in blocks:
        if block.kind == "running":
            out.append(replace(block, section_path=tuple(h for _, h in path)))
            continue
        if block.kind == "heading":
            heading = " ".join(text[block.start : block.end].split())
            while path and path[-1][0] >= block.level:
                path.pop()
            path.append((block.level, heading))
            out.append(replace(block, section=heading, section_path=tuple(h for _, h in path)))
            continue
        section = path[-1][1] if path else ""
        out.append(replace(block, section=section, section_path=tuple(h for _, h in path)))
    return out


def _with_pages(blocks: list[Block], pages: list[tuple[int, int, int]]) -> list[Block]:
    if not pages:
        return blocks
    out = []
    for block in blocks:
        page = next((n for s, e, n in pages if s <= block.start < e), None)
        out.append(replace(block, page=page))
    return out
