"""The three Python stages of a run, each incremental by content hash.

1. `scan_raw_directory`: find files, hash them, decode new content, record rejections.
2. `parse_pending`: split new documents into blocks, in a process pool.
3. `extract_pending`: read facts from new documents, in a process pool; each document's
   facts are also written as Parquet under `<warehouse>/extracts/`, named by its sha256.

Each stage reads and writes the build database; Dagster assets and the CLI call these
functions and report what they return. Memory stays bounded whatever the corpus size:
documents travel through the pool a few at a time and are written in batches.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.config import Settings
from pipelines.extraction.extract import extract_report
from pipelines.faults import pause_point
from pipelines.freshness import raw_directory_state
from pipelines.ingest.files import Document, FileTooLarge, Rejection, discover, load_document, read_limited, sha256_of
from pipelines.parsing.blocks import Block, parse_blocks
from pipelines.pools import process_pool
from pipelines.versions import converter_version, extractor_version, parser_version
from pipelines.warehouse import store
from pipelines.warehouse.rows import FACT_TABLES, arrow_table, fact_rows

T = TypeVar("T")
R = TypeVar("R")
# Documents whose rows are written to DuckDB in one INSERT per table.
BATCH_DOCUMENTS = 200
# Decoded text held before it is written to raw.report_documents (bounds the scan's memory).
SCAN_FLUSH_CHARS = 64_000_000
# Write-ahead log the scan lets grow before DuckDB checkpoints (its default is 16 MB). Every
# checkpoint rewrites the row group holding the texts stored so far, so with the default
# each 64 MB written rewrote all the earlier texts: on 10,000 generated reports the scan
# took 31.5 s and 1.74 GB, and 18.6 s and 1.37 GB with this (20,000: 63.5 s and 47.4 s).
SCAN_CHECKPOINT_THRESHOLD = "512MB"

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
    directory_state: str = ""
    rejected: list[dict[str, Any]] = field(default_factory=list)


def scan_raw_directory(settings: Settings, progress: Progress = _noop, rehash: bool = False) -> ScanResult:
    """Stage 1: the raw directory into `raw.report_files`, `raw.report_documents`, `raw.rejected_files`.

    A file whose size and modification time are those the last scan recorded
    (`seen_modified_at`), and whose content is stored, is not read again: the freshness check that starts a refresh
    trusts the same two (`pipelines/freshness.py`). Every other file is read and hashed;
    `rehash` reads and hashes them all (`oversight run --force`). Content stored by an
    older converter is converted again (and so parsed and extracted again); content
    rejected by an older converter is tried again.
    """
    now = datetime.now(UTC)
    version = converter_version()
    # Read before the files are: a file changed during the scan then differs next time.
    state = raw_directory_state(settings.raw_dir)
    records, rejections = discover(settings.raw_dir, settings.max_file_bytes)
    rejected: list[dict[str, Any]] = [_rejection_row(r) for r in rejections]
    seen: dict[str, tuple[str, int, datetime]] = {}
    new_documents: list[Document] = []
    held = loaded = 0  # characters of decoded text not yet written, documents written
    with store.connect(settings.build_db) as connection:
        store.ensure_schema(connection)
        # A setting of the database while it is open: the scan's own connection, closed below.
        connection.execute(f"set checkpoint_threshold = '{SCAN_CHECKPOINT_THRESHOLD}'")
        stored = {sha for sha, made_by in store.stored_documents(connection).items() if made_by == version}
        known_bad = _known_rejections(connection, version)
        current = {} if rehash else store.current_files(connection)
        pending_shas: set[str] = set()
        for i, record in enumerate(records, 1):
            size, modified, known_sha = current.get(record.source_file, (None, None, None))
            if known_sha in stored and (size, modified) == (record.size_bytes, record.modified_at):
                seen[record.source_file] = (known_sha, record.size_bytes, record.modified_at)
                progress(i, len(records))
                continue
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
                document = load_document(record, data, sha)
                if isinstance(document, Rejection):
                    rejected.append(_rejection_row(document))
                else:
                    new_documents.append(document)
                    pending_shas.add(sha)
                    seen[record.source_file] = (sha, record.size_bytes, record.modified_at)
                    held += len(document.text)
                    if held >= SCAN_FLUSH_CHARS:
                        loaded += _store_documents(connection, new_documents, now, version)
                        new_documents, held = [], 0
            progress(i, len(records))
        loaded += _store_documents(connection, new_documents, now, version)
        counts = store.record_scan(connection, seen, rejected, now)
        store.insert_rows(
            connection, "scans", [{"scanned_at": now, "raw_dir": str(settings.raw_dir), "directory_state": state}]
        )
    return ScanResult(
        files_seen=len(records) + len(rejections),
        documents_loaded=loaded,
        directory_state=state,
        rejected=rejected,
        **counts,
    )


def _store_documents(connection: Any, documents: Sequence[Document], now: datetime, version: str) -> int:
    """Write decoded documents, replacing text of the same content made by an older converter."""
    rows = [
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
        for d in documents
    ]
    shas = [d.sha256 for d in documents]
    return store.replace_arrow(connection, "report_documents", shas, arrow_table("report_documents", rows))


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


# ------------------------------------------------------------------ the process pool


def pool_map(function: Callable[[T], R], jobs: Iterable[T], workers: int, in_flight_per_worker: int = 4) -> Iterator[R]:
    """`map(function, jobs)` in a process pool, in order, with a bounded number of jobs in flight.

    `ProcessPoolExecutor.map` submits every job at once, which would hold every document
    of a large corpus in memory; here at most `workers * in_flight_per_worker` jobs (and
    their results) exist at a time, and `jobs` is read lazily.
    """
    if workers <= 1:
        yield from map(function, jobs)
        return
    window = workers * in_flight_per_worker
    with process_pool(workers) as pool:
        in_flight: deque[Future[R]] = deque()
        for job in jobs:
            in_flight.append(pool.submit(function, job))
            if len(in_flight) >= window:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def _workers_for(settings: Settings, pending: int) -> int:
    # Starting a pool costs more than it saves for a handful of documents.
    return settings.workers if pending > 4 else 1


# ------------------------------------------------------------------ stage 2: blocks


def block_rows(sha: str, blocks: Sequence[Block], version: str) -> list[dict[str, Any]]:
    paths: dict[tuple[str, ...], str] = {}  # most blocks share their section path
    for b in blocks:
        if b.section_path not in paths:
            paths[b.section_path] = json.dumps(list(b.section_path))
    return [
        {
            "sha256": sha,
            "block_index": b.index,
            "kind": b.kind,
            "label": b.label,
            "level": b.level,
            "section": b.section,
            "section_path": paths[b.section_path],
            "table_id": b.table_id,
            "page": b.page,
            "char_start": b.start,
            "char_end": b.end,
            "cells": json.dumps([list(c) for c in b.cells]) if b.cells else None,
            "parser_version": version,
        }
        for b in blocks
    ]


def blocks_from_columns(columns: dict[str, list[Any]]) -> list[Block]:
    """The blocks of one document from its stored columns (as `store.blocks_of` reads them).

    >>> sha = "0" * 64
    >>> rows = block_rows(sha, parse_blocks("Title\\n\\nA paragraph."), "v")
    >>> columns = {name: [row[name] for row in rows] for name in rows[0] if name not in ("sha256", "parser_version")}
    >>> blocks_from_columns(columns) == parse_blocks("Title\\n\\nA paragraph.")
    True
    """
    if not columns:
        return []  # a document without blocks has no stored rows
    paths: dict[str | None, tuple[str, ...]] = {}  # most blocks share their section path
    for raw in set(columns["section_path"]):
        paths[raw] = tuple(json.loads(raw or "[]"))
    return [
        Block(
            index=index,
            kind=kind,
            start=start,
            end=end,
            label=label,
            level=level or 0,
            section=section or "",
            section_path=paths[section_path],
            table_id=table_id,
            cells=tuple(tuple(c) for c in json.loads(cells)) if cells else (),
            page=page,
        )
        for index, kind, start, end, label, level, section, section_path, table_id, cells, page in zip(
            columns["block_index"],
            columns["kind"],
            columns["char_start"],
            columns["char_end"],
            columns["label"],
            columns["level"],
            columns["section"],
            columns["section_path"],
            columns["table_id"],
            columns["cells"],
            columns["page"],
            strict=True,
        )
    ]


def _pages(raw: str | None) -> list[tuple[int, int, int]]:
    return [tuple(p) for p in json.loads(raw)] if raw else []  # type: ignore[misc]


def _parse_one(job: tuple[str, str, str | None, str]) -> tuple[str, pa.Table]:
    sha, text, pages, version = job
    return sha, arrow_table("parsed_blocks", block_rows(sha, parse_blocks(text, _pages(pages)), version))


def _parse_jobs(connection: Any, pending: Sequence[str], version: str) -> Iterator[tuple[str, str, str | None, str]]:
    for sha, text, pages in store.stream_documents(connection, pending, "text", "pages"):
        yield sha, text, pages, version


def parse_pending(settings: Settings, progress: Progress = _noop) -> int:
    """Stage 2: blocks for every current document that has none from this parser version."""
    version = parser_version()
    with store.connect(settings.build_db) as connection:
        store.ensure_schema(connection)
        pending = store.documents_needing(connection, "parsed_blocks", "parser_version", version)
        done: list[str] = []
        tables: list[pa.Table] = []
        results = pool_map(_parse_one, _parse_jobs(connection, pending, version), _workers_for(settings, len(pending)))
        for sha, table in results:
            done.append(sha)
            tables.append(table)
            if len(tables) >= BATCH_DOCUMENTS:
                _write_blocks(connection, done[-len(tables) :], tables)
                tables = []
            progress(len(done), len(pending))
        _write_blocks(connection, done[-len(tables) :], tables)
    return len(pending)


def _write_blocks(connection: Any, shas: Sequence[str], tables: list[pa.Table]) -> None:
    if tables:
        with store.transaction(connection):
            store.replace_arrow(connection, "parsed_blocks", shas, pa.concat_tables(tables))


# ------------------------------------------------------------------ stage 3: facts

ExtractJob = tuple[str, str, dict[str, list[Any]], str, datetime, str | None]
EXTRACTED_TABLES = (*FACT_TABLES.values(), "extracted_reports")


def _extract_one(job: ExtractJob) -> tuple[str, dict[str, pa.Table]]:
    """Facts of one document as Arrow tables; written as Parquet too when `extracts` is set."""
    sha, text, columns, version, extracted_at, extracts = job
    facts = extract_report(sha, text, blocks_from_columns(columns))
    tables = {
        table: arrow_table(table, table_rows)
        for table, table_rows in fact_rows(sha, facts, version, extracted_at, text).items()
    }
    if extracts:
        write_extracts(Path(extracts), sha, tables)
    return sha, tables


def write_extracts(directory: Path, sha: str, tables: dict[str, pa.Table]) -> None:
    """`<extracts>/<table>/<sha256>.parquet` per non-empty table, each replaced atomically.

    Named by content, so an unchanged document's files are never rewritten, and another
    engine (Spark, Polars, DuckDB elsewhere) can read `extracts/extracted_kpis/*.parquet`.
    `extracted_reports` has one row per document read, so it lists every document even
    when a document has no facts of some kind.
    """
    for table, rows in tables.items():
        if not rows.num_rows:
            continue
        folder = directory / table
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{sha}.{os.getpid()}.tmp"
        pq.write_table(rows, temporary, compression="snappy")
        os.replace(temporary, folder / f"{sha}.parquet")


@dataclass
class ExtractResult:
    documents: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _extract_jobs(
    connection: Any, pending: Sequence[str], version: str, now: datetime, extracts: str | None
) -> Iterator[ExtractJob]:
    documents = store.stream_documents(connection, pending, "text")
    while chunk := list(islice(documents, 25)):
        blocks = store.blocks_of(connection, [sha for sha, _ in chunk])
        for sha, text in chunk:
            yield sha, text, blocks.get(sha, {}), version, now, extracts


def extract_pending(settings: Settings, progress: Progress = _noop, write_parquet: bool = True) -> ExtractResult:
    """Stage 3: facts for every current document not yet read by this extractor version.

    Documents are extracted in a process pool (`OVERSIGHT_WORKERS`, default the core
    count), a few in flight at a time, and written in batches: one INSERT per table per
    `BATCH_DOCUMENTS` documents, each batch replacing those documents' rows atomically.
    """
    version = extractor_version()
    now = datetime.now(UTC)
    extracts = str(settings.extracts_dir) if write_parquet else None
    result = ExtractResult(rows={table: 0 for table in EXTRACTED_TABLES})
    with store.connect(settings.build_db) as connection:
        store.ensure_schema(connection)
        pending = store.documents_needing(connection, "extracted_reports", "extractor_version", version)
        result.documents = len(pending)
        jobs = _extract_jobs(connection, pending, version, now, extracts)
        batch: list[tuple[str, dict[str, pa.Table]]] = []
        for done, outcome in enumerate(pool_map(_extract_one, jobs, _workers_for(settings, len(pending))), 1):
            batch.append(outcome)
            if len(batch) >= BATCH_DOCUMENTS:
                _write_facts(connection, batch, result, settings.warehouse_dir)
                batch = []
            progress(done, len(pending))
        _write_facts(connection, batch, result, settings.warehouse_dir)
    return result


def _write_facts(
    connection: Any, batch: list[tuple[str, dict[str, pa.Table]]], result: ExtractResult, warehouse_dir: Path
) -> None:
    if not batch:
        return
    shas = [sha for sha, _ in batch]
    with store.transaction(connection):
        for table in EXTRACTED_TABLES:
            rows = pa.concat_tables([tables[table] for _, tables in batch])
            result.rows[table] += store.replace_arrow(connection, table, shas, rows)
            pause_point("extract", warehouse_dir)  # crash tests: killed with a batch half written
