"""A raw directory full of bad files still refreshes: the good reports are published, every
bad one is recorded with its reason, duplicates are stored once and new versions supersede.
"""

from __future__ import annotations

import io
import shutil

import dagster as dg
import pdfplumber
import pytest

from pipelines.extraction.extract import extract_report
from tests.conftest import SEED_DIR, PipelineRun, configure, query, run_pipeline, seed_text
from tests.ingest.test_bad_files import BAD_FILES, seed_pdf

pytestmark = pytest.mark.slow

GOOD = "000_0124a7dc39195ccd.txt"
COPY = "copy-of-000.txt"
PDF = "004-as-printed.pdf"  # seed 004 rendered as a PDF: its facts carry pages


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Two refreshes: bad files beside good ones, then a new version of one good file."""
    root = tmp_path_factory.mktemp("bad-inputs")
    raw = root / "raw"
    raw.mkdir()
    expected = {}
    for name, (data, reason) in BAD_FILES.items():
        (raw / name).write_bytes(data())
        expected[name] = reason
    (raw / "minutes.xlsx").write_bytes(b"PK\x03\x04")
    expected["minutes.xlsx"] = "unsupported file type"
    (root / "outside.txt").write_text("Budget: £1m\n", encoding="utf-8")
    (raw / "elsewhere.txt").symlink_to(root / "outside.txt")
    expected["elsewhere.txt"] = "symlink points outside the raw directory"
    (raw / "huge.txt").write_bytes(b"Budget 2008/09: \xc2\xa31m\n" * 80_000)
    expected["huge.txt"] = "file too large"
    shutil.copy(SEED_DIR / GOOD, raw / GOOD)
    shutil.copy(SEED_DIR / GOOD, raw / COPY)
    (raw / PDF).write_bytes(seed_pdf())
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("OVERSIGHT_MAX_FILE_MB", "1")
        settings = configure(monkeypatch, raw, root / "warehouse")
        first = run_pipeline(settings)
        published_first = query(settings.published_db, "select source_file, sha256 from marts.dim_report order by 1")
        state_first = {  # the build database is shared by both runs: read the first's state now
            "rejected": query(
                settings.build_db, "select source_file, reason, rejected_at from raw.rejected_files order by 1"
            ),
            "documents": query(settings.build_db, "select count(*) from raw.report_documents"),
            "extracted": query(settings.build_db, "select count(*) from raw.extracted_reports"),
            "pdf_kpis": query(
                settings.published_db, f"select page, source_text from marts.fct_kpi where source_file = '{PDF}'"
            ),
        }
        # A new version of the seed under the same name: every "£382m" now reads "£391m".
        (raw / GOOD).write_text(seed_text(GOOD).replace("382", "391"), encoding="utf-8")
        second = run_pipeline(settings)
    return {
        "first": first,
        "second": second,
        "expected": expected,
        "published_first": published_first,
        **state_first,
    }


def test_a_raw_directory_full_of_bad_files_still_publishes_the_good_reports(runs) -> None:  # type: ignore[no-untyped-def]
    first: PipelineRun = runs["first"]
    assert first.result.success, [e.message for e in first.result.all_events if e.is_failure]
    assert [row[0] for row in runs["published_first"]] == sorted([GOOD, COPY, PDF])


def test_every_bad_file_is_recorded_with_its_reason_and_time(runs) -> None:  # type: ignore[no-untyped-def]
    first: PipelineRun = runs["first"]
    expected: dict[str, str] = runs["expected"]
    rows = runs["rejected"]
    assert [row[0] for row in rows] == sorted(expected)
    assert all(expected[name] in reason and at is not None for name, reason, at in rows)

    checks = [
        e.event_specific_data
        for e in first.result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and e.event_specific_data.check_name == "all_files_readable"
    ]
    assert len(checks) == 1 and not checks[0].passed and checks[0].severity == dg.AssetCheckSeverity.WARN
    assert checks[0].metadata["rejected"].value == len(expected)
    (materialization,) = first.result.asset_materializations_for_node("report_files")
    # The asset's metadata lists every rejection as a "| file | reason |" row of a markdown table.
    table = materialization.metadata["rejected_files"].value.splitlines()[2:]
    listed = dict(row.strip("| ").split(" | ", 1) for row in table)
    assert set(listed) == set(expected)
    assert all(expected[name] in reason for name, reason in listed.items()), listed


def test_the_same_content_under_two_names_is_stored_once_and_published_under_both(runs) -> None:  # type: ignore[no-untyped-def]
    shas = dict(runs["published_first"])
    assert shas[GOOD] == shas[COPY]
    assert runs["documents"] == [(2,)]
    assert runs["extracted"] == [(2,)]


def _starts_on(printed: str, opening: str) -> bool:
    """The quote's opening words are printed on the page, or the page ends part way through them."""
    return opening in printed or any(printed.endswith(opening[:k]) for k in range(len(opening), 2, -1))


def test_facts_read_from_a_pdf_carry_the_page_they_are_printed_on(runs) -> None:  # type: ignore[no-untyped-def]
    with pdfplumber.open(io.BytesIO(seed_pdf())) as pdf:
        printed = {n: " ".join(page.extract_text().split()) for n, page in enumerate(pdf.pages, 1)}
    # Without the running header and the page number the test rendering prints on each page.
    printed = {
        n: text.removeprefix("Metropolitan Police Authority – 2008 ").removesuffix(f" Page {n}")
        for n, text in printed.items()
    }
    rows = runs["pdf_kpis"]
    txt_kpis = extract_report(PDF, seed_text("004_e06eeb87ecae5fa7.txt")).kpis
    assert len(rows) >= 0.95 * len(txt_kpis) > 10 and len({page for page, _ in rows}) >= 4
    for page, source_text in rows:
        opening = " ".join(str(source_text).split())[:30]
        assert page in printed and _starts_on(printed[page], opening), (page, opening)  # type: ignore[index]


def test_a_new_version_supersedes_the_old_whose_facts_leave_the_marts_and_whose_record_stays(runs) -> None:  # type: ignore[no-untyped-def]
    second: PipelineRun = runs["second"]
    assert second.result.success, [e.message for e in second.result.all_events if e.is_failure]
    settings = second.settings

    def amounts(source_file: str) -> set[float]:
        sql = f"select amount from marts.fct_budget where source_file = '{source_file}' and unit = 'gbp'"
        return {float(row[0]) for row in query(settings.published_db, sql)}  # type: ignore[arg-type]

    assert 391_000_000 in amounts(GOOD) and 382_000_000 not in amounts(GOOD)
    assert 382_000_000 in amounts(COPY)  # the copy still holds the old words
    history = query(
        settings.build_db,
        f"select is_current, superseded_at is not null from raw.report_files where source_file = '{GOOD}' order by 1",
    )
    assert history == [(False, True), (True, False)]
    old_sha = dict(runs["published_first"])[GOOD]
    new_sha = query(settings.published_db, f"select sha256 from marts.dim_report where source_file = '{GOOD}'")
    assert new_sha != [(old_sha,)] and len(new_sha) == 1
