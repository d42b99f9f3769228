"""Every key and palette entry of the console, in one table.

Each row feeds a screen's bindings (and through them the key bar), the command palette and
the README's key table (tests/ui/test_actions.py compares the README with `readme_table()`).
This module loads with the live console: it imports nothing but Textual's Binding.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    """One thing a moderator can do: its key, the action it runs, and how it is named."""

    key: str
    """Textual's key name; empty for an action found only in the command palette."""
    action: str
    """The action run, as Textual names it (`app.` for the app's own, from a screen)."""
    label: str
    """The word in the key bar and in Textual's key panel."""
    palette_title: str
    """Its plain title in the command palette (SPEC §3); empty when it is not there."""
    help: str
    """One line on what it does: the palette's help and the README's."""
    shown_in_key_bar: bool = False
    """Whether the key bar shows it."""
    priority: bool = False
    """Whether the key works even inside a dialog's text field."""
    also: str = ""
    """Other words the command palette finds it by (what a moderator may type for it)."""


# The app's own: on every screen.
APP_ACTIONS: tuple[Action, ...] = (
    Action("g", "show_agreement", "Agreement", "Show agreement",
           "The Discomfort Agreement; a number jumps to an item", shown_in_key_bar=True,
           also="remind the group of an item, discomfort agreement"),
    Action("ctrl+q", "quit", "Quit", "", "Leave the console (the session goes on)", priority=True),
    Action("ctrl+t", "toggle_contrast", "High contrast", "High contrast theme",
           "Switch between high contrast and the usual theme"),
    Action("H", "show_history", "History", "Show history", "Past sessions, rotation, topics and attendance"),
    # Textual's own action; the app lets the key through when no keys panel is open.
    Action("escape", "hide_help_panel", "Close keys", "", "Close the keys panel (the palette's Keys)"),
)

# The home screen, before a call.
HOME_ACTIONS: tuple[Action, ...] = (
    Action("s", "app.start_session", "Start session", "Start session", "Open the live console for a new call",
           shown_in_key_bar=True),
    Action("y", "app.show_history", "History", "", "Past sessions, rotation, topics and attendance",
           shown_in_key_bar=True),
    Action("u", "app.reopen_session", "Reopen", "Reopen last session",
           "Undo the end of the latest session, after asking (none started since)"),
    Action("S", "app.show_settings", "Settings", "Group settings",
           "The weekly slot (day, time, length, zone), join details and callers' zones", shown_in_key_bar=True),
)

# The agenda editor (A on the live console): keyboard-first, on the highlighted item.
AGENDA_EDITOR_ACTIONS: tuple[Action, ...] = (
    Action("a", "add_item", "Add", "", "Add an item after the highlighted one", shown_in_key_bar=True),
    Action("r", "rename_item", "Rename", "", "Give the highlighted item a new title", shown_in_key_bar=True),
    Action("t", "retime_item", "Retime", "", "Plan other minutes for it (the running item too)",
           shown_in_key_bar=True),
    Action("K", "move_item(-1)", "Move up", "", "Move it one place earlier (not before the running item)",
           shown_in_key_bar=True),
    Action("J", "move_item(1)", "Move down", "", "Move it one place later", shown_in_key_bar=True),
    Action("d", "remove_item", "Remove", "", "Remove it, if it has not begun (u on the console undoes it)",
           shown_in_key_bar=True),
    Action("escape", "close", "Close", "", "Back to the live console", shown_in_key_bar=True),
)

# The group's settings (S on home).
SETTINGS_ACTIONS: tuple[Action, ...] = (
    Action("enter", "edit_setting", "Change", "", "Change the highlighted setting", shown_in_key_bar=True),
    Action("escape", "close", "Close", "", "Back to home", shown_in_key_bar=True),
)

