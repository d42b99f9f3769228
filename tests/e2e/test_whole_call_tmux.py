"""A whole call in a real terminal, at 120×35 and at 80×24, on the fast clock: one console from the
home screen to the week after, read back after each step. Each step is its own function, so a
failure names the step it happened in."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rich.cells import cell_len

from ipstui.app.actions import APP_ACTIONS, LIVE_ACTIONS
from tests.e2e.conftest import BIN, Cli
from tests.e2e.test_call_agenda_tmux import replace
from tests.e2e.test_call_people_tmux import people_dialog
from tests.e2e.tmux import Terminal, console_env

# Twenty times as fast as real time: three minutes of a turn take nine seconds.
SPEED = 20
LAST_WEEK = "2026-11-28T22:15:00+00:00"  # Saturday 17:15 in New York
TODAY = "2026-12-05T22:20:00+00:00"  # 17:20, before the call's new time of 17:30
SECRET = "can we talk after the call"
PRIVATE = "please keep this between us"
QUIET = "a comment never to be read aloud"
ASKED = "step up when I find something hard"
WIDE = "王芳"


@dataclass
class Call:
    """What every step plays on: the console, the command line and the screen's size."""

    term: Terminal
    cli: Cli
    size: tuple[int, int]
    folder: Path

    @property
    def narrow(self) -> bool:
        return self.size[0] < 110


def fast_clock(start: str) -> str:
    return f"{start}@{SPEED}@{datetime.now(timezone.utc).isoformat()}"


def line_with(screen: str, text: str) -> str:
    return next(line for line in screen.splitlines() if text in line)


def meter_row(screen: str, name: str) -> str:
    """A person's meter: the line with their name and a turn count."""
    return next(line for line in screen.splitlines() if name in line and "×" in line)


def screen_where(term: Terminal, holds, timeout: float = 15.0, what: str = "the screen looked for") -> str:
    """The first screen for which `holds(screen)` is true; fail with `what` and the last screen after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        screen = term.screen()
        try:
            if holds(screen):
                return screen
        except StopIteration:  # a row looked for is not on this screen yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"never on screen: {what}\n{screen}")
        time.sleep(0.05)


def wait_all(term: Terminal, *texts: str) -> str:
    """The first screen showing every one of `texts` (parts of a screen may be drawn frames apart)."""
    return screen_where(term, lambda screen: all(text in screen for text in texts), what=" and ".join(map(repr, texts)))


def complete(term: Terminal, typed: str, offered: str) -> None:
    """Type into a name field, see the completion offered in it, and take it with tab."""
    term.type(typed)
    screen_where(term, lambda screen: offered in fields(screen), what=f"{offered!r} offered in a field")
    term.keys("Tab")


def fields(screen: str) -> str:
    """The text fields of a dialog on screen (their lines, drawn between ▊ and ▎)."""
    return "\n".join(line for line in screen.splitlines() if "▊" in line)


def queue(screen: str) -> list[str]:
    """The names in the hands panel, in calling order."""
    return re.findall(r"\b\d+\. (\S+(?: [A-Z]\S+)?)  ", screen)


def tick_column(row: str) -> int:
    """The screen column of the fair-share tick in a meter row (the first │ inside its bar)."""
    bar = re.search("[░█]", row).start()
    return cell_len(row[:row.index("│", bar)])


def meters(call: Call, *names: str) -> str:
    """The talk-time meters on screen (one key away at 80×24) with a row for each of `names`."""
    if call.narrow:
        panel(call, "3", "[3 Meters]")
    return screen_where(call.term, lambda screen: all(meter_row(screen, name) for name in names),
                        what=f"meters of {', '.join(names)}")


def panel(call: Call, key: str, shown: str) -> str:
    """Show a panel by its number (at 80×24 the one shown, at 120×35 the one focused) and see `shown`."""
    call.term.keys(key)
    return call.term.wait_for(shown)


@pytest.mark.parametrize("size", [(120, 35), (80, 24)])
def test_a_whole_call_from_home_to_the_week_after(size, cli: Cli, terminals, tmp_path: Path, monkeypatch):
    last_week(cli, monkeypatch)
    clock = fast_clock(TODAY)
    monkeypatch.setenv("IPSTUI_CLOCK", clock)
    settings_from_the_command_line(cli)
    term = Terminal(f"whole-{size[0]}", [str(BIN), "--as", "ana"], size, {**console_env(cli.db), "IPSTUI_CLOCK": clock})
    terminals.append(term)
    call = Call(term, cli, size, tmp_path)

    home_then_start_with_s(call)
    agenda_edited_from_the_console(call)
    people_by_any_spelling(call)
    hands_ouch_reply_and_meters(call)
    chat_direct_private_and_zoom(call)
    cues_tab_strip_and_key_bar(call)
    open_items_marked_done(call)
    closing_warns_and_chooses(call)
    the_week_after(call)


def last_week(cli: Cli, monkeypatch) -> None:
    """Last week's call chose Ana Lima to moderate today, with Sam as backup, on Mutuality."""
    monkeypatch.setenv("IPSTUI_CLOCK", fast_clock(LAST_WEEK))
    cli("start", "--topic", "Connection", "--moderator", "Sam")
    for name in ("Ana Lima", "Søren Berg"):
        cli("participant", "add", name)
    cli("end", "--next-moderator", "ana lima", "--backup", "Sam", "--next-topic", "Mutuality")


