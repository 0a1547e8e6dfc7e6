"""Which budget measure a money figure or percentage of a sentence belongs to.

Each figure is read by an ordered list of named strategies; the first that finds a
measure wins. A money figure takes its measure from the figure it continues ("£29.3
million and £40.3 million"), the noun right after it ("£405m expenditure"), the noun
before it and tied to it ("a budget of £382m"), or a noun close after it. A percentage
is budget only as a share or change of a budget figure ("12% of the overall MPS budget",
"increases in net revenue expenditure of 1.75%", "less than 1% overspend", "(+1.76%)").
Money taken from criminals is never budget.

>>> [(r.quantity.surface, r.measure) for r in read_budget_figures(
...     "an over spend of £6.6m on a budget of £373.5m (+1.76%)")]
[('£6.6m', 'overspend'), ('£373.5m', 'budget'), ('+1.76%', 'overspend')]
>>> read_budget_figures("Operation Rize seized more than £53m cash.")
[]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pipelines.extraction.lexicon import TermHit, clause_of, find_terms, has_phrase
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.vocab import load_lines

TERMS = "budget_terms.csv"
_VARIANCES = frozenset({"overspend", "underspend", "savings"})
# "£29.3 million and £40.3 million", "£9.2m in 2006/07 and £11.4m in 2007/08", "£76m in
# 2009/10 rising to £177m", "£48.6m ..., of which £12.1m", "£2,595.0m, compared with
# £2,513.7m": the later figure continues the measure of the earlier one.
LIST_GAP = re.compile(
    r"^\s*(?:(?:in|for|during)\s+(?:19|20)\d\d[/\-–]\d{1,4}\s*)?(?:,|and|or|,\s*and)\s*$"
    r"|(?:rising|falling|increasing|decreasing|growing|reducing|up|down)\s+to\s*$"
    r"|(?:of\s+which|including|includes|included|compared\s+(?:with|to)|against|from)\s*$",
    re.I,
)
# Words that may stand between a figure and the measure noun after it ("£7.5m as efficiency
# savings", "£3 million provision"); others break the tie ("£7m to support the budget").
_ADJACENT_AFTER = re.compile(r"^\s*(?:(?:as|in|of)\s+)?(?:[A-Za-z][\w'’-]*\s+){0,2}$")
_STOP_WORDS = frozenset({"and", "or", "on", "for", "from", "to", "by", "with", "over", "against", "than", "the"})
_COORDINATION = re.compile(r"\s(?:and|but|or)\s|;")
# "increases in net revenue expenditure of 1.75%", "an overspend of 2%".
_PERCENT_OF = re.compile(r"(?:\bof|\bby|\bat|\bto|\bis|\bwas|:)\s*(?:[A-Za-z]+\s+){0,2}?$", re.I)
_SHARE_OF = re.compile(r"\s*of\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:[\w/'’-]+\s+){0,3}")
_OF_PHRASE = re.compile(r"\s*of\s+(?:the\s+|its\s+|their\s+|our\s+)?((?:[\w/'’-]+\s+){0,4}[\w/'’-]+)")
# "annual increase of 1.25%", "options for a further 3%": a change of the figure before.
_CHANGE_OF = re.compile(
    r"\b(?:increases?|rises?|growth|reductions?|decreases?|cuts?)\s+(?:of|by)\s+"
    r"(?:[A-Za-z]+\s+){0,2}?$"
    r"|\b(?:a\s+further|another|an\s+additional|an\s+extra)\s+$",
    re.I,
)
# "Of this £405m 48% (£194m) is funded externally": the demonstrative restates a figure.
_RESTATED = re.compile(r"\b(?:this|that|these|those)\s+$", re.I)


@dataclass(frozen=True, slots=True)
class Reading:
    """A figure of a sentence read as budget; `measure` is empty for a restated amount."""

    quantity: Quantity
    measure: str


@dataclass(frozen=True, slots=True)
class _Figure:
    """A figure with what its strategies look at: the sentence, its clause, the nouns."""

    sentence: str
    quantity: Quantity
    hits: tuple[TermHit, ...]
    quantities: tuple[Quantity, ...]
    readings: tuple[Reading, ...]  # readings made so far, in sentence order
    low: int
    high: int

    @property
    def left(self) -> str:
        return self.sentence[self.low : self.quantity.start]

    @property
    def rest(self) -> str:
        return self.sentence[self.quantity.end : self.high]


@cache
def _phrases(name: str) -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in load_lines(name))
    return re.compile(rf"\b(?:{words})", re.I)


def _is_seized(clause: str) -> bool:
    """True for money taken from criminals ("£53m cash seized"), not "cashable savings"."""
    return has_phrase("seizure_terms.txt", _phrases("budget_cash_phrases.txt").sub(" ", clause))


def _words(gap: str) -> list[str]:
    return re.findall(r"[A-Za-z][\w'’-]*|\S*\d\S*", gap)


def _between(figure: _Figure, start: int, units: frozenset[str]) -> bool:
    """True when a figure of `units` stands between `start` and this figure."""
    return any(start <= q.start and q.end <= figure.quantity.start for q in figure.quantities if q.unit in units)


def _term_after(figure: _Figure, strict: bool) -> TermHit | None:
    """The measure noun after the figure: adjacent (`strict`) or within 30 characters."""
    after = next((h for h in figure.hits if h.start >= figure.quantity.end), None)
    if after is None or after.start - figure.quantity.end > 30:
        return None
    # A figure in brackets reads on after them: "the income (£141m) is from ...".
    gap = re.sub(r"^\s*\)", " ", figure.sentence[figure.quantity.end : after.start])
    if re.search(r"[.;:()£%]", gap):
        return None
    if strict and (
        re.search(r"\d", gap) or not _ADJACENT_AFTER.match(gap) or any(w.lower() in _STOP_WORDS for w in _words(gap))
    ):
        return None
    return after


def _term_before(figure: _Figure) -> TermHit | None:
    """The last measure noun of the clause before the figure, with the text between."""
    before = [h for h in figure.hits if figure.low <= h.start and h.end <= figure.quantity.start]
    return before[-1] if before else None


# ---------------------------------------------------------------- money strategies


def _continues_list(figure: _Figure) -> str | None:
    previous = [r for r in figure.readings if r.measure and r.quantity.end <= figure.quantity.start]
    if previous and LIST_GAP.search(figure.sentence[previous[-1].quantity.end : figure.quantity.start]):
        return previous[-1].measure
    return None


def _noun_right_after(figure: _Figure) -> str | None:
    hit = _term_after(figure, strict=True)
    return hit.value if hit else None


def _noun_tied_before(figure: _Figure) -> str | None:
    """'a budget of £382m'; the tie breaks at another amount, 'and'/'but', or eight words."""
    hit = _term_before(figure)
    if hit is None or _between(figure, hit.end, frozenset({"gbp"})):
        return None
    gap = figure.sentence[hit.end : figure.quantity.start]
    return None if _COORDINATION.search(gap) or len(_words(gap)) > 8 else hit.value


def _noun_close_after(figure: _Figure) -> str | None:
    hit = _term_after(figure, strict=False)
    return hit.value if hit else None


_MONEY_STRATEGIES: tuple[Callable[[_Figure], str | None], ...] = (
    _continues_list,
    _noun_right_after,
    _noun_tied_before,
    _noun_close_after,
)


# ---------------------------------------------------------------- percentage strategies


def _share_of_bracketed_amount(figure: _Figure) -> str | None:
    """'48% (£194m) is funded externally': the share takes the measure of its amount."""
    for reading in figure.readings:
        gap = figure.sentence[figure.quantity.end : reading.quantity.start]
        if reading.quantity.unit == "gbp" and reading.measure and re.fullmatch(r"\s*\(\s*", gap):
            return reading.measure
    return None


def _bracketed_after_amount(figure: _Figure) -> str | None:
    """'an over spend of £6.6m on a budget of £373.5m (+1.76%)': the signed share is the
    variance; 'an underspend of £5.4m (0.2%)' shares the amount's measure."""
    money = [
        r for r in figure.readings if r.quantity.unit == "gbp" and r.measure and r.quantity.end <= figure.quantity.start
    ]
    if not money or not re.fullmatch(r"\s*\(", figure.sentence[money[-1].quantity.end : figure.quantity.start]):
        return None
    variances = [r.measure for r in money if r.measure in _VARIANCES]
    return variances[-1] if variances and figure.quantity.signed else money[-1].measure


