"""The reading context every extractor shares: text, blocks, report metadata, defaults.

A *unit* is where a fact is read and what it points back to: a sentence of a paragraph
or list item, or a whole table row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from pipelines.extraction.models import ReportMeta
from pipelines.extraction.periods import PeriodMention, find_periods, fiscal_year_of
from pipelines.extraction.scope import find_scope_mentions, resolve_scope
from pipelines.extraction.vocab import load_lines
from pipelines.parsing.blocks import Block
from pipelines.parsing.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence, list item sentence or table row, with the block it belongs to."""

    start: int
    end: int
    block: Block

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@cache
def _skip_section_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in load_lines("skip_sections.txt"))
    return re.compile(rf"^(?:[A-Z]\.\s*)?(?:{words})\b", re.I)


@dataclass
class ReportContext:
    doc: str
    text: str
    blocks: list[Block]
    meta: ReportMeta
    default_scope: str | None = None
    report_date: date | None = None
    default_period: PeriodMention | None = None
    claimed: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def build(cls, doc: str, text: str, blocks: list[Block], meta: ReportMeta) -> ReportContext:
        report_date = meta.meeting_date or _date_in_title(meta.title)
        scope = None
        for mention in find_scope_mentions(meta.title or ""):
            if mention.kind not in {"authority", "inspectorate"}:
                scope = mention.name
                break
        periods = find_periods(meta.period_covered or "", report_date)
        return cls(
            doc=doc,
            text=text,
            blocks=blocks,
            meta=meta,
            default_scope=scope or "MPS",
            report_date=report_date,
            default_period=periods[0] if periods else None,
        )

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]

    def readable_blocks(self, kinds: frozenset[str] = frozenset({"paragraph", "list_item"})) -> Iterator[Block]:
        """Blocks of the given kinds outside glossaries, contact details and contents."""
        for block in self.blocks:
            if block.kind not in kinds:
                continue
            if any(_skip_section_pattern().match(h) for h in block.section_path[-1:]):
                continue
            yield block

    def sentence_units(self) -> Iterator[Unit]:
        for block in self.readable_blocks():
            for start, end in split_sentences(self.text, block.start, block.end):
                yield Unit(start, end, block)

    def tables(self) -> dict[int, list[Block]]:
        out: dict[int, list[Block]] = {}
        for block in self.blocks:
            if block.kind == "table_row" and block.table_id is not None:
                if any(_skip_section_pattern().match(h) for h in block.section_path[-1:]):
                    continue
                out.setdefault(block.table_id, []).append(block)
        return out

    def scope_for(self, sentence: str, block: Block) -> str | None:
        return resolve_scope(sentence, block.section_path, self.default_scope)

    def fiscal_year_default(self) -> str | None:
        if self.default_period and self.default_period.fiscal_year:
            return self.default_period.fiscal_year
        return fiscal_year_of(self.report_date) if self.report_date else None

    def claim(self, start: int, end: int) -> None:
        self.claimed.add((start, end))

    def is_claimed(self, start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in self.claimed)


def _date_in_title(title: str | None) -> date | None:
    if not title:
        return None
    match = re.search(r"(January|February|March|April|May|June|July|August|September|October|November|December)\s+((?:19|20)\d\d)", title)
    if not match:
        return None
    months = ["january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december"]
    return date(int(match.group(2)), months.index(match.group(1).lower()) + 1, 1)