def settings_from_the_command_line(cli: Cli) -> None:
    """The group moves its call to 17:30 in Toronto's zone (New York's hours) and names its callers' zones."""
    assert "time is now 17:30" in cli("settings", "set", "time", "17:30").out
    assert "zone is now America/Toronto" in cli("settings", "set", "zone", "America/Toronto").out
    cli("settings", "set", "caller-zones", "America/Toronto,Europe/Copenhagen,Asia/Shanghai,Africa/Lagos")
    shown = cli("settings", "show").out
    assert re.search(r"time\s+17:30", shown) and re.search(r"zone\s+America/Toronto", shown) and "Asia/Shanghai" in shown


def home_then_start_with_s(call: Call) -> None:
    """Home shows the next call at its new time with today's moderator; s fills them in."""
    term = call.term
    # (The slot and the choices made last week are read apart: each may come in a frame of its own.)
    wait_all(term, "17:30*–18:45", "America/Toronto", "(*please note time change)", "Saturday 5 December 2026",
             "Moderator  Ana Lima", "Topic      Mutuality", *(() if call.narrow else ("Shanghai  ", "Sun 06:30–07:45")))
    term.keys("s")
    screen = term.wait_for("Start the session")
    filled = fields(screen)
    assert "Mutuality" in filled and "Ana Lima" in filled, filled
    term.keys("Enter")
    term.wait_for("enter: start the session")
    term.keys("Enter")
    screen = term.wait_for("Mutuality · moderator Ana Lima")
    assert "Nobody speaking" in screen


def agenda_edited_from_the_console(call: Call) -> None:
    """A retimes the running item, renames and moves a later one; the panel says it in words."""
    term = call.term
    term.keys("A")
    screen = term.wait_for("Edit agenda")
    assert "1. now  Welcome and agreement  10 min" in screen
    replace(term, "t", "Minutes for Welcome and agreement", "2", "1. now  Welcome and agreement  2 min")
    term.keys("Down", "Down")
    replace(term, "r", "Rename item 3", "A short reading", "3.      A short reading  15 min")
    term.keys("J")
    screen = term.wait_for("4.      A short reading  15 min")
    assert "3.      Discussion and practice  25 min" in screen
    term.keys("Escape")
    term.wait_gone("Edit agenda")

    if call.narrow:
        panel(call, "1", "[1 Agenda]")
    screen = wait_all(term, "│   Discussion and practice  25 min", "│   A short reading  15 min")
    assert screen.index("│   Discussion and practice  25 min") < screen.index("│   A short reading  15 min")
    # Two minutes planned and more run: the running item says by how much, the projection in words.
    screen = term.wait_for(" over", timeout=30)
    assert re.search(r"▶ Welcome and agreement  \+\d+:\d\d over", screen), screen
    ends = line_with(screen, "ends ")
    assert re.search(r"ends \d\d:\d\d, (\d+ min (early|late)|on time)", ends), ends
    assert "Projected end" not in screen
    # On to the next item: the one run says how long it ran against its plan.
    term.keys("]")
    screen = term.wait_for("▶ Check-in")
    assert re.search(r"✓ Welcome and agreement  \d+:\d\d of 2 min, \+\d+:\d\d over", screen), screen
    ends = line_with(screen, "ends ")
    assert re.search(r"ends \d\d:\d\d, (\d+ min (early|late)|on time)", ends), ends
    listed = call.cli("agenda", "list").out
    assert "A short reading (15 min)" in listed and "(2 min)" in listed


