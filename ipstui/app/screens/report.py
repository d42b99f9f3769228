"""One session's report: summary, talk time against the fair share, waits, agenda, timeline."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static, TabbedContent, TabPane

from ipstui.app.messages import Say
from ipstui.app.safe import cell, clock_text, literal, padded, part
from ipstui.app.widgets.key_bar import KeyBar
from ipstui.app.widgets.meters import meter_line
from ipstui.domain.agreement import reminded_text
from ipstui.domain.analysis import hand_waits, ouch_list, recap, timeline
from ipstui.domain.privacy import audience, comment_words
from ipstui.domain.state import SessionState
from ipstui.reports.session_report import ExportFailed, export
from ipstui.domain.text import counted


def _section(title: str, lines: list[Content]) -> list[Content]:
    return [Content(""), Content.styled(title, "bold $accent"), *lines]


def report_lines(state: SessionState, now: datetime, zone: str) -> list[Content]:
    """The summary tab: figures, talk time, agenda, the agreement's moments, follow-ups."""

    def clock(moment: datetime) -> str:
        return pendulum.instance(moment).in_timezone(zone).format("HH:mm:ss")

    facts = recap(state, now)
    figures = facts.figures
    started = pendulum.instance(state.started_at).in_timezone(zone) if state.started_at else None
    lines = [
        Content.assemble(part(state.topic, "bold"), "  · moderator ", part(state.moderator)),
        Content(f"{started.format('dddd D MMMM YYYY, HH:mm') if started else ''} · "
                f"{'live' if state.is_live else 'length ' + clock_text(figures.length_seconds)} · "
                f"{figures.attendance} present, {figures.spoke} spoke, {figures.newcomers} new"),
        Content(f"Chat: {counted(figures.comments, 'comment')}, {figures.comments_read} read, {figures.comments_private} private · "
                f"{counted(figures.reminders, 'reminder')}, {counted(figures.ouches, 'ouch')}, {counted(figures.bells, 'bell')}"),
    ]
    if state.next_moderator:
        lines.append(Content.assemble("Next moderator ", part(state.next_moderator, "bold"),
                                      *((" · backup ", part(state.backup_moderator, "bold")) if state.backup_moderator else ()),
                                      *((" · next topic ", part(state.next_topic)) if state.next_topic else ())))
    lines += _section("Talk time (the tick is the fair share; people in the order they joined)",
                      [meter_line(meter) for meter in state.meters(now)])
    lines += _section("Agenda", [
        Content.assemble(padded(item.title, 28),
                         f" planned {item.planned_minutes:>3} min · ran {clock_text(state.segment_seconds(item, now))}"
                         + (" (over)" if state.segment_seconds(item, now) > item.planned_minutes * 60 else ""))
        for item in state.agenda])
    moments = [Content.assemble(f"{clock(m.at)} reminder of item ", part(str(m.detail["item"])), ": ",
                                part(reminded_text(m.detail)))
               for m in state.reminders]
    # Ouch hands and logged ouches, one moment once, as the figures above count them.
    moments += [Content.assemble(f"{clock(m.at)} ouch", *((" by ", part(m.by)) if m.by else ()),
                                 *((" with ", part(m.with_whom)) if m.with_whom else ()),
                                 " (hand, logged)" if m.hand and m.logged else " (hand)" if m.hand else "")
                for m in ouch_list(state)]
    moments += [Content(f"{clock(m.at)} bell") for m in state.bells]
    lines += _section("Agreement", moments or [Content("No reminders, ouches or bells.")])
    follow = [Content.assemble("After the meeting: ", part(text)) for text in facts.followups]
    follow += [Content.assemble("Breakout: ", part(", ".join(breakout.names)),
                                *((" (", part(breakout.note), ")") if breakout.note else ()))
               for breakout in facts.breakouts]
    lines += _section("Follow-ups", follow or [Content("None.")])
    return lines


def terminal_name(terminal: str) -> str:
    """The short form of a terminal id: host:/dev/pts/3 becomes host:pts/3."""
    return terminal.replace("/dev/", "")


