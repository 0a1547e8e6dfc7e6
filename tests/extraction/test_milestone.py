"""Business-plan milestones: the quarter, the milestone and its status."""

from __future__ import annotations

import pytest

from pipelines.extraction.extract import extract_report
from pipelines.extraction.models import MilestoneFact


def _milestones(text: str) -> list[MilestoneFact]:
    return extract_report("plan.md", "# Business Plan progress update\n\n" + text).milestones


def _read(text: str) -> list[tuple[str, int | None, str | None, str, str | None]]:
    return [(m.period, m.quarter, m.fiscal_year, m.milestone, m.status) for m in _milestones(text)]


# ------------------------------------------------------------------ development examples (seed 004)

DEVELOPMENT = [
    pytest.param(
        "#### Quarter 1, 2018-19: launch of the Violent Crime Task Force (VCTF)\n\n"
        "At the beginning of April, with additional monies provided by the Mayor of London, the Violent Crime Taskforce was "
        "formed as a pan-London proactive response to knife and serious violent crime.\n",
        [("Quarter 1, 2018-19", 1, "2018/19", "launch of the Violent Crime Task Force (VCTF)", "delivered")],
        id="heading-status-from-paragraph",
    ),
    pytest.param(
        "### Quarter 1, 2018-19: IVMA roll out on ANPR vehicle is completed\n\n"
        "The rollout of In Vehicle Mobile Application (IVMA) devices is now complete. 1,200 IVMAs have been installed.\n",
        [("Quarter 1, 2018-19", 1, "2018/19", "IVMA roll out on ANPR vehicle is completed", "delivered")],
        id="is-now-complete",
    ),
    pytest.param(
        "**Quarter 1, 2018-19: Charing Cross Police Station refurbishment works start**\n\n"
        "Works are currently onsite. Phase 1 is expected to be completed in September 2018 with the rest of the project "
        "being completed in September 2019.\n",
        [("Quarter 1, 2018-19", 1, "2018/19", "Charing Cross Police Station refurbishment works start", "on track")],
        id="bold-line-on-track",
    ),
    pytest.param(
        "#### Quarter 1, 2018-19: Acquisition by MOPAC of ESB complete\n\nMOPAC acquired the Empress State Building for £250 million.\n",
        [("Quarter 1, 2018-19", 1, "2018/19", "Acquisition by MOPAC of ESB complete", "delivered")],
        id="words-of-the-milestone-are-not-its-status",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DEVELOPMENT)
def test_development_milestones(text: str, expected: list[tuple[str, int, str, str, str | None]]) -> None:
    assert _read(text) == expected


def test_quote_is_the_milestone_line() -> None:
    text = (
        "# Plan\n\n#### Quarter 1, 2018-19: launch of the Violent Crime Task Force (VCTF)\n\nIt was formed in April.\n"
    )
    [fact] = extract_report("plan.md", text).milestones
    assert (
        text[fact.span[0] : fact.span[1]]
        == fact.quote
        == "Quarter 1, 2018-19: launch of the Violent Crime Task Force (VCTF)"
    )


# ------------------------------------------------------------------ held-out examples

HELD_OUT = [
    pytest.param(
        "Status is assessed as follows:\n\n- ✓ delivered\n- 📅 on track\n- 🔧 some delay\n\n"
        "### Quarter 3, 2019-20: roll out body worn video to all frontline officers 🔧\n\nSupplier issues have held up delivery.\n",
        [("Quarter 3, 2019-20", 3, "2019/20", "roll out body worn video to all frontline officers", "some delay")],
        id="status-mark-on-the-heading",
    ),
    pytest.param(
        "Status key:\n\n- ● noted\n- ○ on track\n\nQ2 2019/20 – publish the new custody strategy ●\n",
        [("Q2 2019/20", 2, "2019/20", "publish the new custody strategy", None)],
        id="unknown-legend-word-gives-no-status",
    ),
    pytest.param(
        "Status key:\n\n- ● complete\n- ○ on track\n\nQ2 2019/20 – publish the new custody strategy ●\n",
        [("Q2 2019/20", 2, "2019/20", "publish the new custody strategy", "delivered")],
        id="report-own-legend-mark",
    ),
    pytest.param(
        "#### 2019-20, Quarter 4: open the new training centre at Hendon\n\nThe opening has been deferred to the summer because of building works.\n",
        [("2019-20, Quarter 4", 4, "2019/20", "open the new training centre at Hendon", "some delay")],
        id="year-first-deferred",
    ),
    pytest.param(
        "Quarter 2, 2018-19 milestones:\n\n- Roll out Smarter Working tablets to all BCUs – on track\n"
        "- Publish the Violence Suppression plan (delivered)\n- Recruit 300 detectives\n",
        [
            ("Quarter 2, 2018-19", 2, "2018/19", "Roll out Smarter Working tablets to all BCUs", "on track"),
            ("Quarter 2, 2018-19", 2, "2018/19", "Publish the Violence Suppression plan", "delivered"),
            ("Quarter 2, 2018-19", 2, "2018/19", "Recruit 300 detectives", None),
        ],
        id="list-of-milestones-under-a-lead-in",
    ),
    pytest.param(
        "Milestones this quarter:\n\n- Launch the online crime reporting service (Q1 2017/18) ✓\n",
        [("Q1 2017/18", 1, "2017/18", "Launch the online crime reporting service", "delivered")],
        id="period-after-the-milestone",
    ),
    pytest.param(
        "#### Quarter 4, 2018-19: complete the move to twelve BCUs\n\nStatus: on track\n",
        [("Quarter 4, 2018-19", 4, "2018/19", "complete the move to twelve BCUs", "on track")],
        id="status-line",
    ),
    pytest.param(
        "#### Quarter 1, 2018-19: evaluate the Live Chat trial\n\n#### Quarter 2, 2018-19: extend Live Chat to the home page\n\nThis is on track.\n",
        [
            ("Quarter 1, 2018-19", 1, "2018/19", "evaluate the Live Chat trial", None),
            ("Quarter 2, 2018-19", 2, "2018/19", "extend Live Chat to the home page", "on track"),
        ],
        id="status-stays-with-its-own-milestone",
    ),
]


@pytest.mark.parametrize(("text", "expected"), HELD_OUT)
def test_held_out_milestones(text: str, expected: list[tuple[str, int, str, str, str | None]]) -> None:
    assert _read(text) == expected


NOT_MILESTONES = [
    pytest.param(
        "In Quarter 1, we instigated a Violent Crime Task Force to tackle violent crime.\n", id="quarter-in-prose"
    ),
    pytest.param(
        "## 2018-19, Quarter 1 (April to June 2018)\n\nCrime rose by 6.4 per cent.\n", id="report-period-heading"
    ),
    pytest.param(
        "Burglary went up 8 per cent in Quarter 1, 2018-19 compared to the same quarter last year.\n",
        id="period-of-a-figure",
    ),
]


@pytest.mark.parametrize("text", NOT_MILESTONES)
def test_lines_that_are_not_milestones(text: str) -> None:
    assert _milestones(text) == []