def people_by_any_spelling(call: Call) -> None:
    """Names with accents and wide characters; found by first name, without accents; an ambiguous
    one refused; someone leaves and is back; a standing preference; a request with consent."""
    term, cli = call.term, call.cli
    for name in ("Søren Berg", "Chidi Okafor", "Mária", "Ana Souza"):
        cli("participant", "add", name, actor="kim")
    term.keys("a")
    term.wait_for("Add participant")
    term.type(WIDE)
    term.keys("Enter")
    term.wait_for(f"added {WIDE}")

    # The meters: Søren came last week, Chidi is new here; the wide name keeps the tick's column.
    screen = meters(call, "Chidi Okafor", "Søren Berg", WIDE)
    assert "new here" in meter_row(screen, "Chidi Okafor") and "new here" not in meter_row(screen, "Søren Berg")

    # The floor by a unique first name, from another terminal.
    assert "Chidi Okafor is speaking" in cli("speak", "chidi", actor="kim").out
    # Step back needs several minutes: not at one minute, though his share is already all the talk.
    screen = screen_where(term, lambda screen: re.search(r"now [0-2]:\d\d", meter_row(screen, "Chidi Okafor")),
                          what="Chidi's turn under three minutes")
    assert "step back?" not in meter_row(screen, "Chidi Okafor"), screen
    screen = term.wait_for("step back?", timeout=30)
    chidi = meter_row(screen, "Chidi Okafor")
    assert "step back?" in chidi and re.search(r"now [3-9]:\d\d", chidi) and "…" not in chidi, chidi
    # The bell, rung by a member: the badge says who.
    cli("bell", "--by", "Mária", actor="kim")
    screen = term.wait_for("bell: Mária")
    assert "Speaking Chidi Okafor" in screen

    # Soren is Søren; "ana" could be two people, and both ways say so.
    assert "Søren Berg raised a hand" in cli("hand", "raise", "Soren", actor="kim").out
    assert "Soren" not in [person["name"] for person in json.loads(cli("report", "--format", "json").out)["participants"]]
    refused = cli("speak", "ana", actor="kim", check=False)
    assert refused.code == 2 and "Ana Lima" in refused.err and "Ana Souza" in refused.err
    term.keys("P")
    term.wait_for("they agreed to have it kept")
    term.type("ana")
    term.wait_for("could be Ana Lima, Ana Souza")
    term.keys("Escape")
    term.wait_gone("they agreed to have it kept")
    cli("hand", "lower", "søren", actor="kim")

    # Mária leaves (her name typed without its accent) and comes back.
    people_dialog(term, "maria", "Enter")
    term.wait_for("Mária left")
    screen = panel(call, "3", "present · 1 left") if call.narrow else term.wait_for("present · 1 left")
    assert "left" in meter_row(screen, "Mária")
    # Tab completes "mar" to her name as it is spelt, then moves on to the options.
    term.keys("P")
    term.wait_for("they agreed to have it kept")
    complete(term, "mar", "maria")  # "mar", then "ia" offered
    term.wait_for("Mária · left · comments read aloud · no request")
    term.keys("Tab", "Down", "Enter")
    term.wait_for("Mária is back")
    term.wait_gone("present · 1 left")

    # 王芳's comments are never read aloud: a standing preference set from the console.
    people_dialog(term, WIDE, "Tab", "Down", "Down", "Enter")
    term.wait_for(f"{WIDE}'s comments are")

    # Chidi's own request, kept only once "they agreed" is ticked; then beside his meter.
    term.keys("P")
    term.wait_for("they agreed to have it kept")
    complete(term, "Chidi", "Chidi Okafor")
    term.wait_for("Chidi Okafor · here · comments read aloud · no request")
    term.keys("Tab", "Down", "Down", "Down", "Down", "Tab")
    term.type(ASKED)
    term.keys("Enter")
    term.wait_for("kept only with consent")
    term.keys("Space", "Enter")
    term.wait_gone("they agreed to have it kept")
    screen = panel(call, "3", f"asks: {ASKED}") if call.narrow else term.wait_for(f"asks: {ASKED}")
    rows = screen.splitlines()
    assert ASKED in rows[rows.index(meter_row(screen, "Chidi Okafor")) + 1]


