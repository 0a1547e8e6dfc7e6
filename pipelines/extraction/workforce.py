"""People: officers, staff, PCSOs, specials, volunteers; diversity shares; targets.

Counts are read by `headcount.count_measure` ("3,800 volunteers", "a workforce of just
under 50,000"); a percentage is workforce when it is a share of female or BME officers
or staff, or of recruits ("BME officers accounted for 8.2% of the work force and
females 21.4%"), or a change in a group's strength ("police officer strength has grown
by 48%"). `kind` says whether a figure is an actual, a target, a budgeted (or
affordable) workforce target, or a change; `as_of` is the date the text gives it.

>>> from pipelines.extraction.extract import extract_report
>>> text = "Workforce\\n\\n1. At the end of March 2008, BME officers accounted for 8.2% of the work force.\\n"
>>> [(w.measure, w.value, w.kind, w.as_of) for w in extract_report("x.txt", text).workforce]
[('bme_officers', Decimal('8.2'), 'actual', 'At the end of March 2008')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from pipelines.extraction.document import ReportContext
from pipelines.extraction.headcount import TERMS, compound, count_measure
from pipelines.extraction.lexicon import TermHit, find_terms
from pipelines.extraction.models import WorkforceFact
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.periods import MONTH_NUMBERS, find_periods
from pipelines.extraction.subject import TopicReader, nearest_unit_before, units_in
from pipelines.extraction.vocab import load_lines, load_mapping
from pipelines.parsing.blocks import Block
from pipelines.parsing.sentences import split_sentences

_DIVERSITY = re.compile(
    r"\b(?P<group>females?|wom[ae]n|BME|black\s+(?:and\s+)?minority\s+ethnic|minority\s+ethnic|ethnic\s+minority)\b",
    re.I,
)
_STAFF_WORDS = re.compile(r"\b(?:staff|civil\w*|employees)\b", re.I)
_OFFICER_WORDS = re.compile(r"\b(?:officers?|constables?|sergeants?|police\s+officers?)\b", re.I)
# A diversity share is about the workforce only when the sentence says whose share it is.
_WORKFORCE_CONTEXT = re.compile(
    r"\b(?:officers?|staff|work\s?force|strength|recruit\w*|intake|constables?|representation|employees|personnel)\b",
    re.I,
)
_RECRUITS = re.compile(r"\b(?:recruit\w*|intake|new\s+entrants|applicants)\b", re.I)
# Sentences that refer back to the groups of the sentence before: "This compares with 3.4%
# and 15.2% ten years ago", "The figure ... has moved upwards to 4.7%".
_REFERS_BACK = re.compile(
    r"\b(?:compares?|compared|respectively)\b|^\W*(?:the|this)\s+(?:figure|proportion|percentage|rate|number|level)\b|^\W*(?:this|it)\b",
    re.I,
)
_STRENGTH_CHANGE = re.compile(
    r"^\s*(?:strength|numbers|establishment)?\s*(?:has\s+|have\s+)?(?:grown|increased|risen|rose|grew|fallen|fell|decreased|reduced|dropped|declined)?\s*by\s+$",
    re.I,
)
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:increase|rise|growth|fall|reduction|decrease|decline|drop)s?\s+(?:in\s+(?:[\w-]+\s+){1,4})?(?:of|by|in)\s+"
    r"|\b(?:strength|numbers)\s+by\s+"
    r"|\b(?:increased|grown|risen|fallen|reduced|decreased|dropped|declined|grew|rose|fell)\s+by\s+"
    r"|\b(?:an?\s+)?(?:additional|extra|further)\s+)(?:approximately\s+|about\s+|around\s+|some\s+|over\s+)?$",
    re.I,
)
_CHANGE_AFTER = re.compile(r"^\s*(?:more|fewer|additional|extra)?\s*(?:increase|rise|decrease|decline|reduction|fall|drop|growth|more|fewer)\b", re.I)
_FALLING = re.compile(r"\b(?:fall|fell|fallen|decrease|decreased|decline|declined|reduc\w+|drop\w*|fewer|down|lost|loss)\b", re.I)
_SEGMENT_BREAK = re.compile(r";|:|,\s+(?:and|but|with|while|whilst|although)\s|\s+but\s")
_END_OF_MONTH = re.compile(r"\b(?:at\s+)?(?:the\s+)?end\s+of\s+(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s+(?:19|20)\d\d)")
_BY_YEAR = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?(?P<y>(?:19|20)\d\d)\b(?![/\-–]\d)")
_YEARS_AGO = re.compile(r"\b(?:\w+|\d+)\s+years?\s+ago\b", re.I)
_RECENT_MONTHS = re.compile(r"\bthe\s+(?:previous|last|past)\s+(?:\w+|\d+)\s+(?:months|years|weeks)\b", re.I)
# What joins a bare count to the workforce figure before it: "a 17% decline (30 fewer)",
# "has increased by 12%, an additional 92", "of 48%, up from 294 to 414".
_CONTINUATION = re.compile(
    r"\s*(?:[A-Za-z]+\s+)?\(|,\s*(?:an?\s+)?(?:additional|extra|further|net)?\s*|,?\s*(?:up\s+|down\s+)?(?:from|to|towards)\s+"
)
_FROM = re.compile(r"\bfrom\s+$", re.I)


@dataclass(frozen=True, slots=True)
class _Reading:
    quantity: Quantity
    value: Decimal
    measure: str
    unit: str
    kind: str
    joined: bool = False  # continues the list of the figure before ("674.5 police officers and 118 police staff")


@dataclass
class _BlockState:
    """What the sentences read so far in a paragraph leave for the next one."""

    diversity: list[str] = field(default_factory=list)
    base: str | None = None
    group: str | None = None
    as_of: str | None = None


@cache
def _kind_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    mapping = load_mapping("workforce_kinds.csv")
    words = sorted(mapping, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.I)
    return pattern, mapping


@cache
def _relative_periods() -> re.Pattern[str]:
    words = sorted(load_lines("relative_periods.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.I)


def _segments(sentence: str) -> list[tuple[int, int]]:
    """A sentence cut into the clauses a figure's group, date and kind are read from."""
    cuts = [0, *(m.start() for m in _SEGMENT_BREAK.finditer(sentence)), len(sentence)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _segment_of(segments: list[tuple[int, int]], position: int) -> tuple[int, int]:
    return next((s for s in segments if s[0] <= position < s[1]), segments[-1])


def _kinds(text: str) -> set[str]:
    pattern, mapping = _kind_pattern()
    return {mapping[" ".join(m.group(0).lower().split())] for m in pattern.finditer(text)}


def _kind(left: str, noun_phrase: str) -> str:
    """actual, target, budgeted or change, read from the words since the previous figure.

    The words before the figure decide first ("The target strength ... is 32,930"); the
    noun after it only by naming a target ("2,833 affordable workforce target").
    """
    for kinds in (_kinds(left), _kinds(noun_phrase) if re.search(r"target|workforce|establishment", noun_phrase, re.I) else set()):
        if "budgeted" in kinds:
            return "budgeted"
        if "target" in kinds:
            return "target"
    if _CHANGE_BEFORE.search(left) or _CHANGE_AFTER.match(noun_phrase):
        return "change"
    return "actual"


def _signed(value: Decimal, kind: str, left: str, noun_phrase: str) -> Decimal:
    """A change written as a fall is negative: 'a 17% decline (30 fewer)' -> -17, -30."""
    if kind == "change" and value > 0 and _FALLING.search(left[-40:] + " " + noun_phrase[:20]):
        return -value
    return value


def _diversity_base(*texts: str | None) -> str:
    """'officers' or 'staff': the first of the texts that names either decides."""
    for text in texts:
        if not text:
            continue
        staff = [m.start() for m in _STAFF_WORDS.finditer(text)]
        officers = [m.start() for m in _OFFICER_WORDS.finditer(text)]
        if staff or officers:
            return "staff" if staff and (not officers or min(staff) < min(officers)) else "officers"
    return "officers"


@cache
def _selection() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in load_lines("workforce_selection.txt"))
    return re.compile(rf"\b(?:{words})\b", re.I)


