"""Bytes to text: detect the encoding, refuse binary junk, normalise line ends.

The text every offset indexes is what `decode_text` returns: Unicode with CRLF and CR
turned into LF, nothing else changed.

>>> decode_text("Budget £382m\\r\\n".encode("cp1252"))
('Budget £382m\\n', 'cp1252')
>>> decode_text("\\ufeffSCD".encode("utf-8"))
('SCD', 'utf-8-sig')
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes


class UnreadableFile(ValueError):
    """The bytes are not a text document; the message says why, for the rejection record."""


_WESTERN = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    """Control characters other than tab, newline and form feed mark a binary file."""
    if not text:
        return False
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return "\x00" in sample or controls / len(sample) > 0.01


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte order mark shows as every other byte being NUL."""
    if len(data) < 4:
        return None
    even_nuls = data[1::2].count(0) / (len(data) // 2)
    odd_nuls = data[0::2].count(0) / (len(data) // 2)
    for share, encoding in ((even_nuls, "utf-16-le"), (odd_nuls, "utf-16-be")):
        if share > 0.4:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a text document; raises UnreadableFile otherwise."""
    if not data.strip():
        raise UnreadableFile("empty file: no text to read")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise UnreadableFile(f"undecodable bytes after a {encoding} byte order mark: {error}") from None
            return _checked(text, encoding)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(utf16, "utf-16")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:20000]:
        raise UnreadableFile("binary content (NUL bytes): not a text document")
    # The archive is English: look among Western single-byte encodings first, and only
    # then let charset-normalizer consider every encoding it knows.
    best = from_bytes(data, cp_isolation=_WESTERN).best() or from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UnreadableFile("undecodable bytes: no text encoding fits this file")
    encoding = best.encoding
    # Windows-1252 is a superset of Latin-1 for the printable range reports use
    # (curly quotes, en dashes, £); prefer it when both fit.
    if encoding in {"latin_1", "iso8859_1", "iso8859_15"}:
        try:
            return _checked(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            pass
    return _checked(str(best), codecs.lookup(encoding).name)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    text = normalise_newlines(text.lstrip("\ufeff"))
    if _looks_binary(text):
        raise UnreadableFile("binary content: control characters where text should be")
    if not text.strip():
        raise UnreadableFile("empty file: no text to read")
    return text, encoding
