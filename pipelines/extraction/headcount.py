"""What a figure counts when it counts people: the noun after it, the group before it.

A count is a headcount when the people it counts are named right beside it ("3,800
volunteers", "630 sergeants, 915 constables and 1,461 PCSOs"), when a group noun before
it is tied to it ("a workforce of just under 50,000", "the strength was 31,388"), when it
counts people trained ("over 2,500 sergeants having received training"), or when it
describes what a unit is made of ("consists of 27 major investigation teams", "crewed by
two suitably experienced officers"). Counts that only mention people are not
headcounts: "the attempted murder of three police officers", "over 2,000 delegates",
"per 1,000 officers".

>>> s = "with 630 sergeants, 915 constables and 1,461 police community support officers"
>>> [count_measure(s, q) for q in find_quantities(s)]
['police_officers', 'police_officers', 'pcsos']
>>> s = "Over 3,000 police and partners have received formal problem-solving training"
>>> count_measure(s, find_quantities(s)[0])
'officers_trained'
>>> s = "A man was convicted for the attempted murder of three police officers."
>>> count_measure(s, find_quantities(s)[0]) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pipelines.extraction.lexicon import TermHit, alternation, find_terms
from pipelines.extraction.memo import per_report
from pipelines.extraction.needles import Guarded
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.vocab import load_lines

TERMS = "workforce_terms.csv"
_APPROX = (
    r"(?:(?:just\s+)?(?:under|over|about|around|nearly|almost|approximately|some|more\s+than"
    r"|fewer\s+than|less\s+than|in\s+excess\s+of|a\s+total\s+of|an\s+additional|a\s+further"
    r"|just)\s+)*"
)
# A group noun tied to the figure after it: "a workforce of just under 50,000", "the
# strength was 31,388", "MSC numbers from 1,100", "target strength for police officers
# for March 2009 is 32,930".
_LINKER = re.compile(
    r"(?:\bof|\bwas|\bis|\bwere|\bare|\bat|\bto|\bfrom|\btowards|\breached|\bstood\s+at"
    rf"|\btotall(?:ed|ing)|\bnumbered|:)\s+{_APPROX}$",
    re.I,
)
# What may stand between a group noun and its figure: "(MSC) numbers from", "target of",
# "for March 2009 is", "trained to use forensic tagging to just under".
_GROUP_GAP = re.compile(
    r"^\s*(?:\([A-Z]{2,6}\)\s*)?(?:(?:numbers?|strength|target|establishment|headcount|total)\s+)?"
    r"(?:trained(?:\s+[\w-]+){0,4}\s+)?(?:(?:for|in|at|by)\s+(?:[\w/-]+\s+){1,3})?"
    r"(?:has\s+|had\s+|have\s+|now\s+|currently\s+|recently\s+)?(?:,\s*)?(?:(?:up|down)\s+)?"
    r"(?:(?:rose|risen|fell|fallen|increased|decreased|grew|grown|dropped|reached|stood|stands"
    r"|totalled)\s+)?" + _LINKER.pattern,
    re.I,
)
# "N <people> have received ... training": up to four more words of the noun phrase
# ("/developers from 160 units"), an optional auxiliary, a verb of taking a course.
_TRAINED_AFTER = re.compile(
    r"^(?:(?:\s+(?:and\s+|or\s+)?|/)[\w'’,-]+){0,4}?\s*"
    r"(?:(?:have|has|had|having|were|was)\s+(?:now\s+|already\s+|also\s+|all\s+|successfully\s+)?"
    r"(?:been\s+)?)?"
    r"(?:received|undertaken|undertook|completed|attended|undergone|underwent|passed|trained"
    r"|been\s+trained)\b(?P<rest>[^.;]{0,60})",
    re.I,
)
_TRAINING_BEFORE = re.compile(rf"\b(?:trained|training|train|trains)\s+{_APPROX}$", re.I)
_TRAINING_FOR = re.compile(rf"\btraining\b[^.;]{{0,90}}\bfor\s+{_APPROX}$", re.I)
_GENERIC = frozenset({"workforce", "work force", "strength", "staff", "personnel", "officer", "officers"})
_REGULARS = re.compile(r"\b(?:police\s+officers?|constables?|sergeants?|inspectors?)\b", re.I)
_PER = re.compile(r"\bper\s+$", re.I)
_TEAM_ACRONYM = re.compile(r"^[A-Z]{1,6}Ts$")
_SPACED_THOUSANDS = re.compile(r"^\s\d{3}\b")


@per_report
def people_terms(text: str) -> tuple[TermHit, ...]:
    """Workforce nouns in `text` ("police officers", "PCSOs", "workforce"), cached."""
    return tuple(find_terms(TERMS, text))


def people_terms_before(sentence: str, end: int) -> tuple[TermHit, ...]:
    """`people_terms(sentence[:end])`, read off the whole sentence's terms when cutting the
    text there cannot change them: no term runs across `end`, and what follows `end` does
    not end a word (so a term ending there ends it in the cut text too).

    >>> s = "The target for police officers is 32,930."
    >>> people_terms_before(s, s.index("32")) == people_terms(s[: s.index("32")])
    True
    """
    hits = people_terms(sentence)
    follower = sentence[end : end + 1]
    if (follower.isalnum() or follower == "_") or any(h.start < end < h.end for h in hits):
        return people_terms(sentence[:end])
    return tuple(h for h in hits if h.end <= end)


@cache
def _composition_pattern() -> re.Pattern[str]:
    cue = _phrases("workforce_composition.txt").pattern
    return re.compile(rf"({cue})\s+{_APPROX}$", re.I)


@cache
def _phrases(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(load_lines(name))})\b", re.I)


@cache
def _guarded_phrases(name: str) -> Guarded:
    """`_phrases(name)`, run only on texts holding a word it needs."""
    return Guarded(_phrases(name))


@cache
def _guarded_composition() -> Guarded:
    return Guarded(_composition_pattern())


@cache
def _words_of(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in load_lines(name))


def _noun_after(sentence: str, quantity: Quantity, hits: list[TermHit]) -> TermHit | None:
    """The people noun the figure counts: within three words after it, no punctuation between."""
    after = next((h for h in hits if h.start >= quantity.end), None)
    if after is None or after.start - quantity.end > 40:
        return None
    gap = sentence[quantity.end : after.start]
    if re.search(r"[.;:,()%£\d]", gap) or len(gap.split()) > 3:
        return None
    if _PER.search(sentence[: after.start]):
        return None
    follower = re.match(r"\s*([A-Za-z]+)", sentence[after.end :])
    if follower and follower.group(1).lower() in _words_of("workforce_non_heads.txt"):
        return None
    return after


def _is_coordinated(sentence: str, hit: TermHit, hits: list[TermHit]) -> bool:
    """'3,744 officers and PCSOs', 'police officers and police staff': two groups, one count."""
    following = next((h for h in hits if h.start > hit.end), None)
    if following is None or following.value == hit.value:
        return False
    return re.fullmatch(r"\s*(?:and|or|&)\s+", sentence[hit.end : following.start]) is not None


def _team_after(sentence: str, quantity: Quantity) -> bool:
    """'27 major investigation teams', 'four dedicated MIT teams', '19 CAITs', 'two MITs'."""
    match = re.match(r"(?:\s+[\w-]+){1,4}", sentence[quantity.end :])
    if not match:
        return False
    for noun in match.group(0).split():
        if noun.lower() in _words_of("workforce_team_nouns.txt") or _TEAM_ACRONYM.match(noun):
            return True
        if re.search(r"\d", noun):
            return False
    return False


_THERE_ARE = re.compile(r"\bthere\s+(?:is|are|were|was)\b", re.I)


def _composition_cue(sentence: str, quantity: Quantity, low: int) -> str | None:
    """The phrase before a count that says a unit is made of it, if any."""
    before = sentence[low : quantity.start]
    match = _guarded_composition().search(before[-60:])
    if match:
        return match.group(1).lower()
    if _THERE_ARE.search(before):
        return "there are"
    return None


def _is_incident(sentence: str, quantity: Quantity) -> bool:
    """'12 officers were injured', 'Assaults on 45 officers': people in an incident."""
    around = sentence[max(0, quantity.start - 25) : quantity.end + 45]
    return _guarded_phrases("workforce_not_headcount.txt").search(around) is not None


_PREPOSITION_END = re.compile(r"\b(?:from|of|in|across|at|on|by)\s+$")
_TRAIN_OR_COURSE = re.compile(r"train|course", re.I)


_TRAINED_NEXT = re.compile(r"\s*trained\b")


def _trained(sentence: str, quantity: Quantity, noun_end: int) -> bool:
    """People counted as trained: 'N <people> have received ... training', 'trained N officers'."""
    before = sentence[: quantity.start]
    if _TRAINING_BEFORE.search(before) or _TRAINING_FOR.search(before):
        return True
    after = _TRAINED_AFTER.match(sentence[noun_end:])
    if after and not _PREPOSITION_END.search(before):
        verb = after.group(0)
        return "train" in verb.lower() or _TRAIN_OR_COURSE.search(after.group("rest")) is not None
    return _TRAINED_NEXT.match(sentence[noun_end:]) is not None


_PLURAL_NOUN = re.compile(r"\s+(?:[A-Za-z][\w/'’-]*\s+){0,3}?[A-Za-z][\w/'’-]*s\b")


def _plain_noun_end(sentence: str, quantity: Quantity) -> int | None:
    """End of the plural noun phrase after a figure ('361 policy managers/developers')."""
    match = _PLURAL_NOUN.match(sentence[quantity.end :])
    return quantity.end + match.end() if match else None


def _group_before(sentence: str, quantity: Quantity, hits: list[TermHit], low: int) -> TermHit | None:
    """A group noun before the figure and tied to it by 'of', 'was', 'to', 'from' ..."""
    before = [h for h in hits if low <= h.start and h.end <= quantity.start]
    if not before:
        return None
    hit = before[-1]
    gap = sentence[hit.end : quantity.start]
    if not _GROUP_GAP.match(gap) or find_quantities(gap):
        return None
    if re.search(r"\bper\s+[\d,]+\s+$", sentence[: hit.start]):
        # "the number of ongoing claims per 1,000 officers was 1.35" is a rate.
        return None
    return hit


@dataclass(frozen=True, slots=True)
class _Count:
    """A count with what the strategies look at."""

    sentence: str
    quantity: Quantity
    hits: list[TermHit]
    noun: TermHit | None  # the people noun right after the figure
    cue: str | None  # a composition cue right before it ("consists of")
    low: int  # start of the figure's clause
    topic: str | None  # a specific group the passage is about


def _people_trained(count: _Count) -> str | None:
    """'over 2,500 sergeants having received training', 'trained 391 police officers'."""
    plain_end = _plain_noun_end(count.sentence, count.quantity)
    if count.noun is None and plain_end is None:
        return None
    noun_end = count.noun.end if count.noun else (plain_end or count.quantity.end)
    return "officers_trained" if _trained(count.sentence, count.quantity, noun_end) else None


def _spelled_out_outside_make_up(count: _Count) -> str | None:
    """Spelled-out numbers count people only in a unit's make-up ('crewed by two officers');
    elsewhere ('the attempted murder of three police officers') they end the reading."""
    if count.quantity.kind == "word" and (count.cue is None or count.quantity.value < 2):
        return _STOP
    return None


def _teams_of_a_unit(count: _Count) -> str | None:
    """'Homicide command currently consists of 27 major investigation teams (MITs)'."""
    if count.cue and count.cue != "there are" and _team_after(count.sentence, count.quantity):
        return "other"
    return None


def _people_named_after(count: _Count) -> str | None:
    noun, sentence, hits = count.noun, count.sentence, count.hits
    if noun is None:
        return None
    if count.cue in _words_of("workforce_team_size.txt"):
        return "team_size"
    if _is_coordinated(sentence, noun, hits):
        return "total_workforce"
    if re.match(r"\s+(?:and|or|&)\s+(?:other\s+)?[a-z]+s\b", sentence[noun.end :]):
        # "5,500 MPS staff and stakeholders became involved": not a headcount.
        return _STOP
    if _is_total(sentence, count.quantity, hits):
        return "total_workforce"
    if (
        count.topic
        and noun.term.lower() in {"officers", "officer"}
        and not _REGULARS.search(sentence[: count.quantity.start])
    ):
        # "The growth in MSC numbers from 1,100 towards 4,000 by 2008, projects over 2,000
        # officers": in a passage about special constables, officers are specials.
        return count.topic
    return _refined(sentence, noun, hits)


def _group_named_before(count: _Count) -> str | None:
    if count.quantity.kind == "word":
        return None
    group = _group_before(count.sentence, count.quantity, count.hits, count.low)
    if group is None or group.value in {"other", "recruits"}:
        return None
    if re.search(r"\btrained\b", count.sentence[group.end : count.quantity.start]):
        return "officers_trained"
    return _refined(count.sentence, group, count.hits, count.quantity.end)


_STOP = "-"  # a strategy's verdict that the figure is not a headcount
_STRATEGIES: tuple[Callable[[_Count], str | None], ...] = (
    _people_trained,
    _spelled_out_outside_make_up,
    _teams_of_a_unit,
    _people_named_after,
    _group_named_before,
)


def _not_a_headcount(sentence: str, quantity: Quantity, low: int) -> bool:
    """Rates ('per 1,000 officers'), '200 000' written with a space, selection outcomes
    and incidents ('12 officers were injured')."""
    return (
        quantity.unit != "count"
        or quantity.kind not in {"number", "range", "word"}
        or quantity.value < 1
        or _PER.search(sentence[: quantity.start]) is not None
        or _SPACED_THOUSANDS.match(sentence[quantity.end :]) is not None
        or _guarded_phrases("workforce_selection.txt").search(sentence[low:]) is not None
        or _is_incident(sentence, quantity)
    )


def count_measure(sentence: str, quantity: Quantity, low: int = 0, topic: str | None = None) -> str | None:
    """The workforce measure a count belongs to, or None when it does not count the workforce.

    `low` is where the figure's clause starts; `topic` a specific group the sentences
    before named ("special_constables"), which a bare "officers" takes on. Strategies are
    tried in order; the first verdict wins.
    """
    if _not_a_headcount(sentence, quantity, low):
        return None
    hits = list(people_terms(sentence))
    count = _Count(
        sentence,
        quantity,
        hits,
        _noun_after(sentence, quantity, hits),
        _composition_cue(sentence, quantity, low),
        low,
        topic,
    )
    for strategy in _STRATEGIES:
        verdict = strategy(count)
        if verdict:
            return None if verdict == _STOP else verdict
    return None


def compound(sentence: str, hit: TermHit, hits: list[TermHit]) -> TermHit:
    """A generic group noun with a specific one before it: 'police staff strength'."""
    if hit.term.lower() not in _GENERIC:
        return hit
    before = next((h for h in reversed(hits) if h.end <= hit.start), None)
    if before and re.fullmatch(r"\s*", sentence[before.end : hit.start]) and before.term.lower() not in _GENERIC:
        return before
    return hit


def _refined(sentence: str, hit: TermHit, hits: list[TermHit], after: int | None = None) -> str:
    """A generic group made specific: 'workforce target of 3,137 for police officers'."""
    hit = compound(sentence, hit, hits)
    if hit.term.lower() not in _GENERIC:
        return hit.value
    start = hit.end if after is None else after
    tail = re.match(
        r"\s*(?:target|targets|establishment|strength|numbers)?\s*(?:for|of)\s+(?:the\s+)?",
        sentence[start:],
    )
    if tail:
        specific = next((h for h in hits if h.start == start + tail.end()), None)
        if specific and specific.term.lower() not in _GENERIC:
            return specific.value
    return hit.value


def _is_total(sentence: str, quantity: Quantity, hits: list[TermHit]) -> bool:
    """'one sergeant, two police constables and three PCSOs, a total of 1,710 officers'."""
    if not re.search(r"\ba\s+total\s+of\s+$", sentence[: quantity.start], re.I):
        return False
    return len({h.value for h in hits if h.end <= quantity.start and h.value != "other"}) >= 2
