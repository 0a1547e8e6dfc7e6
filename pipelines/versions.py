"""Fingerprints of the parsing and extraction code.

Work is skipped for a document whose bytes did not change *and* whose stored blocks or
facts were made by the same code; changing a rule or a vocabulary file changes the
fingerprint, so the next run re-reads every document with the new rules.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _digest(folders: tuple[str, ...]) -> str:
    sha = hashlib.sha256()
    for folder in folders:
        for path in sorted((_PACKAGE / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".txt", ".csv", ".json"}:
                sha.update(path.relative_to(_PACKAGE).as_posix().encode())
                sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


@cache
def converter_version() -> str:
    """Fingerprint of the code that turns a file's bytes into text (decoding and converters)."""
    return _digest(("ingest",))


@cache
def parser_version() -> str:
    return _digest(("ingest", "parsing"))


@cache
def extractor_version() -> str:
    return _digest(("ingest", "parsing", "extraction"))
