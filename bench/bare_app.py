"""The baseline of the terminal benchmarks: a Textual app whose key press changes one label."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    """A key press that changes one label: the floor for "key to screen"."""

    BINDINGS = [("n", "bump", "Bump")]

    def compose(self) -> ComposeResult:
        yield Label("count 0", id="count")

    def action_bump(self) -> None:
        label = self.query_one("#count", Label)
        label.update(f"count {int(str(label.content).split()[1]) + 1}")


if __name__ == "__main__":
    Bare().run()
