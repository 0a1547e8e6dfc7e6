"""The Dagster webserver serves the code location: every asset and check, described, grouped, with kinds."""

from pathlib import Path

import pytest

from pipelines.definitions import defs
from tests.webserver import dagster_webserver, graphql, screenshot_asset_group

pytestmark = pytest.mark.slow

ASSETS = """
{ assetNodes { assetKey { path } groupName description kinds
    assetChecksOrError { __typename ... on AssetChecks { checks { name blocking } } } } }
"""


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("webserver")
    (root / "raw").mkdir()
    with dagster_webserver(root / "dagster_home", root / "raw", root / "warehouse", root / "webserver.log") as url:
        yield url


def test_the_webserver_serves_every_asset_and_check_of_the_definitions(webserver: str) -> None:
    graph = defs.resolve_asset_graph()
    nodes = graphql(webserver, ASSETS)["assetNodes"]
    served = {"/".join(node["assetKey"]["path"]) for node in nodes}
    assert served == {key.to_user_string() for key in graph.get_all_asset_keys()}
    checks = {
        ("/".join(node["assetKey"]["path"]), check["name"])
        for node in nodes
        for check in node["assetChecksOrError"].get("checks", [])
    }
    assert checks == {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}
    assert {"scorecard", "dbt_docs", "published_warehouse", "marts/rejected_files"} <= served


def test_every_asset_has_a_description_a_group_and_kinds(webserver: str) -> None:
    nodes = graphql(webserver, ASSETS)["assetNodes"]
    lacking = [
        "/".join(n["assetKey"]["path"])
        for n in nodes
        if not (n["description"] or "").strip() or not n["groupName"] or n["groupName"] == "default" or not n["kinds"]
    ]
    assert lacking == []
    kinds = {kind for node in nodes for kind in node["kinds"]}
    assert {"python", "duckdb", "dbt", "great_expectations", "html"} <= kinds
    gx_checked = {"/".join(n["assetKey"]["path"]) for n in nodes if "great_expectations" in n["kinds"]}
    assert {f"marts/{name}" for name in ("dim_report", "fct_kpi", "fct_grade", "fct_budget")} <= gx_checked


def test_the_ui_draws_the_asset_graph_in_headless_chromium(webserver: str, tmp_path: Path) -> None:
    from PIL import Image

    picture = Image.open(screenshot_asset_group(webserver, "publish", tmp_path / "graph.png")).convert("RGB")
    assert picture.size[0] >= 1600
    assert len(set(picture.getdata())) > 100, "a blank page: the UI did not render"
