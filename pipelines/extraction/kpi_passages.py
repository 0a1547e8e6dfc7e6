"""Passages of running text: paragraphs and list items, read as their author wrote them.

A passage is a paragraph or a list item, or two blocks when a page break cuts a sentence
("... exceeding the / October 2006 / target of 12%."): the page furniture between them is
blanked out of the text that is read, and kept in the quote. A paragraph ending in a
colon introduces the list items after it ("Last financial year 2006/07 the Directorate
dealt with:"), giving them a period, a unit and, for "key performance measures, targets
and achievements", their standing as a list of indicators. Sections describing the area
policed ("Demographic Description of Force Area") hold no performance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extraction.document import ReportContext
from pipelines.extraction.kpi_context import topic_of
from pipelines.extraction.kpi_words import has_word
from pipelines.extraction.periods import PeriodMention, find_periods
from pipelines.parsing.blocks import Block

_INDICATOR_LIST = re.compile(
    r"\b(?:key\s+)?performance\s+(?:measures|indicators)|\btargets\s+and\s+achievements|\bKPIs?\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Intro:
    """What a paragraph ending in a colon tells the list items after it."""

    period: PeriodMention | None
    scope: str | None
    indicators: bool


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph or list item (with its continuation across a page break)."""

    block: Block
    start: int
    end: int
    masks: tuple[tuple[int, int], ...]
    intro: Intro | None


def _is_context_section(block: Block) -> bool:
    return bool(block.section_path) and _describes_area(block.section_path[-1])


@lru_cache(maxsize=1024)
def _describes_area(heading: str) -> bool:
    return has_word("kpi_context_sections.txt", heading)


def _continues(ctx: ReportContext, first: Block, second: Block) -> bool:
    """True when `second` finishes a sentence `first` left open across a page break."""
    tail = _last_visible(ctx.text, first.start, first.end)
    head = _first_visible(ctx.text, second.start, second.end)
    gap = len(ctx.text[first.end : second.start])
    return bool(tail and head and tail not in ".!?:;" and head.islower() and gap < 120)


def _last_visible(text: str, start: int, end: int) -> str:
    """The last character of text[start:end] that is not white space ("" when none is),
    found without copying the block.

    >>> _last_visible("a b.  ", 0, 6), _last_visible("   ", 0, 3)
    ('.', '')
    """
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end > start else ""


def _first_visible(text: str, start: int, end: int) -> str:
    """The first character of text[start:end] that is not white space ("" when none is).

    >>> _first_visible("  and so", 0, 8)
    'a'
    """
    while start < end and text[start].isspace():
        start += 1
    return text[start] if start < end else ""


def _intro(ctx: ReportContext, block: Block) -> Intro | None:
    text = ctx.text[block.start : block.end].rstrip()
    if not text.endswith(":"):
        return None
    periods = find_periods(text, ctx.report_date, relative=True)
    return Intro(periods[0] if periods else None, topic_of(text) or None, bool(_INDICATOR_LIST.search(text)))


def passages(ctx: ReportContext) -> Iterator[Passage]:
    """The report's passages in reading order."""
    readable = [b for b in ctx.readable_blocks() if not _is_context_section(b)]
    intro: Intro | None = None
    merged: set[int] = set()
    last_index = -1
    for i, block in enumerate(readable):
        if block.index in merged:
            continue
        if any(b.kind == "heading" for b in ctx.blocks[last_index + 1 : block.index]):
            intro = None
        last_index = block.index
        if block.kind == "paragraph":
            intro = _intro(ctx, block)
        end = block.end
        masks: tuple[tuple[int, int], ...] = ()
        following = readable[i + 1] if i + 1 < len(readable) else None
        if following is not None and _continues(ctx, block, following):
            gap = ctx.text[block.end : following.start]
            masks = tuple((block.end + m.start(), block.end + m.end()) for m in re.finditer(r"\S+", gap))
            end = following.end
            merged.add(following.index)
            last_index = following.index
        yield Passage(block, block.start, end, masks, intro if block.kind == "list_item" else None)


def masked(text: str, start: int, end: int, masks: tuple[tuple[int, int], ...]) -> str:
    """text[start:end] with page furniture inside it blanked out (offsets kept).

    >>> masked("exceeding the October 2006 target of 12%", 0, 40, ((14, 26),))
    'exceeding the              target of 12%'
    """
    if not masks or not any(a < end and start < b for a, b in masks):
        return text[start:end]
    chars = list(text[start:end])
    for a, b in masks:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    return "".join(chars)
