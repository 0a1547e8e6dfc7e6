"""A seed report re-wrapped at 78 columns, as a plain-text export would hard-wrap it,
yields the same facts, by value, as the original."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest

from pipelines.extraction.extract import extract_report
from pipelines.extraction.models import ReportFacts
from pipelines.ingest.files import Document, read_document
from pipelines.parsing.blocks import parse_blocks

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
SEEDS = sorted(p for p in RAW.iterdir() if p.is_file()) if RAW.exists() else []
FAMILIES = ("kpis", "grades", "budgets", "workforce", "milestones")


def rewrap(text: str, width: int = 78) -> str:
    """Every paragraph line longer than `width` broken at `width`; blank lines between
    paragraphs and the rows of tables (as the parser reads the original) left as they are."""
    rows = {text.count("\n", 0, b.start) for b in parse_blocks(text) if b.kind == "table_row"}
    out = []
    for number, line in enumerate(text.split("\n")):
        if number in rows or len(line) <= width:
            out.append(line)
        else:
            out.append("\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)))
    return "\n".join(out)


def facts_by_value(facts: ReportFacts) -> Counter[tuple[str, tuple[tuple[str, str], ...]]]:
    """Each fact as its family and field values, white space collapsed; quotes and spans
    (which a re-wrap moves) left out, and so is `is_restated`, which the KPI extractor
    decides by comparing quotes character for character."""
    out: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()
    for family in FAMILIES:
        for fact in getattr(facts, family):
            values = tuple(
                (name, " ".join(str(getattr(fact, name)).split()))
                for name in fact.__dataclass_fields__
                if name not in {"quote", "span", "is_restated"}
            )
            out[(family, values)] += 1
    return out


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_rewrapped_seed_yields_the_same_facts(path: Path) -> None:
    document = read_document(path, path.name)
    assert isinstance(document, Document)
    wrapped = rewrap(document.text)
    assert wrapped != document.text
    original = facts_by_value(extract_report(path.name, document.text))
    rewrapped = facts_by_value(extract_report(path.name, wrapped))
    assert original - rewrapped == Counter(), "facts lost by re-wrapping"
    assert rewrapped - original == Counter(), "facts gained by re-wrapping"


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_rewrapped_seed_keeps_quotes_exact(path: Path) -> None:
    document = read_document(path, path.name)
    assert isinstance(document, Document)
    wrapped = rewrap(document.text)
    facts = extract_report(path.name, wrapped)
    for family in FAMILIES:
        for fact in getattr(facts, family):
            assert wrapped[fact.span[0] : fact.span[1]] == fact.quote


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_with_crlf_line_ends_yields_the_same_facts(path: Path) -> None:
    document = read_document(path, path.name)
    assert isinstance(document, Document)
    crlf = document.text.replace("\n", "\r\n")
    assert facts_by_value(extract_report(path.name, crlf)) == facts_by_value(extract_report(path.name, document.text))
