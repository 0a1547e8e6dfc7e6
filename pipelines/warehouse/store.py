"""The raw schema of the build database: create it, read its state, write batches.

Writes are batched: one INSERT ... SELECT per table and batch, from an Arrow table (the
Python stages) or a pandas frame (small bookkeeping tables). Every table keyed by
document content (`sha256`) is rewritten only for the documents whose content or code
version changed.

Connections are opened with a memory limit (`OVERSIGHT_DUCKDB_MEMORY`, default 512MB) so
that large corpora spill to disk instead of growing the process.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from pipelines.config import duckdb_config
from pipelines.warehouse.rows import RAW_COLUMNS

SCHEMA = "raw"


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path), read_only=read_only, config=duckdb_config())
    try:
        yield connection
    finally:
        connection.close()


def ensure_schema(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(f"create schema if not exists {SCHEMA}")
    for table, columns in RAW_COLUMNS.items():
        body = ", ".join(f'"{name}" {kind}' for name, kind in columns.items())
        connection.execute(f"create table if not exists {SCHEMA}.{table} ({body})")
        existing = {
            row[0]
            for row in connection.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                [SCHEMA, table],
            ).fetchall()
        }
        for name, kind in columns.items():
            if name not in existing:
                connection.execute(f'alter table {SCHEMA}.{table} add column "{name}" {kind}')


def _frame(table: str, rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    columns = list(RAW_COLUMNS[table])

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, (list, tuple, dict)):
            return json.dumps(value)
        return value

    records = [[plain(row.get(column)) for column in columns] for row in rows]
    return pd.DataFrame.from_records(records, columns=columns).astype(object)


def insert_rows(connection: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> int:
    """Append rows to a raw table in one statement, casting each column to its type."""
    if not rows:
        return 0
    frame = _frame(table, rows)
    casts = ", ".join(f'cast("{name}" as {kind}) as "{name}"' for name, kind in RAW_COLUMNS[table].items())
    connection.register("incoming_rows", frame)
    try:
        connection.execute(f"insert into {SCHEMA}.{table} select {casts} from incoming_rows")
    finally:
        connection.unregister("incoming_rows")
    return len(rows)


def insert_arrow(connection: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> int:
    """Append an Arrow table of the raw table's schema (`rows.arrow_table`) in one statement."""
    if not rows.num_rows:
        return 0
    columns = ", ".join(f'"{name}"' for name in RAW_COLUMNS[table])
    connection.register("incoming_arrow", rows)
    try:
        connection.execute(f"insert into {SCHEMA}.{table} ({columns}) select {columns} from incoming_arrow")
    finally:
        connection.unregister("incoming_arrow")
    return int(rows.num_rows)


