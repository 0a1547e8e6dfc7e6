"""The descriptive fields of a fact: its indicator name, unit, trend and signed values.

The indicator is named as the text names it: the label of a numbered list item ("The
number of criminal networks disrupted - target ..."), what a count counts ("child abuse
offences"), the rate named before a percentage ("a sanction detection rate of 22.1%"),
the subject of a change ("Priority crime reduced by 5%") or what changed ("a 9.1%
reduction in knife crime"). A sentence opening "This reduction ..." names the measure of
the sentence before.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.extraction.kpi_figures import Figure, noun_after
from pipelines.extraction.kpi_words import guarded_changes

Clauses = list[tuple[int, int, bool]]

_LIST_LABEL = re.compile(r"^\s*(?P<label>[^–—\-:]{6,160}?)\s*[–—\-:]\s*(?:the\s+)?targets?\b", re.I)
_RATE_NAME = re.compile(
    r"(?P<name>(?:[A-Za-z][\w'’/-]*\s+){0,6}[A-Za-z][\w'’/-]*)\s+(?:of|was|is|at|stands\s+at|were|"
    r"running\s+at|for\s+\w+\s+(?:\w+\s+)?of)\s*$"
)
# A rate name and its link take at most eleven runs of white space-free text ("the overall
# sanction detection rate for violent crime of"); only the end of what precedes the figure
# can hold one.
_RATE_NAME_CHUNKS = 12
# The last word of every link `_RATE_NAME` ends with, before the white space at the end.
_LINK_ENDS = ("of", "was", "is", "at", "were")


def _rate_name(before: str) -> re.Match[str] | None:
    """`_RATE_NAME.search(before)`, looking only at the last words, where a match must start,
    and not at all when the text does not end with a link's last word.

    >>> _rate_name("Across all boroughs the sanction detection rate was ").group("name")
    'Across all boroughs the sanction detection rate'
    >>> _rate_name("Across all boroughs the sanction detection rate rose to ") is None
    True
    """
    if not before.rstrip().endswith(_LINK_ENDS):
        return None
    head = before.rsplit(None, _RATE_NAME_CHUNKS)
    start = len(head[0]) if len(head) > _RATE_NAME_CHUNKS else 0
    return _RATE_NAME.search(before, start)


_LEADING = re.compile(
    r"^(?:(?:a|an|the|our|its|their|this|that|overall|also|however|and|with|which|while|by|"
    r"achieved|achieving|gave|giving|providing|has|have|had|is|was)\s+)+",
    re.I,
)
_COPULA_END = re.compile(r"(?:\s+(?:is|was|are|were|has|have|had|been|actually|also|now|still|further))+\s*$", re.I)
_SEGMENT_START = re.compile(r"^.*(?:,|\bshowing\b|\bthat\b|\bwhile\b|\bwhilst\b)\s*", re.S)
_DEMONSTRATIVE = re.compile(r"^\s*(?:This|These|That|Those|It|They)\b")
_MORE_OF = re.compile(r"\s*(?:more|fewer|less)\s+((?:[\w-]+\s+){0,3}[\w-]+)")
_CHANGE_IN = re.compile(r"\s*(?:\w+\s+)?(?:reduction|increase|rise|fall)\s+in\s+(?:the\s+)?([^,.;]{3,60})")
_FOOTNOTE = re.compile(r"\s*\[\d+\]")


def clean(text: str) -> str:
    """Collapse white space, drop footnote marks and edge punctuation.

    >>> clean(" Confidence in local policing\\u00a0[1] - ")
    'Confidence in local policing'
    """
    text = _FOOTNOTE.sub("", text.replace("\u00a0", " "))
    return " ".join(text.split()).strip(" -–—:;,.(")


def _name(text: str) -> str:
    return clean(_LEADING.sub("", text))


def _change_name(before: str, after: str) -> str:
    subject = guarded_changes().search(before)
    if subject and not _rate_name(before):
        # "Criminal damage is down 11.3%", "Priority crime reduced by 5%"
        segment = _SEGMENT_START.sub("", before[: subject.start()])
        named = _name(_COPULA_END.sub("", segment))
        if named:
            return named[-120:]
    # "5% more events", "a 9.1% reduction in knife crime"
    found = _MORE_OF.match(after) or _CHANGE_IN.match(after)
    return clean(noun_after(" " + found.group(1))) if found else ""


def indicator_of(sentence: str, head: Figure, noun: str, spans: Clauses, previous_indicator: str) -> str:
    """The name of the measure the fact headed by `head` reports."""
    label = _LIST_LABEL.match(sentence)
    if label:
        return clean(label.group("label"))
    a, _, _ = spans[head.clause]
    labelled = sentence[:a].rstrip().endswith(":") and not sentence[a : head.quantity.start].strip()
    if head.clause and labelled:
        # "Response to emergency calls within 15 minutes: 91.2% (target 90%)"
        return clean(sentence[spans[head.clause - 1][0] : a])
    if previous_indicator and _DEMONSTRATIVE.match(sentence[a:]) and head.quantity.unit != "count":
        # "This reduction is marginally adrift of the year-end target of a 6% reduction."
        return previous_indicator
    quantity = head.quantity
    before = sentence[a : quantity.start]
    after = sentence[quantity.end : quantity.end + 80]
    if quantity.kind == "ordinal":
        # "ranked 40th out of 43 forces for victim satisfaction"
        measure = re.search(r"\b(?:for|in)\s+((?!the\s+(?:MSF|country))[^,.;()]{3,70})", after)
        if measure and not re.match(r"\s*\d", measure.group(1)):
            return "rank: " + clean(measure.group(1))
    if quantity.unit in {"count", "other"} and noun and quantity.kind != "ordinal":
        return clean(noun)
    if quantity.unit == "gbp":
        # "£1.3m in criminal assets", "£53m cash seized"
        what = noun_after(re.sub(r"^\s*(?:in|of|worth\s+of)\s+", " ", after))
        if what:
            return clean(what)
    if head.role == "change":
        named = _change_name(before, after)
        if named:
            return named
    rate = _rate_name(before)
    if rate:
        return _name(rate.group("name"))
    if noun:
        return clean(noun)
    subject = guarded_changes().search(before)
    return _name(before[: subject.start()] if subject else before)[-120:] or "unnamed measure"


_THAN_NEXT = re.compile(r"\s+than\b")


def trend_of(sentence: str, clause: tuple[int, int]) -> str | None:
    """The change word of the fact's clause, as written ("rose", "improved", "reduction")."""
    text = sentence[clause[0] : clause[1]]
    for word in guarded_changes().finditer(text):
        if not _THAN_NEXT.match(text[word.end() :]):  # "more than 1,000" qualifies
            return word.group(0).lower()
    return None


def signed(figure: Figure) -> Decimal:
    """The figure's value, negative for a fall ("a decrease of 21" -> -21)."""
    value = figure.quantity.value
    if figure.sign < 0 and value > 0 and figure.role in {"change", "target", "baseline"}:
        return -value
    return value


_PER_FIGURE = re.compile(r"\bper\s+[\d,.]+")


def unit_of(head: Figure, noun: str, sentence: str, earlier: list[Figure]) -> str:
    """The fact's unit: a rank is `other`; "2400 officer days" is days; a count where the
    sentence measures "per 1,000 residents" is a rate; a bare comparator takes the unit of
    what it is compared with ("at 4.2 points is ahead of the national average of 5.1")."""
    quantity = head.quantity
    if quantity.kind == "ordinal":
        return "other"
    if head.role == "comparator" and quantity.unit == "count" and not noun:
        units = [f.quantity.unit for f in earlier if f.quantity.unit != "count"]
        if units:
            return units[-1]
    last = noun.split()[-1].lower() if noun else ""
    if quantity.unit == "count" and last in {"days", "hours"}:
        return last
    if quantity.unit == "count" and _PER_FIGURE.search(sentence):
        return "rate"
    return quantity.unit
