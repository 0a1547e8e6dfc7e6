"""Caches of what is read off a sentence, kept for one report at a time.

Every family reads the same sentences (figures, periods, organisation names, clauses), so
what is read off a sentence is cached. The caches are emptied when the next report starts
(`extract_report` calls `forget`): a sentence is read once per report, never served from
another report. Reports of one archive share a little boilerplate, while a corpus made
from a few templates (the benchmark's) repeats most of its sentences: caches shared across
reports would make the benchmark measure that repetition rather than extraction.

Caches of single words, headings and vocabulary stay for the life of the process: those
recur in any archive.

>>> @per_report
... def shout(text: str) -> str:
...     return text.upper()
>>> shout("a"), shout("a"), shout.cache_info().hits
('A', 'A', 1)
>>> forget(); shout.cache_info().currsize
0
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import TypeVar

T = TypeVar("T")

# Distinct sentences (and their tails and clauses) of the longest reports.
REPORT_CACHE_SIZE = 8192

_CACHES: list[_lru_cache_wrapper[object]] = []


def per_report(function: Callable[..., T]) -> _lru_cache_wrapper[T]:
    """`lru_cache` that `forget` empties at the start of each report."""
    cached = lru_cache(maxsize=REPORT_CACHE_SIZE)(function)
    _CACHES.append(cached)  # type: ignore[arg-type]
    return cached


def forget() -> None:
    """Empty every per-report cache."""
    for cached in _CACHES:
        cached.cache_clear()
