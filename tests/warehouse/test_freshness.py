"""The published warehouse is current while the raw files and the code are those it was built from."""

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.freshness import VERIFIED, published_freshness, raw_directory_state
from pipelines.versions import code_versions
from pipelines.warehouse.publish import publish
from tests.conftest import configure


def _publish_from(raw: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """A published warehouse recording `raw` as it is now, as the publish asset records it."""
    files = {}
    for path in sorted(raw.iterdir()):
        stat = path.stat()
        modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC).isoformat()
        files[path.name] = [stat.st_size, modified, hashlib.sha256(path.read_bytes()).hexdigest()]
    build = settings.warehouse_dir / "build.duckdb"
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(build))
    connection.execute("create schema marts; create table marts.dim_report as select 1 as report_id")
    connection.close()
    details = {
        "raw_dir": str(raw),
        "raw_state": raw_directory_state(raw),
        "files": files,
        "rejected_files": {},
        "code_versions": code_versions(),
    }
    publish(build, settings.published_db, "fingerprint", details)


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Report A: 7,441 offences\n", encoding="utf-8")
    (raw / "b.txt").write_text("Report B: £382m\n", encoding="utf-8")
    settings = configure(monkeypatch, raw, tmp_path / "warehouse")
    _publish_from(raw, settings)
    return raw, settings


def _later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 60))


def test_nothing_changed_means_current(published) -> None:  # type: ignore[no-untyped-def]
    _, settings = published
    freshness = published_freshness(settings)
    assert freshness.current and "nothing changed" in freshness.reason


def test_a_touched_file_with_the_same_bytes_is_still_current(published) -> None:  # type: ignore[no-untyped-def]
    raw, settings = published
    _later(raw / "a.txt")
    freshness = published_freshness(settings)
    assert freshness.current and "touched" in freshness.reason


def test_a_touched_state_found_to_hold_the_published_bytes_is_not_hashed_again(published) -> None:  # type: ignore[no-untyped-def]
    raw, settings = published
    _later(raw / "a.txt")
    assert published_freshness(settings).current  # hashed a.txt, remembered the state
    assert (settings.warehouse_dir / VERIFIED).exists()
    # other bytes of the same size and time: the state is the remembered one, so nothing
    # is hashed (as for an untouched file, names, sizes and times are trusted)
    stat = (raw / "a.txt").stat()
    (raw / "a.txt").write_text("Report A: 7,442 offences\n", encoding="utf-8")
    os.utime(raw / "a.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert published_freshness(settings).current
    # the memo is only for that state: touched again, the file is hashed and found changed
    _later(raw / "a.txt")
    assert not published_freshness(settings).current


def test_a_new_file_is_a_change_before_any_touched_file_is_hashed(published, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    raw, settings = published
    _later(raw / "a.txt")
    (raw / "c.txt").write_text("Report C\n", encoding="utf-8")  # listed after the touched file
    hashed: list[object] = []
    digest = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda *args: hashed.append(args) or digest(*args))
    assert not published_freshness(settings).current
    assert hashed == []


def test_new_bytes_of_the_same_size_are_a_change(published) -> None:  # type: ignore[no-untyped-def]
    raw, settings = published
    (raw / "a.txt").write_text("Report A: 7,442 offences\n", encoding="utf-8")
    _later(raw / "a.txt")
    assert not published_freshness(settings).current


@pytest.mark.parametrize("change", ["added", "removed"])
def test_an_added_or_removed_file_is_a_change(published, change: str) -> None:  # type: ignore[no-untyped-def]
    raw, settings = published
    if change == "added":
        (raw / "c.txt").write_text("Report C\n", encoding="utf-8")
    else:
        (raw / "b.txt").unlink()
    assert not published_freshness(settings).current


def test_changed_code_is_a_change(published, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _, settings = published
    import pipelines.freshness as freshness

    monkeypatch.setattr(freshness, "code_versions", lambda: {**code_versions(), "dbt_project": "edited"})
    assert not published_freshness(settings).current


def test_nothing_published_yet_is_not_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = configure(monkeypatch, tmp_path, tmp_path / "warehouse")
    assert not published_freshness(settings).current