def hands_ouch_reply_and_meters(call: Call) -> None:
    """An ouch from another terminal, told by its kind; a reply hand that becomes ordinary when the
    turn it answers ends; o tied to who said it; the meters' tick in place beside a wide name."""
    term, cli = call.term, call.cli
    # Ana's hand, raised on the console: tab completes her name, enter raises an ordinary hand.
    term.keys("h")
    term.wait_for("Raise hand")
    complete(term, "ana l", "ana lima")  # "ana l", then "ima" offered
    screen_where(term, lambda screen: "Ana Lima" in fields(screen), what="'Ana Lima' taken into the field")
    term.keys("Enter")
    term.wait_gone("Raise hand")
    term.wait_for("Hands 1")  # her place in the queue is read in the hands panel below
    cli("hand", "raise", "Soren", "--kind", "ouch", actor="kim")
    # At 80 columns a busy header keeps the ouch and lets the next name go.
    screen = wait_all(term, "kim: Søren Berg raised an ouch hand",
                      "Hands 2 (ouch)" if call.narrow else "Hands 2 (next Søren Berg, ouch)")
    assert "Hands 2 (" in line_with(screen, "Speaking Chidi Okafor")
    cli("hand", "raise", "mária", "--kind", "reply", actor="kim")
    term.wait_for("kim: Mária raised a reply hand")
    screen = panel(call, "2", "Mária  reply")
    assert "Søren Berg  ◀ next  OUCH" in screen
    assert queue(screen) == ["Søren Berg", "Mária", "Ana Lima"], screen  # ouch, reply, then the rest

    # Chidi's turn ends: the reply to it is an ordinary hand, after Ana's older one.
    term.keys("x")
    term.wait_for("Nobody speaking")
    screen = term.wait_gone("reply")
    assert queue(screen) == ["Søren Berg", "Ana Lima", "Mária"], screen

    # The ouch goes first; o says it was Søren's.
    term.keys("n")
    term.wait_for("Speaking Søren Berg")
    term.keys("o")
    screen = term.wait_for("Who said ouch? (empty: the room)")
    assert "Søren Berg" in fields(screen)  # the speaker, filled in
    term.keys("Enter")
    term.wait_for("ouch logged (Søren Berg)")

    # The fair-share tick in the same column for a wide name as for any other.
    screen = meters(call, WIDE, "Ana Lima")
    wide, ana = meter_row(screen, WIDE), meter_row(screen, "Ana Lima")
    assert tick_column(wide) == tick_column(ana), screen


