"""The served console's pseudo-terminal bridge: what a client types never stalls the server's loop."""

from __future__ import annotations

import asyncio
import sys
import time

from ipstui.serve.console import MOST_PENDING, PtyConsole

# A console that reads its terminal raw, slowly at first, then says how many bytes it was given.
SLOW_READER = """
import os, sys, termios, time, tty
tty.setraw(0)
os.write(1, b"ready\\r\\n")
time.sleep(1.0)
total = 0
while total < {expect}:
    chunk = os.read(0, 65536)
    if not chunk:
        break
    total += len(chunk)
os.write(1, f"got {{total}}\\r\\n".encode())
"""


async def run_console(script: str, typed: bytes) -> tuple[float, bytes, float]:
    """Feed `typed` to a console running `script`; how long feeding held the loop, what came out,
    and the longest gap between the loop's own ticks while the console was behind."""
    out = bytearray()
    ended = asyncio.get_running_loop().create_future()
    console = PtyConsole([sys.executable, "-c", script], "xterm", (80, 24), "test",
                         out.extend, lambda code: ended.done() or ended.set_result(code))
    # Typed only once the console reads raw (going raw flushes what was typed before).
    while b"ready" not in out and not ended.done():
        await asyncio.sleep(0.01)
    started = time.monotonic()
    for offset in range(0, len(typed), 32768):
        console.feed(typed[offset:offset + 32768])
    fed = time.monotonic() - started
    gaps = []
    last = time.monotonic()
    while not ended.done():
        await asyncio.sleep(0.01)
        now = time.monotonic()
        gaps.append(now - last)
        last = now
    return fed, bytes(out), max(gaps)


async def test_a_paste_larger_than_the_terminal_takes_is_held_until_the_console_reads_it():
    typed = b"x" * 200_000  # far past what a pseudo-terminal's input buffer holds
    fed, out, longest = await run_console(SLOW_READER.format(expect=len(typed)), typed)
    assert fed < 0.5  # the console had read none of it yet: nothing waited
    assert longest < 0.5  # the loop ticked on while the console caught up
    assert f"got {len(typed)}".encode() in out


async def test_a_flood_past_the_limit_is_cut_there_not_held():
    typed = b"y" * (MOST_PENDING + 300_000)
    script = SLOW_READER.format(expect=MOST_PENDING) + "\ntime.sleep(0.5)\n"
    fed, out, _ = await run_console(script, typed)
    assert fed < 0.5
    got = int(out.split(b"got ")[1].split()[0])
    assert MOST_PENDING <= got < len(typed)


async def test_output_waits_in_the_terminal_while_the_client_reads_no_more(tmp_path):
    out = bytearray()
    ended = asyncio.get_running_loop().create_future()
    written = tmp_path / "written"
    script = ("import os, time\nos.write(1, b'first\\r\\n')\ntime.sleep(0.3)\nos.write(1, b'second\\r\\n')\n"
              f"open({str(written)!r}, 'w').close()\ntime.sleep(0.3)\n")
    console = PtyConsole([sys.executable, "-c", script], "xterm", (80, 24), "test",
                         out.extend, lambda code: ended.done() or ended.set_result(code))
    while b"first" not in out:
        await asyncio.sleep(0.01)
    console.pause()
    while not written.exists():  # the console has written its second line
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # a turn of the loop in which a reader would have taken it
    assert b"second" not in out
    console.resume()
    await asyncio.wait_for(ended, 10)
    assert b"second" in out


async def printed(script: str, term_type: str = "xterm") -> bytes:
    """What a console running `script` writes on its terminal, once it has ended."""
    out = bytearray()
    ended = asyncio.get_running_loop().create_future()
    PtyConsole([sys.executable, "-c", script], term_type, (80, 24), "test",
               out.extend, lambda code: ended.done() or ended.set_result(code))
    await asyncio.wait_for(ended, 10)
    return bytes(out).strip()


async def test_a_served_console_is_told_it_is_served_and_gets_none_of_the_servers_other_settings(monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "abc")
    script = "import os; print(os.environ.get('IPSTUI_SERVED'), os.environ.get('SECRET_TOKEN'), os.environ['TERM'])"
    assert (await printed(script, "xterm\x1b[31m")) == b"1 None xterm-256color"


def test_a_member_whose_name_begins_with_a_dash_is_that_name_never_an_option(tmp_path):
    from ipstui.serve.console import console_command

    command = console_command(tmp_path, "-Bo", watch=True, plain=False)
    assert "--as=-Bo" in command and "-Bo" not in command and command[-1] == "--watch"


async def test_the_console_runs_in_its_own_session_with_its_pty_as_controlling_terminal():
    # /dev/tty opens only for a process with a controlling terminal; its group is the foreground one.
    script = "import os; fd = os.open('/dev/tty', os.O_RDWR); print(os.getsid(0) == os.getpid(), os.tcgetpgrp(fd) == os.getpgrp())"
    assert (await printed(script)) == b"True True"
