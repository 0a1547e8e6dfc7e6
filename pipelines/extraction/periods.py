"""Periods and dates: UK financial years, rolling years, quarters, "year to date".

>>> fiscal_year_of(date(2007, 12, 20))
'2007/08'
>>> normalise_fiscal_year("2008/9"), normalise_fiscal_year("2007-08"), normalise_fiscal_year("2018-19")
('2008/09', '2007/08', '2018/19')
>>> [(p.text, p.fiscal_year) for p in find_periods("Last financial year 2006/07 the Directorate")]
[('Last financial year 2006/07', '2006/07')]
>>> [(p.text, p.kind) for p in find_periods("SPI 1.1 78.9% 77.0%Year to Jun 08 stable")]
[('Year to Jun 08', 'rolling_year')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipelines.extraction.memo import per_report
from pipelines.extraction.needles import Gate, Guarded

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# The months by name, as one alternation: "January|February|...|December".
MONTH_ALTERNATION = "|".join(MONTH_NAMES)
MONTH_NUMBERS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DASH = r"[\-\u2010-\u2015\u2212]"
_YEAR2 = r"(?:19|20)?\d\d"
_FY = rf"(?:19|20)\d\d\s?[/{_DASH[1:-1]}]\s?(?:(?:19|20)?\d\d|\d)(?!\d)"
_MONTH_YEAR = rf"{_MONTH}\.?\s?{_DASH}?\s?{_YEAR2}\b"

# Ordered: the first pattern that matches a stretch of text wins it.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "quarter",
        re.compile(
            rf"\b(?:Quarter|Q)\s?(?P<q>[1-4]),?\s+(?P<fy>{_FY})|\b(?P<fy2>{_FY}),?\s+Quarter\s+(?P<q2>[1-4])",
            re.I,
        ),
    ),
    (
        "rolling_year",
        re.compile(
            rf"\b(?:(?:the\s+)?rolling[\s-]year|(?:the\s+)?(?:12|twelve)[\s-]months?|(?:the\s+)?year)"
            rf"(?:\s+period)?[\s-]+(?:to|ending)\s+"
            rf"(?:the\s+end\s+of\s+)?(?P<m>{_MONTH})\.?\s?{_DASH}?\s?(?P<y>{_YEAR2})\b",
            re.I,
        ),
    ),
    (
        # "the six months to March 2006", "three months ending June 2008"
        "months_to",
        re.compile(
            rf"\b(?:the\s+)?(?:\d{{1,2}}|two|three|four|five|six|seven|eight|nine|ten|eleven)[\s-]months?"
            rf"\s+(?:to|ending)\s+(?:the\s+end\s+of\s+)?(?P<m>{_MONTH})\.?\s?{_DASH}?\s?(?P<y>{_YEAR2})\b",
            re.I,
        ),
    ),
    (
        "financial_year_to_date",
        re.compile(rf"\b(?:financial\s+)?year[\s-]to[\s-]+date(?:\s+(?P<fy>{_FY}))?|\bYTD\b", re.I),
    ),
    (
        "last_financial_year",
        re.compile(rf"\b(?:last|previous)\s+(?:financial|fiscal)\s+year(?:\s+(?P<fy>{_FY}))?", re.I),
    ),
    (
        "month_range",
        re.compile(
            rf"\b(?:between\s+|from\s+)?(?P<m1>{_MONTH})\.?\s?(?P<y1>{_YEAR2})?\s?(?:{_DASH}|to|and)\s?"
            rf"(?P<m2>{_MONTH})\.?\s?(?P<y2>{_YEAR2}|this\s+year)\b",
            re.I,
        ),
    ),
    (
        "fiscal_year",
        re.compile(
            rf"\b(?:(?:the\s+)?(?:financial|fiscal)\s+year\s+)?(?P<fy>{_FY})(?:\s+(?:financial|fiscal)\s+year)?", re.I
        ),
    ),
    (
        "as_of",
        re.compile(
            rf"\b(?:(?:as\s+(?:of|at)|at\s+the\s+end\s+of|end\s+of|by(?:\s+the\s+end\s+of)?)\s+)"
            rf"(?:\d{{1,2}}\s+)?(?P<m>{_MONTH})\s+(?P<y>(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    ("month", re.compile(rf"\b(?:in\s+|during\s+)?(?P<m>{_MONTH})\s+(?P<y>(?:19|20)\d\d)\b")),
    ("calendar_year", re.compile(r"\b(?:in|during|for)\s+(?P<y>(?:19|20)\d\d)\b(?![/\-–]\d)")),
)

# Periods a reader only knows relative to the report: "last year", "to date", "every year",
# "in January". Asked for explicitly (`relative=True`); they carry no fiscal year.
_RELATIVE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "relative",
        re.compile(
            r"\b(?:(?:the\s+)?(?:last|past|previous|current|coming|next)|this)\s+"
            r"(?:(?:financial|planning|reporting|calendar)\s+)?year\b"
            r"|\b(?:over\s+|within\s+|in\s+)?the\s+(?:last|past)\s+(?:\w+\s+)?(?:years|months|weeks)\b"
            r"|\bto\s+date\b|\b(?:the\s+)?year[\s-]end\b",
            re.I,
        ),
    ),
    (
        "frequency",
        re.compile(
            r"\b(?:each|every|per|a)\s+(?:year|month|day|week)\b|\bper\s+annum\b|\bannually\b",
            re.I,
        ),
    ),
    (
        "month_name",
        re.compile(rf"\b(?:in|during)\s+(?P<m>{MONTH_ALTERNATION})\b(?!,?\s+(?:(?:19|20)?\d\d(?![\d.%])|of\b))"),
    ),
)


@dataclass(frozen=True, slots=True)
class PeriodMention:
    text: str
    start: int
    end: int
    kind: str
    fiscal_year: str | None


def fiscal_year_of(day: date) -> str:
    """The UK financial year (April to March) holding `day`, as '2007/08'."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def normalise_fiscal_year(raw: str) -> str | None:
    """'2007-08', '2007/8', '2007/2008', '2018-19' -> '2007/08' (None if not a span of one year)."""
    match = re.match(rf"((?:19|20)\d\d)\s?[/{_DASH[1:-1]}]\s?(\d{{1,4}})$", raw.strip())
    if not match:
        return None
    first = int(match.group(1))
    second = match.group(2)
    end = int(second) if len(second) == 4 else (first // 100) * 100 + int(second.zfill(2))
    if len(second) == 1:
        end = (first // 10) * 10 + int(second)
    if end != first + 1 and not (len(second) <= 2 and end % 100 == (first + 1) % 100):
        return None
    return f"{first}/{(first + 1) % 100:02d}"


def _year4(raw: str) -> int:
    value = int(raw)
    return value if value > 100 else 2000 + value if value < 70 else 1900 + value


def _month(raw: str) -> int:
    return MONTH_NUMBERS[raw[:3].lower()]


def find_periods(text: str, report_date: date | None = None, relative: bool = False) -> list[PeriodMention]:
    """Every period expression in `text`, leftmost first, with its fiscal year when known.

    With `relative`, periods known only relative to the report are found too:

    >>> [(p.text, p.kind) for p in find_periods("The rate for the six months to March 2006")]
    [('the six months to March 2006', 'months_to')]
    >>> [p.text for p in find_periods("6,000 events every year; in January, 20.2%", relative=True)]
    ['every year', 'in January']
    """
    found = _find_periods(text, report_date)
    if relative:
        return list(found)
    # The relative patterns run after all the others, so leaving out what they found
    # leaves what the others alone find: the same sentence is read once for both askers.
    return [p for p in found if p.kind not in _RELATIVE_KINDS]


_RELATIVE_KINDS = frozenset(kind for kind, _ in _RELATIVE)

# Each pattern runs only on text holding the strings it cannot match without; most
# sentences hold none of any pattern's, which one test tells.
_GUARDED = tuple([(kind, Guarded(pattern)) for kind, pattern in _PATTERNS + _RELATIVE])
_GATE = Gate(pattern for _, pattern in _PATTERNS + _RELATIVE)


def periods_of_kind(text: str, kind: str, report_date: date | None = None) -> list[PeriodMention]:
    """`find_periods(text, report_date)` of one kind only, for a long text: the patterns
    after that kind cannot take its matches, so they are not run.

    >>> [p.text for p in periods_of_kind("Data for the 12-month period ending August 2008.", "rolling_year")]
    ['the 12-month period ending August 2008']
    """
    kinds = [k for k, _ in _PATTERNS]
    return [p for p in _read(text, report_date, _GUARDED[: kinds.index(kind) + 1]) if p.kind == kind]


@per_report
def _find_periods(text: str, report_date: date | None) -> tuple[PeriodMention, ...]:
    if not _GATE.open(text):
        return ()
    return _read(text, report_date, _GUARDED)


def _read(text: str, report_date: date | None, patterns: tuple[tuple[str, Guarded], ...]) -> tuple[PeriodMention, ...]:
    """The matches of `patterns`, each taking what no pattern before it took, leftmost first."""
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    for kind, guard in patterns:
        if not guard.may_match(text):
            continue
        for match in guard.pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            fiscal = _fiscal_of(kind, match, report_date)
            found.append(PeriodMention(match.group(0).strip(), start, end, kind, fiscal))
            taken.append((start, end))
    return tuple(sorted(found, key=lambda p: p.start))


def _fiscal_of(kind: str, match: re.Match[str], report_date: date | None) -> str | None:
    groups = match.groupdict()
    fy = groups.get("fy") or groups.get("fy2")
    if fy:
        return normalise_fiscal_year(fy)
    if kind == "financial_year_to_date" and report_date:
        return fiscal_year_of(report_date)
    if kind == "last_financial_year" and report_date:
        first = int(fiscal_year_of(report_date)[:4]) - 1
        return f"{first}/{(first + 1) % 100:02d}"
    dated = {"rolling_year", "months_to", "as_of", "month"}
    if kind in dated and groups.get("m") and groups.get("y"):
        return fiscal_year_of(date(_year4(groups["y"]), _month(groups["m"]), 1))
    if kind == "month_range" and groups.get("m2") and groups.get("y2"):
        if not groups["y2"][:1].isdigit():
            # "From October 2007 to June this year"
            year = report_date.year if report_date else None
            return fiscal_year_of(date(year, _month(groups["m2"]), 1)) if year else None
        return fiscal_year_of(date(_year4(groups["y2"]), _month(groups["m2"]), 1))
    return None


def quarter_of(period: str) -> tuple[int | None, str | None]:
    """(quarter number, fiscal year) of 'Quarter 1, 2018-19'.

    >>> quarter_of("Quarter 1, 2018-19")
    (1, '2018/19')
    """
    match = _PATTERNS[0][1].search(period)
    if not match:
        return None, None
    q = match.group("q") or match.group("q2")
    fy = match.group("fy") or match.group("fy2")
    return (int(q) if q else None), (normalise_fiscal_year(fy) if fy else None)


def parse_date(raw: str) -> date | None:
    """'20 December 2007' -> date(2007, 12, 20).

    >>> parse_date("Date: 6 October 2008")
    datetime.date(2008, 10, 6)
    """
    match = re.search(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+((?:19|20)\d\d)", raw, re.I)
    if not match:
        return None
    try:
        return date(int(match.group(3)), _month(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
