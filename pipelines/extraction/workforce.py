"""People: officers, staff, PCSOs, specials, volunteers; diversity shares; targets.

Counts are read by `headcount.count_measure` ("3,800 volunteers", "a workforce of just
under 50,000"), percentages by `workforce_shares.share_measure` ("BME officers accounted
for 8.2% of the work force"). `kind` says whether a figure is an actual, a target, a
budgeted (or affordable) workforce target, or a change ("has fallen by 40 officers" ->
-40); `as_of` is the date the text gives it; `scope` the unit the people belong to.

>>> from pipelines.extraction.extract import extract_report
>>> text = "Workforce\\n\\n1. The target strength for police officers for March 2009 is 32,930.\\n"
>>> [(w.measure, w.value, w.kind, w.as_of) for w in extract_report("x.txt", text).workforce]
[('police_officers', Decimal('32930'), 'target', 'March 2009')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from pipelines.extraction.document import ReportContext
from pipelines.extraction.headcount import count_measure, people_terms, people_terms_before
from pipelines.extraction.lexicon import phrase_key, word_table
from pipelines.extraction.memo import per_report
from pipelines.extraction.models import WorkforceFact
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.scope import units_in
from pipelines.extraction.subject import TopicReader, nearest_unit_before
from pipelines.extraction.workforce_dates import as_of, dated_periods, relative_periods
from pipelines.extraction.workforce_shares import SPECIFIC_GROUPS, GroupMemory, share_measure
from pipelines.extraction.workforce_tables import table_facts
from pipelines.parsing.blocks import Block

_STAT_MEASURES = frozenset({"officers_trained", "team_size", "other"})
# A change is a figure governed by a word of change: "increased by 12%", "an increase in
# female officer numbers of 48%", "an additional 92", "a 17% decline", "(30 fewer)".
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:increase|rise|growth|fall|reduction|decrease|decline|drop)s?\s+"
    r"(?:in\s+(?:[\w-]+\s+){1,4})?(?:of|by|in)\s+"
    r"|\b(?:strength|numbers)\s+by\s+"
    r"|\b(?:increased|grown|risen|fallen|reduced|decreased|dropped|declined|grew|rose|fell)\s+by\s+"
    r"|\b(?:an?\s+)?(?:additional|extra|further)\s+)"
    r"(?:approximately\s+|about\s+|around\s+|some\s+|over\s+)?$",
    re.I,
)
_CHANGE_AFTER = re.compile(
    r"^\s*(?:more|fewer|additional|extra)?\s*"
    r"(?:increase|rise|decrease|decline|reduction|fall|drop|growth|more|fewer)\b"
    r"|^\s*(?:[\w-]+\s+){0,3}?(?:retired|resigned|left\s+the\s+service)\b",
    re.I,
)
_FALLING = re.compile(
    r"\b(?:fall|fell|fallen|decrease|decreased|decline|declined|reduc\w+|drop\w*|fewer|down|lost"
    r"|loss|retired|resigned|left)\b",
    re.I,
)
# Where a figure's clause ends for reading its group, date and kind.
_SEGMENT_BREAK = re.compile(r";|:|,\s+(?:and|but|with|while|whilst|although)\s|\s+but\s")
# What joins a bare count to the workforce figure before it: "a 17% decline (30 fewer)",
# "has increased by 12%, an additional 92", "of 48%, up from 294 to 414".
_CONTINUATION = re.compile(
    r"\s*(?:[A-Za-z]+\s+)?\(|,\s*(?:an?\s+)?(?:additional|extra|further|net)?\s*"
    r"|,?\s*(?:up\s+|down\s+)?(?:from|to|towards)\s+"
)
# People named with the unit they work in: "1,000 officers in Safer Neighbourhoods teams",
# "3,744 officers and PCSOs employed on Safer Neighbourhoods teams".
_WORKING_IN = re.compile(
    r"\s+(?:[\w/'’-]+\s+){0,5}?(?:working|employed|based|deployed|serving|posted|attached)?\s*"
    r"(?:in|on|within|to)\s+(?:the\s+|its\s+)?"
)
# A group noun with its unit: "the budgeted workforce target of the traffic OCU".
_GROUP_OF_UNIT = re.compile(
    r"\s*(?:target|targets|establishment|numbers|strength)?\s*(?:of|for|in|within)\s+(?:the\s+)?"
)


@dataclass(frozen=True, slots=True)
class _Reading:
    quantity: Quantity
    value: Decimal
    measure: str
    unit: str
    kind: str
    joined: bool = False  # continues a list: "674.5 police officers and 118 police staff"


def _segments(sentence: str) -> list[tuple[int, int]]:
    """A sentence cut into the clauses a figure's group, date and kind are read from.

    >>> s = "This compares with 3.4% ten years ago, with recruitment running at 16.3%"
    >>> [s[a:b] for a, b in _segments(s)]
    ['This compares with 3.4% ten years ago', ', with recruitment running at 16.3%']
    """
    cuts = [0, *[m.start() for m in _SEGMENT_BREAK.finditer(sentence)], len(sentence)]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def _segment_of(segments: list[tuple[int, int]], position: int) -> tuple[int, int]:
    return next((s for s in segments if s[0] <= position < s[1]), segments[-1])


def _kinds(text: str) -> set[str]:
    pattern, mapping = word_table("workforce_kinds.csv")
    return {mapping[phrase_key(m.group(0))] for m in pattern.finditer(text)}


_TARGET_WORDS = re.compile(r"target|workforce|establishment", re.I)


def _kind(left: str, noun_phrase: str) -> str:
    """actual, target, budgeted or change, read from the words since the previous figure.

    The words before the figure decide first ("The target strength ... is 32,930"); the
    noun after it only by naming a target ("2,833 affordable workforce target").

    >>> _kind("The target strength for police officers for March 2009 is ", "")
    'target'
    >>> _kind(" and ", " affordable workforce target for police staff")
    'budgeted'
    >>> _kind("the number of BME staff has increased by ", "")
    'change'
    """
    names_target = _TARGET_WORDS.search(noun_phrase)
    for kinds in (_kinds(left), _kinds(noun_phrase) if names_target else set()):
        if "budgeted" in kinds:
            return "budgeted"
        if "target" in kinds:
            return "target"
    if _CHANGE_BEFORE.search(left) or _CHANGE_AFTER.match(noun_phrase):
        return "change"
    return "actual"


def _signed(value: Decimal, kind: str, left: str, noun_phrase: str) -> Decimal:
    """A change written as a fall is negative: 'a 17% decline (30 fewer)' -> -17, -30."""
    if kind == "change" and value > 0 and _FALLING.search(left[-40:] + " " + noun_phrase[:40]):
        return -value
    return value


def _unit_of_group(sentence: str, quantity: Quantity) -> str | None:
    """The unit named with the group noun before the figure ('target of the traffic OCU')."""
    before = sentence[: quantity.start]
    hits = people_terms_before(sentence, quantity.start)
    if not hits:
        return None
    tail = _GROUP_OF_UNIT.match(before[hits[-1].end :])
    if tail:
        named = [m for m in units_in(before) if m.start == hits[-1].end + tail.end()]
        if named:
            return named[0].name
    return None


def _scope(sentence: str, quantity: Quantity, topic: str | None) -> str | None:
    """The unit the people belong to: named with them, before them, or the paragraph's."""
    tail = sentence[quantity.end : quantity.end + 90]
    working_in = _WORKING_IN.match(tail)
    if working_in:
        named = [m for m in units_in(tail) if m.start == working_in.end()]
        if named:
            return named[0].name
    inside = next((m for m in units_in(tail) if re.fullmatch(r"\s+(?:the\s+)?", tail[: m.start])), None)
    if inside and people_terms(tail[inside.end : inside.end + 30]):
        # "300 MPS personnel", "5,500 MPS staff".
        return inside.name
    return _unit_of_group(sentence, quantity) or nearest_unit_before(sentence, quantity.start) or topic


