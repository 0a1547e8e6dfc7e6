"""File formats to text. One converter per extension; each returns the text that offsets
index, and page spans where the source had pages.

| extension | converter | text |
|---|---|---|
| .txt .text | `decode_text` | the decoded file, line ends made LF |
| .md .markdown | `decode_text` | the decoded file: the block parser reads `#` headings and `- ` items |
| .html .htm .xhtml | `from_html.convert_html` | the page without navigation, scripts and footers |
| .pdf | `from_pdf.convert_pdf` | the text layer, tables as rows, page spans |
| .docx | `from_docx.convert_docx` | body paragraphs, lists and tables |

A converter raises `ConversionError` with the reason when a file cannot be read; any
other error escaping a converter (a library tripping over a damaged file) is turned
into one too, so one file can never stop a run.

>>> convert("notes.txt", "Budget £382m\\r\\n".encode("cp1252")).text
'Budget £382m\\n'
>>> convert("minutes.rtf", b"{\\\\rtf1}")
Traceback (most recent call last):
...
pipelines.ingest.converted.ConversionError: unsupported file type '.rtf'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from pipelines.ingest.converted import ConversionError, Converted
from pipelines.ingest.decode import UnreadableFile, decode_text
from pipelines.ingest.from_docx import convert_docx
from pipelines.ingest.from_html import convert_html
from pipelines.ingest.from_pdf import convert_pdf

__all__ = ["CONVERTERS", "SUPPORTED_EXTENSIONS", "ConversionError", "Converted", "convert"]


def _plain_text(data: bytes) -> Converted:
    try:
        text, encoding = decode_text(data)
    except UnreadableFile as error:
        raise ConversionError(str(error)) from None
    return Converted(text=text, file_format="text", encoding=encoding)


def _markdown(data: bytes) -> Converted:
    converted = _plain_text(data)
    return Converted(text=converted.text, file_format="markdown", encoding=converted.encoding)


CONVERTERS: dict[str, Callable[[bytes], Converted]] = {
    ".txt": _plain_text,
    ".text": _plain_text,
    ".md": _markdown,
    ".markdown": _markdown,
    ".html": convert_html,
    ".htm": convert_html,
    ".xhtml": convert_html,
    ".pdf": convert_pdf,
    ".docx": convert_docx,
}
SUPPORTED_EXTENSIONS = frozenset(CONVERTERS)


def convert(source_file: str, data: bytes) -> Converted:
    """The text of one file, chosen by its extension; raises ConversionError with the reason."""
    extension = PurePosixPath(source_file).suffix.lower()
    converter = CONVERTERS.get(extension)
    if converter is None:
        raise ConversionError(f"unsupported file type '{extension}'")
    try:
        return converter(data)
    except ConversionError:
        raise
    except RecursionError:
        raise ConversionError(f"cannot read this {extension} file: it is nested too deeply") from None
    except Exception as error:  # a library failing on a damaged file: a reason, not a crash
        message = " ".join(str(error).split())[:200]
        raise ConversionError(f"cannot read this {extension} file ({type(error).__name__}: {message})") from None
