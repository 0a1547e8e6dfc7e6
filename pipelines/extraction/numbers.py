"""The grammar of quantities: money, percentages, counts, ranks, with their spans.

Every figure keeps the words it was read from (`surface`) and where they stand
(`start`, `end`: offsets into the string given to `find_quantities`).

>>> [(q.value, q.unit) for q in find_quantities("a budget of £382m for 2007/08")]
[(Decimal('382000000'), 'gbp')]
>>> [(q.value, q.unit, q.approx) for q in find_quantities("nearly 1,200 arrests")]
[(Decimal('1200'), 'count', 'nearly')]
>>> [(q.value, q.unit) for q in find_quantities("target is – 5% - achieved is +7.1%")]
[(Decimal('-5'), 'percent'), (Decimal('7.1'), 'percent')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache

from pipelines.extraction.lexicon import alternation, phrase_key, word_tree
from pipelines.extraction.memo import per_report
from pipelines.extraction.needles import Guarded
from pipelines.extraction.periods import MONTH_ALTERNATION
from pipelines.extraction.vocab import load_lines, load_mapping
from pipelines.parsing.chars import has_digit

DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # escaped for use inside [...]
_DASH = f"[{DASHES}]"

SCALES: dict[str, Decimal] = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "m": Decimal(1000000),
    "mn": Decimal(1000000),
    "million": Decimal(1000000),
    "bn": Decimal(1000000000),
    "billion": Decimal(1000000000),
}


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure read from text.

    `unit` is one of gbp, percent, percentage_points, count, rate, hours, days,
    ratio, other. `kind` says how it was written: number, word, ordinal, range.
    `approx` keeps a qualifier such as "over" or "nearly"; `high` the top of a range.
    """

    value: Decimal
    unit: str
    start: int
    end: int
    surface: str
    kind: str = "number"
    approx: str | None = None
    signed: bool = False
    high: Decimal | None = None
    measure_word: str | None = None


# ---------------------------------------------------------------- vocabulary


@cache
def _number_words() -> dict[str, int]:
    return {k: int(v) for k, v in load_mapping("number_words.csv").items()}


@cache
def _ordinal_words() -> dict[str, int]:
    return {k: int(v) for k, v in load_mapping("ordinal_words.csv").items()}


@cache
def _approx_pattern() -> re.Pattern[str]:
    alternatives = alternation(load_lines("approx_qualifiers.txt"))
    return re.compile(rf"(?:^|(?<=[\s(]))(?P<q>{alternatives})\s+(?:of\s+)?(?:the\s+)?$", re.I)


@cache
def _label_words() -> frozenset[str]:
    """Words that turn the number after them into a label: "Table 1", "Level 2"."""
    return frozenset(w.lower() for w in load_lines("label_words.txt"))


@cache
def _unit_words() -> dict[str, str]:
    """Words after a number that give it a unit: "24 hours", "181 days", "137 kg"."""
    return load_mapping("unit_words.csv")


# Lower case: the patterns using them ignore case. Full names before the abbreviations.
MONTHS = MONTH_ALTERNATION.lower() + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"

# ---------------------------------------------------------------- patterns

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:bn|billion|million|mn|thousand|m|k)"

