"""The Discomfort Agreement overlay: 24 items, five personal questions, four requests."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ipstui.app.messages import RewordAgreement, RunCommand, Say
from ipstui.app.safe import literal, part
from ipstui.app.screens.clocked import AgreementShown
from ipstui.app.screens.prompts import TextModal
from ipstui.domain.agreement import DEFAULT_AGREEMENT, Agreement
from ipstui.domain.commands import RemindAgreement


class AgreementModal(AgreementShown, ModalScreen[None]):
    """The whole agreement; type a number to jump to an item, r to remind the group of it, e to reword it."""

    BINDINGS = [
        Binding("escape,g,q", "close", "Close"),
        Binding("up,k", "move(-1)", "Previous", show=False, priority=True),
        Binding("down,j", "move(1)", "Next", show=False, priority=True),
        Binding("r", "remind", "Remind the group"),
        Binding("e", "edit", "Reword item"),
    ] + [Binding(str(digit), f"digit({digit})", show=False) for digit in range(10)]

    current: reactive[int] = reactive(1)
    """The item under the cursor (1 to 24)."""

    def __init__(self, agreement: Agreement = DEFAULT_AGREEMENT, can_remind: bool = True,
                 read_only: bool = False) -> None:
        super().__init__()
        self.agreement = agreement
        self.can_remind = can_remind
        self.read_only = read_only
        self._typed = ""
        self._forget = None

    def compose(self) -> ComposeResult:
        with Vertical(id="agreement-box"):
            yield Label("Discomfort Agreement", id="agreement-title")
            with VerticalScroll(id="agreement-scroll"):
                for number, text in enumerate(self.agreement.items, start=1):
                    yield Static(_item_line(number, text), id=f"item-{number}", classes="agreement-item")
                yield Label("Questions to ask ourselves", classes="agreement-heading")
                for number, text in enumerate(self.agreement.personal_questions, start=1):
                    yield Static(literal(f"{number}. {text}"), classes="agreement-extra")
                yield Label("What we may ask of others: can they help us to", classes="agreement-heading")
                for number, text in enumerate(self.agreement.requests, start=1):
                    yield Static(literal(f"{number}. {text}"), classes="agreement-extra")
            hint = "type a number to jump · r: remind the group · e: reword · escape: close"
            yield Label(hint if self.can_remind else hint.replace("r: remind the group · ", ""), id="agreement-help")

    def show_agreement(self, agreement: Agreement) -> None:
        """Show the agreement as it now reads (another console may have reworded an item)."""
        if agreement == self.agreement:
            return
        self.agreement = agreement
        for number, text in enumerate(agreement.items, start=1):
            self.query_one(f"#item-{number}", Static).update(_item_line(number, text))

    def on_mount(self) -> None:
        self.watch_current(self.current)

    def watch_current(self, number: int) -> None:
        for item in self.query(".agreement-item"):
            item.set_class(item.id == f"item-{number}", "-current")
        target = self.query_one(f"#item-{number}")
        scroll = self.query_one("#agreement-scroll", VerticalScroll)
        # After the next refresh, so that a freshly mounted overlay has its layout.
        self.call_after_refresh(scroll.scroll_to_widget, target, animate=False)

    def action_digit(self, digit: int) -> None:
        typed = self._typed + str(digit)
        if not 1 <= int(typed) <= len(self.agreement.items):
            typed = str(digit)
        self._typed = typed if len(typed) < 2 else ""
        if 1 <= int(typed) <= len(self.agreement.items):
            self.current = int(typed)
        if self._forget is not None:
            self._forget.stop()
        self._forget = self.set_timer(1.5, self._forget_typed, name="forget-typed")

    def _forget_typed(self) -> None:
        self._typed = ""

    def action_move(self, step: int) -> None:
        self.current = max(1, min(len(self.agreement.items), self.current + step))

    def action_remind(self) -> None:
        if self.read_only:
            self.app.post_message(RunCommand(RemindAgreement(self.current)))  # the app says it only watches
            return
        if not self.can_remind:
            self.app.post_message(Say("Reminders are logged during a live session.", "warning"))
            return
        self.app.post_message(RunCommand(RemindAgreement(self.current)))

    def action_edit(self) -> None:
        if self.read_only:
            self.app.post_message(Say("This console only watches (--watch): it cannot change the session.",
                                      "warning", 5))
            return
        number = self.current

        def answered(text: str | None) -> None:
            if text is not None:
                self.app.post_message(RewordAgreement(number, text))

        self.app.push_screen(TextModal(f"Item {number} in the group's words", [], "the item's text",
                                       self.agreement.item(number)), answered)

    def action_close(self) -> None:
        self.dismiss(None)


def _item_line(number: int, text: str) -> Content:
    return Content.assemble((f"{number:>2}. ", "bold"), part(text))
