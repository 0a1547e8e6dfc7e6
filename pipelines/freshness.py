"""Is the published warehouse current? Cheap answers, before any work is started.

A publication records the state of the raw directory it was built from (names, sizes and
modification times, read *before* the files were hashed) and the versions of the code
(`versions.code_versions`). When both are the same now, a refresh would rebuild the
same warehouse: `oversight run`, the nightly schedule and the raw-files sensor stop
there, in well under a second, without starting Dagster, dbt or Great Expectations.

A file touched without being changed differs here but not in content; the run then
goes ahead, and the job itself stops after hashing the files (`report_files` compares
the content fingerprint with the published one).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.config import Settings
from pipelines.versions import code_versions
from pipelines.warehouse.publish import last_publication


def raw_directory_state(raw_dir: str | Path) -> str:
    """A cheap fingerprint of the raw directory: names, sizes and modification times."""
    digest = hashlib.sha256()
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
            digest.update(f"{os.path.relpath(path, raw_dir)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


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
    if details.get("raw_state") != raw_directory_state(settings.raw_dir):
        return Freshness(False, "files were added, changed or removed since the last publication")
    if details.get("code_versions") != code_versions():
        return Freshness(False, "the parsing, extraction, dbt or expectations code changed")
    return Freshness(True, f"nothing changed since the publication of {details.get('published_at')}")