_MONEY = re.compile(
    rf"£\s?(?P<n>{_NUM})(?:\s?(?P<s>{_SCALE})\b|(?P<s2>[mMkK])(?![A-Za-z]))?"
    rf"(?:\s?(?:{_DASH}|to)\s?£?\s?(?P<n2>{_NUM})(?:\s?(?P<s3>{_SCALE})\b)?)?",
)
_NUMBER = re.compile(
    rf"(?<![\w.£/:])(?P<sign>[+{DASHES}]\s?)?(?P<n>{_NUM})(?![\d])(?!(?:st|nd|rd|th)\b)"
    rf"(?P<pct>\s?(?:%|per\s?cent\b|percent\b|percentage\s+points?\b)(?:\s?(?:age)?\s?points?\b)?)?"
    rf"(?:\s?(?P<scale>million|billion|bn)\b)?",
    re.I,
)
_FISCAL_YEAR = re.compile(rf"\b(?:19|20)\d\d\s?[/{DASHES}]\s?(?:(?:19|20)?\d\d|\d)\b")
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b\.?(?:\s+(?:19|20)\d\d)?"
    rf"|\b(?:{MONTHS})\.?\s?{_DASH}?\s?(?:(?:19|20)\d\d|\d\d)\b",
    re.I,
)
_PHONE = re.compile(r"\b0\d{2,4}\s\d{3,4}\s\d{3,4}(?:/\d+)?\b")
_CLOCK = re.compile(r"\b24/7\b|\b\d{1,2}[:.]\d\d\s?(?:am|pm)\b|\b999\b", re.I)
_HYPHEN_CHAIN = re.compile(rf"\b\d+(?:{_DASH}\d+){{2,}}\b")
_ADJECTIVE_DURATION = re.compile(rf"(?P<n>\d+(?:\.\d+)?){_DASH}(?P<u>hour|day|week|month|year|minute|mile)s?\b", re.I)
_AGE = re.compile(
    rf"\baged\s+(?:\d+\s?(?:{_DASH}|to|and)\s?)?\d+\b|\b\d+{_DASH}year{_DASH}olds?\b"
    rf"|\b(?:under|over)\s+\d+\s?(?:{_DASH}\s?)?years?\s?(?:{_DASH}\s?)?olds?\b"
    rf"|\bunder\s+\d+s?\b(?=\s+[A-Za-z]+\s+(?:victims|year))|\b[Uu]nder\s+\d+s\b",
    re.I,
)
_LABEL_WORDS = re.compile(r"[A-Za-z][A-Za-z']*|\d+|&")
_LABEL_TAIL = re.compile(r"[\s.:#]*")
_DIGITS = re.compile(r"\d+")
_CODE = re.compile(r"[A-Z]{2,5}")
_COUNTED_AFTER = re.compile(r"[\d,.]*\d\s+[a-z]+s\b")
_WORD_AFTER = re.compile(r"\s?([A-Za-z]+)")
_FOLLOWING_WORD = re.compile(r"\s+([A-Za-z]+)")
_DASH_AT = re.compile(_DASH)
_DASH_LETTER = re.compile(rf"{_DASH}[A-Za-z]")
_LETTER = re.compile(r"[A-Za-z]")
_COMPOUND = re.compile(r"[- ]([a-z]+)\b")
_HYPHEN_LETTER = re.compile(r"-[A-Za-z]")
_PER_CENT = re.compile(r"\s(?:per\s?cent|percent)\b", re.I)
_RANGE_GAP = re.compile(rf"\s?(?:{_DASH}|to)\s?")
_FROM_BY = re.compile(r"\b(?:from|by)\s+(?:\w+\s+)?$")
_POINTS = re.compile(r"\s?points?\b")
# A digit running on into a time ("10.30am"), "24/7", "999", a chain of hyphenated
# figures ("1-2-3") or an ordinal ("21st"): `_CLOCK`, `_HYPHEN_CHAIN` and `_ORDINAL_DIGITS`
# cannot match without one. A pattern opening with `\d` skips to the digits, while those
# three try every position; most sentences hold none.
_RUN_ON = re.compile(rf"\d(?:4/7|[:.]\d\d|99|{_DASH}\d|st|nd|rd|th)", re.I)
# Each blocking pattern, and whether it needs `_RUN_ON` to match.
_BLOCKING = tuple(
    (Guarded(p), p is _CLOCK or p is _HYPHEN_CHAIN) for p in (_FISCAL_YEAR, _DATE, _PHONE, _CLOCK, _HYPHEN_CHAIN, _AGE)
)
_WORD_NUMBER = re.compile(r"\b(?P<w>[A-Za-z]+)(?:[\s-](?P<w2>[a-z]+))?\b")
_ORDINAL_DIGITS = re.compile(r"(?<![\w.])(?P<n>\d+)(?:st|nd|rd|th)\b", re.I)


def parse_decimal(raw: str) -> Decimal | None:
    """Read "1,234.5" as a Decimal; None when it is not a number.

    >>> parse_decimal("2,830.5")
    Decimal('2830.5')
    >>> parse_decimal("n/a") is None
    True
    """
    try:
        return Decimal(raw.replace(",", "").strip())
    except InvalidOperation:
        return None


