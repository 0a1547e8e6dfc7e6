"""The published scorecard: a static HTML site rendered from the published warehouse.

`render_scorecard` reads `warehouse.duckdb` read-only and writes `<warehouse>/scorecard/`:
`index.html` (every report, KPI targets, grades, money, workforce diversity) and one
page per report listing each of its figures with the words it came from (anchors
`#fact-<fact_id>`). Charts are inline SVG; nothing is fetched when the pages are viewed.
The new site is written beside the old one and swapped in by renames.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipelines.scorecard.data import read_corpus
from pipelines.scorecard.pages import render_pages

STAMP = ".published-fingerprint"


@dataclass(frozen=True)
class Scorecard:
    index: Path
    pages: int
    rendered: bool  # False when the site already showed this publication


def _code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html"}:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def render_scorecard(published_db: Path, out_dir: Path, links: dict[str, str] | None = None) -> Scorecard:
    """Render the site for the warehouse in `published_db` into `out_dir` (replaced whole)."""
    corpus = read_corpus(published_db)
    links = links or {}
    publication = corpus.publication
    parts = (publication.get("fingerprint"), publication.get("published_at"), _code_version(), sorted(links.items()))
    stamp = "|".join(str(part) for part in parts)
    index = out_dir / "index.html"
    if index.exists() and (out_dir / STAMP).exists() and (out_dir / STAMP).read_text() == stamp:
        return Scorecard(index, len(list(out_dir.glob("*.html"))), rendered=False)
    pages = render_pages(corpus, links)
    fresh = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.new")
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    for name, html in pages.items():
        (fresh / name).write_text(html, encoding="utf-8")
    (fresh / STAMP).write_text(stamp, encoding="utf-8")
    if out_dir.exists():
        out_dir.rename(old)
    fresh.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return Scorecard(index, len(pages), rendered=True)
