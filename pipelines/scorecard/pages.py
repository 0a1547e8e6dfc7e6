"""The scorecard's pages: an index of reports and one page per report, from a Corpus."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from pipelines.extraction.memo import forget
from pipelines.scorecard import svg
from pipelines.scorecard.data import FACT_TABLES, Corpus, ReportFacts
from pipelines.scorecard.highlight import figure_spans

TEMPLATES = Path(__file__).parent / "templates"
DIVERSITY = ("female_officers", "bme_officers", "female_staff", "bme_staff")
GRADES = ("Poor", "Fair", "Good", "Excellent")
ARROWS = {"Improved": ("▲", "improved"), "Stable": ("▶", "stable"), "Declined": ("▼", "declined")}
MAX_MARKS = 400  # marks per chart on the index; the report pages show every figure
VALUE_COLUMNS = {
    "fct_kpi": ("target_value", "actual_value", "baseline_value", "change_value"),
    "fct_budget": ("amount",),
    "fct_workforce": ("value",),
}
WORD_COLUMNS = {"fct_grade": ("grade", "direction_of_travel"), "fct_milestone": ("status",)}


def report_page(report: dict[str, Any]) -> str:
    return f"report-{report['report_id'][:16]}.html"


def fact_href(page: str, fact_id: str, here: str | None = None) -> str:
    return f"#fact-{fact_id}" if page == here else f"{page}#fact-{fact_id}"


def highlighted(table: str, fact: dict[str, Any]) -> Markup:
    """The fact's source words, HTML-escaped, with its figures in <mark>."""
    text = str(fact.get("source_text") or "")
    values = [fact.get(c) for c in VALUE_COLUMNS.get(table, ())]
    words = [str(fact[c]) for c in WORD_COLUMNS.get(table, ()) if fact.get(c)]
    parts, cursor = [], 0
    for start, end in figure_spans(text, values, words):
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return Markup("".join(parts))


def summary(table: str, fact: dict[str, Any]) -> str:
    """One line saying what the fact is, in the words of its columns."""
    value = svg.format_value

    def join(*parts: Any) -> str:
        return " · ".join(str(p) for p in parts if p not in (None, ""))

    if table == "fct_kpi":
        met = {True: "target met", False: "target missed"}.get(fact.get("target_met"))
        figures = [
            f"{name} {value(fact[column], fact.get('unit'))}"
            for name, column in (("actual", "actual_value"), ("target", "target_value"), ("baseline", "baseline_value"))
            if fact.get(column) is not None
        ]
        if fact.get("change_value") is not None:
            figures.append(f"change {value(fact['change_value'], fact.get('unit'))}")
        return join(fact.get("indicator"), ", ".join(figures), met, fact.get("period"), fact.get("scope"))
    if table == "fct_grade":
        return join(
            " ".join(str(p) for p in (fact.get("area_code"), fact.get("area")) if p),
            fact.get("grade"),
            fact.get("direction_of_travel"),
            fact.get("framework"),
        )
    if table == "fct_budget":
        return join(
            fact.get("measure"),
            value(fact.get("amount"), fact.get("unit")),
            fact.get("fiscal_year") or fact.get("period"),
            fact.get("scope"),
        )
    if table == "fct_workforce":
        return join(
            fact.get("measure"),
            value(fact.get("value"), fact.get("unit")),
            fact.get("kind"),
            fact.get("as_of"),
            fact.get("scope"),
        )
    return join(fact.get("period"), fact.get("milestone"), fact.get("status"))


# ---------------------------------------------------------------- chart inputs


def kpi_bullets(kpis: Iterable[dict[str, Any]], page_of: dict[str, str], here: str | None) -> list[svg.Bullet]:
    rows = []
    for fact in kpis:
        target, actual = svg.number(fact.get("target_value")), svg.number(fact.get("actual_value"))
        if target is None or actual is None or fact.get("is_restated"):
            continue
        label = str(fact.get("indicator") or "indicator")
        if fact.get("period"):
            label += f" ({fact['period']})"
        rows.append(
            svg.Bullet(
                label=label,
                target=target,
                actual=actual,
                unit=fact.get("unit"),
                met=fact.get("target_met"),
                href=fact_href(page_of[fact["report_id"]], fact["fact_id"], here),
                fact_id=fact["fact_id"],
                detail=str(fact.get("scope") or ""),
            )
        )
    return rows


