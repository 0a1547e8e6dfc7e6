"""Small views of a table for the Dagster UI: row counts and a Markdown preview of a few rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

PREVIEW_ROWS = 5
CELL_CHARS = 60


def _cell(value: Any) -> str:
    from pipelines.query import plain

    text = " ".join(plain(value).split()).replace("|", "\\|")
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def _is_key(column: str) -> bool:
    """Hashes and offsets say little in a preview."""
    return column.endswith(("_id", "_ids", "_key")) or column in {"sha256", "char_start", "char_end", "fingerprint"}


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as a Markdown table (cells shortened, pipes escaped).

    >>> print(markdown_table(["file", "reason"], [("a.txt", "empty | unreadable")]))
    | file | reason |
    | --- | --- |
    | a.txt | empty \\| unreadable |
    """
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def preview(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str] | None = None,
    limit: int = PREVIEW_ROWS,
) -> tuple[int, str]:
    """The row count of `table` and a Markdown table of its first rows (chosen columns only)."""
    count = int(connection.execute(f"select count(*) from {table}").fetchall()[0][0])
    available = [row[0] for row in connection.execute(f"select * from {table} limit 0").description or []]
    wanted = [c for c in (columns or [c for c in available if not _is_key(c)]) if c in available][:8]
    selected = ", ".join(f'"{c}"' for c in wanted) or "*"
    rows = connection.execute(f"select {selected} from {table} limit {int(limit)}").fetchall()
    return count, markdown_table(wanted, rows)


def query_preview(connection: duckdb.DuckDBPyConnection, sql: str, limit: int = PREVIEW_ROWS) -> str:
    """A Markdown table of the first rows a query returns (for failing rows of a test)."""
    cursor = connection.execute(f"select * from ({sql}) as rows_of_interest limit {int(limit)}")
    columns = [d[0] for d in cursor.description or []]
    return markdown_table(columns, cursor.fetchall())


def table_metadata(database: Path, table: str, columns: Sequence[str] | None = None) -> dict[str, Any]:
    """Dagster metadata for a table of a DuckDB file: `dagster/row_count` and a Markdown preview."""
    import dagster as dg

    if not database.exists():
        return {}
    connection = duckdb.connect(str(database), read_only=True)
    try:
        count, table_md = preview(connection, table, columns)
    except duckdb.Error:
        return {}
    finally:
        connection.close()
    return {"dagster/row_count": count, "preview": dg.MetadataValue.md(table_md)}
