"""`ipstui serve` with real parts: the asyncssh server, the OpenSSH client, tmux."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from ipstui.store import DataFolder
from ipstui.store.team import TeamFile
from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal

pytestmark = pytest.mark.skipif(shutil.which("ssh") is None or shutil.which("ssh-keygen") is None,
                                reason="needs the OpenSSH client")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A data folder with a team of keys, and `ipstui serve` on it."""

    def __init__(self, cli: Cli, keys: Path) -> None:
        self.cli = cli
        self.keys = keys
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log: list[str] = []

    def key(self, name: str) -> Path:
        path = self.keys / name
        if not path.exists():
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)], check=True)
        return path

    def start(self, *options: str) -> str:
        self.process = subprocess.Popen([str(BIN), "--db", str(self.cli.db), "serve", "--port", str(self.port), *options],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert self.process.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.log.append(line)
            if "Listening on" in line:
                return "".join(self.log)
        raise AssertionError(f"the server did not start: {''.join(self.log)}")

    def ssh(self, *keys: Path, tty: bool = False, extra: tuple[str, ...] = ()) -> list[str]:
        identities = [option for key in keys for option in ("-i", str(key))]
        return ["ssh", "-p", str(self.port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", *identities,
                "-t" if tty else "-T", *extra, "anyone@127.0.0.1"]

    def run(self, *keys: Path, command: str = "status", extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
        return subprocess.run([*self.ssh(*keys, extra=extra), command], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=30)

    def visits(self) -> list[dict]:
        return TeamFile(self.cli.db).visits()

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(20)


@pytest.fixture
def served(cli: Cli, tmp_path: Path):
    keys = tmp_path / "keys"
    keys.mkdir()
    server = Served(cli, keys)
    terminals: list[Terminal] = []
    server.terminals = terminals
    yield server
    for terminal in terminals:
        terminal.close()
    Terminal.kill_server()
    server.stop(signal.SIGKILL)


def team(served: Served, *members: tuple[str, str, str]) -> dict[str, Path]:
    keys = {}
    for name, key_name, role in members:
        keys[name] = served.key(key_name)
        served.cli("team", "add", name, "--key", f"{keys[name]}.pub", "--role", role)
    return keys


def console(served: Served, key: Path, name: str, size=(120, 35), command: tuple[str, ...] = ()) -> Terminal:
    env = {"TERM": "xterm-256color", "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
           "LANG": "C.UTF-8"}
    terminal = Terminal(name, [*served.ssh(key, tty=True), *command], size, env)
    served.terminals.append(terminal)
    return terminal


def listening(port: int, tunnel: subprocess.Popen, timeout: float = 20) -> socket.socket:
    """A connection to the client's forwarded port, once the client listens on it."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except ConnectionRefusedError:
            if tunnel.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def connected(served: Served) -> list[str]:
    return [visit["name"] for visit in served.visits() if visit["what"] == "connected"]


def test_the_first_start_makes_an_owner_only_host_key_and_prints_its_fingerprint(served: Served):
    started = served.start()
    key_file = served.cli.db / "ssh_host_ed25519_key"
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    printed = next(line for line in started.splitlines() if "host key" in line).split()[-1]
    seen = subprocess.run(["ssh-keygen", "-l", "-f", str(key_file)], capture_output=True, text=True, check=True)
    assert printed.startswith("SHA256:") and printed in seen.stdout
    served.stop()
    again = served.start()
    assert f"Host key: {printed}" in again  # kept, not made anew


def test_team_consoles_act_under_their_names_and_a_watch_key_cannot_act(served: Served):
    keys = team(served, ("Maya", "maya", "moderator"), ("Kim Lee", "kim", "moderator"), ("Wren", "wren", "watch"))
    served.cli("start", "--topic", "Mutuality", "--moderator", "Maya")
    served.start()
    maya, kim = console(served, keys["Maya"], "maya"), console(served, keys["Kim Lee"], "kim", (80, 24))
    wren = console(served, keys["Wren"], "wren")
    for terminal in (maya, kim, wren):
        terminal.wait_for("Nobody speaking", timeout=30)

    maya.keys("a")
    maya.wait_for("Add participant")
    maya.type("Ana")
    maya.keys("Enter")
    kim.wait_for("Maya: add Ana")
    kim.keys("h")
    kim.wait_for("Raise hand")
    kim.type("Ana")
    kim.keys("Enter")
    maya.wait_for("Hands 1 (next Ana)")
    wren.wait_for("Hands 1 (next Ana)")
    maya.keys("n")
    kim.wait_for("Speaking Ana")
    wren.wait_for("Speaking Ana")
    wren.keys("x")  # stop the speaker: refused
    wren.wait_for("only watches")

    folder = DataFolder(served.cli.db)
    log = folder.session_file(folder.live_session_id()).state().log
    acted = [(event.by, event.type.value) for event in log if event.terminal.startswith("ssh #")]
    assert acted == [("Maya", "participant_added"), ("Kim Lee", "hand_raised"), ("Maya", "speaker_started")]
    assert len(acted) == len(log) - 2  # everything but the command line's start (and its moderator)
    # Which console and key, never the address: every console, a watching one too, sees the labels.
    assert len({event.terminal for event in log if event.terminal.startswith("ssh #")}) == 2
    assert not any("127.0.0.1" in event.terminal for event in log)
    assert {visit["name"] for visit in served.visits() if visit["what"] == "connected"} == {"Maya", "Kim Lee", "Wren"}
    listed = served.cli("team", "list").out.splitlines()
    # When each was last seen, in this terminal's time with its zone said.
    assert all(re.search(r"last seen \d{4}-\d\d-\d\d \d\d:\d\d [A-Z+\-0-9]+$", line) for line in listed), listed

    maya.wait_for("with Kim Lee, Wren (watching)")  # Maya's console has seen Kim's
    kim.close()  # the connection drops: the console leaves, and the others are told
    served.terminals.remove(kim)
    maya.wait_for("Kim Lee left", timeout=20)


def test_only_a_key_that_signs_is_a_person_and_nothing_but_the_console_is_given(served: Served):
    keys = team(served, ("Maya", "maya", "moderator"), ("Kim Lee", "kim", "moderator"))
    stranger = served.key("stranger")
    served.start()

    assert served.run(stranger).returncode == 255
    # A stranger's key first, a team key second: that second person.
    assert served.run(stranger, keys["Kim Lee"]).returncode == 0
    assert connected(served)[-1] == "Kim Lee"
    # Kim's public key offered (the server accepts it) but never signed for: never Kim.
    public_only = served.keys / "kim-public.pub"
    public_only.write_text(Path(f"{keys['Kim Lee']}.pub").read_text())
    public_only.chmod(0o600)
    assert served.run(public_only).returncode == 255
    assert served.run(public_only, keys["Maya"]).returncode == 0
    assert connected(served)[-1] == "Maya"

    shell = served.run(keys["Maya"], command="cat /etc/passwd")
    assert shell.returncode != 0 and "root:" not in shell.stdout
    assert served.run(keys["Maya"], command="").returncode != 0  # no shell without a terminal
    sftp = subprocess.run(["sftp", "-P", str(served.port), "-o", "StrictHostKeyChecking=no",
                           "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-i", str(keys["Maya"]),
                           "anyone@127.0.0.1"], input="ls\n", capture_output=True, text=True, timeout=30) \
        if shutil.which("sftp") else None
    assert sftp is None or sftp.returncode != 0
    remote = served.run(keys["Maya"], extra=("-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9"))
    assert remote.returncode == 255
    local_port = free_port()
    tunnel = subprocess.Popen([*served.ssh(keys["Maya"], extra=("-N", "-L", f"{local_port}:127.0.0.1:{served.port}"))],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with listening(local_port, tunnel) as through:
            through.settimeout(5)
            assert through.recv(100) == b""  # the channel is refused: the tunnel closes at once
    finally:
        tunnel.terminate()
        try:
            tunnel.wait(10)
        except subprocess.TimeoutExpired:
            tunnel.kill()
            tunnel.wait(10)
    agent = served.run(keys["Maya"], extra=("-A",))
    assert agent.returncode == 0 and "Session" in agent.stdout or "No live session" in agent.stdout
    assert "Permission denied" not in agent.stderr


def test_a_key_removed_from_the_team_mid_call_stops_acting_at_once(served: Served):
    keys = team(served, ("Maya", "maya", "moderator"), ("Kim Lee", "kim", "moderator"))
    served.cli("start", "--topic", "Mutuality", "--moderator", "Maya")
    served.start()
    maya, kim = console(served, keys["Maya"], "maya"), console(served, keys["Kim Lee"], "kim")
    for terminal in (maya, kim):
        terminal.wait_for("Nobody speaking", timeout=30)
    served.cli("team", "remove", "Kim Lee")
    kim.wait_for("your key was removed from the team", timeout=20)
    assert "[exited]" in kim.wait_for("[exited]", timeout=20)
    assert "Nobody speaking" in maya.screen() and "removed" not in maya.screen()
    # Her key gets nothing more either.
    assert served.run(keys["Kim Lee"]).returncode == 255


def test_strangers_holding_connections_or_scanning_never_keep_the_team_out(served: Served):
    keys = team(served, ("Maya", "maya", "moderator"))
    served.start("--max-connections", "2", "--max-failed-logins", "2")
    idle = [socket.create_connection(("127.0.0.1", served.port), timeout=5) for _ in range(5)]
    try:
        for held in idle:
            held.recv(100)  # the server's greeting: each is a connection that never logs in
        assert served.run(keys["Maya"]).returncode == 0
        for _ in range(3):  # a scan of the host key tries no login: no failure of the address
            subprocess.run(["ssh-keyscan", "-p", str(served.port), "127.0.0.1"], capture_output=True, timeout=30)
        assert served.run(keys["Maya"]).returncode == 0
    finally:
        for held in idle:
            held.close()


def test_one_connection_opens_a_few_consoles_never_a_process_per_request(served: Served):
    import asyncio

    import asyncssh

    keys = team(served, ("Maya", "maya", "moderator"))
    served.cli("start", "--topic", "Mutuality", "--moderator", "Maya")
    served.start()

    async def open_many() -> tuple[int, str]:
        async with asyncssh.connect("127.0.0.1", served.port, username="x", client_keys=[str(keys["Maya"])],
                                    known_hosts=None, agent_path=None) as conn:
            opened = []
            try:
                for _ in range(5):
                    opened.append(await conn.create_session(asyncssh.SSHClientSession, term_type="xterm",
                                                            term_size=(80, 24)))
            except asyncssh.ChannelOpenError as error:
                return len(opened), error.reason
            return len(opened), ""

    count, reason = asyncio.run(open_many())
    assert count == 3 and reason


def test_failed_logins_from_an_address_are_refused_for_a_while(served: Served):
    keys = team(served, ("Maya", "maya", "moderator"))
    stranger = served.key("stranger")
    served.start("--max-failed-logins", "2")
    assert served.run(keys["Maya"]).returncode == 0
    for _ in range(2):
        assert served.run(stranger).returncode == 255
    refused = served.run(keys["Maya"])
    assert refused.returncode == 255  # even the right key, from that address, for now


def test_a_stopping_server_tells_each_console_and_a_killed_one_loses_no_saved_action(served: Served):
    names = [f"Member {n}" for n in range(10)]
    keys = team(served, *((name, f"key{n}", "moderator") for n, name in enumerate(names)))
    served.cli("start", "--topic", "Mutuality", "--moderator", "Member 0")
    for name in names:
        served.cli("participant", "add", f"Guest {name[-1]}")
    served.start()
    terminals = [console(served, keys[name], f"c{n}", (80, 24)) for n, name in enumerate(names)]
    for terminal in terminals:
        terminal.wait_for("Nobody speaking", timeout=60)
    for n, terminal in enumerate(terminals):
        terminal.keys("h")
        terminal.wait_for("Raise hand")
        terminal.type(f"Guest {n}")
        terminal.keys("Enter")
    for terminal in terminals:
        terminal.wait_for("Hands 10", timeout=30)  # every console in step
    served.stop(signal.SIGKILL)
    report = json.loads(served.cli("report", "--format", "json").out)
    assert sorted(p["name"] for p in report["participants"] if p["hands_raised"]) == [f"Guest {n}" for n in range(10)]

    served.start()
    again = console(served, keys[names[0]], "again", (80, 24))
    again.wait_for("Hands 10", timeout=30)
    served.stop(signal.SIGTERM)
    again.wait_for("ipstui serve is stopping", timeout=20)


def test_an_idle_console_is_closed_outside_the_call(served: Served):
    keys = team(served, ("Maya", "maya", "moderator"))
    served.start("--idle-minutes", "0.1")
    terminal = console(served, keys["Maya"], "idle", (80, 24))
    terminal.wait_for("Next call", timeout=30)
    terminal.wait_for("closed after 0.1 idle minutes", timeout=30)
