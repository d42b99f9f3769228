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
                lines.append(Content.assemble(("✓ ", "$success"), part(item.title, "dim"),
                                              (f"  {clock_text(ran)} of {item.planned_minutes} min", "dim"),
                                              (overrun(ran, planned), "$error")))
            elif index == state.agenda_index and state.is_live:
                # Over its plan, the segment says by how much in words, not as two clocks to compare.
                spent = (overrun(ran, planned).strip(", "), "bold $error") if ran > planned else \
                    (f"{clock_text(ran)} of {item.planned_minutes} min", "bold")
                lines.append(Content.assemble(("▶ ", "$accent"), part(item.title, "bold"), "  ", spent))
            else:
                lines.append(Content.assemble("  ", part(item.title), (f"  {item.planned_minutes} min", "dim")))
        projected = state.projected_end(now)
        if projected is not None and self.scheduled_end is not None and state.is_live:
            local = projected.astimezone(ZoneInfo(self.zone))
            lines.append(Content(""))
            lines.append(Content.assemble(f"ends {local.strftime('%H:%M')}, ", drift_words(projected, self.scheduled_end)))
        self.set_rows([(str(index), line) for index, line in enumerate(lines)], default=None)
        self.set_subtitle("A edit" if state.is_live else "")


def overrun(ran: float, planned: float) -> str:
    """ ", +2:55 over" past the plan, else nothing."""
    return f", +{clock_text(ran - planned)} over" if ran > planned else ""


def drift_words(projected: datetime, scheduled: datetime) -> tuple[str, str]:
    """How far the projected end is from the scheduled one, in minutes: "16 min early"."""
    drift = (projected - scheduled).total_seconds()
    minutes = round(abs(drift) / 60)
    if minutes == 0:
        return ("on time", "$success")
    return (f"{minutes} min late", "bold $error") if drift > 0 else (f"{minutes} min early", "$success")
