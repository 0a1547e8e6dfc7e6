"""Split a report's text into blocks: headings, paragraphs, list items and table rows.

Every block keeps its span in the document text, so that whatever is read from a block
can point back to the exact characters. The rules are about layout, not wording:
a short line standing alone is a heading, a line opening with a bullet is a list item,
a line whose cells are split by tabs (or that sits among lines of figures) is a table row.

>>> text = "Budget\\n\\n10. A budget of £382m.\\n\\n  • 7,441 offences\\nItem\\tTarget\\tActual\\n"
>>> for b in parse_blocks(text):
...     print(b.kind, repr(text[b.start:b.end]))
heading 'Budget'
paragraph 'A budget of £382m.'
list_item '7,441 offences'
table_row 'Item\\tTarget\\tActual'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from pipelines.parsing.chars import has_digit

BULLETS = "•·▪◦‣●○■□➢►–*-"
_BULLET = re.compile(rf"^(?P<indent>[ \t]*)(?P<label>[{re.escape(BULLETS)}])[ \t\u00a0]+(?=\S)")
_NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<label>\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])[ \t\u00a0]+(?=\S)")
_MD_HEADING = re.compile(r"^(?P<label>#{1,6})[ \t]+(?=\S)")
_MD_BOLD_LINE = re.compile(r"^\*\*(?P<body>[^*]{3,200})\*\*\s*$")
_NUMBER_TOKEN = re.compile(r"(?<![\w/])[+\-–−]?£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:%|[mk]\b|bn\b)?(?![\w/]|\.\d)")
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
# Lines that only draw: "---", "|---|:---:|", "+-----+-----+", "=====".
_RULE = re.compile(r"^[ \t]*(?:(?:[|+]?[ \t]*:?[-=_*]{3,}:?[ \t]*)+[|+]?|(?:[-*_][ \t]*){3,})[ \t]*$")
# Every character `_RULE` matches, and the line end its `$` may stand before.
_RULE_CHARS = " \t|+:-=_*\n"


def _is_rule(raw: str) -> bool:
    """`_RULE.match(raw)`, tried only on a line made of nothing but its characters.

    >>> _is_rule("|---|:---:|"), _is_rule("  * * *"), _is_rule("--- Total ---")
    (True, True, False)
    """
    return not raw.strip(_RULE_CHARS) and _RULE.match(raw) is not None


_GAP = re.compile(r"\S[ \u00a0]{2,}\S")
_DIGIT = re.compile(r"\d")
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")
_CELL_GAP = re.compile(r"[^\s.!?:;][ \u00a0]{2,}\S")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text with one role in the layout, located by its span."""

    index: int
    kind: str  # heading, paragraph, list_item, table_row; running (page furniture), rule (ruling)
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

    def __reduce__(self) -> tuple[type[Block], tuple[object, ...]]:
        """Pickled as a call with its fields: compiled (`setup.py`), a frozen class
        cannot be unpickled by setting them one by one."""
        fields = (self.index, self.kind, self.start, self.end, self.label, self.level, self.section)
        return Block, (*fields, self.section_path, self.table_id, self.cells, self.page, self.extra)


class _Line(NamedTuple):
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
        end = pos + len(raw)
        out.append(_Line(pos, end, raw))
        pos = end + 1
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


def _numbers_in(raw: str, enough: int | None = None) -> int:
    """Figures in a line, leaving out bare years and day numbers of dates; the count stops
    at `enough` when given (the line is read no further).

    >>> _numbers_in("Burglary  1,204  1,180  2007  -2%"), _numbers_in("Burglary  1,204  1,180  -2%", 2)
    (3, 2)
    """
    if not has_digit(raw):
        return 0
    raw = _PHONE.sub(" ", raw)
    count = 0
    for token in _NUMBER_TOKEN.finditer(raw):
        if not _YEAR_TOKEN.match(token.group(0).lstrip("+-–−")):
            count += 1
            if count == enough:
                break
    return count


def _is_tabular(line: _Line) -> bool:
    raw = line.raw.strip(" \u00a0")
    if "\t" in raw.strip():
        return True
    if "\t" in raw and raw.strip():
        # A category row of a tabbed table keeps only its trailing tabs ("Citizen Focus\t\t").
        return True
    if raw.startswith("|") and raw.count("|") >= 2:
        return True
    if len(raw) >= 400 or ("  " not in raw and "\u00a0" not in raw):
        return False  # too long for a row, or no gap of two spaces between cells
    return len(_GAP.findall(raw)) >= 2


