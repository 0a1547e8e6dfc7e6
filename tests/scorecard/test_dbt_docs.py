"""dbt's docs site published beside the warehouse of the seeds: complete, self-contained, readable from disk."""

import json
from pathlib import Path

import duckdb
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests import browser
from tests.conftest import PipelineRun

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def docs(seeded_run: PipelineRun) -> Path:
    assert seeded_run.result.success
    return seeded_run.settings.dbt_docs_dir


def _published_columns(seeded_run: PipelineRun) -> dict[str, list[str]]:
    connection = duckdb.connect(str(seeded_run.settings.published_db), read_only=True)
    try:
        rows = connection.execute(
            "select table_name, column_name from information_schema.columns"
            " where table_schema = 'marts' and table_name != 'publication' order by table_name, ordinal_position"
        ).fetchall()
    finally:
        connection.close()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    return columns


def test_every_published_mart_and_column_is_described(seeded_run: PipelineRun, docs: Path) -> None:
    manifest = json.loads((docs / "manifest.json").read_text(encoding="utf-8"))
    published = _published_columns(seeded_run)
    assert {"dim_report", "fct_kpi", "rejected_files", "data_quality_issues"} <= set(published)
    undescribed = []
    for table, columns in published.items():
        node = manifest["nodes"][f"model.oversight.{table}"]
        assert node["description"].strip().startswith("Grain:"), table
        described = {name for name, column in node["columns"].items() if column["description"].strip()}
        undescribed += [f"{table}.{c}" for c in columns if c not in described]
    assert undescribed == []


def test_the_docs_are_one_static_page_with_the_catalog_of_the_built_database(docs: Path) -> None:
    page = (docs / "index.html").read_text(encoding="utf-8")
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    assert "model.oversight.fct_kpi" in catalog["nodes"]
    assert "target_met" in catalog["nodes"]["model.oversight.fct_kpi"]["columns"]
    tree = HTMLParser(page)
    assert not [s for s in tree.css("script[src]") if "//" in (s.attributes.get("src") or "")]
    assert '"send_anonymous_usage_stats": false' in page  # dbt's tracker stays off


def test_chromium_renders_a_mart_page_of_the_docs_from_disk(seeded_run: PipelineRun, docs: Path) -> None:
    url = (docs / "index.html").as_uri() + "#!/model/model.oversight.fct_kpi"
    dom = HTMLParser(browser.dump_dom(url, budget_ms=15000))
    rows = dom.css("tr.column-row")
    names = {row.css_first("td").text().strip() for row in rows}
    assert set(_published_columns(seeded_run)["fct_kpi"]) <= names
    assert any("Grain: one row per KPI figure" in p.text() for p in dom.css("div.model-markdown, p, .section-content"))
