"""Bytes from the keyboard that are not UTF-8, and a console that dies: never a silent exit 0."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ipstui.store import DataFolder

# Each is what a terminal in another encoding, a stray byte or a broken paste sends.
UNDECODABLE = {
    "invalid lead bytes": b"\xff\xfe",
    "lone continuation byte": b"\x80",
    "overlong slash": b"\xc0\xaf",
    "encoded surrogate": b"\xed\xa0\x80",
    "five-byte form": b"\xf8\x88\x80\x80\x80",
    "Latin-1 paste": b"\x1b[200~Mu\xf1oz \xe9t\xe9\x1b[201~",
}


@pytest.fixture
def console(tmp_path: Path, raw_consoles):
    return lambda **env: raw_consoles(tmp_path / "db", env=env)


@pytest.mark.reliability("input bytes", "bytes that are not UTF-8, typed and pasted")
def test_bytes_that_are_not_utf8_are_shown_as_replacements_and_the_console_carries_on(tmp_path: Path, console, ledger):
    DataFolder(tmp_path / "db").start("Mutuality", "Sam")
    term = console()
    term.wait_for("Nobody speaking")
    for kind, raw in UNDECODABLE.items():
        term.send(raw)
        term.send("g")  # still answering keys
        term.wait_for("Discomfort Agreement")
        term.send("\x1b")
        term.wait_gone("Discomfort Agreement")
        ledger.tried(survived=term.proc.poll() is None)
    # In a prompt: what is not UTF-8 is shown as U+FFFD; a character split across reads stays whole.
    term.send("a")
    term.wait_for_cursor("name")
    term.send(b"Jos\xe9 ")
    term.send(UNDECODABLE["Latin-1 paste"])
    term.send(b" Zo\xc3", pause=0.3)
    term.send(b"\xab")
    term.wait_for("Zoë")
    term.send("\r")
    term.wait_gone("Add participant")
    alive, code, found = term.finish()
    names = [p.name for p in DataFolder(tmp_path / "db").live().state().participants.values()]
    ledger.tried(survived=alive and code == 0 and not found, lost=int("Jos\ufffd Mu\ufffdoz \ufffdt\ufffd Zoë" not in names))
    assert (alive, code, found) == (True, 0, [])
    assert names == ["Sam", "Jos\ufffd Mu\ufffdoz \ufffdt\ufffd Zoë"]


FAIL_ON_TICK = """
import ipstui.app.app

def tick(self):
    raise RuntimeError("forced\\nfor a test")

ipstui.app.app.IpsApp.tick = tick
"""
CSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[=>]")


@pytest.mark.reliability("input bytes", "the console dying on an unexpected error")
def test_a_console_that_dies_exits_1_with_one_line(tmp_path: Path, console, ledger):
    DataFolder(tmp_path / "db").start("Mutuality", "Sam")
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(FAIL_ON_TICK)
    term = console(PYTHONPATH=str(hook))
    code = term.proc.wait(30)
    term._reader.join(5)
    os.close(term.master)
    after = bytes(term.output).decode("utf-8", "replace").rpartition("\x1b[?1049l")[2]
    lines = [line.strip() for line in CSI.sub("", after).splitlines() if line.strip()]
    ledger.tried(survived=code == 1 and len(lines) == 1)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith("ipstui: error: the console stopped: RuntimeError: forced for a test")
