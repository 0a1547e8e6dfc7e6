"""Which organisation unit a figure is about: its clause, its sentence, the sentences
before it in the same block, its section, or the report's own subject.

Names and abbreviations live in `vocab/org_units.csv` (also the dbt seed behind
`dim_org_unit`) and `vocab/boroughs.txt`. Operations are recognised by their form
("Operation Tyrol", "Op Foist", "Project Servator") and other units by a capitalised
name ending in a unit noun from `vocab/unit_heads.txt` ("Closed Circuit Investigation
Unit", "Area Crime Command").

>>> find_scope_mentions("Trident have set themselves a measure")[0].name
'Trident'
>>> s = "The MPS achieved a rate of 18.02%, exceeding its target but below the MSF average of 21.52%."
>>> resolve_scope(s, (), "MPS", at=s.index("21.52")), resolve_scope(s, (), "MPS", at=s.index("18.02"))
('MSF average', 'MPS')
>>> resolve_scope("This gave a rate of 22.1%.", ("Performance",), "SCD")
'SCD'
>>> resolve_scope("They achieved a sanction detection rate of 22.5%.", (), "SCD", carried="Trafalgar")
'Trafalgar'
>>> resolve_scope("139 homicides were investigated by Homicide Command and 124 detected.", (), "SCD")
'Homicide Command'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pipelines.extraction.memo import per_report
from pipelines.extraction.needles import Guarded, scan
from pipelines.extraction.vocab import load_lines, load_rows

_SPACE = r"[\s\u00a0]+"


@dataclass(frozen=True, slots=True)
class ScopeMention:
    name: str
    start: int
    end: int
    kind: str


def _phrase_regex(phrase: str) -> str:
    """A vocabulary phrase as a pattern that survives line breaks, NBSP and curly quotes."""
    parts = [re.escape(word).replace("'", "['’]") for word in phrase.split()]
    return _SPACE.join(parts)


# "SCD6-led", "MPS-wide": a hyphen and a lower-case word still leave the name standing;
# "CO-ORDINATION" does not hold the abbreviation CO.
_LEFT = r"(?<![\w-])"
_RIGHT = r"(?![\w]|-[A-Z0-9])"


_WORD = re.compile(r"(?<![\w-])[\w&'’]+")


@cache
def _alias_index() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]], dict[str, tuple[str, str]]]:
    """The one-word aliases as one alternation, the longer names grouped by first word, and
    alias -> (name, kind).

    One-word aliases ("SCD", "Met", "Trident") match in their own case only, so the verb
    "met" is not the Met; names of several words match in any case ("homicide command").
    Grouping the longer names by their first word keeps the search to one look-up a word.
    """
    entries: dict[str, tuple[str, str]] = {}
    for row in load_rows("org_units.csv"):
        for alias in row["aliases"].split("|"):
            if alias:
                entries.setdefault(alias, (row["name"], row["kind"]))
    for borough in load_lines("boroughs.txt"):
        entries.setdefault(borough, (borough, "borough"))
    exact = sorted((a for a in entries if len(a.split()) == 1), key=len, reverse=True)
    body = "|".join(_phrase_regex(a) for a in exact) or "(?!x)x"
    by_first: dict[str, list[str]] = {}
    for alias in [a for a in entries if len(a.split()) > 1]:
        first = _WORD.match(alias)
        if first:
            by_first.setdefault(_key(first.group(0)), []).append(alias)
    loose = {
        first: re.compile(
            rf"(?:{'|'.join(_phrase_regex(a) for a in sorted(aliases, key=len, reverse=True))}){_RIGHT}", re.I
        )
        for first, aliases in by_first.items()
    }
    lookup = {_key(alias): value for alias, value in entries.items()}
    return re.compile(rf"{_LEFT}(?:{body}){_RIGHT}"), loose, lookup


@cache
def _first_words() -> re.Pattern[str]:
    """Where a word that opens a longer name may stand: a quick way to the words that
    `_loose_matches` looks up, instead of looking up every word of the text."""
    _, loose, _ = _alias_index()
    body = "|".join(re.escape(w).replace("'", "['’]") for w in sorted(loose, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w&'’])", re.I)


_RUN = re.compile(r"[\w&'’]+")


def _word_starts_at(text: str, start: int) -> bool:
    """Whether `_WORD.finditer(text)` yields a word starting at `start`, a place the
    look-behind allows: one that no word starting earlier in the same run swallows."""
    at = start - 1
    while at >= 0 and _RUN.match(text, at, at + 1):
        before = text[at - 1] if at else ""
        if not before or (before != "-" and before != "_" and not before.isalnum()):
            return False  # an earlier word starts at `at` and runs on over `start`
        at -= 1
    return True


@cache
def _loose_guards() -> tuple[frozenset[str], tuple[str, ...], dict[str, Guarded]]:
    """The first words of longer names that are plain words, the others ("mayor's"), and
    each first word's names as a guarded pattern."""
    _, loose, _ = _alias_index()
    plain = frozenset(k for k in loose if re.fullmatch(r"\w+", k))
    return plain, tuple(k for k in loose if k not in plain), {k: Guarded(p) for k, p in loose.items()}


