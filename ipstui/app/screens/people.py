"""The people dialog: someone left or is back, their read-aloud preference, their request to the group."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, RadioButton, Static

from ipstui.app.name_suggester import NameSuggester
from ipstui.app.safe import literal
from ipstui.app.screens.prompts import SpaceChoice, SpaceToggle, _Prompt
from ipstui.app.widgets.safe_input import SafeInput
from ipstui.domain.state import AmbiguousName, SessionState

# What the dialog can do, in the order it offers it: (value, what the option says).
CHOICES: tuple[tuple[str, str], ...] = (
    ("left", "left the call"),
    ("back", "back in the call"),
    ("quiet", "never read their comments aloud"),
    ("aloud", "read their comments aloud again"),
    ("request", "record their request (with consent)"),
    ("withdraw", "withdraw their request"),
)


class ArrowChoice(SpaceChoice, inherit_bindings=False):
    """A choice of one where the arrows choose as they move: what is under the cursor is what is done."""

    BINDINGS = [
        Binding("down,right", "choose(1)", "Next option", show=False),
        Binding("up,left", "choose(-1)", "Previous option", show=False),
        Binding("space", "toggle_button", "Choose", show=False),
    ]

    def on_mount(self) -> None:
        # The cursor starts on the option chosen (the set puts it on the first).
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_choose(self, step: int) -> None:
        (self.action_next_button if step > 0 else self.action_previous_button)()
        self.action_toggle_button()


@dataclass(frozen=True)
class PeopleRequest:
    """What the moderator asked of the dialog."""

    name: str
    what: str
    text: str = ""
    consent: bool = False


def standing(state: SessionState | None, typed: str) -> str:
    """One line on the person a typed name means: here or left, their preference, their request."""
    if state is None or not typed.strip():
        return ""
    try:
        person = state.find(typed.strip())
    except AmbiguousName as error:
        return f"could be {', '.join(error.choices)}"
    if person is None:
        return "nobody of that name in this session"
    said = [person.name, "left" if person.left_at is not None else "here",
            "comments never read aloud" if person.key in state.no_read_aloud else "comments read aloud"]
    request = state.requests.get(person.key)
    said.append(f"asks: {request.text}" if request else "no request")
    return " · ".join(said)


class PeopleModal(_Prompt):
    """Someone left or is back; their comments read aloud or not; their request, with their consent."""

    ENTER_DOES = {"people-name": "do it", "people-what": "do the option chosen · arrows: choose",
                  "people-request": "record the request", "people-consent": "record the request · space: tick"}

    def __init__(self, names: list[str], state: SessionState | None, what: str = "left", name: str = "") -> None:
        super().__init__()
        self.names = names
        self.state = state
        self.what = what
        self.name_given = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="people-dialog"):
            yield Label("People", classes="dialog-title")
            yield SafeInput(self.name_given, placeholder="name", id="people-name",
                            suggester=NameSuggester(self.names))
            yield Static(literal(standing(self.state, self.name_given)), id="people-standing")
            with ArrowChoice(id="people-what"):
                for value, label in CHOICES:
                    yield RadioButton(label, value=value == self.what, name=value)
            yield SafeInput(placeholder="their request, in their words", id="people-request")
            yield SpaceToggle("they agreed to have it kept", id="people-consent")
            yield Label("enter: do it · tab: on to the options · escape: cancel", classes="dialog-help")

    @on(Input.Changed, "#people-name")
    def show_standing(self, event: Input.Changed) -> None:
        self.query_one("#people-standing", Static).update(literal(standing(self.state, event.value)))

    def _chosen(self) -> str:
        button = self.query_one("#people-what", ArrowChoice).pressed_button
        return button.name if button is not None and button.name else "left"

    def _submit(self) -> None:
        name = self.query_one("#people-name", Input)
        if not name.value.strip():
            name.focus()
            return
        what = self._chosen()
        text = self.query_one("#people-request", Input)
        consent = self.query_one("#people-consent", Checkbox)
        if what == "request":
            if not text.value.strip():
                text.focus()
                return
            if not consent.value:
                # Recorded only with the member's consent: the moderator says they agreed.
                consent.focus()
                self.query_one("#people-standing", Static).update(
                    "first tick \u201cthey agreed\u201d (space): kept only with consent")
                return
        self.dismiss(PeopleRequest(name.value, what, text.value, consent.value))

    @on(Input.Submitted, "#people-name")
    def submit_from_name(self) -> None:
        self._submit()

    @on(Input.Submitted, "#people-request")
    def submit_from_request(self) -> None:
        self._submit()

    def action_submit(self) -> None:
        self._submit()
