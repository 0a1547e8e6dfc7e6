"""The three Python stages of a run, each incremental by content hash.

1. `scan_raw_directory`: find files, hash them, decode new content, record rejections.
2. `parse_pending`: split new documents into blocks.
3. `extract_pending`: read facts from new documents, in a process pool.

Each stage reads and writes the build database only; Dagster assets and the CLI call
these functions and report what they return.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipelines.config import Settings
from pipelines.extraction.extract import extract_report
from pipelines.faults import pause_point
from pipelines.ingest.files import Document, FileTooLarge, Rejection, discover, load_document, read_limited, sha256_of
from pipelines.parsing.blocks import Block, parse_blocks
from pipelines.versions import converter_version, extractor_version, parser_version
from pipelines.warehouse import store
from pipelines.warehouse.rows import FACT_TABLES, fact_rows

Progress = Callable[[int, int], None]


def _noop(done: int, total: int) -> None:
    return None


@dataclass
class ScanResult:
    files_seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    documents_loaded: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


def scan_raw_directory(settings: Settings, progress: Progress = _noop) -> ScanResult:
    """Stage 1: the raw directory into `raw.report_files`, `raw.report_documents`, `raw.rejected_files`.

    Content stored by an older converter is converted again (and so parsed and
    extracted again); content rejected by an older converter is tried again.
    """
    now = datetime.now(UTC)
    version = converter_version()
    records, rejections = discover(settings.raw_dir, settings.max_file_bytes)
    rejected: list[dict[str, Any]] = [_rejection_row(r) for r in rejections]
    seen: dict[str, tuple[str, int, datetime]] = {}
    new_documents: list[Document] = []
    with store.connect(settings.build_db) as connection:
        store.ensure_schema(connection)
        stored = {sha for sha, made_by in store.stored_documents(connection).items() if made_by == version}
        known_bad = _known_rejections(connection, version)
        pending_shas: set[str] = set()
        for i, record in enumerate(records, 1):
            try:
                data = read_limited(record, settings.max_file_bytes)
            except FileTooLarge as error:
                rejected.append(_rejection_row(Rejection(record.source_file, str(error), size_bytes=error.size)))
                continue
            except OSError as error:
                rejected.append(
                    _rejection_row(Rejection(record.source_file, f"cannot read file: {error.strerror or error}"))
                )
                continue
            sha = sha256_of(data)
            if sha in stored or sha in pending_shas:
                seen[record.source_file] = (sha, record.size_bytes, record.modified_at)
            elif sha in known_bad:
                rejected.append(_rejection_row(Rejection(record.source_file, known_bad[sha], sha, record.size_bytes)))
            else:
                loaded = load_document(record, data, sha)
                if isinstance(loaded, Rejection):
                    rejected.append(_rejection_row(loaded))
                else:
                    new_documents.append(loaded)
                    pending_shas.add(sha)
                    seen[record.source_file] = (sha, record.size_bytes, record.modified_at)
            progress(i, len(records))
        store.replace_rows(
            connection,
            "report_documents",
            [d.sha256 for d in new_documents],
            [
                {
                    "sha256": d.sha256,
                    "text": d.text,
                    "file_format": d.file_format,
                    "encoding": d.encoding,
                    "char_count": len(d.text),
                    "pages": json.dumps(d.pages) if d.pages else None,
                    "loaded_at": now,
                    "converter_version": version,
                }
                for d in new_documents
            ],
        )
        counts = store.record_scan(connection, seen, rejected, now)
    return ScanResult(
        files_seen=len(records) + len(rejections),
        documents_loaded=len(new_documents),
        rejected=rejected,
        **counts,
    )


def _rejection_row(rejection: Rejection) -> dict[str, Any]:
    return {
        "source_file": rejection.source_file,
        "sha256": rejection.sha256,
        "size_bytes": rejection.size_bytes,
        "reason": rejection.reason,
        "converter_version": converter_version(),
    }


def _known_rejections(connection: Any, version: str) -> dict[str, str]:
    """Content this converter already rejected for its bytes: not read again while they are the same."""
    rows = connection.execute(
        "select sha256, reason from raw.rejected_files where sha256 is not null and converter_version = ?",
        [version],
    ).fetchall()
    return {sha: reason for sha, reason in rows}


# ------------------------------------------------------------------ stage 2: blocks


def block_rows(sha: str, blocks: Sequence[Block], version: str) -> list[dict[str, Any]]:
    return [
        {
            "sha256": sha,
            "block_index": b.index,
            "kind": b.kind,
            "label": b.label,
            "level": b.level,
            "section": b.section,
            "section_path": json.dumps(list(b.section_path)),
            "table_id": b.table_id,
            "page": b.page,
            "char_start": b.start,
            "char_end": b.end,
            "cells": json.dumps([list(c) for c in b.cells]) if b.cells else None,
            "parser_version": version,
        }
        for b in blocks
    ]


def blocks_from_rows(rows: Iterable[dict[str, Any]]) -> list[Block]:
    return [
        Block(
            index=int(r["block_index"]),
            kind=r["kind"],
            start=int(r["char_start"]),
            end=int(r["char_end"]),
            label=r["label"],
            level=int(r["level"] or 0),
            section=r["section"] or "",
            section_path=tuple(json.loads(r["section_path"] or "[]")),
            table_id=None if r["table_id"] is None else int(r["table_id"]),
            cells=tuple(tuple(c) for c in json.loads(r["cells"])) if r.get("cells") else (),
            page=None if r["page"] is None else int(r["page"]),
        )
        for r in rows
    ]


def _pages(raw: str | None) -> list[tuple[int, int, int]]:
    return [tuple(p) for p in json.loads(raw)] if raw else []  # type: ignore[misc]


def parse_pending(settings: Settings, progress: Progress = _noop) -> int:
    """Stage 2: blocks for every current document that has none from this parser version."""
    version = parser_version()
    with store.connect(settings.build_db) as connection:
        store.ensure_schema(connection)
        pending = store.documents_needing(connection, "parsed_blocks", "parser_version", version)
        batch: list[dict[str, Any]] = []
        for i, sha in enumerate(pending, 1):
            text, pages = connection.execute(
                "select text, pages from raw.report_documents where sha256 = ?", [sha]
            ).fetchall()[0]
            batch.extend(block_rows(sha, parse_blocks(text, _pages(pages)), version))
            progress(i, len(pending))
        store.replace_rows(connection, "parsed_blocks", pending, batch)
    return len(pending)


# ------------------------------------------------------------------ stage 3: facts


def _extract_one(args: tuple[str, str, list[dict[str, Any]], str]) -> dict[str, list[dict[str, Any]]]:
    sha, text, rows, version = args
    facts = extract_report(sha, text, blocks_from_rows(rows))
    return fact_rows(sha, facts, version)


@dataclass
class ExtractResult:
    documents: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def extract_pending(settings: Settings, progress: Progress = _noop, batch_size: int = 200) -> ExtractResult:
    """Stage 3: facts for every current document not yet read by this extractor version.

    Documents are extracted in a process pool (`OVERSIGHT_WORKERS`, default the core
    count) and written in batches, one INSERT per table per batch.
    """
    version = extractor_version()
    result = ExtractResult(rows={table: 0 for table in [*FACT_TABLES.values(), "extracted_reports"]})
    with store.connect(settings.build_db) as connection:
        store.ensure_schema(connection)
        pending = store.documents_needing(connection, "extracted_reports", "extractor_version", version)
        result.documents = len(pending)
        done = 0
        workers = settings.workers if len(pending) > 4 else 1
        executor = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
        try:
            for start in range(0, len(pending), batch_size):
                shas = pending[start : start + batch_size]
                jobs = _jobs(connection, shas, version)
                mapped = executor.map(_extract_one, jobs, chunksize=4) if executor else map(_extract_one, jobs)
                tables: dict[str, list[dict[str, Any]]] = {}
                for rows in mapped:
                    for table, table_rows in rows.items():
                        tables.setdefault(table, []).extend(table_rows)
                    done += 1
                    progress(done, len(pending))
                for table in result.rows:
                    result.rows[table] += store.replace_rows(connection, table, shas, tables.get(table, []))
                    pause_point("extract", settings.warehouse_dir)
        finally:
            if executor:
                executor.shutdown()
    return result


def _jobs(connection: Any, shas: Sequence[str], version: str) -> list[tuple[str, str, list[dict[str, Any]], str]]:
    texts = store.document_texts(connection, shas)
    frame = connection.execute(
        "select * from raw.parsed_blocks where sha256 in (select unnest(?)) order by sha256, block_index",
        [list(shas)],
    ).fetch_df()
    blocks: dict[str, list[dict[str, Any]]] = {}
    for record in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        blocks.setdefault(record["sha256"], []).append(record)
    return [(sha, texts[sha], blocks.get(sha, []), version) for sha in shas if sha in texts]
