"""dbt's documentation site, published beside the warehouse as files that open from disk.

`dbt docs generate --static` writes `static_index.html`, one page with the manifest and
the catalog inside it: the plain `index.html` fetches `manifest.json` and `catalog.json`,
which browsers refuse for pages opened from `file://`. The static page is published as
`<warehouse>/dbt_docs/index.html`, with the two JSON files beside it for tools. The
project sets `send_anonymous_usage_stats: false`, which also keeps the page's tracker off.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ARTIFACTS = ("manifest.json", "catalog.json")


def publish_dbt_docs(target_dir: Path, out_dir: Path) -> Path:
    """Copy the generated site from a dbt target directory into `out_dir`; returns its index."""
    static = target_dir / "static_index.html"
    if not static.exists():
        raise FileNotFoundError(f"{static} is missing: run `dbt docs generate --static` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    for source, name in [(static, "index.html"), *((target_dir / a, a) for a in ARTIFACTS)]:
        if not source.exists():
            continue
        temporary = out_dir / f".{name}.{os.getpid()}.tmp"
        shutil.copyfile(source, temporary)
        os.replace(temporary, out_dir / name)
    return out_dir / "index.html"