def budget_bars(budgets: Iterable[dict[str, Any]], page_of: dict[str, str], here: str | None) -> list[svg.Bar]:
    bars = []
    for fact in budgets:
        amount = svg.number(fact.get("amount"))
        if fact.get("unit") != "gbp" or amount is None or not fact.get("fiscal_year"):
            continue
        bars.append(
            svg.Bar(
                group=fact["fiscal_year"],
                series=str(fact.get("measure") or "other"),
                value=amount,
                unit="gbp",
                href=fact_href(page_of[fact["report_id"]], fact["fact_id"], here),
                fact_id=fact["fact_id"],
                label=f"{fact.get('scope') or ''}: {' '.join(str(fact.get('source_text') or '').split())[:140]}",
            )
        )
    return bars


def _when(fact: dict[str, Any], report: dict[str, Any]) -> float | None:
    """A decimal year for a people figure: its month, else its financial year, else the meeting date."""
    month = fact.get("as_of_month")
    if isinstance(month, (date, datetime)):
        return month.year + (month.month - 1) / 12
    year = fact.get("as_of_fiscal_year") or fact.get("fiscal_year")
    if isinstance(year, str) and year[:4].isdigit():
        return int(year[:4]) + 0.25
    meeting = report.get("meeting_date")
    if isinstance(meeting, (date, datetime)):
        return meeting.year + (meeting.month - 1) / 12
    return None


def diversity_points(
    workforce: Iterable[dict[str, Any]], reports: dict[str, dict[str, Any]], page_of: dict[str, str], here: str | None
) -> list[svg.Point]:
    points = []
    for fact in workforce:
        value = svg.number(fact.get("value"))
        if fact.get("measure") not in DIVERSITY or fact.get("unit") != "percent" or value is None:
            continue
        if fact.get("kind") not in {"actual", "target"}:
            continue
        report = reports.get(fact["report_id"], {})
        when = _when(fact, report)
        if when is None:
            continue
        points.append(
            svg.Point(
                when=when,
                series=str(fact["measure"]).replace("_", " "),
                value=value,
                hollow=fact.get("kind") == "target",
                href=fact_href(page_of[fact["report_id"]], fact["fact_id"], here),
                fact_id=fact["fact_id"],
                label=f"{fact.get('scope') or ''}, {fact.get('as_of') or report.get('title')}",
            )
        )
    return points


def grade_rows(grades: Iterable[dict[str, Any]], page_of: dict[str, str], here: str | None) -> list[dict[str, Any]]:
    """One row per graded area: the mention with a national distribution if there is one."""
    chosen: dict[tuple[str, str, str], dict[str, Any]] = {}
    mentions: dict[tuple[str, str, str], int] = {}
    for fact in grades:
        key = (
            fact["report_id"],
            str(fact.get("framework") or ""),
            str(fact.get("area_code") or " ".join(str(fact.get("area") or "").lower().split())),
        )
        mentions[key] = mentions.get(key, 0) + 1
        if key not in chosen or (
            fact.get("has_national_distribution") and not chosen[key].get("has_national_distribution")
        ):
            chosen[key] = fact
    rows = []
    for key, fact in chosen.items():
        counts = [svg.number(fact.get(f"nat_{g.lower()}")) for g in GRADES]
        total = sum(c for c in counts if c is not None) or None
        arrow, arrow_class = ARROWS.get(str(fact.get("direction_of_travel")), ("–", "not-graded"))
        rows.append(
            {
                "fact": fact,
                "href": fact_href(page_of[fact["report_id"]], fact["fact_id"], here),
                "grade_class": str(fact.get("grade") or "").lower().replace(" ", "-"),
                "arrow": arrow,
                "arrow_class": arrow_class,
                "mentions": mentions[key],
                "national": [
                    {
                        "grade": grade,
                        "count": None if count is None else int(count),
                        "share": 0 if count is None or not total else count / total,
                        "own": grade == fact.get("grade"),
                    }
                    for grade, count in zip(GRADES, counts, strict=True)
                ],
            }
        )
    rows.sort(key=_grade_order)
    return rows


# ---------------------------------------------------------------- pages


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["value"] = svg.format_value
    return environment