class ReportScreen(Screen[None]):
    """A session's report; m and v export the shareable Markdown and CSV.

    The long parts (hands, chat, timeline) are tables, which draw only the rows on screen.
    One instance serves every report: mounting a screen costs more than filling one.
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("m", "export('md')", "Export Markdown"),
        Binding("v", "export('csv')", "Export CSV"),
    ]

    def __init__(self, state: SessionState, now: datetime, zone: str, export_folder: Path | None,
                 reveal_private: bool = False) -> None:
        super().__init__()
        self.reveal_private = reveal_private
        self.state = state
        self.now = now
        self.zone = zone
        self.export_folder = export_folder
        self._filled: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Label(literal(f"Session {self.state.session_id}"), id="report-title")
        with TabbedContent(id="report-tabs"):
            with TabPane("Summary", id="tab-summary"):
                with VerticalScroll(id="report-scroll"):
                    yield Static(self._summary(), id="report-lines")
            with TabPane("Hands", id="tab-hands"):
                yield DataTable(id="hand-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Chat", id="tab-chat"):
                yield DataTable(id="chat-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Timeline", id="tab-timeline"):
                yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def _clock(self, moment: datetime) -> str:
        return pendulum.instance(moment).in_timezone(self.zone).format("HH:mm:ss")

    def _summary(self) -> Content:
        return Content("\n").join(report_lines(self.state, self.now, self.zone))

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()

    def load(self, state: SessionState, now: datetime) -> None:
        """Show another session in this (already mounted) screen."""
        self.state, self.now = state, now
        self.query_one("#report-title", Label).update(literal(f"Session {state.session_id}"))
        self.query_one("#report-lines", Static).update(self._summary())
        self._filled = set()
        for table in self.query(DataTable):
            table.clear(columns=True)
        tabs = self.query_one("#report-tabs", TabbedContent)
        tabs.active = "tab-summary"
        self.query_one("#report-scroll", VerticalScroll).scroll_home(animate=False)
        self.query_one("#report-scroll").focus()

    @on(TabbedContent.TabActivated, "#report-tabs")
    def fill_tab(self, event: TabbedContent.TabActivated) -> None:
        # Tables are filled when first shown: the summary comes up at once however long the log.
        self._fill(event.pane.id or "")

    def _fill(self, pane: str) -> None:
        if pane in self._filled:
            return
        self._filled.add(pane)
        fillers = {"tab-hands": self._fill_hands, "tab-chat": self._fill_chat, "tab-timeline": self._fill_timeline}
        if pane in fillers:
            fillers[pane]()

    def _fill_hands(self) -> None:
        hands = self.query_one("#hand-table", DataTable)
        hands.add_columns("raised", "name", "kind", "waited", "then")
        for wait in hand_waits(self.state, self.now):
            hands.add_row(self._clock(wait.raised_at), cell(wait.name), cell(wait.kind), clock_text(wait.waited_seconds),
                          cell(wait.outcome))

    def _fill_chat(self) -> None:
        chat = self.query_one("#chat-table", DataTable)
        chat.add_columns("#", "at", "author", "status", "comment")
        for comment in sorted(self.state.comments.values(), key=lambda c: c.id):
            status = f"PRIVATE ({comment.private_reason}), never exported" if comment.private else comment.status.value
            chat.add_row(str(comment.id), self._clock(comment.at), cell(comment.author),
                         cell(status, "bold" if comment.private else ""),
                         cell(comment_words(comment, audience(self.reveal_private)), "italic" if comment.private else ""))

    def _fill_timeline(self) -> None:
        rows = self.query_one("#timeline-table", DataTable)
        rows.add_columns("at", "who", "terminal", "what")
        for row in timeline(self.state):
            rows.add_row(self._clock(row.at), cell(row.by), cell(terminal_name(row.terminal)),
                         cell(row.text + (" (undone)" if row.undone else ""), "strike dim" if row.undone else ""))

    def action_export(self, fmt: str) -> None:
        if self.export_folder is None:
            self.app.post_message(Say("A console over SSH writes no file on the host: on the host, run "
                                      f"`ipstui report --format {fmt} > FILE`", "error"))
            return
        target = self.export_folder / f"ipstui-report-{self.state.session_id}.{fmt}"
        state, now, zone = self.state, self.now, self.zone

        def write() -> None:
            # Rendering and writing on a thread: a slow disk never holds the screen still.
            try:
                said = export(state, now, fmt, pendulum.timezone(zone), target)
            except ExportFailed as error:
                self.app.post_message(Say(str(error), "error"))
            else:
                self.app.post_message(Say(said))

        self.run_worker(write, name="export", group="export", thread=True, exit_on_error=False)

    def action_back(self) -> None:
        self.dismiss(None)
