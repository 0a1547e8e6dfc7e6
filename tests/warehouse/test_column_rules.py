"""The `column_rules` dbt test: each broken rule of a model comes back as a failing row.

A copy of the seeded build database gets one break per rule in `marts.fct_kpi`; a real
`dbt test` runs the model's column_rules node against it, and the compiled query names
the rule, column (or expression) and value of each break.
"""

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PipelineRun
from tests.warehouse.dbt_on_copy import copy_of_build, dbt, execute

pytestmark = pytest.mark.slow


def _dbt_test(warehouse: Path, selector: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    (node,) = dbt(warehouse, monkeypatch, "test", "--select", selector)
    (compiled,) = (warehouse / "target").glob(f"compiled/**/{selector}.sql")
    return str(node.status), compiled


def _failing_rows(warehouse: Path, compiled: Path, scratch: Path) -> list[tuple[str, str, str | None, int]]:
    # dbt still holds the file open in this process: read a copy under the same name.
    scratch.mkdir()
    shutil.copy(warehouse / "build.duckdb", scratch / "build.duckdb")
    connection = duckdb.connect(str(scratch / "build.duckdb"), read_only=True)
    try:
        return connection.execute(compiled.read_text(encoding="utf-8")).fetchall()  # type: ignore[return-value]
    finally:
        connection.close()


def test_each_broken_rule_is_a_failing_row_naming_rule_column_and_value(
    seeded_run: PipelineRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = copy_of_build(seeded_run, tmp_path)
    status, _ = _dbt_test(warehouse, "column_rules_fct_kpi", monkeypatch)
    assert status == "pass"

    ids = [row[0] for row in execute(warehouse, ("select fact_id from marts.fct_kpi order by fact_id limit 6", []))]
    execute(
        warehouse,
        ("update marts.fct_kpi set source_text = null where fact_id = ?", [ids[0]]),
        ("update marts.fct_kpi set fact_id = ? where fact_id = ?", [ids[1], ids[2]]),
        ("update marts.fct_kpi set unit = 'furlongs' where fact_id = ?", [ids[3]]),
        ("update marts.fct_kpi set fiscal_year = '2007-8', indicator_id = 'no such' where fact_id = ?", [ids[4]]),
        ("update marts.fct_kpi set char_end = char_start where fact_id = ?", [ids[5]]),
        ("alter table marts.fct_kpi alter column target_met type varchar", []),
        ("alter table marts.fct_kpi drop column trend", []),
    )

    status, compiled = _dbt_test(warehouse, "column_rules_fct_kpi", monkeypatch)
    assert status == "fail"
    rows = _failing_rows(warehouse, compiled, tmp_path / "copy")
    assert sorted((rule, column, value) for rule, column, value, _ in rows) == sorted(
        [
            ("not_null", "source_text", None),
            ("unique", "fact_id", ids[1]),
            ("accepted_values", "unit", "furlongs"),
            ("matches_pattern", "fiscal_year", "2007-8"),
            ("references dim_indicator.indicator_id", "indicator_id", "no such"),
            ("expression", "span_is_ordered", None),
            ("contract boolean", "target_met", "VARCHAR"),
            ("contract text", "trend", None),
        ]
    )
    assert [count for rule, _, _, count in rows if rule == "unique"] == [2]


def test_a_combination_of_columns_is_unique_as_a_whole(
    seeded_run: PipelineRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = copy_of_build(seeded_run, tmp_path)
    ((sha, key),) = execute(warehouse, ("select sha256, fact_key from raw.extracted_kpis order by 1, 2 limit 1", []))
    execute(
        warehouse,
        (
            "insert into raw.extracted_kpis select * from raw.extracted_kpis where sha256 = ? and fact_key = ?",
            [sha, key],
        ),
    )

    status, compiled = _dbt_test(warehouse, "column_rules_stg_extraction__kpis", monkeypatch)
    assert status == "fail"
    assert _failing_rows(warehouse, compiled, tmp_path / "copy") == [
        ("unique", "sha256, fact_key", f"{sha} | {key}", 2)
    ]
