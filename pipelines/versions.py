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
    # the raw rows' columns are part of what extraction writes (warehouse/rows.py)
    rows = _PACKAGE / "warehouse" / "rows.py"
    return hashlib.sha256((_digest(("ingest", "parsing", "extraction")) + rows.read_text()).encode()).hexdigest()[:16]


def _digest_files(paths: list[Path], root: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            sha.update(path.relative_to(root).as_posix().encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


@cache
def dbt_project_version() -> str:
    """Fingerprint of the dbt project: models, macros, tests, its settings and the seed it reads."""
    project = _PACKAGE.parent / "dbt_project"
    paths = [project / "dbt_project.yml", _PACKAGE / "extraction" / "vocab" / "org_units.csv"]
    for folder in ("models", "macros", "tests", "seeds", "snapshots"):
        paths.extend(p for p in (project / folder).rglob("*") if p.suffix in {".sql", ".yml", ".yaml", ".csv"})
    return _digest_files(paths, _PACKAGE.parent)


@cache
def expectations_version() -> str:
    """Fingerprint of the Great Expectations suites."""
    root = _PACKAGE.parent
    return _digest_files(list((root / "expectations").glob("*.json")), root)


def code_versions() -> dict[str, str]:
    """Everything besides the raw files that the published warehouse depends on."""
    return {
        "parser": parser_version(),
        "extractor": extractor_version(),
        "dbt_project": dbt_project_version(),
        "expectations": expectations_version(),
    }
