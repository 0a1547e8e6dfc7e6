"""Dagster's SQLite history without a disk flush per event, for databases in WAL mode.

The project's Dagster instance keeps its run and event history in SQLite files under
DAGSTER_HOME (dagster.yaml), all in WAL mode. Dagster opens a connection for every event
it stores and closes it after the commit, and a refresh logs about 400 events. Closing
the last connection to a WAL database checkpoints it, flushing the log and the database
to disk: 1 ms per event on this machine's disk, and 3.7 s of an 18 s one-file refresh
was Dagster storing events.

So every connection to such a database is opened with `synchronous=NORMAL`, and the
process keeps one idle connection to each database it writes: closing Dagster's own is
then never the last close, and the log is checkpointed when it grows (every 1,000 pages)
instead of per event. The history stays consistent whatever happens, and a killed
process loses nothing (the log is in the operating system's cache); only the last
events before a power cut or an operating-system crash could be missing from it. A
database in another journal mode keeps SQLite's defaults, and Postgres-backed
instances (docs/scaling.md) are not touched.

Dagster's SQLite event log also builds a new SQLAlchemy engine, and opens a new SQLite
connection, for every event it stores; a new engine compiles every statement again.
Together that was half the time spent storing an event. The event logs of this process
keep one engine per database file instead, with one pooled connection (the most recent
64 files: each run has a database of its own). Storing a one-file refresh's events went
from 2.0 s to 1.1 s. Before it stores each check's result, Dagster also asks whether the
asset-check table exists, through yet another new engine: that question goes to the kept
engine too, and a table found is remembered. SQLite serialises the writers of a file as
before: a connection kept between transactions holds no lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

_held: dict[str, sqlite3.Connection] = {}
_lock = threading.Lock()


def _relax_commits(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        (mode,) = cursor.execute("pragma journal_mode").fetchone()
        if str(mode).lower() != "wal":
            return
        cursor.execute("pragma synchronous = normal")
        rows = cursor.execute("pragma database_list").fetchall()
    finally:
        cursor.close()
    path = next((row[2] for row in rows if row[1] == "main"), "")
    if path:
        _hold(path)


def _hold(path: str) -> None:
    """Keep an idle connection to the database at `path` for the life of the process."""
    with _lock:
        if path in _held:
            return
        idle = sqlite3.connect(path, check_same_thread=False)
        idle.execute("pragma schema_version").fetchall()  # joins the WAL; no transaction stays open
        _held[path] = idle


_engines: dict[str, Engine] = {}
_ENGINES_KEPT = 64  # a run has a database of its own: a long-lived process keeps the latest


def _engine(conn_string: str) -> Engine:
    with _lock:
        engine = _engines.pop(conn_string, None)
        if engine is None:
            timeout = {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
            engine = create_engine(conn_string, poolclass=QueuePool, pool_size=1, connect_args=timeout)
        _engines[conn_string] = engine  # the most recently used last
        while len(_engines) > _ENGINES_KEPT:
            _engines.pop(next(iter(_engines))).dispose()
        return engine


@contextmanager
def _connect_with_one_engine(storage: SqliteEventLogStorage, shard: str) -> Iterator[Connection]:
    """`SqliteEventLogStorage._connect`, with the engine (and connection) of each database file kept."""
    with storage._db_lock:
        engine = _engine(storage.conn_string_for_shard(shard))
        if shard not in storage._initialized_dbs:
            storage._initdb(engine)
            storage._initialized_dbs.add(shard)
        with engine.connect() as connection, connection.begin():
            yield connection


def _has_table_with_one_engine(storage: SqliteEventLogStorage, table_name: str) -> bool:
    """`SqliteEventLogStorage.has_table` on the kept engine, remembering the tables found.

    Dagster asks whether the asset-check table exists before it stores each check's
    result, with a new engine and connection every time. A table, once there, stays.
    """
    found: set[str] = storage.__dict__.setdefault("_oversight_tables_found", set())
    if table_name in found:
        return True
    engine = _engine(storage.conn_string_for_shard(INDEX_SHARD_NAME))
    with engine.connect() as connection:
        present = bool(engine.dialect.has_table(connection, table_name))
    if present:
        found.add(table_name)
    return present


def install() -> None:
    """Apply to every SQLAlchemy engine and SQLite event log this process opens (idempotent)."""
    if not event.contains(Engine, "connect", _relax_commits):
        event.listen(Engine, "connect", _relax_commits)
    SqliteEventLogStorage._connect = _connect_with_one_engine  # type: ignore[method-assign,assignment]
    SqliteEventLogStorage.has_table = _has_table_with_one_engine  # type: ignore[method-assign,assignment]
