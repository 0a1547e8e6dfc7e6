"""Typed facts to rows of the raw tables, and the columns those tables have.

The raw schema is the contract between Python and dbt: `dbt_project/models/staging`
reads exactly these tables and columns. Columns use short working names (`quote`,
`target`, `actual`); the marts rename them to the published contract.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

import pyarrow as pa

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
        # the modification time the last scan saw (modified_at stays that of the content's
        # first sighting): a file with this size and time is not read again
        "seen_modified_at": "TIMESTAMPTZ",
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
    "scans": {
        "scanned_at": "TIMESTAMPTZ",
        "raw_dir": "VARCHAR",
        "directory_state": "VARCHAR",
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
        "extracted_at": "TIMESTAMPTZ",
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
        "span_md5": "VARCHAR",
        "extractor_version": "VARCHAR",
        "extracted_at": "TIMESTAMPTZ",
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
        "span_md5": "VARCHAR",
        "extractor_version": "VARCHAR",
        "extracted_at": "TIMESTAMPTZ",
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
        "span_md5": "VARCHAR",
        "extractor_version": "VARCHAR",
        "extracted_at": "TIMESTAMPTZ",
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
        "span_md5": "VARCHAR",
        "extractor_version": "VARCHAR",
        "extracted_at": "TIMESTAMPTZ",
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
        "span_md5": "VARCHAR",
        "extractor_version": "VARCHAR",
        "extracted_at": "TIMESTAMPTZ",
    },
}


# Arrow types of the DuckDB types above: rows travel from the process pool to DuckDB,
# and to <warehouse>/extracts/, as Arrow tables.
_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
    "DECIMAL(20,4)": pa.decimal128(20, 4),
}
_FOUR_PLACES = Decimal("0.0001")


@cache
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a raw table, column for column."""
    return pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in RAW_COLUMNS[table].items()])


def _decimal(value: Any) -> Any:
    # DECIMAL(20,4), rounded as DuckDB's cast would round it
    return value.quantize(_FOUR_PLACES) if isinstance(value, Decimal) else value


def _text(value: Any) -> Any:
    if value is None or type(value) is str:
        return value
    return json.dumps(value) if isinstance(value, (list, tuple, dict)) else str(value)


def arrow_table(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows of a raw table (dicts keyed by column) as one Arrow table of its schema."""
    columns = {}
    for name, kind in RAW_COLUMNS[table].items():
        values = [row.get(name) for row in rows]
        if kind.startswith("DECIMAL"):
            values = [_decimal(v) for v in values]
        elif kind == "VARCHAR":
            values = [_text(v) for v in values]
        columns[name] = values
    return pa.table(columns, schema=arrow_schema(table))


def _fact_key(sha256: str, family: str, record: dict[str, Any]) -> str:
    """A key stable across runs for the same document, family, span and values."""
    parts = [sha256, family, str(record.get("char_start")), str(record.get("char_end"))]
    parts += [f"{k}={record[k]}" for k in sorted(record) if k not in {"quote", "char_start", "char_end"}]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _record(fact: Any) -> dict[str, Any]:
    """A fact's fields by name: `dataclasses.asdict` without its deep copy (every value of
    a fact is immutable: strings, numbers, dates, a span tuple)."""
    return {name: getattr(fact, name) for name in _field_names(type(fact))}


def fact_rows(
    sha256: str,
    facts: ReportFacts,
    extractor_version: str,
    extracted_at: datetime | None = None,
    text: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Rows for every raw fact table, plus `extracted_reports`, for one document.

    Given the document's text, each fact row also carries `span_md5`, the md5 of
    `text[char_start:char_end]` read from the text itself (not from the quote): dbt's
    `assert_every_quote_is_in_its_report` compares every published quote with it, so the
    check never has to bring whole documents into a query.
    """
    tables: dict[str, list[dict[str, Any]]] = {}
    for attribute, table in FACT_TABLES.items():
        rows = []
        seen: set[str] = set()
        for fact in getattr(facts, attribute):
            record = _record(fact)
            start, end = record.pop("span")
            record["char_start"], record["char_end"] = start, end
            key = _fact_key(sha256, table, record)
            if key in seen:
                continue
            seen.add(key)
            row = {
                "sha256": sha256,
                "fact_key": key,
                **record,
                "span_md5": None if text is None else hashlib.md5(text[start:end].encode("utf-8")).hexdigest(),
                "extractor_version": extractor_version,
                "extracted_at": extracted_at,
            }
            rows.append({column: row.get(column) for column in RAW_COLUMNS[table]})
        tables[table] = rows
    meta = _record(facts.report)
    tables["extracted_reports"] = [
        {
            column: (
                {"sha256": sha256, "extractor_version": extractor_version, "extracted_at": extracted_at} | meta
            ).get(column)
            for column in RAW_COLUMNS["extracted_reports"]
        }
    ]
    return tables
