"""Read what the scorecard shows from the published warehouse (read-only)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

FACT_TABLES = ("fct_kpi", "fct_grade", "fct_budget", "fct_workforce", "fct_milestone")


@dataclass
class Corpus:
    """The published warehouse as plain rows: reports, facts per table, publication details."""

    reports: list[dict[str, Any]]
    facts: dict[str, list[dict[str, Any]]]
    publication: dict[str, Any] = field(default_factory=dict)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    _by_report: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict, init=False, repr=False)

    def _index(self, name: str, rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """Rows grouped by report, built once: a page per report must not scan every fact."""
        if name not in self._by_report:
            groups: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in rows:
                groups[row.get("report_id")].append(row)
            self._by_report[name] = dict(groups)
        return self._by_report[name]

    def facts_of(self, table: str, report_id: str) -> list[dict[str, Any]]:
        return self._index(table, self.facts.get(table, [])).get(report_id, [])

    def issues_of(self, report_id: str) -> list[dict[str, Any]]:
        return self._index("data_quality_issues", self.issues).get(report_id, [])


def _records(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute("select table_name from information_schema.tables where table_schema = 'marts'")
    return {row[0] for row in rows.fetchall()}


def read_corpus(published_db: Path) -> Corpus:
    connection = duckdb.connect(str(published_db), read_only=True)
    try:
        tables = _tables(connection)
        reports = _records(connection, "select * from marts.dim_report order by source_file")
        facts = {
            table: _records(connection, f"select * from marts.{table} order by source_file, char_start, fact_id")
            for table in FACT_TABLES
            if table in tables
        }
        publication: dict[str, Any] = {}
        if "publication" in tables:
            rows = connection.execute(
                "select published_at, fingerprint, details from marts.publication order by published_at desc limit 1"
            ).fetchall()
            if rows:
                publication = {"published_at": rows[0][0], "fingerprint": rows[0][1], **json.loads(rows[0][2])}
        rejected = (
            _records(connection, "select source_file, reason from marts.rejected_files order by 1")
            if "rejected_files" in tables
            else []
        )
        issues = (
            _records(connection, "select * from marts.data_quality_issues order by source_file, check_name")
            if "data_quality_issues" in tables
            else []
        )
    finally:
        connection.close()
    return Corpus(reports, facts, publication, rejected, issues)
