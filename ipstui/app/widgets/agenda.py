"""The agenda: segments with planned minutes, the running one's time, the projected end."""

from __future__ import annotations

from datetime import datetime

import pendulum
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ipstui.app.safe import clock_text, part
from ipstui.app.widgets.panel import LivePanel, update_lines
from ipstui.domain.state import SessionState


class AgendaPanel(LivePanel):
    """Where the call is in its agenda, and whether it will end on time."""

    BORDER_TITLE = "1 Agenda"

    def __init__(self, scheduled_end: datetime | None, zone: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scheduled_end = scheduled_end
        self.zone = zone

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-lines")

    def show(self, state: SessionState, now: datetime) -> None:
        lines: list[Content] = []
        for index, item in enumerate(state.agenda):
            ran = state.segment_seconds(item, now)
            planned = item.planned_minutes * 60
            if index < state.agenda_index:
                over = " over" if ran > planned else ""
                lines.append(Content.assemble(("✓ ", "$success"), part(item.title, "dim"),
                                              (f"  {clock_text(ran)} of {item.planned_minutes} min{over}", "dim")))
            elif index == state.agenda_index and state.is_live:
                style = "bold $error" if ran > planned else "bold"
                lines.append(Content.assemble(("▶ ", "$accent"), part(item.title, "bold"),
                                              (f"  {clock_text(ran)} / {item.planned_minutes}:00", style)))
            else:
                lines.append(Content.assemble("  ", part(item.title), (f"  {item.planned_minutes} min", "dim")))
        projected = state.projected_end(now)
        if projected is not None and self.scheduled_end is not None and state.is_live:
            local = pendulum.instance(projected).in_timezone(self.zone)
            drift = (projected - self.scheduled_end).total_seconds()
            if drift > 60:
                verdict = (f"{clock_text(drift)} over", "bold $error")
            elif drift < -60:
                verdict = (f"{clock_text(-drift)} early", "$success")
            else:
                verdict = ("on time", "$success")
            lines.append(Content(""))
            lines.append(Content.assemble(f"Projected end {local.format('HH:mm')} ", verdict))
        update_lines(self.query_one("#agenda-lines", Static), Content("\n").join(lines))
