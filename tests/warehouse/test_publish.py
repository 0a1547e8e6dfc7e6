"""Publication writes the marts into a new file, whole or by report, and renames it into place."""

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


def _facts_build(path: Path, reports: dict[str, int], generation: str = "2026-01-01 00:00:00+00") -> None:
    """A build database with one fact table of `rows` rows per report and its dbt build record."""
    connection = duckdb.connect(str(path))
    connection.execute("create schema if not exists marts")
    connection.execute("create schema if not exists raw")
    connection.execute(
        "create or replace table marts.fct_kpi "
        "(fact_id varchar, report_id varchar, sha256 varchar, extracted_at timestamptz, actual_value double)"
    )
    for report, rows in reports.items():
        connection.execute(
            "insert into marts.fct_kpi select ? || '-' || range, ?, 'sha-' || ?, timestamptz '2026-01-02', range "
            "from range(?)",
            [report, report, report, rows],
        )
    connection.execute("create or replace table marts.dim_report as select distinct report_id from marts.fct_kpi")
    connection.execute("create or replace table raw.dbt_builds (built_at timestamptz, full_refresh boolean)")
    connection.execute("insert into raw.dbt_builds values (?, true)", [generation])
    connection.close()


def _content(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return {
            table: connection.execute(f"select * from marts.{table} order by all").fetchall()
            for table in ("fct_kpi", "dim_report")
        }
    finally:
        connection.close()


def test_a_new_report_is_published_by_report_into_a_copy_with_the_content_of_a_whole_copy(tmp_path: Path) -> None:
    build, published, whole = tmp_path / "build.duckdb", tmp_path / "warehouse.duckdb", tmp_path / "whole.duckdb"
    _facts_build(build, {f"r{i}": 10 for i in range(30)})
    assert publish(build, published, "fp-1", {}).published
    assert last_publication(published)["storage"]["written"] == "whole"  # type: ignore[index]
    _facts_build(build, {**{f"r{i}": 10 for i in range(30)}, "new": 7})
    result = publish(build, published, "fp-2", {})
    storage = last_publication(published)["storage"]  # type: ignore[index]
    assert (storage["written"], storage["deleted"], storage["inserted"]) == ("by report", 0, 7)
    assert result.row_counts == {"marts.fct_kpi": 307, "marts.dim_report": 31}
    publish(build, whole, "fp-2", {}, force=True)
    assert last_publication(whole)["storage"]["written"] == "whole"  # type: ignore[index]
    assert _content(published) == _content(whole)


def test_a_changed_or_removed_report_loses_its_rows_until_too_many_rows_were_deleted(tmp_path: Path) -> None:
    build, published = tmp_path / "build.duckdb", tmp_path / "warehouse.duckdb"
    reports = {f"r{i}": 10 for i in range(30)}
    _facts_build(build, reports)
    publish(build, published, "fp-1", {})
    del reports["r0"]
    _facts_build(build, reports)
    publish(build, published, "fp-2", {})
    storage = last_publication(published)["storage"]  # type: ignore[index]
    assert (storage["written"], storage["deleted"], storage["deleted_since_whole"]) == ("by report", 10, 10)
    assert _content(published)["fct_kpi"] == _content(build)["fct_kpi"]
    # 10 + 20 + 10 rows deleted since the whole copy is more than a tenth of the rows: written whole
    del reports["r1"], reports["r2"]
    _facts_build(build, reports)
    publish(build, published, "fp-3", {})
    assert last_publication(published)["storage"]["deleted_since_whole"] == 30  # type: ignore[index]
    del reports["r3"]
    _facts_build(build, reports)
    publish(build, published, "fp-4", {})
    assert last_publication(published)["storage"]["written"] == "whole"  # type: ignore[index]
    assert _content(published) == _content(build)


def test_a_full_dbt_build_since_the_last_publication_is_published_whole(tmp_path: Path) -> None:
    build, published = tmp_path / "build.duckdb", tmp_path / "warehouse.duckdb"
    _facts_build(build, {"r1": 3})
    publish(build, published, "fp-1", {})
    _facts_build(build, {"r1": 3, "r2": 3}, generation="2026-02-01 00:00:00+00")
    publish(build, published, "fp-2", {})
    assert last_publication(published)["storage"]["written"] == "whole"  # type: ignore[index]
    assert _content(published) == _content(build)
