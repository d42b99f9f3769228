"""Recover, purge and restore: nothing acknowledged lost, no purged word left, never a half-restored folder."""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import stat
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ipstui.domain import commands as c
from ipstui.store import DataFolder
from tests.e2e.conftest import BIN, Cli, Result, cli  # noqa: F401  (the fixture)

CANARY = b"canary: must never change\n"


def tree(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry under `root` but lock files, by name: its kind and its bytes or link target."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in files + dirs:
            path = Path(folder) / name
            if name.endswith(".lock"):
                continue
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                found[str(path.relative_to(root))] = ("link", os.readlink(path).encode())
            elif stat.S_ISREG(mode):
                found[str(path.relative_to(root))] = ("file", path.read_bytes())
            else:
                found[str(path.relative_to(root))] = (oct(stat.S_IFMT(mode)), b"")
    return found


def refused(result: Result, *needles: str) -> bool:
    """Exit 2 with one line saying so."""
    lines = result.err.strip().splitlines()
    return (result.code == 2 and len(lines) == 1 and lines[0].startswith("ipstui: error:")
            and all(needle in lines[0] for needle in needles))


def live_session(cli: Cli) -> Path:
    """A live session with people, a hand, chat and an agenda step; its file."""
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    for args in (["participant", "add", "Ana"], ["participant", "add", "Ben"], ["hand", "raise", "Ana"],
                 ["chat", "add", "--author", "Ana", "hello all"], ["speak", "Ben"]):
        cli(*args)
    session = json.loads(cli("report", "--format", "json").out)["session"]["id"]
    return cli.db / f"session-{session}.json"


def events(path: Path) -> int:
    return len(json.loads(path.read_bytes())["events"])


# -- recover ----------------------------------------------------------------------------------

@pytest.mark.reliability("recover races", "recover asked of a sound file")
def test_recover_refuses_a_sound_file_and_loses_nothing(cli: Cli, ledger):
    path = live_session(cli)
    before, logged = tree(cli.db), events(path)
    for name in ("group.json", path.name):
        result = cli("recover", name, check=False)
        lost = logged - events(path)
        ledger.tried(survived=refused(result, name, "sound", "nothing was changed") and tree(cli.db) == before,
                     lost=lost)
        assert refused(result, name, "sound", "nothing was changed"), result
        assert lost == 0 and tree(cli.db) == before


def _cut(path: Path, canary: Path) -> None:
    path.write_bytes(path.read_bytes()[:-25])


def _garbage(path: Path, canary: Path) -> None:
    path.write_bytes(b"\x00\xff not JSON at all")


def _foreign(path: Path, canary: Path) -> None:
    path.write_bytes((path.parent / "group.json").read_bytes())


def _link(path: Path, canary: Path) -> None:
    path.unlink()
    path.symlink_to(canary)


def _fifo(path: Path, canary: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _folder(path: Path, canary: Path) -> None:
    path.unlink()
    path.mkdir()


def _missing(path: Path, canary: Path) -> None:
    path.unlink()


IN_PLACE = {"cut short": _cut, "not JSON": _garbage, "a group file": _foreign, "a link": _link, "a FIFO": _fifo,
            "a folder": _folder, "missing": _missing}


@pytest.mark.reliability("recover races", "damaged files, links, FIFOs and folders in a data file's place")
@pytest.mark.parametrize("what", sorted(IN_PLACE))
def test_recover_restores_the_copy_and_keeps_what_was_there_by_rename(what: str, cli: Cli, tmp_path: Path, ledger):
    path = live_session(cli)
    canary = tmp_path / "canary"
    canary.write_bytes(CANARY)
    backup = path.with_name(path.name + ".bak")
    good = backup.read_bytes()
    IN_PLACE[what](path, canary)
    was = [] if what == "missing" else [tree(cli.db)[path.name]]
    result = cli("recover", path.name, check=False)
    kept = [entry for name, entry in tree(cli.db).items() if ".damaged-" in name]
    restored = result.code == 0 and stat.S_ISREG(os.lstat(path).st_mode) and path.read_bytes() == good
    ledger.tried(survived=restored and kept == was and canary.read_bytes() == CANARY)
    assert result.code == 0, result.err
    assert restored and canary.read_bytes() == CANARY
    assert kept == was
    cli("status")
    cli("participant", "add", "Cy")  # the restored session takes new actions


def _copy_linked_elsewhere(backup: Path, tmp_path: Path) -> None:
    # A sound session log outside the folder, holding a word that must never come in.
    elsewhere = tmp_path / "private-session.json"
    data = json.loads(backup.read_bytes())
    data["events"]["4"]["data"]["text"] = "private-word-elsewhere"
    elsewhere.write_text(json.dumps(data))
    backup.unlink()
    backup.symlink_to(elsewhere)


def _copy_fifo(backup: Path, tmp_path: Path) -> None:
    backup.unlink()
    os.mkfifo(backup)


def _copy_damaged(backup: Path, tmp_path: Path) -> None:
    backup.write_bytes(backup.read_bytes()[:-3])


def _copy_missing(backup: Path, tmp_path: Path) -> None:
    backup.unlink()


def _copy_of_another_session(backup: Path, tmp_path: Path) -> None:
    data = json.loads(backup.read_bytes())
    data["meta"]["1"]["session_id"] = "2020-01-04"
    data["events"]["1"]["data"]["session_id"] = "2020-01-04"
    backup.write_text(json.dumps(data))


COPIES = {"a link to a sound log elsewhere": _copy_linked_elsewhere, "a FIFO": _copy_fifo,
          "damaged": _copy_damaged, "missing": _copy_missing, "another session's log": _copy_of_another_session}


@pytest.mark.reliability("recover races", "copies that are links, FIFOs, damaged, missing or another session's")
@pytest.mark.parametrize("what", sorted(COPIES))
def test_recover_refuses_a_copy_it_cannot_trust_and_changes_nothing(what: str, cli: Cli, tmp_path: Path, ledger):
    path = live_session(cli)
    path.write_bytes(path.read_bytes()[:-25])
    COPIES[what](path.with_name(path.name + ".bak"), tmp_path)
    before = tree(cli.db)
    result = cli("recover", path.name, check=False)
    leaked = sum(b"private-word-elsewhere" in content for _, content in tree(cli.db).values())
    ok = refused(result, "nothing was changed") or refused(result, "is refused")
    ledger.tried(survived=ok and tree(cli.db) == before, leaked=leaked)
    assert ok, result
    assert tree(cli.db) == before and not leaked


@pytest.mark.reliability("paths", "recover given paths, not names")
def test_recover_takes_a_name_of_this_folder_and_nothing_else(cli: Cli, tmp_path: Path, ledger):
    path = live_session(cli)
    cli("end")
    path.write_bytes(path.read_bytes()[:-25])
    before = tree(tmp_path)
    names = [f"../db/{path.name}", str(path), f"./{path.name}", f"{path.name}/", f"{path.name}\n", f" {path.name}",
             "./group.json", str(cli.db / "group.json"), f"session-../{path.name}", path.name.upper(), f"{path.name}.bak"]
    outcomes = []
    for name in names:
        result = cli("recover", name, check=False)
        outcomes.append(refused(result, "not a data file"))
        ledger.tried(survived=outcomes[-1] and tree(tmp_path) == before)
    assert outcomes == [True] * len(names), list(zip(names, outcomes))
    assert tree(tmp_path) == before
    assert cli("recover", path.name).out.startswith(f"restored {path.name}")


# -- purge ------------------------------------------------------------------------------------

WORDS = ("purge-public-word", "purge-private-word", "purge-quoted-word", "purge-late-word")


@pytest.mark.reliability("privacy", "purged chat words left in copies of the file (.bak, recovered, temp)")
def test_purge_leaves_no_copy_of_the_words_anywhere_in_the_folder(cli: Cli, ledger):
    path = live_session(cli)
    cli("chat", "add", "--author", "Ana", f"{WORDS[0]} for all")
    cli("chat", "add", "--author", "Ben", "--private", f"{WORDS[1]} for the moderators")
    folder = DataFolder(cli.db, actor="sam", terminal="test:1")
    item = c.ChatItem("zoom:quoted", "Ana", "replying", datetime.now(timezone.utc), reply_to=f"{WORDS[2]} said earlier")
    folder.execute(c.ImportChatComments((item,)))
    # A damaged moment recovered: the damaged bytes are kept aside, words and all (only the
    # last action is lost with them).
    cli("hand", "lower", "Ana")
    path.write_bytes(path.read_bytes()[:-25])
    cli("recover", path.name)
    cli("chat", "add", "--author", "Ana", f"{WORDS[3]} at the end")
    # A writer that died mid-write leaves its temp file.
    path.with_name(path.name + ".tmp").write_bytes(path.read_bytes())
    cli("end")
    said = cli("purge", "--chat-older-than", "0").out
    left = {word: sorted(name for name, (_, content) in tree(cli.db).items() if word.encode() in content) for word in WORDS}
    leaked = sum(len(names) for names in left.values())
    # Recover cannot bring them back either.
    path.write_bytes(path.read_bytes()[:-25])
    cli("recover", path.name)
    back = sum(word.encode() in content for word in WORDS for _, content in tree(cli.db).values())
    ledger.tried(survived=not leaked and not back, leaked=leaked + back)
    assert left == {word: [] for word in WORDS}
    assert back == 0
    assert "from 1 session;" in said and ".damaged-" in said and f"{path.name}.bak" in said, said
    report = json.loads(cli("report", path.stem.removeprefix("session-"), "--format", "json").out)
    assert len(report["chat"]) == 5 and {comment["text"] for comment in report["chat"]} == {""}


# -- import-backup ----------------------------------------------------------------------------

def many_sessions(cli: Cli, tmp_path: Path, count: int) -> Path:
    """A backup of `count` ended sessions, each a copy of one real session under its own date."""
    live_session(cli)
    cli("end")
    exported = tmp_path / "one.json"
    cli("export", "--output", str(exported))
    backup = json.loads(exported.read_bytes())
    (original_id, original), = backup["sessions"].items()
    day = datetime.fromisoformat(original_id)
    sessions = {}
    for number in range(count):
        session_id = (day - timedelta(days=7 * number)).strftime("%Y-%m-%d")
        data = json.loads(json.dumps(original))
        data["meta"]["1"]["session_id"] = session_id
        data["events"]["1"]["data"]["session_id"] = session_id
        sessions[session_id] = data
    source = tmp_path / "many.json"
    source.write_text(json.dumps({**backup, "sessions": sessions}))
    return source


def history_ids(db: Path) -> list[str]:
    return [line.split()[0] for line in Cli(db)("history", "--print").out.splitlines()[1:]]


@pytest.mark.reliability("faults", "SIGKILL of import-backup at random moments")
def test_a_killed_import_leaves_the_target_as_it_was(cli: Cli, tmp_path: Path, ledger):
    count = 150
    source = many_sessions(cli, tmp_path, count)
    env = {**os.environ, "COLUMNS": "120"}
    started = time.monotonic()
    whole = tmp_path / "whole"
    subprocess.run([str(BIN), "--db", str(whole), "import-backup", str(source)], check=True, env=env, timeout=300)
    took = time.monotonic() - started
    assert len(history_ids(whole)) == count
    rng = random.Random(20261205)
    outcomes = []
    for attempt in range(10):
        target = tmp_path / f"target-{attempt}"
        if attempt % 2:
            target.mkdir(mode=0o700)  # an empty folder made ready for it
        process = subprocess.Popen([str(BIN), "--db", str(target), "import-backup", str(source)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.0) * took)
        process.send_signal(signal.SIGKILL)
        process.wait()
        contents = sorted(os.listdir(target)) if target.exists() else None
        whole_now = contents is not None and len([n for n in contents if n.endswith(".json")]) == count + 1
        as_it_was = contents == ([] if attempt % 2 else None)
        # A later start indexes nothing of a killed import, and a complete one whole.
        Cli(target)("start", "--topic", "After", "--moderator", "Sam")
        indexed = len(history_ids(target))
        expected = count + 1 if whole_now else 1
        half = 0 if (as_it_was or whole_now) else len(contents or [])
        ledger.tried(survived=(as_it_was or whole_now) and indexed == expected, lost=half)
        outcomes.append((attempt, "kept" if as_it_was else "whole" if whole_now else f"half: {contents}", indexed))
    assert all(outcome in ("kept", "whole") for _, outcome, _ in outcomes), outcomes
    assert all(indexed in (1, count + 1) for _, _, indexed in outcomes), outcomes
    # What a killed import leaves beside its target is cleared by the next one; a staging
    # folder whose import is alive (its lock held) is left alone.
    dead = tmp_path / ".again.import-dead1234"
    dead.mkdir(mode=0o700)
    (dead / "session-2020-01-04.json").write_bytes(b"half")
    alive = tmp_path / ".again.import-live5678"
    alive.mkdir(mode=0o700)
    held = os.open(alive, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        Cli(tmp_path / "again")("import-backup", str(source))
        assert not dead.exists() and alive.exists()
    finally:
        os.close(held)
    assert len(history_ids(tmp_path / "again")) == count


@pytest.mark.reliability("fuzz", "backups whose sessions index disagrees with the logs")
def test_a_restored_index_is_folded_from_the_logs_not_taken_on_trust(cli: Cli, tmp_path: Path, ledger):
    live_session(cli)
    exported = tmp_path / "backup.json"
    cli("export", "--output", str(exported))
    backup = json.loads(exported.read_bytes())
    (session_id, log), = backup["sessions"].items()
    started_at = log["events"]["1"]["at"]
    # A sessions list as an older version kept it in the group file, lying about the session.
    backup["group"]["sessions"] = {"1": {"id": session_id, "topic": "Not what was said", "moderator": "Sam",
                                         "status": "ended", "started_at": started_at, "ended_at": started_at,
                                         "attendance": 99}}
    exported.write_text(json.dumps(backup))
    restored = Cli(tmp_path / "restored")
    restored("import-backup", str(exported))
    again = restored("start", "--topic", "Second", "--moderator", "Ana", check=False)
    history = restored("history", "--print").out
    ok = refused(again, "is live") and "Mutuality" in history and "Not what was said" not in history
    ledger.tried(survived=ok)
    assert refused(again, "is live"), again
    assert "Mutuality" in history and "Not what was said" not in history
    assert json.loads(restored("report", "--format", "json").out)["session"]["status"] == "live"
    assert "sessions" not in json.loads((restored.db / "group.json").read_bytes())  # the old list is dropped


@pytest.mark.reliability("paths", "import-backup reading a FIFO, a folder or a link")
@pytest.mark.parametrize("what", ["fifo", "folder", "link"])
def test_import_reads_only_a_plain_file(what: str, cli: Cli, tmp_path: Path, ledger):
    live_session(cli)
    exported = tmp_path / "backup.json"
    cli("export", "--output", str(exported))
    source = tmp_path / "source"
    if what == "fifo":
        os.mkfifo(source)
    elif what == "folder":
        source.mkdir()
    else:
        source.symlink_to(exported)
    target = tmp_path / "restored"
    try:
        proc = subprocess.run([str(BIN), "--db", str(target), "import-backup", str(source)], capture_output=True,
                              timeout=20)
        result = Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode(), proc.stdout, proc.stderr)
    except subprocess.TimeoutExpired:
        result = Result(-1, "", "blocked", b"", b"")
    ok = refused(result, str(source)) and not target.exists()
    ledger.tried(survived=ok)
    assert ok, result
