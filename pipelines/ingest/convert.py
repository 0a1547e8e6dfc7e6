"""File formats to text. One converter per extension; each returns the text that offsets
index, and page spans where the source had pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from pipelines.ingest.decode import UnreadableFile, decode_text


class ConversionError(ValueError):
    """A file that cannot be turned into text; the message is the recorded reason."""


@dataclass(frozen=True, slots=True)
class Converted:
    text: str
    file_format: str
    encoding: str | None
    pages: tuple[tuple[int, int, int], ...] = ()


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
}
SUPPORTED_EXTENSIONS = frozenset(CONVERTERS)


def convert(source_file: str, data: bytes) -> Converted:
    extension = PurePosixPath(source_file).suffix.lower()
    converter = CONVERTERS.get(extension)
    if converter is None:
        raise ConversionError(f"unsupported file type '{extension}'")
    return converter(data)