def chat_direct_private_and_zoom(call: Call) -> None:
    """A direct message signalled without its words; private items folded apart; new comments
    counted below the list; a Zoom message of several lines shown as lines."""
    term, cli = call.term, call.cli
    cli("chat", "add", "--author", "Chidi", "--direct", SECRET, actor="kim")
    # The toast names the sender, never the words.
    screen = wait_all(term, "kim: direct message from Chidi Okafor", "│ DM 1")
    assert SECRET not in screen
    cli("chat", "add", "--author", "Ana Souza", "--private", PRIVATE, actor="kim")
    cli("chat", "add", "--author", WIDE, QUIET, actor="kim")
    cli("chat", "add", "--author", "Søren", "a comment to read", actor="kim")
    term.wait_for("To read 1")

    # The direct message, the private comment and 王芳's (never read aloud): folded apart.
    screen = panel(call, "4", "▸ Private (3): 1 DM, 2 not to read aloud")
    assert "a comment to read" in screen
    for words in (SECRET, PRIVATE, QUIET):
        assert words not in screen

    # Zoom's saved chat: a message of three lines, imported from another terminal.
    chat = call.folder / "meeting_saved_chat.txt"
    chat.write_text("17:28:05 From Mária to Everyone:\n\tfirst line of mine\n\tsecond line\n\tthird line\n"
                    "17:28:30 From Chidi Okafor to Everyone:\n\tthanks all\n", "utf-8")
    assert cli("chat", "import", str(chat), actor="kim").out.startswith("imported 2 comments (0 private)")
    screen = term.wait_for("thanks all")
    assert "first line of mine" in screen and "second line" in screen and "third line" in screen
    assert "x0a" not in screen and "\\n" not in screen

    # New comments past the bottom, with the cursor on the oldest: counted, not yanked.
    term.keys("Home")
    for number in range(14):
        cli("chat", "add", "--author", "Søren", f"later comment {number}", actor="kim")
    screen = term.wait_for("new below ↓")
    assert "a comment to read" in screen and "later comment 13" not in screen
    term.keys("End")
    term.wait_for("later comment 13")
    term.wait_gone("new below")


def cues_tab_strip_and_key_bar(call: Call) -> None:
    """The header keeps the moderator; at 80×24 the tab strip shows which panel is shown; the key
    bar never cuts a word."""
    term = call.term
    screen = term.screen()
    # The header keeps the moderator's name at the end of its second line, whatever the width.
    assert line_with(screen, " running ").rstrip().endswith("│ Mutuality · moderator Ana Lima"), screen
    if call.narrow:
        strip = line_with(screen, "ctrl+q quit")
        assert "[4 Chat]" in strip and "1 Agenda" in strip and "2 Hands" in strip and "3 Meters" in strip
        screen = panel(call, "2", "[2 Hands]")
        assert "[4 Chat]" not in screen
    labels = {action.label for action in LIVE_ACTIONS + APP_ACTIONS}
    bar = screen.rstrip("\n").splitlines()[-1].split("▏")[0]
    entries = [entry.strip() for entry in bar.split("  ") if entry.strip()]
    assert entries, bar
    for entry in entries:
        key, _, label = entry.partition(" ")
        assert label in labels, f"{entry!r} in the key bar {bar!r}"


def open_items_marked_done(call: Call) -> None:
    """A breakout request and an after-meeting topic beside the direct message; one marked done."""
    term, cli = call.term, call.cli
    cli("breakout", "Chidi", "Mária", "--note", "about housing", actor="kim")
    cli("followup", "Peer roles", actor="kim")
    screen = term.wait_for("Open items 3")
    term.keys("i")
    screen = term.wait_for("enter: mark done, or open again")
    assert "[ ] Direct message from Chidi Okafor" in screen and "[ ] After-meeting topic Peer roles" in screen
    breakout = line_with(screen, "Breakout")
    assert "Chidi Okafor, Mária · about" in breakout and "[ ]" in breakout  # the note told on the command line
    term.keys("Down", "Enter")
    screen = term.wait_for("Open items 2")
    term.keys("i")
    screen = term.wait_for("enter: mark done, or open again")
    assert "[x]" in line_with(screen, "Breakout") and "[ ] Direct message from Chidi Okafor" in screen
    term.keys("Escape")
    term.wait_gone("enter: mark done, or open again")


