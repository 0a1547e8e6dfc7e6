"""The date a workforce figure is given for (`as_of`), as the text words it.

Dated periods come first ("At the end of March 2008", "As of April 2006", "by December
2006", "for March 2009"); a month without a year takes the year of the report ("at the
end of August" in a report of October 2008 -> "end of August 2008"); relative dates come
last ("ten years ago", "to date", "currently", "in the previous 12 months").

>>> from pipelines.extraction.numbers import find_quantities
>>> s = "a workforce of just under 50,000 at the end of August"
>>> q = find_quantities(s)[0]
>>> as_of(s, q, (0, len(s)), dated_periods(s, date(2008, 10, 23)), [], None)
'end of August 2008'
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from pipelines.extraction.lexicon import alternation
from pipelines.extraction.numbers import Quantity
from pipelines.extraction.periods import MONTH_ALTERNATION, MONTH_NUMBERS, find_periods
from pipelines.extraction.vocab import load_lines

Period = tuple[int, int, str]  # start, end, as written

_END_OF_MONTH = re.compile(rf"\b(?:at\s+)?(?:the\s+)?end\s+of\s+(?P<m>{MONTH_ALTERNATION})\b(?!\s+(?:19|20)\d\d)")
_BY_YEAR = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?(?P<y>(?:19|20)\d\d)\b(?![/\-–]\d)")
_YEARS_AGO = re.compile(r"\b(?:\w+|\d+)\s+years?\s+ago\b", re.I)
_RECENT = re.compile(r"\bthe\s+(?:previous|last|past)\s+(?:\w+|\d+)\s+(?:months|years|weeks)\b", re.I)


@cache
def _relative_words() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(load_lines('relative_periods.txt'))})\b", re.I)


def _year_for_month(month: str, report_date: date | None) -> int | None:
    """The year of the latest such month on or before the report's date."""
    if report_date is None:
        return None
    number = MONTH_NUMBERS[month[:3].lower()]
    return report_date.year if number <= report_date.month else report_date.year - 1


def _overlaps(start: int, end: int, found: list[Period]) -> bool:
    return any(start < b and a < end for a, b, _ in found)


def dated_periods(sentence: str, report_date: date | None) -> list[Period]:
    """Dated periods of a sentence, with years given to bare months."""
    found: list[Period] = [(p.start, p.end, p.text) for p in find_periods(sentence, report_date)]
    for match in _END_OF_MONTH.finditer(sentence):
        year = _year_for_month(match.group("m"), report_date)
        if year and not _overlaps(match.start(), match.end(), found):
            found.append((match.start(), match.end(), f"end of {match.group('m')} {year}"))
    for match in _BY_YEAR.finditer(sentence):
        if not _overlaps(match.start(), match.end(), found):
            found.append((match.start(), match.end(), match.group(0)))
    return sorted(found)


def relative_periods(sentence: str) -> list[Period]:
    """'ten years ago', 'the previous 12 months', 'to date', 'currently', 'now'."""
    patterns = (_YEARS_AGO, _RECENT, _relative_words())
    return sorted((m.start(), m.end(), m.group(0)) for p in patterns for m in p.finditer(sentence))


def as_of(
    sentence: str,
    quantity: Quantity,
    segment: tuple[int, int],
    dated: list[Period],
    relative: list[Period],
    carry: str | None,
) -> str | None:
    """Nearest period in the figure's clause, else the sentence's first date, else carried."""
    low, high = segment

    def distance(period: Period) -> int:
        start, end, _ = period
        return quantity.start - end if end <= quantity.start else start - quantity.end

    for candidates in (dated, relative):
        near = [p for p in candidates if low <= p[0] and p[1] <= high]
        if near:
            return min(near, key=distance)[2]
    if dated:
        return dated[0][2]
    if carry:
        return carry
    return relative[0][2] if relative else None
