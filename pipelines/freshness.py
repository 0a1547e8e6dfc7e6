"""Is the published warehouse current? Cheap answers, before any work is started.

A publication records the state of the raw directory it was built from (names, sizes and
modification times, read *before* the files were hashed), each file's size, time and
sha256, and the versions of the code (`versions.code_versions`). When the code is the
same and the directory is too, a refresh would rebuild the same warehouse: `oversight
run`, the nightly schedule and the raw-files sensor stop there, in well under a second,
without starting Dagster, dbt or Great Expectations.

A file touched without being changed (copied again, checked out again) changes the
directory's state but not its content: then only the files whose size or time differ
are hashed, and if every one has the bytes it was published with, the warehouse is
still current; that state of the directory is remembered beside the warehouse
(`VERIFIED`), so a later check of it hashes nothing. Anything else (a new, removed or
changed file, a rejected file that cannot be compared) starts the job, which works by
content from there.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.config import Settings
from pipelines.versions import code_versions
from pipelines.warehouse.publish import last_publication


def _listing(raw_dir: str | Path) -> Iterator[tuple[str, str, os.stat_result]]:
    """(relative name, path, stat) of every file that is not hidden, in a stable order."""
    for root, dirs, files in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            yield Path(os.path.relpath(path, raw_dir)).as_posix(), path, stat


def raw_directory_state(raw_dir: str | Path) -> str:
    """A cheap fingerprint of the raw directory: names, sizes and modification times."""
    digest = hashlib.sha256()
    for name, _, stat in _listing(raw_dir):
        digest.update(f"{name}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def _same_bytes_as_published(raw_dir: Path, details: dict[str, Any]) -> bool:
    """Every file has the bytes it was published with (hashing only those whose stat changed).

    Names and sizes are compared first, for every file: a new, removed or resized file
    answers without hashing anything.
    """
    files: dict[str, list[Any]] = details.get("files") or {}
    rejected: dict[str, str | None] = details.get("rejected_files") or {}
    to_hash: list[tuple[str, str]] = []
    seen = set()
    for name, path, stat in _listing(raw_dir):
        seen.add(name)
        if name in files:
            size, modified, sha = files[name]
            if stat.st_size != size:
                return False
            if datetime.fromtimestamp(stat.st_mtime, tz=UTC).isoformat() != modified:
                to_hash.append((path, sha))
        elif rejected.get(name):
            to_hash.append((path, rejected[name]))  # type: ignore[arg-type]
        else:
            return False  # a new file, or a rejection that did not depend on the bytes
    if seen != set(files) | set(rejected):
        return False
    for path, sha in to_hash:
        with open(path, "rb") as handle:
            if hashlib.file_digest(handle, "sha256").hexdigest() != sha:
                return False
    return True


# Beside the warehouse: a directory state whose files were hashed and found to hold the
# bytes of the publication named, so that the next check of the same state need not hash.
VERIFIED = ".raw-state-verified.json"


def _verified(settings: Settings, fingerprint: object, state: str) -> bool:
    try:
        memo = json.loads((settings.warehouse_dir / VERIFIED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(memo, dict) and memo.get("fingerprint") == fingerprint and memo.get("raw_state") == state


def _remember_verified(settings: Settings, fingerprint: object, state: str) -> None:
    memo = settings.warehouse_dir / VERIFIED
    temporary = memo.with_name(f"{memo.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps({"fingerprint": fingerprint, "raw_state": state}), encoding="utf-8")
        os.replace(temporary, memo)
    except OSError:
        temporary.unlink(missing_ok=True)  # a cache: without it, the next check hashes again


@dataclass(frozen=True)
class Freshness:
    current: bool
    reason: str


def published_freshness(settings: Settings) -> Freshness:
    """Whether the published warehouse was built from the raw directory and code as they are now."""
    details = last_publication(settings.published_db)
    if not details:
        return Freshness(False, "nothing has been published yet")
    if details.get("raw_dir") != str(settings.raw_dir):
        return Freshness(False, "the published warehouse was built from another raw directory")
    if details.get("code_versions") != code_versions():
        return Freshness(False, "the parsing, extraction, dbt or expectations code changed")
    published = f"the publication of {details.get('published_at')}"
    state = raw_directory_state(settings.raw_dir)
    if details.get("raw_state") == state:
        return Freshness(True, f"nothing changed since {published}")
    touched = f"files were touched, but their bytes are those of {published}"
    if _verified(settings, details.get("fingerprint"), state):
        return Freshness(True, touched)
    if _same_bytes_as_published(settings.raw_dir, details):
        _remember_verified(settings, details.get("fingerprint"), state)
        return Freshness(True, touched)
    return Freshness(False, "files were added, changed or removed since the last publication")