def _percent_measure(sentence: str, quantity: Quantity, segment: tuple[int, int], hits: list[TermHit], state: _BlockState, order: int) -> str | None:
    low, high = segment
    text = sentence[low:high]
    if not _WORKFORCE_CONTEXT.search(sentence) and not state.diversity:
        return None
    if _selection().search(text):
        return None
    groups = list(_DIVERSITY.finditer(text))
    if _RECRUITS.search(text) and (groups or re.search(r"\brecruit", text, re.I)):
        return "recruits"
    if groups and _WORKFORCE_CONTEXT.search(sentence):
        position = quantity.start - low
        nearest = min(groups, key=lambda g: abs(g.start() - position))
        base = _diversity_base(text[nearest.start() :], sentence, state.base)
        group = "female" if nearest.group("group").lower().startswith(("fem", "wom")) else "bme"
        return f"{group}_{base}"
    strength = next((h for h in reversed(hits) if low <= h.start and h.end <= quantity.start), None)
    if strength and strength.value not in {"other", "recruits"} and _STRENGTH_CHANGE.match(sentence[strength.end : quantity.start]):
        # "police officer strength has grown by 48% ... and police staff strength by 17%".
        return compound(sentence, strength, hits).value
    if state.diversity and _REFERS_BACK.search(text if low else sentence):
        return state.diversity[order % len(state.diversity)]
    return None


