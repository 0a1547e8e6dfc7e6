"""Graded assessments: summary tables, each area's grade block, use-of-resources scores,
grades in prose.

An HMIC baseline assessment states each area's grade twice: once in the Summary of
Judgements table ("Volume Crime Reduction<TAB>Fair<TAB>Improved") and once in the area's
own block, which adds the National Grade Distribution:

    2A Volume Crime Reduction
    Grade   Direction of Travel
    Fair    Improved
    National Grade Distribution
    Poor    Fair    Good    Excellent
    1       18      20      4

The words of each scheme (delivery grades, directions of travel, element scores) are in
`vocab/grade_scale.csv`; grades that prose states without a grading verb ("is meeting the
standard") in `vocab/grade_prose.csv`.

>>> from pipelines.extraction.extract import extract_report
>>> text = "Summary of Judgements\\n\\nVolume Crime Reduction\\tFair\\tImproved\\n"
>>> [(g.area, g.grade, g.direction_of_travel) for g in extract_report("x.txt", text).grades]
[('Volume Crime Reduction', 'Fair', 'Improved')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from pipelines.extraction.document import ReportContext
from pipelines.extraction.lexicon import phrase_key
from pipelines.extraction.memo import per_report
from pipelines.extraction.models import GradeFact
from pipelines.extraction.needles import Gate, Guarded
from pipelines.extraction.periods import MONTH_ALTERNATION
from pipelines.extraction.vocab import load_rows
from pipelines.parsing.blocks import Block

_SPACE = r"[\s\u00a0]+"
_AREA_HEADING = re.compile(r"^(?P<code>\d{1,2}[A-Z])\s+(?P<area>[A-Z].+?)\s*$", re.S)
_DISTRIBUTION_HEADER = re.compile(r"^\s*Poor\s+Fair\s+Good\s+Excellent\s*$", re.I)
_COUNTS = re.compile(r"^\s*(\d{1,2})\s+(\d{1,2})\s+(\d{1,2})\s+(\d{1,2})\s*$")
_GRADE_LABEL = re.compile(r"^\s*(?:Grade|Overall grade|Judgement)\s*:?\s*$", re.I)
_AREA_CODE_CELL = re.compile(r"^\d{1,2}[A-Z]$")
_RESOURCES_TITLE = re.compile(r"\buse of resources\b", re.I)
_STACK_HEADER = re.compile(r"^(?:Element|Assessment|Theme|Score|Grade|Key line of enquiry|KLOE)$", re.I)
_STACK_END = re.compile(r"^(?:Key to|The judgements|Note)\b", re.I)


# ------------------------------------------------------------------ the scale


@cache
def _scale() -> dict[str, tuple[str, str]]:
    """Cell text (white space collapsed, lower case) -> (value, kind)."""
    return {phrase_key(r["phrase"]): (r["value"], r["kind"]) for r in load_rows("grade_scale.csv")}


def _reading(cell: str, *kinds: str) -> str | None:
    """The scheme's value of a cell when it is one of `kinds`.

    >>> _reading("Not Graded", "direction"), _reading("fair", "grade"), _reading("Fair", "direction")
    ('Not Graded', 'Fair', None)
    """
    found = _scale().get(phrase_key(cell))
    if found and (found[1] in kinds or found[1] == "both"):
        return found[0]
    return None


def _grade_alternation() -> str:
    words = {r["phrase"] for r in load_rows("grade_scale.csv") if r["kind"] in {"grade", "both"}}
    return "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True))


def _phrase(words: str) -> str:
    return _SPACE.join(re.escape(w) for w in words.split())


def _cells(ctx: ReportContext, block: Block) -> list[str]:
    if block.cells:
        return [ctx.text[s:e].strip() for s, e in block.cells]
    return [c for c in re.split(r"\t+|[ \u00a0]{2,}", block.text_of(ctx.text).strip()) if c]


def _fact(
    framework: str | None,
    area: str,
    grade: str,
    span: tuple[int, int],
    ctx: ReportContext,
    tier: str = "core",
    area_code: str | None = None,
    direction: str | None = None,
    counts: tuple[int, ...] | None = None,
) -> GradeFact:
    poor, fair, good, excellent = counts if counts else (None, None, None, None)
    return GradeFact(
        framework=framework,
        area_code=area_code,
        area=" ".join(area.split()),
        grade=grade,
        direction_of_travel=direction,
        nat_poor=poor,
        nat_fair=fair,
        nat_good=good,
        nat_excellent=excellent,
        tier=tier,
        quote=ctx.text[span[0] : span[1]],
        span=span,
    )


# ------------------------------------------------------------------ framework and areas


def _framework(ctx: ReportContext) -> str | None:
    """'HMIC Baseline Assessment 2006' from a title like 'MPS Baseline Assessment October 2006'."""
    title = ctx.meta.title or ""
    match = re.search(
        r"((?:Baseline|Use of Resources|Inspection|Assessment|PEEL)[\w\s]*?)\s+(?:\w+\s+)?((?:19|20)\d\d)\b", title
    )
    if not match:
        return None
    name = re.sub(rf"\s+(?:{MONTH_ALTERNATION})$", "", match.group(1).strip())
    publisher = ctx.meta.publisher or ""
    if re.search(r"Inspectorate of Constabulary|\bHMIC\b", ctx.text[:6000]):
        publisher = "HMIC"  # an MPS-titled baseline assessment is still HMIC's framework
    return f"{publisher} {name} {match.group(2)}".strip()


def _key(area: str) -> str:
    """An area name as a key that survives small differences of wording between the summary
    table and the area's heading ("Strategic Roads Policing" / "5C Strategic Road Policing").

    >>> _key("Strategic Roads Policing") == _key("Strategic Road Policing (SRP)")
    True
    """
    bare = re.sub(r"\s*\([^)]*\)", "", area).lower().replace("&", "and")
    words = re.findall(r"[a-z0-9]+", bare)
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def _area_codes(ctx: ReportContext) -> dict[str, str]:
    codes: dict[str, str] = {}
    for block in ctx.blocks:
        if block.kind == "heading":
            match = _AREA_HEADING.match(block.text_of(ctx.text))
            if match:
                codes.setdefault(_key(match.group("area")), match.group("code"))
    return codes


def _area_of(section_path: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(code, name) of the nearest area heading above a block ("6B Training, ...")."""
    for heading in reversed(section_path):
        match = _AREA_HEADING.match(heading)
        if match:
            return match.group("code"), match.group("area").strip()
    return None, None


