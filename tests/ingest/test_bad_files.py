"""Bad files are refused with a reason naming what is wrong, recorded, and never stop a scan."""

from __future__ import annotations

import io
import os
import random
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.convert import ConversionError, convert
from pipelines.warehouse.loading import parse_pending, scan_raw_directory
from tests.conftest import SEED_DIR, configure, query, seed_text
from tests.ingest.renderings import to_docx, to_pdf

SEED = "004_e06eeb87ecae5fa7.txt"


@cache
def seed_pdf() -> bytes:
    return to_pdf(seed_text(SEED))


def junk(size: int = 40_000) -> bytes:
    return random.Random(7).randbytes(size)


def scanned_pdf() -> bytes:
    """A page holding only a picture of text, as a scanner makes."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Budget 2008/09: £382m", fill="black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=150)
    return bytes(pdf.output())


def empty_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


# name, bytes, expected words of the reason
BAD_FILES: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.txt": (lambda: b"", "empty file"),
    "blank.md": (lambda: b" \n\t\n", "empty file"),
    "junk.txt": (junk, "binary content"),
    "junk.html": (lambda: b"<html>" + junk(), "binary content"),
    "junk.pdf": (junk, "not a PDF file"),
    "junk.docx": (junk, "not a .docx package: the file is not a zip archive"),
    "undecodable.txt": (
        lambda: seed_text(SEED).encode("utf-8")[:5000] + b"\x81\xfe\xff" + seed_text(SEED).encode("utf-8")[5000:],
        "undecodable bytes: UTF-8 text with",
    ),
    "truncated.pdf": (lambda: seed_pdf()[: len(seed_pdf()) // 2], "truncated PDF"),
    "encrypted.pdf": (lambda: to_pdf(seed_text(SEED), password="s3cret"), "encrypted PDF: a password is needed"),
    "scanned.pdf": (scanned_pdf, "no text layer"),
    "encrypted.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + junk(), "encrypted (password-protected)"),
    "damaged.docx": (lambda: to_docx(seed_text(SEED))[:3000], "damaged zip archive"),
    "empty.docx": (empty_docx, "no text: the Word document is empty"),
    "furniture-only.html": (lambda: b"<html><body><nav>Home</nav><footer>(c) 2008</footer></body></html>", "no text"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_the_reason(name: str) -> None:
    data, reason = BAD_FILES[name]
    with pytest.raises(ConversionError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        convert(name, data())


def test_a_pdf_damaged_inside_is_refused_not_crashed_on() -> None:
    data = bytearray(seed_pdf())
    for offset in range(2000, len(data) - 2000, 997):  # keep the header and the %%EOF trailer
        data[offset] ^= 0x5A
    with pytest.raises(ConversionError, match=r"PDF"):
        convert("damaged.pdf", bytes(data))


def test_a_pdf_locked_only_against_editing_is_read() -> None:
    """An owner password with an empty user password restricts editing, not reading."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "SCD has been allocated a budget of 382 million pounds for 2007/08.")
    pdf.set_encryption(owner_password="owner")
    assert "budget of 382 million" in convert("locked.pdf", bytes(pdf.output())).text


def test_an_unsupported_extension_is_refused_naming_it() -> None:
    with pytest.raises(ConversionError, match=r"unsupported file type '\.rtf'"):
        convert("minutes.rtf", rb"{\rtf1 Budget}")


# ------------------------------------------------------------------ the scan of a raw directory


def _raw_with_bad_files(raw: Path, outside: Path) -> dict[str, str]:
    """A raw directory of every kind of bad file and two good ones; returns file -> reason words."""
    raw.mkdir()
    expected = {}
    for name, (data, reason) in BAD_FILES.items():
        (raw / name).write_bytes(data())
        expected[name] = reason
    (raw / "minutes.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    expected["minutes.xlsx"] = "unsupported file type '.xlsx'"
    outside.write_text("Budget: £1m\n", encoding="utf-8")
    (raw / "elsewhere.txt").symlink_to(outside)
    expected["elsewhere.txt"] = "symlink points outside the raw directory"
    (raw / "dangling.txt").symlink_to(raw / "gone.txt")
    expected["dangling.txt"] = "symlink does not point to a file"
    os.mkfifo(raw / "pipe.txt")
    expected["pipe.txt"] = "not a regular file"
    (raw / "huge.txt").write_bytes(b"Budget: \xc2\xa31m\n" * 200_000)
    expected["huge.txt"] = "file too large"
    shutil.copy(SEED_DIR / SEED, raw / SEED)
    (raw / "same-report.pdf").write_bytes(seed_pdf())
    return expected


def test_a_scan_records_every_bad_file_with_its_reason_and_time_and_loads_the_good_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _raw_with_bad_files(tmp_path / "raw", tmp_path / "outside.txt")
    monkeypatch.setenv("OVERSIGHT_MAX_FILE_MB", "1")
    settings = configure(monkeypatch, tmp_path / "raw", tmp_path / "warehouse")

    scan = scan_raw_directory(settings)
    parse_pending(settings)

    rejected = query(settings.build_db, "select source_file, reason, rejected_at from raw.rejected_files order by 1")
    assert [row[0] for row in rejected] == sorted(expected)
    for source_file, reason, rejected_at in rejected:
        assert expected[source_file] in reason and rejected_at is not None, (source_file, reason)
    assert len(scan.rejected) == len(expected)
    current = query(settings.build_db, "select source_file from raw.report_files where is_current order by 1")
    assert current == [(SEED,), ("same-report.pdf",)]
    formats = query(settings.build_db, "select file_format, pages is not null from raw.report_documents order by 1")
    assert formats == [("pdf", True), ("text", False)]
    pages = query(
        settings.build_db,
        "select min(page), max(page), count(*) filter (where page is null) from raw.parsed_blocks "
        "where sha256 = (select sha256 from raw.report_documents where file_format = 'pdf')",
    )
    assert pages[0][0] == 1 and pages[0][1] >= 5 and pages[0][2] == 0


def test_a_rejected_file_keeps_its_first_rejection_time_and_is_retried_when_the_converter_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "junk.pdf").write_bytes(junk())
    settings = configure(monkeypatch, raw, tmp_path / "warehouse")
    scan_raw_directory(settings)
    first = query(settings.build_db, "select rejected_at from raw.rejected_files")
    scan_raw_directory(settings)
    assert query(settings.build_db, "select rejected_at from raw.rejected_files") == first

    # Rows written by another converter version are not trusted: the file is read again.
    connection = duckdb.connect(str(settings.build_db))
    connection.execute("update raw.rejected_files set converter_version = 'older', reason = 'stale reason'")
    connection.close()
    scan_raw_directory(settings)
    assert query(settings.build_db, "select reason from raw.rejected_files") == [("not a PDF file: no %PDF- header",)]


def test_text_stored_by_an_older_converter_is_converted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "report.pdf").write_bytes(seed_pdf())
    settings = configure(monkeypatch, raw, tmp_path / "warehouse")
    scan_raw_directory(settings)
    text = query(settings.build_db, "select text from raw.report_documents")
    connection = duckdb.connect(str(settings.build_db))
    connection.execute("update raw.report_documents set converter_version = 'older', text = 'stale text'")
    connection.close()
    again = scan_raw_directory(settings)
    assert again.documents_loaded == 1
    assert query(settings.build_db, "select text from raw.report_documents") == text
