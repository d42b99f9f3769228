"""Damaged data files: opening them names the file and the way back, and changes no byte."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.domain.schedule import slot_from_settings
from ipstui.domain.state import HandKind
from ipstui.reports import FORMATS
from ipstui.reports.session_report import render
from ipstui.reports.status import status_lines
from ipstui.store import DamagedFile, DataFolder, StoreError
from ipstui.store.backup import import_backup, write_backup
from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env
from tests.helpers import T0

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
# Each example of these runs the installed command several times (0.15 to 0.3 s each).
FUZZ_CLI = settings(FUZZ, max_examples=12)


def build_history(root: Path) -> DataFolder:
    """A real folder: one ended session full of events, and a live one."""
    clock = ManualClock(T0)
    folder = DataFolder(root, clock=clock, actor="sam", terminal="test:1")
    folder.start("Mutuality", "Sam")
    for command in (c.AddParticipant("Ana"), c.AddParticipant("Ben", no_read_aloud=True), c.RaiseHand("Ana"),
                    c.RaiseHand("Ben", HandKind.OUCH), c.CallNextHand(), c.AddChatComment("Ana", "hello"),
                    c.AddChatComment("Ben", "psst", direct=True), c.MarkComment(), c.NextAgendaItem(),
                    c.RemindAgreement(15), c.StartSpeaker("Ana"), c.Undo(),
                    c.EndSession("Ana", "Ben", "Worldview")):
        clock.advance(37)
        folder.execute(command)
    clock.advance(7 * 86400)
    folder.start("Worldview", "Ana")
    for command in (c.AddParticipant("Sam"), c.RaiseHand("Sam"), c.StartSpeaker("Ana"),
                    c.AddChatComment("Sam", "a question")):
        clock.advance(11)
        folder.execute(command)
    return folder


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("history") / "db"
    build_history(root)
    return root


def data_files(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.name.endswith(".json"))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the folder but the lock files, which opening may create."""
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


