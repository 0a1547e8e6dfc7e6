"""Who and when a fact is about: its organisation unit and its period.

Scope: a comparator names itself ("the MSF average of 21.52%"); else the unit named
before the figure ("the Dog Section made over 3,700 arrests"), the agent after it
("investigated by Homicide Command"), the passage's topic ("Operation Bella Vista
involved ... Last year, 17 defendants were convicted"), the introducing paragraph, the
section, the report. "We" is the reporting force. A unit named inside what an earlier
figure counts ("7,500 BOCU & TP taskings") is not the subject of a later one.

Period: the period nearest the figure in its clause, leaving out comparison periods
("compared to 2006/07", "from 92 in 2005/06", "since April 1998") and preferring a
period to a frequency ("In the current year ... 14,155 OBTJ each month"); else the
period carried from earlier in the passage or its introduction.
"""

from __future__ import annotations

import re

from pipelines.extraction.document import ReportContext
from pipelines.extraction.kpi_figures import Figure
from pipelines.extraction.numbers import find_quantities
from pipelines.extraction.periods import PeriodMention, find_periods
from pipelines.extraction.scope import ScopeMention, find_scope_mentions, units_in
from pipelines.parsing.blocks import Block

_NON_SCOPES = frozenset({"MPA", "MOPAC", "HMIC"})
_WE = re.compile(r"\b(?:we|our)\b", re.I)
_COMPARISON_BEFORE = re.compile(
    r"(?:\bcompared\s+(?:to|with)|\bthan|\bon|\bagainst"
    r"|\b(?:highest|lowest|best|worst|most|least|first)\b[^.;]{0,40}\bsince"
    r"|\bfrom\s+\S+(?:\s+\S+)?\s+(?:in|during)"
    # an event's date, not the period measured: "A unit set up in November 2004 ... has seized"
    r"|\b(?:released|published|issued|set\s+up|launched|established|formed|introduced|created))"
    r"\s+(?:the\s+)?"
    r"(?:(?:same|corresponding|equivalent)\s+(?:period|quarter|month)\s*(?:in|of|ending|last)?\s*)?$",
    re.I,
)


def specific(mention: ScopeMention) -> bool:
    """A unit more specific than the force: a command, an OCU, an operation."""
    return mention.kind not in {"force", "borough", "comparator", "authority", "inspectorate"}


def mentions(text: str) -> list[ScopeMention]:
    """Units named in `text` that a figure can be about (not the authority or HMIC)."""
    return [m for m in units_in(text) if m.kind != "comparator" and m.name not in _NON_SCOPES]


def topic_of(text: str) -> str | None:
    """The unit a passage is about, from its first sentence naming one: the first unit
    narrower than the force ("Met officers from the Road Transport Policing command"); ""
    when the sentence names only the force ("The MPS has a strategic lead for ANPR"), so
    that a unit mentioned in passing later ("traffic, CO and ...") does not take over;
    None when it names none.

    >>> topic_of("Operation Bella Vista involved an international criminal network.")
    'Operation Bella Vista'
    >>> topic_of("The MPS has a strategic chief officer lead for ANPR.")
    ''
    >>> topic_of("In May, Met officers from the Road Transport Policing command joined forces.")
    'Roads and Transport Policing Command'
    """
    named = [m for m in mentions(text) if m.kind != "borough"]
    if not named:
        return None
    narrower = [m for m in named if specific(m)]
    return narrower[0].name if narrower else ""


def unnamed(sentence: str) -> str:
    """The sentence with unit names blanked, so that "Central Operations" or "Specialist
    Crime Directorate" do not read as operations or crime counted.

    >>> unnamed("Specialist Crime Directorate made 12 arrests")
    '                             made 12 arrests'
    """
    parts: list[str] = []
    done = 0  # the text before `done` is in `parts`
    for mention in sorted(find_scope_mentions(sentence), key=lambda m: m.start):
        start = max(mention.start, done)
        if mention.end > start:
            parts.append(sentence[done:start])
            parts.append(" " * (mention.end - start))
            done = mention.end
    parts.append(sentence[done:])
    return "".join(parts)


