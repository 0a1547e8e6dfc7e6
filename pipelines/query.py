"""Read-only SQL against the published warehouse, and the ways `oversight query` prints it.

The connection is opened read-only with DuckDB's external access turned off, so a query
can read the warehouse and nothing else: no writes to it, no other file attached, read
or written (`COPY ... TO`), no extension loaded.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True, config={"enable_external_access": False})


def run_query(path: Path, sql: str) -> QueryResult:
    connection = connect_read_only(path)
    try:
        cursor = connection.execute(sql)
        if cursor.description is None:
            return QueryResult([], [])
        columns = [d[0] for d in cursor.description]
        return QueryResult(columns, cursor.fetchall())
    finally:
        connection.close()


def plain(value: Any) -> str:
    """A value as text: no exponent, no trailing zeros, ISO dates, empty for null.

    >>> [plain(v) for v in (Decimal("20400000.0000"), 78.9, 2.0, None, True, date(2008, 3, 31))]
    ['20400000', '78.9', '2', '', 'true', '2008-03-31']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(plain(v) for v in value) + "]"
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, float) and value != value:
        return None
    return value


def to_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([plain(v) for v in row] for row in result.rows)
    return buffer.getvalue()


def to_json(result: QueryResult) -> str:
    records = [
        {column: _json_value(value) for column, value in zip(result.columns, row, strict=True)} for row in result.rows
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def to_markdown(result: QueryResult) -> str:
    """A GitHub Markdown table; numbers right-aligned.

    >>> print(to_markdown(QueryResult(["area", "forces"], [("Fairness | Equality", 15)])), end="")
    | area | forces |
    | --- | ---: |
    | Fairness \\| Equality | 15 |
    """
    numeric = [
        all(
            isinstance(row[i], (int, float, Decimal)) and not isinstance(row[i], bool)
            for row in result.rows
            if row[i] is not None
        )
        and any(row[i] is not None for row in result.rows)
        for i in range(len(result.columns))
    ]
    lines = [
        "| " + " | ".join(result.columns) + " |",
        "| " + " | ".join("---:" if n else "---" for n in numeric) + " |",
    ]
    for row in result.rows:
        cells = [" ".join(plain(v).split()).replace("|", "\\|") for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
