"""The scorecard the seeded run published: pages, anchors, links, charts, and how Chromium draws it."""

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipelines.scorecard import render_scorecard
from pipelines.scorecard.pages import report_page
from tests import browser
from tests.conftest import PipelineRun

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(seeded_run: PipelineRun) -> Path:
    assert seeded_run.result.success
    return seeded_run.settings.scorecard_dir


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, HTMLParser]:
    return {path.name: HTMLParser(path.read_text(encoding="utf-8")) for path in sorted(site.glob("*.html"))}


def _facts(seeded_run: PipelineRun) -> list[tuple[str, str, str]]:
    connection = duckdb.connect(str(seeded_run.settings.published_db), read_only=True)
    try:
        return connection.execute(
            "select f.fact_id, f.report_id, f.source_file from ("
            " select fact_id, report_id, source_file from marts.fct_kpi union all"
            " select fact_id, report_id, source_file from marts.fct_grade union all"
            " select fact_id, report_id, source_file from marts.fct_budget union all"
            " select fact_id, report_id, source_file from marts.fct_workforce union all"
            " select fact_id, report_id, source_file from marts.fct_milestone) as f"
        ).fetchall()
    finally:
        connection.close()


def test_the_scorecard_has_an_index_and_one_page_per_report(seeded_run: PipelineRun, pages) -> None:  # type: ignore[no-untyped-def]
    report_ids = {report_id for _, report_id, _ in _facts(seeded_run)}
    assert "index.html" in pages
    assert {report_page({"report_id": r}) for r in report_ids} <= set(pages)
    index_links = {a.attributes.get("href") for a in pages["index.html"].css("table.reports a")}
    assert {report_page({"report_id": r}) for r in report_ids} <= index_links


def test_every_published_figure_has_an_anchor_with_its_source_words_on_its_report_page(
    seeded_run: PipelineRun, pages
) -> None:  # type: ignore[no-untyped-def]
    for fact_id, report_id, _ in _facts(seeded_run):
        node = pages[report_page({"report_id": report_id})].css_first(f"#fact-{fact_id}")
        assert node is not None, fact_id
        assert node.css_first("blockquote").text().strip()


def test_the_figure_is_highlighted_in_its_source_sentence(pages) -> None:  # type: ignore[no-untyped-def]
    marks = Counter(m.text() for page in pages.values() for m in page.css(".fact blockquote mark"))
    assert marks["£382m"] >= 1
    assert sum(marks.values()) > 300


def test_every_link_of_the_scorecard_resolves_to_a_page_and_anchor_on_disk(site: Path, pages) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for name, page in pages.items():
        for link in page.css("a[href]"):
            href = link.attributes["href"] or ""
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, f"{name} links off the machine: {href}"
            target = (site / parts.path).resolve() if parts.path else site / name
            assert target.exists(), f"{name}: {href}"
            if parts.fragment and target.suffix == ".html" and target.parent == site:
                assert pages[target.name].css_first(f"#{parts.fragment}") is not None, f"{name}: {href}"
            checked += 1
    assert checked > 500


def test_nothing_is_fetched_when_the_scorecard_is_viewed(pages) -> None:  # type: ignore[no-untyped-def]
    for name, page in pages.items():
        assert not page.css("script"), name
        for node in page.css("[src], link[href]"):
            value = node.attributes.get("src") or node.attributes.get("href") or ""
            assert not value.startswith(("http:", "https:", "//")), f"{name}: {value}"


def test_every_chart_mark_links_to_the_fact_it_draws(pages) -> None:  # type: ignore[no-untyped-def]
    index = pages["index.html"]
    kinds = {svg.attributes["class"].split()[1] for svg in index.css("svg.chart")}
    assert {"tally-chart", "bullet-chart", "bar-chart", "time-chart"} <= kinds
    marks = index.css("svg.chart a.mark[data-fact-id]")
    assert len(marks) > 50
    assert all("#fact-" + m.attributes["data-fact-id"] in m.attributes["href"] for m in marks)
    heatmap = index.css("table.heatmap td.grade a")
    assert len(heatmap) >= 20 and all("#fact-" in a.attributes["href"] for a in heatmap)
    arrows = {a.text() for a in index.css("table.heatmap .arrow")}
    assert {"▲", "▶"} <= arrows


def test_an_unchanged_publication_leaves_the_site_as_it_is(seeded_run: PipelineRun, site: Path) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in site.glob("*.html")}
    links = {"dbt_docs": "../dbt_docs/index.html", "data_docs": "../gx/uncommitted/data_docs/local_site/index.html"}
    again = render_scorecard(seeded_run.settings.published_db, site, links)
    assert not again.rendered
    assert {p.name: p.stat().st_mtime_ns for p in site.glob("*.html")} == before


