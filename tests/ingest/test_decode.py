"""Bytes to text: encodings, line ends and refusals, on real seed text."""

import codecs

import pytest

from pipelines.ingest.decode import UnreadableFile, decode_text
from tests.conftest import seed_text

PASSAGE = seed_text("000_0124a7dc39195ccd.txt")[4000:6000]


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


def test_crlf_and_cr_line_ends_become_lf() -> None:
    text, _ = decode_text(b"Report: 12\r\nDate: 20 December 2007\rBy: the Commissioner\n")
    assert text == "Report: 12\nDate: 20 December 2007\nBy: the Commissioner\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"   \n\n", "empty"), (bytes(range(256)) * 40, "binary")],
    ids=["empty", "blank", "binary-junk"],
)
def test_files_that_are_not_text_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        decode_text(data)
