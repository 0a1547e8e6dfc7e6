"""What the Dagster UI shows about the seeded run: row counts, previews, links, failing rows."""

import dagster as dg
import duckdb
import pytest

from tests.conftest import PipelineRun

pytestmark = pytest.mark.slow


def _materialization(run: PipelineRun, key: list[str]) -> dict:  # type: ignore[type-arg]
    events = [
        e.event_specific_data.materialization
        for e in run.result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
        and e.event_specific_data.materialization.asset_key == dg.AssetKey(key)
    ]
    assert events, key
    return {name: getattr(value, "value", value) for name, value in events[-1].metadata.items()}


def test_marts_carry_their_row_count_and_a_preview_of_their_rows(seeded_run: PipelineRun) -> None:
    connection = duckdb.connect(str(seeded_run.settings.published_db), read_only=True)
    try:
        published = connection.execute("select count(*) from marts.fct_kpi").fetchall()[0][0]
    finally:
        connection.close()
    metadata = _materialization(seeded_run, ["marts", "fct_kpi"])
    assert metadata["dagster/row_count"] == published
    lines = metadata["preview"].splitlines()
    assert lines[0].startswith("| source_file |") and len(lines) == 2 + 5


def test_raw_tables_show_counts_previews_and_rejected_files(seeded_run: PipelineRun) -> None:
    files = _materialization(seeded_run, ["report_files"])
    assert files["dagster/row_count"] == 5 and files["rejected"] == 0
    assert files["rejected_files"].startswith("| file | reason |")
    assert _materialization(seeded_run, ["extracted_kpis"])["dagster/row_count"] > 100


def test_the_publication_links_to_the_data_docs_the_dbt_docs_and_the_scorecard(seeded_run: PipelineRun) -> None:
    metadata = _materialization(seeded_run, ["published_warehouse"])
    settings = seeded_run.settings
    assert metadata["scorecard"] == (settings.scorecard_dir / "index.html").as_uri()
    assert metadata["dbt_docs"] == (settings.dbt_docs_dir / "index.html").as_uri()
    assert metadata["data_docs"].endswith("/gx/uncommitted/data_docs/local_site/index.html")
    # every check of the graph ran before publication: passed, or a non-blocking one warned
    graph = seeded_run.result.job_def.asset_layer.asset_graph
    warned = metadata["checks_warned"]
    assert warned and metadata["checks_passed"] + len(warned) == len(graph.asset_check_keys)
    assert "| dim_report |" not in metadata["reports"]
    assert "000_0124a7dc39195ccd.txt" in metadata["reports"]
    assert _materialization(seeded_run, ["scorecard"])["scorecard"] == metadata["scorecard"]


def test_a_failing_check_shows_how_many_rows_fail_and_a_sample(seeded_run: PipelineRun) -> None:
    failing = [
        e.event_specific_data
        for e in seeded_run.result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
    ]
    assert failing, "the seeds have a figure that does not add up (a warning)"
    for evaluation in failing:
        metadata = {name: getattr(value, "value", value) for name, value in evaluation.metadata.items()}
        # dbt tests count failing rows themselves; the Great Expectations checks add theirs up
        assert metadata.get("dagster_dbt/failed_row_count", metadata.get("failing_rows")) >= 1, evaluation.check_name
        assert metadata["failing_rows_sample"].count("\n") >= 2, evaluation.check_name
