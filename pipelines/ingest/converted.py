"""What every converter returns, and the error it raises for a file it cannot read."""

from __future__ import annotations

from dataclasses import dataclass


class ConversionError(ValueError):
    """A file that cannot be turned into text; the message is the recorded reason."""


@dataclass(frozen=True, slots=True)
class Converted:
    """The text offsets index, the format it came from, and page spans for paged formats.

    `pages` holds (start, end, page number) spans of `text`; empty when the source had
    no pages.
    """

    text: str
    file_format: str
    encoding: str | None
    pages: tuple[tuple[int, int, int], ...] = ()
