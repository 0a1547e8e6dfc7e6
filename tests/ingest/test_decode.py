"""Bytes to text: encodings, line ends, wrapping and typography of real seeds give the same facts."""

from __future__ import annotations

import codecs
import re
import textwrap
from functools import cache

import pytest

from pipelines.ingest.convert import convert
from pipelines.ingest.decode import UnreadableFile, decode_text
from pipelines.parsing.blocks import parse_blocks
from tests.conftest import SEEDS, seed_text
from tests.ingest.renderings import fact_keys

PASSAGE = seed_text("000_0124a7dc39195ccd.txt")[4000:6000]
SEED = "003_e40d447f4ba58a54.txt"  # curly quotes, en dashes, £, bullets and an ellipsis
# What a Latin-1 file cannot hold, written the way a Latin-1 author would.
LATIN_1_TYPOGRAPHY = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "·", "…": "...", "✓": "v"}
)


@cache
def facts_of(text: str):  # type: ignore[no-untyped-def]
    return fact_keys(SEED, text)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16", b""),  # Python writes a BOM for utf-16
        ("utf-16-le", b""),
        ("cp1252", b""),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "cp1252"],
)
def test_every_encoding_of_a_seed_passage_decodes_to_the_same_text(encoding: str, prefix: bytes) -> None:
    passage = PASSAGE if encoding != "cp1252" else PASSAGE.encode("cp1252", "replace").decode("cp1252")
    text, _ = decode_text(prefix + passage.encode(encoding))
    assert text == passage


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: t.encode("utf-16"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "cp1252": lambda t: t.encode("cp1252"),
    "mac-roman": lambda t: t.encode("mac_roman"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_a_seed_saved_in_any_encoding_decodes_to_its_text_and_gives_its_facts(encoding: str) -> None:
    text = seed_text(SEED)
    converted = convert("report.txt", ENCODINGS[encoding](text))
    assert converted.text == text
    assert facts_of(converted.text) == facts_of(text)


def test_a_latin_1_seed_is_detected_and_gives_the_same_facts_as_its_utf_8_twin() -> None:
    text = seed_text(SEED).translate(LATIN_1_TYPOGRAPHY)
    converted = convert("report.txt", text.encode("latin-1"))
    assert converted.text == text
    assert converted.encoding in {"cp1252", "iso8859-1"}  # Windows-1252 reads Latin-1 text the same
    assert facts_of(converted.text) == facts_of(text) == facts_of(seed_text(SEED).translate(LATIN_1_TYPOGRAPHY))


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_crlf_and_cr_line_ends_of_a_seed_become_lf_and_give_the_same_facts(line_end: str) -> None:
    text = seed_text(SEED)
    converted = convert("report.txt", text.replace("\n", line_end).encode("utf-8"))
    assert converted.text == text
    assert facts_of(converted.text) == facts_of(text)


def test_crlf_and_cr_line_ends_become_lf() -> None:
    text, _ = decode_text(b"Report: 12\r\nDate: 20 December 2007\rBy: the Commissioner\n")
    assert text == "Report: 12\nDate: 20 December 2007\nBy: the Commissioner\n"


def test_a_report_in_cyrillic_is_left_to_charset_normalizer() -> None:
    report = "Отчёт комиссара: бюджет полиции составил 382 миллиона фунтов в 2007 году. " * 20
    assert decode_text(report.encode("cp1251")) == (report, "cp1251")


# ------------------------------------------------------------------ layout and typography


def hard_wrapped(text: str, width: int = 78) -> str:
    """Every paragraph and list item broken every ~78 characters, as a plain-text mailer does."""
    out, position = [], 0
    for block in parse_blocks(text):
        if block.kind not in {"paragraph", "list_item"}:
            continue
        start = text.rfind("\n", 0, block.start) + 1
        end = text.find("\n", block.end)
        end = len(text) if end < 0 else end
        if end - start > width and start >= position:
            out += [
                text[position:start],
                textwrap.fill(text[start:end], width, break_long_words=False, break_on_hyphens=False),
            ]
            position = end
    return "".join([*out, text[position:]])


@pytest.mark.parametrize("seed", SEEDS, ids=[s[:3] for s in SEEDS])
def test_a_hard_wrapped_seed_gives_the_same_facts(seed: str) -> None:
    text = seed_text(seed)
    wrapped = hard_wrapped(text)
    assert wrapped.count("\n") > text.count("\n") + 50
    assert fact_keys(seed, wrapped) == fact_keys(seed, text)


def ascii_typography(text: str) -> str:
    return text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))


def curly_quotes(text: str) -> str:
    text = re.sub(r"(?<=\w)'(?=\w)", "’", ascii_typography(text))
    return re.sub(r'"(?=\w)', "“", re.sub(r'(?<=[\w.,])"', "”", text))


def en_dashes(text: str) -> str:
    """Hyphens between figures and spaced hyphens become en dashes ("2008-11", "up 3% - a rise")."""
    return re.sub(r"(?<=\d)-(?=\d)|(?<= )-(?= )", "–", text)


def nbsp_between_figure_and_unit(text: str) -> str:
    return re.sub(r"(?<=\d) (?=[A-Za-z])", "\u00a0", text)


def nbsp_before_figure(text: str) -> str:
    return re.sub(r"(?<=[A-Za-z]) (?=\d)", "\u00a0", text)


TYPOGRAPHY = {
    "straight-quotes-and-hyphens": ascii_typography,
    "curly-quotes": curly_quotes,
    "en-dashes": en_dashes,
    "nbsp-figure-unit": nbsp_between_figure_and_unit,
    "nbsp-word-figure": nbsp_before_figure,
}
TYPOGRAPHY_CASES = [pytest.param(seed, name, id=f"{name}-{seed[:3]}") for name in TYPOGRAPHY for seed in SEEDS]


@pytest.mark.parametrize(("seed", "variant"), TYPOGRAPHY_CASES)
def test_quotes_dashes_and_no_break_spaces_do_not_change_the_facts(seed: str, variant: str) -> None:
    text = seed_text(seed)
    changed = TYPOGRAPHY[variant](text)
    assert changed != text
    assert fact_keys(seed, changed) == fact_keys(seed, text)


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (bytes(range(256)) * 40, "binary"),
        ("Londoners’ confidence – £382m. ".encode() * 30 + b"\xff\xfe\x80", "undecodable bytes: UTF-8 text"),
        (b"\xff\xfe" + b"\x00\xd8" * 40, "undecodable bytes after a utf-16"),
    ],
    ids=["empty", "blank", "binary-junk", "damaged-utf8", "broken-utf16"],
)
def test_files_that_are_not_text_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        decode_text(data)