# ------------------------------------------------------------------ tables


def _summary_rows(ctx: ReportContext, framework: str | None, codes: dict[str, str]) -> Iterator[GradeFact]:
    """Rows naming an area and then its grade: 'Volume Crime Reduction | Fair | Improved',
    '1A | Fairness and Equality | Fair | Improved', 'Effectiveness | Requires improvement'.
    """
    for rows in ctx.tables().values():
        for block in rows:
            cells = _cells(ctx, block)
            at = next((i for i, c in enumerate(cells) if i > 0 and _reading(c, "grade")), None)
            if at is None or _reading(cells[0], "grade", "direction"):
                continue  # the grade line of an area block, read by _area_blocks
            named = [c for c in cells[:at] if not _AREA_CODE_CELL.match(c)]
            if not named or any(re.fullmatch(r"[\d.,%£+-]+", c) for c in named):
                continue
            code = next((c for c in cells[:at] if _AREA_CODE_CELL.match(c)), None)
            area = " ".join(named)
            direction = _reading(cells[at + 1], "direction") if len(cells) > at + 1 else None
            yield _fact(
                framework,
                area,
                _reading(cells[at], "grade") or cells[at],
                (block.start, block.end),
                ctx,
                area_code=code or codes.get(_key(area)),
                direction=direction,
            )


def _area_blocks(ctx: ReportContext, framework: str | None) -> Iterator[GradeFact]:
    """An area heading, then a Grade / Direction of Travel row, then optionally the
    National Grade Distribution counts (Poor / Fair / Good / Excellent)."""
    blocks = ctx.blocks
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        heading = _AREA_HEADING.match(block.text_of(ctx.text))
        if not heading:
            continue
        read = _read_area_block(ctx, [b for b in blocks[i + 1 : i + 9] if b.kind != "running"])
        if read is None:
            continue
        grade, direction, counts, end = read
        yield _fact(
            framework,
            heading.group("area"),
            grade,
            (block.start, end),
            ctx,
            area_code=heading.group("code"),
            direction=direction,
            counts=counts,
        )


