"""Where things live. The one place that reads the environment.

`OVERSIGHT_RAW_DIR` and `OVERSIGHT_WAREHOUSE_DIR` name the input archive and the output
directory (defaults `data/raw` and `data/warehouse` under the project). Relative values are
taken from the project root, and the resolved absolute paths are written back into the
environment so that dbt (whose profile reads the same variables) agrees with Python.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

RAW_DIR_ENV = "OVERSIGHT_RAW_DIR"
WAREHOUSE_DIR_ENV = "OVERSIGHT_WAREHOUSE_DIR"
MAX_FILE_MB_ENV = "OVERSIGHT_MAX_FILE_MB"
WORKERS_ENV = "OVERSIGHT_WORKERS"
DUCKDB_MEMORY_ENV = "OVERSIGHT_DUCKDB_MEMORY"
# dbt_project/profiles.yml names the same default.
DEFAULT_DUCKDB_MEMORY = "512MB"
DBT_TARGET_ENV = "OVERSIGHT_DBT_TARGET"  # the dbt profile's target: `build` (local) or `motherduck`
# Crash tests only (see pipelines/faults.py): pause a stage so it can be killed there.
GX_KEEP_RUNS_ENV = "OVERSIGHT_GX_KEEP_RUNS"
PAUSE_AT_ENV = "OVERSIGHT_PAUSE_AT"
PAUSE_SECONDS_ENV = "OVERSIGHT_PAUSE_SECONDS"

BUILD_DB_NAME = "build.duckdb"
PUBLISHED_DB_NAME = "warehouse.duckdb"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_dir: Path
    max_file_bytes: int
    workers: int

    @property
    def build_db(self) -> Path:
        """The database every run writes: raw tables and dbt models. Never read by analysts."""
        return self.warehouse_dir / BUILD_DB_NAME

    @property
    def published_db(self) -> Path:
        """The database analysts read; replaced atomically after every blocking check passes."""
        return self.warehouse_dir / PUBLISHED_DB_NAME

    @property
    def data_docs_dir(self) -> Path:
        return self.warehouse_dir / "data_docs"

    @property
    def dbt_docs_dir(self) -> Path:
        return self.warehouse_dir / "dbt_docs"

    @property
    def scorecard_dir(self) -> Path:
        return self.warehouse_dir / "scorecard"

    @property
    def extracts_dir(self) -> Path:
        """Per-file extraction output as Parquet, keyed by content hash."""
        return self.warehouse_dir / "extracts"


def _resolve(value: str | None, default: str) -> Path:
    path = Path(value) if value else Path(default)
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    return path.resolve()


N = TypeVar("N", int, float)


def _number(name: str, default: str, kind: Callable[[str], N]) -> N:
    """The number an environment variable holds; a ValueError that names it when it holds none.

    >>> os.environ["OVERSIGHT_WORKERS"] = "two"
    >>> _number("OVERSIGHT_WORKERS", "0", int)
    Traceback (most recent call last):
    ValueError: OVERSIGHT_WORKERS must be a whole number, not 'two'
    >>> del os.environ["OVERSIGHT_WORKERS"]
    """
    value = os.environ.get(name, default)
    try:
        return kind(value)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ValueError(f"{name} must be {what}, not {value!r}") from None


def get_settings() -> Settings:
    """Read the environment once per call and export the resolved paths for dbt."""
    raw_dir = _resolve(os.environ.get(RAW_DIR_ENV), "data/raw")
    warehouse_dir = _resolve(os.environ.get(WAREHOUSE_DIR_ENV), "data/warehouse")
    os.environ[RAW_DIR_ENV] = str(raw_dir)
    os.environ[WAREHOUSE_DIR_ENV] = str(warehouse_dir)
    max_mb = _number(MAX_FILE_MB_ENV, "50", float)
    workers = _number(WORKERS_ENV, "0", int) or max(1, min(os.cpu_count() or 1, 8))
    return Settings(
        raw_dir=raw_dir,
        warehouse_dir=warehouse_dir,
        max_file_bytes=int(max_mb * 1024 * 1024),
        workers=workers,
    )


def duckdb_config() -> dict[str, str]:
    """Settings of every DuckDB connection the pipeline opens (dbt's profile reads the same variable).

    DuckDB's default memory limit is 80% of the machine; a large corpus would then grow
    the process instead of spilling to disk. One limit, shared with dbt, keeps the peak
    resident memory of a refresh bounded. At 10,000 reports, 512 MB instead of 1 GB took
    the dbt build from 2.06 to 1.56 GB of RSS summed over the processes, and the CLI
    from 1.52 to 1.30 GB while ingesting, for about 7 s more of dbt (docs/scaling.md,
    "Memory").
    """
    return {"memory_limit": os.environ.get(DUCKDB_MEMORY_ENV, DEFAULT_DUCKDB_MEMORY)}


def gx_runs_kept() -> int:
    """How many validation results per suite the Great Expectations store keeps (default 60).

    Every refresh stores a result per suite, and building the Data Docs site reads every
    stored result for its index: kept for ever, a nightly refresh would slow down with
    its own history. The oldest are deleted past this many, with their Data Docs pages.
    """
    return max(1, _number(GX_KEEP_RUNS_ENV, "60", int))


def dbt_target() -> str:
    """The target of the dbt profile (dbt_project/profiles.yml reads the same variable)."""
    return os.environ.get(DBT_TARGET_ENV) or "build"
