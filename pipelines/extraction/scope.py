"""Which organisation unit a figure is about: from its sentence, its section or the report.

Names and abbreviations live in `vocab/org_units.csv` (also the dbt seed behind
`dim_org_unit`) and `vocab/boroughs.txt`; operations are recognised by their form
("Operation Tyrol"), not by a list.

>>> find_scope_mentions("Trident have set themselves a measure")[0].name
'Trident'
>>> resolve_scope("the MSF average of 21.52%", (), "MPS")
'MSF average'
>>> resolve_scope("This gave a rate of 22.1%.", ("Performance",), "SCD")
'SCD'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipelines.extraction.vocab import load_lines, load_rows


@dataclass(frozen=True, slots=True)
class ScopeMention:
    name: str
    start: int
    end: int
    kind: str


@cache
def _alias_index() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, str]]]:
    """Two alternations (abbreviations in capitals, names in any case) and alias -> (name, kind)."""
    entries: dict[str, tuple[str, str]] = {}
    for row in load_rows("org_units.csv"):
        for alias in row["aliases"].split("|"):
            if alias:
                entries.setdefault(alias, (row["name"], row["kind"]))
    for borough in load_lines("boroughs.txt"):
        entries.setdefault(borough, (borough, "borough"))
    exact = sorted((a for a in entries if a.isupper() or re.search(r"\d", a)), key=len, reverse=True)
    loose = sorted((a for a in entries if a not in set(exact)), key=len, reverse=True)

    def alternation(aliases: list[str], flags: int) -> re.Pattern[str]:
        body = "|".join(re.escape(a) for a in aliases) or "(?!x)x"
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)

    lookup = {alias.lower(): value for alias, value in entries.items()}
    return alternation(exact, 0), alternation(loose, re.I), lookup


_OPERATION = re.compile(r"\b(?:Operation|Op\.?|Project)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:\s+\d)?)")


@cache
def canonical_units() -> dict[str, str]:
    """Lower-cased alias -> canonical unit name, for matching scopes written differently."""
    out: dict[str, str] = {}
    for row in load_rows("org_units.csv"):
        out[row["name"].lower()] = row["name"]
        for alias in row["aliases"].split("|"):
            if alias:
                out[alias.lower()] = row["name"]
    return out


@lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[ScopeMention, ...]:
    found: list[ScopeMention] = []
    taken: list[tuple[int, int]] = []
    for match in _OPERATION.finditer(text):
        name = f"Operation {match.group('name')}"
        canonical = canonical_units().get(name.lower(), name)
        found.append(ScopeMention(canonical, match.start(), match.end(), "operation"))
        taken.append(match.span())
    exact, loose, lookup = _alias_index()
    candidates = sorted(
        [*exact.finditer(text), *loose.finditer(text)], key=lambda m: (m.start(), -(m.end() - m.start()))
    )
    for match in candidates:
        if any(match.start() < b and a < match.end() for a, b in taken):
            continue
        name, kind = lookup[match.group(0).lower()]
        found.append(ScopeMention(name, match.start(), match.end(), kind))
        taken.append(match.span())
    return tuple(sorted(found, key=lambda m: m.start))


def find_scope_mentions(text: str) -> list[ScopeMention]:
    """Organisation units named in `text`, leftmost first, longest name winning overlaps."""
    return list(_mentions(text))


_NON_SCOPES = frozenset({"MPA", "MOPAC", "HMIC"})


def resolve_scope(sentence: str, section_path: tuple[str, ...], default: str | None) -> str | None:
    """The unit a figure in `sentence` is about.

    Comparators ("the national average of 5.1") name themselves; otherwise the first
    unit the sentence names, then the nearest section heading that names one, then the
    report's own subject.
    """
    mentions = [m for m in find_scope_mentions(sentence) if m.name not in _NON_SCOPES]
    comparators = [m for m in mentions if m.kind == "comparator"]
    if comparators:
        return comparators[0].name
    if mentions:
        return mentions[0].name
    for heading in reversed(section_path):
        in_heading = [m for m in find_scope_mentions(heading) if m.name not in _NON_SCOPES]
        if in_heading:
            return in_heading[0].name
    return default