def _year_for_month(month: str, report_date: date | None) -> int | None:
    if report_date is None:
        return None
    number = MONTH_NUMBERS[month[:3].lower()]
    return report_date.year if number <= report_date.month else report_date.year - 1


def _dated_periods(sentence: str, report_date: date | None) -> list[tuple[int, int, str]]:
    """Dated periods of a sentence as (start, end, text), with years given to bare months."""
    found = [(p.start, p.end, p.text) for p in find_periods(sentence, report_date)]
    taken = [(a, b) for a, b, _ in found]
    for match in _END_OF_MONTH.finditer(sentence):
        year = _year_for_month(match.group("m"), report_date)
        if year and not any(match.start() < b and a < match.end() for a, b in taken):
            found.append((match.start(), match.end(), f"end of {match.group('m')} {year}"))
    for match in _BY_YEAR.finditer(sentence):
        if not any(match.start() < b and a < match.end() for a, b in taken):
            found.append((match.start(), match.end(), match.group(0)))
    return sorted(found)


def _relative(sentence: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), m.group(0)) for p in (_YEARS_AGO, _RECENT_MONTHS) for m in p.finditer(sentence)]
    found += [(m.start(), m.end(), m.group(0)) for m in _relative_periods().finditer(sentence)]
    return sorted(found)


def _as_of(sentence: str, quantity: Quantity, segment: tuple[int, int], dated: list[tuple[int, int, str]], relative: list[tuple[int, int, str]], carry: str | None) -> str | None:
    """The date a figure is given for: nearest in its clause, else the sentence's, else carried."""
    low, high = segment

    def distance(period: tuple[int, int, str]) -> int:
        start, end, _ = period
        return quantity.start - end if end <= quantity.start else start - quantity.end

    for candidates in (dated, relative):
        near = [p for p in candidates if low <= p[0] and p[1] <= high]
        if near:
            return min(near, key=distance)[2]
    if dated:
        return dated[0][2]
    if carry:
        return carry
    return relative[0][2] if relative else None


