"""Score extracted facts against hand-labelled gold facts.

A gold fact is *found* when a row of the same family for the same file has a span that
overlaps the gold quote's position and a value that agrees. Recall is counted per family
and tier (core, stat); precision per family over the rows that fall inside the labelled
lines, in the distinct-fact view (restated mentions are left out; a figure stated twice
is one fact) and over all mentions. For found facts the best-matching row's fields are
compared too (scope, period or fiscal year, unit, measure, target/actual placement).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pipelines.extraction.periods import find_periods, normalise_fiscal_year
from pipelines.extraction.scope import canonical_units

FAMILIES = ("kpi", "grade", "budget", "workforce", "milestone")
REPORT_FIELDS = (
    "title",
    "report_number",
    "meeting_date",
    "committee",
    "presented_by",
    "period_covered",
    "publisher",
)


# ------------------------------------------------------------------ gold


@dataclass
class GoldSet:
    facts: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # family -> rows
    reports: dict[str, dict[str, str]] = field(default_factory=dict)  # doc -> row
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)  # doc -> (first, last) line

    @property
    def docs(self) -> set[str]:
        docs = set(self.reports)
        for rows in self.facts.values():
            docs.update(r["doc"] for r in rows)
        return docs


def load_gold(directory: Path) -> GoldSet:
    """Read every labelled folder under `directory` (format of the gold README)."""
    gold = GoldSet(facts={family: [] for family in FAMILIES})
    folders = sorted(p for p in directory.iterdir() if p.is_dir())
    if not folders:
        raise FileNotFoundError(f"no labelled folders under {directory}")
    for folder in folders:
        for family in FAMILIES:
            path = folder / f"{family}.csv"
            if path.exists():
                gold.facts[family].extend(_read_csv(path))
        report = folder / "report.csv"
        if report.exists():
            for row in _read_csv(report):
                gold.reports[row["doc"]] = row
        coverage = folder / "coverage.csv"
        if coverage.exists():
            for row in _read_csv(coverage):
                gold.coverage[row["doc"]] = (int(row["first_line"]), int(row["last_line"]))
    return gold


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


# ------------------------------------------------------------------ comparisons


def number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def same_number(a: Any, b: Any) -> bool:
    x, y = number(a), number(b)
    if x is None or y is None:
        return False
    return abs(x - y) <= Decimal("0.000001") + abs(y) * Decimal("0.0001")


def _norm(text: Any) -> str:
    value = str(text or "").lower().replace("’", "'").replace("–", "-")
    return " ".join(re.sub(r"[^\w%/' -]", " ", value).split())


def same_scope(gold: str, row: str | None) -> bool:
    if not gold:
        return True
    units = canonical_units()

    def canon(value: str) -> str:
        bare = re.sub(r"\s*\([^)]*\)", "", value or "").strip().lower()
        return units.get(bare, bare).lower()

    g, r = canon(gold), canon(row or "")
    return bool(r) and (g == r or g in r or r in g)


def _fiscal(value: str) -> str | None:
    if not value:
        return None
    fy = normalise_fiscal_year(value)
    if fy:
        return fy
    periods = [p for p in find_periods(value) if p.fiscal_year]
    return periods[0].fiscal_year if periods else None


def same_period(gold: str, row_period: str | None, row_fiscal: str | None = None) -> bool:
    if not gold:
        return True
    g, r = _norm(gold), _norm(row_period)
    if r and (g == r or g in r or r in g):
        return True
    gold_fy = _fiscal(gold)
    return gold_fy is not None and gold_fy in {_fiscal(row_period or ""), row_fiscal}


# ------------------------------------------------------------------ matching

_VALUE_COLUMNS = {
    "kpi": ("actual_value", "change_value", "target_value", "baseline_value"),
    "budget": ("amount",),
    "workforce": ("value",),
}


def gold_value(family: str, row: dict[str, str]) -> Any:
    if family == "kpi":
        for column in ("actual", "change", "target", "baseline"):
            if row.get(column):
                return row[column]
        return None
    if family == "budget":
        return row.get("amount")
    if family == "workforce":
        return row.get("value")
    if family == "grade":
        return row.get("grade")
    return row.get("milestone")


def agrees(family: str, gold: dict[str, str], row: dict[str, Any]) -> bool:
    if family == "grade":
        return _norm(gold.get("grade")) == _norm(row.get("grade"))
    if family == "milestone":
        return True
    target = gold_value(family, gold)
    return any(same_number(row.get(column), target) for column in _VALUE_COLUMNS[family])


def field_checks(family: str, gold: dict[str, str], row: dict[str, Any]) -> dict[str, bool]:
    """Which of the row's fields agree with the gold fact (only fields the gold gives)."""
    checks: dict[str, bool] = {}
    if gold.get("scope"):
        checks["scope"] = same_scope(gold["scope"], row.get("scope"))
    if gold.get("unit"):
        checks["unit"] = _norm(gold["unit"]) == _norm(row.get("unit"))
    if family == "kpi":
        if gold.get("period"):
            checks["period"] = same_period(gold["period"], row.get("period"), row.get("fiscal_year"))
        placed = [("target", "target_value"), ("actual", "actual_value")]
        given = [(g, r) for g, r in placed if gold.get(g)]
        if given:
            checks["target_actual_placement"] = all(same_number(row.get(r), gold[g]) for g, r in given)
    elif family == "budget":
        fy = normalise_fiscal_year(gold.get("fiscal_year", "") or "")
        if fy:
            checks["fiscal_year"] = fy == (row.get("fiscal_year") or "")
        checks["measure"] = _norm(gold.get("measure")) == _norm(row.get("measure"))
    elif family == "workforce":
        if gold.get("as_of"):
            checks["as_of"] = same_period(gold["as_of"], row.get("as_of"))
        checks["measure"] = _norm(gold.get("measure")) == _norm(row.get("measure"))
        checks["kind"] = _norm(gold.get("kind")) == _norm(row.get("kind"))
    elif family == "grade":
        if gold.get("direction_of_travel"):
            checks["direction_of_travel"] = _norm(gold["direction_of_travel"]) == _norm(row.get("direction_of_travel"))
        if gold.get("area_code"):
            checks["area_code"] = _norm(gold["area_code"]) == _norm(row.get("area_code"))
        counts = [c for c in ("nat_poor", "nat_fair", "nat_good", "nat_excellent") if gold.get(c)]
        if counts:
            checks["national_distribution"] = all(same_number(row.get(c), gold[c]) for c in counts)
    return checks


