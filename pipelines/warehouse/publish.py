"""Publish the build: copy its marts into a new database file and swap it in atomically.

Analysts hold read-only connections to `warehouse.duckdb` while a refresh runs. The
refresh never writes that file: it writes `warehouse.duckdb.<pid>.tmp` beside it, makes it
durable, and renames it over the old one (`os.replace`, atomic on POSIX). A reader sees
the old file or the new one, never a mixture; a failed or killed refresh leaves at most a
stale temporary file, which the next publication removes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipelines.faults import pause_point

PUBLISHED_SCHEMAS = ("marts",)
META_TABLE = "marts.publication"


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
    file, and the names of the rejected ones (see `freshness`)."""
    files = {
        source_file: [size, modified.astimezone(UTC).isoformat() if modified else None, sha]
        for source_file, size, modified, sha in connection.execute(
            "select source_file, size_bytes, modified_at, sha256 from raw.report_files where is_current"
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


def publish(
    build_db: Path,
    published_db: Path,
    fingerprint: str,
    details: dict[str, Any],
    force: bool = False,
) -> Publication:
    """Copy the published schemas of `build_db` into a fresh file and rename it into place."""
    if not force and published_fingerprint(published_db) == fingerprint:
        return Publication(published_db, False, fingerprint, _row_counts(published_db), None)
    remove_stale_temporaries(published_db)
    temporary = published_db.with_name(f"{published_db.name}.{os.getpid()}.tmp")
    now = datetime.now(UTC)
    connection = duckdb.connect(str(temporary))
    counts: dict[str, int] = {}
    try:
        connection.execute(f"attach '{build_db}' as build (read_only)")
        for schema in PUBLISHED_SCHEMAS:
            connection.execute(f"create schema if not exists {schema}")
            for table in _tables(connection, "build", schema):
                connection.execute(f'create table {schema}."{table}" as select * from build.{schema}."{table}"')
                counts[f"{schema}.{table}"] = connection.execute(f'select count(*) from {schema}."{table}"').fetchall()[
                    0
                ][0]
        connection.execute("detach build")
        connection.execute(f"create table {META_TABLE} (published_at timestamptz, fingerprint varchar, details json)")
        connection.execute(
            f"insert into {META_TABLE} values (?, ?, ?)",
            [now, fingerprint, json.dumps({**details, "row_counts": counts}, default=str)],
        )
        pause_point("publish", published_db.parent)
        connection.execute("checkpoint")
    except BaseException:
        connection.close()
        temporary.unlink(missing_ok=True)
        raise
    connection.close()
    _fsync(temporary)
    os.replace(temporary, published_db)
    _fsync_directory(published_db.parent)
    return Publication(published_db, True, fingerprint, counts, now)


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
