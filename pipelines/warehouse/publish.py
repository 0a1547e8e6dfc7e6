"""Publish the build: bring its marts into a new database file and swap it in atomically.

Analysts hold read-only connections to `warehouse.duckdb` while a refresh runs. The
refresh never writes that file: it writes `warehouse.duckdb.<pid>.tmp` beside it, makes it
durable, and renames it over the old one (`os.replace`, atomic on POSIX). A reader sees
the old file or the new one, never a mixture; a failed or killed refresh leaves at most a
stale temporary file, which the next publication removes.

The new file is written in one of two ways, with the same content:

- whole: every mart copied from the build;
- by report: a copy of the last published file, in which the fact tables lose the rows of
  the reports that are gone or changed and gain those of the new ones, and the other
  marts (small) are replaced. A refresh that adds a report to 10,000 then writes a few
  thousand rows rather than two million.

A fact table's rows for one report (its `report_id`, `sha256` and `extracted_at`) never
change once dbt wrote them, until dbt rebuilds the table from scratch (a full refresh,
recorded in `raw.dbt_builds`). So the publication is written by report only when the
last one was made from the same full build (its `generation`), by the same DuckDB, and
when the rows it deleted since it was last written whole stay under
`MAX_DELETED_SHARE` of its rows: DuckDB keeps deleted rows in the file until their row
group is written again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipelines.config import duckdb_config
from pipelines.faults import pause_point

PUBLISHED_SCHEMAS = ("marts",)
META_TABLE = "marts.publication"
# Marts whose rows belong to one report and are written once by dbt: the incremental
# fact tables (dbt_project/macros/incremental_reports.sql) and the view that filters one.
BY_REPORT = ("fct_kpi", "fct_kpi_distinct", "fct_budget", "fct_grade", "fct_workforce", "fct_milestone")
REPORT_KEY = ("report_id", "sha256", "extracted_at")
# Deleted rows a published file may carry, as a share of its rows, before it is written whole.
MAX_DELETED_SHARE = 0.1
# Each successful `dbt build` of the pipeline, in the build database: when, which dbt
# project, full or not, on which profile target (written and read by the dbt asset).
BUILDS_TABLE = "raw.dbt_builds"


@dataclass(frozen=True)
class Publication:
    path: Path
    published: bool  # False when nothing changed since the last publication
    fingerprint: str
    row_counts: dict[str, int]
    published_at: datetime | None


def build_fingerprint(connection: duckdb.DuckDBPyConnection, code_versions: dict[str, str]) -> str:
    """What the published content depends on: current files, their content, rejections and the code."""
    files = connection.execute(
        "select source_file, sha256 from raw.report_files where is_current order by 1"
    ).fetchall()
    rejected = connection.execute(
        "select source_file, coalesce(sha256, ''), reason from raw.rejected_files order by all"
    ).fetchall()
    sha = hashlib.sha256(json.dumps([files, rejected, sorted(code_versions.items())]).encode())
    return sha.hexdigest()[:24]


def file_listing(connection: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The files a build was made from: size, modification time and sha256 of each current
    file, and the names of the rejected ones (see `freshness`). The time is the one the
    last scan saw: a file touched since its content was first read is not hashed again
    by the next freshness check."""
    files = {
        source_file: [size, modified.astimezone(UTC).isoformat() if modified else None, sha]
        for source_file, size, modified, sha in connection.execute(
            "select source_file, size_bytes, coalesce(seen_modified_at, modified_at), sha256 "
            "from raw.report_files where is_current"
        ).fetchall()
    }
    rejected = {
        source_file: sha
        for source_file, sha in connection.execute("select source_file, sha256 from raw.rejected_files").fetchall()
    }
    return {"files": files, "rejected_files": rejected}


