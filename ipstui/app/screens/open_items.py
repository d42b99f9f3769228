"""The open items dialog: pick one to mark done, or open again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ipstui.app.widgets.open_items import item_label
from ipstui.domain.open_items import OpenItem


def item_line(item: OpenItem) -> Content:
    """An item with its done mark."""
    mark = ("[x] ", "$success") if item.done else ("[ ] ", "bold $warning")
    return Content.assemble(mark, *item_label(item))


class OpenItemsModal(ModalScreen[OpenItem | None]):
    """Every open item with its done mark; enter marks the highlighted one done (or open again)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, items: list[OpenItem]) -> None:
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Open items", classes="dialog-title")
            yield OptionList(*(Option(item_line(item), id=str(index)) for index, item in enumerate(self.items)),
                             id="open-item-list")
            yield Label("enter: mark done, or open again · escape: cancel", classes="dialog-help")

    def on_mount(self) -> None:
        options = self.query_one("#open-item-list", OptionList)
        first_open = next((index for index, item in enumerate(self.items) if not item.done), 0)
        options.highlighted = first_open
        options.focus()

    @on(OptionList.OptionSelected, "#open-item-list")
    def toggle(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.items[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
