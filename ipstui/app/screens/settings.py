"""The group's settings: the weekly slot, join details and callers' zones, changed one at a time."""

from __future__ import annotations

import textwrap
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from ipstui.app.actions import SETTINGS_ACTIONS, bindings
from ipstui.app.messages import ChangeSetting, Say
from ipstui.app.safe import part
from ipstui.app.screens.prompts import TextModal
from ipstui.app.screens.shown import GroupShown
from ipstui.app.widgets.key_bar import KeyBar
from ipstui.app.widgets.row_list import RowList
from ipstui.domain.schedule import WeeklySlot
from ipstui.domain.settings import GROUP_SETTING_KEYS, SETTING_HELP, setting_value

_WIDTH = max(len(key) for key in GROUP_SETTING_KEYS) + 2


class SettingsScreen(GroupShown, ModalScreen[None]):
    """Each setting with its value; enter changes the highlighted one (the store checks it)."""

    BINDINGS = bindings(SETTINGS_ACTIONS)

    def __init__(self, settings: dict[str, Any], read_only: bool = False) -> None:
        super().__init__()
        self.settings = settings
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box"):
            yield Label("Group settings", id="settings-title")
            yield RowList(id="settings-list")
            yield Label("enter: change the highlighted setting · escape: back to home", id="settings-help")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#settings-list", RowList).focus()

    def show_group(self, slot: WeeklySlot, upcoming: Any, settings: dict[str, Any]) -> None:
        self.settings = settings
        if self.is_mounted and self.query("#settings-list"):  # not before its list is composed
            self._show()

    def _show(self) -> None:
        rows = []
        for key in GROUP_SETTING_KEYS:
            # A long value (the callers' zones) wraps under itself, not under the names.
            value = textwrap.wrap(setting_value(self.settings, key), 56, break_on_hyphens=False) or [""]
            lines = [Content.assemble((f"{key:<{_WIDTH}}", "bold"), part(value[0]))]
            lines += [Content.assemble(" " * _WIDTH, part(more)) for more in value[1:]]
            lines.append(Content.styled(f"{'':<{_WIDTH}}{SETTING_HELP[key]}", "dim"))
            rows.append((key, Content("\n").join(lines)))
        self.query_one("#settings-list", RowList).set_rows(rows)

    @on(RowList.Selected, "#settings-list")
    def edit_selected(self, event: RowList.Selected) -> None:
        event.stop()
        self.action_edit_setting()

    def action_edit_setting(self) -> None:
        key = self.query_one("#settings-list", RowList).cursor_id
        if key is None:
            return
        if self.read_only:
            self.app.post_message(Say("This console only watches (--watch): it cannot change the settings.",
                                      "warning", 5))
            return

        def answered(value: str | None) -> None:
            if value is not None:
                self.app.post_message(ChangeSetting(key, value))

        self.app.push_screen(TextModal(f"{key}: {SETTING_HELP[key]}", [], key, setting_value(self.settings, key)),
                             answered)

    def action_close(self) -> None:
        self.dismiss(None)
