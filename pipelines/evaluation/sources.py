"""Where the rows to score come from: a published warehouse, or extraction run directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipelines.extraction.extract import extract_report
from pipelines.ingest.files import Document, read_document
from pipelines.warehouse.rows import fact_rows

# Raw working names -> published contract names.
_RENAMES = {
    "quote": "source_text",
    "target": "target_value",
    "actual": "actual_value",
    "baseline": "baseline_value",
    "change": "change_value",
}
_TABLES = {
    "kpi": "fct_kpi",
    "grade": "fct_grade",
    "budget": "fct_budget",
    "workforce": "fct_workforce",
    "milestone": "fct_milestone",
}
_RAW = {
    "kpi": "extracted_kpis",
    "grade": "extracted_grades",
    "budget": "extracted_budgets",
    "workforce": "extracted_workforce",
    "milestone": "extracted_milestones",
}


def read_texts(raw_dir: Path, docs: set[str]) -> dict[str, str]:
    """The decoded text of each labelled document, read exactly as ingestion reads it."""
    texts = {}
    for doc in sorted(docs):
        path = raw_dir / doc
        if not path.exists():
            continue
        document = read_document(path, doc)
        if isinstance(document, Document):
            texts[doc] = document.text
    return texts


def rows_from_extraction(
    raw_dir: Path, docs: set[str]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    """Run extraction on the labelled documents and shape rows like the marts."""
    rows: dict[str, list[dict[str, Any]]] = {family: [] for family in _TABLES}
    reports: dict[str, dict[str, Any]] = {}
    for doc, text in read_texts(raw_dir, docs).items():
        facts = extract_report(doc, text)
        tables = fact_rows("direct", facts, "direct")
        for family, raw in _RAW.items():
            for row in tables[raw]:
                renamed = {_RENAMES.get(k, k): v for k, v in row.items()}
                renamed["source_file"] = doc
                rows[family].append(renamed)
        report = tables["extracted_reports"][0]
        reports[doc] = {**report, "meeting_date": str(report["meeting_date"] or "")}
    return rows, reports


def rows_from_warehouse(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    """Read the published marts (read-only)."""
    connection = duckdb.connect(str(path), read_only=True)
    try:
        rows = {}
        for family, table in _TABLES.items():
            frame = connection.execute(f"select * from marts.{table}").fetch_df()
            rows[family] = frame.astype(object).where(frame.notna(), None).to_dict("records")
        frame = connection.execute("select * from marts.dim_report").fetch_df()
        reports = {}
        for record in frame.astype(object).where(frame.notna(), None).to_dict("records"):
            record["meeting_date"] = str(record["meeting_date"])[:10] if record.get("meeting_date") else ""
            reports[record["source_file"]] = record
        return rows, reports
    finally:
        connection.close()
