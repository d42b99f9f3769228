"""Files planted in the data folder, or handed to an import: never followed, never waited on, never read whole.

A group member can put a link, a FIFO, a device or a huge file under any name in a shared
folder. Every command answers promptly with one line naming the file, a stray planted file
outside the history does not stop the live session, and a console keeps running.
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
from pathlib import Path

import pytest

from ipstui.store.atomic import MAX_DATA_BYTES, MAX_IMPORT_BYTES
from tests.e2e.conftest import BIN, Cli, cli  # noqa: F401  (the fixture)
from tests.torture.leaks import count_in_files
from tests.torture.rawpty import RawConsole
from tests.ui.conftest import running

SECRET = "Quillon Vantberg"
PROMPT = 15.0  # seconds: far beyond any honest command, far below "frozen"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zoom"


def plant(path: Path, kind: str, private: Path) -> None:
    """Put a hostile `kind` of file under `path`'s name, as a member of the folder's group could."""
    if os.path.lexists(path):
        path.unlink()
    if kind == "link to a private file":
        path.symlink_to(private)
    elif kind == "FIFO":
        os.mkfifo(path, 0o660)
    elif kind == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "huge sparse file":
        with open(path, "wb") as handle:
            handle.truncate(MAX_DATA_BYTES + 1)
    else:
        raise ValueError(kind)


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under `root` as it stands, read without following or waiting on anything."""
    found: dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        for name in files + dirs:
            path = Path(folder) / name
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_DATA_BYTES:
                content: object = path.read_bytes()
            elif stat.S_ISLNK(info.st_mode):
                content = ("link", os.readlink(path))
            else:
                content = (stat.S_IFMT(info.st_mode), info.st_size)
            found[str(path.relative_to(root))] = (content, info.st_mode)
    return found


def leaked(root: Path, *outputs: str) -> int:
    """How many times the secret shows in the folder's plain files and in what the commands printed."""
    return sum(text.count(SECRET) for text in outputs) + count_in_files(root, SECRET)


def run(db: Path, *args: str, memory: int | None = None) -> tuple[int | None, str, str]:
    """The installed command with a deadline (and a memory ceiling); code None if it hung."""

    def ceiling() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "IPSTUI_DB": str(db), "COLUMNS": "120"}
    try:
        proc = subprocess.run([str(BIN), "--as", "sam", *args], capture_output=True, env=env, timeout=PROMPT,
                              preexec_fn=ceiling)
    except subprocess.TimeoutExpired:
        return None, "", "hung"
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def one_line_naming(code: int | None, err: str, name: str) -> bool:
    """Exit 2 and one line that names the refused file."""
    lines = err.strip().splitlines()
    return code == 2 and len(lines) == 1 and lines[0].startswith("ipstui: error:") and name in lines[0]


@pytest.fixture
def live(cli: Cli, tmp_path: Path) -> tuple[Cli, str, Path]:
    """A live session in a folder, and beside it someone's private folder holding a secret name."""
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Ana")
    session_id = json.loads(cli("report", "--format", "json").out)["session"]["id"]
    private = Cli(tmp_path / "private")
    private("start", "--topic", "Private", "--moderator", SECRET)
    return cli, session_id, tmp_path / "private"


KINDS = ["link to a private file", "FIFO", "link to /dev/zero", "huge sparse file"]
READING = [("status",), ("report",), ("history", "--print"), ("report", "--format", "csv")]
WRITING = [("participant", "add", "Bo"), ("hand", "raise", "Ana"), ("start", "--topic", "T", "--moderator", "Kim")]


