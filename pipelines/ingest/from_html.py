"""HTML pages to text: the report without the site around it.

Archived committee pages carry navigation, breadcrumbs, scripts, cookie banners and
footers around the report. Those are dropped; headings, paragraphs, lists and tables
are written through `TextWriter`, so a `<table>` row becomes one line of TAB-separated
cells and an `<h2>` a `## ` heading.

>>> page = b'''<html><head><title>MPA</title><script>track()</script></head><body>
... <nav><a href="/">Home</a></nav>
... <h2>Budget</h2><p>SCD has a budget of&nbsp;<b>\\xc2\\xa3382m</b>.</p>
... <ul><li>7,441 offences</li></ul>
... <table><tr><th>Indicator</th><th>Target</th></tr><tr><td>Gun crime</td><td>-3%</td></tr></table>
... <footer>Copyright</footer></body></html>'''
>>> for line in convert_html(page).text.splitlines():
...     print(repr(line))
'# MPA'
''
'## Budget'
''
'SCD has a budget of\\xa0£382m.'
''
'• 7,441 offences'
''
'Indicator\\tTarget'
'Gun crime\\t-3%'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.ingest.converted import ConversionError, Converted
from pipelines.ingest.decode import UnreadableFile, decode_text
from pipelines.ingest.layout import TextWriter, inline

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_LOOKS_LIKE_HTML = re.compile(r"<\s*(?:html|head|body|p|div|table|h[1-6]|br|ul|ol|span|section|article)\b", re.I)

# Never part of the report: code, styling, widgets, and the page's own furniture.
_SKIPPED = {
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "math", "object", "embed",
    "button", "select", "input", "textarea", "option", "head", "title", "meta", "link", "map", "audio",
    "video", "dialog", "nav", "footer", "aside",
}  # fmt: skip
_BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"}
# Words in a class or id that mark site furniture ("breadcrumb", "site-footer", "nav-main").
_BOILERPLATE_WORDS = {
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "footer", "cookie", "cookies",
    "sidebar", "skip", "skiplinks", "share", "social", "masthead", "toolbar", "topbar",
}  # fmt: skip
_BLOCKS = {
    "address", "article", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "form", "header", "hgroup", "hr", "html", "main", "p", "section", "summary",
    "caption", "tbody", "thead", "tfoot", "tr", "td", "th", "legend", "li",
}  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = {"ul", "ol", "menu", "dir"}
_MAX_DEPTH = 200  # deeper nesting is read as plain text rather than walked


def convert_html(data: bytes) -> Converted:
    """The text of an HTML page; raises ConversionError when there is none."""
    head = _META_CHARSET.search(data[:4096])
    try:
        source, encoding = decode_text(data, head.group(1).decode("ascii", "replace") if head else None)
    except UnreadableFile as error:
        raise ConversionError(str(error)) from None
    if not _LOOKS_LIKE_HTML.search(source):
        return Converted(text=source, file_format="text", encoding=encoding)
    tree = LexborHTMLParser(source)
    writer = TextWriter()
    root = _content_root(tree)
    if root is not None:
        total = len(root.text(strip=True))
        walker = _Walker(writer, total)
        if root.css_first("h1") is None:
            title = tree.css_first("head > title")
            if title is not None:
                writer.heading(title.text(), 1)
        walker.walk(root, 0)
        walker.flush()
    text = writer.text()
    if not text.strip():
        raise ConversionError("no text: the HTML page has no readable content")
    return Converted(text=text, file_format="html", encoding=encoding)


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """`<main>` (or the one `<article>`) when it holds most of the page, else `<body>`."""
    body = tree.body
    if body is None:
        return tree.root
    total = len(body.text(strip=True)) or 1
    for selector in ("main", "[role=main]"):
        main = tree.css_first(selector)
        if main is not None and len(main.text(strip=True)) >= 0.2 * total:
            return main
    articles = tree.css("article")
    if len(articles) == 1 and len(articles[0].text(strip=True)) >= 0.5 * total:
        return articles[0]
    return body


def _is_furniture(node: LexborNode, total: int) -> bool:
    """Navigation, banners and footers: by tag, by ARIA role, or by class and id words.

    A class word is only trusted for an element holding a minor share of the page, so
    that `<div class="page-with-sidebar">` around the whole report is kept.
    """
    tag = node.tag or ""
    if tag in _SKIPPED:
        return True
    attributes = node.attributes
    if (attributes.get("role") or "").lower() in _BOILERPLATE_ROLES or "hidden" in attributes:
        return True
    if tag == "header" and node.css_first("h1, h2, h3") is None:
        return True
    words = set(re.split(r"[^a-z0-9]+", f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()))
    if words & _BOILERPLATE_WORDS:
        return len(node.text(strip=True)) < 0.4 * max(total, 1)
    return False


def _children(node: LexborNode) -> Iterator[LexborNode]:
    yield from node.iter(include_text=True)


class _Walker:
    """Depth-first over the content, buffering inline text until a block ends."""

    def __init__(self, writer: TextWriter, total: int) -> None:
        self.writer = writer
        self.total = total
        self.buffer: list[str] = []

    def flush(self) -> None:
        if self.buffer:
            self.writer.paragraph("".join(self.buffer))
            self.buffer = []

    def walk(self, node: LexborNode, depth: int) -> None:
        for child in _children(node):
            self.visit(child, depth + 1)

    def visit(self, node: LexborNode, depth: int) -> None:
        tag = node.tag or ""
        if tag == "-text":
            self.buffer.append(node.text_content or "")
            return
        if tag.startswith("-") or _is_furniture(node, self.total):
            return
        if depth > _MAX_DEPTH:
            self.buffer.append(" " + node.text(separator=" ") + " ")
        elif tag == "br":
            self.buffer.append("\n")
        elif tag in _HEADINGS:
            self.flush()
            self.writer.heading(self.gather(node), _HEADINGS[tag])
        elif tag in _LISTS:
            self.flush()
            self.write_list(node, 0, depth)
        elif tag == "table":
            self.flush()
            self.write_table(node, depth)
        elif tag == "pre":
            self.flush()
            for part in re.split(r"\n\s*\n", node.text()):
                self.writer.paragraph(part)
        elif tag in _BLOCKS:
            self.flush()
            self.walk(node, depth)
            self.flush()
        else:
            self.walk(node, depth)

    def gather(self, node: LexborNode, stop: frozenset[str] = frozenset(), depth: int = 0) -> str:
        """The inline text of `node` on one line, leaving out furniture and `stop` elements."""
        parts: list[str] = []
        for child in _children(node):
            tag = child.tag or ""
            if tag == "-text":
                parts.append(child.text_content or "")
            elif tag.startswith("-") or tag in stop or _is_furniture(child, self.total):
                continue
            elif depth > _MAX_DEPTH:
                parts.append(" " + child.text(separator=" ") + " ")
            elif tag in _BLOCKS or tag in _HEADINGS or tag in _LISTS or tag in {"br", "table"}:
                parts.append(" " + self.gather(child, stop, depth + 1) + " ")
            else:
                parts.append(self.gather(child, stop, depth + 1))
        return inline("".join(parts))

    # ------------------------------------------------------------------ lists

    def write_list(self, node: LexborNode, level: int, depth: int) -> None:
        ordered = node.tag == "ol"
        number = _int(node.attributes.get("start"), 1)
        for child in node.iter():
            if child.tag == "li":
                label = f"{number}." if ordered else "•"
                number += 1
                self.writer.list_item(self.gather(child, frozenset(_LISTS | {"table"})), level, label)
                for nested in _first_descendants(child, _LISTS | {"table"}):
                    if nested.tag == "table":
                        self.write_table(nested, depth + 1)
                    else:
                        self.write_list(nested, level + 1, depth + 1)
            elif child.tag in _LISTS:
                self.write_list(child, level + 1, depth + 1)
            elif not _is_furniture(child, self.total):
                self.writer.list_item(self.gather(child), level)

    # ------------------------------------------------------------------ tables

    def write_table(self, node: LexborNode, depth: int) -> None:
        rows = list(_rows(node))
        if _is_layout_table(node, rows):
            for row in rows:
                for cell in _cells(row):
                    self.walk(cell, depth + 1)
                    self.flush()
            return
        caption = node.css_first("caption")
        if caption is not None:
            self.writer.paragraph(self.gather(caption))
        for row in rows:
            cells: list[str] = []
            for cell in _cells(row):
                cells.append(self.gather(cell, frozenset({"caption"})))
                cells.extend([""] * (min(_int(cell.attributes.get("colspan"), 1), 50) - 1))
            self.writer.table_row(cells)
        self.writer.end_table()


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(str(value).strip()), 1)
    except ValueError:
        return default


def _first_descendants(node: LexborNode, tags: set[str]) -> Iterator[LexborNode]:
    """Descendants with a tag in `tags`, not looking inside the ones found."""
    for child in node.iter():
        if child.tag in tags:
            yield child
        else:
            yield from _first_descendants(child, tags)


def _rows(table: LexborNode) -> Iterator[LexborNode]:
    """The rows of this table, not those of a table nested in one of its cells."""
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in {"thead", "tbody", "tfoot"}:
            yield from (row for row in child.iter() if row.tag == "tr")


def _cells(row: LexborNode) -> Iterator[LexborNode]:
    return (cell for cell in row.iter() if cell.tag in {"td", "th"})


def _is_layout_table(table: LexborNode, rows: list[LexborNode]) -> bool:
    """A table used to lay out the page rather than to hold figures.

    Old archived pages put the whole report in a table: one cell, a nested table, or
    cells holding headings, lists or long passages mark it.
    """
    if (table.attributes.get("role") or "").lower() == "presentation":
        return True
    cells = [cell for row in rows for cell in _cells(row)]
    if len(cells) <= 1:
        return True
    for cell in cells:
        if cell.css_first("table, ul, ol, h1, h2, h3, h4, h5, h6") is not None:
            return True
        if len(cell.text(strip=True)) > 1000:
            return True
    return False
