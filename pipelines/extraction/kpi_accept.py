"""Which figures report a measure of the unit's performance or activity.

A careful reader keeps "7,441 child abuse offences", "Over 2,600 offenders were arrested",
"operating in seven boroughs", "a sanction detection rate of 22.1%" and "£53m cash
seized", and passes over "six Command Areas", "Three men have been jailed", "275
languages are spoken", "each of the 32 boroughs", "a two-day course" and "£500k worth of
money laundering". The signals are general:

- what is counted: outcome nouns (offences, arrests, detections, complaints) count on
  their own; people count when police action is reported on them ("were convicted");
  parts of an organisation (boroughs, teams, cells) count when delivery is reported
  ("have migrated", "in place", "There are now 630 teams") or the organisation holds them
  ("The MPS has 33 witness care units");
- the verb: police action ("arrested", "closed", "the detention of"), not what others did
  ("people visited", "vehicles were stolen");
- the setting: not a criterion ("where the value ... is in excess of £10,000"), not the
  future ("£3-£6m is expected"), not a definite reference to a known set ("the 32
  boroughs"), not a person in a case story ("men", "a woman");
- the unit: money only when taken from criminals, hours and days only when they are the
  measured amount ("taking 181 days to input", "flew 3,000 hours"), years only as
  sentences, percentages only of something measured (rates, satisfaction, crime).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extraction.kpi_figures import Figure
from pipelines.extraction.kpi_words import guarded_words, has_word, words_pattern
from pipelines.extraction.lexicon import find_terms
from pipelines.extraction.scope import find_scope_mentions


@dataclass(frozen=True, slots=True)
class Setting:
    """What surrounds a figure: its sentence and clause, and what came before it."""

    sentence: str  # with the names of organisation units blanked ("Central Operations")
    clause: tuple[int, int]
    window_start: int  # end of the figure before it in the clause, or the clause start
    window_end: int  # start of the figure after it in the clause, or the clause end
    next_sentence: str = ""  # the following sentence of the same passage
    previous_sentence: str = ""  # the sentence before, in the same passage
    previous_role: str = ""  # role of the figure just before it in the clause
    target_statement: bool = False  # another figure of this unit is stated as a target
    topic: bool = False  # the passage has already reported a measure
    named: str = ""  # the sentence as written, unit names kept


# A definite reference to a known set: "each of the 32 boroughs", "the remaining 25
# boroughs", "the 28 borough criminal justice groups", "All of the first phase 285 teams".
_DEFINITE = re.compile(
    r"(?:\beach\s+of\s+(?:the|its|our|their)|\ball\s+(?:of\s+)?the|\bacross\s+(?:all\s+)?the|\bin\s+all(?:\s+of\s+the)?"
    r"|\bof\s+the|\bthe|\bthese|\bthose|\ball)\s+"
    r"(?:(?:remaining|first|second|original|other|existing|current|phase|whole)\s+){0,2}$",
    re.I,
)
_POSSESSION = re.compile(r"(?:\b(?:has|have)\s+(?:now\s+)?|\bits\s+)$", re.I)
_COMPOSITION = re.compile(r"\b(?:consist(?:s|ing)?\s+of|compris(?:es|ing)|made\s+up\s+of)\b", re.I)
_INDIVIDUAL = re.compile(r"\b(?:one\s+of\s+the|a\s+(?:man|woman)|he|she|his|her)\b[^,;]*$", re.I)
_INFINITIVE = re.compile(r"\bto\s+(?!date\b)[a-z]+\s+$")
_DURATION_BEFORE = re.compile(r"\b(?:within|for|over|after|past|next|every|in|during|last|first)\s+(?:the\s+)?$", re.I)
_DAYS_TO = re.compile(r"^\s*(?:\w+\s+){0,1}?to\s+[a-z]+", re.I)
_TO_END = re.compile(r"\bto\s+$", re.I)
_PER = re.compile(r"\bper\s+[\d,.]+\s*(?:[a-z]+\s+){0,2}", re.I)
_THIS_WAS = re.compile(r"^\s*(?:This|These|It|They|Which)\b", re.I)


# Where the words before a figure stop belonging to it: "Three were sentenced, two ...",
# "arrested by the Stolen Vehicle Unit after 190 vehicles were stolen".
_OWN_WORDS = re.compile(r".*(?:,(?=\s)|;|\band\b|\bor\b|\b(?:after|before|when|because|until|although)\b)", re.S)


def _before(figure: Figure, setting: Setting) -> str:
    return setting.sentence[setting.window_start : figure.quantity.start]


def _own_before(figure: Figure, setting: Setting) -> str:
    """The words before the figure that speak of it (after the last comma or "and")."""
    before = _before(figure, setting)
    cut = _OWN_WORDS.match(before)
    return before[cut.end() :] if cut else before


_BRACKETED = re.compile(r"\([^()]*\)")


def _after(figure: Figure, setting: Setting) -> str:
    """The words after the figure up to the next figure, brackets left out ("Nine
    boroughs (Southwark, Lewisham, ...) have migrated")."""
    text = setting.sentence[figure.quantity.end : setting.window_end]
    return _BRACKETED.sub(" ", text)[:90]


def _clause_text(setting: Setting) -> str:
    return setting.sentence[setting.clause[0] : setting.clause[1]]


def _head(noun: str) -> str:
    words = noun.split()
    return words[-1].lower() if words else ""


@lru_cache(maxsize=4096)
def _is(name: str, noun: str) -> bool:
    """True when the noun phrase's head (or the phrase) is a phrase of the vocabulary file."""
    words = noun.split()
    return any(words_pattern(name).fullmatch(" ".join(words[i:])) is not None for i in range(len(words)))


@lru_cache(maxsize=4096)
def _about_workforce(noun: str) -> bool:
    hits = find_terms("workforce_terms.csv", noun)
    return any(hit.end == len(noun) for hit in hits)


def _acted_on(figure: Figure, setting: Setting, whole_clause: bool = False) -> bool:
    """Police action on what the figure counts, in the words around it ("were convicted",
    "arrested 167 subjects"); with `whole_clause`, anywhere before it in the clause
    ("recovered over £32 million ... from 457 individuals")."""
    a, _ = setting.clause
    before = setting.sentence[a : figure.quantity.start] if whole_clause else _own_before(figure, setting)
    actions = list(guarded_words("kpi_action_verbs.txt").finditer(before))
    # The action must reach the figure: not "identified a network responsible for
    # fraudulently obtaining over 200 licences".
    reaches = bool(actions) and not re.search(r"\b[a-z]+(?:ing|ed)\b", before[actions[-1].end() :])
    if reaches and not _AGENT.search(before):
        return True
    return _done_to(_after(figure, setting)[:70])


# "The conference was attended by 120 delegates": the figure counts who acted.
_AGENT = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
_PASSIVE = re.compile(r"\b(?:were|was|are|is|been|being|be)\s+(?:\w+\s+){0,2}?(?P<rest>.*)$", re.I | re.S)


def _done_to(after: str) -> bool:
    """Police action reported on what the figure counts, after it: a participle of an action
    done to it ("124 detected", "offenders arrested") or any action in the passive ("were
    conducted"), but not what the counted did ("250 people attended the event")."""
    if has_word("kpi_done_to_verbs.txt", after):
        return True
    passive = _PASSIVE.search(after)
    return passive is not None and has_word("kpi_action_verbs.txt", passive.group("rest")[:40])


def _delivered(figure: Figure, setting: Setting, markers: bool = True) -> bool:
    """Delivery or coverage reported around the figure ("have migrated", "in place");
    with `markers`, also "now" and "new" ("There are now 630 teams")."""
    a, _ = setting.clause
    around = setting.sentence[a : figure.quantity.start] + " " + _after(figure, setting)[:70]
    if has_word("kpi_progress_words.txt", around):
        return True
    near = _own_before(figure, setting)[-30:] + " " + _after(figure, setting)[:40]
    return markers and has_word("kpi_progress_markers.txt", near)


def _held(figure: Figure, setting: Setting, noun: str) -> bool:
    """The organisation holds or consists of what is counted: "The MPS has 33 witness
    care units", "The MPS custody estate consists of 963 cells". Teams a unit consists
    of are its workforce ("Homicide command currently consists of 27 major investigation
    teams") and are left to that family."""
    own = _own_before(figure, setting)
    if _COMPOSITION.search(own):
        return _head(noun) != "teams"
    if _POSSESSION.search(own):
        a, _ = setting.clause
        before = (setting.named or setting.sentence)[a : figure.quantity.start]
        return any(m.kind not in {"comparator"} for m in find_scope_mentions(before))
    return False


_PATH = re.compile(
    r"(?:\s*\b(?:to|in|into|across|at|on|all|the|of|each|its|our|their|every|over|some)\b)*\s*$",
    re.I,
)


def _reaching(before: str) -> str:
    """The last progress word before a figure, if nothing but a path of prepositions lies
    between ("rolled out to all 630 wards"), not "established units at each of its five"."""
    found = list(guarded_words("kpi_progress_words.txt").finditer(before))
    if found and _PATH.fullmatch(before[found[-1].end() :]):
        return found[-1].group(0)
    return ""


def _not_counted(figure: Figure, setting: Setting, noun: str) -> bool:
    """A figure of a target statement that counts staff or structure, not results: "an
    affordable workforce target of 1,096.8 ... including 184 externally funded posts"."""
    if not noun:
        return _off_topic(_own_before(figure, setting)[-40:])
    if _about_workforce(noun) or _is("kpi_narrative_nouns.txt", noun):
        return True
    if _is("kpi_structural_nouns.txt", noun):
        return not _delivered(figure, setting)
    return _is("kpi_person_nouns.txt", noun) and not _acted_on(figure, setting)


def _not_a_result(figure: Figure, setting: Setting) -> bool:
    """A criterion or a future figure ("where the value ... is in excess of £10,000",
    "will have migrated to three facilities")."""
    before = _before(figure, setting)
    return has_word("kpi_criteria_words.txt", before) or has_word("kpi_future_words.txt", before)


# ------------------------------------------------------------------ by unit


def _counts(figure: Figure, setting: Setting, noun: str) -> bool:
    quantity = figure.quantity
    if _about_workforce(noun):
        return False
    if _is("kpi_narrative_nouns.txt", noun):
        # "Three men have been jailed" is a case detail; "rescuing 50 women" a result.
        return quantity.kind != "word" and _acted_on(figure, setting)
    if _INDIVIDUAL.search(setting.sentence[setting.clause[0] : quantity.start]):
        # "A man who sexually abused young boys has been found guilty of 14 counts"
        return False
    word = quantity.kind == "word"
    if word and (quantity.value == 1 or figure.anaphoric):
        # "One example of this was ...": not a count. "Ten were detected", "with seven
        # detected": a spelled-out number standing for a noun needs the action after it.
        return quantity.value != 1 and has_word("kpi_action_verbs.txt", _after(figure, setting)[:40])
    if _is("kpi_duration_words.txt", noun):
        return _head(noun) in {"days", "hours"} and _time(figure, setting)
    if _PER.search(_clause_text(setting)) and _measured_subject(setting):
        return True  # "The number of domestic burglaries per 1,000 households rose ... to 19.86"
    before = _before(figure, setting)
    definite = _DEFINITE.search(before) is not None and not figure.partitive
    structural = _is("kpi_structural_nouns.txt", noun)
    if structural:
        progress = noun + _after(figure, setting)[:60] + " " + _reaching(_own_before(figure, setting))
        delivered = has_word("kpi_progress_words.txt", progress) or (
            quantity.kind != "word" and has_word("kpi_progress_markers.txt", noun)
        )
        if definite and not delivered:
            # "Each of the 32 boroughs has a lead"; but "rolled out to all 630 wards",
            # "The 345 new teams"
            return False
        if word:
            # "operating in seven boroughs", "ten sites had been updated"
            local = _own_before(figure, setting) + " " + _after(figure, setting)[:50]
            return has_word("kpi_progress_words.txt", local)
        return _delivered(figure, setting) or _held(figure, setting, noun)
    if definite and word:
        return False
    if _is("kpi_person_nouns.txt", noun):
        # "arrested 167 subjects", "were convicted"; or the action earlier in the clause
        # reaches them through a preposition: "recovered over £32 million ... from 457
        # individuals", "provided armed protection ... to 53 people".
        if _acted_on(figure, setting):
            return True
        return bool(re.search(r"\b(?:from|to|on|against)\s+$", _own_before(figure, setting))) and _acted_on(
            figure, setting, whole_clause=True
        )
    acted = _acted_on(figure, setting)
    if word:
        # The action must be about the spelled-out number itself: "seven detected".
        after = re.split(r"[,;–(]", _after(figure, setting))[0][:40]
        return has_word("kpi_action_verbs.txt", _own_before(figure, setting)[-30:] + " " + after)
    if _is("kpi_outcome_nouns.txt", noun):
        return True
    if not noun and _measured_subject(setting):
        return True
    if not noun and figure.role in {"baseline", "change"}:
        # "an improvement in sanction detections ... compared to the corresponding period
        # (monthly averages of 205, 130 and 39 respectively)"
        clause = _clause_text(setting)
        measured = has_word("kpi_outcome_nouns.txt", clause) or has_word("kpi_measure_words.txt", clause)
        return measured and not _off_topic(clause)
    return acted or _delivered(figure, setting, markers=False)


def _measured_subject(setting: Setting) -> bool:
    """The clause says what it measures: "The number of PACE stop and searches per 1,000 ..."."""
    clause = _clause_text(setting)
    match = re.search(r"\b(?:number|total|rate|level|volume)\s+of\s+([^,;]{3,60})", clause, re.I)
    if match and has_word("kpi_outcome_nouns.txt", match.group(1)):
        return True
    per = re.search(r"([A-Za-z][^,;]{2,60}?)\s+per\s+[\d,.]+", clause)
    return bool(per and has_word("kpi_outcome_nouns.txt", per.group(1)))


_MOVED = re.compile(
    r"\b(?:rose|risen|fell|fallen|increased|decreased|reduced|improved|declined|dropped|"
    r"went\s+(?:up|down))\b",
    re.I,
)
_OF_WHAT = re.compile(r"^\s*of\s+(?P<what>[^,;.()]{0,60})")


def _percent_subject(figure: Figure, setting: Setting) -> str:
    """What a percentage is of or about: the words naming it before ("police officer
    strength has grown by") and what follows "of" ("47% of the UK's BME citizens")."""
    own = _own_before(figure, setting)[-60:] if figure.role != "target" else ""
    after = _OF_WHAT.match(setting.sentence[figure.quantity.end : figure.quantity.end + 80])
    return own + " " + (after.group("what") if after else "")


def _percent(figure: Figure, setting: Setting) -> bool:
    clause = _clause_text(setting)
    subject = _percent_subject(figure, setting)
    if _off_topic(subject):
        return False
    measured = (
        has_word("kpi_measure_words.txt", clause)
        or has_word("kpi_outcome_nouns.txt", clause)
        or has_word("kpi_action_verbs.txt", clause)
    )
    if not measured and (_off_topic(clause) or _off_topic(setting.previous_sentence)):
        return False
    before = _before(figure, setting)
    if _INFINITIVE.search(before) and figure.role == "actual":
        # "taking the MPS 181 days to input 75% of cases": the share defines the measure.
        return False
    if measured or figure.role == "change" or _MOVED.search(clause):
        # "Repeat victimisation fell from 32.1% to 29.8%": a share that moved is measured.
        return True
    return figure.role in {"target", "baseline"} and setting.topic


_POPULATION = re.compile(r"\b(?:population|citizens|residents|households)\b", re.I)


def _off_topic(text: str) -> bool:
    """Workforce strength, budgets or population: other families' figures, or context.
    A measure named too keeps it on topic ("the abstractions of officers")."""
    if has_word("kpi_measure_words.txt", text) or has_word("kpi_outcome_nouns.txt", text):
        return False
    if find_terms("workforce_terms.csv", text) or find_terms("budget_terms.csv", text):
        return True
    return _POPULATION.search(text) is not None


def _time(figure: Figure, setting: Setting) -> bool:
    """Hours and days as the measured amount, not a span ("within 60 days", "two-day")."""
    before = _before(figure, setting)
    if figure.quantity.approx:
        # "flew over 3,000 hours": "over" qualifies the figure, it is not "over the year".
        before = (
            re.sub(r"\S+(?:\s+\S+)?\s*$", "", before)
            if figure.quantity.approx.count(" ")
            else re.sub(r"\S+\s*$", "", before)
        )
    after = _after(figure, setting)
    if figure.role == "target":
        return True
    if figure.role == "baseline":
        return True
    if figure.role == "actual" and setting.previous_role == "baseline" and _TO_END.search(before):
        return True  # "improves from 39 days down to 17 days"
    if _DURATION_BEFORE.search(before) or "-" in figure.quantity.surface:
        return False
    a, _ = setting.clause
    verbs_before = setting.sentence[max(a, figure.quantity.start - 60) : figure.quantity.start]
    return has_word("kpi_time_verbs.txt", verbs_before) or _DAYS_TO.match(after) is not None


def _money(figure: Figure, setting: Setting) -> bool:
    """Money taken from criminals: seized, confiscated, forfeited, recovered."""
    clause = _clause_text(setting)
    if has_word("kpi_asset_terms.txt", clause):
        return True
    following = setting.next_sentence
    return bool(_THIS_WAS.match(following) and has_word("kpi_asset_terms.txt", following[:80]))


def _other(figure: Figure, setting: Setting) -> bool:
    clause = _clause_text(setting)
    word = (figure.quantity.measure_word or "").lower()
    if word in {"kg", "kilograms", "tonnes"}:
        return has_word("kpi_asset_terms.txt", clause) or _acted_on(figure, setting)
    if word == "years":
        if figure.quantity.kind == "word":
            return False  # "sentences for four and seven years respectively": one case's terms
        before = setting.sentence[setting.clause[0] : figure.quantity.start]
        return has_word("kpi_sentence_terms.txt", clause) and not _INDIVIDUAL.search(before)
    if word in {"hours", "days", "minutes"}:
        return _time(figure, setting)
    return False


def is_performance(figure: Figure, setting: Setting, noun: str) -> bool:
    """True when `figure` (counting `noun`) reports performance or activity.

    `noun` is what the figure counts, with "these" and "with seven detected" resolved to
    the thing named before.
    """
    quantity = figure.quantity
    if figure.role in {"variance", "sequence", "denominator"} or quantity.kind == "range":
        return False
    if figure.role == "rank":
        return True
    if figure.role == "comparator":
        return quantity.unit != "gbp"
    if figure.role != "target" and _not_a_result(figure, setting):
        return False
    if quantity.unit == "gbp":
        return _money(figure, setting)
    if quantity.unit == "other":
        return _other(figure, setting)  # "meeting the target four years early"
    if figure.role == "target" or (setting.target_statement and quantity.kind != "word"):
        if quantity.unit in {"percent", "percentage_points"}:
            clause = _clause_text(setting)
            if _off_topic(_percent_subject(figure, setting)):
                return False
            of_what = _OF_WHAT.match(setting.sentence[quantity.end : quantity.end + 80])
            if of_what and of_what.group("what").strip():
                return True  # "staff aim to attend at least 95% of initial case conferences"
            measured = has_word("kpi_measure_words.txt", clause) or has_word("kpi_outcome_nouns.txt", clause)
            return measured or not (_off_topic(clause) or _off_topic(setting.previous_sentence))
        if quantity.unit in {"hours", "days"}:
            return _time(figure, setting)
        return not _not_counted(figure, setting, noun)
    if quantity.unit in {"percent", "percentage_points"}:
        return _percent(figure, setting)
    if quantity.unit in {"hours", "days"}:
        return _time(figure, setting)
    if quantity.unit == "other":
        return _other(figure, setting)
    return _counts(figure, setting, noun)
