"""One session's report: summary, talk time against the fair share, waits, agenda, timeline."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pendulum
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from ipstui.app.safe import clock_text, part
from ipstui.app.widgets.meters import meter_line
from ipstui.domain.agreement import DEFAULT_AGREEMENT
from ipstui.domain.analysis import hand_waits, summarize, timeline
from ipstui.domain.state import SessionState
from ipstui.reports.session_report import render


def _section(title: str, lines: list[Content]) -> list[Content]:
    return [Content(""), Content.styled(title, "bold $accent"), *lines]


def report_lines(state: SessionState, now: datetime, zone: str) -> list[Content]:
    """The whole report as lines of literal content (the team's view: private text shown, marked)."""

    def clock(moment: datetime) -> str:
        return pendulum.instance(moment).in_timezone(zone).format("HH:mm:ss")

    figures = summarize(state, now)
    started = pendulum.instance(state.started_at).in_timezone(zone) if state.started_at else None
    lines = [
        Content.assemble(part(state.topic, "bold"), "  · moderator ", part(state.moderator)),
        Content(f"{started.format('dddd D MMMM YYYY, HH:mm') if started else ''} · "
                f"{'live' if state.is_live else 'length ' + clock_text(figures.length_seconds)} · "
                f"{figures.attendance} present, {figures.spoke} spoke, {figures.newcomers} new"),
        Content(f"Chat: {figures.comments} comments, {figures.comments_read} read, {figures.comments_private} private · "
                f"{figures.reminders} reminders, {figures.ouches} ouch, {figures.bells} bells"),
    ]
    if state.next_moderator:
        lines.append(Content.assemble("Next moderator ", part(state.next_moderator, "bold"),
                                      *((" · backup ", part(state.backup_moderator, "bold")) if state.backup_moderator else ()),
                                      *((" · next topic ", part(state.next_topic)) if state.next_topic else ())))
    lines += _section("Talk time (the tick is the fair share; people in the order they joined)",
                      [meter_line(meter) for meter in state.meters(now)])
    waits = hand_waits(state, now)
    lines += _section("Hands", [
        Content.assemble(f"{clock(w.raised_at)} ", part(w.name, "bold"),
                         (f" {w.kind}" if w.kind != "ordinary" else "", "$warning"),
                         f"  waited {clock_text(w.waited_seconds)}, {w.outcome}") for w in waits] or [Content("No hands.")])
    lines += _section("Agenda", [
        Content(f"{item.title:<28} planned {item.planned_minutes:>3} min · ran {clock_text(state.segment_seconds(item, now))}"
                + (" (over)" if state.segment_seconds(item, now) > item.planned_minutes * 60 else ""))
        for item in state.agenda])
    moments = [Content(f"{clock(m.at)} reminder of item {m.detail['item']}: {DEFAULT_AGREEMENT.item(int(m.detail['item']))}")
               for m in state.reminders]
    moments += [Content.assemble(f"{clock(m.at)} ouch", *((" by ", part(str(m.detail["by"]))) if m.detail.get("by") else ()))
                for m in state.ouches]
    moments += [Content(f"{clock(m.at)} bell") for m in state.bells]
    lines += _section("Agreement", moments or [Content("No reminders, ouches or bells.")])
    comments = [Content.assemble(f"#{c.id} {clock(c.at)} ", part(c.author, "bold"), f" ({c.status.value})",
                                 (f" PRIVATE ({c.private_reason}), never exported" if c.private else "", "bold $warning"),
                                 ": ", part(c.text, "italic" if c.private else ""))
                for c in sorted(state.comments.values(), key=lambda c: c.id)]
    lines += _section("Chat (the team's view)", comments or [Content("No comments.")])
    follow = [Content.assemble("After the meeting: ", part(str(m.detail.get("text", "")))) for m in state.followups]
    follow += [Content.assemble("Breakout: ", part(", ".join(str(n) for n in m.detail.get("names", []))))
               for m in state.breakouts]
    lines += _section("Follow-ups", follow or [Content("None.")])
    rows = timeline(state)
    lines += _section("Timeline (who acted, from which terminal)", [
        Content.assemble(f"{clock(row.at)} ", part(row.by, "bold"), (f" @{terminal_name(row.terminal)} ", "dim"),
                         part(row.text, "strike dim" if row.undone else ""), (" (undone)" if row.undone else "", "dim"))
        for row in rows])
    return lines


def terminal_name(terminal: str) -> str:
    """The short form of a terminal id: host:/dev/pts/3 becomes host:pts/3."""
    return terminal.replace("/dev/", "")


class ReportScreen(Screen[None]):
    """A session's report; m and v export the shareable Markdown and CSV."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("m", "export('md')", "Export Markdown"),
        Binding("v", "export('csv')", "Export CSV"),
    ]

    def __init__(self, state: SessionState, now: datetime, zone: str, export_folder: Path) -> None:
        super().__init__()
        self.state = state
        self.now = now
        self.zone = zone
        self.export_folder = export_folder

    def compose(self) -> ComposeResult:
        yield Label(f"Session {self.state.session_id}", id="report-title")
        with VerticalScroll(id="report-scroll"):
            yield Static(Content("\n").join(report_lines(self.state, self.now, self.zone)), id="report-lines")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()

    def action_export(self, fmt: str) -> None:
        target = self.export_folder / f"ipstui-report-{self.state.session_id}.{fmt}"
        try:
            target.write_text(render(self.state, self.now, fmt, pendulum.timezone(self.zone)), encoding="utf-8")
        except OSError as error:
            self.app.say(f"could not write {target}: {error.strerror}", "error")  # type: ignore[attr-defined]
            return
        self.app.say(f"wrote {target} (shareable: no private comment text)")  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.dismiss(None)
