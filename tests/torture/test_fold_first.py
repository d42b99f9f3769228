"""Every commit folds first: no command, import, setting or clock can write what readers then reject."""

from __future__ import annotations

import copy
import json
import math
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ClassVar

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ipstui import cli
from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.domain.events import EventType, NewEvent
from ipstui.domain.outcome import CommandError, Context, Outcome
from ipstui.domain.settings import QueuePolicy, SessionSettings
from ipstui.domain.state import HandKind, SessionState
from ipstui.store import DamagedFile, DataFolder, StoreError
from ipstui.store.errors import WriteFailed
from tests.e2e.conftest import Cli
from tests.helpers import T0
from tests.torture.unix_users import needs_root, shared_folder
from tests.ui.conftest import wait_until, running

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


def files(root: Path) -> dict[str, bytes]:
    """Every data file of a folder and its backups (lock files aside: opening may create them)."""
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and err.endswith("\n") and "Traceback" not in err


def view(state: SessionState) -> tuple:
    """What a console shows of a state, at a fixed moment."""
    now = state.clamp(T0.replace(year=2027))
    return copy.deepcopy((state.last_seq, sorted(state.undone), state.turn, state.hands, state.participants,
                          state.comments, state.agenda, state.agenda_index, state.ended_at, state.meters(now),
                          state.queue(now)))


def live_folder(root: Path) -> tuple[DataFolder, ManualClock]:
    """A live session with talk, hands and chat: every screen and cue has something to compute."""
    clock = ManualClock(T0)
    folder = DataFolder(root, clock=clock, actor="sam", terminal="test:1")
    folder.start("Mutuality", "Sam")
    for command in (c.AddParticipant("Ana"), c.AddParticipant("Ben"), c.StartSpeaker("Ana"), c.RaiseHand("Ben"),
                    c.AddChatComment("Ben", "hello"), c.StartSpeaker("Sam"), c.RaiseHand("Ana", HandKind.OUCH)):
        clock.advance(95)
        folder.execute(command)
    return folder, clock


# -- a participants report whose person adds up past a week -------------------------------


