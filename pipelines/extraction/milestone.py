"""Business-plan milestones: "Quarter 1, 2018-19: launch of the Violent Crime Task Force".

A milestone is a heading, a line in bold, a paragraph or a list item that opens with a
quarter and a financial year ("Quarter 1, 2018-19:", "Q3 2019/20 –"), or an item of a list
whose lead-in names the milestones of a quarter ("Quarter 2, 2018-19 milestones:"). Its
status comes from a status mark on the line ("✓", "📅", "🔧", or the marks of the report's
own legend), a status label after it ("– on track"), or the words of the paragraph under
it ("is now complete", "Works are currently onsite", "has been deferred").

>>> from pipelines.extraction.extract import extract_report
>>> text = "#### Quarter 2, 2019-20: open the new custody centre\\n\\nThe centre was opened in August.\\n"
>>> [(m.period, m.quarter, m.fiscal_year, m.milestone, m.status) for m in extract_report("x.md", text).milestones]
[('Quarter 2, 2019-20', 2, '2019/20', 'open the new custody centre', 'delivered')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pipelines.extraction.document import ReportContext
from pipelines.extraction.lexicon import phrase_key
from pipelines.extraction.models import MilestoneFact
from pipelines.extraction.periods import quarter_of
from pipelines.extraction.vocab import load_rows
from pipelines.parsing.blocks import Block

_SPACE = r"[\s\u00a0]+"
_FY = r"(?:19|20)\d\d\s?[/\-–]\s?\d{2,4}"
_PERIOD = rf"(?:(?:Quarter|Qtr|Q)\s?[1-4],?{_SPACE}{_FY}|{_FY},?{_SPACE}(?:Quarter|Qtr|Q)\s?[1-4])"
# "Quarter 1, 2018-19: launch of ...", "Q3 2019/20 – roll out ...", "**Quarter 1, 2018-19: ...**"
_LEADING = re.compile(
    rf"^[\W_]*(?P<period>{_PERIOD})[\s\u00a0]*(?:[:\-–—]|milestone:)[\s\u00a0]*(?P<milestone>\S.*)$", re.I | re.S
)
# "Roll out body worn video to all officers (Q2 2018-19)" in a list of milestones.
_TRAILING = re.compile(
    rf"^(?P<milestone>\S.*?)[\s\u00a0]*[(\[–-][\s\u00a0]*(?P<period>{_PERIOD})[\s\u00a0]*[)\]]?(?P<rest>.*)$",
    re.I | re.S,
)
_LIST_LEAD = re.compile(rf"(?P<period>{_PERIOD})", re.I)
_MILESTONE_WORD = re.compile(r"\bmilestones?\b", re.I)
_STATUS_LABEL = re.compile(
    r"[\s\u00a0]*(?:[-–—:(\[]|status:?)[\s\u00a0]*"
    r"(?P<label>delivered|complete|completed|on track|some delay|delayed)[\s\u00a0]*[)\]]?[\s.]*$",
    re.I,
)
_STATUS_LINE = re.compile(r"^\s*Status\s*:\s*(?P<label>.+)$", re.I)
_LEGEND = re.compile(r"^[\s\u00a0]*(?P<mark>[^\w\s]{1,3})[\s\u00a0]+(?P<words>[a-z][a-z ]{2,30}?)[\s.]*$", re.I)


@cache
def _status_phrases() -> tuple[tuple[str, str], ...]:
    return tuple((r["phrase"], r["status"]) for r in load_rows("status_words.csv"))


def _marks(ctx: ReportContext) -> dict[str, str]:
    """Status marks: the vocabulary's, and those of the report's own legend ("✓ delivered")."""
    marks = {phrase: status for phrase, status in _status_phrases() if not re.search(r"\w", phrase)}
    legend_words = {phrase_key(r["word"]): r["status"] for r in load_rows("status_legend.csv")}
    for block in ctx.blocks:
        if block.kind in {"list_item", "paragraph"}:
            legend = _LEGEND.match(block.text_of(ctx.text))
            status = legend_words.get(phrase_key(legend.group("words"))) if legend else None
            if legend and status:
                marks.setdefault(legend.group("mark"), status)
    return marks


@cache
def _phrase_patterns() -> tuple[tuple[re.Pattern[str], str, int], ...]:
    return tuple(
        (re.compile(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)"), status, len(phrase))
        for phrase, status in _status_phrases()
        if re.search(r"\w", phrase)
    )


def _status_in(text: str, marks: dict[str, str]) -> str | None:
    """The status the earliest status word or mark in `text` gives (the longest wins a tie).

    >>> _status_in("Phase 1 is expected to be completed in September, the rest completed later.", {})
    'on track'
    >>> _status_in("Roll-out finished ✓", {"✓": "delivered"})
    'delivered'
    """
    flat = " ".join(text.split()).lower()
    hits: list[tuple[int, int, str]] = []
    for pattern, status, length in _phrase_patterns():
        found = pattern.search(flat)
        if found:
            hits.append((found.start(), -length, status))
    for mark, status in marks.items():
        index = flat.find(mark)
        if index != -1:
            hits.append((index, -len(mark), status))
    return min(hits)[2] if hits else None


def _split_status(milestone: str, marks: dict[str, str]) -> tuple[str, str | None]:
    """The milestone without its status mark or label, and the status they give."""
    status = None
    for mark, value in marks.items():
        if mark in milestone:
            milestone = milestone.replace(mark, " ")
            status = status or value
    label = _STATUS_LABEL.search(milestone)
    if label and label.start() > 0:
        status = status or _status_in(label.group("label"), {}) or "delivered"
        milestone = milestone[: label.start()]
    # An unknown mark left at the end ("... strategy ●") is not part of the milestone.
    milestone = re.sub(r"[^\w)\]'’\"”%]+$", "", " ".join(milestone.split()))
    return milestone.strip(" *:;,.–-"), status


def _following_status(ctx: ReportContext, index: int, marks: dict[str, str]) -> str | None:
    """The status the paragraphs under a milestone give, up to the next heading."""
    for block in ctx.blocks[index + 1 : index + 4]:
        text = block.text_of(ctx.text)
        line = _STATUS_LINE.match(text)
        if line:
            # "Status: on track", which a parser may take for a heading of its own.
            return _status_in(line.group("label"), marks)
        if block.kind == "heading" or _LEADING.match(text):
            return None
        if block.kind in {"paragraph", "list_item"}:
            status = _status_in(text[:600], marks)
            if status:
                return status
    return None


def _list_periods(ctx: ReportContext) -> dict[int, str]:
    """Block index -> period ("" when the lead-in gives none) for the items of a list led
    by a line about milestones ("Quarter 2, 2018-19 milestones:", "Milestones this quarter:")."""
    periods: dict[int, str] = {}
    current: str | None = None
    for block in ctx.blocks:
        text = block.text_of(ctx.text)
        if block.kind == "list_item":
            if current is not None:
                periods[block.index] = current
            continue
        if block.kind == "running":
            continue
        if len(text) < 160 and _MILESTONE_WORD.search(text):
            lead = _LIST_LEAD.search(text)
            current = lead.group("period") if lead else ""
        else:
            current = None
    return periods


def _candidates(ctx: ReportContext) -> Iterator[tuple[Block, str, str]]:
    """(block, period, milestone text with any status marks) for every milestone line."""
    listed = _list_periods(ctx)
    for block in ctx.blocks:
        if block.kind not in {"heading", "paragraph", "list_item"}:
            continue
        text = block.text_of(ctx.text)
        leading = _LEADING.match(text)
        if leading and len(leading.group("milestone")) < 300:
            yield block, leading.group("period"), leading.group("milestone")
            continue
        if block.index in listed:
            trailing = _TRAILING.match(text)
            if trailing:
                yield block, trailing.group("period"), trailing.group("milestone") + trailing.group("rest")
            elif listed[block.index]:
                yield block, listed[block.index], text


def find_milestones(ctx: ReportContext) -> list[MilestoneFact]:
    marks = _marks(ctx)
    facts: list[MilestoneFact] = []
    for block, period, raw in _candidates(ctx):
        milestone, status = _split_status(raw, marks)
        if not milestone:
            continue
        status = status or _following_status(ctx, block.index, marks)
        quarter, fiscal_year = quarter_of(" ".join(period.split()))
        facts.append(
            MilestoneFact(
                period=" ".join(period.split()),
                fiscal_year=fiscal_year,
                quarter=quarter,
                milestone=milestone,
                status=status,
                quote=block.text_of(ctx.text),
                span=(block.start, block.end),
            )
        )
    return facts
