"""The `oversight` command on the published warehouse of the seed reports (typer's CliRunner)."""

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.config import DEFAULT_DUCKDB_MEMORY, DUCKDB_MEMORY_ENV, PROJECT_ROOT, RAW_DIR_ENV, WAREHOUSE_DIR_ENV
from tests.conftest import SEED_DIR, SEEDS, PipelineRun

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture
def published(seeded_run: PipelineRun, monkeypatch: pytest.MonkeyPatch) -> Path:
    assert seeded_run.result.success
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(seeded_run.settings.warehouse_dir))
    return seeded_run.settings.published_db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fails_in_one_line(result, code: int = 2) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_status_names_the_files_the_rows_and_the_checks_of_the_publication(published: Path) -> None:
    result = runner.invoke(app, ["status"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in SEEDS:
        assert name in result.output
    assert "rows fct_kpi" in result.output and "rows rejected_files" in result.output

    def count(label: str) -> int:
        return int(next(line for line in result.output.splitlines() if label in line).split("│")[2].strip())

    # every check of the job ran: passed, or (non-blocking) warned
    from pipelines.definitions import defs

    assert count("checks passed") + count("check warnings") == len(defs.resolve_asset_graph().asset_check_keys)
    assert "check warnings" in result.output and "data quality issues" in result.output
    assert "scorecard" in result.output and "index.html" in result.output


def test_query_prints_a_table_csv_json_and_markdown(published: Path) -> None:
    sql = "select source_file, count(*) as figures from marts.fct_kpi group by 1 order by 1"
    table = runner.invoke(app, ["query", sql], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "source_file" in table.output and SEEDS[0] in table.output
    as_csv = runner.invoke(app, ["query", sql, "--csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["source_file"] for r in rows] == sorted(r["source_file"] for r in rows) and len(rows) >= 3
    as_json = json.loads(runner.invoke(app, ["query", sql, "--json"]).stdout)
    assert [(r["source_file"], str(r["figures"])) for r in as_json] == [(r["source_file"], r["figures"]) for r in rows]
    assert all(isinstance(r["figures"], int) for r in as_json)
    markdown = runner.invoke(app, ["query", sql, "--markdown"]).stdout.splitlines()
    assert markdown[0] == "| source_file | figures |" and markdown[1] == "| --- | ---: |"
    assert len(markdown) == len(rows) + 2


def test_explain_shows_the_fact_its_report_and_the_figure_in_its_words(published: Path) -> None:
    fact_id = runner.invoke(
        app, ["query", "select fact_id from marts.fct_budget where amount = 382000000 and unit = 'gbp'", "--csv"]
    ).stdout.splitlines()[1]
    shown = runner.invoke(app, ["explain", fact_id], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "marts.fct_budget" in shown.output and "Specialist Crime Directorate" in shown.output
    assert "Specialist Crime has been allocated a budget of £382m for 2007/08." in shown.output
    found = json.loads(runner.invoke(app, ["explain", fact_id, "--json"]).stdout)
    text = found["fact"]["source_text"]
    assert [text[start:end] for start, end in found["highlights"]] == ["£382m"]
    assert found["report"]["source_file"] == found["fact"]["source_file"]


def test_every_figure_of_the_seeds_is_found_in_its_own_words_nearly_always(published: Path) -> None:
    from pipelines.cli import explanation

    rows = runner.invoke(
        app,
        [
            "query",
            "select fact_id from marts.fct_kpi union all select fact_id from marts.fct_budget"
            " union all select fact_id from marts.fct_workforce union all select fact_id from marts.fct_grade",
            "--csv",
        ],
    ).stdout.splitlines()[1:]
    sample = rows[::4]  # one in four: each explanation opens the warehouse
    highlighted = sum(1 for fact_id in sample if explanation(published, fact_id)["highlights"])
    assert len(sample) > 100 and highlighted / len(sample) >= 0.95


def test_validate_runs_the_expectation_suites_on_the_last_build(published: Path) -> None:
    result = runner.invoke(app, ["validate"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for suite in ("dim_report", "fct_kpi", "fct_grade", "fct_budget", "fct_workforce", "fct_milestone"):
        assert suite in result.output


def test_validate_exits_1_when_a_blocking_suite_fails(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import pipelines.config

    strict = tmp_path / "expectations"
    shutil.copytree(pipelines.config.EXPECTATIONS_DIR, strict)
    suite = json.loads((strict / "fct_kpi.json").read_text(encoding="utf-8"))
    suite["expectations"].append({"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10**9}})
    (strict / "fct_kpi.json").write_text(json.dumps(suite), encoding="utf-8")
    monkeypatch.setattr(pipelines.config, "EXPECTATIONS_DIR", strict)
    result = runner.invoke(app, ["validate"], env={"COLUMNS": "250"})
    assert result.exit_code == 1, result.output
    row = next(line for line in result.output.splitlines() if "│ fct_kpi " in line)
    assert "expect_table_row_count_to_be_between" in row and "FAILED" in row


def test_a_missing_warehouse_is_one_line_and_exit_code_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(tmp_path / "nowhere"))
    for command in (["status"], ["query", "select 1"], ["explain", "abc"], ["validate"]):
        line = _fails_in_one_line(runner.invoke(app, command))
        assert "oversight run" in line


def test_bad_sql_is_one_line_and_exit_code_2(published: Path) -> None:
    line = _fails_in_one_line(runner.invoke(app, ["query", "selec fact_id from marts.fct_kpi"]))
    assert "syntax error" in line
    line = _fails_in_one_line(runner.invoke(app, ["query", "select * from marts.no_such_table"]))
    assert "no_such_table" in line


def test_an_unknown_fact_id_is_one_line_and_exit_code_2(published: Path) -> None:
    line = _fails_in_one_line(runner.invoke(app, ["explain", "0000not-a-fact"]))
    assert "no fact with fact_id '0000not-a-fact'" in line


@pytest.mark.parametrize(
    "sql",
    [
        "create table marts.notes as select 1 as x",
        "insert into marts.dim_report (report_id) values ('x')",
        "delete from marts.fct_kpi",
        "drop table marts.fct_kpi",
        "update marts.fct_budget set amount = 0",
    ],
)
def test_writes_are_refused_and_leave_the_warehouse_as_it_was(published: Path, sql: str) -> None:
    before = _digest(published)
    line = _fails_in_one_line(runner.invoke(app, ["query", sql]))
    assert "read-only" in line
    assert _digest(published) == before


def test_no_other_file_can_be_attached_read_or_written(published: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.csv"
    for sql in (
        f"copy (select * from marts.fct_kpi) to '{target}'",
        f"attach '{tmp_path / 'other.duckdb'}' as other",
        "select * from read_csv('/etc/hostname')",
    ):
        line = _fails_in_one_line(runner.invoke(app, ["query", sql]))
        assert "only the published warehouse can be read" in line
    assert not target.exists() and not (tmp_path / "other.duckdb").exists()


@pytest.mark.parametrize(
    ("memory", "reason"),
    [
        ("lots", "_duckdb.ParserException: Parser Error: Memory must have a number"),  # DuckDB cannot open
        ("1KB", "_duckdb.OutOfMemoryException: Out of Memory Error"),  # it opens, its tables cannot be made
    ],
)
def test_a_failed_step_is_named_with_its_reason_and_its_stack_is_in_the_log(
    tmp_path: Path, memory: str, reason: str
) -> None:
    """`oversight run` whose ingest fails for the DuckDB memory limit it is given."""
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    raw.mkdir()
    shutil.copy(SEED_DIR / SEEDS[0], raw / SEEDS[0])
    env = {**os.environ, RAW_DIR_ENV: str(raw), WAREHOUSE_DIR_ENV: str(warehouse), DUCKDB_MEMORY_ENV: memory}
    env.update({"DAGSTER_HOME": str(tmp_path), "COLUMNS": "400"})  # a table wide enough not to wrap
    result = subprocess.run(
        [sys.executable, "-m", "pipelines", "run", "--quiet"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    summary = result.stdout
    assert f"report_files: {reason}" in summary, summary
    assert "NOT published" in summary
    log = (warehouse / "last_run.log").read_text(encoding="utf-8")
    assert "step report_files failed" in log and "Stack Trace" in log and reason.split(": ", 1)[1] in log


def test_dbt_profile_has_the_pipelines_default_duckdb_memory_limit() -> None:
    """dbt's connections and the pipeline's own share one limit, and one default."""
    profiles = yaml.safe_load((PROJECT_ROOT / "dbt_project" / "profiles.yml").read_text(encoding="utf-8"))
    targets = next(iter(profiles.values()))["outputs"]
    limits = {name: target.get("settings", {}).get("memory_limit") for name, target in targets.items()}
    assert limits["build"] == f"{{{{ env_var('{DUCKDB_MEMORY_ENV}', '{DEFAULT_DUCKDB_MEMORY}') }}}}", limits
