"""The installed console on hostile data, read byte for byte from its pseudo-terminal."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.store import DataFolder
from tests.e2e.conftest import BIN
from tests.torture.payloads import MEGABYTE, NUL, PAYLOADS, shown
from tests.torture.rawpty import RawConsole, empty_field

NAMES = list(PAYLOADS.values())


def hostile_folder(root: Path) -> DataFolder:
    """A live session whose every name, topic, comment and agreement item is hostile."""
    folder = DataFolder(root, clock=ManualClock(datetime.now(timezone.utc)), actor=PAYLOADS["title"], terminal="x")
    folder.start(PAYLOADS["title"], PAYLOADS["hyperlink"])
    for number, text in enumerate([*NAMES, NUL], start=1):
        folder.execute(c.AddParticipant(text))
        folder.execute(c.AddChatComment(text, f"{number}: {text}"))
        folder.reword_agreement(number, text)
    folder.execute(c.AddChatComment(PAYLOADS["markup"], MEGABYTE))
    for text in (PAYLOADS["clipboard"], PAYLOADS["c1"], PAYLOADS["bidi"]):
        folder.execute(c.RaiseHand(text))
    folder.execute(c.StartSpeaker(PAYLOADS["zero-width"]))
    folder.execute(c.AddFollowup(PAYLOADS["clear"]))
    folder.execute(c.RemindAgreement(2))
    return folder


def report(root: Path) -> dict:
    out = subprocess.run([str(BIN), "--db", str(root), "report", "--format", "json"], capture_output=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture
def console(tmp_path: Path, raw_consoles):
    return lambda size: raw_consoles(tmp_path / "db", size=size)


@pytest.mark.reliability("hostile text", "console screens under a raw pty")
@pytest.mark.parametrize("size", [(120, 35), (80, 24)])
def test_every_screen_shows_hostile_data_literally_and_writes_none_of_it_raw(size, tmp_path: Path, console, ledger):
    hostile_folder(tmp_path / "db")
    term = console(size)
    screens = 0
    # Live console: every panel, each alone at 80x24.
    term.wait_for("Speaking " + shown(PAYLOADS["zero-width"]))
    # The topic in the header: whole at 120 columns; at 80 it shares the room with a long moderator name.
    term.wait_for(shown(PAYLOADS["title"]) if size[0] > 100 else shown(PAYLOADS["title"])[:8])
    # Another console acts under a hostile name: the toast names it.
    other = DataFolder(tmp_path / "db", actor=PAYLOADS["c1"], terminal="elsewhere")
    other.execute(c.RaiseHand(PAYLOADS["link"]))
    term.wait_for(shown(PAYLOADS["c1"]) + ": ")
    screens += 1
    for key, needle in (("2", shown(PAYLOADS["clipboard"])), ("3", shown(PAYLOADS["bidi"])[:12]),
                        ("4", shown(PAYLOADS["action"])), ("1", "Welcome")):
        term.send(key)
        term.wait_for(needle)
        screens += 1
    # The agreement overlay, reworded item by item.
    term.send("g")
    for number, text in enumerate(NAMES, start=1):
        term.send(str(number) if number < 10 else f"{number // 10}{number % 10}")
        term.wait_for(f"{number:>2}. {shown(text)}")
        screens += 1
    term.send("\x1b")
    term.wait_gone("Discomfort Agreement")
    # History, the session's report and its tabs, then the closing screen.
    term.send("H")
    term.wait_for("History · 1 session")
    term.send("\r")
    term.wait_for("Talk time (the tick")
    term.send("\x1b[Z")  # shift+tab: to the tabs
    for needle in (shown(PAYLOADS["clipboard"]), "unread  " + "M" * 10, "session started: " + shown(PAYLOADS["title"])[:8]):
        term.send("\x1b[C")  # right: the next tab
        term.wait_for(needle)
        screens += 1
    term.send("\x1b")
    term.wait_for("History · 1 session")
    term.send("\x1b")
    term.wait_gone("History · 1 session")
    term.send("e")
    term.wait_for("Next moderator")
    term.send("\x1b")
    term.wait_gone("Next moderator")
    screens += 3
    alive, code, found = term.finish()
    ledger.tried(survived=alive and code == 0 and not found, times=screens)
    assert found == []
    assert (alive, code) == (True, 0)


def type_into(term: RawConsole, key: str, title: str, *fields: tuple[str, str]) -> None:
    """Open a prompt with `key`; into each (placeholder, text) field, once it has the cursor, paste
    the text; tab to the next field, enter after the last; see the prompt close."""
    term.send(key)
    term.wait_for(title)
    for number, (placeholder, text) in enumerate(fields):
        term.wait_for_cursor(placeholder)
        term.paste(text)
        term.wait_gone(empty_field(placeholder))
        term.send("\t" if number + 1 < len(fields) else "\r")
    term.wait_gone(title)


# What a paste can carry: a terminal's parser takes ESC as the start of a key, so no ESC here.
PASTED = {kind: text for kind, text in PAYLOADS.items() if "\x1b" not in text}


@pytest.mark.reliability("hostile text", "console prompts, pasted")
def test_text_pasted_into_prompts_is_stored_exactly_and_shown_inert(tmp_path: Path, console, ledger):
    folder = DataFolder(tmp_path / "db")
    folder.start("Mutuality", "Sam")
    term = console((120, 35))
    term.wait_for("Nobody speaking")
    for kind, text in PASTED.items():
        type_into(term, "a", "Add participant", ("name", text))
        type_into(term, "c", "Add chat comment", ("author", f"{text} ✓{kind[:3]}"), ("comment", f"{kind} said {text}"))
        type_into(term, "f", "After-meeting topic", ("topic", text))
    term.send("g")
    term.send("5")
    term.send("e")
    term.wait_for("Item 5 in the group's words")
    term.send("\x15")  # ctrl+u: clear the line
    term.wait_for_cursor("the item's text")
    term.paste(PASTED["bidi"] + PASTED["action"])
    term.wait_gone(empty_field("the item's text"))
    term.send("\r")
    term.wait_for(" 5. " + shown(PASTED["bidi"] + PASTED["action"]))
    alive, code, found = term.finish()
    saved = report(tmp_path / "db")
    names = [p["name"] for p in saved["participants"]]
    comments = [(m["author"], m["text"]) for m in saved["chat"]]
    kept = [text for kind, text in PASTED.items()
            if text in names and (f"{text} ✓{kind[:3]}", f"{kind} said {text}") in comments]
    ledger.tried(survived=alive and code == 0 and not found, lost=len(PASTED) - len(kept), times=3 * len(PASTED) + 1)
    assert found == [] and (alive, code) == (True, 0)
    assert kept == list(PASTED.values())
    assert DataFolder(tmp_path / "db").agreement().item(5) == PASTED["bidi"] + PASTED["action"]


@pytest.mark.reliability("hostile text", "console screens under a raw pty")
def test_home_and_the_start_prompt_show_the_next_session_literally(tmp_path: Path, console, ledger):
    folder = DataFolder(tmp_path / "db")
    folder.start("Mutuality", "Sam")
    for name in (PAYLOADS["title"], PAYLOADS["bidi"]):
        folder.execute(c.AddParticipant(name))
    folder.execute(c.EndSession(PAYLOADS["title"], PAYLOADS["bidi"], PAYLOADS["clipboard"]))
    term = console((120, 35))
    term.wait_for(shown(PAYLOADS["clipboard"]))
    term.wait_for(shown(PAYLOADS["title"]))
    term.send("s")
    term.wait_for("Start the session")
    term.send("\x1b")
    term.wait_gone("Start the session")
    alive, code, found = term.finish()
    ledger.tried(survived=alive and code == 0 and not found, times=2)
    assert found == [] and (alive, code) == (True, 0)


@pytest.mark.reliability("hostile text", "1 MB pasted into a prompt")
def test_a_megabyte_pasted_into_a_prompt_is_stored_whole_and_the_console_keeps_up(tmp_path: Path, console, ledger):
    folder = DataFolder(tmp_path / "db")
    folder.start("Mutuality", "Sam")
    term = console((120, 35))
    term.wait_for("Nobody speaking")
    big = MEGABYTE + PAYLOADS["c1"]
    type_into(term, "f", "After-meeting topic", ("topic", big))
    term.send("g")  # still answering keys
    term.wait_for("Discomfort Agreement")
    alive, code, found = term.finish()
    stored = DataFolder(tmp_path / "db").live().state().followups[-1].detail["text"]
    ledger.tried(survived=alive and code == 0 and not found, lost=int(stored != big))
    assert found == [] and (alive, code) == (True, 0)
    assert stored == big