@pytest.mark.reliability("fold-rejected commits", "participants report: one person's rows past a week")
def test_a_roster_import_leaves_out_a_week_long_person_and_the_session_reads_on(cli: Cli, tmp_path, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    report = tmp_path / "participants.csv"
    report.write_text("Name (Original Name),User Email,Duration (Minutes)\n"
                      "Ann,ann@home.example,7000\nAnn,ann@work.example,7000\nBo,bo@example.org,60\n")
    result = cli("roster", "import", str(report), check=False)
    # The session knows people by name: Ann's two emails add up past a week, so both rows are named and left out.
    skipped = [f"{report}:{line}: this name's rows add up to 14000 minutes, more than a week" for line in (2, 3)]
    recorded = result.code == 0 and result.out.splitlines()[0] == "Bo: 60 min"
    named = all(any(line.startswith(f"  skipped {row}") for line in result.out.splitlines()) for row in skipped)
    people = {p["name"] for p in json.loads(cli("report", "--format", "json").out)["participants"]}
    readable = all(cli(*args, check=False).code == 0 for args in (
        ("status",), ("report", "--format", "json"), ("participant", "add", "Bo"), ("hand", "raise", "Bo")))
    ledger.tried(survived=recorded and named and "Ann" not in people and readable)
    assert recorded, result
    assert named, result.out
    assert "Ann" not in people and "Bo" in people
    assert readable


# -- the fold-first net: whatever a command lets through, the fold refuses --------------


@dataclass(frozen=True)
class Emits:
    """A command gone wrong: it appends whatever events it is given."""

    title: ClassVar[str] = "Faulty action"
    events: tuple[NewEvent, ...]

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        return Outcome(self.events, "did something")


FOLD_REJECTS = {
    "minutes past a week": (NewEvent(EventType.ATTENDANCE_RECORDED, {"name": "Ana", "minutes": 20000.0, "joins": 2}),),
    "minutes not a number": (NewEvent(EventType.ATTENDANCE_RECORDED, {"name": "Ana", "minutes": math.nan, "joins": 1}),),
    "attendance of a stranger": (NewEvent(EventType.ATTENDANCE_RECORDED, {"name": "Zed", "minutes": 5.0, "joins": 1}),),
    "a stranger speaks": (NewEvent(EventType.SPEAKER_STARTED, {"name": "Zed"}),),
    "a request without consent": (NewEvent(EventType.REQUEST_RECORDED, {"name": "Ana", "text": "step up"}),),
    "a stranger leaves": (NewEvent(EventType.PARTICIPANT_LEFT, {"name": "Zed"}),),
    "a stranger raises a hand": (NewEvent(EventType.HAND_RAISED, {"name": "Zed", "kind": "ordinary"}),),
    "a hand of no kind": (NewEvent(EventType.HAND_RAISED, {"name": "Ana", "kind": "shout"}),),
    "a comment that is not there": (NewEvent(EventType.CHAT_MARKED, {"id": 99, "status": "read"}),),
    "a comment added twice": (NewEvent(EventType.CHAT_ADDED, {"id": 1, "author": "Eve", "text": "I am public now",
                                                      "private": False}),),
    "agenda past its end": (NewEvent(EventType.AGENDA_ADVANCED, {"index": 5}),) * 5,
    "undo of the start": (NewEvent(EventType.UNDONE, {"action": 1, "type": "session_started"}),),
    "undo of nothing": (NewEvent(EventType.UNDONE, {"action": 10**6, "type": "bell_rung"}),),
    "a second start": (NewEvent(EventType.SESSION_STARTED, {"topic": "again", "moderator": "Eve"}),),
    "an agreement item that is not": (NewEvent(EventType.AGREEMENT_REMINDED, {"item": 99}),),
    "data that is not JSON": (NewEvent(EventType.FOLLOWUP_ADDED, {"text": {1, 2}}),),
    "good, then bad": (NewEvent(EventType.PARTICIPANT_ADDED, {"name": "Cy", "new_here": True}),
                       NewEvent(EventType.SPEAKER_STARTED, {"name": "Zed"})),
}


@pytest.mark.reliability("fold-rejected commits", "faulty commands' events (store, cached state)")
@pytest.mark.parametrize("label", sorted(FOLD_REJECTS))
def test_events_the_fold_rejects_are_refused_and_nothing_is_written(tmp_path, ledger, label):
    folder, _ = live_folder(tmp_path / "db")
    file = folder.live()
    held = file.state()  # a console holds this very object
    shown, before = view(held), files(folder.root)
    with pytest.raises(CommandError) as refused:
        folder.execute(Emits(FOLD_REJECTS[label]))
    fresh = DataFolder(folder.root).live().state()
    same = files(folder.root) == before and view(held) == shown == view(file.state()) == view(fresh)
    ledger.tried(survived=same and "\n" not in str(refused.value))
    assert "nothing was changed" in str(refused.value)
    assert same
    folder.execute(c.LowerHand("Ben"))  # the session goes on
    assert DataFolder(folder.root).live().state().hand_of("Ben") is None


@pytest.mark.reliability("fold-rejected commits", "a write that fails after the fold (cached state)")
def test_a_write_that_fails_leaves_the_cached_state_as_the_file_is(tmp_path, ledger, monkeypatch):
    folder, _ = live_folder(tmp_path / "db")
    file = folder.live()
    held = file.state()
    shown = view(held)

    def full_disk(path, payload, mode, keep_backup=True):
        raise WriteFailed(path, OSError(28, "No space left on device"))

    monkeypatch.setattr("ipstui.store.document.write_bytes_atomic", full_disk)
    for command in (c.StartSpeaker("Ben"), c.Undo(), c.RecordAttendance((("Cy", 30.0, 1),))):
        with pytest.raises(WriteFailed):
            folder.execute(command)
    monkeypatch.undo()
    ledger.tried(survived=view(held) == shown == view(file.state()), times=3)
    assert view(held) == shown == view(file.state())


# -- hostile group files ------------------------------------------------------------------


def _session(key: str, value: Any) -> Callable[[dict], None]:
    return lambda settings: settings.setdefault("session", {}).__setitem__(key, value)


def _set(key: str, value: Any) -> Callable[[dict], None]:
    return lambda settings: settings.__setitem__(key, value)


def _slot(key: str, value: Any) -> Callable[[dict], None]:
    return lambda settings: settings["slot"].__setitem__(key, value)


HOSTILE_SETTINGS: dict[str, Callable[[dict], None]] = {
    "zero multiple": _session("step_back_multiple", 0),
    "negative multiple": _session("step_back_multiple", -2),
    "NaN multiple": _session("step_back_multiple", math.nan),
    "huge multiple": _session("step_back_multiple", 1e308),
    "multiple as text": _session("step_back_multiple", "2"),
    "multiple as true": _session("step_back_multiple", True),
    "zero bell": _session("bell_minutes", 0),
    "infinite bell": _session("bell_minutes", math.inf),
    "NaN hand wait": _session("hand_wait_minutes", math.nan),
    "negative cue": _session("cue_after_talk_minutes", -1),
    "unknown policy": _session("policy", "loudest-first"),
    "session settings a list": _set("session", [1, 2]),
    "empty slot": _set("slot", {}),
    "slot null": _set("slot", None),
    "caller zones null": _set("caller_zones", None),
    "session settings null": _set("session", None),
    "slot a list": _set("slot", ["saturday"]),
    "no weekday": _slot("weekday", "funday"),
    "weekday a number": _slot("weekday", 5),
    "start past midnight": _slot("start", "25:00"),
    "start with seconds": _slot("start", "17:15:00"),
    "start a number": _slot("start", 1715),
    "start negative": _slot("start", "-1:75"),
    "end before start": _slot("end", "09:00"),
    "unknown zone": _slot("zone", "Mars/Olympus"),
    "zone a path": _slot("zone", "../../../etc/passwd"),
    "zone a data file": _slot("zone", "zone.tab"),
    "zone empty": _slot("zone", ""),
    "caller zones as text": _set("caller_zones", "America/New_York"),
    "caller zone unknown": _set("caller_zones", ["Europe/London", "Nowhere/Else"]),
    "caller zone a number": _set("caller_zones", [5]),
    "join a string": _set("join", "https://zoom.us/j/1"),
    "phones as text": _set("join", {"phones": "+1 646 558 8656"}),
    "phones as numbers": _set("join", {"phones": [16465588656]}),
    "url a table": _set("join", {"url": {"a": 1}}),
    "agreement a list": _set("agreement", [["1", "text"]]),
    "agreement item 99": _set("agreement", {"99": "an item"}),
    "agreement item not a number": _set("agreement", {"one": "an item"}),
    "agreement wording a number": _set("agreement", {"1": 5}),
    "group name a table": _set("group_name", {"a": 1}),
}


def _roster(change: Callable[[dict], None]) -> Callable[[dict], None]:
    return lambda data: [change(person) for person in data["roster"].values()]


HOSTILE_TABLES: dict[str, Callable[[dict], None]] = {
    "roster without sessions": _roster(lambda person: person.pop("sessions")),
    "roster without moderated": _roster(lambda person: person.pop("moderated")),
    "roster preference as text": _roster(lambda person: person.__setitem__("no_read_aloud", "no")),
    "two settings entries": lambda data: data["settings"].__setitem__("2", {"slot": {}}),
    "settings only under 5": lambda data: data.__setitem__("settings", {"5": data["settings"]["1"]}),
}

HOSTILE_GROUP = {**{f"settings: {k}": v for k, v in HOSTILE_SETTINGS.items()},
                 **{f"tables: {k}": v for k, v in HOSTILE_TABLES.items()}}

COMMANDS = (
    ("status",), ("report", "--format", "json"), ("report", "--format", "md"), ("history", "--print"),
    ("announce",), ("agreement", "show"), ("participant", "add", "Zed"), ("hand", "raise", "Ben"),
    ("speak", "Ben"), ("remind", "15"), ("agreement", "edit", "3", "Listen."), ("end",),
    ("start", "--topic", "T", "--moderator", "M"),
)


def plant_group(root: Path, change: Callable[[dict], None], label: str) -> None:
    path = root / "group.json"
    data = json.loads(path.read_text())
    if label.startswith("settings: "):
        change(data["settings"]["1"])
    else:
        change(data)
    path.write_text(json.dumps(data))  # NaN and Infinity as Python writes them


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template") / "db"
    folder, clock = live_folder(root)
    folder.execute(c.EndSession("Ana", "Ben", "Worldview"))
    clock.advance(7 * 86400)
    folder.start("Worldview", "Ana")
    for command in (c.AddParticipant("Ben"), c.StartSpeaker("Ben"), c.RaiseHand("Ana")):
        clock.advance(200)
        folder.execute(command)
    return root


def run_cli(args: tuple[str, ...], root: Path, capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.setenv("IPSTUI_DB", str(root))
    monkeypatch.setenv("IPSTUI_CLOCK", f"{T0.replace(hour=23).isoformat()}@1")
    capsys.readouterr()
    try:
        code = cli.main(["--as", "sam", *args])
    except BaseException as error:  # a crash is what this test looks for
        return -1, f"{type(error).__name__}: {error}\nTraceback\n"
    return code, capsys.readouterr().err


@pytest.mark.reliability("fold-rejected commits", "hostile group.json values on every command")
@pytest.mark.parametrize("label", sorted(HOSTILE_GROUP))
def test_a_hostile_group_file_is_one_damaged_line_on_every_command(template, tmp_path, label, capsys, monkeypatch,
                                                                     ledger):
    root = tmp_path / "db"
    shutil.copytree(template, root)
    plant_group(root, HOSTILE_GROUP[label], label)
    before = files(root)
    failures = []
    for args in COMMANDS:
        code, err = run_cli(args, root, capsys, monkeypatch)
        ok = code == 2 and one_line(err) and "group.json is damaged" in err
        ledger.tried(survived=ok)
        if not ok:
            failures.append((args, code, err))
    assert not failures, failures
    assert files(root) == before


@pytest.mark.reliability("fold-rejected commits", "an older group file's sessions list, hostile values and all")
def test_an_older_group_files_sessions_list_is_never_read(template, tmp_path, capsys, monkeypatch, ledger):
    """The sessions index is the logs': a list an older version kept in group.json opens, whatever it holds."""
    root = tmp_path / "db"
    shutil.copytree(template, root)
    data = json.loads((root / "group.json").read_text())
    assert "sessions" not in data  # a new group file lists no sessions
    ended = min(p.stem.removeprefix("session-") for p in root.glob("session-*.json"))
    data["sessions"] = {"1": {"id": ended, "topic": "Not what was said", "moderator": "Nobody", "status": "paused",
                              "started_at": "yesterday", "attendance": "3.5", "length_seconds": math.inf},
                        "2": {"id": "../../x", "status": "live"}, "x": [1]}
    data["topics"] = {"1": {"title": 5}}
    (root / "group.json").write_text(json.dumps(data))
    results = {args: run_cli(args, root, capsys, monkeypatch) for args in
               (("status",), ("history", "--print"), ("participant", "add", "Zed"), ("report", ended, "--format", "md"))}
    history = run_history(root, capsys, monkeypatch)
    ok = all(code == 0 for code, _ in results.values()) and "Mutuality" in history and "Not what was said" not in history
    ledger.tried(survived=ok)
    assert all(code == 0 for code, _ in results.values()), results
    assert "Mutuality" in history and "Worldview" in history and "Not what was said" not in history, history


def run_history(root: Path, capsys, monkeypatch) -> str:
    monkeypatch.setenv("IPSTUI_DB", str(root))
    capsys.readouterr()
    assert cli.main(["--as", "sam", "history", "--print"]) == 0
    return capsys.readouterr().out


def test_every_hostile_value_is_refused_before_it_is_written(tmp_path, monkeypatch):
    """The group file's own changes are checked like a read: a transaction that would write what a
    read refuses is refused, and the file is left as it was."""
    folder, _ = live_folder(tmp_path / "db")
    before = files(folder.root)
    for label, change in HOSTILE_GROUP.items():
        with pytest.raises(CommandError, match="nothing was changed"):
            with folder.group.doc.transaction() as tx:
                data = copy.deepcopy(tx.storage.data)
                plant = data["settings"]["1"] if label.startswith("settings: ") else data
                change(plant)
                tx.storage.write(data)
        assert files(folder.root) == before, label
        folder.group.settings()  # the cache is sound after the refusal


def test_a_real_process_on_a_hostile_group_file_says_one_line(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("speak", "Sam")
    sound = (cli.db / "group.json").read_bytes()
    for label in ("settings: zero multiple", "settings: empty slot", "tables: roster without sessions"):
        plant_group(cli.db, HOSTILE_GROUP[label], label)
        for args in (("status",), ("report",), ("participant", "add", "Ana"),
                     ("start", "--topic", "T", "--moderator", "M")):
            result = cli(*args, check=False)
            assert result.code == 2 and one_line(result.err) and "group.json is damaged" in result.err, (label, args,
                                                                                                        result.err)
        (cli.db / "group.json").write_bytes(sound)


@pytest.mark.reliability("fold-rejected commits", "hostile group.json planted under a running console")
async def test_the_console_names_a_hostile_group_file_and_runs_on(template, tmp_path, ledger):
    from ipstui.app.app import make_app

    root = tmp_path / "db"
    shutil.copytree(template, root)
    folder = DataFolder(root, clock=ManualClock(T0.replace(hour=23)), actor="sam", terminal="ui")
    app = make_app(folder, folder.clock, viewer_zone="Europe/London")
    survived = 0
    labels = sorted(HOSTILE_SETTINGS)[:12]
    async with running(app, size=(120, 35)) as pilot:
        for label in labels:
            shutil.copy(template / "group.json", root / "group.json")
            plant_group(root, HOSTILE_GROUP[f"settings: {label}"], f"settings: {label}")
            app.check_for_changes()
            await wait_until(pilot, lambda: any("damaged" in str(n.message) for n in app._notifications))
            await pilot.press("n", "b", "enter", "g", "escape")
            await pilot.pause()
            survived += app.is_running
    ledger.tried(survived=survived == len(labels), times=len(labels))
    assert survived == len(labels)


@pytest.mark.reliability("fold-rejected commits", "console opened on a hostile group.json, then recovered")
async def test_a_console_opened_on_a_hostile_group_file_names_it_and_shows_the_session_once_recovered(
        template, tmp_path, ledger):
    from ipstui.app.app import make_app
    from ipstui.app.screens.live import LiveScreen

    root = tmp_path / "db"
    shutil.copytree(template, root)
    plant_group(root, HOSTILE_GROUP["settings: empty slot"], "settings: empty slot")
    folder = DataFolder(root, clock=ManualClock(T0.replace(hour=23)), actor="sam", terminal="ui")
    app = make_app(folder, folder.clock, viewer_zone="Europe/London")
    async with running(app, size=(120, 35)) as pilot:
        await wait_until(pilot, lambda: any("group.json is damaged" in str(n.message) for n in app._notifications))
        await pilot.press("g", "escape", "H", "escape", "e", "escape", "s", "escape")
        await pilot.pause()
        alive = app.is_running
        shutil.copy(template / "group.json", root / "group.json")
        app.check_for_changes()
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("e")  # the closing screen reads the roster
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ClosingScreen")
        ledger.tried(survived=alive and app.is_running)
        assert alive


@pytest.mark.reliability("fold-rejected commits", "planted heartbeat with a moment of no offset")
@pytest.mark.parametrize("seen", ["2026-11-28T22:15:00", "0001-01-01T00:00:00+14:00", 5, None])
def test_a_planted_heartbeat_never_stops_the_consoles_clock(tmp_path, seen, ledger):
    from ipstui.store.presence import FOLDER, Presence

    here = Presence(tmp_path, "sam", "host:pts/1", False)
    here.beat(T0)
    (tmp_path / FOLDER / "planted.json").write_text(json.dumps({"seen_at": seen, "actor": "Eve"}))
    try:
        peers = here.peers(T0)
    except Exception as error:  # a tick of every console runs this
        ledger.tried(survived=False)
        raise AssertionError(f"peers() raised {error!r}") from None
    ledger.tried(survived=True)
    assert all(peer.actor != "Eve" for peer in peers)


# -- hostile session logs: what passes the fold never makes a later commit fail ----------


def planted_log(root: Path, events: list[dict], data: dict | None = None) -> None:
    """Replace the live session's log with crafted events after its first two."""
    path = next(root.glob("session-*.json"))
    data = data or json.loads(path.read_text())
    kept = {key: data["events"][key] for key in ("1", "2")}
    start = len(kept) + 1
    for offset, event in enumerate(events):
        kept[str(start + offset)] = {"at": data["events"]["2"]["at"], "by": "eve", "terminal": "eve",
                                     "action": start + offset, **event}
    data["events"] = kept
    path.write_text(json.dumps(data))


@pytest.mark.reliability("fold-rejected commits", "a log whose hand is a stranger's")
def test_a_log_with_a_strangers_hand_is_damaged_not_a_trap(cli: Cli, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    planted_log(cli.db, [{"type": "hand_raised", "data": {"name": "Zed", "kind": "ordinary"}}])
    before = files(cli.db)
    results = [cli(*args, check=False) for args in (("status",), ("hand", "next"), ("report",))]
    named = all(r.code == 2 and one_line(r.err) and "is damaged" in r.err and "Zed" in r.err for r in results)
    ledger.tried(survived=named and files(cli.db) == before)
    assert named, [r.err for r in results]
    assert files(cli.db) == before


NAMES = st.sampled_from(["Sam", "Ana", "Ben", "Zed", "ana ", "Ｂen"])
MINUTES = st.one_of(st.floats(0, 12000), st.sampled_from([10080.0, 10080.04, 10080.06, 5040.0, math.nan, math.inf,
                                                          -0.01, 1e300]))
COMMAND = st.one_of(
    st.builds(c.AddParticipant, NAMES, st.one_of(st.none(), st.booleans())),
    st.builds(c.RaiseHand, NAMES, st.sampled_from(list(HandKind))),
    st.builds(c.LowerHand, NAMES),
    st.just(c.LowerAllHands()), st.just(c.CallNextHand()), st.just(c.StopSpeaker()),
    st.builds(c.StartSpeaker, NAMES),
    st.builds(c.AddChatComment, NAMES, st.just("a word"), st.booleans(), st.booleans()),
    st.builds(c.MarkComment, st.one_of(st.none(), st.integers(-1, 6), st.just(10**9))),
    st.builds(c.MakeCommentPrivate, st.one_of(st.integers(-1, 6), st.just(10**9))),
    st.just(c.NextAgendaItem()), st.builds(c.RemindAgreement, st.integers(-1, 30)),
    st.builds(c.RingBell, st.one_of(st.none(), NAMES)), st.just(c.Undo()), st.just(c.Undo()),
    st.builds(c.RecordAttendance, st.lists(st.tuples(NAMES, MINUTES, st.integers(0, 3)), max_size=4).map(tuple)),
    st.builds(c.RequestBreakout, st.lists(NAMES, max_size=3).map(tuple)),
    st.builds(c.EndSession, st.one_of(st.none(), NAMES), st.one_of(st.none(), NAMES)),
)
SETTINGS = st.builds(SessionSettings, st.sampled_from(list(QueuePolicy)), st.floats(0.01, 1440),
                     st.floats(0.01, 1440), st.floats(1, 100), st.floats(0.01, 1440))
AGENDAS = st.lists(st.fixed_dictionaries({"title": st.text(max_size=5), "planned_minutes": st.integers(0, 10080)}),
                   max_size=3)
ODD = st.one_of(st.none(), st.integers(-10**20, 10**20), st.floats(), st.text(max_size=4),
                st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2))
# Events a planted log may hold that still fold: hostile, but a sound file.
PLANTED = st.one_of(
    st.builds(lambda name, new: {"type": "participant_added", "data": {"name": name, "new_here": new}},
              NAMES, st.booleans()),
    st.builds(lambda name, kind: {"type": "hand_raised", "data": {"name": name, "kind": kind}},
              st.sampled_from(["Sam", "sam", "ＳＡＭ"]), st.sampled_from([k.value for k in HandKind])),
    st.builds(lambda number, private: {"type": "chat_added", "data": {"id": number, "author": "Zed", "text": "hi",
                                                                      "private": private}},
              st.one_of(st.integers(1, 9), st.just(10**12)), st.booleans()),
    st.builds(lambda minutes: {"type": "attendance_recorded", "data": {"name": "Sam", "minutes": minutes}},
              st.floats(0, 10080)),
    st.just({"type": "speaker_started", "data": {"name": "Sam"}}),
    st.just({"type": "agenda_advanced", "data": {}}),
    st.builds(lambda quiet: {"type": "read_preference_set", "data": {"name": "Sam", "no_read_aloud": quiet}},
              st.booleans()),
    st.builds(lambda odd: {"type": "bell_rung", "data": {"by": odd, "speaker": odd, "turn_seconds": odd}}, ODD),
    st.builds(lambda odd: {"type": "ouch_logged", "data": {"by": odd, "with": odd}}, ODD),
    st.builds(lambda odd: {"type": "followup_added", "data": {"text": odd, "by": odd}}, ODD),
    st.builds(lambda odd: {"type": "agreement_reminded", "data": {"item": 3, "text": odd}}, ODD),
    st.builds(lambda odd: {"type": "breakout_requested", "data": {"names": ["Sam", "Zed"], "note": odd}}, ODD),
    st.builds(lambda odd: {"type": "chat_marked", "data": {"id": 1, "status": "skipped"}, "by": odd}, ODD),
)


def plant_session(root: Path, session: SessionSettings, agenda: list[dict], events: list[dict]) -> bool:
    """Rewrite the live session's log as a hostile member could; True if it still reads as sound."""
    path = next(root.glob("session-*.json"))
    data = json.loads(path.read_text())
    data["events"]["1"]["data"].update(settings=session.to_doc(), agenda=agenda)
    planted_log(root, events, data)
    try:
        DataFolder(root).live().state()
    except DamagedFile:
        return False
    return True


@pytest.mark.reliability("fold-rejected commits", "random commands on hostile sessions: the file stays sound")
@settings(FAST, max_examples=150, suppress_health_check=list(HealthCheck))
@given(session=SETTINGS, agenda=AGENDAS, plants=st.lists(PLANTED, max_size=6),
       commands=st.lists(st.tuples(COMMAND, st.floats(0, 4000)), min_size=1, max_size=25))
def test_any_committed_event_folds_for_every_reader(ledger, session, agenda, plants, commands):
    with tempfile.TemporaryDirectory() as scratch:
        clock = ManualClock(T0)
        root = Path(scratch) / "db"
        folder = DataFolder(root, clock=clock, actor="sam", terminal="test:1")
        session_id, _ = folder.start("Mutuality", "Sam")
        assume(plant_session(root, session, agenda, plants))
        sound = True
        for command, wait in commands:
            clock.advance(wait)
            try:
                folder.execute(command)
            except (CommandError, StoreError) as error:
                assert not isinstance(error, DamagedFile), error
            try:
                fresh = DataFolder(root, clock=clock).session_file(session_id).state()
                sound = view(fresh) == view(folder.session_file(session_id).state())
            except DamagedFile:
                sound = False
            if not sound:
                break
        if sound:
            read_everything(DataFolder(root, clock=clock), session_id)
        ledger.tried(survived=sound)
        assert sound


def read_everything(folder: DataFolder, session_id: str) -> None:
    """Every report and summary a command or screen builds from a session: none may raise."""
    from zoneinfo import ZoneInfo

    from ipstui.domain.analysis import hand_waits, summarize, timeline
    from ipstui.reports import FORMATS
    from ipstui.reports.session_report import render
    from ipstui.reports.status import status_lines

    state, now = folder.state(session_id), folder.clock.now()
    for fmt in FORMATS:
        render(state, now, fmt, ZoneInfo("America/New_York"))
    status_lines(state if state.is_live else None, folder.group.settings(), now)
    summarize(state, now), hand_waits(state, now), timeline(state), state.meters(now), state.queue(now)
    state.projected_end(now), state.bell_due(now), state.to_read()


# -- IPSTUI_CLOCK outside real dates -------------------------------------------------------

CLOCKS = (
    "0001-01-01T00:00:00+00:00@1", "0001-01-01T00:00:00+05:00@1", "9999-12-31T23:59:59+00:00@1",
    "9999-12-31T23:59:59-05:00@1000", "1969-12-31T23:59:59+00:00@1", "1999-12-31T23:59:59+00:00@1",
    "2200-01-01T00:00:00+00:00@1", "2026-11-28T22:15:00+00:00@1e308", "2026-11-28T22:15:00+00:00@inf",
    "2026-11-28T22:15:00+00:00@nan", "2026-11-28T22:15:00+00:00@0", "2026-11-28T22:15:00+00:00@-20",
    "2026-11-28T22:15:00+00:00@1001", "2150-01-01T00:00:00+00:00@1000@0001-01-01T00:00:00+00:00",
    "2150-01-01T00:00:00+00:00@1000@9999-01-01T00:00:00+00:00", "2150-01-01T00:00:00+00:00@1000@1970-01-01T00:00:00Z",
)


@pytest.mark.reliability("fold-rejected commits", "IPSTUI_CLOCK outside real dates or speeds")
@pytest.mark.parametrize("spec", CLOCKS)
def test_a_clock_outside_real_dates_is_refused_and_nothing_is_written(tmp_path, spec, capsys, monkeypatch, ledger):
    root = tmp_path / "db"
    monkeypatch.setenv("IPSTUI_DB", str(root))
    monkeypatch.setenv("IPSTUI_CLOCK", spec)
    capsys.readouterr()
    code = cli.main(["start", "--topic", "T", "--moderator", "Sam"])
    err = capsys.readouterr().err
    refused = code == 2 and one_line(err) and "IPSTUI_CLOCK" in err and not root.exists()
    ledger.tried(survived=refused)
    assert refused, (code, err)


@needs_root
def test_a_planted_group_file_in_a_shared_folder_stops_nobody_with_a_traceback(ipsfd):
    ipsfd.run(ipsfd.victim, "start", "--topic", "Mutuality", "--moderator", "Sam")
    script = ("import json,sys; p=sys.argv[1]; d=json.load(open(p)); "
              "d['settings']['1']['session']={'step_back_multiple': 0}; d['settings']['1']['slot']={}; "
              "open(p,'w').write(json.dumps(d))")
    planted = ipsfd.shell(ipsfd.member, f"python3 -c \"{script}\" {ipsfd.db}/group.json")
    assert planted.returncode == 0, planted.stderr
    for args in (("status",), ("hand", "raise", "Sam"), ("report",), ("start", "--topic", "T", "--moderator", "M")):
        result = ipsfd.run(ipsfd.victim, *args)
        assert result.code == 2 and one_line(result.err) and "group.json is damaged" in result.err, (args, result.err)


ipsfd = shared_folder("ipsfd")
