"""A failing expectation blocks publication; the previous warehouse, docs and scorecard stay in place."""

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEED_DIR, configure, run_pipeline

pytestmark = pytest.mark.slow


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_failing_expectation_blocks_publication_and_keeps_the_previous_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_DIR / "000_0124a7dc39195ccd.txt", raw)
    settings = configure(monkeypatch, raw, tmp_path / "warehouse")
    first = run_pipeline(settings)
    assert first.result.success
    before = _digest(settings.published_db)
    scorecard_before = _digest(settings.scorecard_dir / "index.html")

    # The next refresh has a new report, and a suite that its figures cannot pass.
    shutil.copy(SEED_DIR / "003_e40d447f4ba58a54.txt", raw)
    import pipelines.checks.expectations as checks

    strict = tmp_path / "expectations"
    shutil.copytree(checks.EXPECTATIONS_DIR, strict)
    suite = json.loads((strict / "fct_kpi.json").read_text(encoding="utf-8"))
    suite["expectations"].append(
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10**9}, "meta": {}}
    )
    (strict / "fct_kpi.json").write_text(json.dumps(suite), encoding="utf-8")
    monkeypatch.setattr(checks, "EXPECTATIONS_DIR", strict)
    second = run_pipeline(settings)

    assert not second.result.success
    steps = {e.step_key for e in second.result.all_events if e.event_type_value == "STEP_START"}
    assert not {"published_warehouse", "dbt_docs", "scorecard"} & steps
    assert _digest(settings.published_db) == before
    assert _digest(settings.scorecard_dir / "index.html") == scorecard_before
    assert "003_e40d447f4ba58a54" not in (settings.scorecard_dir / "index.html").read_text(encoding="utf-8")
    connection = duckdb.connect(str(settings.published_db), read_only=True)
    try:
        files = connection.execute("select source_file from marts.dim_report").fetchall()
    finally:
        connection.close()
    assert files == [("000_0124a7dc39195ccd.txt",)]
