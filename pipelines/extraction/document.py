"""The reading context every extractor shares: text, blocks, report metadata, defaults.

A *unit* is where a fact is read and what it points back to: a sentence of a paragraph
or list item, or a whole table row.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from pipelines.extraction.models import ReportMeta
from pipelines.extraction.periods import MONTH_ALTERNATION, MONTH_NAMES, PeriodMention, find_periods, fiscal_year_of
from pipelines.extraction.scope import (
    find_scope_mentions,
    is_anaphoric,
    resolve_scope,
    speaks_for_itself,
    topic_of,
)
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


@lru_cache(maxsize=1024)
def _is_skipped(heading: str) -> bool:
    """A section the extractors do not read: glossaries, contact details, contents."""
    return _skip_section_pattern().match(heading) is not None


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
    _topics: dict[int, list[tuple[int, str | None]]] = field(default_factory=dict, repr=False)
    _lead_ins: dict[int, str | None] = field(default_factory=dict, repr=False)
    _labels: dict[int, str | None] = field(default_factory=dict, repr=False)
    _sentences: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _claim_order: list[tuple[int, int]] = field(default_factory=list, repr=False)
    _tables: dict[int, list[Block]] | None = field(default=None, repr=False)
    _longest_claim: int = field(default=0, repr=False)

    @classmethod
    def build(cls, doc: str, text: str, blocks: list[Block], meta: ReportMeta) -> ReportContext:
        report_date = meta.meeting_date or _date_in_title(meta.title)
        scope = _report_subject(meta.title or "", text)
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
            if block.section_path and _is_skipped(block.section_path[-1]):
                continue
            yield block

    def sentences(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of the sentences of text[start:end], split once however often asked for
        (every family reads the same paragraphs). The list is shared: do not change it."""
        spans = self._sentences.get((start, end))
        if spans is None:
            spans = self._sentences[(start, end)] = split_sentences(self.text, start, end)
        return spans

    def sentence_units(self) -> Iterator[Unit]:
        for block in self.readable_blocks():
            for start, end in self.sentences(block.start, block.end):
                yield Unit(start, end, block)

    def tables(self) -> dict[int, list[Block]]:
        """The rows of each table outside skipped sections, by table (worked out once; do
        not change what is returned)."""
        if self._tables is None:
            self._tables = {}
            for block in self.blocks:
                if block.kind == "table_row" and block.table_id is not None:
                    if block.section_path and _is_skipped(block.section_path[-1]):
                        continue
                    self._tables.setdefault(block.table_id, []).append(block)
        return self._tables

    def scope_for(self, sentence: str, block: Block, at: int | None = None) -> str | None:
        """The unit a figure in `sentence` (a sentence, list item or row label of `block`) is
        about; `at`, the figure's offset in `sentence`, lets the figure's own clause decide.
        """
        return resolve_scope(
            sentence, block.section_path, self.default_scope, at=at, carried=self.carried_scope(sentence, block)
        )

    def carried_scope(self, sentence: str, block: Block) -> str | None:
        """The unit the text before `sentence` in its block is about: the earlier sentences,
        the block a page break interrupted, or the lead-in line above a list ("Trident have
        achieved the following:").
        """
        carried = self._entry_topic(block)
        if not sentence:
            return carried  # before the block's first sentence
        position = self.text.find(sentence, block.start, block.end)
        for start, topic in self._block_topics(block):
            if position <= start:
                break
            carried = topic
        return carried

    def _block_topics(self, block: Block) -> list[tuple[int, str | None]]:
        """(sentence start, unit carried after that sentence) for each sentence of `block`."""
        if block.index in self._topics:
            return self._topics[block.index]
        self._topics[block.index] = []  # a block never carries into itself
        carried = self._entry_topic(block)
        out = []
        if block.kind in {"paragraph", "list_item"}:
            for start, end in self.sentences(block.start, block.end):
                sentence = self.text[start:end]
                if speaks_for_itself(sentence) and topic_of(sentence) is None:
                    carried = None  # "We have seen ...": the report's own organisation again
                elif not (carried and is_anaphoric(sentence)):
                    carried = topic_of(sentence) or carried
                out.append((start, carried))
        self._topics[block.index] = out
        return out

    def _final_topic(self, block: Block) -> str | None:
        topics = self._block_topics(block)
        return topics[-1][1] if topics else self._entry_topic(block)

    def _entry_topic(self, block: Block) -> str | None:
        continues = block.extra.get("continues")
        if continues is not None and continues.isdigit() and int(continues) < block.index:
            return self._final_topic(self.blocks[int(continues)])
        if block.kind == "list_item":
            lead_in = self._lead_in(block.index)
            if lead_in:
                return lead_in
        return self._label_topic(block.index)

    def _label_topic(self, index: int) -> str | None:
        """The unit of the nearest 'OCU: CO3 Emergency Preparedness' line above blocks[index]
        in the same section: activity records in appendices are labelled that way."""
        if index in self._labels:
            return self._labels[index]
        self._labels[index] = None
        result: str | None = None
        if index > 0:
            above = self.blocks[index - 1]
            label = _UNIT_LABEL.match(self.text[above.start : above.end])
            if label:
                named = [
                    m for m in find_scope_mentions(label.group("unit")) if m.kind not in {"authority", "inspectorate"}
                ]
                result = named[-1].name if named else None
            elif above.kind != "heading":
                result = self._label_topic(index - 1)
        self._labels[index] = result
        return result

    def _lead_in(self, index: int) -> str | None:
        """The unit of the paragraph ending in ':' that opens the list holding blocks[index]."""
        if index in self._lead_ins:
            return self._lead_ins[index]
        self._lead_ins[index] = None
        result: str | None = None
        if index > 0:
            above = self.blocks[index - 1]
            if above.kind in {"list_item", "running"}:
                result = self._lead_in(index - 1)
            elif above.kind == "paragraph" and self.text[above.start : above.end].rstrip().endswith(":"):
                result = self._final_topic(above)
        self._lead_ins[index] = result
        return result

    def fiscal_year_default(self) -> str | None:
        if self.default_period and self.default_period.fiscal_year:
            return self.default_period.fiscal_year
        return fiscal_year_of(self.report_date) if self.report_date else None

    def claim(self, start: int, end: int) -> None:
        if (start, end) not in self.claimed:
            self.claimed.add((start, end))
            insort(self._claim_order, (start, end))
            self._longest_claim = max(self._longest_claim, end - start)

    def claims_overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The claimed spans overlapping [start, end), found by position, not by a scan of all."""
        order = self._claim_order
        low = bisect_left(order, (start - self._longest_claim + 1,))
        high = bisect_left(order, (end,), low)
        return [(a, b) for a, b in order[low:high] if start < b]

    def is_claimed(self, start: int, end: int) -> bool:
        return bool(self.claims_overlapping(start, end))


_UNIT_LABEL = re.compile(
    r"^(?:OCU|BOCU|BCU|Unit|Command|Business group|Directorate|Department)\s*:\s*(?P<unit>.{2,80})$", re.I
)

# "Report 12 ... providing an overview of Specialist Crime Directorate", "outlines the role
# and work of Central Operations": the unit a report is about, when its title names none.
_SUBJECT_PHRASE = re.compile(r"\b(?:overview|role|work|performance|review)\s+of\s+(?:the\s+)?", re.I)


def _report_subject(title: str, text: str) -> str | None:
    """The unit a report is about: the first its title names, else the one its opening lines
    give an overview of. Authorities and inspectorates publish reports, they are not their subject.
    """
    for mention in find_scope_mentions(title):
        if mention.kind not in {"authority", "inspectorate", "comparator", "borough"}:
            return mention.name
    for phrase in _SUBJECT_PHRASE.finditer(text[:3000]):
        following = [m for m in find_scope_mentions(text[phrase.end() : phrase.end() + 80]) if m.start == 0]
        if following and following[0].kind not in {"authority", "inspectorate", "comparator"}:
            return following[0].name
    return None


def _date_in_title(title: str | None) -> date | None:
    if not title:
        return None
    match = _TITLE_DATE.search(title)
    if not match:
        return None
    return date(int(match.group(2)), MONTH_NAMES.index(match.group(1)) + 1, 1)


_TITLE_DATE = re.compile(rf"({MONTH_ALTERNATION})\s+((?:19|20)\d\d)")
