"""The agenda editor: add, rename, retime, move and remove this session's items from the keyboard."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ipstui.app.actions import AGENDA_EDITOR_ACTIONS, bindings
from ipstui.app.messages import RunCommand, Say
from ipstui.app.safe import part
from ipstui.app.screens.prompts import TextModal, _Prompt
from ipstui.app.screens.shown import SessionShown
from ipstui.app.widgets.key_bar import KeyBar
from ipstui.app.widgets.row_list import RowList
from ipstui.app.widgets.safe_input import SafeInput
from ipstui.domain import agenda
from ipstui.domain.state import SessionState


def _row_ids(state: SessionState) -> list[str]:
    """An id per item that follows it when it moves: its title, and which of that title it is."""
    seen: dict[str, int] = {}
    ids = []
    for item in state.agenda:
        seen[item.title] = seen.get(item.title, 0) + 1
        ids.append(f"{seen[item.title]}:{item.title}")
    return ids


def _minutes(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


class NewItemModal(_Prompt):
    """A new agenda item: its title, then its planned minutes."""

    ENTER_DOES = {"item-title": "on to the minutes", "item-minutes": "add the item"}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add agenda item", classes="dialog-title")
            yield SafeInput(placeholder="title", id="item-title")
            yield SafeInput(placeholder="minutes", id="item-minutes", restrict=r"\d*", max_length=4)
            yield Label("enter: on to the minutes · escape: cancel", classes="dialog-help")

    @on(Input.Submitted, "#item-title")
    def next_field(self) -> None:
        self.query_one("#item-minutes", Input).focus()

    @on(Input.Submitted, "#item-minutes")
    def submit_item(self) -> None:
        title = self.query_one("#item-title", Input).value
        minutes = _minutes(self.query_one("#item-minutes", Input).value)
        if not title.strip():
            self.query_one("#item-title", Input).focus()
        elif minutes is None:
            self.query_one("#item-minutes", Input).focus()
        else:
            self.dismiss((title, minutes))


class AgendaEditModal(SessionShown, ModalScreen[None]):
    """The agenda, a cursor on one item, and a key for each edit; every edit is an action undo takes back."""

    BINDINGS = bindings(AGENDA_EDITOR_ACTIONS)

    def __init__(self, state: SessionState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        with Vertical(id="agenda-edit-box"):
            yield Label("Edit agenda", id="agenda-edit-title")
            yield RowList(id="agenda-edit-list")
            yield Static("An item that has run stays; the running one can be renamed or retimed. "
                         "u on the console undoes an edit.", id="agenda-edit-help")
        yield KeyBar()

    def on_mount(self) -> None:
        items = self.query_one("#agenda-edit-list", RowList)
        self._show()
        items.cursor = self.state.agenda_index
        items.focus()

    def show_session(self, state: SessionState) -> None:
        self.state = state
        if self.is_mounted and self.query("#agenda-edit-list"):  # not before its list is composed
            self._show()

    def _show(self) -> None:
        state = self.state
        rows = []
        for index, (row_id, item) in enumerate(zip(_row_ids(state), state.agenda)):
            if index < state.agenda_index:
                mark, style = "done ", "dim"
            elif index == state.agenda_index and state.is_live:
                mark, style = "now  ", "bold"
            else:
                mark, style = "     ", ""
            rows.append((row_id, Content.assemble(f"{index + 1:>2}. ", (mark, "$accent"), part(item.title, style),
                                                  (f"  {item.planned_minutes} min", "dim"))))
        items = self.query_one("#agenda-edit-list", RowList)
        # A renamed item has a new id: the cursor stays where it was.
        items.set_rows(rows, default=items.cursor if items.cursor is not None else state.agenda_index)

    def _highlighted(self) -> tuple[int, str] | None:
        """The highlighted item's number (from 1) and the title the moderator sees."""
        cursor = self.query_one("#agenda-edit-list", RowList).cursor
        if cursor is None or cursor >= len(self.state.agenda):
            return None
        return cursor + 1, self.state.agenda[cursor].title

    def _run(self, command) -> None:
        self.app.post_message(RunCommand(command))

    def action_add_item(self) -> None:
        chosen = self._highlighted()
        # After the highlighted item, and never before the running one.
        place = max(chosen[0] + 1 if chosen else 1, self.state.agenda_index + 2 if self.state.agenda else 1)

        def answered(item: tuple[str, int] | None) -> None:
            if item is not None:
                self._run(agenda.AddAgendaItem(item[0], item[1], place))

        self.app.push_screen(NewItemModal(), answered)

    def action_rename_item(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        number, title = chosen

        def answered(text: str | None) -> None:
            if text is not None:
                self._run(agenda.RenameAgendaItem(number, text, expect=title))

        self.app.push_screen(TextModal(f"Rename item {number}", [], "title", title), answered)

    def action_retime_item(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        number, title = chosen

        def answered(text: str | None) -> None:
            minutes = _minutes(text or "")
            if text is None:
                return
            if minutes is None:
                self.app.post_message(Say(f"minutes must be a whole number, not {text!r}", "warning", 5))
                return
            self._run(agenda.RetimeAgendaItem(number, minutes, expect=title))

        current = str(self.state.agenda[number - 1].planned_minutes)
        self.app.push_screen(TextModal(f"Minutes for {title}", [], "minutes", current), answered)

    def action_move_item(self, step: int) -> None:
        chosen = self._highlighted()
        if chosen is not None:
            self._run(agenda.MoveAgendaItem(chosen[0], step=step, expect=chosen[1]))

    def action_remove_item(self) -> None:
        chosen = self._highlighted()
        if chosen is not None:
            self._run(agenda.RemoveAgendaItem(chosen[0], expect=chosen[1]))

    def action_close(self) -> None:
        self.dismiss(None)

