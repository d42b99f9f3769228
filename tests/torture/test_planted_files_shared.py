"""Real Unix users on one shared folder: what a member plants never reads another's private folder, nor hangs her.

The member of the moderating group may write the shared folder; the victim keeps a private
data folder of her own, in her home, holding a name nobody else may read. The kernel, not
the test, decides who can read what: the member's only way to the secret is to make the
victim's own ipstui read it for her.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
from pathlib import Path

import pytest

from tests.torture.leaks import count_in_files
from tests.torture.unix_users import Ran, SharedFolder, needs_root, shared_folder

SECRET = "Ysolde Marrowgate"
PROMPT = 15.0

team = shared_folder("ipsfo")


def run(folder: SharedFolder, user: str, *args: str, db: Path | None = None) -> Ran:
    """`ipstui` as `user`, given a deadline; a command that hangs comes back as code None."""
    try:
        return folder.run(user, *args, timeout=PROMPT, db=db)
    except subprocess.TimeoutExpired:
        reap(user, str(db or folder.db))
        return Ran(None, "", "hung")  # type: ignore[arg-type]


def reap(user: str, db: str) -> None:
    """End the hung ipstui that runuser left behind (it would keep `user` from being removed)."""
    uid = pwd.getpwnam(user).pw_uid
    for entry in Path("/proc").iterdir():
        try:
            mine = entry.name.isdigit() and entry.stat().st_uid == uid
            command = (entry / "cmdline").read_bytes().split(b"\0") if mine else []
        except OSError:
            continue
        if db.encode() in command:
            os.kill(int(entry.name), signal.SIGKILL)


def secrets_in(root: Path) -> int:
    """How many times the secret is in the plain files under `root` (read as root, links not followed)."""
    return count_in_files(root, SECRET)


def one_line_naming(ran: Ran, name: str) -> bool:
    lines = ran.err.strip().splitlines()
    return ran.code == 2 and len(lines) == 1 and lines[0].startswith("ipstui: error:") and name in lines[0]


@pytest.fixture(scope="module")
def shared(team: SharedFolder) -> SharedFolder:
    """The victim's private folder with the secret, and a live session in the shared one."""
    private = team.home(team.victim) / "private-db"
    assert run(team, team.victim, "start", "--topic", "Private", "--moderator", SECRET, db=private).code == 0
    assert run(team, team.victim, "end", db=private).code == 0
    started = run(team, team.victim, "start", "--topic", "Mutuality", "--moderator", "Vic")
    assert started.code == 0, started.err
    return team


COMMANDS = [("status",), ("participant", "add", "Bo"), ("report",), ("history", "--print"),
            ("start", "--topic", "T", "--moderator", "Kim")]
ATTACKS = {
    "a link to the victim's private group file": "ln -s {private}/group.json {db}/group.json",
    "a FIFO as the group file": "mkfifo -m 660 {db}/group.json",
    "a link to /dev/zero as the group file": "ln -s /dev/zero {db}/group.json",
    "a link to the victim's private session file": "ln -s {private}/{session} {db}/{live}",
}


@needs_root
@pytest.mark.reliability("hostile folder", "a member plants links and FIFOs for another member")
@pytest.mark.parametrize("attack", list(ATTACKS))
def test_what_a_member_plants_is_refused_by_name_and_never_reads_the_victims_private_folder(attack, shared, ledger):
    private = shared.home(shared.victim) / "private-db"
    session = next(p.name for p in private.iterdir() if p.name.startswith("session-") and p.name.endswith(".json"))
    live = next(p.name for p in shared.db.iterdir() if p.name.startswith("session-") and p.name.endswith(".json"))
    target = "group.json" if "group" in attack else live
    moved = f"{shared.db}/{target}.kept"
    plant = ATTACKS[attack].format(private=private, db=shared.db, session=session, live=live)
    planted = shared.shell(shared.member, f"mv {shared.db}/{target} {moved} && {plant}")
    assert planted.returncode == 0, planted.stderr
    try:
        answers = [run(shared, shared.victim, *args) for args in COMMANDS]
    finally:
        shared.shell(shared.member, f"rm -f {shared.db}/{target} && mv {moved} {shared.db}/{target}")
    clear = [one_line_naming(ran, target) for ran in answers]
    secrets = secrets_in(shared.db)
    for outcome in clear:
        ledger.tried(survived=outcome, leaked=secrets)
    assert clear == [True] * len(clear), [ran.err for ran in answers]
    assert secrets == 0
    # Put back, the session goes on.
    assert run(shared, shared.victim, "status").code == 0


@needs_root
@pytest.mark.reliability("hostile folder", "a member plants a FIFO among the heartbeats")
def test_a_fifo_among_the_heartbeats_holds_no_command_up(shared, ledger):
    planted = shared.shell(shared.member, f"mkdir -p {shared.db}/presence && mkfifo -m 660 {shared.db}/presence/x.json")
    assert planted.returncode == 0, planted.stderr
    try:
        answers = [run(shared, shared.victim, *args) for args in COMMANDS[:4]]
    finally:
        shared.shell(shared.member, f"rm -f {shared.db}/presence/x.json")
    done = [ran.code == 0 for ran in answers]
    for outcome in done:
        ledger.tried(survived=outcome)
    assert done == [True] * len(done), [ran.err for ran in answers]


@needs_root
@pytest.mark.reliability("hostile folder", "an outsider plants or acts")
def test_an_outsider_can_neither_plant_nor_act(shared, ledger):
    before = sorted(os.listdir(shared.db))
    planted = shared.shell(shared.outsider, f"ln -s /dev/zero {shared.db}/session-2020-01-04.json; "
                                             f"mkfifo {shared.db}/presence/y.json; ls {shared.db}")
    answers = [run(shared, shared.outsider, *args) for args in COMMANDS]
    refused = [ran.code == 2 and len(ran.err.strip().splitlines()) == 1 for ran in answers]
    tries = refused + [planted.returncode != 0 and sorted(os.listdir(shared.db)) == before]
    for outcome in tries:
        ledger.tried(survived=outcome)
    assert tries == [True] * len(tries), [ran.err for ran in answers]
