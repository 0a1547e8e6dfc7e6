"""Money about the organisation: budgets, expenditure, funding, savings, gaps, costs.

A money figure is budget when a budget word is tied to it: right after it ("£405m
expenditure", "£7.5m as efficiency savings"), or before it and linked ("a budget of
£382m", "net revenue expenditure on services for 2006/07 is estimated to be £2,830.5
million"). A percentage is budget when it is a share or change of such a figure ("12% of
the overall MPS budget", "increases in net revenue expenditure of 1.75%", "less than 1%
overspend", "(+1.76%)" after an overspend). Money taken from criminals is never budget.
Tables whose header holds financial years and a `£m` (or `£000`) scale are read cell by
cell, each cell taking the financial year of its column.

>>> from pipelines.extraction.extract import extract_report
>>> text = "Budget\\n\\n1. This comprises £405m expenditure and £144m income.\\n"
>>> [(b.measure, b.amount) for b in extract_report("x.txt", text).budgets]
[('expenditure', Decimal('405000000')), ('income', Decimal('144000000'))]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pipelines.extraction.document import ReportContext
from pipelines.extraction.lexicon import TermHit, clause_of, find_terms, has_phrase
from pipelines.extraction.models import BudgetFact
from pipelines.extraction.numbers import Quantity, find_quantities, normal
from pipelines.extraction.periods import PeriodMention, find_periods, normalise_fiscal_year
from pipelines.extraction.subject import TopicReader, nearest_unit_before
from pipelines.extraction.vocab import load_lines
from pipelines.parsing.blocks import Block
from pipelines.parsing.sentences import split_sentences

_TERMS = "budget_terms.csv"
_CORE_MEASURES = frozenset(
    {"budget", "expenditure", "net_revenue_expenditure", "overspend", "underspend", "budget_gap", "deficit", "income"}
)
_VARIANCES = frozenset({"overspend", "underspend", "savings"})
_TABLE_SCALE = re.compile(r"£\s?(?P<scale>m|bn|000|k)\b|\((?:£)?(?P<scale2>m|000)\)", re.I)
_FY_CELL = re.compile(r"(?:19|20)\d\d\s?[/\-–]\s?\d{2,4}")
_SCALES = {"m": Decimal(1000000), "bn": Decimal(1000000000), "000": Decimal(1000), "k": Decimal(1000)}
_IN_YEARS = re.compile(r"^\s*(?:in|for)\s+(?P<a>(?:19|20)\d\d[/\-–]\d{2})\s+and\s+(?P<b>(?:19|20)\d\d[/\-–]\d{2})")
_RESPECTIVELY = re.compile(
    r"^\s*respectively,?\s+(?:in|for|during)\s+(?P<a>(?:19|20)\d\d[/\-–]\d{1,2})\s*(?:,|and)\s*(?P<b>(?:19|20)\d\d[/\-–]\d{1,2})"
)
# "£29.3 million and £40.3 million", "£76m in 2009/10 rising to £177m": the later figure
# continues the measure of the earlier one.
_LIST_GAP = re.compile(r"^\s*(?:,|and|or|,\s*and)\s*$|(?:rising|falling|increasing|decreasing|growing|reducing|up|down)\s+to\s*$", re.I)
# Words that may stand between a figure and the measure noun after it ("£7.5m as efficiency
# savings", "£3 million provision"); any other word breaks the tie ("£7m to support the budget").
_ADJACENT_AFTER = re.compile(r"^\s*(?:(?:as|in|of)\s+)?(?:[A-Za-z][\w'’-]*\s+){0,2}$")
_STOP_WORDS = frozenset({"and", "or", "on", "for", "from", "to", "by", "with", "over", "against", "than", "the"})
# "increases in net revenue expenditure of 1.75%", "an overspend of 2%".
_PERCENT_OF = re.compile(r"(?:\bof|\bby|\bat|\bto|\bis|\bwas|:)\s*(?:[A-Za-z]+\s+){0,2}?$", re.I)
_CHANGE_OF = re.compile(r"\b(?:increases?|rises?|growth|reductions?|decreases?|cuts?)\s+(?:of|by)\s+(?:[A-Za-z]+\s+){0,2}?$", re.I)
# "a basic 2% tranche of savings, together with options for a further 3%".
_FURTHER = re.compile(r"\b(?:a\s+further|another|an\s+additional|an\s+extra)\s+$", re.I)
# "Of this £405m 48% (£194m) is funded externally": the demonstrative restates a figure.
_RESTATED = re.compile(r"\b(?:this|that|these|those)\s+$", re.I)
# A financial year that is the base of a comparison: "in 2009/10 over 2008/09".
_BASE_BEFORE = re.compile(r"\b(?:over|compared\s+(?:with|to)|than|from|since|against|on)\s+(?:the\s+)?$", re.I)
_ATTACHED_AFTER_YEAR = re.compile(r"^\s*(?:[A-Za-z]+\s+){1,2}(?:of|:|is|was|were)\s*(?:[A-Za-z]+\s+){0,2}?$", re.I)


@dataclass(frozen=True, slots=True)
class _Reading:
    """One figure of a sentence read as budget."""

    quantity: Quantity
    measure: str


@cache
def _cash_phrases() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in load_lines("budget_cash_phrases.txt"))
    return re.compile(rf"\b(?:{words})", re.I)


@cache
def _share_words(name: str) -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in load_lines(name))
    return re.compile(rf"\b(?:{words})\b", re.I)


def _is_seized(clause: str) -> bool:
    """True for money taken from criminals ("£53m cash seized"), not "cashable savings"."""
    return has_phrase("seizure_terms.txt", _cash_phrases().sub(" ", clause))


def _words(gap: str) -> list[str]:
    return re.findall(r"[A-Za-z][\w'’-]*|\S*\d\S*", gap)


def _between(quantities: list[Quantity], start: int, end: int, units: frozenset[str]) -> bool:
    return any(start <= q.start and q.end <= end for q in quantities if q.unit in units)


def _after_term(sentence: str, quantity: Quantity, hits: list[TermHit], window: int, strict: bool) -> TermHit | None:
    after = next((h for h in hits if h.start >= quantity.end), None)
    if after is None or after.start - quantity.end > window:
        return None
    # A figure in brackets reads on after them: "the income (£141m) is from ...".
    gap = re.sub(r"^\s*\)", " ", sentence[quantity.end : after.start])
    if re.search(r"[.;:()£%]", gap) or (strict and re.search(r"\d", gap)):
        return None
    if strict and (not _ADJACENT_AFTER.match(gap) or any(w.lower() in _STOP_WORDS for w in _words(gap))):
        return None
    return after


def _before_term(
    sentence: str, quantity: Quantity, hits: list[TermHit], quantities: list[Quantity], low: int, max_words: int
) -> TermHit | None:
    """The measure noun before a figure and tied to it ("a budget of £382m").

    The tie breaks at another money figure, at ' and ' / ' but ' / ';', or after
    `max_words` words.
    """
    before = [h for h in hits if low <= h.start and h.end <= quantity.start]
    if not before:
        return None
    hit = before[-1]
    gap = sentence[hit.end : quantity.start]
    if _between(quantities, hit.end, quantity.start, frozenset({"gbp"})):
        return None
    if re.search(r"\s(?:and|but|or)\s|;", gap) or len(_words(gap)) > max_words:
        return None
    return hit


def _money_measure(
    sentence: str, quantity: Quantity, hits: list[TermHit], quantities: list[Quantity], previous: _Reading | None, low: int
) -> str | None:
    """The measure of a money figure: list continuation, noun after, noun before, nearby noun."""
    if previous and previous.quantity.unit == "gbp" and _LIST_GAP.search(sentence[previous.quantity.end : quantity.start]):
        return previous.measure
    strong_after = _after_term(sentence, quantity, hits, 30, strict=True)
    if strong_after:
        return strong_after.value
    before = _before_term(sentence, quantity, hits, quantities, low, max_words=8)
    if before:
        return before.value
    weak_after = _after_term(sentence, quantity, hits, 30, strict=False)
    return weak_after.value if weak_after else None


def _percent_measure(
    sentence: str, quantity: Quantity, hits: list[TermHit], readings: list[_Reading], low: int, high: int
) -> str | None:
    """The measure a percentage is a share or change of, or None when it is not budget."""
    rest = sentence[quantity.end : high]
    # "48% (£194m) is funded externally": the share takes the measure of its amount.
    bracketed = next((r for r in readings if r.quantity.unit == "gbp" and 0 <= r.quantity.start - quantity.end <= 3), None)
    if bracketed and re.match(r"^\s*\(\s*$", sentence[quantity.end : bracketed.quantity.start]):
        return bracketed.measure
    money_before = [r for r in readings if r.quantity.unit == "gbp" and r.quantity.end <= quantity.start]
    if quantity.signed and money_before and re.fullmatch(r"\s*\(", sentence[money_before[-1].quantity.end : quantity.start]):
        # "an over spend of £6.6m on a budget of £373.5m (+1.76%)": the variance, as a share.
        variances = [r.measure for r in money_before if r.measure in _VARIANCES]
        return variances[-1] if variances else money_before[-1].measure
    of_phrase = re.match(r"\s*of\s+(?:the\s+|its\s+|their\s+|our\s+)?((?:[\w/'’-]+\s+){0,4}[\w/'’-]+)", rest)
    if of_phrase and not find_terms(_TERMS, of_phrase.group(1)):
        # "Provision of 24% of the MPS annual training": a share of something else.
        return None
    subject = next((h for h in reversed(hits) if low <= h.start and h.end <= quantity.start), None)
    if subject and _share_words("budget_share_links.txt").search(sentence[subject.end : quantity.start]) and len(
        _words(sentence[subject.end : quantity.start])
    ) <= 6:
        # "Its annual budget accounts for about 24% of the total cost of police services".
        return subject.value
    of_term = next((h for h in hits if h.start >= quantity.end and h.start <= high), None)
    if of_term:
        gap = sentence[quantity.end : of_term.start]
        share = re.fullmatch(r"\s*of\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:[\w/'’-]+\s+){0,3}", gap)
        if share:
            return "other" if _share_words("budget_share_other.txt").search(sentence[low : quantity.start][-30:]) else of_term.value
    adjacent = _after_term(sentence, quantity, hits, 30, strict=True)
    if adjacent and not re.match(r"\s*of\b", rest):
        return adjacent.value
    before = [h for h in hits if low <= h.start and h.end <= quantity.start]
    if before:
        gap = sentence[before[-1].end : quantity.start]
        if _PERCENT_OF.search(gap) and len(_words(gap)) <= 6 and not re.search(r"\s(?:and|but|or)\s|;", gap) and not _between([r.quantity for r in readings], before[-1].end, quantity.start, frozenset({"gbp", "percent"})):
            return before[-1].value
    if _CHANGE_OF.search(sentence[low : quantity.start]) or _FURTHER.search(sentence[low : quantity.start]):
        # "... of 1.75% over the 2008/09 amount of £2,595m and annual increase of 1.25%".
        changes = [r.measure for r in readings if r.quantity.unit == "percent" and r.quantity.end <= quantity.start]
        return changes[-1] if changes else None
    return None


def _respective_years(sentence: str, quantity: Quantity, quantities: list[Quantity]) -> list[str] | None:
    """'£29.3 million and £40.3 million respectively in 2008/09 and 2009/10': one year each."""
    same = [q for q in quantities if q.unit == quantity.unit]
    index = same.index(quantity)
    group = [quantity]
    for q in same[index + 1 :]:
        if not _LIST_GAP.search(sentence[group[-1].end : q.start]):
            break
        group.append(q)
    match = _RESPECTIVELY.match(sentence[group[-1].end :])
    if not match:
        return None
    start = index
    while start > 0 and _LIST_GAP.search(sentence[same[start - 1].end : same[start].start]):
        start -= 1
    position = index - start
    years = [normalise_fiscal_year(match.group("a")), normalise_fiscal_year(match.group("b"))]
    return [y for y in years[position : position + 1] if y] or None


def _fiscal_years(sentence: str, quantity: Quantity, quantities: list[Quantity], carry: str | None) -> list[str | None]:
    """The financial years a figure is for: '... of 1.25% in 2010/11 and 2011/12' gives two."""
    pair = _IN_YEARS.match(sentence[quantity.end :])
    if pair:
        return [normalise_fiscal_year(pair.group("a")), normalise_fiscal_year(pair.group("b"))]
    respective = _respective_years(sentence, quantity, quantities)
    if respective:
        return list(respective)
    years = [p for p in find_periods(sentence) if p.fiscal_year]
    if not years:
        return [carry]
    attached = [p for p in years if p.end <= quantity.start and _ATTACHED_AFTER_YEAR.match(sentence[p.end : quantity.start])]
    if attached:
        # "over the 2008/09 amount of £2,595m".
        return [attached[-1].fiscal_year]
    plain = [p for p in years if not _is_base(sentence, p)]
    after = [p for p in plain if p.start >= quantity.end and p.start - quantity.end < 25]
    if after:
        return [after[0].fiscal_year]
    before = [p for p in plain if p.end <= quantity.start]
    if before:
        return [before[-1].fiscal_year]
    return [(plain or years)[0].fiscal_year]


def _is_base(sentence: str, period: PeriodMention) -> bool:
    return _BASE_BEFORE.search(sentence[max(0, period.start - 25) : period.start]) is not None


def _read_sentence(sentence: str) -> list[_Reading]:
    """Budget readings of one sentence: money figures first, then the percentages about them."""
    quantities = [q for q in find_quantities(sentence) if q.unit in {"gbp", "percent"}]
    hits = find_terms(_TERMS, sentence)
    readings: list[_Reading] = []
    previous: _Reading | None = None
    for quantity in quantities:
        if quantity.unit != "gbp":
            continue
        low, high = clause_of(sentence, quantity.start, quantity.end)
        if _is_seized(sentence[low:high]):
            continue
        if _RESTATED.search(sentence[max(0, quantity.start - 12) : quantity.start]):
            readings.append(_Reading(quantity, ""))
            continue
        measure = _money_measure(sentence, quantity, hits, quantities, previous, low)
        if measure:
            previous = _Reading(quantity, measure)
            readings.append(previous)
    for quantity in quantities:
        if quantity.unit != "percent":
            continue
        low, high = clause_of(sentence, quantity.start, quantity.end)
        measure = _percent_measure(sentence, quantity, hits, sorted(readings, key=lambda r: r.quantity.start), low, high)
        if measure:
            readings.append(_Reading(quantity, measure))
    return sorted(readings, key=lambda r: r.quantity.start)


def _sentence_facts(ctx: ReportContext, block: Block) -> Iterator[BudgetFact]:
    carry_fy: str | None = None
    topics = TopicReader(default=None)
    heading_scope = ctx.scope_for("", block)
    for s, e in split_sentences(ctx.text, block.start, block.end):
        sentence = ctx.text[s:e]
        topic = topics.read(sentence) or heading_scope
        quantities = [q for q in find_quantities(sentence) if q.unit in {"gbp", "percent"}]
        for reading in _read_sentence(sentence):
            quantity = reading.quantity
            if ctx.is_claimed(s + quantity.start, s + quantity.end):
                continue
            ctx.claim(s + quantity.start, s + quantity.end)
            if not reading.measure:
                continue
            low, _ = clause_of(sentence, quantity.start, quantity.end)
            scope = nearest_unit_before(sentence, quantity.start, low) or topic
            for fiscal_year in _fiscal_years(sentence, quantity, quantities, carry_fy):
                yield BudgetFact(
                    scope=scope,
                    fiscal_year=fiscal_year,
                    measure=reading.measure,
                    amount=quantity.value,
                    unit=quantity.unit,
                    tier="core" if reading.measure in _CORE_MEASURES and scope == ctx.default_scope else "stat",
                    quote=sentence,
                    span=(s, e),
                )
        sentence_years = [p.fiscal_year for p in find_periods(sentence) if p.fiscal_year]
        if sentence_years:
            carry_fy = sentence_years[-1]


def _table_facts(ctx: ReportContext, rows: list[Block]) -> Iterator[BudgetFact]:
    header_index = next(
        (i for i, row in enumerate(rows[:3]) if len(_FY_CELL.findall(row.text_of(ctx.text))) >= 2), None
    )
    if header_index is None:
        return
    header = rows[header_index].text_of(ctx.text)
    scale_match = _TABLE_SCALE.search(header) or _TABLE_SCALE.search(" ".join(rows[0].section_path[-1:]))
    if not scale_match:
        return
    scale = _SCALES[(scale_match.group("scale") or scale_match.group("scale2")).lower()]
    years = [normalise_fiscal_year(fy) for fy in _FY_CELL.findall(header)]
    title = " ".join(rows[0].section_path[-1:]) + " " + header
    title_terms = find_terms(_TERMS, title)
    for row in rows[header_index + 1 :]:
        text = row.text_of(ctx.text)
        values = [q for q in find_quantities(text) if q.unit == "count" and q.kind == "number"]
        if len(values) != len(years):
            continue
        label = text[: values[0].start]
        label_terms = find_terms(_TERMS, label)
        measure = label_terms[0].value if label_terms else (title_terms[0].value if title_terms else "budget")
        for year, quantity in zip(years, values, strict=True):
            yield BudgetFact(
                scope=ctx.scope_for(label, row),
                fiscal_year=year,
                measure=measure,
                amount=normal(quantity.value * scale),
                unit="gbp",
                tier="core",
                quote=text,
                span=(row.start, row.end),
            )
            ctx.claim(row.start + quantity.start, row.start + quantity.end)


def find_budgets(ctx: ReportContext) -> list[BudgetFact]:
    facts: list[BudgetFact] = []
    for rows in ctx.tables().values():
        facts.extend(_table_facts(ctx, rows))
    for block in ctx.readable_blocks():
        facts.extend(_sentence_facts(ctx, block))
    return facts