# ------------------------------------------------------------------ scoring


@dataclass
class FamilyScore:
    family: str
    gold_by_tier: dict[str, int] = field(default_factory=dict)
    found_by_tier: dict[str, int] = field(default_factory=dict)
    rows_in_scope: int = 0
    rows_matched: int = 0
    mentions_in_scope: int = 0
    mentions_matched: int = 0
    field_hits: dict[str, list[int]] = field(default_factory=dict)  # field -> [agree, total]
    misses: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)

    def recall(self, tier: str | None = None) -> float | None:
        tiers = [tier] if tier else list(self.gold_by_tier)
        total = sum(self.gold_by_tier.get(t, 0) for t in tiers)
        found = sum(self.found_by_tier.get(t, 0) for t in tiers)
        return found / total if total else None

    def precision(self, all_mentions: bool = False) -> float | None:
        if all_mentions:
            return self.mentions_matched / self.mentions_in_scope if self.mentions_in_scope else None
        return self.rows_matched / self.rows_in_scope if self.rows_in_scope else None

    def field_accuracy(self) -> dict[str, float]:
        return {name: hits[0] / hits[1] for name, hits in self.field_hits.items() if hits[1]}


@dataclass
class Scorecard:
    families: dict[str, FamilyScore]
    report_fields: dict[str, list[int]]  # field -> [agree, total]
    report_misses: list[dict[str, str]]

    def report_accuracy(self) -> float | None:
        agree = sum(v[0] for v in self.report_fields.values())
        total = sum(v[1] for v in self.report_fields.values())
        return agree / total if total else None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"families": {}, "report": {}}
        for name, score in self.families.items():
            out["families"][name] = {
                "gold": dict(score.gold_by_tier),
                "found": dict(score.found_by_tier),
                "recall": {t: score.recall(t) for t in score.gold_by_tier},
                "recall_all": score.recall(),
                "precision": score.precision(),
                "precision_all_mentions": score.precision(all_mentions=True),
                "rows_in_scope": score.rows_in_scope,
                "field_accuracy": score.field_accuracy(),
            }
        out["report"] = {
            "accuracy": self.report_accuracy(),
            "fields": {k: (v[0] / v[1] if v[1] else None) for k, v in self.report_fields.items()},
        }
        return out


