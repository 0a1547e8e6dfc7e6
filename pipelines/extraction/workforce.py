"""People: officers, staff, PCSOs, specials, volunteers; diversity shares; targets.

A count is workforce when the people it counts are named right beside it
("3,800 volunteers", "a workforce of just under 50,000", "strength was 31,388");
a percentage is workforce when it is a share of female or BME officers or staff, or of
recruits ("BME officers accounted for 8.2% of the work force and females 21.4%").
`kind` says whether the figure is an actual, a target, a budgeted (or affordable)
workforce target, or a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelines.extraction.document import ReportContext
from pipelines.extraction.lexicon import TermHit, clause_of, find_terms, nearest_after, nearest_before
from pipelines.extraction.models import WorkforceFact
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.periods import find_periods
from pipelines.parsing.blocks import Block
from pipelines.parsing.sentences import split_sentences

_TERMS = "workforce_terms.csv"
_DIVERSITY = re.compile(
    r"\b(?P<group>female|females|women|woman|BME|black and minority ethnic|minority ethnic|ethnic minority)\b", re.I
)
_TARGET = re.compile(r"\btarget\b|\baim\w*\b|\bseek\w*\s+to\s+achieve\b|\bminimum\b", re.I)
_BUDGETED = re.compile(r"\b(?:budgeted|affordable)\s+workforce\b", re.I)
_CHANGE = re.compile(r"\b(?:increase|decrease|grown|grew|growth|rise|fall|fallen|reduc\w+|more|fewer|additional)\b", re.I)
# Words that, right after a count, show it is not a headcount ("3 officers' days").
_NOT_HEADCOUNT = re.compile(r"^\s*(?:officer\s+days|hours|days|per\s|of\s+the\s+MPS)", re.I)


def _diversity_measure(group: str, hit: TermHit | None) -> str:
    base = "female" if group.lower().startswith(("fem", "wom")) else "bme"
    staff = hit is not None and hit.value == "police_staff"
    return f"{base}_{'staff' if staff else 'officers'}"


def _kind(left: str, measure: str) -> str:
    if _BUDGETED.search(left):
        return "budgeted"
    if _TARGET.search(left):
        return "target"
    if _CHANGE.search(left[-40:]) and measure not in {"recruits"}:
        return "change"
    return "actual"


def _count_measure(sentence: str, quantity: Quantity, hits: list[TermHit]) -> str | None:
    if quantity.kind not in {"number", "range"} or quantity.unit != "count":
        return None
    if _NOT_HEADCOUNT.match(sentence[quantity.end :]):
        return None
    after = nearest_after(hits, quantity.end, 28)
    if after and not re.search(r"[.;:]", sentence[quantity.end : after.start]):
        gap = sentence[quantity.end : after.start]
        if len(gap.split()) <= 3 and after.value not in {"officers_trained", "recruits"}:
            return after.value
        if after.value == "officers_trained" and re.search(r"\b(?:have|had|were|been)\s+$", gap + " "):
            return "officers_trained"
    before = nearest_before(hits, quantity.start, 30)
    if before and re.search(r"\b(?:of|was|is|at|to)\s+(?:just\s+)?(?:under\s+|over\s+|about\s+|around\s+)?$", sentence[before.end : quantity.start]):
        if before.value in {"total_workforce", "police_officers"}:
            return before.value
    return None


def _percent_measure(sentence: str, quantity: Quantity, hits: list[TermHit], carry: list[str]) -> str | None:
    a, b = clause_of(sentence, quantity.start, quantity.end)
    clause = sentence[a:b]
    groups = list(_DIVERSITY.finditer(clause))
    if groups:
        position = quantity.start - a
        # The group named nearest the figure: "BME officers accounted for 8.2% ... and females 21.4%".
        nearest = min(groups, key=lambda g: abs(g.start() - position))
        hit = nearest_after(hits, a + nearest.end(), 20) or nearest_before(hits, quantity.start, 60)
        return _diversity_measure(nearest.group("group"), hit)
    if re.search(r"\brecruit\w*|\bintake\b", clause, re.I):
        return "recruits"
    return None


def _as_of(sentence: str, ctx: ReportContext, carry: str | None) -> str | None:
    periods = find_periods(sentence, ctx.report_date)
    if periods:
        return periods[0].text
    return carry


def _facts_in_block(ctx: ReportContext, block: Block) -> Iterator[WorkforceFact]:
    carry_measures: list[str] = []
    carry_as_of: str | None = None
    for s, e in split_sentences(ctx.text, block.start, block.end):
        sentence = ctx.text[s:e]
        hits = find_terms(_TERMS, sentence)
        if not hits and not _DIVERSITY.search(sentence) and not carry_measures:
            continue
        scope = ctx.scope_for(sentence, block)
        as_of = _as_of(sentence, ctx, carry_as_of)
        measures: list[str] = []
        for quantity in find_quantities(sentence):
            if ctx.is_claimed(s + quantity.start, s + quantity.end):
                continue
            if quantity.unit == "count":
                measure = _count_measure(sentence, quantity, hits)
            elif quantity.unit == "percent":
                measure = _percent_measure(sentence, quantity, hits, carry_measures)
                if measure is None and carry_measures and re.search(r"\b(?:compares|respectively)\b", sentence):
                    measure = carry_measures[len(measures) % len(carry_measures)]
            else:
                measure = None
            if measure is None:
                continue
            measures.append(measure)
            left = sentence[: quantity.start]
            yield WorkforceFact(
                scope=scope,
                as_of=as_of,
                measure=measure,
                value=quantity.value,
                unit="percent" if quantity.unit == "percent" else "count",
                kind=_kind(left[-80:], measure),
                tier="core" if scope == ctx.default_scope or scope == "MPS" else "stat",
                quote=sentence,
                span=(s, e),
            )
            ctx.claim(s + quantity.start, s + quantity.end)
        if measures:
            carry_measures = measures
        if as_of:
            carry_as_of = as_of


def find_workforce(ctx: ReportContext) -> list[WorkforceFact]:
    facts: list[WorkforceFact] = []
    for block in ctx.readable_blocks():
        facts.extend(_facts_in_block(ctx, block))
    return facts
