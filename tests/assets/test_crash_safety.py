"""A refresh killed with SIGKILL in extraction, in dbt or in publication loses nothing and
locks nothing; a reader sees the old warehouse or the new one, never a mixture.

The tests tell one story on one warehouse directory and run in file order (they share a
module fixture). It starts from a copy of the seed run's published warehouse. Each test
adds a report in another format and starts `python -m pipelines run` as a subprocess:

1. killed while extracting (paused there by OVERSIGHT_PAUSE_AT=extract, see pipelines/faults.py);
2. the next refresh gets past extraction, and is killed while dbt builds (seen from outside:
   its dbt child process has build.duckdb open);
3. the next refresh gets past dbt, and is killed while publishing (paused after the new
   file is written, before it is renamed into place);
4. the next refresh completes and publishes while a reader process queries the warehouse.

After each kill the published file is byte for byte what it was, opens read-only, and
neither the refresh lock nor DuckDB's lock on build.duckdb is left held.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from pipelines.config import PAUSE_AT_ENV, PROJECT_ROOT, RAW_DIR_ENV, WAREHOUSE_DIR_ENV
from tests.assets.published_reader import MARTS
from tests.conftest import PipelineRun, seed_text
from tests.ingest.renderings import to_docx, to_html, to_pdf

pytestmark = pytest.mark.slow

RUN_TIMEOUT = 600  # seconds a refresh may take on a loaded two-core machine


@dataclass(frozen=True)
class Snapshot:
    digest: str
    fingerprint: str
    files: tuple[str, ...]
    rows: dict[str, int]


@dataclass
class Story:
    raw: Path
    warehouse: Path
    home: Path
    runs: int = 0
    added: list[str] = field(default_factory=list)

    @property
    def published(self) -> Path:
        return self.warehouse / "warehouse.duckdb"

    @property
    def build(self) -> Path:
        return self.warehouse / "build.duckdb"

    def add(self, name: str, data: bytes) -> str:
        (self.raw / name).write_bytes(data)
        self.added.append(name)
        return hashlib.sha256(data).hexdigest()

    def start(self, pause_at: str | None = None) -> subprocess.Popen[bytes]:
        self.runs += 1
        env = {**os.environ, RAW_DIR_ENV: str(self.raw), WAREHOUSE_DIR_ENV: str(self.warehouse)}
        env.update({"DAGSTER_HOME": str(self.home), "OVERSIGHT_WORKERS": "1"})
        env.pop(PAUSE_AT_ENV, None)
        if pause_at:
            env[PAUSE_AT_ENV] = pause_at
        log = (self.warehouse.parent / f"run-{self.runs}.log").open("wb")
        return subprocess.Popen(
            [sys.executable, "-m", "pipelines", "run", "--quiet"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a failed test can end it whole
        )

    def log(self) -> str:
        return (self.warehouse.parent / f"run-{self.runs}.log").read_text(errors="replace")[-3000:]


def snapshot(path: Path) -> Snapshot:
    """What the published warehouse holds, read the way an analyst reads it (read-only)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    connection = duckdb.connect(str(path), read_only=True)
    try:
        fingerprint = connection.execute("select fingerprint from marts.publication").fetchall()[0][0]
        files = tuple(
            r[0] for r in connection.execute("select source_file from marts.dim_report order by 1").fetchall()
        )
        rows = {t: connection.execute(f"select count(*) from marts.{t}").fetchall()[0][0] for t in MARTS}
    finally:
        connection.close()
    return Snapshot(digest, fingerprint, files, rows)


def wait_for(what: str, condition: Callable[[], object], process: subprocess.Popen[bytes], story: Story) -> object:
    """Poll `condition` until it holds; fail at once if `process` ends first, with its log."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if process.poll() is not None:
            pytest.fail(f"the refresh ended (exit {process.returncode}) before {what}:\n{story.log()}")
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def descendants(pid: int) -> list[int]:
    """Children, grandchildren and so on: dbt runs in a fork of the prewarmed dbt server."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        below = [child for child, parent in parents.items() if parent in frontier]
        found.extend(below)
        frontier = below
    return found


