"""Co-moderators over a real OpenSSH server on 127.0.0.1: two team members, one outsider.

Needs root (to create the test users and run sshd) and OpenSSH; `.ci/run` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal

REPO = Path(__file__).resolve().parents[2]
GROUP = "ipstui-e2e"
TEAM = ("ipse2e-mod", "ipse2e-co")
OUTSIDER = "ipse2e-out"
VENV = Path("/opt/ipstui-e2e-venv")
SSHD = shutil.which("sshd") or "/usr/sbin/sshd"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not Path(SSHD).exists() or shutil.which("ssh") is None,
    reason="needs root and OpenSSH (server and client) to run a real sshd with test users",
)


def run(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {result.stdout}{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Host:
    """A small moderation host: users, a group, ipstui installed for all, and sshd."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.port = free_port()
        self.keys = work / "keys"
        self.keys.mkdir()
        self.data = Path(tempfile.mkdtemp(prefix="ipstui-e2e-", dir="/srv" if Path("/srv").is_dir() else None))
        self.db = self.data / "db"
        self.sshd: subprocess.Popen | None = None

    def install(self) -> None:
        run("groupadd", "-f", GROUP)
        for user in (*TEAM, OUTSIDER):
            if run("id", user, check=False).returncode != 0:
                groups = ["-G", GROUP] if user in TEAM else []
                run("useradd", "-m", "-s", "/bin/sh", *groups, user)
            run("usermod", "-p", "*", user)  # no password, but not a locked account
            home = Path(f"~{user}").expanduser()
            ssh_dir = home / ".ssh"
            ssh_dir.mkdir(mode=0o700, exist_ok=True)
            key = self.keys / user
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key))
            (ssh_dir / "authorized_keys").write_text((self.keys / f"{user}.pub").read_text())
            shutil.chown(ssh_dir, user, user)
            shutil.chown(ssh_dir / "authorized_keys", user, user)
            os.chmod(ssh_dir / "authorized_keys", 0o600)
        # ipstui for every user: root's own Python lives in a private home.
        if not (VENV / "bin" / "pip").exists():
            run("/usr/bin/python3", "-m", "venv", str(VENV))
            run(str(VENV / "bin" / "pip"), "install", "-q", str(REPO))
        else:
            run(str(VENV / "bin" / "pip"), "install", "-q", "--force-reinstall", "--no-deps", str(REPO))
        # The moderating team's folder: the parent belongs to the moderator, as an admin would set it up.
        os.chmod(self.data, 0o755)
        shutil.chown(self.data, TEAM[0], GROUP)

    def start_sshd(self) -> None:
        host_key = self.work / "host_key"
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key))
        config = self.work / "sshd_config"
        config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {host_key}\nPidFile {self.work}/sshd.pid\n"
            "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nPermitRootLogin no\n"
            "AcceptEnv LANG LC_* COLORTERM\nPrintMotd no\nStrictModes yes\n"
        )
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self.sshd = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=open(self.work / "sshd.log", "w"))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"sshd did not start: {(self.work / 'sshd.log').read_text()}")

    def ssh_args(self, user: str, tty: bool = False) -> list[str]:
        return ["ssh", "-p", str(self.port), "-i", str(self.keys / user), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                *(["-t"] if tty else ["-T"]), f"{user}@127.0.0.1"]

    def ssh(self, user: str, *command: str) -> subprocess.CompletedProcess:
        return run(*self.ssh_args(user), *command, check=False)

    def ipstui(self, user: str, *args: str) -> list[str]:
        return [str(VENV / "bin" / "ipstui"), "--db", str(self.db), "--as", user.removeprefix("ipse2e-"), *args]

    def close(self) -> None:
        if self.sshd is not None:
            self.sshd.terminate()
            self.sshd.wait(timeout=10)
        shutil.rmtree(self.data, ignore_errors=True)
        for user in (*TEAM, OUTSIDER):
            run("userdel", "-r", user, check=False)
        run("groupdel", GROUP, check=False)


@pytest.fixture(scope="module")
def host():
    work = Path(tempfile.mkdtemp(prefix="ipstui-sshd-"))
    server = Host(work)
    try:
        server.install()
        server.start_sshd()
        yield server
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)


def test_co_moderators_over_ssh_see_each_other_and_outsiders_see_nothing(host: Host):
    mod, co = TEAM
    result = host.ssh(mod, *host.ipstui(mod, "init", "--group", GROUP))
    assert result.returncode == 0, result.stderr
    result = host.ssh(mod, *host.ipstui(mod, "start", "--topic", "Mutuality", "--moderator", "Maya"))
    assert result.returncode == 0 and "started session" in result.stdout, result.stderr

    env = {"TERM": "xterm-256color", "PATH": os.environ["PATH"], "HOME": "/root", "LANG": "C.UTF-8"}
    terms = [Terminal(f"ssh-{user}", [*host.ssh_args(user, tty=True), *host.ipstui(user)], (120, 35), env)
             for user in (mod, co)]
    # The co-moderator also follows in the line console (a screen reader's), over the same SSH.
    terms.append(Terminal("ssh-plain", [*host.ssh_args(co, tty=True), *host.ipstui(co, "--plain")], (80, 24), env))
    try:
        moderator, comod, lines = terms
        lines.wait_for("Live session: Mutuality, moderated by Maya", timeout=30)
        moderator.wait_for("Nobody speaking", timeout=30)
        comod.wait_for("Nobody speaking", timeout=30)
        moderator.wait_for("with co")

        moderator.keys("a")
        moderator.wait_for("Add participant")
        moderator.type("Ana")
        moderator.keys("Enter")
        comod.wait_for("mod: add Ana")

        comod.keys("h")
        comod.wait_for("Raise hand")
        comod.type("Ana")
        comod.keys("Enter")
        moderator.wait_for("Hands 1 (next Ana)")
        moderator.keys("n")
        comod.wait_for("Speaking Ana")
        lines.wait_for("Ana raised a hand, first in the queue (by co).")
        lines.wait_for("Ana has the floor, their first turn (by mod).")
        lines.type("who")
        lines.keys("Enter")
        lines.wait_for("Ana is speaking:")
    finally:
        for term in terms:
            term.close()
        Terminal.kill_server()

    report = host.ssh(co, *host.ipstui(co, "report", "--format", "json"))
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert [p["name"] for p in data["participants"]] == ["Maya", "Ana"]

    group_file = host.db / "group.json"
    info = os.stat(group_file)
    assert (info.st_mode & 0o777, info.st_gid) == (0o660, __import__("grp").getgrnam(GROUP).gr_gid)
    assert os.stat(host.db).st_mode & 0o7777 == 0o2770

    peek = host.ssh(OUTSIDER, "cat", str(group_file))
    assert peek.returncode != 0 and "Permission denied" in peek.stderr
    listing = host.ssh(OUTSIDER, "ls", str(host.db))
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    refused = host.ssh(OUTSIDER, *host.ipstui(OUTSIDER, "report"))
    assert refused.returncode == 2 and "cannot read the data folder" in refused.stderr