def parse_amount(text: str) -> Decimal | None:
    """Read a money figure as pounds.

    >>> parse_amount("£1.2bn")
    Decimal('1200000000')
    >>> parse_amount("£140K")
    Decimal('140000')
    >>> parse_amount("no figure") is None
    True
    """
    for quantity in find_quantities(text):
        if quantity.unit == "gbp":
            return quantity.value
    return None


def _scaled(number: Decimal, scale: str | None) -> Decimal:
    if not scale:
        return number
    factor = SCALES.get(scale.lower())
    return normal(number * factor) if factor else number


def normal(value: Decimal) -> Decimal:
    """Drop trailing zeros from scaled values without switching to exponent form."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in taken)


def _blocked_spans(text: str, run_on: bool = True) -> list[tuple[int, int]]:
    """Spans holding numbers that are not quantities: dates, years, codes, ages. `run_on`
    False says `_RUN_ON` finds nothing in `text`, so the patterns needing it are not run."""
    spans: list[tuple[int, int]] = []
    for pattern, needs_run_on in _BLOCKING:
        if run_on or not needs_run_on:
            spans.extend(m.span() for m in pattern.finditer(text))
    return spans


# A dash set off by spaces ("is – 5%") is a minus only after a word that expects a figure;
# after a noun it separates ("1,894 vehicle seizures – 48% from drivers ...").
_EXPECTS_FIGURE = re.compile(
    r"(?:\b(?:is|was|are|were|be|been|being|of|at|by|to|from|target|targets|change|and|or)|[:(=])$",
    re.I,
)


def _sign_of(text: str, match: re.Match[str]) -> int:
    """+1, -1 or 0 for an explicit sign before the figure.

    A dash touching the figure is a minus ("-3%", "is –1", "-3% -22.6%"), unless it
    touches a figure before it too ("3,500-4,000"). A dash followed by a space is a
    minus only where a figure is expected ("target ... is – 5%"), so that "2008 – 2011",
    "25% - achieved" and "seizures – 48% from drivers" stay unsigned.

    >>> [q.value for q in find_quantities("Gun Crime rate reduction -3% -22.6% +ve")]
    [Decimal('-3'), Decimal('-22.6')]
    >>> [q.value for q in find_quantities("1,894 vehicle seizures – 48% from drivers")]
    [Decimal('1894'), Decimal('48')]
    """
    sign = match.group("sign")
    if not sign:
        return 0
    if sign.strip() == "+":
        return 1
    before = text[: match.start()]
    stripped = before.rstrip()
    if not stripped:
        return -1
    spaced = sign != sign.strip()
    if not spaced:
        # "3,500-4,000" is a range; "-3% -22.6%" a second signed figure.
        return -1 if before != stripped or not stripped[-1].isalnum() else 0
    if stripped[-1].isdigit() or stripped[-1] in "%.,;":
        return 0
    return -1 if _EXPECTS_FIGURE.search(stripped) else 0


@cache
def _approx_last_words() -> tuple[str, ...]:
    """The words a match of `_approx_pattern` ends with (before white space), in lower
    case: each qualifier's last word ("than" of "more than"), "of" and "the"."""
    return tuple(sorted({p.split()[-1].lower() for p in load_lines("approx_qualifiers.txt")} | {"of", "the"}))


def _approx_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 24) : start]
    if window.isascii() and not window.rstrip().lower().endswith(_approx_last_words()):
        # No match can end the window: a suffix test tells without running the pattern
        # (not so for other texts, where `re.I` folds some characters unlike `str.lower`).
        return None
    match = _approx_pattern().search(window)
    return phrase_key(match.group("q")) if match else None


# Labels of parts of a document, which run to any number ("paragraph 241", "page 112").
_DOCUMENT_LABELS = frozenset(
    {
        "paragraph",
        "paragraphs",
        "para",
        "page",
        "pages",
        "section",
        "report",
        "act",
        "article",
        "appendix",
        "annex",
        "table",
        "figure",
        "chapter",
        "schedule",
        "footnote",
        "item",
    }
)


