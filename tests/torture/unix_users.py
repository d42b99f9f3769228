"""Real Unix users on one shared data folder: two members of the moderating group and an outsider.

A shared-folder attack is only honest between real accounts: the kernel's permissions, not the
test, decide what each one can read and write. Needs root (useradd, runuser); each test module
names its own users, so modules never share accounts. ipstui is installed for them outside
root's private home, in a virtual environment of this checkout's own.
"""

from __future__ import annotations

import fcntl
import grp
import hashlib
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# One environment per checkout: two checkouts tested at once never install over each other.
VENV = Path(f"/opt/ipstui-torture-{hashlib.sha1(str(REPO).encode()).hexdigest()[:10]}")
SYSTEM_PYTHON = "/usr/bin/python3"

needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("runuser") is None or shutil.which("useradd") is None
    or not Path(SYSTEM_PYTHON).exists(),
    reason="needs root, useradd, runuser and the system Python to run as other Unix users",
)


def _run(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, timeout=600, **kwargs)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {result.stdout!r}{result.stderr!r}")
    return result


def install_for_all() -> Path:
    """This checkout's ipstui, installed where every user can run it; returns its command.

    Once per test run, under a lock: parallel workers of one run share the installation.
    """
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"
    marker = VENV / "installed-for-run"
    with open(f"{VENV}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists() and marker.read_text() == run_id:
            return VENV / "bin" / "ipstui"
        if not (VENV / "bin" / "pip").exists():
            _run(SYSTEM_PYTHON, "-m", "venv", str(VENV))
            _run(str(VENV / "bin" / "pip"), "install", "-q", str(REPO))
        else:
            _run(str(VENV / "bin" / "pip"), "install", "-q", "--force-reinstall", "--no-deps", str(REPO))
        marker.write_text(run_id)
    return VENV / "bin" / "ipstui"


@dataclass
class Ran:
    code: int
    out: str
    err: str


class SharedFolder:
    """A data folder shared by `member` and `victim` (one Unix group); `outsider` is in neither."""

    def __init__(self, prefix: str) -> None:
        self.group = f"{prefix}-team"
        self.victim = f"{prefix}-vic"
        self.member = f"{prefix}-mem"
        self.outsider = f"{prefix}-out"
        self.users = (self.victim, self.member, self.outsider)
        self.base = Path(tempfile.mkdtemp(prefix=f"ipstui-{prefix}-", dir="/srv" if Path("/srv").is_dir() else None))
        self.db = self.base / "db"
        self.ipstui = Path()

    def set_up(self) -> None:
        _run("groupadd", "-f", self.group)
        for user in self.users:
            if _run("id", user, check=False).returncode != 0:
                groups = ["-G", self.group] if user != self.outsider else []
                _run("useradd", "-m", "-s", "/bin/sh", *groups, user)
        self.ipstui = install_for_all()
        os.chmod(self.base, 0o755)
        shutil.chown(self.base, self.victim, self.group)
        result = self.run(self.victim, "init", "--group", self.group)
        assert result.code == 0, result.err

    def home(self, user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    def gid(self) -> int:
        return grp.getgrnam(self.group).gr_gid

    def run(self, user: str, *args: str, env: dict[str, str] | None = None, timeout: float = 60,
            db: Path | None = None) -> Ran:
        """`ipstui --db DB ARGS` as `user`, in a login-free environment of their own."""
        environment = {"PATH": "/usr/bin:/bin", "HOME": str(self.home(user)), "LANG": "C.UTF-8",
                       "USER": user, "LOGNAME": user, **(env or {})}
        result = subprocess.run(["runuser", "-u", user, "--", "env", "-i",
                                 *(f"{key}={value}" for key, value in environment.items()),
                                 str(self.ipstui), "--db", str(db or self.db), *args],
                                capture_output=True, timeout=timeout, cwd="/")
        return Ran(result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace"))

    def shell(self, user: str, script: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """A shell command as `user` (the attacker planting files)."""
        return subprocess.run(["runuser", "-u", user, "--", "sh", "-c", script], capture_output=True, text=True,
                              timeout=timeout, cwd="/")

    def tear_down(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)
        for user in self.users:
            _run("userdel", "-r", user, check=False)
        _run("groupdel", self.group, check=False)


def shared_folder(prefix: str):
    """A module-scoped fixture of a SharedFolder whose users are named from `prefix` (≤ 8 letters)."""

    @pytest.fixture(scope="module")
    def fixture():
        folder = SharedFolder(prefix)
        try:
            folder.set_up()
            yield folder
        finally:
            folder.tear_down()

    return fixture
