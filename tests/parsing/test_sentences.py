"""Sentence spans inside a block."""

from __future__ import annotations

import pytest

from pipelines.parsing.sentences import split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text))]


CASES = [
    # development examples: seed passages
    pytest.param(
        "11 child homicides investigated by Child Abuse Major Investigation Teams. Ten were detected, giving an overall detection rate of 91%",
        [
            "11 child homicides investigated by Child Abuse Major Investigation Teams.",
            "Ten were detected, giving an overall detection rate of 91%",
        ],
        id="seed-list-item-two-sentences",
    ),
    pytest.param(
        "It was reported that the MPS “… is meeting the standard and actively leading the field….The MPS is deploying”. The full report is available.",
        [
            "It was reported that the MPS “… is meeting the standard and actively leading the field….The MPS is deploying”.",
            "The full report is available.",
        ],
        id="seed-curly-quoted-passage",
    ),
    # held-out examples
    pytest.param(
        "Arrests rose by 4% (e.g. in Lambeth). No. 3 Area saw 120 more.",
        ["Arrests rose by 4% (e.g. in Lambeth).", "No. 3 Area saw 120 more."],
        id="abbreviations-do-not-end-sentences",
    ),
    pytest.param(
        "The rate was 21.5%.\nThe target\nwas 25%.",
        ["The rate was 21.5%.", "The target\nwas 25%."],
        id="line-break-inside-a-wrapped-sentence",
    ),
    pytest.param(
        "Detections rose to 1,644.\u00a0This gave a rate of 22.1%.",
        ["Detections rose to 1,644.", "This gave a rate of 22.1%."],
        id="nbsp-between-sentences",
    ),
    pytest.param(
        "Supt. J. Smith reported £3.5m of savings. They were delivered in 2007/08.",
        ["Supt. J. Smith reported £3.5m of savings.", "They were delivered in 2007/08."],
        id="title-and-initial",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences_are_split_at_full_stops_that_end_them(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_spans_index_the_document_text() -> None:
    text = "Heading\n\nFirst one. Second one."
    start = text.index("First")
    spans = split_sentences(text, start, len(text))
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]
