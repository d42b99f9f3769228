"""The base of the live console's panels: they render from the screen's state and clock."""

from __future__ import annotations

from datetime import datetime

from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ipstui.domain.state import SessionState


class LivePanel(Vertical, can_focus=False):
    """A bordered panel bound to the live screen's state and time."""

    state: reactive[SessionState | None] = reactive(None, always_update=True, repaint=False)
    """The live session's state (the same object may come back changed)."""
    now: reactive[datetime | None] = reactive(None, repaint=False)
    """The console's clock."""

    def watch_state(self) -> None:
        if self.is_mounted:
            self._refresh_view()

    def watch_now(self) -> None:
        if self.is_mounted:
            self._refresh_view()

    def _refresh_view(self) -> None:
        if self.state is None or self.now is None:
            return
        try:
            self.show(self.state, self.now)
        except NoMatches:
            pass  # not composed yet: on_mount shows it

    def on_mount(self) -> None:
        self._refresh_view()

    def show(self, state: SessionState, now: datetime) -> None:
        """Render `state` as of `now`."""
        raise NotImplementedError


def refresh_options(options: OptionList, rows: list[tuple[str, Content]], default: int | None = 0) -> None:
    """Show `rows` (id, prompt) in an OptionList, keeping the cursor on the same id (else on `default`).

    Only prompts that changed are replaced: an OptionList measures every option it is given.
    """
    ids = [row_id for row_id, _ in rows]
    if [option.id for option in options.options] != ids:
        highlighted = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        options.add_options(Option(prompt, id=row_id) for row_id, prompt in rows)
        if highlighted in ids:
            options.highlighted = ids.index(highlighted)
        else:
            options.highlighted = min(default, len(ids) - 1) if ids and default is not None else None
        return
    for option, (row_id, prompt) in zip(options.options, rows):
        if option.prompt != prompt:
            options.replace_option_prompt(row_id, prompt)


def update_lines(static: Static, content: Content) -> None:
    """Update a Static, asking for a new layout only when its number of lines changed.

    A layout pass over the whole screen costs more than the rest of a tick together.
    """
    lines = len(content.plain.splitlines()) or 1
    changed = getattr(static, "_ipstui_lines", None) != lines
    static._ipstui_lines = lines  # type: ignore[attr-defined]
    static.update(content, layout=changed)
