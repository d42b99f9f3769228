"""The closing screen: recap, what is still open, volunteers, next moderator and backup, next topic."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ipstui.app.messages import RunCommand, Say
from ipstui.domain.text import counted
from ipstui.app.safe import clock_text, literal, part
from ipstui.app.widgets.key_bar import KeyBar
from ipstui.app.widgets.safe_input import SafeInput
from ipstui.domain.analysis import recap
from ipstui.domain.commands import EndSession
from ipstui.domain.open_items import open_items, still_open
from ipstui.domain.state import AmbiguousName, HandKind, SessionState, find_name
from ipstui.domain.text import name_key
from ipstui.store.folder import Volunteer


def recap_lines(state: SessionState, now: datetime) -> list[Content]:
    """What happened, in a few plain lines (people in the order they joined, never ranked)."""
    facts = recap(state, now)
    figures = facts.figures
    lines = [
        Content.assemble(("Length ", "bold"), clock_text(figures.length_seconds),
                         f" · {figures.attendance} present · {len(facts.speakers)} spoke"),
        Content.assemble(("Spoke ", "bold"), *_names([(name, f" {clock_text(seconds)}") for name, seconds in facts.speakers])),
    ]
    if facts.listeners:
        lines.append(Content.assemble(("Listened ", "bold"), *_names([(name, "") for name in facts.listeners])))
    lines.append(Content.assemble(
        ("Chat ", "bold"),
        f"{figures.comments_read} read, {facts.comments_skipped} skipped, "
        f"{facts.comments_unread} unread, {figures.comments_private} private"))
    lines.append(Content.assemble(
        ("Agreement ", "bold"),
        f"{counted(figures.reminders, 'reminder')}, {counted(figures.ouches, 'ouch')}, {counted(figures.bells, 'bell')}"))
    return lines


def closing_warnings(state: SessionState, now: datetime, next_moderator: str | None) -> list[Content]:
    """What to see to before the call closes: no next moderator, a turn running, hands up, an
    ouch waiting, a direct message not answered. Most pressing first."""
    warnings = []
    if next_moderator is None:
        warnings.append(Content.assemble("No next moderator chosen (", ("m", "bold"), " on a name)"))
    ouches = [hand.name for hand in state.hands if hand.kind is HandKind.OUCH]
    for name in ouches:
        warnings.append(Content.assemble(part(name), "'s ouch is still waiting"))
    others = [hand.name for hand in state.ordered_hands(now) if hand.kind is not HandKind.OUCH]
    if others:
        what = f"{counted(len(others), 'hand')} still up" if not ouches else f"{counted(len(others), 'more hand')} up"
        warnings.append(Content.assemble(what, ": ", *_names([(name, "") for name in others])))
    if state.turn is not None:
        warnings.append(Content.assemble(part(state.turn.name), " is still speaking (",
                                         clock_text(state.current_turn_seconds(now)), ")"))
    for item in still_open(state):
        if item.kind == "message":
            warnings.append(Content.assemble("Direct message from ", part(item.who), " not answered (",
                                             ("i", "bold"), ": mark done)"))
    return warnings


def item_lines(state: SessionState) -> list[Content]:
    """Every open item with its done mark."""
    from ipstui.app.screens.open_items import item_line

    return [item_line(item) for item in open_items(state)] or [Content.styled("none", "dim")]


def _names(pairs: list[tuple[str, str]]) -> list:
    parts: list = []
    for index, (name, suffix) in enumerate(pairs):
        if index:
            parts.append(", ")
        parts += [part(name), suffix]
    return parts or [("nobody", "dim")]


def volunteer_line(volunteer: Volunteer, role: str, moderating_now: bool = False, here: bool = True) -> Content:
    """A volunteer with how often they have moderated (this call not yet counted)."""
    history = (f"moderated {volunteer.moderated}×", "dim") if volunteer.moderated else ("never moderated", "bold $success")
    parts: list = [part(volunteer.name, "bold"), "  ", history]
    if moderating_now:
        parts += ["  ", ("moderating today", "italic")]
    if not here:
        parts += ["  ", ("not here today", "dim italic")]
    if role:
        parts += ["  ", (f"◀ {role}", "bold $accent")]
    return Content.assemble(*parts)


class ClosingScreen(Screen[None]):
    """Close the call: choose who moderates next (and a backup) and what the topic will be."""

    BINDINGS = [
        Binding("escape", "back", "Back to the call"),
        Binding("m", "choose('moderator')", "Next moderator"),
        Binding("b", "choose('backup')", "Backup"),
        Binding("i", "open_items", "Open items"),
        Binding("slash", "find", "Find a name"),
        Binding("ctrl+s", "close_session", "Close the session"),
    ]

    next_moderator: reactive[str | None] = reactive(None, repaint=False)
    """Who moderates the next call."""
    backup: reactive[str | None] = reactive(None, repaint=False)
    """Who steps in if the next moderator cannot."""

    def __init__(self, state: SessionState, now: datetime, volunteers: list[Volunteer]) -> None:
        super().__init__()
        self.state = state
        self.now = now
        # Everyone on the roster may be chosen: those here today first, in the order they joined.
        here = [name_key(person.name) for person in state.participants.values()]
        self.volunteers = sorted(volunteers, key=lambda v: here.index(name_key(v.name)) if name_key(v.name) in here
                                 else len(here))
        self.here = set(here)

    def compose(self) -> ComposeResult:
        with Horizontal(id="closing-columns"):
            with VerticalScroll(id="closing-recap"):
                yield Label("Before closing", classes="section-title", id="closing-warnings-title")
                yield Static(id="closing-warnings")
                yield Label("Open items (i: mark done)", classes="section-title")
                yield Static(id="closing-items")
                yield Label("Recap", classes="section-title")
                yield Static(Content("\n").join(recap_lines(self.state, self.now)), id="recap-lines")
            with Vertical(id="closing-choice"):
                yield Label("Roster · m: next · b: backup · /: find", classes="section-title")
                yield OptionList(id="volunteer-list")
                yield Static(id="closing-chosen")
                yield Label("Next topic", classes="section-title")
                yield SafeInput(placeholder="next topic", id="next-topic")
                yield Button("Close the session (ctrl+s)", variant="primary", id="close-session")
        yield KeyBar()

    def on_mount(self) -> None:
        self._refresh_choices()
        self._refresh_state()
        self.query_one("#volunteer-list", OptionList).focus()

    def update_state(self, state: SessionState, now: datetime) -> None:
        """The session as it now stands (a co-moderator's action, a done mark)."""
        self.state, self.now = state, now
        if self.is_mounted:
            self._refresh_state()

    def _refresh_state(self) -> None:
        warnings = closing_warnings(self.state, self.now, self.next_moderator)
        self.query_one("#closing-warnings-title", Label).display = bool(warnings)
        box = self.query_one("#closing-warnings", Static)
        box.display = bool(warnings)
        box.update(Content("\n").join(Content.assemble(("⚠ ", "bold $warning"), line) for line in warnings))
        self.query_one("#closing-items", Static).update(Content("\n").join(item_lines(self.state)))
        self.query_one("#recap-lines", Static).update(Content("\n").join(recap_lines(self.state, self.now)))

    def _role(self, name: str) -> str:
        return "next moderator" if name == self.next_moderator else "backup" if name == self.backup else ""

    def _refresh_choices(self) -> None:
        options = self.query_one("#volunteer-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(volunteer_line(v, self._role(v.name), v.name == self.state.moderator,
                                  name_key(v.name) in self.here), id=str(i))
            for i, v in enumerate(self.volunteers)
        )
        if self.volunteers:
            options.highlighted = highlighted if highlighted is not None else 0
        chosen = Content.assemble(
            ("Next moderator: ", "bold"), literal(self.next_moderator or "not chosen"),
            ("   Backup: ", "bold"), literal(self.backup or "not chosen"))
        self.query_one("#closing-chosen", Static).update(chosen)

    def watch_next_moderator(self) -> None:
        if self.is_mounted:
            self._refresh_choices()
            self._refresh_state()

    def watch_backup(self) -> None:
        if self.is_mounted:
            self._refresh_choices()

    def action_choose(self, role: str) -> None:
        options = self.query_one("#volunteer-list", OptionList)
        if options.highlighted is None or not self.volunteers:
            return
        name = self.volunteers[options.highlighted].name
        if role == "moderator":
            self.next_moderator = name
            if self.backup == name:
                self.backup = None
        else:
            if name == self.next_moderator:
                self.app.post_message(Say("The backup must be someone other than the next moderator.", "warning"))
                return
            self.backup = name

    def action_find(self) -> None:
        """Type a name (completed from the roster) to move to that volunteer: a long roster is
        not walked a row at a time."""
        from ipstui.app.screens.prompts import TextModal

        names = [volunteer.name for volunteer in self.volunteers]

        def answered(typed: str | None) -> None:
            if not typed:
                return
            try:
                found = find_name(typed, names)
            except AmbiguousName as error:
                self.app.post_message(Say(str(error), "warning"))
                return
            if found is None:
                self.app.post_message(Say(f"Nobody on the roster is called {typed}.", "warning"))
                return
            options = self.query_one("#volunteer-list", OptionList)
            options.highlighted = names.index(found)
            options.focus()

        self.app.push_screen(TextModal("Find a volunteer", names), answered)

    @on(OptionList.OptionSelected, "#volunteer-list")
    def choose_selected(self) -> None:
        self.action_choose("moderator" if self.next_moderator is None else "backup")

    @on(Button.Pressed, "#close-session")
    def press_close(self) -> None:
        self.action_close_session()

    def action_open_items(self) -> None:
        """Mark an open item done (or open again), as on the live console."""
        from ipstui.app.screens.open_items import OpenItemsModal
        from ipstui.domain.open_items import MarkItemDone

        items = open_items(self.state)
        if not items:
            self.app.post_message(Say("No open items."))
            return

        def answered(item) -> None:
            if item is not None:
                self.app.post_message(RunCommand(MarkItemDone(item.kind, item.id, not item.done)))

        self.app.push_screen(OpenItemsModal(items), answered)

    def action_close_session(self) -> None:
        topic = self.query_one("#next-topic", Input).value
        command = EndSession(self.next_moderator, self.backup if self.next_moderator else None, topic)
        if self.next_moderator is not None:
            # Once the session has ended, the console goes home by the folder's road; a refusal is said and this stays.
            self.app.post_message(RunCommand(command))
            return
        from ipstui.app.screens.prompts import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.post_message(RunCommand(command))

        question = "Close without choosing a next moderator? Nobody is chosen for the next call here."
        self.app.push_screen(ConfirmModal(question, "Close"), answered)

    def action_back(self) -> None:
        self.dismiss(None)