def _read_area_block(
    ctx: ReportContext, window: list[Block]
) -> tuple[str, str | None, tuple[int, ...] | None, int] | None:
    grade = direction = None
    header_direction: str | None = None
    counts: tuple[int, ...] | None = None
    end = 0
    expecting_counts = False
    for follower in window:
        text = follower.text_of(ctx.text)
        if follower.kind == "heading" and _AREA_HEADING.match(text):
            break
        cells = _cells(ctx, follower)
        if grade is None and cells and _GRADE_LABEL.match(cells[0]):
            # "Grade<TAB>No direction of travel allocated" heads the row below it.
            header_direction = _reading(cells[1], "direction") if len(cells) > 1 else None
            continue
        if grade is None and cells and _reading(cells[0], "grade"):
            grade = _reading(cells[0], "grade")
            direction = _reading(cells[1], "direction") if len(cells) > 1 else header_direction
            end = follower.end
        elif _DISTRIBUTION_HEADER.match(text):
            expecting_counts = True
        elif expecting_counts and (counted := _COUNTS.match(text)):
            counts = tuple(int(x) for x in counted.groups())
            end = follower.end
            break
        elif follower.kind in {"paragraph", "list_item"} and grade is not None:
            break
    if grade is None:
        return None
    return grade, direction, counts, end


def _resource_scores(ctx: ReportContext) -> Iterator[GradeFact]:
    """Audit Commission Use of Resources element scores: 'Financial reporting  3'."""
    for rows in ctx.tables().values():
        if not any(_RESOURCES_TITLE.search(h) for h in rows[0].section_path):
            continue
        for block in rows:
            cells = _cells(ctx, block)
            if len(cells) >= 2 and _reading(cells[-1], "score") and not cells[0][:1].isdigit():
                yield _fact(
                    "Audit Commission Use of Resources",
                    cells[0],
                    _reading(cells[-1], "score") or cells[-1],
                    (block.start, block.end),
                    ctx,
                )


def _stacked_scores(ctx: ReportContext) -> Iterator[GradeFact]:
    """The same table laid out one cell to a line, as a converted page leaves it:

    Audit Commission Use of Resources / Element / Assessment / Financial Reporting /
    Not Available / Financial Management / 2 / ...
    """
    blocks = ctx.blocks
    for i, block in enumerate(blocks):
        text = block.text_of(ctx.text)
        if block.kind not in {"heading", "paragraph"} or len(text) > 80 or not _RESOURCES_TITLE.search(text):
            continue
        cells: list[Block] = []
        for follower in blocks[i + 1 : i + 40]:
            value = " ".join(follower.text_of(ctx.text).split())
            if follower.kind == "list_item" or len(value) > 60 or _STACK_END.match(value) or _AREA_HEADING.match(value):
                break
            if not _STACK_HEADER.match(value):
                cells.append(follower)
        j = 0
        while j + 1 < len(cells):
            label, score = [" ".join(c.text_of(ctx.text).split()) for c in cells[j : j + 2]]
            reading = _reading(score, "score")
            if reading and not _reading(label, "score"):
                yield _fact(
                    "Audit Commission Use of Resources", label, reading, (cells[j].start, cells[j + 1].end), ctx
                )
                j += 2
            else:
                j += 1


# ------------------------------------------------------------------ prose

_GRADE_END = (
    r"(?=\s*(?:[,.;:)”\"]|$)|\s+(?:and|in|for|during|at|with|by|overall|but|while|whilst|under|against|on|from)\b)"
)


@cache
def _prose_patterns() -> dict[str, Guarded]:
    grade = _grade_alternation()
    patterns = {
        # "assessing the crime recording arrangements in 2005/06 as Fair and the data as Good"
        "as": re.compile(
            r"\b(?:assess\w*|grad\w*|rat(?:ed|ing)|judg\w*|award\w*|scor\w*)\s+(?:the\s+|its\s+)?"
            r"(?P<area>[a-z][\w\s/-]{2,80}?)(?:\s+in\s+(?P<year>(?:19|20)\d\d(?:/\d\d)?))?\s+(?:as|to\s+be)\s+"
            rf"(?P<grade>{grade}){_GRADE_END}"
            r"(?:\s+and\s+(?:the\s+)?(?P<area2>[a-z][\w\s/-]{2,60}?)\s+as\s+"
            rf"(?P<grade2>{grade}){_GRADE_END})?",
            re.I,
        ),
        # "The force was graded Fair during the 2005 baseline process"
        "graded": re.compile(
            r"(?P<subject>\b(?:[Tt]he\s+)?[\w'’ -]{2,60}?)\s+(?:was|were|is|are|has\s+been|have\s+been)\s+"
            r"(?:graded|rated|assessed\s+as|judged\s+(?:to\s+be|as)|found\s+to\s+be)\s+"
            rf"(?:an?\s+)?(?P<grade>{grade}){_GRADE_END}",
            re.I,
        ),
        # "an overall Red grading was recorded in an NCRS review"
        "colour": re.compile(
            r"\b(?:an?\s+)?(?:overall\s+)?(?P<grade>Red|Amber|Green|Excellent|Good|Fair|Poor)\s+grad(?:ing|e)\s+"
            r"(?:was\s+)?(?:recorded|awarded|given|achieved)?\s*(?:in|for|from)\s+(?:an?\s+|the\s+)?(?P<area>[A-Za-z][\w\s-]{2,60}?)"
            r"(?=\s+(?:conducted|carried|by|in|review|$)|[,.])",
        ),
        # "excellent grading from HMIC inspections into the MPS capability ... in both 2005 and 2006"
        "from": re.compile(
            r"\b(?P<grade>excellent|good|fair|poor|outstanding|inadequate)\s+grading\s+from\s+"
            r"(?P<framework>HMIC|Audit Commission)"
            r"[\w\s]*?\s+into\s+(?:the\s+)?(?P<area>.+?)\s+in\s+(?:both\s+)?(?P<years>(?:19|20)\d\d(?:\s+and\s+(?:19|20)\d\d)?)",
            re.I | re.S,
        ),
    }
    return {name: Guarded(pattern) for name, pattern in patterns.items()}


