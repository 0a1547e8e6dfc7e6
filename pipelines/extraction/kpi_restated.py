"""Figures stated twice: a table row repeated in prose, a paragraph repeated later.

The first statement stays the fact; a later statement of the same figure is kept as a
mention and flagged `is_restated`, so that the distinct view counts each figure once.
Two statements are of the same figure when they give the same value in the same unit
about the same thing: the same sentence again, or words naming the measure in common
("Our sanction detection rate for serious acquisitive crime at 11.2%" after the table row
"SPI 6.2 Serious acquisitive crime offenders brought to justice ... 11.8% 11.2%").
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache

from pipelines.extraction.models import KpiFact
from pipelines.extraction.vocab import load_lines


@cache
def _generic() -> frozenset[str]:
    """Words every performance sentence uses; sharing them says nothing."""
    return frozenset(load_lines("kpi_generic_words.txt"))


def _class(role: str) -> str:
    """Results and changes are compared with each other: a table's "-4.5%" result for a
    reduction measure is the "decreased by 4.5%" of the prose."""
    return "result" if role in {"actual", "change"} else role


def _values(fact: KpiFact) -> set[tuple[str, Decimal]]:
    """The fact's figures by kind, unsigned, and for an indicator row also rounded to whole
    numbers as prose rounds them ("achieving 30 network disruptions each month" after a
    row giving 30.6)."""
    values = {
        (_class(role), abs(value))
        for role, value in (
            ("actual", fact.actual),
            ("change", fact.change),
            ("target", fact.target),
            ("baseline", fact.baseline),
        )
        if value is not None
    }
    if fact.tier == "core":
        for kind, value in list(values):
            values.add((kind, value.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
            values.add((kind, value.quantize(Decimal(1), rounding=ROUND_FLOOR)))
    return values


def _headline(fact: KpiFact) -> tuple[str, Decimal] | None:
    for role in ("actual", "change", "target", "baseline"):
        value = getattr(fact, role)
        if value is not None:
            return _class(role), abs(value)
    return None


def _words(text: str) -> set[str]:
    """Distinctive words, plurals folded: "network disruptions" ~ "networks disrupted"."""
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text)}
    folded = {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words}
    return folded - _generic()


def _same_measure(first: KpiFact, second: KpiFact) -> bool:
    if first.span != second.span and " ".join(first.quote.split()) == " ".join(second.quote.split()):
        return True  # the same sentence again ("a paragraph repeated later")
    if first.unit == "other" or first.span == second.span:
        return False  # ranks are too alike to tell apart by their words
    if first.scope == second.scope and (first.scope or "").endswith(" average"):
        return True  # "below the MSF average of 21.52%", stated again
    shared = _words(first.indicator) & _words(second.quote + " " + second.indicator)
    needed = 1 if first.tier == "core" and first.quote.count(" ") < 40 else 2
    return len(shared) >= needed and first.scope == second.scope


def mark_restated(facts: list[KpiFact]) -> list[KpiFact]:
    """Flag every fact whose figure an earlier fact of the report already states.

    >>> row = KpiFact("MPS", "SPI 6.2 Serious acquisitive crime brought to justice", None, None,
    ...     Decimal("11.8"), Decimal("11.2"), None, None, "percent", "+ve", "core", "...", (0, 3))
    >>> prose = replace(row, indicator="sanction detection rate", target=None, tier="stat",
    ...     quote="Our sanction detection rate for serious acquisitive crime at 11.2%",
    ...     span=(9, 20))
    >>> other = replace(prose, actual=Decimal("11.8"), span=(30, 40))
    >>> [(f.actual, f.is_restated) for f in mark_restated([row, prose, other])]
    [(Decimal('11.2'), False), (Decimal('11.2'), True), (Decimal('11.8'), False)]
    """
    seen: dict[tuple[str, tuple[str, Decimal]], list[KpiFact]] = {}
    out = []
    for fact in sorted(facts, key=lambda f: f.span[0]):
        headline = _headline(fact)
        earlier = seen.get((fact.unit, headline), []) if headline is not None else []
        restated = any(_same_measure(e, fact) for e in earlier)
        out.append(replace(fact, is_restated=True) if restated else fact)
        for value in _values(fact):
            seen.setdefault((fact.unit, value), []).append(fact)
    return out