def _label_before(text: str, start: int) -> bool:
    """True for "Table 1", "SPI 1.1", "Level 2", "Appendix 1", "paragraphs 41 and 42".

    >>> [q.value for q in find_quantities("Last year, 17 defendants; Table 3 shows")]
    [Decimal('17')]
    """
    before = text[max(0, start - 30) : start]
    words = _LABEL_WORDS.findall(before)
    if not words:
        return False
    last = words[-1].lower()
    tail = before[before.rfind(words[-1]) + len(words[-1]) :]
    if last in _label_words():
        # "Year 7", "No. 5" label a number; "Last year, 17 defendants" does not, nor does
        # "the first phase 285 Safer Neighbourhoods teams" (a place in a sequence is small).
        if _LABEL_TAIL.fullmatch(tail) is None:
            return False
        number = _DIGITS.match(text, start)
        return last in _DOCUMENT_LABELS or not number or int(number.group(0)) < 100
    if last in {"and", "&", "or", "to"} and len(words) >= 3 and words[-2].isdigit():
        return words[-3].lower() in _label_words()
    # An all-capitals code just before ("SPI 6.1", "CO 19") labels the number, unless a
    # counted noun follows it ("taking the MPS 181 days").
    raw_last = words[-1]
    gap = before[before.rfind(raw_last) + len(raw_last) :]
    if not (_CODE.fullmatch(raw_last) and gap in {" ", ""}):
        return False
    return _COUNTED_AFTER.match(text[start : start + 24]) is None


def _unit_after(text: str, end: int) -> tuple[str, str] | None:
    match = _WORD_AFTER.match(text[end : end + 16])
    if not match:
        return None
    word = match.group(1).lower()
    unit = _unit_words().get(word)
    return (unit, word) if unit else None


# Words before a bare 19xx/20xx that make it a year: "in 2005", "As 2012 draws closer".
_YEAR_BEFORE = re.compile(
    r"(?:^|[.,;:(]\s*|\b(?:in|during|since|by|from|until|till|before|after|of|for|as|to|and|or|"
    r"the|between|early|late|mid|spring|summer|autumn|winter|end|year|january|february|march|"
    r"april|may|june|july|august|september|october|november|december)\s+)$",
    re.I,
)


def _is_year(value: Decimal, surface: str, text: str, end: int, start: int = 0) -> bool:
    """A bare 19xx/20xx integer is a year unless a counted noun follows it.

    "over 2000 officers" counts officers; "in 2005 the force", "As 2012 draws closer" and
    "2012 Olympics" are years.

    >>> [q.value for q in find_quantities("As 2012 draws closer; over 2000 officers")]
    [Decimal('2000')]
    """
    if "," in surface or "." in surface or not (1900 <= value <= 2099):
        return False
    if _YEAR_BEFORE.search(text[max(0, start - 30) : start]):
        return True
    following = _FOLLOWING_WORD.match(text[end : end + 24])
    if not following:
        return True
    word = following.group(1).lower()
    if word in _year_followers():
        return True
    return not (word.endswith("s") or word in _irregular_plurals())


@cache
def _year_followers() -> frozenset[str]:
    return frozenset(load_lines("year_followers.txt"))


