"""Business-plan milestones: "Quarter 1, 2018-19: launch of the Violent Crime Task Force".

A milestone is a heading (or a line in bold) that opens with a quarter and a financial
year, then a colon and what is to be done. Its status comes from a status mark or from
plain words in the milestone or the paragraph under it ("is now complete", "on track").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelines.extraction.document import ReportContext
from pipelines.extraction.models import MilestoneFact
from pipelines.extraction.periods import quarter_of
from pipelines.extraction.vocab import load_rows

_MILESTONE = re.compile(
    r"^\W*(?P<period>(?:Quarter|Q)\s?[1-4],?\s+(?:19|20)\d\d\s?[/\-–]\s?\d{2,4}|(?:19|20)\d\d\s?[/\-–]\s?\d{2,4},?\s+Quarter\s+[1-4])"
    r"\s*[:\-–]\s*(?P<milestone>.+?)\W*$",
    re.I,
)


def _status(text: str) -> str | None:
    lowered = text.lower()
    best: tuple[int, str] | None = None
    for row in load_rows("status_words.csv"):
        index = lowered.find(row["phrase"].lower())
        if index != -1 and (best is None or index < best[0]):
            best = (index, row["status"])
    return best[1] if best else None


def _milestone_lines(ctx: ReportContext) -> Iterator[tuple[int, int, int]]:
    for i, block in enumerate(ctx.blocks):
        if block.kind in {"heading", "paragraph", "list_item"}:
            yield i, block.start, block.end


def find_milestones(ctx: ReportContext) -> list[MilestoneFact]:
    facts: list[MilestoneFact] = []
    for i, start, end in _milestone_lines(ctx):
        line = ctx.text[start:end]
        match = _MILESTONE.match(line)
        if not match:
            continue
        following = next(
            (b for b in ctx.blocks[i + 1 : i + 4] if b.kind in {"paragraph", "list_item"}), None
        )
        status = _status(line) or (_status(following.text_of(ctx.text)[:300]) if following else None)
        quarter, fiscal_year = quarter_of(match.group("period"))
        facts.append(
            MilestoneFact(
                period=" ".join(match.group("period").split()),
                fiscal_year=fiscal_year,
                quarter=quarter,
                milestone=match.group("milestone").strip(" *"),
                status=status,
                quote=line,
                span=(start, end),
            )
        )
    return facts
