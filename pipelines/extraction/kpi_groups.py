"""Figures that make one fact: an actual with its target, baseline and change.

In one clause a target, baseline or change joins the figure it qualifies ("achieved 24.5%
against a target of 25%", "71 offences, a decrease of 21 from 92"); a result joins a
target stated before it ("target for year to date is 134 - achieved ... is 163") or a
change it ends ("improved by 2.7% to 23.41%"). A target may follow in a clause that has
no subject of its own ("..., but fell short of the MPS target of 25%"). Ranks,
comparators and figures restating another in brackets are facts of their own.

Across sentences, a target stated alone takes the result stated next about the same
measure ("The MPS target for OBTJ is 13,350 per month. In the current year the MPS is
averaging 14,155 OBTJ each month.").
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipelines.extraction.kpi_figures import Figure
from pipelines.extraction.models import KpiFact

Clauses = list[tuple[int, int, bool]]

# A second subject with its own verb: "... (2,931 offences) and theft from motor vehicles is up".
_NEW_STATEMENT = re.compile(
    r"\b(?:and|but|while|whilst|whereas)\s+(?:[\w-]+\s+){1,5}?"
    r"(?:is|was|are|were|has|have|had|fell|rose|went)\b",
    re.I,
)
_TO_JOIN = re.compile(r"^\s*(?:[\w,]+\s+){0,2}?to\s*$", re.I)
_GENERIC_NAMES = frozenset(["target", "targets", "current", "achieved", "performance", "month", "year", "time"])


def _chain(spans: Clauses, first: int, last: int) -> bool:
    """True when clauses first..last share one subject ("..., but fell short of the target")."""
    return all(not spans[i][2] for i in range(first + 1, last + 1))


def _roles(group: list[Figure]) -> set[str]:
    return {f.role for f in group}


def _target_home(open_groups: list[list[Figure]], figure: Figure, spans: Clauses) -> list[Figure] | None:
    group = open_groups[-1]
    same_subject = _chain(spans, group[0].clause, figure.clause) or group[-1].clause == figure.clause
    if same_subject and "target" not in _roles(group) and group[0].quantity.unit == figure.quantity.unit:
        return group
    return None


def _change_home(same_clause: list[list[Figure]], figure: Figure, sentence: str) -> list[Figure] | None:
    last = same_clause[-1]
    if "change" not in _roles(last) and last[0].quantity.unit == figure.quantity.unit:
        return last
    if figure.quantity.unit == "percent":
        # "recovered over £32 million ..., an increase of nearly 50% on last year", but
        # not "(2,931 offences) and theft from motor vehicles is up 4.1%".
        for group in same_clause:
            gap = sentence[group[-1].quantity.end : figure.quantity.start]
            if "change" not in _roles(group) and not _NEW_STATEMENT.search(gap):
                return group
    return None


def _actual_home(last: list[Figure], figure: Figure, sentence: str) -> list[Figure] | None:
    roles = _roles(last)
    if "actual" in roles or not roles <= {"target", "baseline", "change"}:
        return None
    gap = sentence[last[-1].quantity.end : figure.quantity.start]
    same_unit = last[0].quantity.unit == figure.quantity.unit
    if "target" in roles or _TO_JOIN.match(gap) or (same_unit and "change" not in roles):
        return last
    return None


def _home(groups: list[list[Figure]], figure: Figure, sentence: str, spans: Clauses) -> list[Figure] | None:
    """The fact `figure` completes, if any."""
    open_groups = [g for g in groups if g[0].role not in {"rank", "comparator"} and not g[0].bracketed]
    if not open_groups:
        return None
    if figure.role == "target":
        return _target_home(open_groups, figure, spans)
    same_clause = [g for g in open_groups if g[-1].clause == figure.clause]
    if not same_clause:
        return None
    last = same_clause[-1]
    if figure.role == "baseline":
        fits = "baseline" not in _roles(last) and last[0].quantity.unit == figure.quantity.unit
        return last if fits else None
    if figure.role == "change":
        return _change_home(same_clause, figure, sentence)
    if figure.role == "actual":
        return _actual_home(last, figure, sentence)
    return None


def group_figures(figures: list[Figure], sentence: str, spans: Clauses) -> list[list[Figure]]:
    """The facts of one sentence, each a list of its figures (head first).

    >>> from pipelines.extraction.kpi_figures import clauses, read_figures
    >>> from pipelines.extraction.numbers import find_quantities
    >>> s = "Rates improved by 2.7% to 23.41%, but fell short of the target of 25%."
    >>> groups = group_figures(read_figures(s, find_quantities(s)), s, clauses(s))
    >>> [[(f.role, str(f.quantity.value)) for f in g] for g in groups]
    [[('change', '2.7'), ('actual', '23.41'), ('target', '25')]]
    """
    groups: list[list[Figure]] = []
    for figure in figures:
        home = None
        if figure.role not in {"rank", "comparator"} and not figure.bracketed:
            home = _home(groups, figure, sentence, spans)
        if home is None:
            groups.append([figure])
        else:
            home.append(figure)
    return groups


def shared_name(name: str, sentence: str) -> bool:
    """The sentence names the measure `name` names: its acronym or all its distinctive words.

    >>> shared_name("MPS target for OBTJ", "the MPS is averaging 14,155 OBTJ each month")
    True
    >>> shared_name("minutes", "The DPG provided protection to 163 visiting VIPs")
    False
    """
    acronyms = set(re.findall(r"\b[A-Z]{3,}\b", name)) - {"MPS", "MPA"}
    if any(re.search(rf"\b{a}\b", sentence) for a in acronyms):
        return True
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", name)} - _GENERIC_NAMES
    said = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", sentence)}
    return bool(words) and words <= said


def _lone_target(fact: KpiFact) -> bool:
    return fact.target is not None and fact.actual is None and fact.change is None


def merge_targets(facts: list[KpiFact], text: str) -> list[KpiFact]:
    """A lone target and the result stated next: "The target this year was £5 million
    ...; the SCD has actually seized £24 million", or in the next sentence when it names
    the same measure."""
    out: list[KpiFact] = []
    for fact in facts:
        previous = out[-1] if out else None
        answers = (
            previous is not None
            and _lone_target(previous)
            and fact.actual is not None
            and fact.target is None
            and previous.unit == fact.unit
            and (
                previous.span == fact.span
                or (previous.span[1] <= fact.span[0] and shared_name(previous.indicator, fact.quote))
            )
        )
        if previous is not None and answers:
            span = (min(previous.span[0], fact.span[0]), max(previous.span[1], fact.span[1]))
            out[-1] = replace(fact, target=previous.target, tier="core", span=span, quote=text[span[0] : span[1]])
            continue
        out.append(fact)
    return out
