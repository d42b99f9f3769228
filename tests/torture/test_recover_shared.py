"""`ipstui recover` in a shared folder: a co-moderator's planted or raced links never act for the victim.

Real Unix users: the member plants links and races them into place from a loop of his own while
the victim runs `recover`. The kernel, not the test, decides what each may touch.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.torture.unix_users import SYSTEM_PYTHON, SharedFolder, needs_root, shared_folder

pytestmark = needs_root
shared = shared_folder("ipsre")

SECRET = "diary-word-ipsre-3b7c"
TRIES = 12

# Swaps `path` between a sound copy of `sound` and a link to `target`, as fast as it can, until
# `stop` exists: a reader that checks one and then opens the other is caught in the act.
RACER = textwrap.dedent("""
    import os, sys
    path, target, sound, stop = sys.argv[1:5]
    folder = os.path.dirname(path)
    spare, master = os.path.join(folder, ".racer"), os.path.join(folder, ".racer-sound")
    if sound != "-":
        with open(sound, "rb") as source, open(master, "wb") as out:
            out.write(source.read())
    while not os.path.exists(stop):
        if sound != "-":
            os.link(master, spare)
            os.rename(spare, path)
        os.symlink(target, spare)
        os.rename(spare, path)
""")


def ended_session(folder: SharedFolder) -> Path:
    """A session the victim started and ended, with a sound .bak; its file's path."""
    # A session recovered from the copy made before its end is live again (its log says so): end it.
    folder.run(folder.victim, "end")
    for args in (["start", "--topic", "Mutuality", "--moderator", "Vic"], ["participant", "add", "Ana"],
                 ["chat", "add", "--author", "Ana", "hello all"]):
        ran = folder.run(folder.victim, *args)
        assert ran.code == 0, ran.err
    session_id = json.loads(folder.run(folder.victim, "report", "--format", "json").out)["session"]["id"]
    assert folder.run(folder.victim, "end").code == 0
    path = folder.db / f"session-{session_id}.json"
    assert json.loads(path.with_name(path.name + ".bak").read_bytes())["events"]
    return path


def victims_file(folder: SharedFolder, name: str, text: str) -> Path:
    """A file of the victim's own, in her home, readable by her alone."""
    path = folder.home(folder.victim) / name
    path.write_text(text)
    os.chown(path, *_ids(folder.victim))
    os.chmod(path, 0o600)
    return path


def _ids(user: str) -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam(user)
    return entry.pw_uid, entry.pw_gid


def seen_in_folder(db: Path, word: str) -> int:
    """How many plain files under the folder hold `word` (a link is never followed, even one raced in)."""
    found = 0
    for root, _dirs, files in os.walk(db):
        for name in files:
            try:
                fd = os.open(Path(root) / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                continue  # gone, or a link
            with os.fdopen(fd, "rb") as file:
                if stat.S_ISREG(os.fstat(fd).st_mode) and word.encode() in file.read():
                    found += 1
    return found


def racer(folder: SharedFolder, path: Path, target: Path, sound: str, stop: Path) -> subprocess.Popen:
    """The member's loop, swapping `path` between a sound copy and a link to `target`."""
    return subprocess.Popen(["runuser", "-u", folder.member, "--", SYSTEM_PYTHON, "-c", RACER,
                             str(path), str(target), sound, str(stop)], cwd="/", stdin=subprocess.DEVNULL)


def stop_racer(process: subprocess.Popen, stop: Path) -> None:
    stop.touch()
    process.wait(timeout=30)
    stop.unlink()


def damage_as_member(folder: SharedFolder, path: Path) -> None:
    done = folder.shell(folder.member, f"printf '{{\"events\":' > {path}")
    assert done.returncode == 0, done.stderr


def clear_line(ran) -> bool:
    lines = ran.err.strip().splitlines()
    return ran.code == 0 or (ran.code == 2 and len(lines) == 1 and lines[0].startswith("ipstui: error:"))


@pytest.mark.reliability("recover races", "a co-moderator's link to a private file as NAME.json.bak, planted and raced")
def test_a_planted_backup_link_never_brings_a_private_file_into_the_folder(shared: SharedFolder, ledger):
    path = ended_session(shared)
    backup = path.with_name(path.name + ".bak")
    good = backup.read_bytes()  # the member can read it as well
    diary = victims_file(shared, "diary.txt", f"my own words: {SECRET}\n")
    # Planted once: the copy is a link.
    damage_as_member(shared, path)
    assert shared.shell(shared.member, f"ln -sfn {diary} {backup}").returncode == 0
    ran = shared.run(shared.victim, "recover", path.name)
    leaked = seen_in_folder(shared.db, SECRET)
    ledger.tried(survived=ran.code == 2 and clear_line(ran) and not leaked, leaked=leaked)
    assert ran.code == 2 and "symbolic link" in ran.err, ran
    assert not leaked
    # Raced: the copy is a sound file when checked and a link when read, or the other way round.
    sound = shared.base / "sound-copy.json"
    sound.write_bytes(good)
    os.chmod(sound, 0o644)
    stop = shared.base / "stop-racer"
    results = []
    process = racer(shared, backup, diary, str(sound), stop)
    try:
        for _ in range(TRIES):
            damage_as_member(shared, path)
            ran = shared.run(shared.victim, "recover", path.name)
            leaked = seen_in_folder(shared.db, SECRET)
            ledger.tried(survived=clear_line(ran) and not leaked, leaked=leaked)
            results.append((ran.code, leaked))
            if leaked:
                break  # the words are out: every later try would count the same files again
    finally:
        stop_racer(process, stop)
    assert all(leaked == 0 for _, leaked in results), results
    assert all(clear_line_code in (0, 2) for clear_line_code, _ in results), results
    assert diary.read_text() == f"my own words: {SECRET}\n"


@pytest.mark.reliability("recover races", "a co-moderator's link to ~/.bashrc as NAME.json, planted and raced")
def test_a_link_raced_into_the_file_is_never_written_through(shared: SharedFolder, ledger):
    path = ended_session(shared)
    bashrc = victims_file(shared, ".bashrc", "# her own shell start-up\n")
    os.chmod(bashrc, 0o644)
    before = (bashrc.read_bytes(), stat.S_IMODE(os.stat(bashrc).st_mode))

    def untouched() -> bool:
        return (bashrc.read_bytes(), stat.S_IMODE(os.stat(bashrc).st_mode)) == before

    # Planted once: the file is a link, its copy sound.
    assert shared.shell(shared.member, f"ln -sfn {bashrc} {path}").returncode == 0
    planted = shared.run(shared.victim, "recover", path.name)
    ledger.tried(survived=clear_line(planted) and untouched())
    restored = stat.S_ISREG(os.lstat(path).st_mode) and json.loads(path.read_bytes())["events"]
    kept = [os.readlink(p) for p in shared.db.glob(f"{path.name}.damaged-*") if p.is_symlink()]
    # Raced: a fresh link renamed over the file again and again while the victim recovers.
    stop = shared.base / "stop-racer"
    process = racer(shared, path, bashrc, "-", stop)
    codes = []
    try:
        for _ in range(TRIES):
            ran = shared.run(shared.victim, "recover", path.name)
            codes.append(ran.code)
            ledger.tried(survived=clear_line(ran) and untouched())
            if not untouched():
                break
    finally:
        stop_racer(process, stop)
    assert untouched(), bashrc.read_bytes()
    assert set(codes) <= {0, 2}, codes
    assert planted.code == 0 and "symbolic link" in planted.out, planted
    assert restored and kept[:1] == [str(bashrc)], kept