def _linked_to_subject(figure: _Figure) -> str | None:
    """'Its annual budget accounts for about 24% of the total cost of police services'."""
    hit = _term_before(figure)
    if hit is None:
        return None
    gap = figure.sentence[hit.end : figure.quantity.start]
    if _phrases("budget_share_links.txt").search(gap) and len(_words(gap)) <= 6:
        return hit.value
    return None


def _share_of_noun(figure: _Figure) -> str | None:
    """'12% of the overall MPS budget'; 'devolved 80% of budgets' is a share handled: other."""
    hit = next((h for h in figure.hits if figure.quantity.end <= h.start <= figure.high), None)
    if hit is None or not _SHARE_OF.fullmatch(figure.sentence[figure.quantity.end : hit.start]):
        return None
    if _phrases("budget_share_other.txt").search(figure.left[-30:]):
        return "other"
    return hit.value


_OF_NEXT = re.compile(r"\s*of\b")


def _percent_noun_right_after(figure: _Figure) -> str | None:
    """'less than 1% overspend', 'a basic 2% tranche of savings'."""
    if _OF_NEXT.match(figure.rest):
        return None
    return _noun_right_after(figure)


def _percent_noun_tied_before(figure: _Figure) -> str | None:
    """'increases in net revenue expenditure of 1.75%'."""
    hit = _term_before(figure)
    if hit is None or _between(figure, hit.end, frozenset({"gbp", "percent"})):
        return None
    gap = figure.sentence[hit.end : figure.quantity.start]
    if _PERCENT_OF.search(gap) and len(_words(gap)) <= 6 and not _COORDINATION.search(gap):
        return hit.value
    return None


