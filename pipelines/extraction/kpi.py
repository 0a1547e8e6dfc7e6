"""Performance measures: indicator tables, target lists, and statistics in prose.

Three readings, tried in turn on what the other families left unclaimed:

1. Indicator tables ("Indicator Target Rolling Year Trend"): one fact per row, the
   header deciding which figure is the target and which the actual.
2. Target statements: "target for year to date is 25% - achieved year to date is 19.2%",
   "achieved 24.5% against a target of 25%", "exceeding its target of 16.6%".
3. Other statistics: a count followed by what it counts ("7,441 child abuse offences"),
   a rate or share named before it ("a sanction detection rate of 22.1%"), with a change
   ("a decrease of 21 from 92"), a baseline ("up from 84% to 90%") or a rank
   ("ranked second within the MSF") read from the same clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from pipelines.extraction.document import ReportContext
from pipelines.extraction.lexicon import clause_of, has_phrase
from pipelines.extraction.models import KpiFact
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.periods import PeriodMention, find_periods
from pipelines.extraction.vocab import load_lines, load_mapping
from pipelines.parsing.blocks import Block
from pipelines.parsing.sentences import split_sentences

_HEADER = re.compile(r"\b(?:indicator|target|rolling\s+year|actual|trend|achieved|performance|ytd)\b", re.I)
_TARGET_WORD = re.compile(r"\btargets?\b", re.I)
_ACHIEVED_WORD = re.compile(r"\b(?:achieved|achieving|achievement|actual|performance|outturn|result|achieve)\b", re.I)
_BASELINING = re.compile(r"\bbase[\s-]?lin(?:ing|e)\b", re.I)
_RANK_CONTEXT = re.compile(r"\b(?:rank\w*|plac\w*|position\w*|of\s+the\s+\w+\s+MSF|of\s+the\s+five|in\s+the\s+MSF|largest|highest|lowest|best|worst)\b", re.I)
_PER = re.compile(r"\bper\s*$", re.I)
_FOOTNOTE = re.compile(r"\s*\[\d+\]")


@cache
def _trend_words() -> tuple[str, ...]:
    return tuple(sorted(load_lines("trend_words.txt"), key=len, reverse=True))


@cache
def _kpi_terms() -> re.Pattern[str]:
    words = sorted(load_lines("kpi_terms.txt"), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b", re.I)


@cache
def _change_words() -> dict[str, int]:
    return {k: int(v) for k, v in load_mapping("change_words.csv").items()}


def _clean(text: str) -> str:
    return " ".join(_FOOTNOTE.sub("", text).replace("\u00a0", " ").split()).strip(" -–—:;,.")


def _unit(quantities: list[Quantity]) -> str:
    units = [q.unit for q in quantities]
    for unit in ("percentage_points", "percent", "gbp", "rate", "hours", "days"):
        if unit in units:
            return unit
    return units[0] if units else "count"


# ------------------------------------------------------------------- 1. tables


def _table_columns(header: str) -> list[str]:
    """Roles of the value columns named in a header, in order."""
    roles = []
    for match in re.finditer(r"\b(target|rolling\s+year|actual|achieved|performance|ytd|baseline|previous|last\s+year)\b", header, re.I):
        word = match.group(1).lower()
        roles.append("target" if word == "target" else "baseline" if word in {"baseline", "previous", "last year"} else "actual")
    return roles


def _rolling_default(ctx: ReportContext) -> str | None:
    """'Rolling year to Aug 08' from a summary that says data reflect 'the 12-month period ending August 2008'."""
    for period in find_periods(ctx.text[:5000], ctx.report_date):
        if period.kind == "rolling_year":
            match = re.search(r"(\w{3})\w*\s?[-–]?\s?((?:19|20)?(\d\d))\b\s*$", period.text)
            if match:
                return f"Rolling year to {match.group(1).title()} {match.group(3)}"
    return None


def _table_kpis(ctx: ReportContext) -> Iterator[KpiFact]:
    rolling = _rolling_default(ctx)
    for rows in ctx.tables().values():
        header = next((r for r in rows[:2] if _HEADER.search(r.text_of(ctx.text)) and not find_quantities(r.text_of(ctx.text))), None)
        roles = _table_columns(header.text_of(ctx.text)) if header else []
        header_text = header.text_of(ctx.text) if header else ""
        if re.search(r"(?:19|20)\d\d\s?[/\-–]\s?\d\d.*(?:19|20)\d\d\s?[/\-–]\s?\d\d", header_text):
            continue  # a financial table: budget.py reads it
        for row in rows:
            if row is header:
                continue
            fact = _row_fact(ctx, row, roles, rolling if re.search(r"rolling", header_text, re.I) else None)
            if fact:
                yield fact


def _row_fact(ctx: ReportContext, row: Block, roles: list[str], default_period: str | None) -> KpiFact | None:
    text = row.text_of(ctx.text)
    quantities = [
        q for q in find_quantities(text)
        if q.kind in {"number", "range"} and not _PER.search(text[: q.start]) and not ctx.is_claimed(row.start + q.start, row.start + q.end)
    ]
    if not quantities or (not roles and len(quantities) < 2):
        return None
    label = _clean(text[: quantities[0].start])
    if not label or len(label) < 3:
        return None
    baselining = _BASELINING.search(text) is not None
    values: dict[str, Decimal | None] = {"target": None, "actual": None, "baseline": None}
    column_roles = roles or ["target", "actual"]
    if baselining:
        column_roles = [r for r in column_roles if r != "target"]
    for role, quantity in zip(column_roles, quantities, strict=False):
        values[role] = quantity.value
    if all(v is None for v in values.values()):
        return None
    tail = text[quantities[-1].end :].strip().lower()
    trend = next((w for w in _trend_words() if re.search(rf"(?:^|\s|\d){re.escape(w)}$", tail) or tail == w), None)
    periods = find_periods(text, ctx.report_date)
    period = periods[0].text if periods else default_period
    fiscal = periods[0].fiscal_year if periods else ctx.fiscal_year_default()
    for q in quantities:
        ctx.claim(row.start + q.start, row.start + q.end)
    return KpiFact(
        scope=ctx.scope_for(label, row),
        indicator=label,
        period=period,
        fiscal_year=fiscal,
        target=values["target"],
        actual=values["actual"],
        baseline=values["baseline"],
        change=None,
        unit=_unit(quantities),
        trend=trend,
        tier="core",
        quote=text,
        span=(row.start, row.end),
    )


# ------------------------------------------------------------------- 2 & 3. prose


@dataclass
class _Reading:
    quantity: Quantity
    role: str  # actual, target, baseline, change
    sign: int = 0


def _role(sentence: str, quantity: Quantity, clause_start: int) -> tuple[str, int]:
    before = sentence[clause_start : quantity.start]
    near = before[-40:].lower()
    after = sentence[quantity.end : quantity.end + 30].lower()
    if re.search(r"\btarget(?:\s+\w+){0,6}\s+(?:is|of|was|for|at)\s*(?:an?\s+)?(?:\w+\s+){0,2}$|\btarget\s+(?:of\s+)?$|\btarget\s+(?:rate\s+)?(?:is|was)\s+$|\baim\w*\s+to\s+\w+\s+(?:at\s+least\s+)?$", near):
        return "target", 0
    if re.match(r"\s*target\b", after) and re.search(r"\bagainst\s+an?\s*$", near):
        return "target", 0
    words = _change_words()
    alternative = re.search(r"\b(\w+)\s+(?:by\s+|of\s+)?(?:[\d,.]+%?|\w+)\s+or\s+$", near)
    if alternative and alternative.group(1) in words:
        # "a decrease of 30 or 5%": the second figure restates the change in another unit.
        return "change", words[alternative.group(1)]
    m = re.search(r"\b(\w+)\s+(?:by\s+|of\s+)?(?:over\s+|nearly\s+|about\s+|around\s+|almost\s+|some\s+)?$", near)
    if m and m.group(1) in words:
        return "change", words[m.group(1)]
    m2 = re.search(r"\b(\w+)\s+(?:of\s+)?(?:an?\s+)?$", near)
    if m2 and m2.group(1) in {"by"}:
        verb = re.search(r"\b(\w+)\s+(?:\w+\s+){0,3}by\s*$", near)
        if verb and verb.group(1) in words:
            return "change", words[verb.group(1)]
    m3 = re.match(r"\s*(?:or\s+)?(?:\w+\s+)?(reduction|decrease|increase|fewer|more|rise|fall|drop)\b", after)
    if m3 and quantity.unit in {"percent", "count"}:
        return "change", words.get(m3.group(1), 0)
    if re.search(r"\b(?:from|compared\s+(?:with|to)|on\s+the|against|previous(?:ly)?)\s*$", near) and not re.search(r"\bfrom\s+\w+\s+to\s*$", near):
        return "baseline", 0
    return "actual", 0


def _counted_noun(sentence: str, quantity: Quantity) -> str | None:
    """What a count counts: the words after it up to a verb or preposition."""
    match = re.match(r"\s+((?:[A-Za-z][\w'’/-]*\s+){0,5}?[A-Za-z][\w'’/-]*?)(?=\s+(?:of|in|for|by|with|from|to|at|on|were|was|are|is|have|has|had|and|which|who|that|during|over|across|between)\b|[,.;:()]|$)", sentence[quantity.end :])
    return match.group(1) if match else None


def _rate_name(sentence: str, quantity: Quantity, clause_start: int) -> str | None:
    """What a percentage measures: 'a sanction detection rate of 22.1%' -> 'sanction detection rate'."""
    before = sentence[clause_start : quantity.start]
    match = re.search(r"((?:[A-Za-z][\w'’/-]*\s+){0,6}[A-Za-z][\w'’/-]*)\s+(?:of|was|is|at|to|stands\s+at|were|running\s+at)\s+(?:just\s+|over\s+|around\s+|about\s+|nearly\s+)?$", before)
    if match:
        return match.group(1)
    after = re.match(r"\s*(?:of\s+)?((?:[A-Za-z][\w'’/-]*\s+){0,6}[A-Za-z][\w'’/-]*)", sentence[quantity.end :])
    return after.group(1) if after else None


def _is_statistic(sentence: str, quantity: Quantity, clause: tuple[int, int]) -> bool:
    a, b = clause
    text = sentence[a:b]
    if quantity.kind == "ordinal":
        return _RANK_CONTEXT.search(sentence[max(a, quantity.start - 40) : quantity.end + 40]) is not None
    if quantity.unit == "gbp":
        return has_phrase("seizure_terms.txt", text)
    if _PER.search(sentence[: quantity.start]):
        return False
    if quantity.unit in {"percent", "percentage_points", "rate"}:
        return _kpi_terms().search(text) is not None
    if quantity.unit in {"hours", "days"}:
        return re.search(r"\btarget|\btaking|\btake[sn]?\b", text, re.I) is not None
    if quantity.unit == "other" and quantity.measure_word in {"kg", "kilograms", "tonnes", "years"}:
        return _kpi_terms().search(text) is not None or re.search(r"\bsentenc", text, re.I) is not None
    noun = _counted_noun(sentence, quantity) or ""
    if quantity.kind == "word":
        # Spelled-out numbers are facts only when they count something done: "Ten were detected".
        return re.match(r"\s+(?:\w+\s+)?(?:were|was|have|had)\s+(?:been\s+)?\w+ed\b|\s+detected\b", sentence[quantity.end :]) is not None
    if noun and _kpi_terms().search(noun):
        return True
    return bool(noun) and noun.split()[-1].endswith("s") and _kpi_terms().search(text) is not None


def _group(readings: list[_Reading]) -> list[list[_Reading]]:
    """Readings of one clause that describe one indicator.

    A target, change or baseline joins the figure before it ("achieved 24.5% against a
    target of 25%", "71 offences, a decrease of 21 from 92"); an actual joins a group that
    has no actual yet ("target ... is 134 - achieved ... is 163"). A figure in another
    unit starts a new fact, except a target.
    """
    groups: list[list[_Reading]] = []
    for reading in readings:
        current = groups[-1] if groups else None
        if current is not None and all(r.role != reading.role for r in current):
            same_unit = reading.quantity.unit == current[0].quantity.unit
            joins_actual = reading.role == "actual" and {r.role for r in current} <= {"target", "baseline"}
            if (same_unit or reading.role == "target") and (reading.role != "actual" or joins_actual):
                current.append(reading)
                continue
        groups.append([reading])
    return groups


def _merge_from_to(readings: list[_Reading], sentence: str) -> list[_Reading]:
    """'up from 84% to 90%': the first is the baseline, the second the actual."""
    out = list(readings)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        gap = sentence[first.quantity.end : second.quantity.start]
        if re.fullmatch(r"\s*(?:to|,?\s*rising\s+to)\s*", gap) and first.quantity.unit == second.quantity.unit:
            if re.search(r"\bfrom\s*$", sentence[max(0, first.quantity.start - 12) : first.quantity.start]):
                out[i] = _Reading(first.quantity, "baseline")
                out[i + 1] = _Reading(second.quantity, "actual")
            elif first.role == "change":
                out[i + 1] = _Reading(second.quantity, "actual")
    return out


def _prose_kpis(ctx: ReportContext) -> Iterator[KpiFact]:
    parent_period: PeriodMention | None = None
    parent_scope: str | None = None
    for block in ctx.readable_blocks():
        if block.kind == "paragraph":
            periods = find_periods(block.text_of(ctx.text), ctx.report_date)
            parent_period = periods[0] if periods else None
            scope_text = block.text_of(ctx.text)
            parent_scope = ctx.scope_for(scope_text, block)
        carry_period = parent_period if block.kind == "list_item" else None
        carry_scope = parent_scope if block.kind == "list_item" else None
        for s, e in split_sentences(ctx.text, block.start, block.end):
            sentence = ctx.text[s:e]
            yield from _sentence_kpis(ctx, block, s, sentence, carry_period, carry_scope)
            periods = find_periods(sentence, ctx.report_date)
            if periods:
                carry_period = periods[0]


def _sentence_kpis(
    ctx: ReportContext, block: Block, offset: int, sentence: str, carry_period: PeriodMention | None, carry_scope: str | None
) -> Iterator[KpiFact]:
    quantities = [q for q in find_quantities(sentence) if not ctx.is_claimed(offset + q.start, offset + q.end)]
    if not quantities:
        return
    target_statement = _TARGET_WORD.search(sentence) is not None
    readings: list[tuple[tuple[int, int], _Reading]] = []
    for quantity in quantities:
        clause = clause_of(sentence, quantity.start, quantity.end)
        if not _is_statistic(sentence, quantity, clause) and not (target_statement and quantity.kind == "number"):
            continue
        role, sign = _role(sentence, quantity, clause[0])
        readings.append((clause, _Reading(quantity, role, sign)))
    if not readings:
        return
    periods = find_periods(sentence, ctx.report_date)
    period = periods[0] if periods else carry_period
    scope = ctx.scope_for(sentence, block)
    if scope == ctx.default_scope and carry_scope:
        scope = carry_scope
    ordered = _merge_from_to([r for _, r in readings], sentence)
    for group in _group(ordered):
        yield _fact(ctx, block, offset, sentence, group, period, scope)
        for reading in group:
            ctx.claim(offset + reading.quantity.start, offset + reading.quantity.end)


def _signed(reading: _Reading) -> Decimal:
    value = reading.quantity.value
    if reading.role == "change" and reading.sign < 0 and value > 0:
        return -value
    return value


def _fact(
    ctx: ReportContext,
    block: Block,
    offset: int,
    sentence: str,
    group: list[_Reading],
    period: PeriodMention | None,
    scope: str | None,
) -> KpiFact:
    roles = {r.role: _signed(r) for r in group}
    head = next((r for r in group if r.role == "actual"), group[0])
    quantity = head.quantity
    a, _ = clause_of(sentence, quantity.start, quantity.end)
    if quantity.unit == "count" and quantity.kind != "ordinal":
        indicator = _counted_noun(sentence, quantity) or _rate_name(sentence, quantity, a)
    else:
        indicator = _rate_name(sentence, quantity, a)
    indicator = _clean(indicator or sentence[a : quantity.start])[:200] or "unnamed measure"
    trend = None
    for word, direction in _change_words().items():
        if re.search(rf"\b{word}\b", sentence.lower()) and "change" in roles:
            trend = "increase" if direction > 0 else "decrease"
            break
    return KpiFact(
        scope=scope,
        indicator=indicator,
        period=period.text if period else None,
        fiscal_year=period.fiscal_year if period else None,
        target=roles.get("target"),
        actual=roles.get("actual"),
        baseline=roles.get("baseline"),
        change=roles.get("change"),
        unit=_unit([r.quantity for r in group]),
        trend=trend,
        tier="core" if "target" in roles else "stat",
        quote=sentence,
        span=(offset, offset + len(sentence)),
    )


# ------------------------------------------------------------------- restatements


def _headline(fact: KpiFact) -> Decimal | None:
    for value in (fact.actual, fact.change, fact.target, fact.baseline):
        if value is not None:
            return value
    return None


def mark_restated(facts: list[KpiFact]) -> list[KpiFact]:
    """Flag a figure stated again: a table row repeated in prose, a paragraph repeated later.

    The first statement (tables and target lists win over prose) stays the fact; a later
    statement of the same value in the same unit is kept as a mention, flagged.
    """
    core_values = {(f.unit, _headline(f)) for f in facts if f.tier == "core"}
    seen_quotes: set[tuple[str, Decimal | None]] = set()
    out = []
    for fact in sorted(facts, key=lambda f: f.span[0]):
        key = (fact.quote, _headline(fact))
        restated = (fact.tier == "stat" and (fact.unit, _headline(fact)) in core_values) or key in seen_quotes
        seen_quotes.add(key)
        out.append(replace(fact, is_restated=True) if restated else fact)
    return out


def find_kpis(ctx: ReportContext) -> list[KpiFact]:
    facts = list(_table_kpis(ctx))
    facts.extend(_prose_kpis(ctx))
    return mark_restated(facts)
