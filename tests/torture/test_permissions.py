"""Who may read the data: the owner only, or the moderating team's group, whatever the umask."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

import ipstui as ipstui_package
from ipstui.domain import commands as c
from ipstui.store import DataFolder
from ipstui.store.presence import Presence
from tests.e2e.conftest import BIN


# Another user cannot reach this interpreter (it may live in root's home): theirs is the
# system's, of the same version, given this installation's packages.
SYSTEM_PYTHON = "/usr/bin/python3"
PACKAGES = os.pathsep.join([sysconfig.get_paths()["purelib"], str(Path(ipstui_package.__file__).parents[1])])


def ipstui(db: Path, *args: str, user: str | None = None, group: str | None = None) -> subprocess.CompletedProcess:
    """The installed command under umask 000, as `user` with `group` among their groups if given."""
    command, identity, env = [str(BIN)], {}, {**os.environ, "HOME": "/tmp"}
    if user:
        command = [SYSTEM_PYTHON, "-m", "ipstui"]
        identity = {"user": user, "extra_groups": [group]}
        env["PYTHONPATH"] = PACKAGES
    result = subprocess.run([*command, "--db", str(db), "--as", user or "sam", *args], capture_output=True, text=True,
                            umask=0, timeout=60, env=env, cwd="/tmp", **identity)
    assert result.returncode == 0, (args, result.stderr)
    return result


def session_life(db: Path, export: Path, **who: str) -> None:
    """Everything that writes a data, backup, lock or export file."""
    ipstui(db, "start", "--topic", "Mutuality", "--moderator", "Sam", **who)
    for args in (["participant", "add", "Ana"], ["chat", "add", "--author", "Ana", "hello"], ["remind", "15"],
                 ["agreement", "edit", "3", "Listen."], ["end"], ["start", "--topic", "Again", "--moderator", "Ana"],
                 ["export", "--output", str(export)]):
        ipstui(db, *args, **who)
    # Recover restores only a damaged file.
    group = db / "group.json"
    group.write_bytes(group.read_bytes()[:-20])
    ipstui(db, "recover", "group.json", **who)


def modes(root: Path) -> dict[str, tuple[int, int]]:
    """Mode bits and group of the folder and everything in it."""
    found = {".": (stat.S_IMODE(os.stat(root).st_mode), os.stat(root).st_gid)}
    for path in root.rglob("*"):
        info = os.lstat(path)
        found[str(path.relative_to(root))] = (stat.S_IMODE(info.st_mode), info.st_gid)
    return found


def heartbeat(root: Path) -> None:
    previous = os.umask(0)
    try:
        Presence(root, "sam", "host:pts/1", mode=DataFolder(root).mode).beat(datetime.now(timezone.utc))
    finally:
        os.umask(previous)


def stranded_temp_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A write killed between creating its temp file and putting it in place leaves the temp file."""
    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    previous = os.umask(0)
    monkeypatch.setattr("ipstui.store.atomic.os.replace", killed)
    try:
        DataFolder(root).execute(c.AddParticipant("Ben"))
    except KeyboardInterrupt:
        pass
    finally:
        monkeypatch.undo()
        os.umask(previous)
    return next(root.glob("session-*.json.tmp"))


@pytest.mark.reliability("permissions", "owner-only files and folders under umask 000")
def test_everything_is_the_owners_alone_even_under_umask_000(tmp_path: Path, monkeypatch, ledger):
    db = tmp_path / "new" / "deeper" / "db"
    export = tmp_path / "backup.json"
    session_life(db, export)
    heartbeat(db)
    temp = stranded_temp_file(db, monkeypatch)
    found = modes(db)
    wrong = {name: oct(mode) for name, (mode, _) in found.items()
             if mode != (0o700 if (db / name).is_dir() else 0o600)}
    parents = {str(path): oct(stat.S_IMODE(os.stat(path).st_mode)) for path in (db.parent, db.parent.parent)
               if stat.S_IMODE(os.stat(path).st_mode) & 0o022}
    checked = [*found, *parents, "export"]
    for name in checked:
        ledger.tried(survived=name not in wrong and name not in parents)
    export_mode = stat.S_IMODE(os.stat(export).st_mode)
    ledger.tried(survived=export_mode == 0o600)
    assert {name for name in found if name.endswith((".bak", ".lock"))} and temp.name in found
    assert "presence" in found and any(name.startswith("presence/") for name in found)
    assert wrong == {} and parents == {}
    assert export_mode == 0o600


@pytest.fixture
def team():
    """A Unix group with one member besides root, removed afterwards."""
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("needs root to create a test user and group")
    same = subprocess.run([SYSTEM_PYTHON, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
    if same.stdout.strip() != str(sys.version_info[:2]):
        pytest.skip(f"{SYSTEM_PYTHON} is not Python {sys.version_info[0]}.{sys.version_info[1]}")
    group, user = f"ipsperm{os.getpid()}", f"ipsperm{os.getpid()}u"
    subprocess.run(["groupadd", group], check=True)
    subprocess.run(["useradd", "-M", "-N", "-G", group, "-s", "/bin/sh", user], check=True)
    base = Path(tempfile.mkdtemp(prefix="ipstui-perm-"))
    os.chmod(base, 0o755)
    try:
        yield group, user, base
    finally:
        shutil.rmtree(base, ignore_errors=True)
        subprocess.run(["userdel", user], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)


@pytest.mark.reliability("permissions", "group-shared files under umask 000, two users")
def test_a_shared_folder_is_the_groups_alone_whoever_writes_under_umask_000(team, ledger):
    group, user, base = team
    gid = grp.getgrnam(group).gr_gid
    db = base / "db"
    ipstui(db, "init", "--group", group)
    ipstui(db, "start", "--topic", "Mutuality", "--moderator", "Sam")
    heartbeat(db)
    for args in (["participant", "add", "Ana"], ["chat", "add", "--author", "Ana", "hi"], ["agreement", "edit", "2", "Respect."],
                 ["remind", "2"], ["end"], ["start", "--topic", "Again", "--moderator", "Ana"]):
        ipstui(db, *args, user=user, group=group)
    found = modes(db)
    owners = {pwd.getpwuid(os.lstat(db / name).st_uid).pw_name for name in found if name != "."}
    wrong = {name: (oct(mode), owner_gid) for name, (mode, owner_gid) in found.items()
             if owner_gid != gid or mode != (0o2770 if (db / name).is_dir() else 0o660)}
    for name in found:
        ledger.tried(survived=name not in wrong)
    assert owners == {"root", user}
    assert wrong == {}