def _split_from_to(quantity: Quantity, sentence: str) -> list[Decimal]:
    """'up from 294 to 414', 'increased from 3.4% to 4.3%': two figures, not a range."""
    if quantity.high is not None and re.search(r"\bfrom\s+$", sentence[: quantity.start], re.I):
        return [quantity.value, quantity.high]
    return [quantity.value]


def _same_list(left: str) -> bool:
    """True when only a group noun and 'and' stand between two figures."""
    hits = people_terms(left)
    return (
        bool(hits)
        and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", left[hits[-1].end :]) is not None
        and re.fullmatch(r"\s*(?:for\s+)?", left[: hits[0].start]) is not None
    )


def _continues(sentence: str, previous: _Reading, quantity: Quantity) -> bool:
    """A bare count right after a workforce figure continues it: '(30 fewer)'."""
    gap = sentence[previous.quantity.end : quantity.start]
    noun_follows = re.match(r"\s+(?!(?:fewer|more|additional|extra)\b)[A-Za-z]{3,}", sentence[quantity.end :])
    return len(gap) <= 25 and _CONTINUATION.fullmatch(gap) is not None and noun_follows is None


def _measure(
    sentence: str,
    quantity: Quantity,
    segment: tuple[int, int],
    memory: GroupMemory,
    readings: list[_Reading],
    order: int,
) -> str | None:
    if quantity.unit == "percent":
        return share_measure(sentence, quantity, segment, memory, order)
    if quantity.unit != "count":
        return None
    named = [h.value for h in people_terms_before(sentence, quantity.start) if h.value in SPECIFIC_GROUPS]
    measure = count_measure(sentence, quantity, segment[0], named[-1] if named else memory.group)
    if measure is None and readings and _continues(sentence, readings[-1], quantity):
        return readings[-1].measure
    return measure


