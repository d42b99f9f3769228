"""The dialog that logs an ouch: who said it (the speaker, unless changed; empty for the room) and with whom."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from ipstui.app.name_suggester import NameSuggester
from ipstui.app.screens.prompts import _Prompt
from ipstui.app.widgets.safe_input import SafeInput


@dataclass(frozen=True)
class OuchRequest:
    """An ouch as the moderator logs it: by whom (None: the room) and with whom (None: not said)."""

    by: str | None
    with_whom: str | None


class OuchModal(_Prompt):
    """Log an ouch tied to someone, as `ipstui ouch --by NAME --with NAME` does; enter logs it from either field."""

    ENTER_DOES = {"ouch-by": "log it · tab: complete, next field", "ouch-with": "log it · tab: complete"}

    def __init__(self, names: list[str], speaker: str = "") -> None:
        super().__init__()
        self.names = names
        self.speaker = speaker

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Log ouch", classes="dialog-title")
            yield Label("Who said ouch? (empty: the room)")
            yield SafeInput(self.speaker, placeholder="the room", id="ouch-by",
                            suggester=NameSuggester(self.names))
            yield Label("With whom? (optional)")
            yield SafeInput(placeholder="nobody named", id="ouch-with",
                            suggester=NameSuggester(self.names))
            yield Label("enter: log it · tab: complete, next field · escape: cancel", classes="dialog-help")

    @on(Input.Submitted)
    def submit_ouch(self) -> None:
        by = self.query_one("#ouch-by", Input).value.strip()
        with_whom = self.query_one("#ouch-with", Input).value.strip()
        self.dismiss(OuchRequest(by or None, with_whom or None))

    def action_submit(self) -> None:
        self.submit_ouch()