def _continues_change(figure: _Figure) -> str | None:
    """'... of 1.75% over the 2008/09 amount of £2,595m and annual increase of 1.25%';
    'The TP budget for 2008/09 is £1,234.5m, an increase of 3.2% on the previous year'."""
    if not _CHANGE_OF.search(figure.left):
        return None
    earlier = [r for r in figure.readings if r.measure and r.quantity.end <= figure.quantity.start]
    percents = [r.measure for r in earlier if r.quantity.unit == "percent"]
    measures = percents or [r.measure for r in earlier]
    return measures[-1] if measures else None


_PERCENT_STRATEGIES: tuple[Callable[[_Figure], str | None], ...] = (
    _share_of_bracketed_amount,
    _bracketed_after_amount,
    _linked_to_subject,
    _share_of_noun,
    _percent_noun_right_after,
    _percent_noun_tied_before,
    _continues_change,
)


def _is_share_of_something_else(figure: _Figure) -> bool:
    """'Provision of 24% of the MPS annual training': a share of what is not money."""
    phrase = _OF_PHRASE.match(figure.rest)
    return phrase is not None and not find_terms(TERMS, phrase.group(1))


def _first(strategies: tuple[Callable[[_Figure], str | None], ...], figure: _Figure) -> str | None:
    for strategy in strategies:
        measure = strategy(figure)
        if measure:
            return measure
    return None


def read_budget_figures(sentence: str) -> list[Reading]:
    """Budget readings of a sentence: money figures first, then the percentages about them."""
    quantities = tuple(q for q in find_quantities(sentence) if q.unit in {"gbp", "percent"})
    hits = tuple(find_terms(TERMS, sentence))
    readings: list[Reading] = []
    for unit in ("gbp", "percent"):
        for quantity in [q for q in quantities if q.unit == unit]:
            low, high = clause_of(sentence, quantity.start, quantity.end)
            ordered = tuple(sorted(readings, key=lambda r: r.quantity.start))
            figure = _Figure(sentence, quantity, hits, quantities, ordered, low, high)
            if unit == "gbp" and _is_seized(sentence[low:high]):
                continue
            if unit == "gbp" and _RESTATED.search(sentence[max(0, quantity.start - 12) : quantity.start]):
                readings.append(Reading(quantity, ""))
                continue
            if unit == "percent" and _is_share_of_something_else(figure):
                continue
            measure = _first(_MONEY_STRATEGIES if unit == "gbp" else _PERCENT_STRATEGIES, figure)
            if measure:
                readings.append(Reading(quantity, measure))
    return sorted(readings, key=lambda r: r.quantity.start)
