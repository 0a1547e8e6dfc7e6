"""The cheap tests in front of patterns must never hide a match: wherever a pattern matches,
its Guarded wrapper runs it and its Gate lets the text through."""

from __future__ import annotations

import gc
import random
import re
from pathlib import Path

import pytest

from pipelines.extraction import grade, periods
from pipelines.extraction.extract import extract_report
from pipelines.extraction.needles import Gate, Guarded, describe

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
SEED = RAW / "001_e0f667914e9e5daf.txt"
# Characters `re.I` folds unlike `str.lower`, and others that trip naive lower-casing.
SPECIALS = ["\u0130", "\u0131", "\u017f", "\u212a", "’", "–", "£", "%", "\u00a0", "ß", "Σ", "١٢", "²"]


def _texts(count: int = 600) -> list[str]:
    """Random runs of report words, figures and awkward characters, in any case."""
    source = SEED.read_text(encoding="utf-8") if SEED.exists() else "The MPS target for burglary was met in 2007/08."
    words = re.findall(r"\S+", source)
    rng = random.Random(20261123)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 25)):
            roll = rng.random()
            word = (
                rng.choice(words) if roll < 0.75 else rng.choice(SPECIALS) if roll < 0.85 else str(rng.randint(0, 3000))
            )
            if rng.random() < 0.2:
                word = word.upper()
            if rng.random() < 0.1:
                word = word.replace("s", "\u017f").replace("k", "\u212a").replace("i", "\u0131")
            parts.append(word)
        texts.append(rng.choice([" ", "  ", "\u00a0", "-", " - ", "\n"]).join(parts))
    return texts


def _guards() -> list[Guarded]:
    for path in sorted(RAW.glob("*"))[:1]:
        extract_report(path.name, path.read_text(encoding="utf-8"))  # builds every cached guard
    return [g for g in gc.get_objects() if isinstance(g, Guarded)]


def test_no_guard_hides_a_match() -> None:
    texts = _texts()
    missed = [
        (g.pattern.pattern[:60], t)
        for g in _guards()
        for t in texts
        if g.pattern.search(t) is not None and not g.may_match(t)
    ]
    assert missed == []


@pytest.mark.parametrize(
    ("gate", "patterns"),
    [
        (periods._GATE, [p for _, p in periods._PATTERNS + periods._RELATIVE]),
        (grade._PROSE_GATE, [grade._GRADING_WORDS.pattern, grade._STANDARD_WORDS.pattern]),
    ],
    ids=["periods", "grade prose"],
)
def test_no_gate_shuts_out_a_match(gate: Gate, patterns: list[re.Pattern[str]]) -> None:
    missed = [t for t in _texts() if any(p.search(t) for p in patterns) and not gate.open(t)]
    assert missed == []


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (re.compile(r"\bgraded\b", re.I), "GRADED"),
        (re.compile(r"\bkent\b", re.I), "\u212aent"),  # the Kelvin sign is a K to re.I
        (re.compile(r"\bsix\b", re.I), "\u017fix"),  # so is the long s an s
        (re.compile(r"Police(?!\s+Authority)"), "Thames Valley Police"),
        (re.compile(r"\d+%"), "a rate of ٣٤%"),  # any script's digits
    ],
    ids=["case", "kelvin", "long s", "cased", "arabic digits"],
)
def test_awkward_matches_get_through(pattern: re.Pattern[str], text: str) -> None:
    assert pattern.search(text) is not None
    assert Guarded(pattern).search(text) is not None
    assert Gate([pattern]).open(text)


def test_requirements_read_off_a_pattern() -> None:
    assert describe(re.compile(r"(?<![\w-])(?:police\s+officers?|PCSOs)(?![\w])", re.I)) == [["=pcsos", "=police"]]
    assert describe(re.compile(r"assess|rat(?:ed|ing)", re.I)) == [["assess", "rated", "rating"]]
    assert describe(re.compile(r"\w+")) == []
