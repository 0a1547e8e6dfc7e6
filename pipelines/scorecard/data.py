"""Read what the scorecard shows from the published warehouse (read-only).

The reports, the publication, the rejected files and the data-quality issues are small
and read whole. The facts are not: a corpus of 10,000 reports publishes about a million,
so they are read a few hundred reports at a time (`Corpus.each_report`) and never held
all at once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

FACT_TABLES = ("fct_kpi", "fct_grade", "fct_budget", "fct_workforce", "fct_milestone")
REPORTS_PER_READ = 250
# The facts of a few hundred reports at a time need little of DuckDB's memory; without a
# limit, each rendering process would keep up to 80% of the machine's memory of cached
# table pages (at 10,000 reports, the scorecard was the peak of a refresh).
READER_CONFIG = {"memory_limit": "256MB", "threads": "1"}


@dataclass(frozen=True)
class ReportFacts:
    """One report with its own facts (every table of FACT_TABLES, in source order) and issues."""

    report: dict[str, Any]
    facts: dict[str, list[dict[str, Any]]]
    issues: list[dict[str, Any]]


@dataclass
class Corpus:
    """The published warehouse: reports and publication details as plain rows, facts on demand."""

    database: Path
    reports: list[dict[str, Any]]
    fact_counts: dict[str, int]  # rows per fact table present in the warehouse
    digests: dict[str, str] = field(default_factory=dict)  # report_id -> digest of its facts
    publication: dict[str, Any] = field(default_factory=dict)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)

    def each_report(
        self, wanted: Sequence[dict[str, Any]] | None = None, per_read: int = REPORTS_PER_READ
    ) -> Iterator[ReportFacts]:
        """The `wanted` reports (default: all) in order with their facts, `per_read` reports' at a time."""
        issues = self.issues_by_report()
        wanted = self.reports if wanted is None else wanted
        if not wanted:
            return
        connection = duckdb.connect(str(self.database), read_only=True, config=READER_CONFIG)
        try:
            for start in range(0, len(wanted), per_read):
                part = wanted[start : start + per_read]
                ids = sorted({report["report_id"] for report in part})
                grouped: dict[str, defaultdict[str, list[dict[str, Any]]]] = {}
                for table in self.fact_counts:
                    grouped[table] = defaultdict(list)
                    sql = (
                        f"select * from marts.{table} where report_id in (select unnest(?::varchar[])) "
                        "order by source_file, char_start, fact_id"
                    )
                    for row in _records(connection, sql, [ids]):
                        grouped[table][row["report_id"]].append(row)
                for report in part:
                    report_id = report["report_id"]
                    facts = {t: grouped[t].get(report_id, []) if t in grouped else [] for t in FACT_TABLES}
                    yield ReportFacts(report, facts, issues.get(report_id, []))
        finally:
            connection.close()

    def issues_by_report(self) -> defaultdict[str, list[dict[str, Any]]]:
        issues: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        for issue in self.issues:
            issues[issue.get("report_id")].append(issue)
        return issues


def _records(
    connection: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any] | None = None
) -> list[dict[str, Any]]:
    cursor = connection.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute("select table_name from information_schema.tables where table_schema = 'marts'")
    return {row[0] for row in rows.fetchall()}


def read_corpus(published_db: Path) -> Corpus:
    connection = duckdb.connect(str(published_db), read_only=True, config=READER_CONFIG)
    try:
        tables = _tables(connection)
        reports = _records(connection, "select * from marts.dim_report order by source_file")
        fact_counts, digests = _fact_digests(connection, [table for table in FACT_TABLES if table in tables])
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
            _records(
                connection,
                "select * from marts.data_quality_issues order by source_file, check_name, description, issue_id",
            )
            if "data_quality_issues" in tables
            else []
        )
    finally:
        connection.close()
    return Corpus(published_db, reports, fact_counts, digests, publication, rejected, issues)


def _fact_digests(connection: duckdb.DuckDBPyConnection, tables: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    """Rows per fact table, and per report a digest of its rows in every fact table, computed by DuckDB.

    Each row's hash covers every column; XOR-ed per report (fact_id keeps rows distinct)
    with the row count beside it. DuckDB's hash may change between its versions, so the
    version is part of the digest: an upgrade renders every page once.
    """
    counts = dict.fromkeys(tables, 0)
    parts: defaultdict[str, list[str]] = defaultdict(list)
    for table in tables:
        sql = f"select report_id, count(*), bit_xor(hash(t)) from marts.{table} as t group by report_id"
        for report_id, count, digest in connection.execute(sql).fetchall():
            counts[table] += count
            parts[report_id].append(f"{table}:{count}:{digest}")
    digests = {report_id: f"duckdb {duckdb.__version__}|" + "|".join(sorted(p)) for report_id, p in parts.items()}
    return counts, digests