def _scope(sentence: str, quantity: Quantity, segment: tuple[int, int], topic: str | None) -> str | None:
    """The unit the people belong to: named with them, before them, or the paragraph's."""
    tail = sentence[quantity.end : quantity.end + 90]
    with_them = re.match(
        r"\s+(?:[\w/'’-]+\s+){0,5}?(?:working|employed|based|deployed|serving|posted|attached)?\s*(?:in|on|within|to)\s+(?:the\s+|its\s+)?",
        tail,
    )
    if with_them:
        named = [m for m in units_in(tail) if m.start == with_them.end()]
        if named:
            return named[0].name
    inside = next((m for m in units_in(tail) if re.fullmatch(r"\s+(?:the\s+)?", tail[: m.start])), None)
    if inside and find_terms(TERMS, tail[inside.end : inside.end + 30])[:1]:
        # "300 MPS personnel", "5,500 MPS staff".
        return inside.name
    return _unit_of_group(sentence, quantity) or nearest_unit_before(sentence, quantity.start) or topic


def _unit_of_group(sentence: str, quantity: Quantity) -> str | None:
    """'the budgeted workforce target of the traffic OCU is set at 674.5': the unit named
    with the group noun before the figure."""
    before = sentence[: quantity.start]
    for hit in reversed(find_terms(TERMS, before)):
        tail = re.match(r"\s*(?:target|targets|establishment|numbers|strength)?\s*(?:of|for|in|within)\s+(?:the\s+)?", before[hit.end :])
        if tail:
            named = [m for m in units_in(before) if m.start == hit.end + tail.end()]
            if named:
                return named[0].name
        break
    return None


def _split_from_to(quantity: Quantity, sentence: str) -> list[tuple[Quantity, Decimal]]:
    """'up from 294 to 414', 'increased from 3.4% to 4.3%': two figures, not a range."""
    if quantity.kind == "range" and quantity.high is not None and _FROM.search(sentence[: quantity.start]):
        return [(quantity, quantity.value), (quantity, quantity.high)]
    return [(quantity, quantity.value)]


def _read_sentence(sentence: str, state: _BlockState, ctx_claimed: list[tuple[int, int]]) -> list[_Reading]:
    hits = find_terms(TERMS, sentence)
    segments = _segments(sentence)
    readings: list[_Reading] = []
    percent_order: dict[tuple[int, int], int] = {}
    previous_end = 0
    for quantity in find_quantities(sentence):
        if any(quantity.start < b and a < quantity.end for a, b in ctx_claimed):
            previous_end = quantity.end
            continue
        segment = _segment_of(segments, quantity.start)
        measure: str | None = None
        if quantity.unit == "count":
            measure = count_measure(sentence, quantity, segment[0], state.group)
            if measure is None and readings and _continues(sentence, readings[-1], quantity):
                measure = readings[-1].measure
        elif quantity.unit == "percent":
            order = percent_order.get(segment, 0)
            measure = _percent_measure(sentence, quantity, segment, hits, state, order)
            percent_order[segment] = order + 1
        if measure is None:
            previous_end = quantity.end
            continue
        left = sentence[max(segment[0], previous_end) : quantity.start]
        noun_phrase = re.split(r"[(),;:.\d]", sentence[quantity.end : quantity.end + 40])[0]
        kind = _kind(left, noun_phrase)
        joined = bool(readings) and _same_list(left)
        if kind == "actual" and joined and readings[-1].kind in {"target", "budgeted"}:
            # "set at 674.5 police officers and 118 police staff".
            kind = readings[-1].kind
        if quantity.unit == "count" and quantity.value != quantity.value.to_integral_value() and kind not in {"target", "budgeted"}:
            previous_end = quantity.end
            continue
        for part, value in _split_from_to(quantity, sentence):
            readings.append(
                _Reading(
                    part,
                    _signed(value, kind, left, noun_phrase),
                    measure,
                    "percent" if quantity.unit == "percent" else "count",
                    kind,
                    joined,
                )
            )
        previous_end = quantity.end
    return readings


