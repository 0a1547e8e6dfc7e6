"""Real dbt commands on a copy of the seeded build database (tests that break things)."""

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt.cli.main import dbtRunner

from pipelines.config import PROJECT_ROOT, WAREHOUSE_DIR_ENV
from tests.conftest import PipelineRun

DBT_DIR = PROJECT_ROOT / "dbt_project"


def copy_of_build(run: PipelineRun, tmp_path: Path) -> Path:
    """A warehouse folder holding a copy of the run's build database."""
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    shutil.copy(run.settings.build_db, warehouse / "build.duckdb")
    return warehouse


def dbt(warehouse: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[Any]:
    """`dbt <args>` in process on the warehouse's build database; the node results."""
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(warehouse))
    paths = ["--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--target-path", str(warehouse / "target")]
    result = dbtRunner().invoke([*args, *paths, "--log-path", str(warehouse / "logs"), "--quiet"])
    assert result.result is not None, result.exception
    return list(result.result.results)


def execute(warehouse: Path, *statements: tuple[str, list[object]]) -> list[tuple[object, ...]]:
    """Run the statements on the copy; the rows of the last one."""
    connection = duckdb.connect(str(warehouse / "build.duckdb"))
    try:
        rows: list[tuple[object, ...]] = []
        for sql, parameters in statements:
            rows = connection.execute(sql, parameters).fetchall()
        connection.execute("checkpoint")  # dbt run earlier in this process may still hold the database
        return rows
    finally:
        connection.close()
