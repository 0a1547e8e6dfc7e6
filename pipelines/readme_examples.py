"""The example queries of the README and their output, kept true.

Between `<!-- examples:start -->` and `<!-- examples:end -->`, each ```sql block is
followed by the Markdown table that `oversight query --markdown` prints for it on the
seed reports. `tests/test_readme.py` runs every query against the published warehouse of
the seeds and compares; after a change to extraction or the marts,

    python -m pipelines.readme_examples README.md

(on a warehouse built from the seeds, `make run`) rewrites the tables in place.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

START, END = "<!-- examples:start -->", "<!-- examples:end -->"
_BLOCK = re.compile(r"```sql\n(?P<sql>.*?)\n```\n(?P<gap>(?:[^|`\n][^\n]*\n|\n)*?)(?P<table>(?:\|[^\n]*\n)+)", re.S)


@dataclass(frozen=True)
class Example:
    sql: str
    output: str
    span: tuple[int, int]  # of the output table in the README text


def parse_examples(text: str) -> list[Example]:
    """Every ```sql block of the examples section with the table that follows it.

    >>> readme = f"x\\n{START}\\n```sql\\nselect 1 as x\\n```\\n\\n| x |\\n| ---: |\\n| 1 |\\n{END}"
    >>> [(e.sql, e.output) for e in parse_examples(readme)]
    [('select 1 as x', '| x |\\n| ---: |\\n| 1 |\\n')]
    """
    start, end = text.find(START), text.find(END)
    if start == -1 or end == -1:
        raise ValueError(f"the README has no {START} ... {END} section")
    return [
        Example(m.group("sql").strip(), m.group("table"), (m.start("table"), m.end("table")))
        for m in _BLOCK.finditer(text, start, end)
    ]


def refresh(text: str, run: Callable[[str], str]) -> str:
    """The README text with every example's table replaced by what `run(sql)` prints."""
    for example in reversed(parse_examples(text)):
        start, end = example.span
        text = text[:start] + run(example.sql) + text[end:]
    return text


def main(path: str = "README.md") -> None:  # pragma: no cover - developer command
    from pipelines.config import get_settings
    from pipelines.query import run_query, to_markdown

    published = get_settings().published_db
    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    readme.write_text(refresh(text, lambda sql: to_markdown(run_query(published, sql))), encoding="utf-8")
    print(f"{len(parse_examples(text))} example outputs rewritten from {published}")


if __name__ == "__main__":  # pragma: no cover
    main(*sys.argv[1:])
