"""The published scorecard: a static HTML site rendered from the published warehouse.

`render_scorecard` reads `warehouse.duckdb` read-only and writes `<warehouse>/scorecard/`:
`index.html` (every report, KPI targets, grades, money, workforce diversity) and one
page per report listing each of its figures with the words it came from (anchors
`#fact-<fact_id>`). Charts are inline SVG; nothing is fetched when the pages are viewed.
The new site is written beside the old one and swapped in by renames. A report page
whose inputs (its report, facts, issues, the links and this code) are those of the page
already published is carried over instead of rendered again, so a refresh that adds one
report renders one page and the index.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from pipelines.pools import worker_started
from pipelines.scorecard.data import Corpus, read_corpus
from pipelines.scorecard.pages import IndexParts, index_page, iter_report_pages

STAMP = ".published-fingerprint"
KEYS = ".page-keys.json"


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

    The report pages are rendered by up to `workers` processes (default: the core count),
    each taking a run of consecutive reports, with at least `REPORTS_PER_WORKER` each; the
    index is drawn from their merged parts, the same as from one pass.
    """
    corpus = read_corpus(published_db)
    links = links or {}
    publication, version = corpus.publication, _code_version()
    parts = (publication.get("fingerprint"), publication.get("published_at"), version, sorted(links.items()))
    stamp = "|".join(str(part) for part in parts)
    index = out_dir / "index.html"
    if index.exists() and (out_dir / STAMP).exists() and (out_dir / STAMP).read_text() == stamp:
        return Scorecard(index, len(list(out_dir.glob("*.html"))), rendered=False)
    previous = {name: key for name, key in _previous_keys(out_dir).items() if (out_dir / name).is_file()}
    fresh = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.new")
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    jobs = [
        _Part(corpus, links, version, previous, out_dir, fresh, first, last)
        for first, last in _ranges(len(corpus.reports), _workers(len(corpus.reports), workers))
    ]
    if len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=len(jobs), initializer=worker_started) as pool:
            done = list(pool.map(_render_part, jobs))
    else:
        done = [_render_part(job) for job in jobs]
    drawn, keys, written, reused = IndexParts(), {}, 0, 0
    for part in done:
        drawn.merge(part.index)
        keys.update(part.keys)
        written, reused = written + part.written, reused + part.reused
    (fresh / "index.html").write_text(index_page(corpus, links, drawn), encoding="utf-8")
    written += 1
    (fresh / KEYS).write_text(json.dumps(keys, sort_keys=True), encoding="utf-8")
    (fresh / STAMP).write_text(stamp, encoding="utf-8")
    if out_dir.exists():
        out_dir.rename(old)
    fresh.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return Scorecard(index, written + reused, rendered=True, reused=reused)


# Reports per rendering process at least: a small site is rendered in process.
REPORTS_PER_WORKER = 200


@dataclass(frozen=True)
class _Part:
    """Render the pages of reports[first:last] into `fresh`, carrying over unchanged ones."""

    corpus: Corpus
    links: dict[str, str]
    version: str
    previous: dict[str, str]
    out_dir: Path
    fresh: Path
    first: int
    last: int


@dataclass
class _Rendered:
    index: IndexParts
    keys: dict[str, str]
    written: int
    reused: int


def _workers(reports: int, workers: int | None) -> int:
    return max(1, min(workers or os.cpu_count() or 1, reports // REPORTS_PER_WORKER))


def _ranges(count: int, parts: int) -> list[tuple[int, int]]:
    """`parts` consecutive ranges covering range(count), as even as can be."""
    bounds = [count * i // parts for i in range(parts + 1)]
    return list(pairwise(bounds))


def _render_part(part: _Part) -> _Rendered:
    index, keys, written, reused = IndexParts(), {}, 0, 0
    pages = iter_report_pages(part.corpus, part.links, part.version, index, part.previous, part.first, part.last)
    for name, key, html in pages:
        keys[name] = key
        if html is None:
            _carry_over(part.out_dir / name, part.fresh / name)
            reused += 1
        else:
            (part.fresh / name).write_text(html, encoding="utf-8")
            written += 1
    return _Rendered(index, keys, written, reused)


def _carry_over(page: Path, into: Path) -> None:
    """The page of the previous site, unchanged: a hard link where the file system allows."""
    try:
        os.link(page, into)
    except OSError:
        shutil.copyfile(page, into)


def _previous_keys(out_dir: Path) -> dict[str, str]:
    try:
        keys = json.loads((out_dir / KEYS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) else {}