@pytest.mark.reliability("hostile folder", "planted group or live session file, every command")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("target", ["group.json", "session-{id}.json"])
def test_a_planted_data_file_is_named_in_one_line_promptly_and_changes_nothing(kind, target, live, ledger):
    cli, session_id, private = live
    name = target.format(id=session_id)
    secret = private / ("group.json" if name == "group.json" else next(private.glob("session-*.json")).name)
    plant(cli.db / name, kind, secret)
    before = snapshot(cli.db)
    answers = [run(cli.db, *args) for args in READING + WRITING]
    after = snapshot(cli.db)
    clear = [one_line_naming(code, err, name) for code, _, err in answers]
    secrets = leaked(cli.db, *(out + err for _, out, err in answers))
    for outcome in clear:
        ledger.tried(survived=outcome and after == before, leaked=secrets)
    assert clear == [True] * len(answers), [err for _, _, err in answers]
    assert after == before
    assert secrets == 0


@pytest.mark.reliability("hostile folder", "planted lock file, every command")
@pytest.mark.parametrize("kind", ["link to a private file", "FIFO", "link to /dev/zero"])
@pytest.mark.parametrize("target", ["group.json.lock", "session-{id}.json.lock"])
def test_a_planted_lock_file_refuses_changes_in_one_line_and_leaves_reading_alone(kind, target, live, ledger):
    cli, session_id, private = live
    name = target.format(id=session_id)
    plant(cli.db / name, kind, private / "group.json")
    before = snapshot(cli.db)
    reads = [run(cli.db, *args) for args in READING]
    # Adding someone locks both files; raising a hand, the session's alone.
    writes = [run(cli.db, *args) for args in (WRITING[:1] if name == "group.json.lock" else WRITING[:2])]
    after = snapshot(cli.db)
    tries = [code == 0 for code, _, _ in reads] + [one_line_naming(code, err, name) for code, _, err in writes]
    secrets = leaked(cli.db, *(out + err for _, out, err in reads + writes))
    for outcome in tries:
        ledger.tried(survived=outcome and after == before, leaked=secrets)
    assert tries == [True] * len(tries), [err for _, _, err in reads + writes]
    assert after == before and secrets == 0


@pytest.mark.reliability("hostile folder", "stray planted session file outside the history")
@pytest.mark.parametrize("kind", KINDS + ["folder"])
def test_a_stray_planted_session_file_does_not_stop_the_live_session(kind, live, ledger):
    cli, _, private = live
    stray = cli.db / "session-2020-01-04.json"
    if kind == "folder":
        stray.mkdir()
    else:
        plant(stray, kind, private / "group.json")
    answers = [run(cli.db, *args) for args in READING + WRITING[:2]]
    report = json.loads(run(cli.db, "report", "--format", "json")[1] or "{}")
    tries = [code == 0 for code, _, _ in answers]
    tries.append([p["name"] for p in report.get("participants", [])] == ["Sam", "Ana", "Bo"])
    secrets = leaked(cli.db, *(out + err for _, out, err in answers))
    for outcome in tries:
        ledger.tried(survived=outcome, leaked=secrets)
    assert tries == [True] * len(tries), [err for _, _, err in answers]
    assert secrets == 0


def sources(tmp_path: Path) -> dict[str, Path]:
    """Files no import may wait on or read without end, each named for what it is."""
    fifo = tmp_path / "chat.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "linked.txt"
    link.symlink_to(FIXTURES / "current.txt")
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)
    return {"/dev/zero": Path("/dev/zero"), "a FIFO": fifo, "a link": link, "a huge sparse file": huge,
            "a folder": tmp_path}


# Python, Textual's imports and a chat file at the cap fit well within this; 20 GB of /dev/zero did not.
MEMORY = 1 << 30


@pytest.mark.reliability("hostile folder", "import from /dev/zero, a FIFO, a link, a huge file")
@pytest.mark.parametrize("command", [("chat", "import"), ("chat", "follow"), ("roster", "import")])
def test_an_import_refuses_what_is_not_a_plain_file_promptly_in_bounded_memory(command, live, tmp_path, ledger):
    cli, _, _ = live
    before = snapshot(cli.db)
    tries = []
    for what, path in sources(tmp_path).items():
        code, _, err = run(cli.db, *command, str(path), memory=MEMORY)
        tries.append((what, one_line_naming(code, err, str(path)), err.strip()))
    after = snapshot(cli.db)
    for _, outcome, _ in tries:
        ledger.tried(survived=outcome and after == before)
    assert [what for what, outcome, _ in tries if not outcome] == [], tries
    assert after == before


