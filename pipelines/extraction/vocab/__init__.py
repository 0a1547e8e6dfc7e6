"""Phrase lists and patterns kept as data files, loaded once."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a vocabulary file."""
    lines = (line.strip() for line in _read(name).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def load_rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a CSV vocabulary file (header row first, '#' lines skipped)."""
    lines = [line for line in _read(name).splitlines() if not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines))


@cache
def load_mapping(name: str) -> dict[str, str]:
    """A two-column CSV as {first: second}, keys lower-cased."""
    rows = load_rows(name)
    if not rows:
        return {}
    key, value = list(rows[0].keys())[:2]
    return {row[key].lower(): row[value] for row in rows}
