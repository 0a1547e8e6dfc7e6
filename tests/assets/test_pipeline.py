"""The whole pipeline, materialised in process on the seed reports into a temporary directory."""

import duckdb
import pytest

from pipelines.ingest.files import Document, read_document
from tests.conftest import SEEDS, PipelineRun

# The published contract of DESIGN.md: these columns, in this order among the mart's columns.
CONTRACT = {
    "dim_report": "report_id source_file sha256 title report_number meeting_date committee presented_by"
    " publisher period_covered",
    "fct_kpi": "fact_id report_id source_file scope indicator period fiscal_year target_value actual_value"
    " baseline_value change_value unit trend target_met char_start char_end source_text",
    "fct_grade": "fact_id report_id source_file framework area_code area grade direction_of_travel nat_poor"
    " nat_fair nat_good nat_excellent char_start char_end source_text",
    "fct_budget": "fact_id report_id source_file scope fiscal_year measure amount unit char_start char_end source_text",
    "fct_workforce": "fact_id report_id source_file scope as_of measure value unit kind char_start char_end"
    " source_text",
    "fct_milestone": "fact_id report_id source_file period milestone status char_start char_end source_text",
}
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def published(seeded_run: PipelineRun) -> duckdb.DuckDBPyConnection:
    assert seeded_run.result.success, [e.message for e in seeded_run.result.all_events if e.is_failure]
    connection = duckdb.connect(str(seeded_run.settings.published_db), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_every_contract_table_is_published_with_its_columns_and_rows(published, table: str) -> None:  # type: ignore[no-untyped-def]
    columns = [
        row[0]
        for row in published.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ?",
            [table],
        ).fetchall()
    ]
    contract = CONTRACT[table].split()
    assert [c for c in columns if c in contract] == contract
    assert published.execute(f"select count(*) from marts.{table}").fetchall()[0][0] > 0


def test_every_report_file_has_a_row_in_dim_report(published) -> None:  # type: ignore[no-untyped-def]
    files = [row[0] for row in published.execute("select source_file from marts.dim_report order by 1").fetchall()]
    assert files == SEEDS


@pytest.mark.parametrize("table", [t for t in sorted(CONTRACT) if t != "dim_report"])
def test_every_published_figure_points_at_the_exact_words_it_came_from(
    published, seeded_run: PipelineRun, table: str
) -> None:  # type: ignore[no-untyped-def]
    texts = {}
    for name in SEEDS:
        document = read_document(seeded_run.settings.raw_dir / name, name)
        assert isinstance(document, Document)
        texts[name] = document.text
    rows = published.execute(f"select source_file, char_start, char_end, source_text from marts.{table}").fetchall()
    assert rows
    wrong = [(f, s, e) for f, s, e, quote in rows if texts[f][s:e] != quote]
    assert wrong == []


def test_the_run_built_the_dbt_project_and_ran_its_tests_and_the_expectations(
    seeded_run: PipelineRun,
) -> None:
    evaluations = [
        e.event_specific_data for e in seeded_run.result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    gx = [e for e in evaluations if e.check_name.startswith("expectations_")]
    dbt_tests = [e for e in evaluations if not e.check_name.startswith(("expectations_", "all_files"))]
    blocking = [e for e in gx if e.check_name != "expectations_data_quality_issues"]
    assert len(blocking) == len(CONTRACT) and all(e.passed for e in blocking)
    assert len(dbt_tests) >= 10
    assert seeded_run.settings.build_db.exists() and seeded_run.settings.published_db.exists()
    assert (
        seeded_run.settings.warehouse_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    ).exists()