def responsive(term: RawConsole) -> None:
    """The console still answers a key: the command palette opens and closes (a crash fails the wait)."""
    term.send("\x10")  # ctrl+p
    term.wait_for("Search for commands")
    term.send("\x1b")
    term.wait_gone("Search for commands")


@pytest.mark.reliability("hostile folder", "FIFOs planted under a running console")
def test_a_console_keeps_running_with_fifos_planted_as_presence_and_group_files(live, tmp_path, ledger):
    cli, _, _ = live
    term = RawConsole(cli.db, size=(120, 35))
    survived = False
    try:
        term.wait_for("Ana")
        # A FIFO among the heartbeats: the console reads peers every second.
        (cli.db / "presence").mkdir(exist_ok=True)
        os.mkfifo(cli.db / "presence" / "planted.json")
        cli("participant", "add", "Zed")
        term.wait_for("Zed")
        # The group's file swapped for a FIFO mid-session: said once, by name.
        os.replace(cli.db / "group.json", tmp_path / "group.json.kept")
        os.mkfifo(cli.db / "group.json")
        term.wait_for("group.json is refused")
        # Each action meets the FIFO: logging an ouch, the closing screen (the roster), the history (the index).
        for key in ("o", "e", "H", "g"):
            term.send(key)
            if key == "o":  # the ouch dialog: logged by the speaker
                term.wait_for("Who said ouch?")
                term.send("\r")
            responsive(term)
            term.wait_for("group.json is refused")
        # Put back: the console carries on as if nothing happened.
        os.unlink(cli.db / "group.json")
        os.replace(tmp_path / "group.json.kept", cli.db / "group.json")
        cli("participant", "add", "Yan")
        term.wait_for("Yan")
        survived = term.proc.poll() is None
    finally:
        alive, code, _ = term.finish()
    ledger.tried(survived=survived and alive and code == 0, times=6)
    assert survived and (alive, code) == (True, 0)


