"""Graded assessments: summary tables, each area's grade block, grades in prose.

An HMIC baseline assessment states each area's grade twice: once in the Summary of
Judgements table ("Volume Crime Reduction<TAB>Fair<TAB>Improved") and once in the area's
own block, which adds the National Grade Distribution:

    2A Volume Crime Reduction
    Grade   Direction of Travel
    Fair    Improved
    National Grade Distribution
    Poor    Fair    Good    Excellent
    1       18      20      4
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelines.extraction.document import ReportContext
from pipelines.extraction.models import GradeFact
from pipelines.parsing.blocks import Block

GRADES = ("Excellent", "Good", "Fair", "Poor")
DIRECTIONS = ("Improved", "Stable", "Declined", "Not Graded", "Deteriorated")
_GRADE_CELL = re.compile(rf"^(?:{'|'.join(GRADES)})$", re.I)
_DIRECTION_CELL = re.compile(rf"^(?:{'|'.join(DIRECTIONS)})$", re.I)
_AREA_HEADING = re.compile(r"^(?P<code>\d{1,2}[A-Z])\s+(?P<area>[A-Z].+?)\s*$")
_DISTRIBUTION_HEADER = re.compile(r"^\s*Poor\s+Fair\s+Good\s+Excellent\s*$", re.I)
_COUNTS = re.compile(r"^\s*(\d{1,2})\s+(\d{1,2})\s+(\d{1,2})\s+(\d{1,2})\s*$")
_SCORE_CELL = re.compile(r"^(?:[1-4]|Not Available|N/?A)$", re.I)

# Grades in prose: "assessing the crime recording arrangements in 2005/06 as Fair and the
# data as Good"; "an overall Red grading was recorded in an NCRS review".
_PROSE_AS = re.compile(
    r"\b(?:assess\w*|grad\w*|rat(?:ed|ing)|judg\w*|award\w*|scor\w*)\s+(?:the\s+|its\s+)?"
    r"(?P<area>[a-z][\w\s/-]{2,80}?)(?:\s+in\s+(?P<year>(?:19|20)\d\d(?:/\d\d)?))?\s+as\s+"
    r"(?P<grade>Excellent|Good|Fair|Poor)\b"
    r"(?:\s+and\s+(?:the\s+)?(?P<area2>[a-z][\w\s/-]{2,60}?)\s+as\s+(?P<grade2>Excellent|Good|Fair|Poor)\b)?",
)
_PROSE_COLOUR = re.compile(
    r"\b(?:an?\s+)?(?:overall\s+)?(?P<grade>Red|Amber|Green|Excellent|Good|Fair|Poor)\s+grad(?:ing|e)\s+"
    r"(?:was\s+)?(?:recorded|awarded|given|achieved)?\s*(?:in|for|from)\s+(?:an?\s+|the\s+)?(?P<area>[A-Za-z][\w\s-]{2,60}?)"
    r"(?=\s+(?:conducted|carried|by|in|review|$)|[,.])",
)
_PROSE_GRADING_FROM = re.compile(
    r"\b(?P<grade>excellent|good|fair|poor)\s+grading\s+from\s+(?P<framework>HMIC|Audit Commission)"
    r"[\w\s]*?\s+into\s+(?:the\s+)?(?P<area>.+?)\s+in\s+(?:both\s+)?(?P<years>(?:19|20)\d\d(?:\s+and\s+(?:19|20)\d\d)?)",
    re.I,
)


def _framework(ctx: ReportContext) -> str | None:
    """'HMIC Baseline Assessment 2006' from a title like 'MPS Baseline Assessment October 2006'."""
    title = ctx.meta.title or ""
    match = re.search(r"((?:Baseline|Use of Resources|Inspection|Assessment)[\w\s]*?)\s+(?:\w+\s+)?((?:19|20)\d\d)\b", title)
    if not match:
        return None
    name = re.sub(
        r"\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)$",
        "",
        match.group(1).strip(),
    )
    publisher = ctx.meta.publisher or ""
    return f"{publisher} {name} {match.group(2)}".strip()


def _area_codes(ctx: ReportContext) -> dict[str, str]:
    codes: dict[str, str] = {}
    for block in ctx.blocks:
        if block.kind == "heading":
            match = _AREA_HEADING.match(block.text_of(ctx.text))
            if match:
                codes.setdefault(_key(match.group("area")), match.group("code"))
    return codes


def _key(area: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", area).strip().lower()


def _cells(ctx: ReportContext, block: Block) -> list[str]:
    if block.cells:
        return [ctx.text[s:e].strip() for s, e in block.cells]
    return [c for c in re.split(r"\t+|\s{2,}", block.text_of(ctx.text).strip()) if c]


def _summary_rows(ctx: ReportContext, framework: str | None, codes: dict[str, str]) -> Iterator[GradeFact]:
    for rows in ctx.tables().values():
        for block in rows:
            cells = _cells(ctx, block)
            if len(cells) < 2 or not _GRADE_CELL.match(cells[1]):
                continue
            if _GRADE_CELL.match(cells[0]) or _DIRECTION_CELL.match(cells[0]):
                continue  # the grade line of an area block, read by _area_blocks
            direction = cells[2].title() if len(cells) > 2 and _DIRECTION_CELL.match(cells[2]) else None
            yield GradeFact(
                framework=framework,
                area_code=codes.get(_key(cells[0])),
                area=cells[0],
                grade=cells[1].title(),
                direction_of_travel=direction,
                nat_poor=None,
                nat_fair=None,
                nat_good=None,
                nat_excellent=None,
                tier="core",
                quote=block.text_of(ctx.text),
                span=(block.start, block.end),
            )


def _area_blocks(ctx: ReportContext, framework: str | None) -> Iterator[GradeFact]:
    """An area heading, then a Grade/Direction row, then optionally the national counts."""
    blocks = ctx.blocks
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        heading = _AREA_HEADING.match(block.text_of(ctx.text))
        if not heading:
            continue
        window = [b for b in blocks[i + 1 : i + 9] if b.kind != "running"]
        grade = direction = None
        counts: tuple[int, ...] | None = None
        end = block.end
        expecting_counts = False
        for follower in window:
            text = follower.text_of(ctx.text)
            if follower.kind == "heading" and _AREA_HEADING.match(text):
                break
            cells = _cells(ctx, follower)
            if grade is None and cells and _GRADE_CELL.match(cells[0]):
                grade = cells[0].title()
                if len(cells) > 1 and _DIRECTION_CELL.match(cells[1]):
                    direction = cells[1].title()
                end = follower.end
            elif _DISTRIBUTION_HEADER.match(text):
                expecting_counts = True
            elif expecting_counts and _COUNTS.match(text):
                counts = tuple(int(x) for x in _COUNTS.match(text).groups())  # type: ignore[union-attr]
                end = follower.end
                break
            elif follower.kind in {"paragraph", "list_item"} and grade is not None:
                break
        if grade is None:
            continue
        poor, fair, good, excellent = counts if counts else (None, None, None, None)
        yield GradeFact(
            framework=framework,
            area_code=heading.group("code"),
            area=heading.group("area").strip(),
            grade=grade,
            direction_of_travel=direction,
            nat_poor=poor,
            nat_fair=fair,
            nat_good=good,
            nat_excellent=excellent,
            tier="core",
            quote=ctx.text[block.start : end],
            span=(block.start, end),
        )


def _prose(ctx: ReportContext) -> Iterator[GradeFact]:
    for unit in ctx.sentence_units():
        sentence = ctx.text[unit.start : unit.end]
        framework = _prose_framework(sentence)
        for match in _PROSE_AS.finditer(sentence):
            for area_group, grade_group in (("area", "grade"), ("area2", "grade2")):
                if match.group(grade_group):
                    yield _prose_fact(ctx, unit.span, framework, match.group(area_group), match.group(grade_group), match.group("year"))
        for match in _PROSE_COLOUR.finditer(sentence):
            year = re.search(r"\b(?:19|20)\d\d\b", sentence[: match.start()] or sentence)
            yield _prose_fact(ctx, unit.span, framework, match.group("area"), match.group("grade"), year.group(0) if year else None)
        for match in _PROSE_GRADING_FROM.finditer(sentence):
            for year in re.findall(r"(?:19|20)\d\d", match.group("years")):
                yield _prose_fact(
                    ctx, unit.span, f"{match.group('framework')} inspection {year}", match.group("area"), match.group("grade"), year
                )


def _prose_framework(sentence: str) -> str | None:
    for name in ("Audit Commission", "HMIC"):
        if name in sentence:
            return name
    return None


def _prose_fact(
    ctx: ReportContext, span: tuple[int, int], framework: str | None, area: str, grade: str, year: str | None
) -> GradeFact:
    area = " ".join(area.split())
    if year and year not in area:
        area = f"{area} ({year})"
    return GradeFact(
        framework=framework,
        area_code=None,
        area=area,
        grade=grade.title(),
        direction_of_travel=None,
        nat_poor=None,
        nat_fair=None,
        nat_good=None,
        nat_excellent=None,
        tier="stat",
        quote=ctx.text[span[0] : span[1]],
        span=span,
    )


def _resource_scores(ctx: ReportContext) -> Iterator[GradeFact]:
    """Audit Commission Use of Resources element scores: 'Financial reporting  3'."""
    for rows in ctx.tables().values():
        if not any("use of resources" in h.lower() for h in rows[0].section_path):
            continue
        for block in rows:
            cells = _cells(ctx, block)
            if len(cells) >= 2 and _SCORE_CELL.match(cells[-1]) and not cells[0][:1].isdigit():
                yield GradeFact(
                    framework="Audit Commission Use of Resources",
                    area_code=None,
                    area=cells[0],
                    grade=cells[-1],
                    direction_of_travel=None,
                    nat_poor=None,
                    nat_fair=None,
                    nat_good=None,
                    nat_excellent=None,
                    tier="core",
                    quote=block.text_of(ctx.text),
                    span=(block.start, block.end),
                )


def find_grades(ctx: ReportContext) -> list[GradeFact]:
    framework = _framework(ctx)
    codes = _area_codes(ctx)
    facts = [
        *_summary_rows(ctx, framework, codes),
        *_area_blocks(ctx, framework),
        *_resource_scores(ctx),
        *_prose(ctx),
    ]
    seen: set[tuple[tuple[int, int], str, str]] = set()
    unique = []
    for fact in facts:
        key = (fact.span, fact.area.lower(), fact.grade)
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique
