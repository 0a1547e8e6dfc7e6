"""Whose figure is it: the organisation unit a sentence is about, carried through a paragraph.

A unit named as the subject of a sentence ("Specialist Crime has been allocated a budget",
"In the same year SCD was also required") owns the figures in it and stays the topic of
its paragraph for the sentences that refer back ("This is around 12% of ...", "The OCU
has improved ..."). A unit named only as the object of a preposition ("under the command
of Territorial Policing", "as is the case for Transport OCU", "12% of the overall MPS
budget") owns nothing. A sentence in the first person ("We have also received £9.8m")
speaks for the report's own organisation.

>>> reader = TopicReader(default="MPS")
>>> reader.read("Specialist Crime has been allocated a budget of £382m.")
>>> reader.read("This is around 12% of the overall MPS budget.")
>>> reader.topic()
'SCD'
>>> reader.read("We have also received £9.8m funding.")
>>> reader.topic()
'MPS'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from pipelines.extraction.memo import per_report
from pipelines.extraction.scope import ScopeMention, find_scope_mentions, units_in
from pipelines.extraction.vocab import load_lines

_ARTICLES = frozenset({"the", "a", "an", "its", "their", "our", "overall", "total", "whole", "entire"})
# An opening adverbial before the subject: "In the same year SCD", "At the end of the
# financial year 2006/07, Specialist Crime", "As of April 2006 the MPS".
_LEAD = re.compile(
    r"^[\W\d]*(?:(?:in|during|at|by|as\s+(?:of|at)|over|for|following|since|after|before|"
    r"similarly|however|also|overall|additionally|furthermore|currently|recently)\b"
    r"(?:[^,;.]{0,60},\s*|(?:\s+[\w/'’-]+){0,4}\s+))?(?:the\s+)?$",
    re.I,
)
_FIRST_PERSON = re.compile(r"^\W*(?:we|our|us)\b", re.I)


@cache
def _object_prepositions() -> frozenset[str]:
    return frozenset(w.lower() for w in load_lines("object_prepositions.txt"))


def _word_before(text: str, start: int) -> str:
    """The word before `start`, skipping articles and determiners ("of the overall MPS")."""
    words = re.findall(r"[A-Za-z]+|\d[\d,./]*|[,;:()]", text[max(0, start - 60) : start])
    while words and words[-1].lower() in _ARTICLES:
        words.pop()
    return words[-1].lower() if words else ""


def is_object(sentence: str, mention: ScopeMention) -> bool:
    """True when a unit is named as the object of a preposition, or joined to one by 'and'.

    >>> s = "units that came under the command of Territorial Policing and Specialist Operations"
    >>> [is_object(s, m) for m in find_scope_mentions(s)]
    [True, True]
    >>> s = "the MPS has delivered 630 Safer Neighbourhoods teams"
    >>> [is_object(s, m) for m in find_scope_mentions(s)]
    [False, False]
    """
    before = _word_before(sentence, mention.start)
    if before in _object_prepositions():
        return True
    if before in {"and", "or", ","}:
        earlier = [m for m in find_scope_mentions(sentence) if m.end <= mention.start]
        if earlier and re.fullmatch(
            r"[\s,]*(?:and|or)?\s*(?:the\s+)?", sentence[earlier[-1].end : mention.start], re.I
        ):
            return is_object(sentence, earlier[-1])
    return False


@per_report
def owner_of(sentence: str) -> str | None:
    """The unit named as the subject of the sentence, if any (cached: a paragraph's topic
    is asked of its sentences again for each figure, and reports repeat sentences).

    >>> owner_of("In the same year SCD was also required to give up £7.5m.")
    'SCD'
    >>> owner_of("Over £7 million was allocated from the TP contingency fund.") is None
    True
    >>> owner_of("The MPS directorate of forensic services (DFS) is restructuring its SMT.")
    'Forensic Services'

    """
    mentions = units_in(sentence)
    for index, mention in enumerate(mentions):
        if not _LEAD.match(sentence[: mention.start]) or is_object(sentence, mention):
            break
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if following and re.fullmatch(r"\s+", sentence[mention.end : following.start]):
            # "The MPS directorate of forensic services (DFS) is ...": the later name is the unit.
            return following.name
        return mention.name
    return None


def nearest_unit_before(sentence: str, start: int, low: int = 0) -> str | None:
    """The last unit named in sentence[low:start] that is not a prepositional object.

    >>> s = "The Directorate is achieving the MPS female police officer target of 20%."
    >>> nearest_unit_before(s, s.index("20%"))
    'MPS'
    """
    candidates = [m for m in units_in(sentence) if low <= m.start and m.end <= start]
    for mention in reversed(candidates):
        if not is_object(sentence, mention):
            return mention.name
    return None


@dataclass
class TopicReader:
    """Reads a paragraph sentence by sentence; says which unit the last sentence is about.

    The subject of the sentence, else the subject of the nearest sentence before it in
    the paragraph, unless a sentence in the first person comes between (then the report's
    own organisation). Worked out only when asked, so sentences without figures cost
    nothing; `fallback`, when given, works out the default only if it is needed.
    """

    default: str | None = None
    fallback: Callable[[], str | None] | None = None
    _sentences: list[str] = field(default_factory=list)

    def read(self, sentence: str) -> None:
        self._sentences.append(sentence)

    def topic(self) -> str | None:
        for sentence in reversed(self._sentences):
            owner = owner_of(sentence)
            if owner:
                return owner
            if _FIRST_PERSON.match(sentence):
                break
        return self.fallback() if self.fallback is not None else self.default


def unit_after(sentence: str, end: int) -> str | None:
    """A unit the figure is given to, named right after it: '£40m for Operation Trident'.

    >>> s = "The SCD budget of £382m includes £40m for Operation Trident."
    >>> unit_after(s, s.index("£40m") + 4)
    'Trident'
    """
    tail = sentence[end : end + 80]
    link = re.match(r"\s+(?:for|to|on)\s+(?:the\s+)?", tail)
    if not link:
        return None
    named = [m for m in units_in(tail) if m.start == link.end()]
    return named[0].name if named else None
