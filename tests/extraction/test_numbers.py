"""The quantity grammar: what counts as a figure, its value, unit, sign and span."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest

from pipelines.extraction import numbers
from pipelines.extraction.numbers import find_quantities


def read(text: str) -> list[tuple[str, str]]:
    """(value, unit) of every quantity, ordinals marked with a trailing 'th'."""
    return [(str(q.value) + ("th" if q.kind == "ordinal" else ""), q.unit) for q in find_quantities(text)]


DEVELOPMENT = [
    # 000: numbered KPI list with a spaced dash as the minus of a target.
    (
        "target for year to date is – 5% - achieved year to date is +7.1%",
        [("-5", "percent"), ("7.1", "percent")],
    ),
    (
        "target for year to date is –1 – achieved year to date is 0",
        [("-1", "count"), ("0", "count")],
    ),
    ("nearly 1,200 arrests", [("1200", "count")]),
    ("over £1 million cash and over 137 kg of cocaine", [("1000000", "gbp"), ("137", "other")]),
    # 003: table cells run together.
    (
        "SPI 5.5  Gun Crime rate reduction  -3% -22.6% +ve",
        [("-3", "percent"), ("-22.6", "percent")],
    ),
    (
        "SPI 1.2 gap 3.8% points 4.2% points Year to Jun 08",
        [("3.8", "percentage_points"), ("4.2", "percentage_points")],
    ),
    ("The MPS is ranked 1st in its MSF group for the rolling-year to Jun-08", [("1th", "other")]),
    ("16th compared to all forces in England & Wales", [("16th", "other")]),
    ("has fallen by three percent compared to 2006/07", [("3", "percent")]),
    # 001: a label word followed by a comma is not a label.
    ("Last year, 17 defendants were convicted", [("17", "count")]),
    (
        "In March 2006 it was taking the MPS 181 days to input 75% of cases",
        [("181", "days"), ("75", "percent")],
    ),
    ("rose by 1.73% to 19.86 households", [("1.73", "percent"), ("19.86", "count")]),
    ("improved by 2.7% to 23.41% for 2005/06", [("2.7", "percent"), ("23.41", "percent")]),
    ("a two-year improving trend up from 84% to 90%", [("84", "percent"), ("90", "percent")]),
    ("All of the first phase 285 Safer Neighbourhoods teams", [("1th", "other"), ("285", "count")]),
]

HELD_OUT = [
    (
        "1,894 vehicle seizures – 48% from drivers with previous convictions",
        [("1894", "count"), ("48", "percent")],
    ),
    ("As 2012 draws closer every major event", []),
    ("over 2000 officers attended", [("2000", "count")]),
    ("a 6-monthly newsletter and a six-monthly survey", []),
    ("two 4G networks and a 3D model", [("2", "count")]),
    ("SPI 1e has increased by 10.9%", [("10.9", "percent")]),
    ("the decision in paragraph 241 and Table 3", []),
    ("Phase 2 of the programme", []),
    ("answered within 10 seconds", [("10", "other")]),
    ("the 100 to 130 reports each day", [("100", "count")]),
]

BUGS = [
    # "-3% -22.6%" was joined into a range from -3 to 22.6.
    ("-3% -22.6% +ve", [("-3", "percent"), ("-22.6", "percent")]),
    # "1st" was read as the count 1.
    ("ranked 1st in its MSF group", [("1th", "other")]),
    # "the MPS 181 days": an all-capitals word before a number made it a label.
    ("taking the MPS 181 days", [("181", "days")]),
    # "Last year, 17": "year" labelled the number across the comma.
    ("Last year, 17 defendants", [("17", "count")]),
]


@pytest.mark.parametrize(("text", "expected"), DEVELOPMENT + HELD_OUT + BUGS, ids=lambda v: str(v)[:50])
def test_quantities_are_read_with_value_and_unit(text: str, expected: list[tuple[str, str]]) -> None:
    assert read(text) == expected


def test_a_quantity_keeps_its_exact_surface_and_span() -> None:
    text = "Forensic Services attended 118,221 crime scenes."
    (quantity,) = find_quantities(text)
    assert text[quantity.start : quantity.end] == quantity.surface == "118,221"
    assert quantity.value == Decimal("118221")


def test_a_range_keeps_both_ends() -> None:
    (quantity,) = find_quantities("(777,458 to 827,225 offences)")
    assert (quantity.kind, quantity.value, quantity.high) == (
        "range",
        Decimal("777458"),
        Decimal("827225"),
    )


@pytest.mark.parametrize("pattern", [numbers._CLOCK, numbers._HYPHEN_CHAIN, numbers._ORDINAL_DIGITS], ids=str)
def test_the_run_on_scan_never_hides_a_match(pattern: re.Pattern[str]) -> None:
    """`_RUN_ON` finding nothing must mean the pattern it stands in front of finds nothing."""
    pieces = ["24/7", "999", "10.30am", "9:15 PM", "1-2-3", "4\u20135\u20146", "21st", "2ND", "3\u017ft", "\u0663rd"]
    pieces += ["12", "2007/08", "-", "\u2013", ".", ":", "/", "st", "th", "am", " ", "\u00a0", "x", "\u212a"]
    rng = random.Random(20261123)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    missed = [t for t in texts if pattern.search(t) is not None and numbers._RUN_ON.search(t) is None]
    assert missed == []
