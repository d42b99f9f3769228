"""The live console: agenda, hand queue, talk-time meters and chat to read, one key each."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.reactive import reactive

from ipstui.app.actions import LIVE_ACTIONS, bindings
from ipstui.app.messages import RunCommand, Say, ShowClosing, ZoomFile
from ipstui.app.screens.clocked import ClockedScreen
from ipstui.app.widgets.agenda import AgendaPanel
from ipstui.app.widgets.chat import ChatPanel
from ipstui.app.widgets.hands import HandsPanel
from ipstui.app.widgets.key_bar import KeyBar
from ipstui.app.widgets.meters import MetersPanel
from ipstui.app.widgets.open_items import OpenItemsStrip
from ipstui.app.widgets.panel import LivePanel
from ipstui.app.widgets.row_list import RowList
from ipstui.app.widgets.session_bar import SessionBar
from ipstui.app.widgets.tab_strip import TabStrip
from ipstui.domain.outcome import Command
from ipstui.domain.state import ChatStatus, HandKind, SessionState
from ipstui.domain.text import counted

if TYPE_CHECKING:
    from ipstui.app.screens import prompts

PANELS = ("agenda", "hands", "meters", "chat")


def _commands():
    """The domain's commands, loaded with the first action: the console starts without them."""
    from ipstui.domain import commands

    return commands


def _prompts():
    """The dialogs, loaded when first asked for: the console starts without their widgets."""
    from ipstui.app.screens import prompts

    return prompts


