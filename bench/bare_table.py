"""The baseline of the history benchmark: a Textual app that starts with a 500-row table."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Label


class BareTable(App[None]):
    """A table of as many rows as the history has sessions, and a label when it is ready."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Label("loading", id="state")
        yield DataTable()

    def on_mount(self) -> None:
        grid = self.query_one(DataTable)
        grid.add_columns("date", "topic", "moderator", "people", "length", "read")
        for number in range(self.rows):
            grid.add_row(f"2026-{number:04d}", "topic", "name", "9", "1:15", "3")
        self.query_one("#state", Label).update(f"table of {self.rows} rows")


if __name__ == "__main__":
    BareTable(int(sys.argv[1]) if len(sys.argv) > 1 else 500).run()