def _may_name_loosely(text: str) -> bool:
    """False when no longer name can start in `text`: none of the first words is there, or
    the words its names go on with are not (most sentences name no unit this way)."""
    plain, others, guards = _loose_guards()
    facts = scan(text)
    for key in plain.intersection(facts.words):
        if guards[key].may_match(text):
            return True
    if others:
        lowered = facts.lowered.replace("’", "'")
        return any(key in lowered and guards[key].may_match(text) for key in others)
    return False


def _loose_matches(text: str, loose: dict[str, re.Pattern[str]]) -> Iterator[re.Match[str]]:
    """Longer names at the words of `text` that open one (looked up as `_WORD` reads them)."""
    if not _may_name_loosely(text):
        return
    for candidate in _first_words().finditer(text):
        start = candidate.start()
        run = _RUN.match(text, start)
        if run is None or not _word_starts_at(text, start):
            continue
        pattern = loose.get(run.group(0).lower().replace("’", "'"))
        if pattern is not None:
            found = pattern.match(text, start)
            if found:
                yield found


def _key(alias: str) -> str:
    return " ".join(alias.lower().replace("’", "'").split())


_OPERATION = re.compile(
    r"\b(?P<word>[Oo]peration|Op\.?|[Pp]roject)[\s\u00a0]+"
    r"(?P<name>[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:[\s\u00a0]+[A-Z][a-z]+)?(?:[\s\u00a0]+(?:\d|I{1,3}|IV)\b)?)"
)

# Words that open a capitalised phrase without naming anything: "The Unit", "At BOCU".
_NOT_A_NAME = (
    "The|This|That|These|Those|Each|Every|All|Our|Its|Their|A|An|Any|No|Some|Most|Both|Which|"
    "At|In|For|By|With|From|Within|Across|On|To|Of|And|Our|Your|His|Her|New|Local|Central|"
    "Borough|Force|Police|MPS|Met|TP|SCD|SO|CO|Business"
)


@cache
def _named_unit() -> re.Pattern[str]:
    heads = "|".join(_phrase_regex(h) for h in sorted(load_lines("unit_heads.txt"), key=len, reverse=True))
    word = rf"(?!(?:{_NOT_A_NAME})\b)[A-Z][\w&'’-]*"
    joiner = r"(?:and|of|&|for)"
    return re.compile(rf"{_LEFT}(?P<name>{word}(?:{_SPACE}(?:{word}|{joiner})){{0,4}}?{_SPACE}(?:{heads})){_RIGHT}")


@cache
def _named_force() -> re.Pattern[str]:
    """Other forces by their form: "Thames Valley Police", "Devon and Cornwall Constabulary"."""
    word = rf"(?!(?:{_NOT_A_NAME})\b)[A-Z][a-z]+"
    # Not "Independent Police Complaints Commission" or "Kent Police Authority".
    return re.compile(
        rf"{_LEFT}(?P<name>{word}(?:{_SPACE}(?:{word}|and|of)){{0,3}}?{_SPACE}(?:Police|Constabulary)){_RIGHT}"
        rf"(?!{_SPACE}(?:Authority|Authorities|Complaints|Federation|Commission|Committee|Board|College|Staff)\b)"
    )


@cache
def _operation_stopwords() -> frozenset[str]:
    return frozenset(w.lower() for w in load_lines("operation_stopwords.txt"))


@cache
def canonical_units() -> dict[str, str]:
    """Lower-cased alias -> canonical unit name, for matching scopes written differently."""
    out: dict[str, str] = {}
    for row in load_rows("org_units.csv"):
        out[row["name"].lower()] = row["name"]
        for alias in row["aliases"].split("|"):
            if alias:
                out[alias.lower()] = row["name"]
    return out