def holds_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def is_gone(pid: int) -> bool:
    """Ended: no such process, or a zombie waiting for its new parent to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in {"Z", "X"}
    except OSError:
        return True


def kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)  # the pipeline process only, not its group
    process.wait(timeout=60)


def assert_no_lock_left(story: Story) -> None:
    with (story.warehouse / ".refresh.lock").open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if still held
        fcntl.flock(handle, fcntl.LOCK_UN)
    duckdb.connect(str(story.build)).close()  # raises if another process holds DuckDB's lock


def build_query(story: Story, sql: str) -> list[tuple[object, ...]]:
    connection = duckdb.connect(str(story.build), read_only=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def story(seeded_run: PipelineRun, tmp_path_factory: pytest.TempPathFactory) -> Story:
    assert seeded_run.result.success
    root = tmp_path_factory.mktemp("crash")
    shutil.copytree(seeded_run.settings.raw_dir, root / "raw")
    shutil.copytree(seeded_run.settings.warehouse_dir, root / "warehouse")
    (root / "dagster").mkdir()
    (root / "dagster" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return Story(root / "raw", root / "warehouse", root / "dagster")


@pytest.fixture
def refreshes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Refresh processes a test starts; any still running at its end are ended with their group."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)


def test_a_refresh_killed_while_extracting_leaves_the_warehouse_as_it_was_and_no_lock(story: Story, refreshes) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(story.published)
    story.add("003-as-archived-page.html", to_html(seed_text("003_e40d447f4ba58a54.txt")))
    refresh = story.start(pause_at="extract")
    refreshes.append(refresh)
    wait_for("extraction", lambda: (story.warehouse / ".paused-at-extract").exists(), refresh, story)
    kill(refresh)
    (story.warehouse / ".paused-at-extract").unlink()

    assert snapshot(story.published) == before
    assert_no_lock_left(story)


def test_the_next_refresh_gets_past_extraction_and_one_killed_in_dbt_takes_dbt_with_it(story: Story, refreshes) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(story.published)
    html_sha = hashlib.sha256((story.raw / "003-as-archived-page.html").read_bytes()).hexdigest()
    docx_sha = story.add("000-as-document.docx", to_docx(seed_text("000_0124a7dc39195ccd.txt")))
    refresh = story.start()
    refreshes.append(refresh)

    def dbt_building() -> int | None:
        return next((pid for pid in descendants(refresh.pid) if holds_open(pid, story.build)), None)

    dbt = wait_for("dbt to open build.duckdb", dbt_building, refresh, story)
    assert "dbt" in Path(f"/proc/{dbt}/cmdline").read_text(errors="replace")
    # dbt, the prewarmed dbt server, the fork server and the process that will validate
    family = {pid: Path(f"/proc/{pid}/cmdline").read_text(errors="replace") for pid in descendants(refresh.pid)}
    assert any("forkserver" in command for command in family.values()), family
    kill(refresh)
    deadline = time.monotonic() + 10
    while not all(is_gone(pid) for pid in family) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert is_gone(dbt), "dbt lives on after the pipeline process was killed"  # type: ignore[arg-type]
    left = {pid: command for pid, command in family.items() if not is_gone(pid)}
    assert not left, f"processes of the killed refresh live on: {left}"

    assert snapshot(story.published) == before
    assert_no_lock_left(story)
    extracted = {row[0] for row in build_query(story, "select sha256 from raw.extracted_reports")}
    assert {html_sha, docx_sha} <= extracted  # the refresh after the first kill extracted both


def test_the_next_refresh_gets_past_dbt_and_one_killed_while_publishing_leaves_the_warehouse(
    story: Story, refreshes
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(story.published)
    story.add("004-as-printed.pdf", to_pdf(seed_text("004_e06eeb87ecae5fa7.txt")))
    refresh = story.start(pause_at="publish")
    refreshes.append(refresh)
    wait_for("publication", lambda: (story.warehouse / ".paused-at-publish").exists(), refresh, story)
    temporary = story.warehouse / f"warehouse.duckdb.{refresh.pid}.tmp"
    assert temporary.exists()
    kill(refresh)
    (story.warehouse / ".paused-at-publish").unlink()

    assert snapshot(story.published) == before
    assert_no_lock_left(story)
    built = {row[0] for row in build_query(story, "select source_file from marts.dim_report")}
    assert set(story.added) <= built  # dbt built the marts of every added report before the kill
    assert temporary.exists()  # the half-published file stays behind until the next publication


READER = Path(__file__).with_name("published_reader.py")


def test_a_reader_sees_the_old_or_the_new_warehouse_never_a_mixture_while_the_next_refresh_publishes(
    story: Story, refreshes, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(story.published)
    observations, stop = tmp_path / "reads.jsonl", tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, str(READER), str(story.published), str(observations), str(stop)])
    try:
        wait_for(
            "the reader's first reads",
            lambda: observations.exists() and observations.read_text().count("\n") >= 3,
            reader,
            story,
        )
        refresh = story.start()
        refreshes.append(refresh)
        assert refresh.wait(timeout=RUN_TIMEOUT) == 0, story.log()
        after = snapshot(story.published)
        wait_for(
            "the reader to see the new warehouse",
            lambda: after.fingerprint in observations.read_text(),
            reader,
            story,
        )
    finally:
        stop.touch()
        reader.wait(timeout=60)

    assert after.fingerprint != before.fingerprint
    assert set(after.files) == set(before.files) | set(story.added)
    assert not list(story.warehouse.glob("warehouse.duckdb.*.tmp*"))  # the killed publication's file is gone
    reads = [json.loads(line) for line in observations.read_text().splitlines()]
    assert [r for r in reads if "error" in r] == []
    expected_files = {before.fingerprint: list(before.files), after.fingerprint: list(after.files)}
    for read in reads:
        assert read["fingerprint"] in expected_files
        assert read["files"] == expected_files[read["fingerprint"]]
        assert all(read["rows"][t] == read["recorded"][f"marts.{t}"] for t in MARTS)
    seen = [r["fingerprint"] for r in reads]
    assert seen[0] == before.fingerprint and seen[-1] == after.fingerprint
    assert seen == sorted(seen, key=[before.fingerprint, after.fingerprint].index)  # never back to the old one
