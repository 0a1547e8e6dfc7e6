"""Shared fixtures: the seed reports, and one full pipeline run into a temporary directory."""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.config import PROJECT_ROOT, RAW_DIR_ENV, WAREHOUSE_DIR_ENV, Settings, get_settings

SEED_DIR = PROJECT_ROOT / "data" / "raw"
GOLD_DIR = PROJECT_ROOT / "tests" / "fixtures" / "gold"
SEEDS = sorted(p.name for p in SEED_DIR.iterdir() if p.is_file() and not p.name.startswith("."))


def seed_text(name: str) -> str:
    from pipelines.ingest.files import Document, read_document

    document = read_document(SEED_DIR / name)
    assert isinstance(document, Document)
    return document.text


@dataclass
class PipelineRun:
    settings: Settings
    result: dg.ExecuteInProcessResult
    defs: dg.Definitions


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows of `sql` on a read-only connection to the DuckDB file at `path`."""
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def configure(monkeypatch: pytest.MonkeyPatch, raw_dir: Path, warehouse_dir: Path) -> Settings:
    monkeypatch.setenv(RAW_DIR_ENV, str(raw_dir))
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(warehouse_dir))
    return get_settings()


def run_pipeline(settings: Settings, instance: dg.DagsterInstance | None = None) -> PipelineRun:
    from pipelines.definitions import REFRESH_JOB, build_definitions

    defs = build_definitions(settings)
    result = defs.resolve_job_def(REFRESH_JOB).execute_in_process(
        instance=instance or dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    return PipelineRun(settings, result, defs)


@pytest.fixture(scope="session")
def seeded_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PipelineRun]:
    """The five seed reports through the whole pipeline, once per test session."""
    root = tmp_path_factory.mktemp("seeded")
    raw = root / "raw"
    shutil.copytree(SEED_DIR, raw)
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings = configure(monkeypatch, raw, root / "warehouse")
        run = run_pipeline(settings)
        yield run
