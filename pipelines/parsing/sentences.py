"""Sentence spans inside a block, so a fact can point at the sentence that holds it.

>>> text = "Forensic Services attended 118,221 crime scenes. This gave a rate of 22.1%. See e.g. MPS."
>>> [text[s:e] for s, e in split_sentences(text, 0, len(text))]
['Forensic Services attended 118,221 crime scenes.', 'This gave a rate of 22.1%.', 'See e.g. MPS.']
"""

from __future__ import annotations

import re

# A full stop, question or exclamation mark (with closing quotes or brackets) followed by
# white space and something that can open a sentence. The mark is matched, not looked
# behind for: a pattern opening with a class of characters is only tried where one stands.
_BOUNDARY = re.compile(r"(?P<mark>[.!?])['\"”’)\]]*(?P<gap>\s+)(?=[\"“‘'(£]?[A-Z0-9£•])")
_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "etc",
        "no",
        "nos",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "approx",
        "vs",
        "cf",
        "co",
        "ltd",
        "sgt",
        "insp",
        "supt",
        "ch",
        "det",
        "con",
        "dc",
        "pc",
        "p.a",
        "op",
        "ops",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "fig",
        "para",
        "paras",
        "ref",
        "vol",
        "hon",
        "rt",
        "cllr",
        "u.k",
        "a.m",
        "p.m",
    }
)


_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` ends an abbreviation ("e.g.", "No.") or an initial."""
    word = _LAST_WORD.search(text[max(0, dot - 12) : dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return True
    # A single capital letter followed by a full stop is an initial ("J. Smith").
    return len(token) == 1 and text[dot - 1].isupper()


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences in text[start:end], trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    pos = start
    segment = text[start:end]
    for match in _BOUNDARY.finditer(segment):
        gap_start = start + match.start("gap")
        dot = start + match.end("mark")
        while dot > start and text[dot - 1] in "'\"”’)]":
            dot -= 1
        if text[dot - 1 : dot] == "." and _is_abbreviation(text, dot - 1):
            continue
        if gap_start > pos:
            spans.append((pos, gap_start))
        pos = start + match.end("gap")
    if end > pos:
        spans.append((pos, end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