def page_key(
    corpus: Corpus, report: dict[str, Any], issues: list[dict[str, Any]], links: dict[str, str], version: str
) -> str:
    """A digest of everything drawn on a report's page, known before its facts are read.

    A report page shows only its report, its own facts and data-quality issues, the links
    and the scorecard code: when none of those changed, the page written last time is
    still right and need not be rendered (or its facts read) again. The facts enter as
    the digests the warehouse computes per report (`Corpus.digests`).
    """
    digest = hashlib.sha256(f"{version}|{sorted(links.items())!r}|{sorted(report.items())!r}".encode())
    digest.update(f"|facts|{corpus.digests.get(report['report_id'])}".encode())
    digest.update(f"|issues|{[sorted(issue.items()) for issue in issues]!r}".encode())
    return digest.hexdigest()


@dataclass
class _Capped:
    """The first `MAX_MARKS` marks of an index chart, and how many there were in all."""

    marks: list[Any] = field(default_factory=list)
    total: int = 0

    def add(self, marks: list[Any], total: int | None = None) -> None:
        self.total += len(marks) if total is None else total
        self.marks.extend(marks[: max(0, MAX_MARKS - len(self.marks))])


def _grade_order(row: dict[str, Any]) -> tuple[str, ...]:
    fact = row["fact"]
    return (fact["report_id"], str(fact.get("framework")), str(fact.get("area_code") or "~"), str(fact.get("area")))


@dataclass
class IndexParts:
    """What the index draws: one line per report, and the first marks of each chart."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    bullets: _Capped = field(default_factory=_Capped)
    bars: _Capped = field(default_factory=_Capped)
    points: _Capped = field(default_factory=_Capped)
    grades: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ReportMarks:
    """What one report adds to the index: the figures of its line and its chart marks."""

    counts: dict[str, int]
    met: int
    missed: int
    bullets: list[svg.Bullet]
    bars: list[svg.Bar]
    points: list[svg.Point]
    grades: list[dict[str, Any]]

    def entry(self) -> dict[str, Any]:
        """The line and the number of marks per chart, as kept beside the site (JSON)."""
        sizes = [len(self.bullets), len(self.bars), len(self.points), len(self.grades)]
        return {"counts": self.counts, "met": self.met, "missed": self.missed, "sizes": sizes}


def report_marks(item: ReportFacts, reports: dict[str, dict[str, Any]], page_of: dict[str, str]) -> ReportMarks:
    own = item.facts
    kpis = own["fct_kpi"]
    assessed = [k for k in kpis if k.get("target_met") is not None and not k.get("is_restated")]
    met = sum(1 for k in assessed if k["target_met"])
    return ReportMarks(
        counts={table: len(rows) for table, rows in own.items()},
        met=met,
        missed=len(assessed) - met,
        bullets=kpi_bullets(kpis, page_of, None),
        bars=budget_bars(own["fct_budget"], page_of, None),
        points=diversity_points(own["fct_workforce"], reports, page_of, None),
        grades=grade_rows([g for g in own["fct_grade"] if g.get("has_national_distribution")], page_of, None),
    )


def iter_report_pages(
    corpus: Corpus, links: dict[str, str], wanted: Sequence[dict[str, Any]]
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(file name, index entry, HTML) of the page of each report in `wanted`, in order.

    Facts are read a few hundred reports at a time, so memory does not grow with the
    number of facts; the index entry (`ReportMarks.entry`) is what the index needs of the
    report without reading its facts again.
    """
    environment = _environment()
    reports = {r["report_id"]: r for r in corpus.reports}
    page_of = {report_id: report_page(r) for report_id, r in reports.items()}
    for item in corpus.each_report(wanted):
        forget()  # the figures found in the last report's quotes (memo.py)
        report, own = item.report, item.facts
        here = page_of[report["report_id"]]
        marks = report_marks(item, reports, page_of)
        report_bullets = kpi_bullets(own["fct_kpi"], page_of, here)
        report_bars = budget_bars(own["fct_budget"], page_of, here)
        report_points = diversity_points(own["fct_workforce"], reports, page_of, here)
        yield (
            here,
            marks.entry(),
            environment.get_template("report.html").render(
                report=report,
                counts=marks.counts,
                links=links,
                kpi_chart=Markup(svg.bullet_chart(report_bullets)) if report_bullets else None,
                grades=grade_rows(own["fct_grade"], page_of, here),
                budget_chart=Markup(svg.bar_chart(report_bars, "Money by fiscal year")) if report_bars else None,
                diversity_chart=Markup(
                    svg.time_chart(report_points, "Workforce diversity (share of officers or staff)")
                )
                if report_points
                else None,
                sections=[
                    {
                        "table": table,
                        "title": TITLES[table],
                        "facts": [
                            {"fact": f, "summary": summary(table, f), "source": highlighted(table, f)}
                            for f in own[table]
                        ],
                    }
                    for table in FACT_TABLES
                    if own[table]
                ],
                issues=item.issues,
            ),
        )