def assert_kept(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Reading changed nothing, but that the sessions index may have been brought in step with
    the session files (a reading terminal repairs it, as after a process died between the two):
    then only the group file changed, only by what it gained, and the file it was is its .bak."""
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    if not changed:
        return
    assert changed <= {"group.json", "group.json.bak"}, sorted(changed)
    assert after["group.json.bak"] == before["group.json"]  # one write: the file as it was is kept
    old, new = json.loads(before["group.json"]), json.loads(after["group.json"])
    assert new["settings"] == old["settings"]
    for table, key in (("sessions", "id"), ("roster", "name"), ("topics", "title")):
        assert {doc[key] for doc in new[table].values()} >= {doc[key] for doc in old[table].values()}, table


def open_everything(root: Path) -> None:
    """Read the folder the way the console, `status`, `report` and `history` do."""
    folder = DataFolder(root, clock=ManualClock(T0 + timedelta(days=7, hours=1)))
    now = folder.clock.now()
    settings = folder.group.settings()
    zone = pendulum.timezone(slot_from_settings(settings).zone)
    folder.history()
    folder.upcoming()
    folder.volunteers()
    folder.known_names()
    folder.context()
    live = folder.live_session_id()
    status_lines(folder.state(live) if live else None, settings, now)
    for summary in folder.sessions():
        state = folder.state(summary.id)
        for fmt in FORMATS:
            render(state, now, fmt, zone)


def must_fail_cleanly(root: Path, damaged: Path) -> StoreError | None:
    """Open the folder: fine, or a one-line StoreError; a DamagedFile for `damaged` offers recovery."""
    try:
        open_everything(root)
    except StoreError as error:
        message = str(error)
        assert "\n" not in message
        if isinstance(error, DamagedFile) and error.path == damaged:
            assert damaged.name in message and f"ipstui recover {damaged.name}" in message, message
        return error
    return None


# -- how a file gets damaged ----------------------------------------------------------------

def truncate(raw: bytes, data) -> bytes:
    return raw[: data.draw(st.integers(0, len(raw) - 1), label="cut at")]


def flip(raw: bytes, data) -> bytes:
    at = data.draw(st.integers(0, len(raw) - 1), label="flip at")
    mask = data.draw(st.integers(1, 255), label="mask")
    return raw[:at] + bytes([raw[at] ^ mask]) + raw[at + 1:]


def insert(raw: bytes, data) -> bytes:
    at = data.draw(st.integers(0, len(raw)), label="insert at")
    return raw[:at] + data.draw(st.binary(min_size=1, max_size=8), label="inserted") + raw[at:]


def delete(raw: bytes, data) -> bytes:
    at = data.draw(st.integers(0, len(raw) - 1), label="delete at")
    return raw[:at] + raw[at + data.draw(st.integers(1, 16), label="deleted"):]


BYTE_DAMAGE = {"truncate": truncate, "flip": flip, "insert": insert, "delete": delete}

DEEP = "\x00deep"
HOSTILE_VALUES = st.one_of(
    st.none(), st.booleans(), st.just([]), st.just({}), st.just("x"), st.just(""),
    st.sampled_from([-1, 0, 10**30, -(10**30), 1e308, -1e308, 2**63, 10**400]),
    st.just("2026-11-28T22:15:00"),  # a moment without its offset
    st.just("9999-12-31T23:59:59+00:00"), st.just("0001-01-01T00:00:00+14:00"),
    st.just([{"a": 1}]), st.just(DEEP),
    st.recursive(st.none() | st.integers() | st.text(max_size=5),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                 max_leaves=6),
)


def _encode(data) -> bytes:
    raw = json.dumps(data, separators=(",", ":")).encode()
    # Nesting deeper than any JSON encoder will write for us.
    return raw.replace(json.dumps(DEEP).encode(), b"[" * 100_000 + b"]" * 100_000)


def reshape(raw: bytes, data) -> bytes:
    """Valid JSON of the wrong shape: one value somewhere replaced, removed, or the events renumbered."""
    doc = json.loads(raw)
    how = data.draw(st.sampled_from(["replace", "remove", "renumber", "list"]), label="how")
    if how == "renumber" and isinstance(doc.get("events"), dict):
        events = doc["events"]
        keys = list(events)
        order = data.draw(st.permutations(keys), label="order")
        names = data.draw(st.lists(st.sampled_from(keys + ["0", "-1", "99", "1.5", "x"]), min_size=len(keys),
                                   max_size=len(keys)), label="seqs")
        doc["events"] = {name: events[key] for name, key in zip(names, order)}
        return json.dumps(doc).encode()
    parent, key = None, None
    node = doc
    for _ in range(data.draw(st.integers(1, 6), label="depth")):
        if not isinstance(node, (dict, list)) or not node:
            break
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, data.draw(st.sampled_from(keys), label="step")
        node = parent[key]
    if parent is None:
        return _encode(data.draw(HOSTILE_VALUES, label="whole"))
    if how == "remove":
        del parent[key]
    elif how == "list":
        parent[key] = list(node.values()) if isinstance(node, dict) else [node]
    else:
        parent[key] = data.draw(HOSTILE_VALUES, label="value")
    return _encode(doc)


def write_refused(root: Path, damaged: Path) -> None:
    """Acting on a folder with a damaged file is refused before anything is written over it."""
    folder = DataFolder(root, clock=ManualClock(T0 + timedelta(days=7, hours=1)), actor="sam", terminal="test:2")
    raw = damaged.read_bytes()
    for act in (lambda: folder.execute(c.AddParticipant("Zed")), lambda: folder.start("Again", "Sam")):
        try:
            act()
        except StoreError as error:
            assert "\n" not in str(error)
        assert damaged.read_bytes() == raw


def damage_and_open(template: Path, data, damage) -> None:
    """Damage one data file of a copy of `template`, open it, and recover if it was found damaged."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "db"
        shutil.copytree(template, root)
        target = data.draw(st.sampled_from(data_files(root)), label="file")
        damaged = damage(target.read_bytes(), data)
        target.write_bytes(damaged)
        before = snapshot(root)
        error = must_fail_cleanly(root, target)
        named = isinstance(error, DamagedFile) and error.path == target
        event(f"{target.name.split('-')[0]}: {type(error).__name__ if error else 'opened'}{'' if named or not error else ' elsewhere'}")
        assert_kept(before, snapshot(root))
        if named:
            write_refused(root, target)
            recover(root, target, data, damage)


def recover(root: Path, target: Path, data, damage) -> None:
    """`ipstui recover` brings back a sound file, or changes nothing when its copy is damaged too."""
    backup = target.with_name(target.name + ".bak")
    if data.draw(st.booleans(), label="copy damaged too"):
        backup.write_bytes(damage(backup.read_bytes(), data))
    before = snapshot(root)
    try:
        DataFolder(root, clock=ManualClock(T0)).recover(target.name)
    except StoreError as error:
        assert f"{backup.name} is damaged too" in str(error) and "\n" not in str(error)
        assert snapshot(root) == before
        return
    # The copy is sound, though it may list a session whose file is gone: that is no damage of its own.
    error = must_fail_cleanly(root, target)
    assert not (isinstance(error, DamagedFile) and error.path == target), error
    assert [p.read_bytes() for p in root.glob(f"{target.name}.damaged-*")] == [before[target.name]]


@pytest.mark.reliability("fuzz", "session and group files with bytes cut, flipped, inserted or deleted")
@FUZZ
@given(data=st.data(), how=st.sampled_from(sorted(BYTE_DAMAGE)))
def test_files_with_damaged_bytes_are_named_kept_and_recoverable(template, ledger, data, how):
    damage_and_open(template, data, BYTE_DAMAGE[how])
    ledger.tried()


@pytest.mark.reliability("fuzz", "session and group files as valid JSON of the wrong shape")
@FUZZ
@given(data=st.data())
def test_files_of_the_wrong_shape_are_named_kept_and_recoverable(template, ledger, data):
    damage_and_open(template, data, reshape)
    ledger.tried()


ANY_DAMAGE = {**BYTE_DAMAGE, "reshape": reshape}


@pytest.fixture(scope="module")
def backup_file(template, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("backup") / "backup.json"
    write_backup(DataFolder(template, clock=ManualClock(T0)), target)
    return target


def restore(backup: bytes, scratch: Path, restorer) -> StoreError | None:
    """Restore damaged backup bytes into a new folder: all of it, sound, or nothing at all."""
    source = scratch / "backup.json"
    source.write_bytes(backup)
    root = scratch / "db"
    try:
        restorer(root, source)
    except StoreError as error:
        assert "\n" not in str(error) and str(source) in str(error)
        assert not root.exists() or not any(root.iterdir()), sorted(p.name for p in root.iterdir())
        return error
    open_everything(root)
    return None


def restore_in_process(root: Path, source: Path) -> None:
    import_backup(DataFolder(root, clock=ManualClock(T0)), source)


@pytest.mark.reliability("fuzz", "damaged backups given to import_backup")
@FUZZ
@given(data=st.data(), how=st.sampled_from(sorted(ANY_DAMAGE)))
def test_a_damaged_backup_restores_a_sound_folder_or_nothing(backup_file, ledger, data, how):
    with tempfile.TemporaryDirectory() as scratch:
        error = restore(ANY_DAMAGE[how](backup_file.read_bytes(), data), Path(scratch), restore_in_process)
    event(f"{how}: {'refused' if error else 'restored'}")
    ledger.tried()


def assert_clean_exit(result) -> None:
    """Exit 0, or exit 2 with one line on standard error; never a traceback."""
    assert result.code in (0, 2), result
    if result.code == 2:
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("ipstui: error:"), result.err


@pytest.mark.reliability("fuzz", "damaged files through ipstui status, report, history and recover")
@FUZZ_CLI
@given(data=st.data(), how=st.sampled_from(sorted(ANY_DAMAGE)))
def test_the_command_line_names_a_damaged_file_and_recovers_it(template, ledger, data, how):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "db"
        shutil.copytree(template, root)
        target = data.draw(st.sampled_from(data_files(root)), label="file")
        target.write_bytes(ANY_DAMAGE[how](target.read_bytes(), data))
        before = snapshot(root)
        cli = Cli(root)
        ended = min(p.stem.removeprefix("session-") for p in root.glob("session-*.json"))
        readers = (["status"], ["report", "--format", "json"], ["report", ended, "--format", "md"], ["history", "--print"])
        results = [cli(*args, check=False) for args in readers]
        for result in results:
            assert_clean_exit(result)
        assert_kept(before, snapshot(root))
        named = any(f"ipstui recover {target.name}" in result.err for result in results)
        event(f"{how}: {'recovered' if named else 'read'}")
        if named:
            assert cli("recover", target.name).out.startswith(f"restored {target.name}")
            for args in readers[:3]:
                cli(*args)
    ledger.tried()


def restore_by_command(root: Path, source: Path) -> None:
    result = Cli(root)("import-backup", str(source), check=False)
    assert_clean_exit(result)
    if result.code:
        raise StoreError(result.err.strip())


@pytest.mark.reliability("fuzz", "damaged backups through ipstui import-backup")
@FUZZ_CLI
@given(data=st.data(), how=st.sampled_from(sorted(ANY_DAMAGE)))
def test_import_backup_refuses_a_damaged_backup_in_one_line(backup_file, ledger, data, how):
    with tempfile.TemporaryDirectory() as scratch:
        restore(ANY_DAMAGE[how](backup_file.read_bytes(), data), Path(scratch), restore_by_command)
    ledger.tried()


@pytest.mark.parametrize("name", ["group.json", "session-2026-12-05.json"])
def test_the_console_names_a_damaged_file_before_taking_the_terminal(template, tmp_path, name):
    root = tmp_path / "db"
    shutil.copytree(template, root)
    (root / name).write_bytes((root / name).read_bytes()[:-30])
    term = Terminal("damaged", [str(BIN), "--as", "sam"], (120, 35), console_env(root))
    try:
        screen = term.wait_for("[exited]")
    finally:
        term.close()
        Terminal.kill_server()
    assert f"ipstui recover {name}" in screen and "Traceback" not in screen
    assert screen.lstrip().startswith("ipstui: error:")