def last_scan(connection: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The raw directory and its state as the latest scan read them (see `freshness`)."""
    rows = connection.execute(
        "select raw_dir, directory_state from raw.scans order by scanned_at desc limit 1"
    ).fetchall()
    return {"raw_dir": rows[0][0], "raw_state": rows[0][1]} if rows else {}


def published_fingerprint(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None
    try:
        rows = connection.execute(f"select fingerprint from {META_TABLE} order by published_at desc limit 1").fetchall()
        return rows[0][0] if rows else None
    except duckdb.Error:
        return None
    finally:
        connection.close()


def _tables(connection: duckdb.DuckDBPyConnection, database: str, schema: str) -> list[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = ? order by 1",
        [database, schema],
    ).fetchall()
    return [r[0] for r in rows]


def remove_stale_temporaries(published: Path) -> None:
    for stale in published.parent.glob(f"{published.name}.*.tmp*"):
        stale.unlink(missing_ok=True)


def build_generation(build_db: Path) -> str | None:
    """When dbt last built the marts of this build database from scratch, or None if unknown."""
    connection = duckdb.connect()
    try:
        connection.execute(f"attach '{build_db}' as build (read_only)")
        rows = connection.execute(f"select max(built_at) from build.{BUILDS_TABLE} where full_refresh").fetchall()
    except duckdb.Error:
        return None
    finally:
        connection.close()
    return rows[0][0].isoformat() if rows and rows[0][0] is not None else None


def _deleted_since_whole(published_db: Path, generation: str | None) -> int | None:
    """Rows deleted from the published file since it was last written whole, when it can
    be brought up to date by report; None when it must be written whole."""
    if generation is None or Path(f"{published_db}.wal").exists():
        return None
    try:
        previous = last_publication(published_db)
    except duckdb.Error:
        return None
    storage = (previous or {}).get("storage") or {}
    if storage.get("generation") != generation or storage.get("duckdb") != duckdb.__version__:
        return None
    deleted = storage.get("deleted_since_whole")
    return deleted if isinstance(deleted, int) else None


def publish(
    build_db: Path,
    published_db: Path,
    fingerprint: str,
    details: dict[str, Any],
    force: bool = False,
) -> Publication:
    """Bring the published schemas of `build_db` into a new file and rename it into place.

    `force` publishes even when nothing changed, and writes the file whole.
    """
    if not force and published_fingerprint(published_db) == fingerprint:
        return Publication(published_db, False, fingerprint, _row_counts(published_db), None)
    remove_stale_temporaries(published_db)
    temporary = published_db.with_name(f"{published_db.name}.{os.getpid()}.tmp")
    record = _Record(datetime.now(UTC), fingerprint, details, build_generation(build_db))
    deleted_before = None if force else _deleted_since_whole(published_db, record.generation)
    try:
        counts = None
        if deleted_before is not None:
            shutil.copyfile(published_db, temporary)
            counts = _write(temporary, build_db, record, deleted_before)
        if counts is None:
            temporary.unlink(missing_ok=True)
            counts = _write(temporary, build_db, record, None)
        assert counts is not None  # written whole, it always is
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync(temporary)
    os.replace(temporary, published_db)
    _fsync_directory(published_db.parent)
    return Publication(published_db, True, fingerprint, counts, record.now)


@dataclass(frozen=True)
class _Record:
    """What the publication records of itself in `META_TABLE`."""

    now: datetime
    fingerprint: str
    details: dict[str, Any]
    generation: str | None


def _write(temporary: Path, build_db: Path, record: _Record, deleted_before: int | None) -> dict[str, int] | None:
    """Write the marts into `temporary`: whole (`deleted_before` None) or, in a copy of the
    last publication, by report. The row count of each table, or None when a publication
    by report would leave too many deleted rows in the file."""
    # Without the pipeline's memory limit DuckDB may cache up to 80% of the machine while it copies.
    connection = duckdb.connect(str(temporary), config=duckdb_config())
    try:
        connection.execute(f"attach '{build_db}' as build (read_only)")
        for schema in PUBLISHED_SCHEMAS:
            connection.execute(f"create schema if not exists {schema}")
        storage = _copy_whole(connection) if deleted_before is None else _update_by_report(connection, deleted_before)
        if storage is None:
            return None
        connection.execute("detach build")
        here = _database(connection)
        counts = {
            f"{schema}.{table}": _count(connection, f'{schema}."{table}"')
            for schema in PUBLISHED_SCHEMAS
            for table in _tables(connection, here, schema)
            if f"{schema}.{table}" != META_TABLE
        }
        details = {**record.details, "storage": {**storage, **_storage(record.generation)}, "row_counts": counts}
        connection.execute(
            f"create or replace table {META_TABLE} (published_at timestamptz, fingerprint varchar, details json)"
        )
        connection.execute(
            f"insert into {META_TABLE} values (?, ?, ?)",
            [record.now, record.fingerprint, json.dumps(details, default=str)],
        )
        pause_point("publish", temporary.parent)
        connection.execute("checkpoint")
    finally:
        connection.close()
    return counts


def _storage(generation: str | None) -> dict[str, Any]:
    return {"generation": generation, "duckdb": duckdb.__version__}


def _database(connection: duckdb.DuckDBPyConnection) -> str:
    return str(connection.execute("select current_database()").fetchall()[0][0])


def _count(connection: duckdb.DuckDBPyConnection, relation: str) -> int:
    return int(connection.execute(f"select count(*) from {relation}").fetchall()[0][0])


def _copy_whole(connection: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    for schema in PUBLISHED_SCHEMAS:
        for table in _tables(connection, "build", schema):
            connection.execute(f'create table {schema}."{table}" as select * from build.{schema}."{table}"')
    return {"written": "whole", "deleted_since_whole": 0}


def _columns(connection: duckdb.DuckDBPyConnection, database: str, table: str) -> list[tuple[str, str]]:
    rows = connection.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = 'marts' and table_name = ? order by ordinal_position",
        [database, table],
    ).fetchall()
    return [(name, kind) for name, kind in rows]


def _update_by_report(connection: duckdb.DuckDBPyConnection, deleted_before: int) -> dict[str, Any] | None:
    """Bring a copy of the last publication up to the build (see the module's docstring);
    None when the rows deleted since it was written whole would pass `MAX_DELETED_SHARE`."""
    here = _database(connection)
    built = _tables(connection, "build", "marts")
    published = set(_tables(connection, here, "marts")) - {META_TABLE.removeprefix("marts.")}
    by_report = []
    for table in built:
        if table in BY_REPORT and table in published:
            columns = _columns(connection, here, table)
            if columns == _columns(connection, "build", table) and set(REPORT_KEY) <= {name for name, _ in columns}:
                by_report.append(table)
    keys = ", ".join(REPORT_KEY)
    same = " and ".join(f"p.{key} is not distinct from b.{key}" for key in REPORT_KEY)
    for table in by_report:  # the reports (contents, readings) the build no longer has
        connection.execute(
            f"create temp table gone_{table} as select distinct {keys} from marts.{table} "
            f"except select distinct {keys} from build.marts.{table}"
        )
    deleted = sum(_count(connection, f"marts.{t} as p semi join gone_{t} as b on {same}") for t in by_report)
    if deleted_before + deleted > MAX_DELETED_SHARE * sum(_count(connection, f'marts."{t}"') for t in published):
        return None
    for table in sorted(published - set(built)):
        connection.execute(f'drop table marts."{table}"')
    inserted = 0
    for table in built:
        if table not in by_report:
            connection.execute(f'create or replace table marts."{table}" as select * from build.marts."{table}"')
            continue
        connection.execute(f"delete from marts.{table} as p using gone_{table} as b where {same}")
        inserted += connection.execute(
            f"insert into marts.{table} select * from build.marts.{table} as b "
            f"where not exists (select 1 from marts.{table} as p where {same})"
        ).fetchall()[0][0]
    return {
        "written": "by report",
        "deleted_since_whole": deleted_before + deleted,
        "deleted": deleted,
        "inserted": inserted,
    }


def _row_counts(path: Path) -> dict[str, int]:
    details = last_publication(path)
    return dict(details.get("row_counts", {})) if details else {}


def last_publication(path: Path) -> dict[str, Any] | None:
    """The details recorded with the current published warehouse, or None."""
    if not path.exists():
        return None
    connection = duckdb.connect(str(path), read_only=True)
    try:
        rows = connection.execute(
            f"select published_at, fingerprint, details from {META_TABLE} order by published_at desc limit 1"
        ).fetchall()
    except duckdb.Error:
        return None
    finally:
        connection.close()
    if not rows:
        return None
    published_at, fingerprint, details = rows[0]
    return {"published_at": published_at, "fingerprint": fingerprint, **json.loads(details)}


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