@cache
def _standard_pattern() -> tuple[Guarded, dict[str, str]]:
    rows = load_rows("grade_prose.csv")
    mapping = {phrase_key(r["phrase"]): r["value"] for r in rows}
    body = "|".join(_phrase(p) for p in sorted(mapping, key=len, reverse=True))
    return Guarded(
        re.compile(rf"\b(?:is|are|was|were|be|been|as)\s+(?:now\s+|still\s+|currently\s+)?(?P<grade>{body})\b", re.I)
    ), mapping


_INSPECTED = Guarded(
    re.compile(
        r"(?P<area>\b[A-Z][\w'’ -]{2,60}?)\s+(?:has|have|had)\s+been\s+the\s+subject\s+of\s+(?:an?\s+|the\s+)?"
        r"(?:recent\s+)?(?P<body>HMIC|HMICFRS|Audit Commission|[A-Z][\w ]{1,40}?)\s+inspection",
    )
)
_INSPECTION_WORDS = Guarded(
    re.compile(r"\b(?:HMIC\w*|Inspectorate|inspection|Audit Commission|assessment|inspectors?)\b")
)
_SELF = re.compile(r"^(?:the\s+)?(?:force|service|MPS|Met|it|they|organisation)$", re.I)


def _prose_framework(text: str) -> str | None:
    for name in ("Audit Commission", "HMICFRS", "HMIC"):
        if name in text:
            return name
    return None


def _sentences(ctx: ReportContext) -> Iterator[tuple[tuple[int, int], str, str, Block]]:
    """(span, sentence, the sentence before it in the block, block) for prose blocks."""
    for block in ctx.readable_blocks():
        previous = ""
        for start, end in ctx.sentences(block.start, block.end):
            sentence = ctx.text[start:end]
            yield (start, end), sentence, previous, block
            previous = sentence


def _prose(ctx: ReportContext) -> Iterator[GradeFact]:
    for span, sentence, previous, block in _sentences(ctx):
        if not _may_grade(sentence):
            continue  # neither a grading word nor a standard: nothing to read
        found = list(_prose_in(ctx, span, sentence, previous, block))
        yield from found
        # "found to be exceeding the standard" reads as a graded phrase already.
        graded = {f.grade for f in found}
        yield from [f for f in _standards(ctx, span, sentence, previous, block) if f.grade not in graded]


# Words without which no prose pattern can match: a cheap test before the costly ones.
_GRADING_WORDS = Guarded(re.compile(r"assess|grad|rat(?:ed|ing)|judg|award|scor|found\s+to\s+be", re.I))
_STANDARD_WORDS = Guarded(re.compile(r"standard|improvement", re.I))
_PROSE_GATE = Gate([_GRADING_WORDS.pattern, _STANDARD_WORDS.pattern])


@per_report
def _may_grade(sentence: str) -> bool:
    """Whether `_prose_in` or `_standards` can read anything in `sentence`: it holds a
    grading word and a match of one of the prose patterns, or a standard and a match of
    the standard pattern (nothing is read otherwise). Cached, as every report of a series
    repeats most of its sentences.

    >>> _may_grade("The force was graded Fair."), _may_grade("The crime rate fell by 3%.")
    (True, False)
    """
    if not _PROSE_GATE.open(sentence):
        return False
    if _GRADING_WORDS.search(sentence) is not None:
        patterns = _prose_patterns()
        if any(patterns[name].search(sentence) is not None for name in ("as", "graded", "colour", "from")):
            return True
    return _STANDARD_WORDS.search(sentence) is not None and _standard_pattern()[0].search(sentence) is not None