def _operations(text: str) -> list[ScopeMention]:
    found = []
    for match in _OPERATION_GUARDED.finditer(text):
        name = " ".join(match.group("name").split())
        if name.split()[0].lower() in _operation_stopwords():
            continue
        word = "Project" if match.group("word").lower() == "project" else "Operation"
        full = f"{word} {name}"
        found.append(ScopeMention(canonical_units().get(full.lower(), full), match.start(), match.end(), "operation"))
    return found


_OPERATION_GUARDED = Guarded(_OPERATION)


@cache
def _guarded_index() -> tuple[Guarded, dict[str, re.Pattern[str]], dict[str, tuple[str, str]]]:
    exact, loose, lookup = _alias_index()
    return Guarded(exact), loose, lookup


@cache
def _guarded_named() -> tuple[tuple[Guarded, str], ...]:
    return ((Guarded(_named_unit()), "named"), (Guarded(_named_force()), "force"))


@per_report
def _mentions(text: str) -> tuple[ScopeMention, ...]:
    found: list[ScopeMention] = _operations(text)
    taken = [(m.start, m.end) for m in found]
    exact, loose, lookup = _guarded_index()
    candidates = sorted(
        [*exact.finditer(text), *_loose_matches(text, loose)], key=lambda m: (m.start(), -(m.end() - m.start()))
    )
    for match in candidates:
        if any(match.start() < b and a < match.end() for a, b in taken):
            continue
        name, kind = lookup[_key(match.group(0))]
        found.append(ScopeMention(name, match.start(), match.end(), kind))
        taken.append(match.span())
    for pattern, kind in _guarded_named():
        for match in pattern.finditer(text):
            if any(match.start() < b and a < match.end() for a, b in taken):
                continue
            name = " ".join(match.group("name").split())
            found.append(ScopeMention(canonical_units().get(name.lower(), name), match.start(), match.end(), kind))
            taken.append(match.span())
    return tuple(sorted(found, key=lambda m: m.start))


def find_scope_mentions(text: str) -> list[ScopeMention]:
    """Organisation units named in `text`, leftmost first, longest name winning overlaps.

    >>> [m.name for m in find_scope_mentions("officers from the Met's Closed Circuit Investigation Unit")]
    ['MPS', 'Closed Circuit Investigation Unit']
    >>> [m.name for m in find_scope_mentions("The SCD6-led operation known as Sterling; targets were met")]
    ['Economic and Specialist Crime']
    """
    return list(_mentions(text))


# ------------------------------------------------------------------ reading a sentence

# Authorities and inspectorates speak about units; they are not units that own figures.
_NON_SCOPE_KINDS = frozenset({"authority", "inspectorate"})


def units_in(sentence: str) -> list[ScopeMention]:
    """Units named in a sentence that can own a figure (not authorities or inspectorates).

    >>> [m.name for m in units_in("The MPA asked the MPS and HMIC for a report")]
    ['MPS']
    """
    return [m for m in find_scope_mentions(sentence) if m.kind not in _NON_SCOPE_KINDS]


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|across|in|within|throughout|for|to|from|on|at|with|against|into|over|around|near|than)"
    r"[\s\u00a0]+(?:the[\s\u00a0]+)?(?:(?:overall|wider|whole|entire|same|wider|total)[\s\u00a0]+)?$",
    re.I,
)
_AGENT_BEFORE = re.compile(r"\bby[\s\u00a0]+(?:the[\s\u00a0]+)?(?:[A-Z][\w'’]*[\s\u00a0]+){0,2}$")
_FIGURE = re.compile(r"[£$]?[\d][\d,]*(?:\.\d+)?\s*(?:%|per\s?cent|percent|m\b|bn\b|k\b|million|billion)?")
_COMPARATOR_GAP = re.compile(
    r"^[\s\u00a0]*(?:\(|of|was|is|at|stood at|:|,|-|–)?[\s\u00a0]*"
    r"(?:around|about|approximately|some|just|only|nearly|almost)?[\s\u00a0]*$",
    re.I,
)
_BARE_AVERAGE = re.compile(r"\baverage[\s\u00a0]*(?:\(|of|was|is|at|stood at|:)?[\s\u00a0]*$", re.I)