@cache
def _irregular_plurals() -> frozenset[str]:
    return frozenset(load_lines("irregular_plurals.txt"))


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order of position (a fresh list; results are cached)."""
    return list(_find_quantities(text))


@per_report
def _find_quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity in `text`, in order of position.

    >>> [(q.value, q.unit) for q in find_quantities("over spend of £6.6m on a budget of £373.5m (+1.76%)")]
    [(Decimal('6600000'), 'gbp'), (Decimal('373500000'), 'gbp'), (Decimal('1.76'), 'percent')]
    >>> [(q.value, q.unit) for q in find_quantities("SPI 1.2 gap 3.8% points 4.2% points Year to Jun 08")]
    [(Decimal('3.8'), 'percentage_points'), (Decimal('4.2'), 'percentage_points')]
    >>> [q.value for q in find_quantities("Report 12 of the 20 December 2007 meeting, 2005/06")]
    []
    >>> [(q.value, q.kind) for q in find_quantities("with seven detected and ranked fifth")]
    [(Decimal('7'), 'word'), (Decimal('5'), 'ordinal')]
    """
    if not has_digit(text):
        # Without a digit only spelled-out numbers can be read: every other pattern needs one.
        return tuple(_points_after_percent(text, _join_ranges(text, _word_quantities(text, [], ordinals=False))))
    found: list[Quantity] = []
    run_on = _RUN_ON.search(text) is not None
    blocked = _blocked_spans(text, run_on)
    taken: list[tuple[int, int]] = []

    for match in _MONEY.finditer(text):
        number = parse_decimal(match.group("n"))
        if number is None:
            continue
        scale = match.group("s") or match.group("s2") or match.group("s3")
        high = None
        if match.group("n2"):
            top = parse_decimal(match.group("n2"))
            if top is not None:
                high = _scaled(top, match.group("s3") or scale)
        value = _scaled(number, scale)
        start, end = match.span()
        found.append(
            Quantity(
                value=value,
                unit="gbp",
                start=start,
                end=end,
                surface=match.group(0),
                kind="range" if high is not None else "number",
                approx=_approx_before(text, start),
                high=high,
            )
        )
        taken.append((start, end))

    for match in _NUMBER.finditer(text):
        start, end = match.span()
        n_start = match.start("n")
        if _overlaps(start, end, taken) or _overlaps(n_start, match.end("n"), blocked):
            continue
        number = parse_decimal(match.group("n"))
        if number is None:
            continue
        if _DASH_AT.match(text[end : end + 1]) and _ADJECTIVE_DURATION.match(text, n_start):
            duration = _ADJECTIVE_DURATION.match(text, n_start)
            assert duration is not None
            unit = {"hour": "hours", "day": "days"}.get(duration.group("u").lower())
            if unit:
                found.append(Quantity(number, unit, n_start, duration.end(), duration.group(0)))
            taken.append((n_start, duration.end()))
            continue
        if _label_before(text, n_start) or text[n_start - 1 : n_start] in {"[", "#"}:
            continue
        glued = not match.group("pct") and not match.group("scale")
        if glued and _DASH_LETTER.match(text[end : end + 2]):
            continue  # "a 6-monthly newsletter", "a 3-tier plan": an adjective, not a count
        if glued and _LETTER.match(text[end : end + 1]) and not _unit_after(text, end):
            continue  # "4G networks", "3D modelling", "SPI 1e": part of a name
        pct = match.group("pct")
        scale = match.group("scale")
        sign = _sign_of(text, match)
        if pct:
            unit = "percentage_points" if "point" in pct.lower() else "percent"
        else:
            unit = "count"
            if sign == 0 and not scale and _is_year(number, match.group("n"), text, end, n_start):
                continue
        value = _scaled(number, scale) * (-1 if sign < 0 else 1)
        measure_word = None
        if unit == "count":
            after = _unit_after(text, end)
            if after:
                unit, measure_word = after
        q_start = start if sign else n_start
        found.append(
            Quantity(
                value=value,
                unit=unit,
                start=q_start,
                end=end,
                surface=text[q_start:end],
                approx=_approx_before(text, q_start),
                signed=sign != 0,
                measure_word=measure_word,
            )
        )
        taken.append((q_start, end))

    found.extend(_word_quantities(text, taken + blocked, ordinals=run_on))
    found = _join_ranges(text, sorted(found, key=lambda q: q.start))
    return tuple(_points_after_percent(text, found))


@cache
def _number_word_pattern() -> tuple[Guarded, re.Pattern[str]]:
    """Spelled-out numbers and ordinals as whole words, so that only they are looked at:
    the words one after another, guarded (the guard reads from them which texts can hold
    one), and the pattern to run, the same words as a tree of prefixes (`word_tree`), which
    finds the same matches in a third of the time (all of them being word characters)."""
    words = sorted({*_number_words(), *_ordinal_words()}, key=len, reverse=True)
    listed = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b", re.I)
    if not all(re.fullmatch(r"\w+", w) for w in words):
        return Guarded(listed), listed
    return Guarded(listed), re.compile(rf"\b(?:{word_tree(words)})\b", re.I)


