"""Find the report files in the raw directory and turn each into text, or a reason why not.

Nothing here raises for a bad file: every file ends as a `Document` or a `Rejection`
naming the file and the reason, so one bad file never stops a run.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_mode
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipelines.ingest.convert import SUPPORTED_EXTENSIONS, ConversionError, convert


@dataclass(frozen=True, slots=True)
class FileRecord:
    """A file found in the raw directory, before it is read."""

    source_file: str  # path relative to the raw directory, with forward slashes
    path: Path
    size_bytes: int
    modified_at: datetime


@dataclass(frozen=True, slots=True)
class Document:
    source_file: str
    sha256: str
    size_bytes: int
    modified_at: datetime
    text: str
    file_format: str
    encoding: str | None
    pages: tuple[tuple[int, int, int], ...] = ()


class FileTooLarge(OSError):
    """A file over the size limit; the message is the recorded reason."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file too large: {size:,} bytes exceeds the limit of {limit:,} (OVERSIGHT_MAX_FILE_MB)")
        self.size = size


@dataclass(frozen=True, slots=True)
class Rejection:
    source_file: str
    reason: str
    sha256: str | None = None
    size_bytes: int | None = None


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def discover(raw_dir: Path, max_bytes: int) -> tuple[list[FileRecord], list[Rejection]]:
    """Every candidate file under `raw_dir`, sorted by name; hidden files are skipped."""
    found: list[FileRecord] = []
    rejected: list[Rejection] = []
    if not raw_dir.is_dir():
        return found, [Rejection(str(raw_dir), "raw directory does not exist")]
    root = raw_dir.resolve()
    for path in sorted(_walk(raw_dir)):
        relative = path.relative_to(raw_dir)
        source_file = relative.as_posix()
        if _is_hidden(relative):
            continue
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                rejected.append(Rejection(source_file, f"symlink points outside the raw directory ({target})"))
                continue
            if not target.is_file():
                rejected.append(Rejection(source_file, "symlink does not point to a file"))
                continue
        extension = path.suffix.lower()
        if extension not in SUPPORTED_EXTENSIONS:
            supported = ", ".join(sorted(SUPPORTED_EXTENSIONS))
            rejected.append(
                Rejection(source_file, f"unsupported file type '{extension or '(none)'}' (supported: {supported})")
            )
            continue
        stat = path.stat()
        if not stat_mode.S_ISREG(stat.st_mode):
            # A pipe or a device would block or never end when read.
            rejected.append(Rejection(source_file, "not a regular file (a pipe, socket or device)"))
            continue
        if stat.st_size > max_bytes:
            rejected.append(Rejection(source_file, str(FileTooLarge(stat.st_size, max_bytes)), size_bytes=stat.st_size))
            continue
        found.append(
            FileRecord(
                source_file=source_file,
                path=path,
                size_bytes=stat.st_size,
                modified_at=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
            )
        )
    return found, rejected


def _walk(raw_dir: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            yield Path(dirpath) / name


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_limited(record: FileRecord, max_bytes: int) -> bytes:
    """The file's bytes; raises FileTooLarge if it grew past the limit since it was listed."""
    with record.path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(max(len(data), record.size_bytes), max_bytes)
    return data


def load_document(record: FileRecord, data: bytes, sha256: str) -> Document | Rejection:
    """Decode and convert one file's bytes."""
    try:
        converted = convert(record.source_file, data)
    except ConversionError as error:
        return Rejection(record.source_file, str(error), sha256=sha256, size_bytes=record.size_bytes)
    return Document(
        source_file=record.source_file,
        sha256=sha256,
        size_bytes=record.size_bytes,
        modified_at=record.modified_at,
        text=converted.text,
        file_format=converted.file_format,
        encoding=converted.encoding,
        pages=converted.pages,
    )


def read_document(path: Path, source_file: str | None = None) -> Document | Rejection:
    """Read one file from disk: the convenience used by tests, evaluation and the CLI."""
    stat = path.stat()
    record = FileRecord(
        source_file=source_file or path.name,
        path=path,
        size_bytes=stat.st_size,
        modified_at=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
    )
    data = path.read_bytes()
    return load_document(record, data, sha256_of(data))