def _same_list(left: str) -> bool:
    """True when only a group noun and 'and' stand between two figures."""
    hits = find_terms(TERMS, left)
    return bool(hits) and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", left[hits[-1].end :]) is not None and re.fullmatch(
        r"\s*(?:for\s+)?", left[: hits[0].start]
    ) is not None


def _continues(sentence: str, previous: _Reading, quantity: Quantity) -> bool:
    """A bare count right after a workforce figure continues it: '(30 fewer)', ', an additional 92'."""
    gap = sentence[previous.quantity.end : quantity.start]
    noun_follows = re.match(r"\s+(?!(?:fewer|more|additional|extra)\b)[A-Za-z]{3,}", sentence[quantity.end :])
    return len(gap) <= 25 and _CONTINUATION.fullmatch(gap) is not None and noun_follows is None


def _facts_in_block(ctx: ReportContext, block: Block) -> Iterator[WorkforceFact]:
    state = _BlockState()
    topics = TopicReader(default=None)
    heading_scope = ctx.scope_for("", block)
    for s, e in split_sentences(ctx.text, block.start, block.end):
        sentence = ctx.text[s:e]
        topic = topics.read(sentence) or heading_scope
        claimed = [(a - s, b - s) for a, b in ctx.claimed if a < e and s < b]
        readings = _read_sentence(sentence, state, claimed)
        dated = _dated_periods(sentence, ctx.report_date)
        relative = _relative(sentence)
        segments = _segments(sentence)
        scope: str | None = None
        for reading in readings:
            quantity = reading.quantity
            segment = _segment_of(segments, quantity.start)
            scope = scope if reading.joined and scope else _scope(sentence, quantity, segment, topic)
            ctx.claim(s + quantity.start, s + quantity.end)
            yield WorkforceFact(
                scope=scope,
                as_of=_as_of(sentence, quantity, segment, dated, relative, None if reading.kind == "target" else state.as_of),
                measure=reading.measure,
                value=reading.value,
                unit=reading.unit,
                kind=reading.kind,
                tier="core" if scope in {ctx.default_scope, "MPS"} and reading.measure not in _STAT_MEASURES else "stat",
                quote=sentence,
                span=(s, e),
            )
        _update_state(state, sentence, readings, dated)


_STAT_MEASURES = frozenset({"officers_trained", "team_size", "other"})
_SPECIFIC_GROUPS = frozenset({"special_constables", "pcsos", "volunteers"})


def _update_state(state: _BlockState, sentence: str, readings: list[_Reading], dated: list[tuple[int, int, str]]) -> None:
    diversity = [r.measure for r in readings if r.unit == "percent" and r.measure.startswith(("female", "bme"))]
    if diversity:
        state.diversity = diversity
    elif _DIVERSITY.search(sentence) and _WORKFORCE_CONTEXT.search(sentence):
        # "We are falling short of the target for black and minority ethnic police officers."
        group = _DIVERSITY.search(sentence)
        assert group is not None
        base = _diversity_base(sentence[group.end() :])
        state.diversity = [f"{'female' if group.group('group').lower().startswith(('fem', 'wom')) else 'bme'}_{base}"]
    named = [h.value for h in find_terms(TERMS, sentence) if h.value in _SPECIFIC_GROUPS]
    if named:
        state.group = named[-1]
    if _STAFF_WORDS.search(sentence) or _OFFICER_WORDS.search(sentence):
        state.base = _diversity_base(sentence)
    if dated and readings:
        # "In 2007/08, there was ... a record strength of 31,398." dates what follows.
        state.as_of = dated[0][2]


def find_workforce(ctx: ReportContext) -> list[WorkforceFact]:
    facts: list[WorkforceFact] = []
    for block in ctx.readable_blocks():
        facts.extend(_facts_in_block(ctx, block))
    return facts
