"""The closing screen: recap, volunteers, next moderator and backup, next topic."""

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
from ipstui.domain.state import SessionState
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
    for text in facts.followups:
        lines.append(Content.assemble(("After the meeting ", "bold"), part(text)))
    for names in facts.breakouts:
        lines.append(Content.assemble(("Breakout ", "bold"), *_names([(name, "") for name in names])))
    return lines


def _names(pairs: list[tuple[str, str]]) -> list:
    parts: list = []
    for index, (name, suffix) in enumerate(pairs):
        if index:
            parts.append(", ")
        parts += [part(name), suffix]
    return parts or [("nobody", "dim")]


def volunteer_line(volunteer: Volunteer, role: str, moderating_now: bool = False) -> Content:
    """A volunteer with how often they have moderated (this call not yet counted)."""
    history = (f"moderated {volunteer.moderated}×", "dim") if volunteer.moderated else ("never moderated", "bold $success")
    parts: list = [part(volunteer.name, "bold"), "  ", history]
    if moderating_now:
        parts += ["  ", ("moderating today", "italic")]
    if role:
        parts += ["  ", (f"◀ {role}", "bold $accent")]
    return Content.assemble(*parts)


class ClosingScreen(Screen[None]):
    """Close the call: choose who moderates next (and a backup) and what the topic will be."""

    BINDINGS = [
        Binding("escape", "back", "Back to the call"),
        Binding("m", "choose('moderator')", "Next moderator"),
        Binding("b", "choose('backup')", "Backup"),
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
        self.volunteers = volunteers

    def compose(self) -> ComposeResult:
        with Horizontal(id="closing-columns"):
            with VerticalScroll(id="closing-recap"):
                yield Label("Recap", classes="section-title")
                yield Static(Content("\n").join(recap_lines(self.state, self.now)), id="recap-lines")
            with Vertical(id="closing-choice"):
                yield Label("Volunteers (m: next moderator · b: backup)", classes="section-title")
                yield OptionList(id="volunteer-list")
                yield Static(id="closing-chosen")
                yield Label("Next topic", classes="section-title")
                yield SafeInput(self.state.topic, placeholder="next topic", id="next-topic")
                yield Button("Close the session (ctrl+s)", variant="primary", id="close-session")
        yield KeyBar()

    def on_mount(self) -> None:
        self._refresh_choices()
        self.query_one("#volunteer-list", OptionList).focus()

    def _role(self, name: str) -> str:
        return "next moderator" if name == self.next_moderator else "backup" if name == self.backup else ""

    def _refresh_choices(self) -> None:
        options = self.query_one("#volunteer-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(volunteer_line(v, self._role(v.name), v.name == self.state.moderator), id=str(i))
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

    @on(OptionList.OptionSelected, "#volunteer-list")
    def choose_selected(self) -> None:
        self.action_choose("moderator" if self.next_moderator is None else "backup")

    @on(Button.Pressed, "#close-session")
    def press_close(self) -> None:
        self.action_close_session()

    def action_close_session(self) -> None:
        topic = self.query_one("#next-topic", Input).value
        command = EndSession(self.next_moderator, self.backup if self.next_moderator else None, topic)
        # Once the session has ended, the console goes home by the folder's road; a refusal is said and this stays.
        self.app.post_message(RunCommand(command))

    def action_back(self) -> None:
        self.dismiss(None)
