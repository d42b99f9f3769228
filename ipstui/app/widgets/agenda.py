"""The agenda: segments with planned minutes, the running one's time, the projected end."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual.content import Content

from ipstui.app.safe import clock_text, part
from ipstui.app.widgets.panel import LivePanel
from ipstui.domain.state import SessionState


class AgendaPanel(LivePanel, can_focus=False):
    """Where the call is in its agenda, and whether it will end on time."""

    BORDER_TITLE = "1 Agenda"

    def __init__(self, scheduled_end: datetime | None, zone: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scheduled_end = scheduled_end
        self.zone = zone

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
            local = projected.astimezone(ZoneInfo(self.zone))
            drift = (projected - self.scheduled_end).total_seconds()
            if drift > 60:
                verdict = (f"{clock_text(drift)} over", "bold $error")
            elif drift < -60:
                verdict = (f"{clock_text(-drift)} early", "$success")
            else:
                verdict = ("on time", "$success")
            lines.append(Content(""))
            lines.append(Content.assemble(f"Projected end {local.strftime('%H:%M')} ", verdict))
        self.set_rows([(str(index), line) for index, line in enumerate(lines)], default=None)
        self.set_subtitle("A edit" if state.is_live else "")