@cache
def _anaphor() -> re.Pattern[str]:
    words = "|".join(_phrase_regex(w) for w in sorted(load_lines("anaphors.txt"), key=len, reverse=True))
    numbers = (
        r"(?:\d[\d,]*|[Oo]ne|[Tw]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[A-Z][a-z]+teen)"
    )
    # "Ten were detected", "199 of these were detected": a count whose noun is above.
    counted = rf"{numbers}[\s\u00a0]+(?:of[\s\u00a0]+(?:these|them|those|which)|were|was|have|had)\b"
    return re.compile(
        rf"^[\W_]*(?:(?:However|Also|Overall|Significantly|In addition|Of these),?[\s\u00a0]+)?"
        rf"(?:(?:{words})\b|{counted})",
        re.I,
    )


@cache
def _comparator_cues() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = load_rows("comparators.csv")
    mapping = {_key(r["cue"]): r["comparator"] for r in rows}
    body = "|".join(_phrase_regex(c) for c in sorted((r["cue"] for r in rows), key=len, reverse=True))
    return re.compile(rf"{_LEFT}(?:{body}){_RIGHT}", re.I), mapping


def _is_anaphoric(sentence: str) -> bool:
    """'They achieved ...', 'This gave ...', 'The OCU has ...', 'Ten were detected ...'."""
    return _anaphor().match(sentence) is not None


def _is_location(sentence: str, mention: ScopeMention) -> bool:
    """A borough named as a place ("a robbery in Enfield"), not as the unit that acts."""
    return mention.kind == "borough" and _PREPOSITION_BEFORE.search(sentence[: mention.start]) is not None


def _is_weak(sentence: str, mention: ScopeMention) -> bool:
    """The force named inside a phrase about something else: 'of the overall MPS budget'."""
    return mention.kind == "force" and _PREPOSITION_BEFORE.search(sentence[: mention.start]) is not None


def _candidates(sentence: str) -> list[ScopeMention]:
    """Units in the sentence, less authorities and a force named only as the owner of the
    unit after it ("the MPS Counter Terrorism Command", "the Met's Closed Circuit ...").
    """
    mentions = units_in(sentence)
    kept = []
    for i, mention in enumerate(mentions):
        after = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            mention.kind == "force"
            and after is not None
            and re.fullmatch(r"(?:['’]s?)?[\s\u00a0]*", sentence[mention.end : after.start])
        ):
            continue
        kept.append(mention)
    return kept


def _comparator_at(sentence: str, mentions: list[ScopeMention], at: int) -> str | None:
    """The comparator a figure is the value of: 'the MSF average of 21.52%', 'the average of
    15.02% achieved in the MSF forces', 'the national average (5.1)'.
    """
    for mention in mentions:
        if mention.kind == "comparator" and mention.end <= at and _COMPARATOR_GAP.match(sentence[mention.end : at]):
            return mention.name
    if _BARE_AVERAGE.search(sentence[max(0, at - 40) : at]):
        pattern, mapping = _comparator_cues()
        figure = _FIGURE.match(sentence, at)
        window = sentence[max(0, at - 60) : (figure.end() if figure else at) + 60]
        cue = pattern.search(window)
        if cue:
            return mapping.get(_key(cue.group(0)))
    return None


def _is_given_a_value(sentence: str, mention: ScopeMention) -> bool:
    """'the MSF average of 21.52%', 'the national average (11 percent)'."""
    figure = re.compile(r"[£$]?\d").search(sentence, mention.end, mention.end + 30)
    return figure is not None and _COMPARATOR_GAP.match(sentence[mention.end : figure.start()]) is not None


def _clause(sentence: str, at: int) -> tuple[int, int]:
    left = max(sentence.rfind(";", 0, at), sentence.rfind(":", 0, at))
    for marker in (", and ", ", but ", ", while ", ", whilst ", ", although ", ", with "):
        left = max(left, sentence.rfind(marker, 0, at))
    rights = [i for i in (sentence.find(";", at), sentence.find(", and ", at), sentence.find(", but ", at)) if i != -1]
    return left + 1, min(rights) if rights else len(sentence)


