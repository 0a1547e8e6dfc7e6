"""Report metadata: title, number, meeting date, committee, author, publisher, period.

Committee reports open with a header block ("Report: 12", "Date: 20 December 2007",
"By: ...") and a line naming the meeting; inspection reports and plan updates carry a
title page instead. Each field has an ordered list of strategies; the first that
finds something wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from pipelines.extraction.lexicon import phrase_key
from pipelines.extraction.models import ReportMeta
from pipelines.extraction.periods import parse_date
from pipelines.extraction.scope import find_scope_mentions
from pipelines.parsing.blocks import Block

_HEADER_FIELD = re.compile(
    r"^[ \t]*(?P<key>Report(?:[ \t]+(?:No\.?|Number|number|no\.?))?|Date(?:[ \t]+of[ \t]+meeting)?|Meeting[ \t]+date|"
    r"By|Report[ \t]+by|Presented[ \t]+by|Meeting|Committee)[ \t]*:[ \t]*(?P<value>.+?)\s*$",
    re.M | re.I,
)
# Header keys as committee reports spell them -> the field they fill.
_HEADER_KEYS = {
    "report": "number",
    "report no": "number",
    "report no.": "number",
    "report number": "number",
    "date": "date",
    "date of meeting": "date",
    "meeting date": "date",
    "by": "by",
    "report by": "by",
    "presented by": "by",
    "meeting": "committee",
    "committee": "committee",
}
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>(?:19|20)\d\d)\b")
_OPENING = re.compile(
    r"\bReport\s+(?P<number>\d+[A-Za-z]?)\s+of\s+the\s+(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+(?:19|20)\d\d)\s+"
    r"meeting\s+of\s+(?:the\s+)?(?P<committee>(?:[A-Z][\w&'’-]*|and|of|the|for|&)(?:\s+(?:[A-Z][\w&'’-]*|and|of|the|for|&))*)",
)
_PREPARED_FOR = re.compile(
    r"\bprepared\s+for\s+the\s+(?P<committee>(?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,5})\s+meeting"
)
_COVERS = re.compile(
    r"\b(?:report|assessment|update)\s+covers\s+(?:the\s+period\s+|the\s+assessment\s+for\s+)?"
    r"(?:the\s+)?(?:financial\s+year\s+)?(?P<period>.+?)(?=[;.]\s|,\s|\s+with\s|\s+and\s+(?:is|it)\b|$)",
    re.I | re.M,
)
_BOILERPLATE_HEADINGS = re.compile(
    r"^(?:You are in:?|Contents|Warning:.*|See the .*|Summary|Feedback|ISBN.*|CROWN COPYRIGHT|FIRST PUBLISHED.*)$",
    re.I,
)
_COMMITTEE_WORDS = re.compile(r"\b(?:Committee|Authority|Board|Panel|Sub-Committee|Forum)\b")


def _first(strategies: Sequence[Callable[[], str | None]]) -> str | None:
    for strategy in strategies:
        value = strategy()
        if value:
            return value
    return None


def _header(text: str, key: str) -> str | None:
    """The value of a header line of a committee report: `key` is number, date, by or committee.

    >>> _header("Report No: 12\\nMeeting date: 20 December 2007\\nReport by: Director of Resources", "by")
    'Director of Resources'
    """
    head = text[:4000]
    for match in _HEADER_FIELD.finditer(head):
        if _HEADER_KEYS.get(phrase_key(match.group("key"))) == key:
            return match.group("value").strip()
    return None


def _date(raw: str) -> date | None:
    """'20 December 2007' or the UK numeric '20/12/2007'.

    >>> _date("05/07/2007"), _date("5th July 2007")
    (datetime.date(2007, 7, 5), datetime.date(2007, 7, 5))
    """
    parsed = parse_date(raw)
    if parsed:
        return parsed
    numeric = _NUMERIC_DATE.search(raw)
    if not numeric:
        return None
    try:
        return date(int(numeric.group("y")), int(numeric.group("m")), int(numeric.group("d")))
    except ValueError:
        return None


def _committee_from_opening(text: str) -> str | None:
    match = _OPENING.search(text[:4000])
    if not match:
        return None
    words = match.group("committee").split()
    # "... meeting of the MPA Committee providing an overview" -> stop after the body's name.
    for i, word in enumerate(words):
        if _COMMITTEE_WORDS.fullmatch(word):
            return " ".join(words[: i + 1])
    while words and words[-1].lower() in {"and", "of", "the", "for", "&"}:
        words.pop()
    return " ".join(words) or None


def _committee_prepared_for(text: str) -> str | None:
    match = _PREPARED_FOR.search(text[:6000])
    return match.group("committee") if match else None


def _title(text: str, blocks: Sequence[Block]) -> str | None:
    """The heading just above the 'Report:' header, else the leading headings of the document."""
    header = re.search(r"^[ \t]*Report(?:[ \t]+(?:No\.?|Number))?[ \t]*:", text[:4000], re.M | re.I)
    if header:
        before = [b for b in blocks if b.kind == "heading" and b.end <= header.start()]
        candidates = [b for b in before if not _BOILERPLATE_HEADINGS.match(b.text_of(text).strip())]
        if candidates:
            return " ".join(candidates[-1].text_of(text).split())
    markdown = [b for b in blocks[:10] if b.kind == "heading" and (b.label or "").startswith("#")]
    if markdown:
        return " ".join(markdown[0].text_of(text).split())
    leading: list[str] = []
    for block in blocks[:12]:
        words = " ".join(block.text_of(text).split())
        if block.kind != "heading":
            if leading:
                break
            continue
        if _BOILERPLATE_HEADINGS.match(words):
            if leading:
                break
            continue
        leading.append(words)
        if len(leading) == 2:
            break
    return " ".join(leading) or None


def _publisher(text: str, title: str | None, has_header: bool) -> str | None:
    head = text[:6000]
    if has_header or "Metropolitan Police Authority" in head[:1500]:
        return "MPA"
    if re.search(r"Inspectorate of Constabulary|\bHMIC\b", head) and re.search(
        r"Baseline Assessment|Inspection", title or head[:1500], re.I
    ):
        return "HMIC"
    for mention in find_scope_mentions(title or ""):
        return mention.name
    return None


def _period_covered(text: str, blocks: Sequence[Block]) -> str | None:
    match = _COVERS.search(text[:12000])
    if match:
        return match.group("period").strip()
    for block in blocks[:6]:
        heading = block.text_of(text)
        if block.kind == "heading" and re.search(r"\bQuarter\s+\d|\b(?:19|20)\d\d[-/]\d\d\b", heading):
            return " ".join(heading.split())
    return None


def _report_type(title: str | None, publisher: str | None, text: str) -> str | None:
    title_l = (title or "").lower()
    if "commissioner" in title_l:
        return "commissioners_report"
    if "business plan" in title_l or "business plan" in text[:600].lower():
        return "business_plan_update"
    if publisher == "HMIC" or "inspection" in title_l or "assessment" in title_l:
        return "inspection_report"
    if publisher == "MPA":
        return "committee_report"
    return None


def read_report_meta(text: str, blocks: Sequence[Block]) -> ReportMeta:
    """Metadata of one report; fields the text does not give stay None."""
    opening = _OPENING.search(text[:4000])
    number = _first([lambda: _header(text, "number"), lambda: opening.group("number") if opening else None])
    date_text = _first([lambda: _header(text, "date"), lambda: opening.group("date") if opening else None])
    title = _title(text, blocks)
    has_header = _header(text, "number") is not None and _header(text, "date") is not None
    publisher = _publisher(text, title, has_header)
    return ReportMeta(
        title=title,
        report_number=number if number and re.fullmatch(r"\d+[A-Za-z]?", number) else None,
        meeting_date=_date(date_text) if date_text else None,
        committee=_first(
            [
                lambda: _committee_from_opening(text),
                lambda: _committee_prepared_for(text),
                lambda: _header(text, "committee"),
            ]
        ),
        presented_by=_header(text, "by"),
        publisher=publisher,
        period_covered=_period_covered(text, blocks),
        report_type=_report_type(title, publisher, text),
    )
