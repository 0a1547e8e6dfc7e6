"""Typed facts to rows of the raw tables, and the columns those tables have.

The raw schema is the contract between Python and dbt: `dbt_project/models/staging`
reads exactly these tables and columns. Columns use short working names (`quote`,
`target`, `actual`); the marts rename them to the published contract.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from pipelines.extraction.models import ReportFacts

FACT_TABLES: dict[str, str] = {
    "kpis": "extracted_kpis",
    "grades": "extracted_grades",
    "budgets": "extracted_budgets",
    "workforce": "extracted_workforce",
    "milestones": "extracted_milestones",
}

# DuckDB types of every raw table written by Python. Order is column order.
RAW_COLUMNS: dict[str, dict[str, str]] = {
    "report_files": {
        "source_file": "VARCHAR",
        "sha256": "VARCHAR",
        "size_bytes": "BIGINT",
        "modified_at": "TIMESTAMPTZ",
        "first_seen_at": "TIMESTAMPTZ",
        "last_seen_at": "TIMESTAMPTZ",
        "is_current": "BOOLEAN",
        "superseded_at": "TIMESTAMPTZ",
    },
    "report_documents": {
        "sha256": "VARCHAR",
        "text": "VARCHAR",
        "file_format": "VARCHAR",
        "encoding": "VARCHAR",
        "char_count": "BIGINT",
        "pages": "VARCHAR",
        "loaded_at": "TIMESTAMPTZ",
        "converter_version": "VARCHAR",
    },
    "rejected_files": {
        "source_file": "VARCHAR",
        "sha256": "VARCHAR",
        "size_bytes": "BIGINT",
        "reason": "VARCHAR",
        "rejected_at": "TIMESTAMPTZ",
        "converter_version": "VARCHAR",
    },
    "parsed_blocks": {
        "sha256": "VARCHAR",
        "block_index": "INTEGER",
        "kind": "VARCHAR",
        "label": "VARCHAR",
        "level": "INTEGER",
        "section": "VARCHAR",
        "section_path": "VARCHAR",
        "table_id": "INTEGER",
        "page": "INTEGER",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "cells": "VARCHAR",
        "parser_version": "VARCHAR",
    },
    "extracted_reports": {
        "sha256": "VARCHAR",
        "title": "VARCHAR",
        "report_number": "VARCHAR",
        "meeting_date": "DATE",
        "committee": "VARCHAR",
        "presented_by": "VARCHAR",
        "publisher": "VARCHAR",
        "period_covered": "VARCHAR",
        "report_type": "VARCHAR",
        "extractor_version": "VARCHAR",
    },
    "extracted_kpis": {
        "sha256": "VARCHAR",
        "fact_key": "VARCHAR",
        "scope": "VARCHAR",
        "indicator": "VARCHAR",
        "period": "VARCHAR",
        "fiscal_year": "VARCHAR",
        "target": "DECIMAL(20,4)",
        "actual": "DECIMAL(20,4)",
        "baseline": "DECIMAL(20,4)",
        "change": "DECIMAL(20,4)",
        "unit": "VARCHAR",
        "trend": "VARCHAR",
        "tier": "VARCHAR",
        "is_restated": "BOOLEAN",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "quote": "VARCHAR",
        "extractor_version": "VARCHAR",
    },
    "extracted_grades": {
        "sha256": "VARCHAR",
        "fact_key": "VARCHAR",
        "framework": "VARCHAR",
        "area_code": "VARCHAR",
        "area": "VARCHAR",
        "grade": "VARCHAR",
        "direction_of_travel": "VARCHAR",
        "nat_poor": "INTEGER",
        "nat_fair": "INTEGER",
        "nat_good": "INTEGER",
        "nat_excellent": "INTEGER",
        "tier": "VARCHAR",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "quote": "VARCHAR",
        "extractor_version": "VARCHAR",
    },
    "extracted_budgets": {
        "sha256": "VARCHAR",
        "fact_key": "VARCHAR",
        "scope": "VARCHAR",
        "fiscal_year": "VARCHAR",
        "period": "VARCHAR",
        "measure": "VARCHAR",
        "amount": "DECIMAL(20,4)",
        "unit": "VARCHAR",
        "tier": "VARCHAR",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "quote": "VARCHAR",
        "extractor_version": "VARCHAR",
    },
    "extracted_workforce": {
        "sha256": "VARCHAR",
        "fact_key": "VARCHAR",
        "scope": "VARCHAR",
        "as_of": "VARCHAR",
        "measure": "VARCHAR",
        "value": "DECIMAL(20,4)",
        "unit": "VARCHAR",
        "kind": "VARCHAR",
        "tier": "VARCHAR",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "quote": "VARCHAR",
        "extractor_version": "VARCHAR",
    },
    "extracted_milestones": {
        "sha256": "VARCHAR",
        "fact_key": "VARCHAR",
        "period": "VARCHAR",
        "fiscal_year": "VARCHAR",
        "quarter": "INTEGER",
        "milestone": "VARCHAR",
        "status": "VARCHAR",
        "char_start": "INTEGER",
        "char_end": "INTEGER",
        "quote": "VARCHAR",
        "extractor_version": "VARCHAR",
    },
}


def _fact_key(sha256: str, family: str, record: dict[str, Any]) -> str:
    """A key stable across runs for the same document, family, span and values."""
    parts = [sha256, family, str(record.get("char_start")), str(record.get("char_end"))]
    parts += [f"{k}={record[k]}" for k in sorted(record) if k not in {"quote", "char_start", "char_end"}]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value
    return value


def fact_rows(sha256: str, facts: ReportFacts, extractor_version: str) -> dict[str, list[dict[str, Any]]]:
    """Rows for every raw fact table, plus `extracted_reports`, for one document."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for attribute, table in FACT_TABLES.items():
        rows = []
        seen: set[str] = set()
        for fact in getattr(facts, attribute):
            record = {k: _plain(v) for k, v in asdict(fact).items()}
            start, end = record.pop("span")
            record["char_start"], record["char_end"] = start, end
            key = _fact_key(sha256, table, record)
            if key in seen:
                continue
            seen.add(key)
            row = {"sha256": sha256, "fact_key": key, **record, "extractor_version": extractor_version}
            rows.append({column: row.get(column) for column in RAW_COLUMNS[table]})
        tables[table] = rows
    meta = asdict(facts.report)
    tables["extracted_reports"] = [
        {
            column: ({"sha256": sha256, "extractor_version": extractor_version} | meta).get(column)
            for column in RAW_COLUMNS["extracted_reports"]
        }
    ]
    return tables
