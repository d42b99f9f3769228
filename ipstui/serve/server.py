"""The SSH server of `ipstui serve`, on asyncssh.

- Only public-key authentication; no password, no keyboard-interactive, no host-based.
- The keys trusted are the team file's, read afresh at each login. Each key is trusted with an
  option naming its fingerprint, and a person is taken from the option of the key whose
  signature was verified (asyncssh sets it for that key last, just before success): never from a
  key that was merely offered, nor from the login name the client gives, which is ignored.
- Each connection gets the console and nothing else: a session with a pseudo-terminal, or the
  read-only `status` over exec (and `plain`, the line console); no shell, no other command, no
  subsystem, no forwarding of ports, agent or X11.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ipstui.domain.clock import Clock
from ipstui.serve.console import PtyConsole, console_command
from ipstui.serve.keys import asyncssh, fingerprint_of, host_key
from ipstui.store.atomic import FileMode
from ipstui.store.team import Member, TeamFile

ssh = asyncssh()

STOPPING = b"\r\nipstui serve is stopping: this console closes now. Every saved action is kept.\r\n"
CHANGED = b"\r\nipstui serve: your key was removed from the team or its role changed; this console closes now.\r\n"
SESSIONS_PER_CONNECTION = 3
# How often the team file is read again for connections whose key was removed or changed.
TEAM_CHECK_SECONDS = 3.0
NOT_ALLOWED = "ipstui serve gives the console only: ssh -t to open it, or the command `status` (or `plain`).\r\n"


@dataclass
class Limits:
    """What one server allows."""

    max_connections: int = 20
    login_seconds: float = 30.0
    idle_minutes: float = 60.0  # 0: no idle limit; never while a live session's slot is on
    failures_allowed: int = 5  # failed logins from one address ...
    failure_window: float = 600.0  # ... within this many seconds, then refused for as long
    # Connections not logged in yet, at once: strangers holding many open never fill the team's places.
    max_unproven: int = 8
    # Addresses whose failures are remembered at the most (the oldest forgotten first).
    most_addresses: int = 4096


@dataclass
class Server:
    """Shared by every connection: the folder, the limits, who is connected, failures by address."""

    root: Path
    clock: Clock
    limits: Limits
    say: Callable[[str], None]
    in_slot: Callable[[], bool] = lambda: False
    connections: set["Connection"] = field(default_factory=set)
    failures: dict[str, deque] = field(default_factory=dict)
    stopping: bool = False
    consoles_opened: int = 0

    def __post_init__(self) -> None:
        self.team = TeamFile(self.root, FileMode.of_folder(self.root))
        # One writer thread: a file lock keeps other processes out, not this process's other threads.
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ipstui-serve-audit")

    def throttled(self, address: str) -> bool:
        recent = self.failures.get(address)
        now = time.monotonic()
        while recent and now - recent[0] > self.limits.failure_window:
            recent.popleft()
        return bool(recent) and len(recent) >= self.limits.failures_allowed

    def failed(self, address: str) -> None:
        recent = self.failures.pop(address, None) or deque(maxlen=self.limits.failures_allowed)
        recent.append(time.monotonic())
        self.failures[address] = recent  # last in the order: the most recently failed
        while len(self.failures) > self.limits.most_addresses:
            del self.failures[next(iter(self.failures))]

    def members_connected(self) -> int:
        return sum(1 for connection in self.connections if connection.member is not None)

    async def watch_team(self) -> None:
        """Close the consoles of a key taken off the team (or given another name or role) while connected:
        a lost laptop's key removed mid-call stops acting at once, not at its next login."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(TEAM_CHECK_SECONDS)
            if not any(connection.member for connection in self.connections):
                continue
            try:
                members = await loop.run_in_executor(self.writer, self.team.members)
            except Exception:  # noqa: BLE001 - an unreadable team file is said at the next login
                continue
            now = {member.fingerprint: (member.name, member.role) for member in members}
            for connection in list(self.connections):
                member = connection.member
                if member is not None and now.get(member.fingerprint) != (member.name, member.role):
                    self.say(f"{member.name}'s key was removed or changed: closing their consoles")
                    connection.close_all(CHANGED)

    async def note(self, member: Member, address: str, what: str) -> None:
        """Keep the visit in the team file, off the server's loop (it may wait for the file's lock);
        a failure to write it is said, never fatal to a console."""
        moment = self.clock.now()
        try:
            await asyncio.get_running_loop().run_in_executor(self.writer, self.team.visit, member, address, what, moment)
        except Exception as error:  # noqa: BLE001 - the audit is best kept, the console must go on
            self.say(f"could not note {member.name} {what}: {error}")