def _has_cell_gap(line: _Line) -> bool:
    """One wide gap not after a full stop ("Financial Standing   3"), as in a two-column table."""
    raw = line.raw.strip(" \u00a0")
    return len(raw) < 120 and ("  " in raw or "\u00a0" in raw) and _CELL_GAP.search(raw) is not None


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

    A paragraph "broken every ~78 characters" shows as lines no longer than one width,
    several of which run close to it and are followed by a line whose first word would
    not have fitted on them.
    """
    lengths = sorted(len(line.raw.rstrip()) for line in lines if not line.blank)
    if len(lengths) < 3:
        return None
    longest = lengths[max(0, int(len(lengths) * 0.98) - 1)]
    if not 40 <= longest <= 120:
        return None
    pairs = [
        (a, b)
        for a, b in pairwise(lines)
        if not a.blank and not b.blank and not _is_tabular(a) and not _is_tabular(b) and not _starts_item(b)
    ]
    wrapped = [a for a, b in pairs if len(a.raw.rstrip()) >= longest * 0.6 and _was_wrapped(a, b, longest)]
    return longest if len(wrapped) >= 2 and len(wrapped) >= len(pairs) * 0.5 else None


def _is_list_line(line: _Line) -> bool:
    """A bulleted line, or a numbered one set in from the margin ("  1. The number of ...")."""
    return bool(_BULLET.match(line.raw) or (_NUMBERED.match(line.raw) and line.raw[:1] in " \t("))


def _starts_item(line: _Line) -> bool:
    return bool(_BULLET.match(line.raw) or _NUMBERED.match(line.raw) or _MD_HEADING.match(line.raw))


_TERMINAL = re.compile(r"[.!?:;]['\"”’)\]]*$")


def _first_word(line: _Line) -> str:
    words = line.raw.split()
    return words[0] if words else ""


def _was_wrapped(previous: _Line, line: _Line, width: int) -> bool:
    """True when the break after `previous` is a wrap: the next word would not have fitted.

    A wrapper fills each line greedily, so a line it broke is always followed by a word
    too long for the room left; a hard break leaves room ("Progress Summary" above
    "Indicator  Target" in a 78-column file).
    """
    length = len(previous.raw.rstrip())
    if length > width + 2:
        return False  # longer than the wrapper ever makes: a table row or unwrapped line
    return len(_first_word(line)) + 1 > width - length - 2


def _item_continues(previous: _Line, line: _Line) -> bool:
    """A wrapped line that opens with a dash or a number but carries on the sentence above.

    "... target for year to date is 35%" / "- achieved year to date is 43.8%": the line
    above does not end a sentence and the text after the marker starts in lower case.
    """
    if _TERMINAL.search(previous.raw.rstrip()) or _MD_HEADING.match(line.raw):
        return False
    marker = _BULLET.match(line.raw) or _NUMBERED.match(line.raw)
    if marker is None:
        return True
    body = line.raw[marker.end() :]
    return bool(body) and (body[0].islower() or (marker.group("label") in "-–—" and body[0].isdigit()))


def _row_like(line: _Line) -> bool:
    """Two or more figures with little but figures after the first: a table row whose
    cell gaps were lost ("Heroin  47 51 stable"), not a line of prose.
    """
    raw = _PHONE.sub(" ", line.raw)
    figures = [m for m in _NUMBER_TOKEN.finditer(raw) if not _YEAR_TOKEN.match(m.group(0).lstrip("+-–−"))]
    if len(figures) < 2:
        return False
    tail = _NUMBER_TOKEN.sub(" ", raw[figures[0].start() :])
    return len(re.findall(r"[A-Za-z]{2,}", tail)) <= 2


def _continues(previous: _Line, line: _Line, following: _Line | None, width: int) -> bool:
    """Whether physical `line` carries on the logical line ending with `previous`."""
    if _is_tabular(previous) or _is_tabular(line):
        return False
    if _row_like(line) and (_row_like(previous) or (following is not None and _row_like(following))):
        return False
    if not _was_wrapped(previous, line, width):
        return False
    return not _starts_item(line) or _item_continues(previous, line)


def _join_wrapped(lines: list[_Line], width: int) -> list[list[_Line]]:
    """Group physical lines into logical lines for a hard-wrapped document.

    >>> text = "The MPS achieved an overall sanction detection rate of 18.02% for\\n2005/06.\\nNext"
    >>> [[l.raw for l in group] for group in _join_wrapped(_lines(text), 70)]
    [['The MPS achieved an overall sanction detection rate of 18.02% for', '2005/06.'], ['Next']]
    """
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    for i, line in enumerate(lines):
        if line.blank:
            if current:
                groups.append(current)
                current = []
            groups.append([line])
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        if current and not _continues(current[-1], line, following, width):
            groups.append(current)
            current = []
        current.append(line)
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


class _Draft:
    """A block while the lines are still being read: its role can still change (a page
    header found repeated, a paragraph found to carry on across a page break)."""

    __slots__ = ("cells", "end", "extra", "kind", "label", "level", "start", "table_id")

    def __init__(
        self,
        kind: str,
        start: int,
        end: int,
        label: str | None = None,
        level: int = 0,
        table_id: int | None = None,
        cells: tuple[tuple[int, int], ...] = (),
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.label = label
        self.level = level
        self.table_id = table_id
        self.cells = cells
        self.extra: dict[str, str] = {}


def parse_blocks(text: str, pages: Iterable[tuple[int, int, int]] = ()) -> list[Block]:
    """Blocks of `text` in reading order, each with its heading path.

    `pages` (start, end, page number) spans, when the source had pages, are stamped
    onto the blocks they contain.
    """
    lines = _logical_lines(text)
    drafts: list[_Draft] = []
    table_id = 0
    for run in _runs(lines):
        table_lines = _table_lines(run)
        previous_was_row = False
        for i, line in enumerate(run):
            if i in table_lines:
                if not previous_was_row:
                    table_id += 1
                s, e = _trimmed(text, line.start, line.end)
                # "|---|:---:|" under a markdown header row is ruling, not a row of figures.
                kind = "rule" if _is_rule(line.raw) else "table_row"
                cells = () if kind == "rule" else _cells(text, line)
                drafts.append(_Draft(kind, s, e, cells=cells, table_id=table_id))
                previous_was_row = True
                continue
            previous_was_row = False
            draft = _classify(text, line, i == 0, i == len(run) - 1)
            if draft is not None:
                drafts.append(draft)
    _mark_running_lines(text, drafts)
    _join_page_breaks(text, drafts)
    return _finished(text, drafts, list(pages))


def _join_page_breaks(text: str, blocks: list[_Draft]) -> None:
    """A paragraph that opens in lower case just after a page header carries on the block
    the header interrupted ("... from across the MPS to share intelligence" / "October
    2006" / "about cross-border criminals and ..."): it takes that block's kind and level
    and records which block it continues in `extra["continues"]`.
    """
    for at, block in enumerate(blocks):
        if block.kind == "paragraph" and block.label is None and text[block.start : block.start + 1].islower():
            before = [i for i in range(max(0, at - 3), at) if blocks[i].kind != "running"]
            broken = before[-1] if before and at and blocks[at - 1].kind == "running" else None
            if (
                broken is not None
                and blocks[broken].kind in {"paragraph", "list_item"}
                and not _TERMINAL.search(text[blocks[broken].start : blocks[broken].end])
            ):
                block.kind = blocks[broken].kind
                block.level = blocks[broken].level
                block.extra = {"continues": str(broken)}


def _mark_running_lines(text: str, blocks: list[_Draft]) -> None:
    """A short line with a figure, repeated three or more times ("October 2006", "2"), is a
    page header or footer. Repeated subheadings without figures ("Strengths") stay headings.

    Such lines are kept as blocks of kind `running` so that they neither start a section
    nor reach the extractors.
    """
    counts: dict[str, int] = {}
    for block in blocks:
        key = text[block.start : block.end]
        # A bare "2" repeated is a column of a table laid out one cell per line, not a
        # header: page furniture names something ("October 2006", "Page 2 of 9").
        if (
            block.kind in {"heading", "paragraph"}
            and len(key) <= 60
            and _DIGIT.search(key)
            and _TWO_LETTERS.search(key)
        ):
            counts[key] = counts.get(key, 0) + 1
    if not any(count >= 3 for count in counts.values()):
        return
    for block in blocks:
        if block.kind in {"heading", "paragraph"} and counts.get(text[block.start : block.end], 0) >= 3:
            block.kind = "running"


def _finished(text: str, drafts: list[_Draft], pages: list[tuple[int, int, int]]) -> list[Block]:
    """The blocks, numbered, with their page and the path of headings above them."""
    path: list[tuple[int, str]] = []
    headings: tuple[str, ...] = ()
    out: list[Block] = []
    for index, draft in enumerate(drafts):
        page = next((n for s, e, n in pages if s <= draft.start < e), None) if pages else None
        section = ""
        if draft.kind == "heading":
            heading = " ".join(text[draft.start : draft.end].split())
            while path and path[-1][0] >= draft.level:
                path.pop()
            path.append((draft.level, heading))
            headings = tuple(h for _, h in path)
            section = heading
        elif draft.kind != "running":
            section = path[-1][1] if path else ""
        out.append(
            Block(
                index,
                draft.kind,
                draft.start,
                draft.end,
                label=draft.label,
                level=draft.level,
                section=section,
                section_path=headings,
                table_id=draft.table_id,
                cells=draft.cells,
                page=page,
                extra=draft.extra,
            )
        )
    return out


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
    gapped = [i for i, line in enumerate(run) if _has_cell_gap(line) and not _is_list_line(line)]
    if len(gapped) >= 2 and len(gapped) == len(run):
        rows.update(gapped)
    if len(run) >= 2:
        # Only lines not yet rows and not list lines can add to the rows: when even all of
        # them could not make half the run, their figures are not counted.
        others = [i for i, line in enumerate(run) if i not in rows and not _is_list_line(line)]
        if len(rows) + len(others) >= max(2, len(run) // 2):
            numeric = {i for i in others if _numbers_in(run[i].raw, 2) >= 2}
            if len(numeric | rows) >= max(2, len(run) // 2):
                rows |= numeric
    for i in sorted(rows):
        if i > 0 and (i - 1) not in rows:
            above = run[i - 1]
            if _HEADER_WORDS.search(above.raw) and _numbers_in(above.raw, 1) == 0 and len(above.raw) < 120:
                rows.add(i - 1)
    return rows


def _classify(text: str, line: _Line, prev_blank: bool, next_blank: bool) -> _Draft | None:
    if _is_rule(line.raw):
        s, e = _trimmed(text, line.start, line.end)
        return _Draft("rule", s, e)
    md = _MD_HEADING.match(line.raw)
    if md:
        s, e = _trimmed(text, line.start + md.end(), line.end)
        body = text[s:e].strip("*").strip()
        s = text.find(body, s) if body else s
        return _Draft("heading", s, s + len(body), label=md.group("label"), level=len(md.group("label")))
    bold = _MD_BOLD_LINE.match(line.raw.strip()) if "**" in line.raw else None
    if bold and prev_blank and next_blank:
        s = text.find(bold.group("body"), line.start)
        return _Draft("heading", s, s + len(bold.group("body")), level=4)
    bullet = _BULLET.match(line.raw) or (_NUMBERED.match(line.raw) if line.raw[:1] in " \t(" else None)
    if bullet:
        s, e = _trimmed(text, line.start + bullet.end(), line.end)
        indent = len(bullet.group("indent").expandtabs(4))
        return _Draft("list_item", s, e, label=bullet.group("label"), level=1 + indent // 4)
    numbered = _NUMBERED.match(line.raw)
    if numbered:
        s, e = _trimmed(text, line.start + numbered.end(), line.end)
        return _Draft("paragraph", s, e, label=numbered.group("label"))
    s, e = _trimmed(text, line.start, line.end)
    if _looks_like_heading(line, prev_blank, next_blank):
        return _Draft("heading", s, e, level=_heading_level(text[s:e]))
    return _Draft("paragraph", s, e)


_CHAPTER = re.compile(r"^(?:\d+|[A-H]\.)\s+[A-Z]")
_SECTION = re.compile(r"^\d+[A-Z]\s+[A-Z]")


_OBJECTIVE = re.compile(r"^(?:OBJECTIVE|Objective)\b")


def _heading_level(heading: str) -> int:
    """'1 Citizen Focus' is a chapter (1); '1A Fairness ...' a section (2); others 3.

    Lettered parts of a committee report ("B. Supporting information") are chapters.
    """
    if _CHAPTER.match(heading):
        return 1
    if _SECTION.match(heading):
        return 2
    if heading.isupper() or _OBJECTIVE.match(heading):
        return 2
    return 3