class LiveScreen(ClockedScreen):
    """Everything the moderator needs during the call."""

    PALETTE_ACTIONS = LIVE_ACTIONS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = bindings(LIVE_ACTIONS)

    state: reactive[SessionState | None] = reactive(None, repaint=False)
    """The live session, as the store last folded it (a read-only snapshot, new at each change)."""
    names: reactive[tuple[str, ...]] = reactive((), repaint=False)
    """The names the group knows, for completion."""
    saving: reactive[str] = reactive("", repaint=False)
    """What a write is waiting for ("saving: waiting for kim (pts/3)"), or nothing."""
    panel: reactive[str] = reactive("hands", repaint=False)
    """The panel with the keyboard (and the only one shown when the terminal is small)."""

    def __init__(self, scheduled_end: datetime | None, zone: str, actor: str = "", read_only: bool = False) -> None:
        super().__init__()
        self.scheduled_end = scheduled_end
        self.zone = zone
        self.actor = actor
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        # The class Textual would give on the first resize, given now: the screen is styled once.
        wide = self.app.size.width >= self.HORIZONTAL_BREAKPOINTS[1][0]
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")
        yield SessionBar(self.scheduled_end, self.zone, id="session-bar").data_bind(
            LiveScreen.state, LiveScreen.now, LiveScreen.peers, LiveScreen.saving)
        # Only at 80 columns, where one panel shows at a time (styles/live.tcss).
        yield TabStrip(id="tab-strip").data_bind(LiveScreen.panel)
        with Grid(id="panels"):
            yield AgendaPanel(self.scheduled_end, self.zone, id="agenda", classes=self._panel_classes("agenda")).data_bind(
                LiveScreen.state, LiveScreen.now)
            yield HandsPanel(id="hands", classes=self._panel_classes("hands")).data_bind(LiveScreen.state, LiveScreen.now)
            # Private words (members' requests, private comments) only on a moderator's console, never on a watching one.
            reveal = not self.read_only
            yield MetersPanel(id="meters", classes=self._panel_classes("meters"), reveal_requests=reveal).data_bind(
                LiveScreen.state, LiveScreen.now)
            yield ChatPanel(id="chat", classes=self._panel_classes("chat"), reveal_private=reveal).data_bind(
                LiveScreen.state, LiveScreen.now)
        yield OpenItemsStrip(id="open-items").data_bind(LiveScreen.state)
        yield KeyBar()

    def _panel_classes(self, panel: str) -> str:
        # Given at compose time, so that the first frame is already styled as it will stay.
        return "panel -active" if panel == self.panel else "panel"

    def on_mount(self) -> None:
        self._activate(self.panel)

    def watch_panel(self, panel: str) -> None:
        if self.is_mounted:
            self._activate(panel)

    def _activate(self, panel: str) -> None:
        for widget in self.query(LivePanel):
            widget.set_class(widget.id == panel, "-active")
        target = self.query_one(f"#{panel}", LivePanel)
        if target.can_focus:
            target.focus()
        else:
            self.set_focus(None)

    def action_panel(self, panel: str) -> None:
        self.panel = panel

    def action_cycle_panel(self, step: int) -> None:
        self.panel = PANELS[(PANELS.index(self.panel) + step) % len(PANELS)]

    # -- helpers ----------------------------------------------------------------------------

    def run(self, command: Command) -> None:
        self.app.post_message(RunCommand(command))

    def say(self, text: str, severity: str = "information", timeout: float = 3) -> None:
        self.app.post_message(Say(text, severity, timeout))

    def ask_name(self, title: str, then, placeholder: str = "name") -> None:
        def answered(name: str | None) -> None:
            if name:
                then(name)

        self.app.push_screen(_prompts().TextModal(title, list(self.names), placeholder), answered)

    # -- actions ----------------------------------------------------------------------------

    def action_add_participant(self) -> None:
        self.ask_name("Add participant", lambda name: self.run(_commands().AddParticipant(name)))

    def action_raise_hand(self, kind: str = HandKind.ORDINARY.value) -> None:
        def answered(request: prompts.HandRequest | None) -> None:
            if request:
                self.run(_commands().RaiseHand(request.name, request.kind))

        self.app.push_screen(_prompts().HandModal(list(self.names), HandKind(kind)), answered)

    def action_lower_hand(self) -> None:
        name = self.query_one(HandsPanel).highlighted_name() if self.panel == "hands" else None
        if name:
            self.run(_commands().LowerHand(name))
        else:
            self.ask_name("Lower hand", lambda name: self.run(_commands().LowerHand(name)))

    def action_lower_all(self) -> None:
        count = len(self.state.hands) if self.state else 0
        if not count:
            self.say("No hands are up.")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run(_commands().LowerAllHands())

        # An ouch among them is named: lowering it unseen would be the harm the agreement guards against.
        ouches = [hand.name for hand in self.state.hands if hand.kind is HandKind.OUCH] if self.state else []
        ouch = f", including {' and '.join(ouches)}'s ouch" if ouches else ""
        question = f"Lower all {counted(count, 'hand')}{ouch}?"
        self.app.push_screen(_prompts().ConfirmModal(question, "Lower all"), answered)

    def action_call_next(self) -> None:
        self.run(_commands().CallNextHand())

    def action_start_speaker(self) -> None:
        self.ask_name("Start speaker", lambda name: self.run(_commands().StartSpeaker(name)))

    def action_stop_speaker(self) -> None:
        self.run(_commands().StopSpeaker())

    def action_add_comment(self) -> None:
        def answered(request: prompts.ChatRequest | None) -> None:
            if request:
                self.run(_commands().AddChatComment(request.author, request.text, private=request.private))

        self.app.push_screen(_prompts().ChatModal(list(self.names)), answered)

    def _highlighted_comment(self) -> int | None:
        return self.query_one(ChatPanel).highlighted_id() if self.panel == "chat" else None

    def action_mark_read(self) -> None:
        self.run(_commands().MarkComment(self._highlighted_comment(), ChatStatus.READ))

    def action_skip_comment(self) -> None:
        self.run(_commands().MarkComment(self._highlighted_comment(), ChatStatus.SKIPPED))

    def action_make_private(self) -> None:
        comment_id = self._highlighted_comment()
        if comment_id is None:
            self.say("Highlight a comment in the chat panel (4) first.", "warning")
            return
        self.run(_commands().MakeCommentPrivate(comment_id))

    def action_next_agenda(self) -> None:
        self.run(_commands().NextAgendaItem())

    def action_edit_agenda(self) -> None:
        from ipstui.app.screens.agenda_edit import AgendaEditModal

        if self.state is not None:
            self.app.push_screen(AgendaEditModal(self.state))

    def action_log_ouch(self) -> None:
        """Ask who said ouch (the speaker unless changed; empty for the room) and with whom, then log it."""
        if self.read_only:
            self.run(_commands().LogOuch())  # the app says that this console only watches
            return
        from ipstui.app.screens.ouch_prompt import OuchModal, OuchRequest

        def answered(request: OuchRequest | None) -> None:
            if request is not None:
                self.run(_commands().LogOuch(request.by, request.with_whom))

        speaker = self.state.turn.name if self.state is not None and self.state.turn is not None else ""
        self.app.push_screen(OuchModal(list(self.names), speaker), answered)

    def action_ring_bell(self) -> None:
        """Ask which member rang the bell (enter alone: the one at these keys), then log it."""
        if self.read_only:
            self.run(_commands().RingBell())  # the app says that this console only watches
            return

        def answered(name: str | None) -> None:
            if name is not None:
                self.run(_commands().RingBell(name or None))

        self.app.push_screen(_prompts().TextModal("Who rang the bell?", list(self.names), empty_means="you"), answered)

    def action_add_followup(self) -> None:
        self.ask_name("After-meeting topic", lambda text: self.run(_commands().AddFollowup(text)), "topic")

    def action_request_breakout(self) -> None:
        def asked(names: str) -> None:
            people = tuple(name.strip() for name in names.split(",") if name.strip())
            if people:
                self.run(_commands().RequestBreakout(people))

        self.ask_name("Request breakout: who (names, separated by commas)", asked, "Ana, Ben")

    def action_undo(self) -> None:
        """Undo one's own newest action; with none, anyone's after a yes, as for private words made readable."""
        from ipstui.domain.outcome import CommandError
        from ipstui.domain.undo import plan_undo

        if self.state is None:
            return
        if self.read_only:
            self.run(_commands().Undo())  # the app says that this console only watches
            return
        actor = self.actor
        try:
            # One's own newest action; with none, anyone's newest, which then needs a yes.
            plan = plan_undo(self.state, actor if self.state.undoable_action(actor) else None)
        except CommandError as error:
            self.say(str(error), "warning", 5)
            return
        if not plan.needs_consent(actor):
            self.run(_commands().Undo(action=plan.action))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run(_commands().Undo(anyone=True, action=plan.action))

        self.app.push_screen(_prompts().ConfirmModal(plan.question(actor), "Undo it"), answered)

    def action_open_items(self) -> None:
        """Pick an open item and mark it done (or open again)."""
        from ipstui.app.screens.open_items import OpenItemsModal
        from ipstui.domain.open_items import MarkItemDone, open_items

        items = open_items(self.state) if self.state is not None else []
        if not items:
            self.say("No open items: no direct message, breakout request or after-meeting topic yet.")
            return

        def answered(item) -> None:
            if item is not None:
                self.run(MarkItemDone(item.kind, item.id, not item.done))

        self.app.push_screen(OpenItemsModal(items), answered)

    def action_people(self, what: str = "left") -> None:
        """The people dialog, on the person highlighted in the meters, if any."""
        from ipstui.app.screens.people import PeopleModal, PeopleRequest

        if self.read_only:
            # Never opened there: the dialog shows what a member asked, which is the team's alone.
            self.say("This console only watches (--watch): it cannot change who is in the call.", "warning", 5)
            return
        name = self.query_one(MetersPanel).highlighted_name() if self.panel == "meters" else None
        commands = _commands()
        make = {
            "left": lambda asked: commands.MarkLeft(asked.name),
            "back": lambda asked: commands.MarkBack(asked.name),
            "quiet": lambda asked: commands.SetReadPreference(asked.name, True),
            "aloud": lambda asked: commands.SetReadPreference(asked.name, False),
            "request": lambda asked: commands.RecordRequest(asked.name, asked.text, asked.consent),
            "withdraw": lambda asked: commands.WithdrawRequest(asked.name),
        }

        def answered(asked: PeopleRequest | None) -> None:
            if asked:
                self.run(make[asked.what](asked))

        self.app.push_screen(PeopleModal(list(self.names), self.state, what, name or ""), answered)

    def _zoom_file(self, kind: str, title: str, placeholder: str) -> None:
        self.ask_name(title, lambda path: self.app.post_message(ZoomFile(kind, path)), placeholder)

    def action_import_chat(self) -> None:
        self._zoom_file("chat", "Import Zoom chat: path to the file", "meeting_saved_chat.txt")

    def action_follow_chat(self) -> None:
        self._zoom_file("follow", "Follow Zoom chat: path to the file", "meeting_saved_chat.txt")

    def action_import_roster(self) -> None:
        self._zoom_file("roster", "Participants report: path to the CSV", "participants.csv")

    def action_end_session(self) -> None:
        self.app.post_message(ShowClosing())

    @on(RowList.Selected, "#hands")
    def give_floor_to_selected(self, event: RowList.Selected) -> None:
        name = self.query_one(HandsPanel).highlighted_name()
        if name:
            self.run(_commands().StartSpeaker(name))

    @on(RowList.Selected, "#chat")
    def read_selected(self, event: RowList.Selected) -> None:
        self.run(_commands().MarkComment(int(event.row_id), ChatStatus.READ))
