"""Every screen and field of the console on hostile text from the command line, a Zoom file and a
backup, read byte for byte from a pseudo-terminal: nothing a terminal obeys, all markup literal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Cli, cli  # noqa: F401  (the fixture)
from tests.torture.payloads import PAYLOADS, shown
from tests.torture.rawpty import RawConsole
from tests.torture.test_hostile_text import participants_csv, zoom_chat

# A terminal tall and wide enough that every list is on screen without scrolling.
SIZE = (220, 150)
P = PAYLOADS
LONE = "lo\ud800ne\udfff"  # lone surrogates: only JSON can carry them (a backup)
LONG = "L" * 3000 + P["title"]
# What a backup puts where no command writes: the group's name, its join details, agenda titles.
GROUP_NAME = P["title"] + LONE
JOIN = {"url": P["hyperlink"], "phones": [P["clear"], P["c1"]], "meeting_id": P["bidi"], "international": P["action"]}
AGENDA = [P["title"], P["clear"], P["markup"], P["action"], LONE, P["zero-width"], LONG]


def hostile_folder(cli: Cli, tmp_path: Path) -> Path:
    """A history made hostile through all three doors; returns the data folder the backup restored."""
    cli("start", "--topic", P["markup"], "--moderator", P["clear"])
    for text in (P["title"], P["bidi"], P["action"], LONG):
        cli("participant", "add", text)
    cli("chat", "add", "--author", P["title"], P["link"])
    cli("chat", "add", "--author", P["bidi"], "--private", P["clipboard"])
    cli("followup", P["unclosed"])
    cli("ouch", "--by", P["title"], "--with", P["bidi"])
    cli("breakout", P["action"], P["hyperlink"], "--note", P["c1"])
    cli("remind", "3")
    cli("agreement", "edit", "3", P["clipboard"])
    cli("end", "--next-moderator", P["title"], "--backup", P["bidi"], "--next-topic", P["hyperlink"])
    cli("start", "--topic", P["c1"], "--moderator", P["zero-width"])
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_text(zoom_chat({"markup": P["markup"], "unclosed": P["unclosed"]}), encoding="utf-8")
    roster = tmp_path / "participants.csv"
    roster.write_text(participants_csv({"link": P["link"], "clear": P["clear"]}), encoding="utf-8")
    cli("chat", "import", str(chat))
    cli("roster", "import", str(roster))
    for text in (P["title"], P["bidi"], P["link"]):
        cli("participant", "add", text)
    cli("hand", "raise", P["title"])
    cli("hand", "raise", P["bidi"], "--kind", "ouch")
    cli("speak", P["link"])
    cli("followup", P["action"])
    backup = tmp_path / "backup.json"
    cli("export", "--output", str(backup))
    data = json.loads(backup.read_text())
    settings = data["group"]["settings"]["1"]
    settings["group_name"], settings["join"] = GROUP_NAME, JOIN
    for session in data["sessions"].values():
        started = session["events"]["1"]["data"]
        started["agenda"] = [{"title": title, "planned_minutes": 5} for title in AGENDA]
    # ensure_ascii: the lone surrogates travel as \ud800 escapes, as in any JSON file.
    backup.write_text(json.dumps(data, ensure_ascii=True))
    restored = tmp_path / "restored"
    cli("--db", str(restored), "import-backup", str(backup))
    return restored


class Sweep:
    """A console on the hostile folder; each look checks that its needles are on screen, drawn inert."""

    def __init__(self, term: RawConsole) -> None:
        self.term = term
        self.looks = 0

    def see(self, *needles: str) -> str:
        """Wait for every needle (each a hostile value as it must read) on the screen."""
        for needle in needles:
            self.term.wait_for(needle)
        self.looks += 1
        return self.term.text()


def screen_needles(text: str, width: int = 60) -> str:
    """How much of `text` a column shows for sure: its safe spelling, cut where a cell may end."""
    return shown(text)[:width]


@pytest.fixture
def consoles(raw_consoles):
    return lambda db: raw_consoles(db, size=SIZE)


@pytest.mark.reliability("hostile text", "every screen and field, from the CLI, a Zoom file and a backup")
def test_every_screen_draws_hostile_text_literally_and_nothing_raw(cli: Cli, tmp_path: Path, consoles, ledger):
    db = hostile_folder(cli, tmp_path)
    sweep = Sweep(consoles(db))
    # The live console: header, agenda, hands, meters, chat (all four panels at this size).
    sweep.see("Speaking " + shown(P["link"]), shown(P["c1"]) + " · moderator " + shown(P["zero-width"]))
    sweep.see(*(shown(title) for title in AGENDA[:-1]))
    sweep.see(" 1. " + shown(P["bidi"]) + "  ◀ next  OUCH", " 2. " + shown(P["title"]) + "  waiting")
    sweep.see(screen_needles(P["action"], 13), screen_needles(P["bidi"], 13))
    sweep.see(shown(P["markup"]), "Private (")
    # The private items, folded under the chat's list: open them (once the console reads keys).
    sweep.term.send("\x10")
    sweep.see("Search for commands")
    sweep.term.send("\x1b")
    sweep.term.wait_gone("Search for commands")
    sweep.term.send("4")
    sweep.term.send("\x1b[F")  # end: the line of the private items
    sweep.term.send("\r")
    sweep.see("markup: " + shown(P["markup"]), "dm " + shown(P["unclosed"]))
    for key in "1234":
        sweep.term.send(key)
        sweep.see("Speaking ")
    # The agreement overlay, on the reworded item.
    sweep.term.send("g")
    sweep.term.send("3")
    sweep.see(" 3. " + shown(P["clipboard"]))
    sweep.term.send("\x1b")
    sweep.term.wait_gone("Discomfort Agreement")
    # Closing: recap, volunteers, the next topic filled in.
    sweep.term.send("e")
    sweep.see("Next moderator", "[ ] After-meeting topic " + shown(P["action"]), shown(P["link"]) + "  ")
    sweep.term.send("\x1b")
    sweep.term.wait_gone("Before closing")
    # History and its tabs, then each session's report and its tabs.
    sweep.term.send("H")
    sweep.see("History · 2 sessions", shown(P["c1"]), shown(P["markup"]))
    # shift+tab twice: to the filter (seen by its cursor, so no key is sent before the screen
    # is ready for it), then past it to the tabs.
    sweep.term.send("\x1b[Z")
    sweep.term.wait_for_cursor("/ filter by topic, moderator or date")
    sweep.term.send("\x1b[Z")
    for needle in ("never moderated", "  2026-", "Attendance, oldest"):
        sweep.term.send("\x1b[C")  # right: the next tab
        sweep.see(needle)
    sweep.term.send("\x1b")
    sweep.term.wait_gone("History · 2 sessions")
    for row, (topic, moderator) in enumerate(((P["c1"], P["zero-width"]), (P["markup"], P["clear"]))):
        sweep.term.send("H")
        sweep.see("History · 2 sessions")
        sweep.term.send("\x1b[B" * row + "\r")
        sweep.see("Talk time (the tick", shown(topic) + "  · moderator " + shown(moderator),
                  *(shown(title) for title in AGENDA[:-1]))
        if row:
            sweep.see("Next moderator " + shown(P["title"]), "After the meeting: " + shown(P["unclosed"]),
                      "Breakout: " + shown(P["action"]), "ouch by " + shown(P["title"]))
        sweep.term.send("\x1b[Z")
        tabs = ((shown(P["bidi"]) + "  ouch",), ("markup: " + shown(P["markup"]), "dm " + shown(P["markup"])),
                ("add " + shown(P["link"]),))
        if row:
            tabs = (("raised",), (shown(P["title"]), shown(P["link"]), shown(P["clipboard"])), ("add " + shown(LONG)[:60],))
        for needles in tabs:
            sweep.term.send("\x1b[C")
            sweep.see(*needles)
        sweep.term.send("\x1b")
        sweep.term.send("\x1b")
        sweep.term.wait_gone("History · 2 sessions")
    alive, code, found = sweep.term.finish()
    # Home, once the live session has ended: the group's name, join details, who moderates next.
    cli("--db", str(db), "end", "--next-moderator", P["link"], "--next-topic", P["unclosed"])
    home = Sweep(consoles(db))
    home.see(shown(GROUP_NAME), shown(P["hyperlink"]), shown(P["clear"]), shown(P["c1"]), shown(P["bidi"]),
             shown(P["action"]), "Moderator  " + shown(P["link"]), "Topic      " + shown(P["unclosed"]))
    home_alive, home_code, home_found = home.term.finish()
    looks = sweep.looks + home.looks
    ledger.tried(survived=alive and home_alive and code == home_code == 0 and not found + home_found, times=looks)
    assert found + home_found == []
    assert (alive, code, home_alive, home_code) == (True, 0, True, 0)