def _inside_noun(sentence: str, mention: ScopeMention, head: Figure) -> bool:
    """A unit named inside what an earlier figure counts ("7,500 BOCU & TP taskings")."""
    for quantity in find_quantities(sentence):
        if quantity.end > mention.start or quantity.start == head.quantity.start:
            continue
        between = sentence[quantity.end : mention.start]
        if re.fullmatch(r"\s+(?:[A-Za-z][\w'’‘-]*\s+){0,3}(?:&\s+)?", between):
            return not re.search(r"\b(?:of|in|the|by|and|to|at|for|on|from)\b", between, re.I)
    return False


def _in_brackets(text: str, position: int) -> bool:
    return text.rfind("(", 0, position) > text.rfind(")", 0, position)


def scope_of(ctx: ReportContext, block: Block, sentence: str, head: Figure, topic: str | None) -> str | None:
    """The unit the fact headed by `head` is about; `topic` is the passage's own unit."""
    if head.comparator:
        return head.comparator
    named = mentions(sentence)
    outside = [m for m in named if not _inside_noun(sentence, m, head)]
    if any(m.end <= head.quantity.start for m in outside):
        # "The Mounted Branch has assisted with 7,500 BOCU & TP taskings, provided 2400
        # officer days": TP names what the taskings were, not who provided the days.
        named = outside
    before = [m for m in named if m.end <= head.quantity.start]
    if _WE.search(sentence[: head.quantity.start]) and not before:
        return ctx.default_scope  # "we have seen a 9.1% reduction": the reporting force
    narrower = [m for m in before if specific(m)]
    if narrower and not specific(before[-1]):
        before = narrower  # "TSG conducts ... 13% of the MPS total, resulting in 12,000 arrests"
    after = [m for m in named if m.start >= head.quantity.end and not _in_brackets(sentence, m.start)]
    chosen = before[-1] if before else None
    if chosen is None and after:
        agent = re.search(r"\bby\s+(?:the\s+)?$", sentence[: after[0].start])
        if agent or topic is None:
            chosen = after[0]
    if chosen is not None and (specific(chosen) or topic is None):
        return chosen.name
    if topic:
        return topic
    if chosen is not None:
        return chosen.name
    return ctx.scope_for("", block)


_PREVIOUS = re.compile(r"(?:the\s+)?previous\b", re.I)


def reference_periods(sentence: str, ctx: ReportContext) -> list[PeriodMention]:
    """Periods a figure of the sentence can be reported for (not comparison periods).

    >>> from pipelines.extraction.models import ReportMeta
    >>> s = "In 2007/08 complaints (5,349) have fallen by three percent compared to 2006/07"
    >>> [p.text for p in reference_periods(s, ReportContext("x", s, [], ReportMeta()))]
    ['2007/08']
    """
    periods = find_periods(sentence, ctx.report_date, relative=True)
    return [
        p
        for i, p in enumerate(periods)
        if not _COMPARISON_BEFORE.search(sentence[max(0, p.start - 50) : p.start])
        and not _PREVIOUS.match(p.text)
        and not _from_year(sentence, periods, i)
    ]


def _from_year(sentence: str, periods: list[PeriodMention], i: int) -> bool:
    """The first of "between 2008/09 and 2009/10": the year compared from."""
    if i + 1 >= len(periods) or periods[i].kind not in {"fiscal_year", "calendar_year"}:
        return False
    after = periods[i + 1]
    return (
        re.search(r"\bbetween\s+$", sentence[: periods[i].start]) is not None
        and re.fullmatch(r"\s+and\s+", sentence[periods[i].end : after.start]) is not None
        and after.kind == periods[i].kind
    )


def period_of(
    periods: list[PeriodMention],
    head: Figure,
    clause: tuple[int, int],
    carried: PeriodMention | None,
) -> PeriodMention | None:
    """The period nearest the figure, in its clause first; else the carried period."""
    if not periods:
        return carried
    a, b = clause
    position = head.quantity.start
    pool = [p for p in periods if a <= p.start < b] or periods
    # "In the current year ... averaging 14,155 OBTJ each month": a period before a frequency.
    pool = [p for p in pool if p.kind != "frequency"] or pool
    return min(pool, key=lambda p: min(abs(p.start - position), abs(p.end - position)))
