"""Bytes to text: detect the encoding, refuse binary junk, normalise line ends.

The text every offset indexes is what `decode_text` returns: Unicode with CRLF and CR
turned into LF, nothing else changed.

>>> decode_text("Budget £382m\\r\\n".encode("cp1252"))
('Budget £382m\\n', 'cp1252')
>>> decode_text("\\ufeffSCD".encode("utf-8"))
('SCD', 'utf-8-sig')
>>> try:
...     decode_text("Londoners’ confidence – up 3%".encode("utf-8") + b"\\xff")
... except UnreadableFile as error:
...     print(error)
undecodable bytes: UTF-8 text with 1 invalid byte sequence (the first at byte 33)
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes


class UnreadableFile(ValueError):
    """The bytes are not a text document; the message says why, for the rejection record."""


# Legacy encodings of English documents, in order of preference when they read equally well.
_WESTERN = ("cp1252", "iso8859-15", "latin-1", "mac-roman")
# Non-ASCII characters an English report is made of: currency, typographic quotes and
# dashes, bullets and fractions weigh most; accented letters of names less; anything
# else read from a legacy byte counts against an encoding. Mac Roman reads the bytes
# of Windows-1252's "’ – •" as "í ñ ï": letters, so Windows-1252 wins on such a file.
_PUNCTUATION = frozenset("£€¢’‘“”–—•…·°½¼¾×±§©®™\u00a0")
_LETTERS = frozenset("éèêëàâäáçôöóüûúîïíñßÉÈÀÇÄÖÜ")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

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


def _declared(declared: str | None) -> str | None:
    """The codec for an encoding a file names for itself (an HTML `<meta charset>`), or None.

    As browsers do, a page that says ISO-8859-1 or ASCII is read as Windows-1252.

    >>> _declared("ISO-8859-1"), _declared("utf8"), _declared("no-such-thing")
    ('cp1252', 'utf-8', None)
    """
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in {"iso8859-1", "ascii"} else name


def _damaged_utf8(data: bytes) -> str | None:
    """The reason to refuse bytes that are UTF-8 but for some invalid sequences, else None.

    Decoding such a file with a legacy encoding would turn every "’" into "â€™"; guessing
    which bytes were meant is not ours to do.
    """
    valid = len(_UTF8_SEQUENCE.findall(data))
    if not valid:
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        first = error.start
    invalid = data.decode("utf-8", "replace").count("\ufffd") - data.count("\ufffd".encode())
    if invalid * 2 > valid:
        return None
    plural = "sequence" if invalid == 1 else "sequences"
    return f"undecodable bytes: UTF-8 text with {invalid} invalid byte {plural} (the first at byte {first})"


def _plausibility(text: str) -> float:
    """How much the non-ASCII characters of `text` look like an English report's, on average.

    >>> _plausibility("Londoners’ budget – £382m"), _plausibility("Londonersí budget ñ £382m")
    (2.0, 1.3333333333333333)
    >>> _plausibility("LondonersÕ budget Ð £382m")
    0.0
    """
    weights = [2 if ch in _PUNCTUATION else 1 if ch in _LETTERS else -1 for ch in text if ord(ch) > 127]
    return sum(weights) / len(weights) if weights else 0.0


def _best_western(data: bytes) -> tuple[str, str] | None:
    """(text, codec) of the legacy Western encoding that reads most like a report, if any reads well."""
    best: tuple[float, str, str] | None = None
    for codec in _WESTERN:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is None or best[0] < 0.75:  # Cyrillic read as Windows-1252 is half accented letters
        return None
    return best[1], best[2]


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding name) of a text document; raises UnreadableFile otherwise.

    In order: a byte order mark; UTF-16 without a mark; UTF-8 (bytes that are valid
    UTF-8 are UTF-8, whatever a page declares, and UTF-8 with invalid bytes is refused);
    the single-byte encoding the file declares for itself (`declared`, an HTML
    `<meta charset>`); the Western legacy encoding that reads most like an English
    report; and last charset-normalizer's detection over every encoding it knows.
    """
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
    damaged = _damaged_utf8(data)
    if damaged:
        raise UnreadableFile(damaged)
    codec = _declared(declared)
    if codec is not None and not codec.startswith(("utf-16", "utf-32")):
        try:
            return _checked(data.decode(codec), codec)
        except UnicodeDecodeError:
            pass
    western = _best_western(data)
    if western is not None:
        return _checked(*western)
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UnreadableFile("undecodable bytes: no text encoding fits this file")
    return _checked(str(best), codecs.lookup(best.encoding).name)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    text = normalise_newlines(text.lstrip("\ufeff"))
    if _looks_binary(text):
        raise UnreadableFile("binary content: control characters where text should be")
    if not text.strip():
        raise UnreadableFile("empty file: no text to read")
    return text, encoding