def _clause_scope(sentence: str, mentions: list[ScopeMention], at: int) -> str | None:
    """The unit of the clause holding the figure at `at`: its subject, a 'by <unit>' agent
    after the figure, or the unit whose teams are counted ('630 Safer Neighbourhoods teams').
    """
    start, end = _clause(sentence, at)
    figure = _FIGURE.match(sentence, at)
    figure_end = figure.end() if figure else at
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.kind != "comparator"]
    counted = [
        m for m in inside if m.start >= figure_end and re.fullmatch(r"[\s\u00a0]*", sentence[figure_end : m.start])
    ]
    if counted and counted[0].kind != "force":
        return counted[0].name
    agents = [m for m in inside if m.start >= figure_end and _AGENT_BEFORE.search(sentence[: m.start])]
    if agents and not _is_location(sentence, agents[0]):
        return agents[0].name
    main = _main_start(sentence) if start == 0 else start
    before = [
        m
        for m in inside
        if main <= m.start and m.end <= at and not _is_location(sentence, m) and not _is_weak(sentence, m)
    ]
    if before:
        return before[0].name
    places = [m for m in inside if m.start >= figure_end and m.kind == "borough" and m.start - figure_end < 60]
    return places[0].name if places else None


@cache
def _verb_markers() -> frozenset[str]:
    return frozenset(load_lines("verb_markers.txt"))


_FIRST_PERSON = re.compile(r"^[\W_]*(?:we|our|us)\b", re.I)
_COPULA = frozenset({"is", "are", "was", "were"})
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class _Roles:
    """Where the units of a sentence stand: as its subject (or a 'by' agent), elsewhere,
    and whether the sentence speaks as the report's own organisation ('We have seen ...').
    """

    subject: tuple[ScopeMention, ...]
    others: tuple[ScopeMention, ...]
    comparators: tuple[ScopeMention, ...]
    first_person: bool


_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
    ]
)


@cache
def _fronting() -> re.Pattern[str]:
    words = "|".join(_phrase_regex(w) for w in sorted(load_lines("fronting_words.txt"), key=len, reverse=True))
    return re.compile(rf"^[\W_]*(?:{words})\b[^,;:]{{0,160}}?,")


def _main_start(sentence: str) -> int:
    """Where the main clause starts, after an opening phrase without a verb of its own
    ("During the 2007/8 fiscal year, ..."; not "At the same time the MPS has to ...,").
    """
    fronted = _fronting().match(sentence)
    if not fronted:
        return 0
    words = [w.strip("\"'“”‘’(),.;:").lower() for w in fronted.group(0).split()]
    if len(words) > 14 or any(w in _AUXILIARIES for w in words):
        return 0
    return fronted.end()


def _subject_end(sentence: str, start: int) -> tuple[int, bool]:
    """Where the subject of the clause starting at `start` ends: at its first verb
    ('Forensic Services attended ...', 'Specialist Crime has been allocated ...'); and
    whether that verb is a copula ('An example ... is Operation Grafton').
    """
    previous = ""
    expletive = re.match(
        r"[\s\u00a0]*there[\s\u00a0]+(?:is|are|was|were|has been|have been|had been)\b", sentence[start:], re.I
    )
    if expletive:
        # "There are now 630 Safer Neighbourhoods teams": the subject follows the verb.
        start += expletive.end()
    for count, token in enumerate(_TOKEN.finditer(sentence, start)):
        word = token.group(0).strip("\"'“”‘’(),.;:").lower()
        if count >= 8:
            # A present-tense verb went unnoticed ("A core desk co-ordinates bids for ..."):
            # a subject is seldom longer than this.
            return token.start(), False
        if word in _verb_markers() or (
            word.isalpha()
            and len(word) > 4
            and word.endswith("ed")
            and previous not in {"the", "a", "an", "of", "and", "or"}
        ):
            return token.start(), word in _COPULA
        previous = word
    return len(sentence), False