def _word_quantities(text: str, taken: list[tuple[int, int]], ordinals: bool = True) -> list[Quantity]:
    """Spelled-out numbers and ordinals, and, unless `ordinals` is False (`text` holds no
    digit running on into one), ordinals written in digits ("21st")."""
    words = _number_words()
    ordinal_words = _ordinal_words()
    out: list[Quantity] = []
    for match in _ORDINAL_DIGITS.finditer(text) if ordinals else ():
        if not _overlaps(match.start(), match.end(), taken):
            out.append(
                Quantity(
                    Decimal(match.group("n")),
                    "other",
                    match.start(),
                    match.end(),
                    match.group(0),
                    kind="ordinal",
                )
            )
    guard, number_words = _number_word_pattern()
    for match in number_words.finditer(text) if guard.may_match(text) else ():
        word = match.group(0).lower()
        start, end = match.span()
        if word in ordinal_words:
            if not _overlaps(start, end, taken):
                out.append(Quantity(Decimal(ordinal_words[word]), "other", start, end, match.group(0), kind="ordinal"))
            continue
        if word not in words or (out and out[-1].kind == "word" and start < out[-1].end):
            continue
        value = words[word]
        compound = _COMPOUND.match(text[end : end + 12])
        if compound and compound.group(1) in words and words[compound.group(1)] < 10 <= value:
            value += words[compound.group(1)]
            end += compound.end()
        start = match.start()
        if _overlaps(start, end, taken) or _HYPHEN_LETTER.match(text[end : end + 2]):
            continue  # "a six-monthly basis", "a two-year trend": an adjective, not a count
        pct = _PER_CENT.match(text[end : end + 10])
        unit = "count"
        measure_word = None
        if pct:
            unit, end = "percent", end + pct.end()
        elif _unit_after(text, end):
            # "six minutes", "three years": a spelled-out number with a unit word after it
            unit, measure_word = _unit_after(text, end) or (unit, None)
        out.append(
            Quantity(
                Decimal(value),
                unit,
                start,
                end,
                text[start:end],
                kind="word",
                approx=_approx_before(text, start),
                measure_word=measure_word,
            )
        )
    return out


def _join_ranges(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Fold "100 to 130" and "3,500-4,000" into one range quantity (value = low end)."""
    out: list[Quantity] = []
    for quantity in quantities:
        if out:
            prev = out[-1]
            gap = text[prev.end : quantity.start]
            joinable = (
                prev.unit == quantity.unit
                and prev.kind in {"number", "word"}
                and quantity.kind in {"number", "word"}
                and _RANGE_GAP.fullmatch(gap) is not None
                and prev.high is None
                and quantity.value > prev.value
                and not quantity.signed
                # "up from 84% to 90%", "improved by 2.7% to 23.41%": two figures, not a range.
                and not _FROM_BY.search(text[max(0, prev.start - 16) : prev.start])
            )
            if joinable:
                out[-1] = replace(
                    prev,
                    end=quantity.end,
                    surface=text[prev.start : quantity.end],
                    kind="range",
                    high=quantity.value,
                )
                continue
        out.append(quantity)
    return out


def cell_value(text: str, quantity: Quantity) -> Decimal:
    """The value of a table cell, negative in brackets or with a dash touching it, as
    finance and workforce tables write a fall: '(1,602)', '-1,602'.

    >>> row = "Police officers  33,000  (1,602)"
    >>> [cell_value(row, q) for q in find_quantities(row)]
    [Decimal('33000'), Decimal('-1602')]
    """
    before = text[max(0, quantity.start - 2) : quantity.start]
    bracketed = before.endswith("(") and text[quantity.end : quantity.end + 1] == ")"
    dashed = _CELL_DASH.fullmatch(before) is not None or before in {"-", "–", "−"}
    return -quantity.value if (bracketed or dashed) and quantity.value > 0 else quantity.value


_CELL_DASH = re.compile(r"(?:^|\s)[-–−]")


def _points_after_percent(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """'at 4.2 points' after a sentence about percentage gaps is percentage points."""
    out = []
    for quantity in quantities:
        if quantity.unit == "count" and _POINTS.match(text, quantity.end):
            quantity = replace(quantity, unit="percentage_points")
        out.append(quantity)
    return out