def _prose_in(
    ctx: ReportContext, span: tuple[int, int], sentence: str, previous: str, block: Block
) -> Iterator[GradeFact]:
    if not _GRADING_WORDS.search(sentence):
        return
    patterns = _prose_patterns()
    framework = _prose_framework(sentence)
    for match in patterns["as"].finditer(sentence):
        for area_group, grade_group in (("area", "grade"), ("area2", "grade2")):
            if match.group(grade_group):
                yield _prose_fact(
                    ctx, span, framework, match.group(area_group), match.group(grade_group), match.group("year")
                )
    for match in patterns["graded"].finditer(sentence):
        yield from _graded(ctx, span, sentence, previous, block, match)
    for match in patterns["colour"].finditer(sentence):
        year = re.search(r"\b(?:19|20)\d\d\b", sentence[: match.start()] or sentence)
        yield _prose_fact(
            ctx, span, framework, match.group("area"), match.group("grade"), year.group(0) if year else None
        )
    for match in patterns["from"].finditer(sentence):
        for year in re.findall(r"(?:19|20)\d\d", match.group("years")):
            yield _prose_fact(
                ctx,
                span,
                f"{match.group('framework')} inspection {year}",
                match.group("area"),
                match.group("grade"),
                year,
            )


def _graded(
    ctx: ReportContext, span: tuple[int, int], sentence: str, previous: str, block: Block, match: re.Match[str]
) -> Iterator[GradeFact]:
    """'The force was graded Fair during the 2005 baseline process': the area is the one the
    section is about when the subject is the force itself."""
    context = f"{previous} {sentence}"
    if not _INSPECTION_WORDS.search(context) and not re.search(r"\bgraded\b", match.group(0), re.I):
        return
    subject = " ".join(match.group("subject").split()[-4:])
    code, section_area = _area_of(block.section_path)
    area = section_area if _SELF.match(subject) and section_area else subject
    baseline = re.search(r"\b((?:19|20)\d\d)\s+baseline\b", sentence, re.I)
    framework = f"HMIC Baseline Assessment {baseline.group(1)}" if baseline else _prose_framework(context)
    year = baseline.group(1) if baseline else None
    fact = _prose_fact(ctx, span, framework, area, match.group("grade"), year)
    yield replace(fact, area_code=code if area == section_area else None)


def _standards(
    ctx: ReportContext, span: tuple[int, int], sentence: str, previous: str, block: Block
) -> Iterator[GradeFact]:
    """'It was reported that the MPS "... is meeting the standard and actively leading the
    field"', after 'Neighbourhood Policing has been the subject of a recent HMIC inspection'."""
    pattern, mapping = _standard_pattern()
    if not _STANDARD_WORDS.search(sentence):
        return
    context = f"{previous} {sentence}"
    if not _INSPECTION_WORDS.search(context):
        return
    for match in pattern.finditer(sentence):
        inspected = _INSPECTED.search(context)
        area = inspected.group("area") if inspected else (_area_of(block.section_path)[1] or "overall")
        body = inspected.group("body") if inspected else _prose_framework(context)
        framework = f"{body} {' '.join(area.split())} inspection" if body else None
        yield _prose_fact(ctx, span, framework, area, mapping[phrase_key(match.group("grade"))], None)


def _prose_fact(
    ctx: ReportContext, span: tuple[int, int], framework: str | None, area: str, grade: str, year: str | None
) -> GradeFact:
    area = " ".join(area.split())
    if year and year not in area:
        area = f"{area} ({year})"
    return _fact(framework, area, _grade_value(grade), span, ctx, tier="stat")


def _grade_value(grade: str) -> str:
    """The scheme's spelling of a grade met in prose.

    >>> _grade_value("excellent"), _grade_value("Red"), _grade_value("meeting the standard")
    ('Excellent', 'Red', 'meeting the standard')
    """
    return _reading(grade, "grade") or (grade.title() if grade.lower() in {"red", "amber", "green"} else grade)


def find_grades(ctx: ReportContext) -> list[GradeFact]:
    framework = _framework(ctx)
    codes = _area_codes(ctx)
    facts = [
        *_summary_rows(ctx, framework, codes),
        *_area_blocks(ctx, framework),
        *_resource_scores(ctx),
        *_stacked_scores(ctx),
        *_prose(ctx),
    ]
    seen: set[tuple[tuple[int, int], str, str]] = set()
    unique = []
    for fact in facts:
        key = (fact.span, phrase_key(fact.area), fact.grade.lower())
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique
