"""Refreshes do work in proportion to what changed, through the real job (dbt, GX, Dagster)."""

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from pipelines.assets.dbt import last_built_version
from pipelines.freshness import published_freshness
from pipelines.resources import WarehouseResource
from pipelines.versions import dbt_project_version
from pipelines.warehouse.publish import last_publication, publish
from tests.conftest import SEED_DIR, configure, query, run_pipeline

pytestmark = pytest.mark.slow

FIRST, SECOND, THIRD = "000_0124a7dc39195ccd.txt", "003_e40d447f4ba58a54.txt", "002_1bc4cf952bb3054d.txt"
FOURTH = "001_e0f667914e9e5daf.txt"
FACTS = (
    "select source_file, fact_id, extracted_at from marts.{table} order by all",
    "select source_file, count(*) from marts.{table} group by 1 order by 1",
)


def _steps(result: dg.ExecuteInProcessResult, kind: str) -> set[str]:
    return {e.step_key or "" for e in result.all_events if e.event_type_value == kind}


@pytest.fixture(scope="module")
def refreshes(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Four refreshes of one warehouse: two files; the same again; one added and one removed;
    one more added."""
    root = tmp_path_factory.mktemp("refreshes")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(SEED_DIR / FIRST, raw)
    shutil.copy(SEED_DIR / SECOND, raw)
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings = configure(monkeypatch, raw, root / "warehouse")
        first = run_pipeline(settings)
        assert first.result.success
        published = settings.published_db
        state = {
            "first": first,
            "kpis": query(settings.build_db, FACTS[0].format(table="fct_kpi")),
            "inode": published.stat().st_ino,
            "fresh_after_first": published_freshness(settings),
        }
        touched = raw / FIRST
        os.utime(touched, (touched.stat().st_atime, touched.stat().st_mtime + 60))
        state["fresh_after_touch"] = published_freshness(settings)
        state["unchanged"] = run_pipeline(settings)
        state["inode_after_unchanged"] = published.stat().st_ino
        shutil.copy(SEED_DIR / THIRD, raw)
        (raw / SECOND).unlink()
        state["stale_after_change"] = published_freshness(settings)
        state["changed"] = run_pipeline(settings)
        state["kpis_after_change"] = query(settings.build_db, FACTS[0].format(table="fct_kpi"))
        state["storage_after_change"] = last_publication(published)["storage"]  # type: ignore[index]
        state["listed_after_change"] = last_publication(published)["files"][FIRST]  # type: ignore[index]
        state["touched_mtime"] = datetime.fromtimestamp(touched.stat().st_mtime, tz=UTC).isoformat()
        state["builds_after_change"] = query(
            settings.build_db, "select full_refresh, dbt_target from raw.dbt_builds order by built_at"
        )
        state["run_results_after_change"] = json.loads(
            (settings.warehouse_dir / "dbt_target" / "run_results.json").read_text(encoding="utf-8")
        )
        shutil.copy(SEED_DIR / FOURTH, raw)
        state["added"] = run_pipeline(settings)
        state["storage_after_adding"] = last_publication(published)["storage"]  # type: ignore[index]
        yield settings, state


def test_a_run_of_the_job_with_nothing_changed_stops_after_hashing_the_files_and_publishes_nothing(refreshes) -> None:  # type: ignore[no-untyped-def]
    _, state = refreshes
    result = state["unchanged"].result
    assert result.success
    assert _steps(result, "STEP_SUCCESS") == {"report_files"}
    assert {"parsed_blocks", "extracted_facts", "warehouse_models", "published_warehouse"} <= _steps(
        result, "STEP_SKIPPED"
    )
    assert not result.asset_materializations_for_node("report_files")
    assert state["inode_after_unchanged"] == state["inode"]


def test_the_published_warehouse_knows_it_is_current_until_a_file_changes(refreshes) -> None:  # type: ignore[no-untyped-def]
    _, state = refreshes
    assert state["fresh_after_first"].current
    # a file touched but not changed: hashed again, found the same
    assert state["fresh_after_touch"].current and "touched" in state["fresh_after_touch"].reason
    assert not state["stale_after_change"].current
    assert "files were added, changed or removed" in state["stale_after_change"].reason


def test_after_adding_and_removing_a_file_the_facts_of_the_unchanged_file_are_not_rewritten(refreshes) -> None:  # type: ignore[no-untyped-def]
    settings, state = refreshes
    assert state["changed"].result.success
    before, after = state["kpis"], state["kpis_after_change"]
    kept = [row for row in before if row[0] == FIRST]
    assert kept and [row for row in after if row[0] == FIRST] == kept  # same rows, same extraction time
    assert not [row for row in after if row[0] == SECOND]  # the removed file's facts are gone
    assert [row for row in after if row[0] == THIRD]  # the new file's facts are in
    # the second dbt build was incremental
    assert state["builds_after_change"] == [(True, "build"), (False, "build")]
    # a build on another target (MotherDuck) finds no build of its own: it builds everything
    warehouse = WarehouseResource.from_settings(settings)
    assert last_built_version(warehouse, "build") == dbt_project_version()
    assert last_built_version(warehouse, "motherduck") is None
    # and ran every data test, leaving out the unit tests (logic, not data: they ran with the
    # first), the seed and the views before the marts (unchanged definitions over new rows)
    results = state["run_results_after_change"]
    ran = {result["unique_id"] for result in results["results"]}
    manifest = json.loads((settings.warehouse_dir / "dbt_target" / "manifest.json").read_text(encoding="utf-8"))
    nodes = manifest["nodes"]
    data_tests = {key for key, node in nodes.items() if node["resource_type"] == "test"}
    assert data_tests and data_tests <= ran
    assert not any(key.startswith(("unit_test.", "seed.")) for key in ran)
    views = {
        key
        for key, node in nodes.items()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "view"
    }
    early_views = {key for key in views if nodes[key]["fqn"][1] in {"staging", "intermediate"}}
    assert early_views and not early_views & ran
    marts = {key for key, node in nodes.items() if node["resource_type"] == "model" and node["fqn"][1] == "marts"}
    assert marts <= ran  # every mart is built, the views among them too
    assert all(result["status"] in {"success", "pass", "warn"} for result in results["results"])
    # a test on a view left out still reads the new rows: the new file's KPIs are in the staging view
    staged = query(
        settings.build_db,
        "select count(*) from staging.stg_extraction__kpis as k join raw.report_files as f using (sha256) "
        f"where f.is_current and f.source_file = '{THIRD}'",
    )
    assert staged[0][0] > 0


def test_an_incremental_build_publishes_what_a_full_build_of_the_same_files_publishes(
    refreshes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    settings, _ = refreshes
    raw = tmp_path / "raw"
    shutil.copytree(settings.raw_dir, raw)
    fresh = configure(monkeypatch, raw, tmp_path / "warehouse")
    assert run_pipeline(fresh).result.success
    for table in (
        "fct_kpi",
        "fct_kpi_distinct",
        "fct_grade",
        "fct_budget",
        "fct_workforce",
        "fct_milestone",
        "dim_report",
    ):
        sql = f"select * exclude (extracted_at) from marts.{table} order by all"
        if table == "dim_report":
            sql = "select report_id, source_file, sha256, title from marts.dim_report order by all"
        assert query(settings.published_db, sql) == query(fresh.published_db, sql), table


def test_a_publication_lists_a_touched_file_with_its_new_time_so_that_it_is_not_hashed_again(refreshes) -> None:  # type: ignore[no-untyped-def]
    _, state = refreshes
    assert state["listed_after_change"][1] == state["touched_mtime"]


def test_a_refresh_that_adds_a_report_publishes_by_report_what_a_whole_copy_publishes(
    refreshes, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings, state = refreshes
    assert state["added"].result.success
    # half the rows of the last publication belonged to the removed report: written whole
    assert state["storage_after_change"]["written"] == "whole"
    added = state["storage_after_adding"]
    assert (added["written"], added["deleted"]) == ("by report", 0)
    fourth = query(settings.published_db, f"select count(*) from marts.fct_kpi where source_file = '{FOURTH}'")
    assert added["inserted"] > fourth[0][0] > 0
    whole = tmp_path / "whole.duckdb"
    publish(settings.build_db, whole, "whole", {}, force=True)
    for (table,) in query(whole, "select table_name from information_schema.tables where table_schema = 'marts'"):
        if table != "publication":
            sql = f"select * from marts.{table} order by all"
            assert query(settings.published_db, sql) == query(whole, sql), table


def _metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict[str, object]:
    (materialization,) = [m for m in result.asset_materializations_for_node(asset)]
    return {key: value.value for key, value in materialization.metadata.items()}


def test_a_refresh_of_the_data_leaves_dbt_docs_alone_and_renders_only_the_new_reports_pages(refreshes) -> None:  # type: ignore[no-untyped-def]
    _, state = refreshes
    first, changed = state["first"].result, state["changed"].result
    assert _metadata(first, "dbt_docs")["generated"] is True
    # the dbt project and the raw tables are those the docs were generated for
    assert _metadata(changed, "dbt_docs")["generated"] is False
    site = _metadata(changed, "scorecard")
    # two reports published: the unchanged one's page carried over, the new one's and the index rendered
    assert site["rendered"] is True and site["pages"] == 3 and site["pages_carried_over"] == 1
