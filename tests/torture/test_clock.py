"""Clocks that step backwards mid-turn, and terminals whose clocks disagree, on one data folder."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipstui.app.screens.live import LiveScreen
from ipstui.domain import commands as c
from ipstui.domain.analysis import hand_waits, summarize, timeline
from ipstui.domain.clock import ManualClock
from ipstui.domain.state import SessionState
from ipstui.reports.session_report import build_report
from ipstui.store import DataFolder
from tests.helpers import T0
from tests.ui.conftest import empty_app, screen_text, wait_until, running

PEOPLE = ("Ana", "Bo", "Cy")
ACTIONS = st.sampled_from(["speak", "stop", "raise", "next", "chat", "agenda", "lower"])
STEPS = st.lists(
    st.tuples(st.integers(0, 1), ACTIONS, st.sampled_from(PEOPLE), st.integers(-900, 600)),
    min_size=3, max_size=10,
)


def act(folder: DataFolder, action: str, name: str) -> None:
    command = {
        "speak": lambda: c.StartSpeaker(name),
        "stop": c.StopSpeaker,
        "raise": lambda: c.RaiseHand(name),
        "next": c.CallNextHand,
        "chat": lambda: c.AddChatComment(name, "a comment"),
        "agenda": c.NextAgendaItem,
        "lower": lambda: c.LowerHand(name),
    }[action]()
    try:
        folder.execute(command)
    except c.CommandError:
        pass  # refused by the agreement's rules (nobody speaking, no such hand): not a fault


def inconsistencies(state: SessionState, now) -> list[str]:
    """Everything a clock gone backwards could make absurd, as seen at `now`."""
    found = []
    elapsed = state.elapsed_seconds(now)
    meters = state.meters(now)
    found += [f"{m.name} talked {m.talk_seconds}" for m in meters if m.talk_seconds < 0]
    found += [f"turn of {m.current_turn_seconds}" for m in meters if (m.current_turn_seconds or 0) < 0]
    found += [f"{h.name} waited {h.waited_seconds}" for h in state.queue(now) if h.waited_seconds < 0]
    found += [f"{w.name} waited {w.waited_seconds}" for w in hand_waits(state, now) if w.waited_seconds < 0]
    found += [f"segment {i.title} ran {state.segment_seconds(i, now)}" for i in state.agenda
              if state.segment_seconds(i, now) < 0]
    if sum(m.talk_seconds for m in meters) > elapsed + 1e-6:
        found.append(f"more talk than session: {sum(m.talk_seconds for m in meters)} > {elapsed}")
    times = [row.at for row in timeline(state)]
    if times != sorted(times):
        found.append("the timeline runs backwards")
    report = build_report(state, now)
    found += [f"report: {p['name']} {p['talk_seconds']}" for p in report["participants"] if p["talk_seconds"] < 0]
    found += [f"report: {a['title']} {a['actual_seconds']}" for a in report["agenda"] if a["actual_seconds"] < 0]
    if summarize(state, now).length_seconds < 0:
        found.append("negative session length")
    return found


@pytest.mark.reliability("faults", "clocks stepping back and disagreeing (2 terminals)")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(skew=st.integers(-1800, 1800), steps=STEPS)
def test_clocks_going_backwards_never_make_a_negative_time_or_a_backwards_report(ledger, skew, steps):
    with tempfile.TemporaryDirectory() as root:
        clocks = [ManualClock(T0), ManualClock(T0)]
        clocks[1].advance(skew)
        folders = [DataFolder(Path(root) / "db", clock=clock, actor=f"t{n}", terminal=f"t{n}")
                   for n, clock in enumerate(clocks)]
        folders[0].start("Mutuality", "Sam")
        for name in PEOPLE:
            folders[0].execute(c.AddParticipant(name))
        found: list[str] = []
        for who, action, name, jump in steps:
            clocks[who].advance(jump)
            act(folders[who], action, name)
            state = folders[who].live().state()
            found += inconsistencies(state, clocks[who].now())
        clocks[1].advance(-3600)
        folders[1].execute(c.EndSession("Ana"))
        ended = folders[0].state(folders[0].sessions()[-1].id)
        found += inconsistencies(ended, clocks[0].now())
        found += [f"index length {s.length_seconds}" for s in folders[0].sessions() if s.length_seconds < 0]
        ledger.tried(survived=not found, times=len(steps) + 1)
        assert found == []


@pytest.mark.reliability("faults", "console tick with the clock stepped back mid-turn")
async def test_the_console_ticks_on_when_the_clock_steps_back_mid_turn(tmp_path, ledger):
    app = empty_app(tmp_path / "db")
    clock = app.folder.clock
    app.folder.start("Mutuality", "Sam")
    app.folder.execute(c.AddParticipant("Ana"))
    app.folder.execute(c.RaiseHand("Sam"))
    clock.advance(90)
    app.folder.execute(c.StartSpeaker("Ana"))
    clock.advance(150)
    async with running(app, size=(120, 35)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        for jump in (-600, -86400, 30, -5):
            clock.advance(jump)
            app.tick()
            await pilot.pause()
            text = screen_text(app)
            negative = re.findall(r"-\d+[:ms]", text)
            alive = app.is_running and isinstance(app.screen, LiveScreen)
            ledger.tried(survived=alive and not negative)
            assert alive and not negative, negative
        await pilot.press("x")
        await wait_until(pilot, lambda: app.folder.live().state().turn is None)
        state = app.folder.live().state()
        assert inconsistencies(state, clock.now()) == []
        assert state.meters(clock.now())[1].talk_seconds >= 0