def draw_index(corpus: Corpus, entries: Mapping[str, dict[str, Any]]) -> IndexParts:
    """The index's parts from the entry of every report (`ReportMarks.entry`, by page name).

    Each chart of the index draws its first MAX_MARKS marks: in report order for the
    targets, money and diversity charts, by report id for the grades. Only the reports
    holding those marks have their facts read; every other report adds its counts.
    """
    reports = {r["report_id"]: r for r in corpus.reports}
    page_of = {report_id: report_page(r) for report_id, r in reports.items()}
    drawn: set[str] = set()
    orders = [corpus.reports] * 3 + [sorted(corpus.reports, key=lambda r: str(r["report_id"]))]
    for chart, order in enumerate(orders):
        total = 0
        for report in order:
            if total >= MAX_MARKS:
                break
            size = entries[page_of[report["report_id"]]]["sizes"][chart]
            if size:
                drawn.add(report["report_id"])
                total += size
    marks = {
        item.report["report_id"]: report_marks(item, reports, page_of)
        for item in corpus.each_report([r for r in corpus.reports if r["report_id"] in drawn])
    }
    index = IndexParts()
    for report in corpus.reports:
        page = page_of[report["report_id"]]
        entry = entries[page]
        index.reports.append(
            {"report": report, "page": page, "counts": entry["counts"], "met": entry["met"], "missed": entry["missed"]}
        )
        own = marks.get(report["report_id"])
        bullets, bars, points, _ = entry["sizes"]
        index.bullets.add(own.bullets if own else [], bullets)
        index.bars.add(own.bars if own else [], bars)
        index.points.add(own.points if own else [], points)
        if own:
            index.grades.extend(own.grades)
    index.grades = sorted(index.grades, key=_grade_order)[:MAX_MARKS]
    return index


def index_page(corpus: Corpus, links: dict[str, str], index: IndexParts) -> str:
    """The index of every report, from the merged parts of all of them."""
    page_of = {r["report_id"]: report_page(r) for r in corpus.reports}
    tallies = [
        svg.Tally(
            str(p["report"].get("title") or p["report"]["source_file"]), p["met"], p["missed"], p["page"] + "#kpis"
        )
        for p in index.reports
        if p["met"] + p["missed"]
    ]
    bullets, bars, points = index.bullets, index.bars, index.points
    return (
        _environment()
        .get_template("index.html")
        .render(
            reports=index.reports,
            publication=corpus.publication,
            total_facts=sum(corpus.fact_counts.values()),
            fact_counts=corpus.fact_counts,
            links=links,
            rejected=corpus.rejected,
            issues=corpus.issues,
            page_of=page_of,
            tally_chart=Markup(svg.tally_chart(tallies)) if tallies else None,
            kpi_chart=Markup(svg.bullet_chart(bullets.marks, "Targets and actuals, every report"))
            if bullets.marks
            else None,
            kpi_total=bullets.total,
            budget_chart=Markup(svg.bar_chart(bars.marks, "Money by fiscal year, every report"))
            if bars.marks
            else None,
            budget_total=bars.total,
            diversity_chart=Markup(svg.time_chart(points.marks, "Workforce diversity over time"))
            if points.marks
            else None,
            diversity_total=points.total,
            grades=index.grades,
            max_marks=MAX_MARKS,
        )
    )


TITLES = {
    "fct_kpi": "KPIs",
    "fct_grade": "Inspection grades",
    "fct_budget": "Money",
    "fct_workforce": "Workforce",
    "fct_milestone": "Milestones",
}