def _positions(text: str, quote: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find(quote)
    while start != -1:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def _line_range_to_chars(text: str, first: int, last: int) -> tuple[int, int]:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: first - 1])
    end = sum(len(line) + 1 for line in lines[:last])
    return start, end


def score(
    gold: GoldSet,
    rows: dict[str, list[dict[str, Any]]],
    reports: dict[str, dict[str, Any]],
    texts: dict[str, str],
    sample: int = 8,
) -> Scorecard:
    """Score `rows` (family -> mart rows with source_file, char_start, char_end, values)."""
    families: dict[str, FamilyScore] = {}
    labelled_docs = gold.docs
    windows = {
        doc: (_line_range_to_chars(texts[doc], *gold.coverage[doc]) if doc in gold.coverage else (0, len(texts[doc])))
        for doc in labelled_docs
        if doc in texts
    }
    for family in FAMILIES:
        gold_rows = gold.facts.get(family, [])
        if not gold_rows:
            continue
        result = FamilyScore(family)
        family_rows = [r for r in rows.get(family, []) if r.get("source_file") in windows]
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for row in family_rows:
            by_doc.setdefault(row["source_file"], []).append(row)
        matched_rows: set[int] = set()
        for g in gold_rows:
            tier = g.get("tier") or "core"
            result.gold_by_tier[tier] = result.gold_by_tier.get(tier, 0) + 1
            spans = _positions(texts.get(g["doc"], ""), g["quote"])
            candidates = [
                r
                for r in by_doc.get(g["doc"], [])
                if any(int(r["char_start"]) < e and s < int(r["char_end"]) for s, e in spans) and agrees(family, g, r)
            ]
            if not candidates:
                result.misses.append(
                    {"doc": g["doc"], "tier": tier, "value": gold_value(family, g), "quote": g["quote"]}
                )
                continue
            result.found_by_tier[tier] = result.found_by_tier.get(tier, 0) + 1
            for r in candidates:
                matched_rows.add(id(r))
            best = max(candidates, key=lambda r: sum(field_checks(family, g, r).values()))
            for name, ok in field_checks(family, g, best).items():
                hits = result.field_hits.setdefault(name, [0, 0])
                hits[0] += int(ok)
                hits[1] += 1
        for row in family_rows:
            low, high = windows[row["source_file"]]
            if not (low <= int(row["char_start"]) < high):
                continue
            is_matched = id(row) in matched_rows
            result.mentions_in_scope += 1
            result.mentions_matched += int(is_matched)
            if row.get("is_restated"):
                continue
            result.rows_in_scope += 1
            result.rows_matched += int(is_matched)
            if not is_matched:
                result.unmatched.append(row)
        result.misses = result.misses[: max(sample, 0) or None] if sample else result.misses
        result.unmatched = result.unmatched[:sample] if sample else result.unmatched
        families[family] = result
    report_fields: dict[str, list[int]] = {}
    report_misses = []
    for doc, expected in gold.reports.items():
        got = reports.get(doc, {})
        for name in REPORT_FIELDS:
            if not expected.get(name):
                continue
            ok = _norm(expected[name]) == _norm(got.get(name))
            hits = report_fields.setdefault(name, [0, 0])
            hits[0] += int(ok)
            hits[1] += 1
            if not ok:
                report_misses.append({"doc": doc, "field": name, "expected": expected[name], "got": str(got.get(name))})
    return Scorecard(families, report_fields, report_misses)


def value_of(row: dict[str, Any], family: str) -> str:
    columns: Iterable[str] = _VALUE_COLUMNS.get(family, ("grade",) if family == "grade" else ("milestone",))
    return ", ".join(f"{c}={row.get(c)}" for c in columns if row.get(c) not in (None, ""))
