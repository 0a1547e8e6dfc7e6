"""Looking words up around a figure: the vocabulary files, matched as whole words.

Extractors ask the same questions of the words near a figure: which budget measure is
named just before it, is this about seized cash, which workforce group is counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from pipelines.extraction.needles import Guarded, prefix_tree
from pipelines.extraction.vocab import load_lines, load_mapping


@dataclass(frozen=True, slots=True)
class TermHit:
    term: str
    value: str
    start: int
    end: int


def phrase_key(text: str) -> str:
    """A phrase as vocabulary files key it: lower case, white space collapsed.

    >>> phrase_key("  Police\u00a0 Staff ")
    'police staff'
    """
    return " ".join(text.lower().split())


def alternation(phrases: Iterable[str], spaces: str = r"\s+") -> str:
    """Phrases as one alternation of a pattern, longest first (so that "police staff" is
    tried before "police"), each space matching `spaces`.

    >>> print(alternation(["met", "met police"]))
    met\\s+police|met
    """
    return "|".join(re.escape(p).replace(r"\ ", spaces) for p in sorted(phrases, key=len, reverse=True))


_Tree = dict[str, "_Tree"]


def word_tree(words: Iterable[str]) -> str:
    """Words as one alternation shaped as a tree of their prefixes, which the regular
    expression engine walks a character at a time instead of trying each word in turn.
    Followed by a word boundary, it matches what `alternation` of the same words does:
    at any position at most one word made of word characters ends where the run of word
    characters does.

    >>> word_tree(["six", "sixty", "seven"])
    's(?:even|ix(?:ty)?)'
    """
    tree = prefix_tree(words)

    def emit(node: _Tree) -> str:
        branches = [re.escape(c) + emit(child) for c, child in sorted(node.items()) if c]
        ends = "" in node
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if ends else group

    return emit(tree)


@cache
def word_table(name: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """A two-column vocabulary file as a pattern of its phrases (whole words, any case) and
    the mapping from each phrase (`phrase_key`) to its value."""
    mapping = load_mapping(name)
    return re.compile(rf"\b(?:{alternation(mapping)})\b", re.I), mapping


@cache
def _term_pattern(name: str) -> tuple[Guarded, dict[str, str]]:
    mapping = load_mapping(name)
    alternatives = alternation(mapping, r"[\s-]+")
    return Guarded(re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])", re.I)), mapping


@cache
def _phrase_pattern(name: str) -> Guarded:
    alternatives = alternation(load_lines(name), r"\ ")
    return Guarded(re.compile(rf"(?<![\w])(?:{alternatives})", re.I))


_SEPARATORS = re.compile(r"[\s-]+")


def find_terms(name: str, text: str) -> list[TermHit]:
    """Hits of a term->value vocabulary file in `text`, leftmost first, longest first."""
    pattern, mapping = _term_pattern(name)
    hits = []
    for match in pattern.finditer(text):
        term = " ".join(_SEPARATORS.split(match.group(0).lower()))
        value = mapping.get(term) or mapping.get(match.group(0).lower()) or ""
        if not value:
            for key, candidate in mapping.items():
                if " ".join(re.split(r"[\s-]+", key)) == term:
                    value = candidate
                    break
        hits.append(TermHit(match.group(0), value, match.start(), match.end()))
    return hits


def has_phrase(name: str, text: str) -> bool:
    return _phrase_pattern(name).search(text) is not None


def nearest_before(hits: list[TermHit], position: int, window: int) -> TermHit | None:
    before = [h for h in hits if h.end <= position and position - h.end <= window]
    return before[-1] if before else None


def nearest_after(hits: list[TermHit], position: int, window: int) -> TermHit | None:
    after = [h for h in hits if h.start >= position and h.start - position <= window]
    return after[0] if after else None


def clause_of(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): cut at semicolons, colons and ', and'/', but'.

    >>> s = "It rose by 2%; but the rate fell to 9%."
    >>> a, b = clause_of(s, s.index("9%"), s.index("9%") + 2); s[a:b]
    ' but the rate fell to 9%.'
    """
    left = max(sentence.rfind(";", 0, start), sentence.rfind(":", 0, start))
    # White space of any kind after the comma: a hard-wrapped line may break there.
    for marker in _CLAUSE_LEFT.finditer(sentence, 0, start):
        left = max(left, marker.start())
    rights = [i for i in (sentence.find(";", end),) if i != -1]
    following = _CLAUSE_RIGHT.search(sentence, end)
    if following:
        rights.append(following.start())
    right = min(rights) if rights else len(sentence)
    return left + 1, right


_CLAUSE_LEFT = re.compile(r",\s+(?:and|but|while|whilst|although)\s")
_CLAUSE_RIGHT = re.compile(r",\s+(?:and|but)\s")