_PHRASE_END = re.compile(r"[(),;:.\d]")


def _read_sentence(sentence: str, memory: GroupMemory, claimed: list[tuple[int, int]]) -> tuple[_Reading, ...]:
    """Workforce readings of a sentence, each with its measure, kind and signed value.

    They depend on the sentence, the spans other families claimed in it and what the
    memory holds (read, never changed), so a sentence met again in the same setting, as
    boilerplate is in a run of reports, is read once.
    """
    return _readings(sentence, tuple(memory.diversity), memory.base, memory.group, tuple(claimed))


@per_report
def _readings(
    sentence: str,
    diversity: tuple[str, ...],
    base: str | None,
    group: str | None,
    claimed: tuple[tuple[int, int], ...],
) -> tuple[_Reading, ...]:
    memory = GroupMemory(list(diversity), base, group)
    segments = _segments(sentence)
    readings: list[_Reading] = []
    percents_in: dict[tuple[int, int], int] = {}
    previous_end = 0
    for quantity in find_quantities(sentence):
        segment = _segment_of(segments, quantity.start)
        order = percents_in.get(segment, 0)
        if quantity.unit == "percent":
            percents_in[segment] = order + 1
        taken = any(quantity.start < b and a < quantity.end for a, b in claimed)
        measure = None if taken else _measure(sentence, quantity, segment, memory, readings, order)
        left = sentence[max(segment[0], previous_end) : quantity.start]
        previous_end = quantity.end
        if measure is None:
            continue
        noun_phrase = _PHRASE_END.split(sentence[quantity.end : quantity.end + 50])[0]
        kind = _kind(left, noun_phrase)
        joined = bool(readings) and _same_list(left)
        if kind == "actual" and joined and readings[-1].kind in {"target", "budgeted"}:
            # "set at 674.5 police officers and 118 police staff".
            kind = readings[-1].kind
        if quantity.unit == "count" and quantity.value % 1 and kind not in {"target", "budgeted"}:
            # Fractions of people are full-time-equivalent targets ("1,096.8"), never actuals.
            continue
        unit = "percent" if quantity.unit == "percent" else "count"
        for value in _split_from_to(quantity, sentence):
            signed = _signed(value, kind, left, noun_phrase)
            readings.append(_Reading(quantity, signed, measure, unit, kind, joined))
    return tuple(readings)


def _facts_in_block(ctx: ReportContext, block: Block) -> Iterator[WorkforceFact]:
    memory = GroupMemory()
    carried_date: str | None = None
    topics = TopicReader(fallback=lambda: ctx.scope_for("", block))
    for s, e in ctx.sentences(block.start, block.end):
        sentence = ctx.text[s:e]
        topics.read(sentence)
        if not find_quantities(sentence):
            memory.defer(sentence)  # read for its groups only if a later figure needs them
            continue
        claimed = [(a - s, b - s) for a, b in ctx.claims_overlapping(s, e)]
        memory.catch_up()
        readings = _read_sentence(sentence, memory, claimed)
        memory.remember(sentence, [r.measure for r in readings if r.unit == "percent"])
        if not readings:
            continue
        dated = dated_periods(sentence, ctx.report_date)
        relative = relative_periods(sentence)
        segments = _segments(sentence)
        scope: str | None = None
        for reading in readings:
            quantity = reading.quantity
            if not (reading.joined and scope):
                scope = _scope(sentence, quantity, topics.topic())
            carry = None if reading.kind == "target" else carried_date
            segment = _segment_of(segments, quantity.start)
            ctx.claim(s + quantity.start, s + quantity.end)
            yield WorkforceFact(
                scope=scope,
                as_of=as_of(sentence, quantity, segment, dated, relative, carry),
                measure=reading.measure,
                value=reading.value,
                unit=reading.unit,
                kind=reading.kind,
                tier="stat" if scope not in {ctx.default_scope, "MPS"} or reading.measure in _STAT_MEASURES else "core",
                quote=sentence,
                span=(s, e),
            )
        if dated:
            # "In 2007/08, there was ... a record strength of 31,398." dates what follows.
            carried_date = dated[0][2]


def find_workforce(ctx: ReportContext) -> list[WorkforceFact]:
    """Workforce facts of a report: its workforce tables, then its paragraphs' sentences."""
    facts: list[WorkforceFact] = []
    for rows in ctx.tables().values():
        facts.extend(table_facts(ctx, rows))
    for block in ctx.readable_blocks():
        facts.extend(_facts_in_block(ctx, block))
    return facts