@pytest.mark.parametrize("max_marks", [400, 3])
def test_a_new_publication_renders_again_only_the_pages_of_reports_that_changed(
    seeded_run: PipelineRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, max_marks: int
) -> None:
    # With 3 marks per index chart, the charts draw from the first reports only: the
    # index of the second render reads those again and takes the rest from their entries.
    import pipelines.scorecard.data as data
    import pipelines.scorecard.pages as pages

    monkeypatch.setattr(pages, "MAX_MARKS", max_marks)
    read: list[str] = []
    each_report = data.Corpus.each_report

    def counted(corpus: data.Corpus, wanted: list[dict[str, object]] | None = None) -> Iterator[data.ReportFacts]:
        read.extend(str(r["report_id"]) for r in (corpus.reports if wanted is None else wanted))
        return each_report(corpus, wanted)

    monkeypatch.setattr(data.Corpus, "each_report", counted)
    database = tmp_path / "warehouse.duckdb"
    shutil.copyfile(seeded_run.settings.published_db, database)
    site, whole = tmp_path / "site", tmp_path / "whole"
    first = render_scorecard(database, site)
    assert first.rendered and first.reused == 0

    connection = duckdb.connect(str(database))
    try:
        fact_id, report_id = connection.execute(
            "select fact_id, report_id from marts.fct_kpi where actual_value is not null order by fact_id limit 1"
        ).fetchone()
        connection.execute("update marts.fct_kpi set actual_value = actual_value + 1 where fact_id = ?", [fact_id])
        connection.execute("update marts.publication set published_at = published_at + interval 1 minute")
        report = connection.execute("select * from marts.dim_report where report_id = ?", [report_id])
        changed = report_page(dict(zip([c[0] for c in report.description], report.fetchone(), strict=True)))
    finally:
        connection.close()
    before = {p.name: p.read_bytes() for p in site.glob("*.html")}

    read.clear()
    second = render_scorecard(database, site)
    reports = len(read)
    assert second.rendered and second.reused == second.pages - 2  # the changed report's page and the index
    after = {p.name: p.read_bytes() for p in site.glob("*.html")}
    assert {name for name in after if after[name] != before[name]} <= {changed, "index.html"}
    assert after[changed] != before[changed]
    if max_marks == 3:
        assert reports < second.pages - 1  # not every report's facts were read again
    # carried over or rendered, the site is the one a render from scratch makes
    render_scorecard(database, whole)
    assert after == {p.name: p.read_bytes() for p in whole.glob("*.html")}


def test_the_order_rows_are_stored_in_does_not_make_a_page_render_again(
    seeded_run: PipelineRun, tmp_path: Path
) -> None:
    # a report's data-quality issues, stored in another order (as a rebuild of the table may
    # store them): its page shows the same issues, so it is carried over
    database = tmp_path / "warehouse.duckdb"
    shutil.copyfile(seeded_run.settings.published_db, database)

    def execute(*statements: str) -> None:
        connection = duckdb.connect(str(database))
        try:
            for statement in statements:
                connection.execute(statement)
        finally:
            connection.close()

    # a second issue of the same check on a report that has one
    execute(
        "insert into marts.data_quality_issues select * replace (md5(issue_id) as issue_id, "
        "description || ' (again)' as description) from marts.data_quality_issues order by issue_id limit 1"
    )
    first = render_scorecard(database, tmp_path / "site")
    for direction in ("desc", "asc"):
        execute(
            "create or replace table marts.data_quality_issues as select * from marts.data_quality_issues "
            f"order by source_file, check_name, description {direction}",
            "update marts.publication set published_at = published_at + interval 1 minute",
        )
        second = render_scorecard(database, tmp_path / "site")
        assert second.rendered and second.reused == first.pages - 1  # the index only


def test_pages_rendered_by_several_processes_make_the_same_site_as_one_pass(
    seeded_run: PipelineRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipelines.scorecard as scorecard

    database = seeded_run.settings.published_db
    one = render_scorecard(database, tmp_path / "one", workers=1)
    monkeypatch.setattr(scorecard, "REPORTS_PER_WORKER", 2)  # five seeds: two processes, 2 and 3 reports
    several = render_scorecard(database, tmp_path / "several", workers=2)
    assert one.pages == several.pages == len(list(seeded_run.settings.scorecard_dir.glob("*.html")))
    files = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    assert files == {p.name: p.read_bytes() for p in (tmp_path / "several").iterdir()}


def test_chromium_draws_the_scorecard_with_its_charts_and_links(site: Path, tmp_path: Path) -> None:
    from PIL import Image

    url = (site / "index.html").as_uri()
    dom = HTMLParser(browser.dump_dom(url))
    assert len(dom.css("svg.chart")) >= 4
    assert len(dom.css("svg.chart a.mark")) > 50 and len(dom.css("table.reports a")) >= 5
    picture = Image.open(browser.screenshot(url, tmp_path / "scorecard.png", height=2400)).convert("RGB")
    assert picture.size == (1280, 2400)
    colours = Counter(picture.getdata())
    assert len(colours) > 200, "a blank or unstyled page"
    # the bullet chart's bars are painted: green for targets met, red for missed
    assert colours[(0x1B, 0x78, 0x37)] > 500 and colours[(0xB2, 0x18, 0x2B)] > 500
