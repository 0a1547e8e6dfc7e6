"""The code location loads, and its graph is the one the design describes."""

import dagster as dg

from pipelines.definitions import MARTS, REFRESH_JOB, defs


def test_definitions_load_with_every_stage_of_the_flow() -> None:
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    expected = {
        "report_files",
        "parsed_blocks",
        "extracted_kpis",
        "extracted_grades",
        "extracted_budgets",
        "extracted_workforce",
        "extracted_milestones",
        "report_metadata",
        "published_warehouse",
        *(f"marts/{name}" for name in MARTS),
    }
    assert expected <= keys


def test_every_mart_has_a_blocking_great_expectations_check_and_publication_depends_on_the_marts() -> None:
    graph = defs.resolve_asset_graph()
    checks = {key: graph.get_check_spec(key) for key in graph.asset_check_keys}
    gx = {key.asset_key.path[-1]: spec for key, spec in checks.items() if key.name.startswith("expectations_")}
    assert set(MARTS) <= set(gx)
    assert all(gx[name].blocking for name in MARTS)
    assert not gx["data_quality_issues"].blocking
    published = graph.get(dg.AssetKey("published_warehouse"))
    assert {dg.AssetKey(["marts", name]) for name in MARTS} <= set(published.parent_keys)


def test_dbt_tests_appear_as_asset_checks() -> None:
    graph = defs.resolve_asset_graph()
    dbt_checks = [key for key in graph.asset_check_keys if not key.name.startswith(("expectations_", "all_files"))]
    assert len(dbt_checks) >= len(MARTS)


def test_the_nightly_schedule_runs_at_two_in_the_morning_london_time() -> None:
    schedule = defs.resolve_schedule_def("nightly_refresh")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Europe/London"
    assert schedule.job_name == REFRESH_JOB


def test_the_raw_files_sensor_requests_a_run_only_when_the_directory_changes(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OVERSIGHT_RAW_DIR", str(tmp_path))
    (tmp_path / "a.txt").write_text("Report: 1\n", encoding="utf-8")
    sensor = defs.resolve_sensor_def("raw_files_changed")
    first = sensor(dg.build_sensor_context(cursor=None))
    assert isinstance(first, dg.SensorResult) and len(first.run_requests) == 1
    same = sensor(dg.build_sensor_context(cursor=first.cursor))
    assert isinstance(same, dg.SkipReason)
    (tmp_path / "b.txt").write_text("Report: 2\n", encoding="utf-8")
    changed = sensor(dg.build_sensor_context(cursor=first.cursor))
    assert isinstance(changed, dg.SensorResult) and changed.cursor != first.cursor
