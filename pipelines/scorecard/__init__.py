"""The published scorecard: a static HTML site rendered from the published warehouse.

`render_scorecard` reads `warehouse.duckdb` read-only and writes `<warehouse>/scorecard/`:
`index.html` (every report, KPI targets, grades, money, workforce diversity) and one
page per report listing each of its figures with the words it came from (anchors
`#fact-<fact_id>`). Charts are inline SVG; nothing is fetched when the pages are viewed.
The new site is written beside the old one and swapped in by renames. A report page
whose inputs (its report, facts, issues, the links and this code) are those of the page
already published is carried over instead of rendered again, and its facts are not read:
a refresh that adds one report renders one page and the index, reading the facts of that
report and of the few whose marks the index's charts draw.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from pipelines.pools import process_pool
from pipelines.scorecard.data import Corpus, read_corpus
from pipelines.scorecard.pages import draw_index, index_page, iter_report_pages, page_key, report_page

STAMP = ".published-fingerprint"
ENTRIES = ".report-entries.json"  # per report page: its key and what the index draws of it


@dataclass(frozen=True)
class Scorecard:
    index: Path
    pages: int
    rendered: bool  # False when the site already showed this publication
    reused: int = 0  # report pages carried over unchanged from the previous site


def _code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html"}:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def render_scorecard(
    published_db: Path, out_dir: Path, links: dict[str, str] | None = None, workers: int | None = None
) -> Scorecard:
    """Render the site for the warehouse in `published_db` into `out_dir` (replaced whole).

    Only the pages of reports whose key changed are rendered, by up to `workers`
    processes (default: the core count), each taking a run of them, with at least
    `REPORTS_PER_WORKER` each. The index is drawn from every report's entry, kept
    beside the site: only the reports whose marks its charts draw are read again.
    """
    corpus = read_corpus(published_db)
    links = links or {}
    publication, version = corpus.publication, _code_version()
    parts = (publication.get("fingerprint"), publication.get("published_at"), version, sorted(links.items()))
    stamp = "|".join(str(part) for part in parts)
    index = out_dir / "index.html"
    if index.exists() and (out_dir / STAMP).exists() and (out_dir / STAMP).read_text() == stamp:
        return Scorecard(index, len(list(out_dir.glob("*.html"))), rendered=False)
    previous = {name: entry for name, entry in _previous_entries(out_dir).items() if (out_dir / name).is_file()}
    issues = corpus.issues_by_report()
    keys = {report_page(r): page_key(corpus, r, issues.get(r["report_id"], []), links, version) for r in corpus.reports}
    todo = [r for r in corpus.reports if previous.get(report_page(r), {}).get("key") != keys[report_page(r)]]
    fresh = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.new")
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    ranges = _ranges(len(todo), _workers(len(todo), workers))
    jobs = [_Part(corpus, links, todo[first:last], fresh) for first, last in ranges]
    if len(jobs) > 1:
        with process_pool(len(jobs)) as pool:
            done = list(pool.map(_render_part, jobs))
    else:
        done = [_render_part(job) for job in jobs]
    entries: dict[str, dict[str, Any]] = {}
    for part in done:
        entries.update({name: {**entry, "key": keys[name]} for name, entry in part.items()})
    reused = 0
    for name in keys.keys() - entries.keys():
        _carry_over(out_dir / name, fresh / name)
        entries[name] = previous[name]
        reused += 1
    (fresh / "index.html").write_text(index_page(corpus, links, draw_index(corpus, entries)), encoding="utf-8")
    (fresh / ENTRIES).write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")
    (fresh / STAMP).write_text(stamp, encoding="utf-8")
    if out_dir.exists():
        out_dir.rename(old)
    fresh.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return Scorecard(index, len(entries) + 1, rendered=True, reused=reused)


# Reports per rendering process at least: a few pages are rendered in process.
REPORTS_PER_WORKER = 200


@dataclass(frozen=True)
class _Part:
    """Render the pages of `reports` into `fresh`."""

    corpus: Corpus
    links: dict[str, str]
    reports: list[dict[str, Any]]
    fresh: Path


def _workers(reports: int, workers: int | None) -> int:
    return max(1, min(workers or os.cpu_count() or 1, reports // REPORTS_PER_WORKER))


def _ranges(count: int, parts: int) -> list[tuple[int, int]]:
    """`parts` consecutive ranges covering range(count), as even as can be."""
    bounds = [count * i // parts for i in range(parts + 1)]
    return list(pairwise(bounds))


def _render_part(part: _Part) -> dict[str, dict[str, Any]]:
    """Write the pages of the part's reports; their index entries by page name."""
    entries = {}
    for name, entry, html in iter_report_pages(part.corpus, part.links, part.reports):
        (part.fresh / name).write_text(html, encoding="utf-8")
        entries[name] = entry
    return entries


def _carry_over(page: Path, into: Path) -> None:
    """The page of the previous site, unchanged: a hard link where the file system allows."""
    try:
        os.link(page, into)
    except OSError:
        shutil.copyfile(page, into)


_ENTRY_FIELDS = {"key", "counts", "met", "missed", "sizes"}


def _previous_entries(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The entries the last render kept; a missing, unreadable or foreign one means rendering again."""
    try:
        entries = json.loads((out_dir / ENTRIES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {
        name: entry
        for name, entry in entries.items()
        if isinstance(entry, dict) and entry.keys() >= _ENTRY_FIELDS and len(entry["sizes"]) == 4
    }
