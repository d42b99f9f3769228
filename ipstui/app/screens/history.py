"""History: past sessions newest first, and what the sessions say together."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static, TabbedContent, TabPane

from ipstui.app.actions import HISTORY_ACTIONS, bindings
from ipstui.app.messages import RemoveSession, ShowReport
from ipstui.app.safe import cell, fitted, padded, part
from ipstui.app.widgets.key_bar import KeyBar
from ipstui.app.widgets.safe_input import SafeInput
from ipstui.reports.history import attendance, length_text, rotation, sparkline, suggest_topic, topics
from ipstui.store.folder import SessionSummary, Volunteer
from ipstui.domain.text import counted

COLUMNS = ("date", "topic", "moderator", "people", "length", "read")


def matches(summary: SessionSummary, needle: str) -> bool:
    """Whether a session fits the filter (topic, moderator, date or id)."""
    needle = needle.casefold().strip()
    return not needle or any(needle in field.casefold() for field in (summary.id, summary.topic, summary.moderator))


class HistoryScreen(Screen[None]):
    """Sessions newest first; enter opens one; the other tabs look across sessions."""

    BINDINGS = bindings(HISTORY_ACTIONS)

    def __init__(self, sessions: list[SessionSummary], volunteers: list[Volunteer], today: date) -> None:
        super().__init__()
        self.sessions = list(reversed(sessions))
        self.volunteers = volunteers
        self.today = today

    def compose(self) -> ComposeResult:
        yield Label(f"History · {counted(len(self.sessions), 'session')}", id="history-title")
        with TabbedContent(id="history-tabs"):
            # Each tab's key in its label, as the live console's panels: no need to focus the tab bar.
            with TabPane("1 Sessions", id="tab-sessions"):
                yield SafeInput(placeholder="/ filter by topic, moderator or date", id="history-filter")
                yield DataTable(id="session-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Rotation", id="tab-rotation"):
                with VerticalScroll():
                    yield Static(self._rotation(), id="rotation-lines")
            with TabPane("3 Topics", id="tab-topics"):
                with VerticalScroll():
                    yield Static(self._topics(), id="topic-lines")
            with TabPane("4 Attendance", id="tab-attendance"):
                with VerticalScroll():
                    yield Static(self._attendance(), id="attendance-lines")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#session-table", DataTable)
        table.add_columns(*COLUMNS)
        self._fill("")
        table.focus()

    def _fill(self, needle: str) -> None:
        table = self.query_one("#session-table", DataTable)
        table.clear()
        for summary in self.sessions:
            if matches(summary, needle):
                length = "live" if summary.status == "live" else length_text(summary.length_seconds)
                table.add_row(cell(summary.id), cell(summary.topic), cell(summary.moderator),
                              str(summary.attendance), length, str(summary.comments_read), key=summary.id)

    @on(Input.Changed, "#history-filter")
    def filter_sessions(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#history-filter")
    def back_to_table(self) -> None:
        self.query_one("#session-table", DataTable).focus()

    @on(DataTable.RowSelected, "#session-table")
    def open_session(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.post_message(ShowReport(event.row_key.value))

    def action_remove_session(self) -> None:
        """Remove the highlighted session, after asking (a live one is refused by the store)."""
        from ipstui.app.screens.prompts import ConfirmModal

        table = self.query_one("#session-table", DataTable)
        if not table.row_count or self.query_one("#history-tabs", TabbedContent).active != "tab-sessions":
            return
        session_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        summary = next((s for s in self.sessions if s.id == session_id), None)
        if summary is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.post_message(RemoveSession(summary.id))

        question = (f"Remove session {summary.id} ('{summary.topic}', moderated by {summary.moderator})? "
                    "It leaves the history; its file is kept aside.")
        self.app.push_screen(ConfirmModal(question, "Remove"), answered)

    def forget(self, session_id: str) -> None:
        """Take a removed session off the list."""
        self.sessions = [summary for summary in self.sessions if summary.id != session_id]
        self.query_one("#history-title", Label).update(f"History · {counted(len(self.sessions), 'session')}")
        self._fill(self.query_one("#history-filter", Input).value)

    def action_filter(self) -> None:
        self.query_one("#history-tabs", TabbedContent).active = "tab-sessions"
        self.query_one("#history-filter", Input).focus()

    def action_tab(self, tab: str) -> None:
        self.query_one("#history-tabs", TabbedContent).active = tab
        # The keyboard goes with the tab: a focused widget left in a hidden pane would take
        # its tab back (TabbedContent shows the pane that holds the focus).
        pane = self.query_one(f"#{tab}", TabPane)
        target = pane.query_one(DataTable) if tab == "tab-sessions" else pane.query_one(VerticalScroll)
        target.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the filter has the keyboard, a digit is the filter's own.
        if action == "tab" and isinstance(self.focused, Input):
            return False
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def _rotation(self) -> Content:
        rows = rotation(self.volunteers)
        if not rows:
            return Content("Nobody yet.")
        lines = [Content.styled("Who has moderated, and who never has (a rota, not a ranking)", "bold")]
        for row in rows:
            if row.moderated:
                history = (f"moderated {row.moderated}×, last {row.last}", "")
            else:
                history = ("never moderated", "bold $success")
            lines.append(Content.assemble(fitted(row.name, 20), "  ", history, (f"  · {counted(row.sessions, 'session')}", "dim")))
        return Content("\n").join(lines)

    def _topics(self) -> Content:
        rows = topics(self.sessions)
        lines = []
        suggestion = suggest_topic(self.sessions, self.today)
        if suggestion:
            lines += [Content.assemble(("Not covered lately: ", "bold $accent"), part(suggestion)), Content("")]
        for row in rows:
            lines.append(Content.assemble(part(row.topic, "bold"), part("  " + ", ".join(row.dates), "dim")))
        return Content("\n").join(lines) if lines else Content("No topics yet.")

    def _attendance(self) -> Content:
        counts = attendance(self.sessions)
        if not counts:
            return Content("No sessions yet.")
        ordered = sorted(self.sessions, key=lambda s: s.started_at)
        lines = [
            Content.assemble(("Attendance, oldest to newest  ", "bold"), (sparkline(counts, 60), "$accent")),
            Content(f"average {sum(counts) / len(counts):.1f}, highest {max(counts)}, lowest {min(counts)}"),
            Content(""),
            Content.styled("Per session (newest first): people, newcomers", "bold"),
        ]
        for summary in reversed(ordered[-60:]):
            lines.append(Content.assemble(padded(summary.id, 13), f" {summary.attendance:>3} people",
                                          (f"  {summary.newcomers} new" if summary.newcomers else "", "$success")))
        return Content("\n").join(lines)
