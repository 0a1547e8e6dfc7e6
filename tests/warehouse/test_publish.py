"""Publication copies the marts into a new file and renames it into place."""

from pathlib import Path

import duckdb

from pipelines.warehouse.publish import last_publication, publish


def _build(path: Path, rows: int) -> None:
    connection = duckdb.connect(str(path))
    connection.execute("create schema marts")
    connection.execute("create table marts.fct_kpi as select range as fact_id from range(?)", [rows])
    connection.execute("create schema raw")
    connection.execute("create table raw.secret as select 1 as x")
    connection.close()


def test_publish_writes_the_marts_only_and_records_the_publication(tmp_path: Path) -> None:
    build, published = tmp_path / "build.duckdb", tmp_path / "warehouse.duckdb"
    _build(build, 3)
    result = publish(build, published, "fp-1", {"run_id": "r1"})
    assert result.published and result.row_counts == {"marts.fct_kpi": 3}
    connection = duckdb.connect(str(published), read_only=True)
    schemas = {row[0] for row in connection.execute("select schema_name from information_schema.schemata").fetchall()}
    connection.close()
    assert "marts" in schemas and "raw" not in schemas
    assert last_publication(published)["run_id"] == "r1"  # type: ignore[index]


def test_an_unchanged_fingerprint_publishes_nothing_new(tmp_path: Path) -> None:
    build, published = tmp_path / "build.duckdb", tmp_path / "warehouse.duckdb"
    _build(build, 3)
    publish(build, published, "fp-1", {})
    inode = published.stat().st_ino
    again = publish(build, published, "fp-1", {})
    assert not again.published and published.stat().st_ino == inode


def test_a_reader_holding_the_old_file_keeps_reading_it_after_a_swap(tmp_path: Path) -> None:
    build, published = tmp_path / "build.duckdb", tmp_path / "warehouse.duckdb"
    _build(build, 3)
    publish(build, published, "fp-1", {})
    reader = duckdb.connect(str(published), read_only=True)
    build.unlink()
    _build(build, 5)
    (tmp_path / "warehouse.duckdb.999.tmp").write_bytes(b"left by a killed run")
    publish(build, published, "fp-2", {})
    assert reader.execute("select count(*) from marts.fct_kpi").fetchall() == [(3,)]
    reader.close()
    fresh = duckdb.connect(str(published), read_only=True)
    assert fresh.execute("select count(*) from marts.fct_kpi").fetchall() == [(5,)]
    fresh.close()
    assert not (tmp_path / "warehouse.duckdb.999.tmp").exists()