@pytest.mark.reliability("hostile folder", "console opened on a planted group file")
def test_a_console_opened_on_a_planted_group_file_names_it_before_taking_the_terminal(cli, tmp_path, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    os.replace(cli.db / "group.json", tmp_path / "group.json.kept")
    os.mkfifo(cli.db / "group.json")
    term = RawConsole(cli.db, size=(120, 35))
    try:
        code = term.proc.wait(PROMPT)
    finally:
        term.finish()
    said = [line for line in bytes(term.output).decode("utf-8", "replace").splitlines() if line.strip()]
    named = code == 2 and len(said) == 1 and "group.json is refused" in said[0]
    ledger.tried(survived=named)
    assert named, said


LIVE_KEYS = ["n", "s", "x", "h", "c", "r", "e", "a", "l", "L", "k", "p", "right_square_bracket", "o", "b", "f",
             "u", "1", "2", "3", "4", "tab", "g", "H", "ctrl+t"]


@pytest.mark.reliability("hostile folder", "every console key with the group file a FIFO")
async def test_every_console_key_meeting_a_planted_group_file_says_so_and_carries_on(tmp_path, ledger):
    from ipstui.app.screens.home import HomeScreen
    from ipstui.app.screens.live import LiveScreen
    from tests.ui.conftest import demo_app, empty_app

    app = demo_app(tmp_path / "db")
    carried_on = 0
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        group = app.folder.group.path
        os.replace(group, tmp_path / "group.json.kept")
        os.mkfifo(group)
        app.check_for_changes()
        for key in LIVE_KEYS:
            await pilot.press(key)
            await pilot.press("escape")  # whatever prompt the key opened
            await pilot.pause()
            carried_on += app.is_running and isinstance(app.screen, LiveScreen)
        await pilot.press("a", *"Bo", "enter")
        await pilot.pause()
        said = list(app._notifications)[-1].message if app._notifications else ""
        carried_on += "group.json is refused" in said
    ledger.tried(survived=carried_on == len(LIVE_KEYS) + 1, times=len(LIVE_KEYS) + 1)
    assert carried_on == len(LIVE_KEYS) + 1, said
    # A console whose first screen meets it opens home on the usual settings, and says why.
    other = empty_app(tmp_path / "db")
    async with running(other, size=(120, 35)) as pilot:
        await pilot.pause()
        home = isinstance(other.screen, HomeScreen)
        for key in ("s", "y", "g"):
            await pilot.press(key)
            await pilot.press("escape")
        said = list(other._notifications)[-1].message if other._notifications else ""
        alive = other.is_running
    ledger.tried(survived=home and alive and "group.json is refused" in said)
    assert home and alive and "group.json is refused" in said


@pytest.mark.reliability("hostile folder", "heartbeats: FIFO, links, huge, naive times, a flood of files")
def test_reading_heartbeats_never_waits_and_costs_a_bounded_look(tmp_path, monkeypatch, ledger):
    import threading
    from datetime import datetime, timezone

    from ipstui.store import presence as module

    now = datetime.now(timezone.utc)
    here = module.Presence(tmp_path, "sam", "host:pts/1")
    here.beat(now)
    other = module.Presence(tmp_path, "kim", "host:pts/2")
    other.id = "kim-real"
    other.beat(now)
    folder = tmp_path / "presence"
    os.mkfifo(folder / "fifo.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "secret.json").symlink_to(tmp_path / "presence" / "kim-real.json")
    with open(folder / "huge.json", "wb") as handle:
        handle.truncate(1 << 30)
    (folder / "naive.json").write_text(json.dumps({"seen_at": now.replace(tzinfo=None).isoformat()}))
    (folder / "list.json").write_text("[1, 2]")
    for number in range(2000):
        (folder / f"zz-flood-{number:04d}.json").write_text("{}")
    reads = []
    real = module.read_regular
    monkeypatch.setattr(module, "read_regular", lambda path, limit: reads.append(path) or real(path, limit))
    found: list = []
    looker = threading.Thread(target=lambda: found.append(here.peers(now)), daemon=True)
    looker.start()
    looker.join(PROMPT)
    peers = found[0] if found else None
    survived = peers is not None and [peer.actor for peer in peers] == ["kim"] and len(reads) <= module.MAX_PEER_FILES
    ledger.tried(survived=survived)
    assert peers is not None, "reading heartbeats hung"
    assert [peer.actor for peer in peers] == ["kim"]
    assert len(reads) <= module.MAX_PEER_FILES


@pytest.mark.reliability("hostile folder", "a FIFO or device in a data file's place when it is saved")
@pytest.mark.parametrize("kind", ["FIFO", "device", "link to /dev/zero"])
def test_a_file_swapped_for_a_fifo_before_a_save_never_becomes_the_backup(kind, tmp_path, ledger):
    from ipstui.store.atomic import backup_path, write_bytes_atomic

    path = tmp_path / "group.json"
    write_bytes_atomic(path, b'{"a":1}')
    write_bytes_atomic(path, b'{"a":2}')
    path.unlink()
    if kind == "FIFO":
        os.mkfifo(path)
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("only root makes a device node")
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's numbers
    else:
        path.symlink_to("/dev/zero")
    write_bytes_atomic(path, b'{"a":3}')
    backup = os.lstat(backup_path(path))
    kept = stat.S_ISREG(backup.st_mode) and backup_path(path).read_bytes() == b'{"a":1}'
    saved = stat.S_ISREG(os.lstat(path).st_mode) and path.read_bytes() == b'{"a":3}'
    ledger.tried(survived=kept and saved)
    assert kept and saved
