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
    # Searched in place: `endpos` ends the text for the look-ahead as a copy would.
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group("mark") == "." and _is_abbreviation(text, match.start("mark")):
            continue
        gap_start = match.start("gap")
        if gap_start > pos:
            spans.append((pos, gap_start))
        pos = match.end("gap")
    if end > pos:
        spans.append((pos, end))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        piece = text[s:e]
        kept = piece.strip()  # the same white space as `str.isspace`
        if kept:
            first = s + len(piece) - len(piece.lstrip())
            out.append((first, first + len(kept)))
    return out
