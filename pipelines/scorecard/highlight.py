"""Where a fact's figures sit in its source words, so they can be highlighted.

A fact keeps the sentence, list item or table row it came from (`source_text`) and its
values. The figure is found again in those words: first as a quantity read the way the
extractor reads it (so `£382m` matches 382000000), allowing for tables headed `£m`
(`2,595.0` matches 2595000000); then as the value written out; then words such as a
grade (`Excellent`) or a direction of travel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

_SCALES = (Decimal(1), Decimal(1000), Decimal(1000000), Decimal(1000000000))


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _same(wanted: Decimal, found: Decimal) -> bool:
    return any(abs(abs(wanted) - abs(found) * scale) <= abs(wanted) * Decimal("1e-9") for scale in _SCALES)


def _written(value: Decimal) -> list[str]:
    """Ways a value may be printed: `3137` as `3,137` or `3137`, `7.10` as `7.1`."""
    plain = format(value.normalize(), "f").lstrip("-")
    if "." in plain:
        whole, fraction = plain.split(".")
    else:
        whole, fraction = plain, ""
    grouped = f"{int(whole):,}" if whole.isdigit() else whole
    forms = {plain, grouped + (f".{fraction}" if fraction else "")}
    return sorted(forms, key=len, reverse=True)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def figure_spans(text: str, values: Iterable[object] = (), words: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Character spans of `text` that state the given values or words, sorted and merged.

    >>> figure_spans("SCD has been allocated £382m for 2007/08.", [382000000])
    [(23, 28)]
    >>> figure_spans("Main guidance  2,595.0 2,640.4", [2640400000])
    [(23, 30)]
    >>> text = "3A Managing Critical Incidents Excellent Stable"
    >>> [text[s:e] for s, e in figure_spans(text, [], ["Excellent", "Stable"])]
    ['Excellent', 'Stable']
    >>> figure_spans("no figure here", [12])
    []
    """
    from pipelines.extraction.numbers import find_quantities

    numbers = [n for n in (_decimal(v) for v in values) if n is not None]
    spans: list[tuple[int, int]] = []
    missing = []
    quantities = find_quantities(text) if numbers else []
    for number in numbers:
        hits = [
            (q.start, q.end)
            for q in quantities
            if _same(number, q.value) or (q.high is not None and _same(number, q.high))
        ]
        if hits:
            spans.extend(hits)
        else:
            missing.append(number)
    for number in missing:
        for form in _written(number):
            found = [(m.start(), m.end()) for m in re.finditer(rf"(?<![\d.,]){re.escape(form)}(?![\d])", text)]
            if found:
                spans.extend(found)
                break
    for word in words:
        if word:
            spans.extend((m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE))
    return _merge(spans)
