"""Cheap questions about the characters of a text, asked before costlier ones."""

from __future__ import annotations

import re

_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """Whether `text` holds a digit, as `\\d` reads one (any script's digits), tested cheaply.

    >>> has_digit("a rate of 22.1%"), has_digit("no figure"), has_digit("٣ arrests")
    (True, False, True)
    """
    if "0" in text or "1" in text or "2" in text or "3" in text or "4" in text:
        return True
    if "5" in text or "6" in text or "7" in text or "8" in text or "9" in text:
        return True
    return not text.isascii() and _DIGIT.search(text) is not None
