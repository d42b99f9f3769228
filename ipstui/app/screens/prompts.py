"""Small modals that ask for a name, a comment, a hand, or a yes before a destructive step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from ipstui.app.name_suggester import NameSuggester
from ipstui.app.safe import literal
from ipstui.app.widgets.safe_input import SafeInput
from ipstui.domain.state import HandKind


class SpaceToggle(Checkbox, inherit_bindings=False):
    """A dialog's checkbox: space ticks it; enter is the dialog's, which submits."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]


class SpaceChoice(RadioSet, inherit_bindings=False):
    """A dialog's choice of one: arrows move, space chooses; enter is the dialog's, which submits."""

    BINDINGS = [
        Binding("down,right", "next_button", "Next option", show=False),
        Binding("space", "toggle_button", "Choose", show=False),
        Binding("up,left", "previous_button", "Previous option", show=False),
    ]

    def highlighted_button(self) -> RadioButton | None:
        """The option under the cursor (which may not be the one chosen)."""
        return next((button for button in self.query(RadioButton) if button.has_class("-selected")), None)


class _Prompt(ModalScreen):
    """A centred dialog that escape cancels; enter submits from any field that does not take it itself."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("enter", "submit", "Submit", show=False)]
    ENTER_DOES: ClassVar[dict[str, str]] = {}
    """What enter does in each field (by id), said in the dialog's help line as the field gets the cursor."""

    @on(events.DescendantFocus)
    def explain_enter(self, event: events.DescendantFocus) -> None:
        if event.widget.id in self.ENTER_DOES:
            self.query_one(".dialog-help", Label).update(f"enter: {self.ENTER_DOES[event.widget.id]} · escape: cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        """What enter does where the focused field leaves it to the dialog (a checkbox, a choice)."""


class TextModal(_Prompt):
    """Ask for one line of text (a name, a topic, a path, an item's wording); names complete when given."""

    def __init__(self, title: str, names: list[str], placeholder: str = "name", value: str = "",
                 empty_means: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.names = names
        self.placeholder = placeholder
        self.value = value
        self.empty_means = empty_means
        """What enter on an empty line answers, said in the help line ("" when it answers nothing)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.prompt_title), classes="dialog-title")
            yield SafeInput(self.value, placeholder=self.placeholder, id="name-input",
                        suggester=NameSuggester(self.names))
            complete = " · tab: complete" if self.names else ""
            empty = f" (alone: {self.empty_means})" if self.empty_means else ""
            yield Label(f"enter: ok{empty}{complete} · escape: cancel", classes="dialog-help")

    @on(Input.Submitted, "#name-input")
    def submit_name(self, event: Input.Submitted) -> None:
        if event.value.strip() or self.empty_means:
            self.dismiss(event.value if event.value.strip() else "")


@dataclass(frozen=True)
class HandRequest:
    """Who raises a hand, and why."""

    name: str
    kind: HandKind


class HandModal(_Prompt):
    """Raise a hand: a name and its kind (ordinary, ouch first, or a direct reply)."""

    def __init__(self, names: list[str], kind: HandKind = HandKind.ORDINARY) -> None:
        super().__init__()
        self.names = names
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Raise hand", classes="dialog-title")
            yield SafeInput(placeholder="name", id="hand-name", suggester=NameSuggester(self.names))
            with SpaceChoice(id="hand-kind"):
                for kind in HandKind:
                    yield RadioButton(kind.value, value=kind is self.kind, name=kind.value)
            yield Label("enter: raise · tab: complete · tab, arrows, enter: raise as another kind · "
                        "space: choose · escape: cancel", classes="dialog-help")

    def _submit(self, chosen: RadioButton | None = None) -> None:
        name = self.query_one("#hand-name", Input).value
        if not name.strip():
            self.query_one("#hand-name", Input).focus()
            return
        chosen = chosen or self.query_one("#hand-kind", SpaceChoice).pressed_button
        kind = HandKind(chosen.name) if chosen is not None and chosen.name else HandKind.ORDINARY
        self.dismiss(HandRequest(name, kind))

    @on(Input.Submitted, "#hand-name")
    def submit_from_name(self) -> None:
        self._submit()

    def action_submit(self) -> None:
        # Enter on the kinds raises the hand as the kind under the cursor.
        kinds = self.query_one("#hand-kind", SpaceChoice)
        self._submit(kinds.highlighted_button() if kinds.has_focus else None)


@dataclass(frozen=True)
class ChatRequest:
    """A comment typed in by a moderator."""

    author: str
    text: str
    private: bool


class ChatModal(_Prompt):
    """Add a chat comment: author, text, and whether it must not be read aloud."""

    ENTER_DOES = {"chat-author": "on to the comment", "chat-text": "add the comment",
                  "chat-private": "add the comment · space: tick or untick"}

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add chat comment", classes="dialog-title")
            yield SafeInput(placeholder="author", id="chat-author", suggester=NameSuggester(self.names))
            yield SafeInput(placeholder="comment", id="chat-text")
            yield SpaceToggle("private: do not read aloud", id="chat-private")
            yield Label("enter: on to the comment · escape: cancel", classes="dialog-help")

    @on(Input.Submitted, "#chat-author")
    def next_field(self) -> None:
        self.query_one("#chat-text", Input).focus()

    @on(Input.Submitted, "#chat-text")
    def submit_comment(self) -> None:
        author = self.query_one("#chat-author", Input).value
        text = self.query_one("#chat-text", Input).value
        if not author.strip():
            self.query_one("#chat-author", Input).focus()
        elif not text.strip():
            self.query_one("#chat-text", Input).focus()
        else:
            self.dismiss(ChatRequest(author, text, self.query_one("#chat-private", Checkbox).value))

    def action_submit(self) -> None:
        self.submit_comment()


@dataclass(frozen=True)
class StartRequest:
    """Topic and moderator of a session about to start."""

    topic: str
    moderator: str


class StartModal(_Prompt):
    """Start a session: topic and moderator, filled in with those chosen for today's call."""

    ENTER_DOES = {"start-topic": "on to the moderator", "start-moderator": "start the session"}

    def __init__(self, names: list[str], topic: str = "", moderator: str = "") -> None:
        super().__init__()
        self.names = names
        self.topic = topic
        self.moderator = moderator

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Start the session", classes="dialog-title")
            yield SafeInput(self.topic, placeholder="topic", id="start-topic")
            yield SafeInput(self.moderator, placeholder="moderator", id="start-moderator",
                        suggester=NameSuggester(self.names))
            yield Label("enter: on to the moderator · escape: cancel", classes="dialog-help")

    @on(Input.Submitted, "#start-topic")
    def next_field(self) -> None:
        self.query_one("#start-moderator", Input).focus()

    @on(Input.Submitted, "#start-moderator")
    def submit_start(self) -> None:
        topic = self.query_one("#start-topic", Input).value
        moderator = self.query_one("#start-moderator", Input).value
        if not topic.strip():
            self.query_one("#start-topic", Input).focus()
        elif moderator.strip():
            self.dismiss(StartRequest(topic, moderator))


class ConfirmModal(_Prompt):
    """Ask before a destructive step; y confirms, n or escape declines, and enter alone says no."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Wrapped, not cut: a question may name whose action and which comments it concerns.
            yield Static(literal(self.question), classes="dialog-title", id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="confirm-yes")
                yield Button("No (n)", id="confirm-no")

    def on_mount(self) -> None:
        # The default answer is no: a stray enter never takes the step.
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def decline(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
