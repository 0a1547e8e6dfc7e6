"""The raw store is incremental by content: unchanged bytes are not read again."""

import os
import shutil
from pathlib import Path

import pytest

from pipelines.config import Settings
from pipelines.warehouse.loading import extract_pending, parse_pending, scan_raw_directory
from tests.conftest import SEED_DIR, configure, query


def _one_pass(settings):  # type: ignore[no-untyped-def]
    scan = scan_raw_directory(settings)
    return scan, parse_pending(settings), extract_pending(settings)


def _with_seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *seeds: str) -> Settings:
    """Settings for a raw directory under `tmp_path` holding copies of the named seed reports."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in seeds:
        shutil.copy(SEED_DIR / seed, raw)
    return configure(monkeypatch, raw, tmp_path / "wh")


def test_a_second_pass_over_unchanged_files_reads_and_writes_nothing_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _with_seeds(tmp_path, monkeypatch, "000_0124a7dc39195ccd.txt", "003_e40d447f4ba58a54.txt")
    first = _one_pass(settings)
    assert (first[0].new, first[1], first[2].documents) == (2, 2, 2)
    kpis = query(settings.build_db, "select count(*) from raw.extracted_kpis")[0][0]
    assert kpis > 0
    second = _one_pass(settings)
    assert (second[0].unchanged, second[0].documents_loaded, second[1], second[2].documents) == (2, 0, 0, 0)
    assert query(settings.build_db, "select count(*) from raw.extracted_kpis")[0][0] == kpis


def test_a_changed_file_supersedes_its_old_version_which_stays_in_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    target = raw / "report.txt"
    shutil.copy(SEED_DIR / "000_0124a7dc39195ccd.txt", target)
    settings = configure(monkeypatch, raw, tmp_path / "wh")
    _one_pass(settings)
    target.write_text(
        target.read_text(encoding="utf-8") + "\n\nA budget of £9m was set for 2008/09.\n", encoding="utf-8"
    )
    scan, parsed, extracted = _one_pass(settings)
    assert (scan.changed, parsed, extracted.documents) == (1, 1, 1)
    assert query(settings.build_db, "select count(*) from raw.report_files where source_file = 'report.txt'")[0][0] == 2
    assert query(settings.build_db, "select count(*) from raw.report_files where is_current")[0][0] == 1


def test_the_same_content_under_two_names_is_stored_once_and_both_names_are_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_DIR / "003_e40d447f4ba58a54.txt", raw / "a.txt")
    shutil.copy(SEED_DIR / "003_e40d447f4ba58a54.txt", raw / "b.txt")
    settings = configure(monkeypatch, raw, tmp_path / "wh")
    scan, _, extracted = _one_pass(settings)
    assert scan.documents_loaded == 1 and extracted.documents == 1
    assert query(settings.build_db, "select count(*) from raw.report_documents")[0][0] == 1
    assert (
        query(settings.build_db, "select count(distinct source_file) from raw.report_files where is_current")[0][0] == 2
    )


def test_adding_a_file_leaves_the_rows_of_unchanged_documents_as_they_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _with_seeds(tmp_path, monkeypatch, "000_0124a7dc39195ccd.txt")
    _one_pass(settings)
    facts = "select sha256, fact_key, extracted_at from raw.extracted_kpis order by all"
    blocks = "select sha256, block_index, rowid from raw.parsed_blocks order by all"
    before_facts, before_blocks = query(settings.build_db, facts), query(settings.build_db, blocks)
    (old_sha,) = {row[0] for row in before_facts}

    shutil.copy(SEED_DIR / "003_e40d447f4ba58a54.txt", settings.raw_dir)
    scan, parsed, extracted = _one_pass(settings)

    assert (scan.new, scan.unchanged, parsed, extracted.documents) == (1, 1, 1, 1)
    after_facts = query(settings.build_db, facts)
    # the same rows, written by the first run (same extraction time), none rewritten
    assert [row for row in after_facts if row[0] == old_sha] == before_facts
    assert [row for row in query(settings.build_db, blocks) if row[0] == old_sha] == before_blocks
    new_times = {row[2] for row in after_facts if row[0] != old_sha}
    assert len(new_times) == 1 and new_times.pop() > before_facts[0][2]


def test_extraction_writes_each_documents_facts_as_parquet_named_by_its_sha256(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _with_seeds(tmp_path, monkeypatch, "000_0124a7dc39195ccd.txt", "003_e40d447f4ba58a54.txt")
    _one_pass(settings)
    extracts = settings.extracts_dir
    for table in ("extracted_kpis", "extracted_budgets", "extracted_reports"):
        in_parquet = query(
            settings.build_db,
            f"select sha256, count(*) from read_parquet('{extracts / table}/*.parquet') group by 1 order by 1",
        )
        in_duckdb = query(settings.build_db, f"select sha256, count(*) from raw.{table} group by 1 order by 1")
        assert in_parquet == in_duckdb and len(in_parquet) == 2
        assert {path.stem for path in (extracts / table).glob("*.parquet")} == {row[0] for row in in_duckdb}


def test_the_process_pool_keeps_the_order_of_the_jobs_and_reads_them_lazily() -> None:
    from pipelines.warehouse.loading import pool_map

    read: list[int] = []

    def jobs():  # type: ignore[no-untyped-def]
        for i in range(40):
            read.append(i)
            yield i

    results = pool_map(abs, jobs(), workers=2, in_flight_per_worker=2)
    assert next(results) == 0
    assert len(read) <= 5  # a window of 2 x 2 jobs, not the whole list
    assert [0, *results] == list(range(40))


def test_the_scan_writes_decoded_text_in_batches_and_loses_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipelines.warehouse.loading as loading

    raw = tmp_path / "raw"
    shutil.copytree(SEED_DIR, raw)
    monkeypatch.setattr(loading, "SCAN_FLUSH_CHARS", 1)  # every document is a batch of its own
    settings = configure(monkeypatch, raw, tmp_path / "wh")
    scan = scan_raw_directory(settings)
    stored = query(settings.build_db, "select count(*) from raw.report_documents")[0][0]
    assert scan.documents_loaded == stored == len(list(raw.iterdir()))


def _one_seed_scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Settings, Path]:
    """A raw directory of one seed report, through one pass; the settings and the file."""
    settings = _with_seeds(tmp_path, monkeypatch, "000_0124a7dc39195ccd.txt")
    (target,) = settings.raw_dir.iterdir()
    _one_pass(settings)
    return settings, target


def _other_bytes_same_size(target: Path, mtime_ns: int) -> None:
    """Change a word of the file, keeping its size, and give it this modification time."""
    data = target.read_bytes()
    target.write_bytes(data.replace(b"Budget", b"BUDGET", 1))
    os.utime(target, ns=(mtime_ns, mtime_ns))
    assert len(target.read_bytes()) == len(data) and b"BUDGET" in target.read_bytes()


def test_a_file_with_its_recorded_size_and_time_is_not_read_again_unless_rehashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, target = _one_seed_scanned(tmp_path, monkeypatch)
    recorded = query(settings.build_db, "select sha256 from raw.report_files where is_current")
    # Same size and modification time, other bytes: only a reading would tell, and the
    # scan, like the freshness check before it, trusts the two.
    _other_bytes_same_size(target, target.stat().st_mtime_ns)

    assert scan_raw_directory(settings).unchanged == 1
    assert query(settings.build_db, "select sha256 from raw.report_files where is_current") == recorded
    assert scan_raw_directory(settings, rehash=True).changed == 1
    assert query(settings.build_db, "select sha256 from raw.report_files where is_current") != recorded


def test_a_touched_file_keeps_its_row_and_first_time_and_is_not_read_again_at_its_new_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, target = _one_seed_scanned(tmp_path, monkeypatch)
    row = query(settings.build_db, "select sha256, modified_at from raw.report_files")
    later = target.stat().st_mtime_ns + 60 * 10**9
    os.utime(target, ns=(later, later))

    scan, parsed, extracted = _one_pass(settings)
    assert (scan.unchanged, scan.changed, parsed, extracted.documents) == (1, 0, 0, 0)
    # the published time stays that of the content's first sighting
    assert query(settings.build_db, "select sha256, modified_at from raw.report_files") == row
    # the scan recorded the new time: other bytes of the same size at that time go unread
    _other_bytes_same_size(target, later)
    assert scan_raw_directory(settings).unchanged == 1
    assert query(settings.build_db, "select sha256 from raw.report_files where is_current") == [row[0][:1]]