def closing_warns_and_chooses(call: Call) -> None:
    """e: what is still open, then the next moderator chosen from the roster by name."""
    term = call.term
    term.keys("e")
    screen = term.wait_for("Before closing")
    recap, choice = columns(screen, "Roster · m: next")
    said = " ".join(recap.split())
    for seen in ("⚠ No next moderator chosen (m on a name)", "⚠ 2 hands still up: Ana Lima, Mária",
                 "⚠ Søren Berg is still speaking", "⚠ Direct message from Chidi Okafor not answered (i: mark done)",
                 "[x] Breakout request Chidi Okafor, Mária · about housing", "[ ] After-meeting topic Peer roles"):
        assert seen in said, f"{seen!r} not in {said!r}"
    # The roster in the order of the list, each name at the start of its entry (an entry may wrap).
    roster = re.findall(r"▊ (\S.*?)  (?:never moderated|moderated \d+×)", choice)
    assert roster[:3] == ["Ana Lima", "Søren Berg", "Chidi Okafor"], choice
    term.keys(*["Down"] * roster.index("Chidi Okafor"), "m")
    screen = term.wait_gone("No next moderator chosen")
    assert "Next moderator: Chidi Okafor" in " ".join(columns(screen, "Roster · m: next")[1].split())
    term.keys("C-s")
    term.wait_for("Next call")


def columns(screen: str, marker: str) -> tuple[str, str]:
    """A screen of two columns split where `marker` begins, as two texts (wide characters counted as two cells)."""
    top = line_with(screen, marker)
    split = cell_len(top[:top.index(marker)])
    left, right = [], []
    for line in screen.splitlines():
        cells, cut = 0, len(line)
        for index, char in enumerate(line):
            if cells >= split:
                cut = index
                break
            cells += cell_len(char)
        left.append(line[:cut])
        right.append(line[cut:])
    return "\n".join(left), "\n".join(right)


def the_week_after(call: Call) -> None:
    """Home, status and announce point at next week with Chidi; undo after end reopens; the report."""
    term, cli = call.term, call.cli
    wait_all(term, "Saturday 12 December 2026", "Moderator  Chidi Okafor")
    status = cli("status").out
    assert "No live session. Next call: Saturday 12 December 2026" in status and "on now" not in status
    assert "Moderator: Chidi Okafor; topic: to be announced" in status, status
    post = cli("announce").out
    assert "December 12, 2026" in post and "**Moderator:** Chidi Okafor" in post

    # Undo after end reopens the session (a compensating event); the console follows it live.
    assert "undid: end of session; session 2026-12-05 is live again" in cli("undo", actor="ana").out
    term.wait_for("Mutuality · moderator Ana Lima")
    cli("end", "--next-moderator", "chidi", "--next-topic", "Hope", actor="ana")
    wait_all(term, "Saturday 12 December 2026", "Moderator  Chidi Okafor", "Topic      Hope")
    # Nothing rewritten: the first end stays in the log, undone by an event of its own, then the second.
    log = json.loads((call.cli.db / "session-2026-12-05.json").read_text("utf-8"))["events"].values()
    assert [event["type"] for event in log if event["type"] in ("session_ended", "undone")] == \
        ["session_ended", "undone", "session_ended"]

    # s again today fills in today's moderator, never next week's.
    term.keys("s")
    screen = term.wait_for("Start the session")
    filled = fields(screen)
    assert "Ana Lima" in filled and "Mutuality" in filled, filled
    assert "Chidi Okafor" not in filled and "Hope" not in filled, filled
    term.keys("Escape")
    term.wait_gone("Start the session")

    report = cli("report", "--format", "md").out
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", report), report
    assert not re.search(r"\b1 [a-z]+s\b", report), report
    assert SECRET not in report and PRIVATE not in report and QUIET not in report and ASKED not in report
    assert "- Ouch moments: 1; bells: 1" in report and "| Welcome and agreement | 2 min |" in report
    assert "first line of mine  \n  second line  \n  third line" in report
    shared = cli("report", "--format", "csv").out
    assert "first line of mine" in shared and "x0a" not in shared and SECRET not in shared

    # The group moves its call later, on the day of the call just held: next week's call says so.
    assert "(the next call says the time changed)" in cli("settings", "set", "time", "19:00").out
    post = cli("announce").out
    assert "December 12, 2026, 7\\* pm" in post and "(\\*please note time change" in post, post
    wait_all(term, "19:00*–20:15", "Saturday 12 December 2026", "(*please note time change)")