@per_report
def _roles(sentence: str) -> _Roles:
    mentions = [m for m in _candidates(sentence) if not _is_location(sentence, m)]
    # A comparator stands for the sentence only where it is given a value ("the MSF average
    # of 21.52%"), not where it is a yardstick ("a performance above the MSF average").
    comparators = tuple(m for m in mentions if m.kind == "comparator" and _is_given_a_value(sentence, m))
    units = [m for m in mentions if m.kind != "comparator"]
    start = _main_start(sentence)
    end, copula = _subject_end(sentence, start)
    expletive = re.match(r"[\s\u00a0]*there[\s\u00a0]+\w+(?:[\s\u00a0]+been)?\b", sentence[start:], re.I)
    if expletive:
        start += expletive.end()
    if copula:
        # "An example ... is Operation Grafton": the complement names the subject.
        complement = re.match(r"[a-z]+[\s\u00a0]+(?:(?:the|a|an)[\s\u00a0]+)?", sentence[end:])
        if complement and any(m.start == end + complement.end() for m in units):
            end = end + complement.end() + 1
    subject = [m for m in units if start <= m.start < end and not _is_weak(sentence, m)]
    semicolon = sentence.find(";", end)
    while semicolon != -1 and not subject:
        # "The target this year was £5 million ...; the SCD has actually seized £24 million"
        clause_end, _ = _subject_end(sentence, semicolon + 1)
        subject = [m for m in units if semicolon < m.start < clause_end and not _is_weak(sentence, m)]
        semicolon = sentence.find(";", semicolon + 1)
    agents = [m for m in units if m not in subject and _AGENT_BEFORE.search(sentence[: m.start])]
    chosen = subject or agents
    # A unit in an opening phrase ("With the results from Operation Rize, ...") is a
    # circumstance of the sentence, never its unit, unless it is the agent ("led by ...").
    others = [m for m in units if m not in chosen and m.start >= start]
    others.sort(key=lambda m: _is_weak(sentence, m))
    return _Roles(tuple(chosen), tuple(others), comparators, _FIRST_PERSON.match(sentence[start:]) is not None)


def topic_of(sentence: str) -> str | None:
    """The unit a sentence is about, for carrying to the sentences after it: the unit that
    is its subject (or the 'by' agent of a subject that names none).

    >>> topic_of("71 Trafalgar related gun enabled crime offences, a decrease of 21.")
    'Trafalgar'
    >>> topic_of("Three men have been jailed for a robbery in Enfield.") is None
    True
    >>> topic_of("We increased our use of stop and search and Dog Support Unit officers.") is None
    True
    """
    roles = _roles(sentence)
    if len({m.name for m in roles.subject}) > 1:
        return None  # "TSG, Dogs and Mounted Branch extensively supported ...": no one unit
    return roles.subject[0].name if roles.subject else None


def speaks_for_itself(sentence: str) -> bool:
    """'We have seen a 9.1% reduction ...': the report's own organisation is the subject.

    >>> speaks_for_itself("Against the new definition, we have seen a 9.1% reduction in knife crime.")
    True
    """
    return _roles(sentence).first_person


def resolve_scope(
    sentence: str,
    section_path: tuple[str, ...],
    default: str | None,
    at: int | None = None,
    carried: str | None = None,
) -> str | None:
    """The unit a figure in `sentence` is about.

    `at` is the figure's offset in the sentence, when the caller knows it; `carried` the
    unit the sentences before it in the same block (or the lead-in above a list) are about.
    In order: the comparator the figure is the value of; the unit of the figure's clause;
    the report's own organisation when it speaks ("We have ..."); the carried unit when the
    sentence points back ("They achieved ..."); the unit that is the sentence's subject or
    agent; a comparator when the sentence names nothing else; the carried unit; a unit
    named elsewhere in the sentence; the nearest section heading naming a unit; the
    report's subject.
    """
    roles = _roles(sentence)
    if at is not None:
        comparator = _comparator_at(sentence, _candidates(sentence), at)
        if comparator:
            return comparator
        own = _clause_scope(sentence, _candidates(sentence), at)
        if own:
            return own
    if roles.first_person and not roles.subject:
        # "We have now installed Safer Schools Officers in 185 schools": a unit the report's
        # organisation acts through, else the organisation itself.
        return roles.others[0].name if roles.others else default
    if carried and _is_anaphoric(sentence):
        return carried
    if roles.subject:
        return roles.subject[0].name
    if at is None and roles.comparators:
        return roles.comparators[0].name
    if carried:
        return carried
    if roles.others:
        return roles.others[0].name
    return _heading_scope(section_path) or default


def _heading_scope(section_path: tuple[str, ...]) -> str | None:
    for heading in reversed(section_path):
        named = [m for m in _candidates(heading) if m.kind != "comparator"]
        if named:
            return named[0].name
    return None


def is_anaphoric(sentence: str) -> bool:
    """Whether a sentence opens by pointing back ('They achieved ...', 'Ten were detected').

    >>> is_anaphoric("Ten were detected, giving an overall detection rate of 91%"), is_anaphoric("Trident OCU")
    (True, False)
    """
    return _is_anaphoric(sentence)