def replace_arrow(connection: duckdb.DuckDBPyConnection, table: str, shas: Iterable[str], rows: pa.Table) -> int:
    """Delete the rows of these documents, then insert their new rows."""
    delete_for(connection, table, shas)
    return insert_arrow(connection, table, rows)


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A batch written whole or not at all: a killed run leaves its documents pending."""
    connection.execute("begin transaction")
    try:
        yield
    except BaseException:
        connection.execute("rollback")
        raise
    connection.execute("commit")


def delete_for(connection: duckdb.DuckDBPyConnection, table: str, shas: Iterable[str]) -> None:
    keys = sorted(set(shas))
    if not keys:
        return
    frame = pd.DataFrame({"sha256": keys})
    connection.register("stale_keys", frame)
    try:
        connection.execute(f"delete from {SCHEMA}.{table} where sha256 in (select sha256 from stale_keys)")
    finally:
        connection.unregister("stale_keys")


def replace_rows(
    connection: duckdb.DuckDBPyConnection, table: str, shas: Iterable[str], rows: Sequence[dict[str, Any]]
) -> int:
    delete_for(connection, table, shas)
    return insert_rows(connection, table, rows)


# ------------------------------------------------------------------ state queries


def current_files(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, datetime, str]]:
    """source_file -> (size, modification time, sha256) of each current file as last scanned."""
    rows = connection.execute(
        f"select source_file, size_bytes, coalesce(seen_modified_at, modified_at), sha256 "
        f"from {SCHEMA}.report_files where is_current"
    ).fetchall()
    return {source_file: (size, modified, sha) for source_file, size, modified, sha in rows}


def stored_documents(connection: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """sha256 -> version of the converter that made the stored text."""
    rows = connection.execute(f"select sha256, converter_version from {SCHEMA}.report_documents").fetchall()
    return dict(rows)


def documents_needing(
    connection: duckdb.DuckDBPyConnection, table: str, version_column: str, version: str
) -> list[str]:
    """Current documents whose rows in `table` are missing or were made by other code."""
    query = f"""
        select distinct files.sha256
        from {SCHEMA}.report_files as files
        where files.is_current
          and not exists (
              select 1 from {SCHEMA}.{table} as done
              where done.sha256 = files.sha256 and done.{version_column} = ?
          )
        order by 1
    """
    return [row[0] for row in connection.execute(query, [version]).fetchall()]


def _wanted(connection: duckdb.DuckDBPyConnection, shas: Sequence[str]) -> None:
    connection.register("wanted", pd.DataFrame({"sha256": list(shas)}))


def stream_documents(
    connection: duckdb.DuckDBPyConnection, shas: Sequence[str], *columns: str, per_batch: int = 50
) -> Iterator[tuple[Any, ...]]:
    """(sha256, *columns) of raw.report_documents for these documents, in one streamed scan.

    One query reads every wanted document, `per_batch` rows at a time, in table order.
    Reading them a chunk at a time would scan the text column once per chunk: at 10,000
    documents a chunk of 50 took 0.7 s, and parsing grew with the square of the corpus.
    The scan runs on a cursor of its own, so the caller may write with `connection`
    meanwhile; memory holds a batch, not the corpus.
    """
    if not shas:
        return
    cursor = connection.cursor()
    try:
        _wanted(cursor, shas)
        selected = ", ".join(f"d.{c}" for c in columns)
        query = f"select d.sha256, {selected} from {SCHEMA}.report_documents as d semi join wanted using (sha256)"
        for batch in cursor.sql(query).to_arrow_reader(per_batch):
            yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)
    finally:
        cursor.close()


def blocks_of(connection: duckdb.DuckDBPyConnection, shas: Sequence[str]) -> dict[str, dict[str, list[Any]]]:
    """Stored blocks of these documents in one query: per document, each column of
    raw.parsed_blocks but `sha256` and `parser_version` as a list in block order.

    Columns, not row dicts: a document has hundreds of blocks. With a dict per block, the
    process feeding the extraction workers took 0.32 s per 200 documents to read and shape
    them (0.16 s as columns), and they pickled to 26 MB (14 MB as columns).
    """
    if not shas:
        return {}
    _wanted(connection, shas)
    try:
        table = connection.sql(
            f"select b.* exclude (parser_version) from {SCHEMA}.parsed_blocks as b inner join wanted using (sha256) "
            "order by b.sha256, b.block_index"
        ).to_arrow_table()
    finally:
        connection.unregister("wanted")
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    owners = columns.pop("sha256")
    blocks: dict[str, dict[str, list[Any]]] = {}
    start = 0
    for sha, run in groupby(owners):
        end = start + sum(1 for _ in run)
        blocks[sha] = {name: values[start:end] for name, values in columns.items()}
        start = end
    return blocks


def record_scan(
    connection: duckdb.DuckDBPyConnection,
    seen: dict[str, tuple[str, int, datetime]],
    rejections: Sequence[dict[str, Any]],
    now: datetime,
) -> dict[str, int]:
    """Bring `report_files` and `rejected_files` up to date with one scan of the raw directory.

    `seen` maps each readable file to (sha256, size, modified time). A file whose content
    changed gets a new row; its old row stays, no longer current, with `superseded_at` set.
    A file that disappeared stays in history the same way. A file touched without being
    changed keeps its row, and `modified_at` the time of its content's first sighting (the
    report published from it does not change); `seen_modified_at` takes its new time, so
    that the next scan need not read it again.
    """
    current = {source_file: sha for source_file, (_, _, sha) in current_files(connection).items()}
    new_rows, touched, superseded = [], [], []
    for source_file, (sha, size, modified) in seen.items():
        if current.get(source_file) == sha:
            touched.append((source_file, modified))
            continue
        if source_file in current:
            superseded.append(source_file)
        new_rows.append(
            {
                "source_file": source_file,
                "sha256": sha,
                "size_bytes": size,
                "modified_at": modified,
                "first_seen_at": now,
                "last_seen_at": now,
                "is_current": True,
                "superseded_at": None,
                "seen_modified_at": modified,
            }
        )
    gone = [f for f in current if f not in seen]
    stale = pd.DataFrame({"source_file": superseded + gone})
    if len(stale):
        connection.register("stale_files", stale)
        try:
            connection.execute(
                f"update {SCHEMA}.report_files set is_current = false, superseded_at = ? "
                "where is_current and source_file in (select source_file from stale_files)",
                [now],
            )
        finally:
            connection.unregister("stale_files")
    if touched:
        names, times = zip(*touched, strict=True)
        connection.register("touched_files", pd.DataFrame({"source_file": names, "seen_modified_at": times}))
        try:
            connection.execute(
                f"update {SCHEMA}.report_files as files "
                "set last_seen_at = ?, seen_modified_at = touched.seen_modified_at "
                "from touched_files as touched where files.is_current and files.source_file = touched.source_file",
                [now],
            )
        finally:
            connection.unregister("touched_files")
    insert_rows(connection, "report_files", new_rows)
    previous = {
        (row[0], row[1] or "", row[2]): row[3]
        for row in connection.execute(
            f"select source_file, sha256, reason, rejected_at from {SCHEMA}.rejected_files"
        ).fetchall()
    }
    connection.execute(f"delete from {SCHEMA}.rejected_files")
    insert_rows(
        connection,
        "rejected_files",
        [
            {**r, "rejected_at": previous.get((r["source_file"], r.get("sha256") or "", r["reason"]), now)}
            for r in rejections
        ],
    )
    return {
        "new": len(new_rows) - len(superseded),
        "changed": len(superseded),
        "unchanged": len(touched),
        "removed": len(gone),
    }
