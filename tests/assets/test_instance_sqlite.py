"""Dagster's SQLite history in WAL mode commits without a flush per event; other databases keep SQLite's defaults."""

import sqlite3
from pathlib import Path

import dagster as dg
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from pipelines import instance_sqlite


def _synchronous(path: Path) -> int:
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("pragma synchronous")).scalar_one())
    finally:
        engine.dispose()


def test_a_wal_database_commits_with_normal_sync_and_stays_open_between_connections(tmp_path: Path) -> None:
    instance_sqlite.install()
    wal, plain = tmp_path / "wal.db", tmp_path / "plain.db"
    sqlite3.connect(wal).execute("pragma journal_mode=wal").fetchall()
    sqlite3.connect(plain).execute("create table t (x)")

    assert _synchronous(wal) == 1  # NORMAL
    assert _synchronous(plain) == 2  # FULL, SQLite's default
    # The idle connection keeps the log: closing Dagster's connection did not checkpoint it away.
    assert (tmp_path / "wal.db-wal").exists()
    assert not (tmp_path / "plain.db-wal").exists()


def test_a_run_recorded_in_a_sqlite_instance_reads_back_whole(tmp_path: Path) -> None:
    instance_sqlite.install()

    @dg.asset
    def numbers() -> int:
        return 3

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        result = dg.materialize([numbers], instance=instance)
        assert result.success
        events = instance.all_logs(result.run_id)
        assert any(e.dagster_event_type == dg.DagsterEventType.RUN_SUCCESS for e in events)
        assert instance.get_latest_materialization_event(dg.AssetKey("numbers")) is not None
        files = {path.name for path in tmp_path.rglob("*.db")}
        assert {"index.db", f"{result.run_id}.db"} <= files
        for path in tmp_path.rglob("*.db"):
            (mode,) = sqlite3.connect(path).execute("pragma journal_mode").fetchone()
            assert mode == "wal"


def test_the_event_log_keeps_one_engine_per_database_file(tmp_path: Path) -> None:
    instance_sqlite.install()

    @dg.asset
    def letters() -> str:
        return "abc"

    def engines() -> dict[str, object]:
        return {url.rsplit("/", 1)[-1]: e for url, e in instance_sqlite._engines.items() if str(tmp_path) in url}

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        first = dg.materialize([letters], instance=instance).run_id
        index_engine = engines()["index.db"]
        second = dg.materialize([letters], instance=instance).run_id
        for run_id in (first, second):
            assert instance.get_run_by_id(run_id).is_success  # type: ignore[union-attr]
            assert len(instance.all_logs(run_id)) > 5
        # every event of both runs went through the same engine for the index, and each
        # run's own database has one engine
        assert engines()["index.db"] is index_engine
        assert {f"{first}.db", f"{second}.db"} <= set(engines())