class Connection(ssh.SSHServer):
    """One client: who it proved to be, and its console sessions."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn: Any = None
        self.address = "?"
        self.member: Member | None = None
        self.trusted: dict[str, Member] = {}
        self.tried = False  # whether the client began to log in
        self.sessions: list["ConsoleSession"] = []

    # -- connecting and proving who one is --------------------------------------------------------

    def connection_made(self, conn: Any) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address = str(peer[0])
        server = self.server
        unproven = len(server.connections) - server.members_connected()
        if server.stopping or unproven >= server.limits.max_unproven or server.throttled(self.address):
            conn.disconnect(ssh.DISC_TOO_MANY_CONNECTIONS, "not now: too many connections or failed logins")
            return
        server.connections.add(self)

    def close_all(self, farewell: bytes) -> None:
        """End every console of this connection with `farewell`, then the connection once they have ended."""
        consoles = [session.console for session in self.sessions if session.console is not None]
        for session in list(self.sessions):
            session.close_console(farewell)

        async def then_close() -> None:
            await asyncio.gather(*(console.wait_stopped(10.0) for console in consoles))
            self.conn.close()  # after the farewell and the exit status, which go out first

        asyncio.get_running_loop().create_task(then_close())

    def connection_lost(self, exc: Exception | None) -> None:
        server = self.server
        server.connections.discard(self)
        for session in list(self.sessions):
            session.close_console()
        if self.member is None:
            # Only a login tried and not made counts against the address: a key scan, or a member
            # who closed at the host key's question, tried none.
            if self.tried:
                server.failed(self.address)
        else:
            asyncio.get_running_loop().create_task(server.note(self.member, self.address, "disconnected"))
            server.say(f"{self.member.name} disconnected ({self.address})")

    async def begin_auth(self, username: str) -> bool:
        """The team's keys, read now; each trusted with its fingerprint as an option (the login name is ignored).

        Read on the writer's thread: off the server's loop (the file may be locked a while), and
        never at the same time as a visit being written through the same open file.
        """
        self.tried = True
        try:
            members = await asyncio.get_running_loop().run_in_executor(self.server.writer, self.server.team.members)
        except Exception as error:  # noqa: BLE001 - a damaged team file admits nobody
            self.server.say(f"the team file cannot be read: {error}")
            members = []
        self.trusted = {member.fingerprint: member for member in members}
        lines = "".join(f'environment="IPSTUI_KEY={member.fingerprint}" {member.key}\n' for member in members)
        self.conn.set_authorized_keys(ssh.import_authorized_keys(lines) if lines else None)
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: Any) -> bool:
        return False  # only the team's keys, above

    async def auth_completed(self) -> None:
        # The options of the key whose signature was just verified (set for it right before success).
        options = self.conn.get_key_option("environment") or {}
        member = self.trusted.get(str(options.get("IPSTUI_KEY", "")))
        if member is None:
            self.conn.disconnect(ssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE, "not on the team")
            return
        if self.server.members_connected() >= self.server.limits.max_connections:
            self.server.say(f"{member.name} refused: {self.server.limits.max_connections} connections already")
            self.conn.disconnect(ssh.DISC_TOO_MANY_CONNECTIONS, "not now: too many connections")
            return
        self.member = member
        await self.server.note(member, self.address, "connected")
        self.server.say(f"{member.name} connected from {self.address} with {member.fingerprint}")

    def session_requested(self) -> Any:
        # A few sessions on one connection (a console, a status beside it), never a process per
        # request without end: each console is a process of the host's.
        if self.member is None or len(self.sessions) >= SESSIONS_PER_CONNECTION:
            return False
        session = ConsoleSession(self)
        self.sessions.append(session)
        return session


class ConsoleSession(ssh.SSHServerSession):
    """One SSH session: a console on a pseudo-terminal, or `status` printed."""

    def __init__(self, owner: Connection) -> None:
        self.owner = owner
        self.chan: Any = None
        self.pty: tuple[str, tuple[int, int]] | None = None
        self.command: str | None = None
        self.console: PtyConsole | None = None
        self.last_input = time.monotonic()
        self.idle_task: asyncio.Task | None = None
        self.farewell = b""  # said once the console has ended (its screen gone, the line stays)
        self.closing = False

    def connection_made(self, chan: Any) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any) -> bool:
        self.pty = (term_type, (term_size[0], term_size[1]))
        return True

    def shell_requested(self) -> bool:
        return self.pty is not None  # the console needs a terminal: `ssh -t`

    def exec_requested(self, command: str) -> bool:
        if command.strip() == "status" or (command.strip() == "plain" and self.pty is not None):
            self.command = command.strip()
            return True
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def session_started(self) -> None:
        member = self.owner.member
        assert member is not None
        root = self.owner.server.root
        if self.command == "status":
            asyncio.get_running_loop().create_task(self._status(root))
            return
        term_type, size = self.pty or ("", (80, 24))
        # Which console, never from where: every console sees the others' labels, watching ones too
        # (the address stays in the server's log and the team file's visits).
        self.owner.server.consoles_opened += 1
        label = f"ssh #{self.owner.server.consoles_opened} {member.fingerprint[:19]}"
        self.console = PtyConsole(console_command(root, member.name, member.watch_only, self.command == "plain"),
                                  term_type, size, label, self._to_client, self._console_ended)
        self.idle_task = asyncio.get_running_loop().create_task(self._watch_idle())

    async def _status(self, root: Path) -> None:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "ipstui", "--db", str(root), "status",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        output, _ = await process.communicate()
        if not self.chan.is_closing():
            self.chan.write(output.replace(b"\n", b"\r\n") if self.pty else output)
            self.chan.exit(process.returncode or 0)

    def _to_client(self, data: bytes) -> None:
        if self.chan is not None and not self.chan.is_closing():
            self.chan.write(data)

    def _console_ended(self, code: int) -> None:
        if self.idle_task is not None:
            self.idle_task.cancel()
        if self.chan is not None and not self.chan.is_closing():
            if self.farewell:
                self.chan.write(self.farewell)
            self.chan.exit(code)

    def data_received(self, data: bytes, datatype: Any) -> None:
        self.last_input = time.monotonic()
        if self.console is not None:
            self.console.feed(data)

    def pause_writing(self) -> None:
        # A client that stops reading: the console's output waits in its own terminal, not in memory here.
        if self.console is not None:
            self.console.pause()

    def resume_writing(self) -> None:
        if self.console is not None:
            self.console.resume()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if self.console is not None:
            self.console.resize(width, height)

    def eof_received(self) -> bool:
        # The client has nothing more to type (`ssh host status` sends this at once): the answer or
        # the console still goes out; the session ends with the console, or with the connection.
        return True

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal_name: str) -> None:
        pass  # a client's signal never reaches the console

    def connection_lost(self, exc: Exception | None) -> None:
        self.close_console()
        if self in self.owner.sessions:
            self.owner.sessions.remove(self)

    def close_console(self, farewell: bytes = b"") -> None:
        """End this console cleanly (it says goodbye to the others), then a last line to the client."""
        self.farewell = self.farewell or farewell
        if self.console is not None and not self.closing:
            self.closing = True
            # Output held for a client that stopped reading is taken (and dropped) again, so that
            # the console's goodbye is never stuck behind a full terminal.
            self.console.resume()
            self.console.stop(signal.SIGTERM)
            asyncio.get_running_loop().create_task(self.console.wait_stopped(10.0))

    async def _watch_idle(self) -> None:
        limits = self.owner.server.limits
        if not limits.idle_minutes:
            return
        while True:
            await asyncio.sleep(5)
            idle = time.monotonic() - self.last_input
            if idle >= limits.idle_minutes * 60 and not self.owner.server.in_slot():
                self.close_console(b"\r\nipstui serve: closed after "
                                   + f"{limits.idle_minutes:g} idle minutes.\r\n".encode())
                return


async def serve(root: Path, host: str, port: int, clock: Clock, limits: Limits, say: Callable[[str], None],
                in_slot: Callable[[], bool], ready: Callable[[str], None]) -> int:
    """Run the server until SIGTERM or SIGINT; returns the exit code."""
    key, made = host_key(root, FileMode.of_folder(root))
    fingerprint = fingerprint_of(key)
    say(("Made the server's host key: " if made else "Host key: ") + fingerprint)
    server = Server(root, clock, limits, say, in_slot)
    listener = await ssh.create_server(
        lambda: Connection(server), host, port, server_host_keys=[key], password_auth=False, kbdint_auth=False,
        gss_host=None, host_based_auth=False, public_key_auth=True, agent_forwarding=False, x11_forwarding=False,
        allow_pty=True, line_editor=False, encoding=None, login_timeout=limits.login_seconds,
        keepalive_interval=30, allow_scp=False)
    team_watch = asyncio.get_running_loop().create_task(server.watch_team())
    bound = listener.sockets[0].getsockname()
    ready(f"Listening on {bound[0]} port {bound[1]}; connect with: ssh -t -p {bound[1]} {bound[0]}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.stopping = True
    team_watch.cancel()
    say("stopping: closing every console")
    listener.close()
    sessions = [session for connection in list(server.connections) for session in connection.sessions]
    for session in sessions:
        session.close_console(STOPPING)
    waits = [session.console.wait_stopped(5.0) for session in sessions if session.console is not None]
    if waits:
        await asyncio.gather(*waits)
    for connection in list(server.connections):
        connection.conn.close()
    await listener.wait_closed()
    return 0