# The live console: every moderator action, as SPEC §3 names it.
LIVE_ACTIONS: tuple[Action, ...] = (
    Action("n", "call_next", "Next hand", "Call next hand", "Give the floor to the head of the queue",
           shown_in_key_bar=True),
    Action("s", "start_speaker", "Speak", "Start speaker", "Give someone the floor", shown_in_key_bar=True),
    Action("x", "stop_speaker", "Stop", "Stop speaker", "End the current turn", shown_in_key_bar=True),
    Action("h", "raise_hand", "Hand", "Raise hand", "Put someone in the hand queue: ordinary, ouch or direct reply",
           shown_in_key_bar=True),
    Action("c", "add_comment", "Chat", "Add chat comment", "Type in a chat comment", shown_in_key_bar=True),
    Action("r", "mark_read", "Read", "Mark comment read", "The highlighted comment, or the oldest waiting",
           shown_in_key_bar=True),
    Action("e", "end_session", "End", "End session", "Recap, next moderator, close the call", shown_in_key_bar=True,
           also="end, finish, close the call, closing"),
    Action("a", "add_participant", "Add", "Add participant", "Add someone to the call"),
    Action("l", "lower_hand", "Lower hand", "Lower hand", "Take the highlighted (or a named) hand down"),
    Action("L", "lower_all", "Lower all", "Lower all hands", "Empty the queue, after asking"),
    Action("k", "skip_comment", "Skip comment", "Skip comment", "Mark a comment skipped"),
    Action("p", "make_private", "Private", "Make comment private", "Never read the highlighted comment aloud"),
    Action("right_square_bracket", "next_agenda", "Agenda", "Next agenda item", "Move the agenda on"),
    Action("o", "log_ouch", "Ouch", "Log ouch", "Log an ouch: who said it (the speaker unless changed), with whom",
           also="ouch moment, hurt, harm"),
    Action("b", "ring_bell", "Bell", "Ring bell", "Log a member ringing the bell", also="bell, long turn, time"),
    Action("f", "add_followup", "Follow-up", "Add after-meeting topic", "A topic to continue after the call",
           also="follow-up, parking lot, later"),
    Action("", "request_breakout", "Breakout", "Request breakout", "Log a request for a breakout room, with who",
           also="breakout room, small group"),
    Action("u", "undo", "Undo", "Undo last action", "Undo your newest action; anyone's after asking",
           also="undo, take back, revert, mistake"),
    Action("i", "open_items", "Items", "Open items",
           "Direct messages to answer, breakout requests, after-meeting topics: mark one done",
           also="direct messages, to do, done"),
    Action("A", "edit_agenda", "Edit agenda", "Edit agenda",
           "Add, rename, retime, move or remove this session's agenda items", also="agenda, reorder, retime"),
    Action("P", "people", "People", "People",
           "Someone left or is back; never read their comments aloud; their request to the group"),
    Action("", "people('left')", "Mark left", "Mark left", "Someone left the call: out of the fair share, hand lowered"),
    Action("", "people('back')", "Mark back", "Mark back", "Someone who left is back in the call"),
    Action("", "people('quiet')", "Don't read aloud", "Never read someone's comments aloud",
           "A standing preference, kept for later sessions"),
    Action("", "people('aloud')", "Read aloud", "Read someone's comments aloud again", "Clear the standing preference"),
    Action("", "people('request')", "Request", "Record member's request",
           "In their words, with their consent; shown beside their meter to the team"),
    Action("", "people('withdraw')", "Withdraw request", "Withdraw member's request",
           "No longer shown, nor carried to later sessions"),
    Action("", "import_chat", "Import chat", "Import Zoom chat",
           "Read a saved meeting_saved_chat.txt into the chat list"),
    Action("", "follow_chat", "Follow chat", "Follow Zoom chat", "Keep reading a chat file while Zoom appends to it"),
    Action("", "import_roster", "Import participants", "Import participants report",
           "Record attendance from Zoom's participants CSV"),
    Action("1", "panel('agenda')", "Agenda", "", "Show the agenda panel"),
    Action("2", "panel('hands')", "Hands", "", "Show the hand queue"),
    Action("3", "panel('meters')", "Meters", "", "Show the talk-time meters"),
    Action("4", "panel('chat')", "Chat list", "", "Show the chat to read"),
    Action("tab", "cycle_panel(1)", "Next panel", "", "Move to the next panel"),
    Action("shift+tab", "cycle_panel(-1)", "Previous panel", "", "Move to the previous panel"),
)


# History: past sessions and what they say together; the tabs by number, as the live panels.
HISTORY_ACTIONS: tuple[Action, ...] = (
    Action("escape", "back", "Back", "", "Back to where you were", shown_in_key_bar=True),
    Action("slash", "filter", "Filter", "", "Filter the sessions by topic, moderator or date", shown_in_key_bar=True),
    Action("1", "tab('tab-sessions')", "Sessions", "", "Show the sessions"),
    Action("2", "tab('tab-rotation')", "Rotation", "", "Show who has moderated, and who never has"),
    Action("3", "tab('tab-topics')", "Topics", "", "Show the topics covered"),
    Action("4", "tab('tab-attendance')", "Attendance", "", "Show attendance over time"),
    Action("delete", "remove_session", "Remove", "", "Remove the highlighted session, after asking"),
)


def bindings(actions: tuple[Action, ...]) -> list[Binding]:
    """The Textual bindings of the rows that have a key."""
    return [Binding(row.key, row.action, row.label, show=row.shown_in_key_bar, priority=row.priority)
            for row in actions if row.key]


def in_palette(actions: tuple[Action, ...]) -> list[Action]:
    """The rows the command palette offers."""
    return [row for row in actions if row.palette_title]


# Textual's key names that are not what a person reads on the keyboard.
_KEY_SHOWN = {"right_square_bracket": "]", "slash": "/"}

# The README's table: where each set of keys works, in the order the README lists them.
README_SCREENS: tuple[tuple[str, tuple[Action, ...]], ...] = (
    ("live console", LIVE_ACTIONS),
    ("home", HOME_ACTIONS),
    ("history", HISTORY_ACTIONS),
    ("agenda editor", AGENDA_EDITOR_ACTIONS),
    ("settings", SETTINGS_ACTIONS),
    ("every screen", APP_ACTIONS),
)


def key_text(key: str) -> str:
    """A key as the README writes it: a printable key in backticks, a named one plain, none as a dash."""
    if not key:
        return "—"
    shown = _KEY_SHOWN.get(key, key)
    return f"`{shown}`" if len(shown) == 1 else shown


def readme_table() -> list[str]:
    """The README's key table, one Markdown line per row."""
    lines = ["| key | where | action | what it does |", "|---|---|---|---|"]
    for where, actions in README_SCREENS:
        for row in actions:
            lines.append(f"| {key_text(row.key)} | {where} | {row.palette_title or row.label} | {row.help} |")
    return lines
