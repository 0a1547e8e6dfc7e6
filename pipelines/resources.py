"""Dagster resources: where the raw files and the warehouse live, and the dbt CLI.

Paths come from `pipelines.config.get_settings()` (the one place that reads
OVERSIGHT_RAW_DIR and OVERSIGHT_WAREHOUSE_DIR); the dbt profile reads the same variables.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import sys
from collections.abc import Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import dagster as dg
from packaging.version import Version

from pipelines.config import DBT_PROJECT_DIR, Settings, get_settings
from pipelines.dagster_dbt_lite import DbtCliResource, DbtProject
from pipelines.dbt_launcher import REAL_DBT_ENV


class WarehouseResource(dg.ConfigurableResource):
    """The raw directory read by a run and the warehouse directory it writes."""

    raw_dir: str
    warehouse_dir: str
    max_file_bytes: int
    workers: int

    @classmethod
    def from_settings(cls, settings: Settings) -> WarehouseResource:
        return cls(
            raw_dir=str(settings.raw_dir),
            warehouse_dir=str(settings.warehouse_dir),
            max_file_bytes=settings.max_file_bytes,
            workers=settings.workers,
        )

    @property
    def settings(self) -> Settings:
        return Settings(
            raw_dir=Path(self.raw_dir),
            warehouse_dir=Path(self.warehouse_dir),
            max_file_bytes=self.max_file_bytes,
            workers=self.workers,
        )


def _newest_source_mtime(project_dir: Path) -> float:
    paths = [project_dir / "dbt_project.yml"]
    for folder in ("models", "macros", "tests", "seeds", "snapshots", "analyses"):
        paths.extend(p for p in (project_dir / folder).rglob("*") if p.is_file())
    return max((p.stat().st_mtime for p in paths if p.exists()), default=0.0)


def _put_environment_bin_first() -> None:
    """dagster-dbt looks for `dbt` on PATH; make it the one installed beside this Python."""
    bin_dir = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != bin_dir:
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


@cache
def dbt_project() -> DbtProject:
    """The dbt project, with a manifest no older than its sources.

    A fresh checkout has no manifest, and an edited model makes the manifest stale: both
    are fixed by one `dbt parse` the first time the definitions are loaded in a process.
    """
    _put_environment_bin_first()
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    manifest = project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime(DBT_PROJECT_DIR):
        get_settings()  # export the warehouse path the profile reads
        project.preparer.prepare(project)
    else:
        project.prepare_if_dev()
    return project


def _dbt_executable() -> str:
    """dbt beside this Python; on Linux started through `dbt_launcher.py` so it dies with us.

    A killed pipeline must not leave dbt running on as an orphan that holds the lock
    on build.duckdb (see pipelines/dbt_launcher.py).
    """
    executable = Path(sys.executable).with_name("dbt")
    real = str(executable) if executable.exists() else "dbt"
    launcher = Path(__file__).with_name("dbt_launcher.py")
    if sys.platform == "linux" and os.access(launcher, os.X_OK) and shutil.which("python3"):
        os.environ[REAL_DBT_ENV] = real
        return str(launcher)
    return real


class OversightDbtCliResource(DbtCliResource):
    """`DbtCliResource` without the dbt adapter it opens in the pipeline process.

    Before starting `dbt`, dagster-dbt loads the dbt project and profile in process and
    opens an adapter, which only its `fetch_row_counts()` and `fetch_column_metadata()`
    use. This project reads row counts and previews itself (`pipelines.assets.dbt`), so
    the adapter is not opened: that saves about 3 seconds of imports and project loading
    at the start of every `dbt build` and `dbt docs generate`. The dbt version is read
    from the installed package rather than from `dbt --version`.
    """

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> Any:
        return None

    @cached_property
    def _cli_version(self) -> Version:
        # dagster-dbt runs `dbt --version` (about 2 s) for every step that calls dbt; the
        # executable is this environment's dbt-core (through pipelines/dbt_launcher.py).
        return Version(importlib.metadata.version("dbt-core"))


def dbt_resource() -> DbtCliResource:
    return OversightDbtCliResource(
        project_dir=dbt_project(),
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=_dbt_executable(),
    )
