"""Percentages about the workforce: female and BME shares, recruits, changes in strength.

A percentage is workforce when the sentence says whose share it is ("BME officers
accounted for 8.2% of the work force and females 21.4%", "There are currently 26.2% BME
police staff"), when it is a share of recruits or an intake ("a minimum 20% BME
representation within each new intake"), when it changes a group's strength ("police
staff strength by 17%"), or when it refers back to the groups of the sentence before
("This compares with 3.4% and 15.2% ten years ago"). Shares of a population ("47% of
the UK's black and minority ethnic population") and selection rates ("50% of female
officers who applied passed") are not.

>>> from pipelines.extraction.numbers import find_quantities
>>> s = "BME officers accounted for 8.2% of the workforce and females 21.4%."
>>> [share_measure(s, q, (0, len(s)), GroupMemory(), i) for i, q in enumerate(find_quantities(s))]
['bme_officers', 'female_officers']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipelines.extraction.headcount import compound, people_terms
from pipelines.extraction.memo import per_report
from pipelines.extraction.needles import Guarded
from pipelines.extraction.numbers import Quantity
from pipelines.extraction.vocab import load_lines

_DIVERSITY = Guarded(
    re.compile(
        r"\b(?P<group>females?|wom[ae]n|BME|black\s+(?:and\s+)?minority\s+ethnic|minority\s+ethnic"
        r"|ethnic\s+minority)\b",
        re.I,
    )
)
_STAFF_WORDS = Guarded(re.compile(r"\b(?:staff|civil\w*|employees)\b", re.I))
_OFFICER_WORDS = Guarded(re.compile(r"\b(?:officers?|constables?|sergeants?|police\s+officers?)\b", re.I))
# A diversity share is about the workforce only when the sentence says whose share it is.
_WORKFORCE_CONTEXT = Guarded(
    re.compile(
        r"\b(?:officers?|staff|work\s?force|strength|recruit\w*|intake|constables?|representation"
        r"|employees|personnel)\b",
        re.I,
    )
)
_RECRUITS = Guarded(re.compile(r"\b(?:recruit\w*|intake|new\s+entrants)\b", re.I))
# Sentences that refer back to the groups of the sentence before: "This compares with 3.4%
# and 15.2% ten years ago", "The figure ... has moved upwards to 4.7%".
_REFERS_BACK = Guarded(
    re.compile(
        r"\b(?:compares?|compared|respectively)\b"
        r"|^\W*(?:the|this)\s+(?:figure|proportion|percentage|rate|number|level)\b|^\W*(?:this|it)\b",
        re.I,
    )
)
# "police officer strength has grown by 48%", "and police staff strength by 17%".
_STRENGTH_CHANGE = re.compile(
    r"^\s*(?:strength|numbers|establishment|headcount)\s*(?:has\s+|have\s+)?"
    r"(?:grown|increased|risen|rose|grew|fallen|fell|decreased|reduced|dropped|declined)?\s*by\s+$",
    re.I,
)
SPECIFIC_GROUPS = frozenset({"special_constables", "pcsos", "volunteers"})


@dataclass
class GroupMemory:
    """The groups a paragraph has been talking about, for the sentences that refer back.

    Sentences without figures are `defer`red and read for their groups only when a
    figure after them needs the memory (`catch_up`): most paragraphs end without one.
    """

    diversity: list[str] = field(default_factory=list)
    base: str | None = None  # "officers" or "staff"
    group: str | None = None  # a specific group a bare "officers" stands for
    unread: list[str] = field(default_factory=list)

    def defer(self, sentence: str) -> None:
        self.unread.append(sentence)

    def catch_up(self) -> None:
        for sentence in self.unread:
            self.remember(sentence, [])
        self.unread.clear()

    def remember(self, sentence: str, measures: list[str]) -> None:
        named = _groups_named(sentence)
        if named is None:
            return
        share, group, base = named
        shares = [m for m in measures if m.startswith(("female", "bme"))]
        if shares:
            self.diversity = shares
        elif share is not None:
            self.diversity = [share]
        if group is not None:
            self.group = group
        if base is not None:
            self.base = base


@per_report
def _groups_named(sentence: str) -> tuple[str | None, str | None, str | None] | None:
    """What `GroupMemory.remember` takes from a sentence itself: the diversity share it
    names in a workforce setting, the last specific group, the base ("officers" or
    "staff") it names; None when it names neither people nor a diversity group. Cached:
    every report of a series repeats most of its sentences.

    >>> _groups_named("We are short of the target for BME police officers.")
    ('bme_officers', None, 'officers')
    >>> _groups_named("Crime fell.") is None
    True
    """
    hits = people_terms(sentence)
    named = _DIVERSITY.search(sentence)
    if not hits and not named:
        return None
    share = None
    if named and _WORKFORCE_CONTEXT.search(sentence):
        # "We are falling short of the target for black and minority ethnic police officers."
        share = _share_name(named, diversity_base(sentence[named.end() :]))
    groups = [h.value for h in hits if h.value in SPECIFIC_GROUPS]
    base = diversity_base(sentence) if _STAFF_WORDS.search(sentence) or _OFFICER_WORDS.search(sentence) else None
    return share, groups[-1] if groups else None, base


@cache
def _selection() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in load_lines("workforce_selection.txt"))
    return re.compile(rf"\b(?:{words})\b", re.I)


@cache
def _guarded_selection() -> Guarded:
    return Guarded(_selection())


def is_selection(text: str) -> bool:
    """True for outcomes of applying or selection: 'who applied passed final selection'."""
    return _guarded_selection().search(text) is not None


def diversity_base(*texts: str | None) -> str:
    """'officers' or 'staff': the first text that names either decides.

    >>> diversity_base("BME strength has remained at 21%", "the number of BME staff has increased")
    'staff'
    """
    for text in texts:
        if not text:
            continue
        staff = [m.start() for m in _STAFF_WORDS.finditer(text)]
        officers = [m.start() for m in _OFFICER_WORDS.finditer(text)]
        if staff or officers:
            return "staff" if staff and (not officers or min(staff) < min(officers)) else "officers"
    return "officers"


def _share_name(group: re.Match[str], base: str) -> str:
    kind = "female" if group.group("group").lower().startswith(("fem", "wom")) else "bme"
    return f"{kind}_{base}"


def _group_of(groups: list[re.Match[str]], start: int, end: int, text: str) -> re.Match[str]:
    """The group a share is of: named right after it ("20% BME representation"), else the
    last named before it ("BME officers ... 8.2% ... and females 21.4%"), else the next."""
    after = [g for g in groups if g.start() >= end]
    if after and re.fullmatch(r"\s*(?:\w+\s+)?", text[end : after[0].start()]):
        return after[0]
    before = [g for g in groups if g.end() <= start]
    return before[-1] if before else after[0] if after else groups[0]


def share_measure(
    sentence: str, quantity: Quantity, segment: tuple[int, int], memory: GroupMemory, order: int
) -> str | None:
    """The workforce measure of a percentage in `segment`, or None.

    `order` is the figure's position among the percentages of its segment, so that
    "3.4% and 15.2%" take the first and second groups remembered.
    """
    low, high = segment
    text = sentence[low:high]
    in_workforce = _WORKFORCE_CONTEXT.search(sentence) is not None
    if (not in_workforce and not memory.diversity) or is_selection(text):
        return None
    groups = list(_DIVERSITY.finditer(text))
    if _RECRUITS.search(text) and (groups or re.search(r"\brecruit", text, re.I)):
        return "recruits"
    if groups and in_workforce:
        group = _group_of(groups, quantity.start - low, quantity.end - low, text)
        return _share_name(group, diversity_base(text[group.start() :], sentence, memory.base))
    hits = list(people_terms(sentence))
    strength = next((h for h in reversed(hits) if low <= h.start and h.end <= quantity.start), None)
    generic = strength is not None and strength.term.lower() in {"strength", "workforce"}
    gap = sentence[strength.end : quantity.start] if strength else ""
    if (
        strength
        and strength.value not in {"other", "recruits"}
        and (_STRENGTH_CHANGE.match(gap) or (generic and _STRENGTH_CHANGE.match("strength" + gap)))
    ):
        return compound(sentence, strength, hits).value
    if memory.diversity and _REFERS_BACK.search(text if low else sentence):
        return memory.diversity[order % len(memory.diversity)]
    return None
