"""The console application: one road for data, from the store to the screens and back.

Screens post messages up (app/messages.py); the app hands them to `SessionSync`, whose worker
thread runs them against the data folder in order; what the folder then holds comes back as
a `StateChanged` carrying an immutable view, which the app hands down to the screens. Nothing
on the event loop waits for a lock, the disk or another terminal.

Every screen but the live console loads with its first use (as do pendulum and the
domain's commands): the console's start is measured against a bare Textual app's (B1).
"""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from textual._styles_cache import StylesCache
from textual.app import App
from textual.theme import Theme
from textual.timer import Timer

from ipstui.app.actions import APP_ACTIONS, bindings
from ipstui.app.imports import ZoomFiles
from ipstui.app.messages import (
    Answered,
    ChangeSetting,
    CommandDone,
    FolderChanged,
    PeersChanged,
    RemoveSession,
    RewordAgreement,
    RunCommand,
    Saving,
    Say,
    ShowClosing,
    ShowReport,
    StateChanged,
    ZoomFile,
    as_message,
)
from ipstui.app.palette import ActionsProvider
from ipstui.app.screens.clocked import AgreementShown, ClockedScreen
from ipstui.app.screens.live import LiveScreen
from ipstui.app.screens.shown import GroupShown, SessionShown
from ipstui.road import FolderView, SessionSync, folder_error_text
from ipstui.app.terminal import TerminalGuard
from ipstui.domain.agreement import DEFAULT_AGREEMENT
from ipstui.domain.clock import Clock, SystemClock
from ipstui.domain.notices import others_notices
from ipstui.domain.outcome import Command
from ipstui.domain.schedule import WeeklySlot, scheduled_end, slot_from_settings
from ipstui.domain.state import SessionState
from ipstui.domain.text import terminal_safe
from ipstui.store import DataFolder
from ipstui.store.atomic import set_lock_holder
from ipstui.store.folder import Upcoming, Volunteer
from ipstui.store.group_file import DEFAULT_SETTINGS
from ipstui.store.presence import PeerChanges, Presence


def _styles() -> list[Path]:
    """The stylesheets: inside the installed package, or the repository's styles/ folder."""
    here = Path(__file__).resolve().parent.parent
    for folder in (here / "styles", here.parent / "styles"):
        if folder.is_dir():
            return sorted(folder.glob("*.tcss"))
    raise FileNotFoundError("the ipstui styles are missing from this installation")


def settle_memory() -> None:
    """Collect the garbage there is now, then spare what survives from later full collections.

    A full collection walks every object: with a long history or log loaded it paused the
    console for 150-500 ms on this machine, right when a report opened or a key was pressed.
    Settling once, when a screen has just been drawn, leaves later collections only the
    objects made since. Frozen objects that become garbage go at the next settle.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.enable()  # the entry point pauses collection while the console starts


HIGH_CONTRAST = Theme(
    name="ipstui-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFAF00",
    error="#FF5F5F",
    success="#5FFF5F",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    dark=True,
)


# A hung-up terminal (an SSH connection dropped) and a stop asked for (ipstui serve stopping).
HANG_UPS = (signal.SIGHUP, signal.SIGTERM)

# A command's change is drawn while it is written; a write still not saved after this many
# seconds (a slow or shared disk) is said in the header.
SLOW_SAVE_SECONDS = 0.3


class IpsApp(TerminalGuard, App[None]):
    """The moderator's console on one data folder."""

    TITLE = "ipstui"
    CSS_PATH = _styles()
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS = bindings(APP_ACTIONS)
    PALETTE_ACTIONS = APP_ACTIONS

    def __init__(self, folder: DataFolder, clock: Clock, viewer_zone: str | None, theme: str | None = None,
                 read_only: bool = False, presence: Presence | None = None, start: str = "",
                 heartbeat_clock: Clock | None = None, host_files: bool = True) -> None:
        super().__init__()
        self.guard_output()
        # False for a console served over SSH: its user has no account here, so it reads and
        # writes no file of the host (Zoom files and exports are done on the host instead).
        self.host_files = host_files
        if self.no_color:
            # NO_COLOR (no-color.org) asks for no colour at all; Textual's own answer turns every colour
            # grey, which is still colour. Its filter list is private (Textual 8.2.8): the text's own
            # styles (bold, reverse, underline) stay, and show what colour showed (RowList's :nocolor).
            from textual.filter import Monochrome, NoColor

            self._filters = [item for item in self._filters if not isinstance(item, Monochrome)] + [NoColor()]
        self.folder = folder
        self.clock = clock
        self._viewer_zone = viewer_zone
        self.read_only = read_only
        self._start = start
        self._initial_theme = theme
        set_lock_holder(f"{folder.stamp.by} ({folder.stamp.terminal})")
        self.heartbeat_clock = heartbeat_clock or clock
        self.sync = SessionSync(folder, lambda news: self.post_message(as_message(news)), presence,
                                self.heartbeat_clock, draw_while_saving=True)
        self._slow_save: Timer | None = None
        self.zoom = ZoomFiles(folder, self.post_message)
        self.view: FolderView | None = None
        self._screen_missing = False
        self._shown = False
        self._session_id: str | None = None
        self._last_seq = 0
        self._peer_changes = PeerChanges()
        self._report = None
        self._group_shown: tuple | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape closes the keys panel only when one is open; else the key goes on to the screen.
        if action == "hide_help_panel":
            return bool(self.screen.query("HelpPanel"))
        return True

    # -- start-up and the clock -------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self._initial_theme:
            self.theme = self._initial_theme
        if self.read_only:
            self.sub_title = "watching: read-only"
        if not self.is_headless:
            # A hung-up terminal (an SSH connection dropped) or a stop asked for: leave as after ctrl+q,
            # with a goodbye to the other consoles.
            loop = asyncio.get_running_loop()
            for sig in HANG_UPS:
                loop.add_signal_handler(sig, self._hung_up)
        # The first view comes from the worker's first look; the screens follow it.
        self.sync.start()
        self.set_interval(1.0, self.tick, name="clock")

    def _hung_up(self) -> None:
        # Once: a second signal while the console closes must not end it before its goodbye.
        for sig in HANG_UPS:
            signal.signal(sig, signal.SIG_IGN)
        self.exit()

    def on_unmount(self) -> None:
        self.sync.stop()
        self.zoom.stop()

    @property
    def viewer_zone(self) -> str:
        """The time zone of the person at this terminal (the home screen's "your time")."""
        if self._viewer_zone is None:
            import pendulum

            self._viewer_zone = pendulum.local_timezone().name
        return self._viewer_zone

    @property
    def settings(self) -> dict[str, Any]:
        """The group's settings as last read (the usual ones until the folder has been read)."""
        return dict(self.view.settings) if self.view is not None else dict(DEFAULT_SETTINGS)

    @property
    def slot(self) -> WeeklySlot:
        return slot_from_settings(self.settings)

    def tick(self) -> None:
        """Give the current screens the time (the running turn and the countdown follow)."""
        now = self.clock.now()
        for candidate in self.screen_stack:
            if isinstance(candidate, ClockedScreen):
                candidate.now = now

    def on_peers_changed(self, message: PeersChanged) -> None:
        """Show who else is attached; say so when a console vanishes without a goodbye."""
        for change in self._peer_changes.update(message.peers, self.heartbeat_clock.now()):
            if change.kind == "vanished":
                self.say(f"{change.peer.actor} vanished without a goodbye ({change.peer.terminal})", "warning", 10)
            elif change.kind == "left":
                self.say(f"{change.peer.actor} left")
        here = list(self._peer_changes.alive.values())
        for candidate in self.screen_stack:
            if isinstance(candidate, ClockedScreen):
                candidate.peers = tuple(here)

    # -- the one road: folder -> view -> screens --------------------------------------------

    def check_for_changes(self) -> None:
        """Have the folder looked at again (off the loop); a change comes back as StateChanged."""
        self.sync.look()

    def on_folder_changed(self, message: FolderChanged) -> None:
        self.sync.look()

    def on_state_changed(self, message: StateChanged) -> None:
        if message.view is None:
            self._show_error(message.error or "the data folder could not be read")
            if not self._shown:
                # Home on the usual settings for now; the screen is shown again once the folder changes.
                self._screen_missing = self._shown = True
                self._show_home(dict(DEFAULT_SETTINGS), Upcoming(None, None, None))
            return
        view = self.view = message.view
        if message.unsaved and self._slow_save is None:
            self._slow_save = self.set_timer(SLOW_SAVE_SECONDS, lambda: self._saving("the disk"))
        self._show_agreement_changes(view)
        if view.session_id != self._session_id or self._screen_missing or not self._shown:
            self._group_shown = (view.settings, view.upcoming)
            self._show_current(view)
            return
        if view.state is None:
            self._home_follows(view)
        if view.state is not None:
            self._tell_others_actions(view.state)
            screen = self._live_screen()
            if screen is not None:
                screen.state = view.state
                screen.names = view.names
            self._closing_follows(view.state)
            for shown in self.screen_stack:
                if isinstance(shown, SessionShown):
                    shown.show_session(view.state)
        self._show_group_changes(view)

    def _show_group_changes(self, view: FolderView) -> None:
        """Home and the settings screen show the group's settings as they now are."""
        group = (view.settings, view.upcoming)
        if group == self._group_shown:
            return
        self._group_shown = group
        settings = dict(view.settings)
        for shown in self.screen_stack:
            if isinstance(shown, GroupShown):
                shown.show_group(slot_from_settings(settings), view.upcoming, settings)

    def _show_agreement_changes(self, view: FolderView) -> None:
        # The agreement overlay (loaded with its first use), however many are open.
        for screen in self.screen_stack:
            if isinstance(screen, AgreementShown):
                screen.show_agreement(view.agreement)

    def _tell_others_actions(self, state: SessionState) -> None:
        """Say what another terminal just did: co-moderators see each other's work."""
        theirs = others_notices(state, self._last_seq, self.folder.stamp.terminal)
        self._last_seq = state.last_seq
        if theirs:
            # An ouch hand or a direct message stays longer, and in the colour of a warning.
            urgent = any(told.urgent for _, told in theirs)
            self.say("; ".join(f"{event.by}: {told.text}" for event, told in theirs),
                     "warning" if urgent else "information", 8 if urgent else 3)

    def _home_follows(self, view: FolderView) -> None:
        """Home shows the next moderator as the sessions now say (a call ended or removed elsewhere)."""
        if "ipstui.app.screens.home" not in sys.modules:
            return  # loaded with its first use: none is open
        from ipstui.app.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and screen.upcoming != view.upcoming:
                screen.show_upcoming(view.upcoming)

    def _closing_follows(self, state: SessionState) -> None:
        """An open closing screen shows the session as it now stands (done marks, hands, turns)."""
        if "ipstui.app.screens.closing" not in sys.modules:
            return  # loaded with its first use: none is open
        from ipstui.app.screens.closing import ClosingScreen

        for screen in self.screen_stack:
            if isinstance(screen, ClosingScreen):
                screen.update_state(state, self.clock.now())

    def _live_screen(self) -> LiveScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, LiveScreen)), None)

    def _show_current(self, view: FolderView) -> None:
        """Show the live console if a session is live, else home (and the history, if asked to start there)."""
        first = not self._shown
        self._screen_missing = False
        self._shown = True
        self._session_id = view.session_id
        self._last_seq = 0
        if view.state is None:
            self._show_home(dict(view.settings), view.upcoming)
        else:
            self._show_live(view.state, view.names)
        if first and self._start == "history":
            self.action_show_history()
        self.call_after_refresh(settle_memory)

    def _replace_screens(self, screen) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def _show_home(self, settings: dict[str, Any], upcoming: Upcoming) -> None:
        """Open the home screen on the next session."""
        from ipstui.app.screens.home import HomeScreen

        self._session_id = None
        screen = HomeScreen(slot_from_settings(settings), upcoming, settings, self.viewer_zone)
        screen.now = self.clock.now()
        screen.peers = tuple(self._peer_changes.alive.values())
        self._replace_screens(screen)

    def _show_live(self, state: SessionState, names: tuple[str, ...]) -> None:
        assert state.started_at is not None
        self._last_seq = state.last_seq
        screen = LiveScreen(scheduled_end(self.slot, state.started_at), self.slot.zone, self.folder.stamp.by,
                            self.read_only)
        screen.state = state
        screen.names = names
        screen.now = self.clock.now()
        screen.peers = tuple(self._peer_changes.alive.values())
        self._replace_screens(screen)

    def _show_error(self, error: Exception | str) -> None:
        self.say(error if isinstance(error, str) else folder_error_text(error), "error", 15)

    # -- acting -----------------------------------------------------------------------------

    def say(self, message: str, severity: str = "information", timeout: float = 3) -> None:
        """One short message at a time, so that toasts never pile up over the header."""
        self.clear_notifications()
        # A cleared toast leaves its holder behind in Textual 8.2.8: one widget per message,
        # some 50 kB each with its caches, for as long as the console runs. Take them away.
        for holder in self.screen.query("ToastHolder") if self.screen_stack else ():
            if not holder.children:
                holder.remove()
        # And its style cache memoizes on the cache object itself: every widget ever removed
        # (each toast is two) would stay alive with its rendered lines, up to 1024 of them.
        StylesCache.get_inner_outer.cache_clear()
        self.notify(terminal_safe(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    def on_say(self, message: Say) -> None:
        self.say(message.text, message.severity, message.timeout)

    def refuse_if_watching(self) -> bool:
        """In a read-only console, say so and return True."""
        if self.read_only:
            self.say("This console only watches (--watch): it cannot change the session.", "warning", 5)
        return self.read_only

    def run_command(self, command: Command) -> None:
        """Run a command on the live session, after any asked before it; its effect reaches the screen like anyone's."""
        if not self.refuse_if_watching():
            self.sync.run(command)

    def on_run_command(self, message: RunCommand) -> None:
        self.run_command(message.command)

    def on_command_done(self, message: CommandDone) -> None:
        if self._slow_save is not None:
            self._slow_save.stop()
            self._slow_save = None
        self._saving(None)
        if message.outcome is not None:
            self.say(message.outcome.message)
        else:
            self.say(message.error or "refused", "warning", 5)

    def on_saving(self, message: Saving) -> None:
        self._saving(message.waiting_for, message.queued)

    def _saving(self, waiting_for: str | None, queued: int = 0) -> None:
        screen = self._live_screen()
        if screen is None:
            return
        if waiting_for is None:
            screen.saving = ""
            return
        more = f"; {queued} more in turn" if queued else ""
        screen.saving = f"saving: waiting for {waiting_for}{more}"

    def ask(self, question: Callable[[DataFolder], Any], then: Callable[[Any], None]) -> None:
        """Put `question` to the folder off the loop; `then(answer)` runs here once it is answered."""
        self.sync.ask(question, then)

    def on_answered(self, message: Answered) -> None:
        self._saving(None)
        if message.error is not None:
            self.say(message.error, "error", 8)
            return
        message.then(message.result)

    def action_start_session(self) -> None:
        if self.refuse_if_watching():
            return
        from ipstui.app.screens.prompts import StartModal, StartRequest

        names = list(self.view.names) if self.view is not None else []
        # Today's call is moderated by whoever was chosen for today, not by next week's choice.
        today = self.clock.now().astimezone(ZoneInfo(self.slot.zone)).date()

        def answered(request: StartRequest | None) -> None:
            if request is not None:
                self.ask(lambda folder: folder.start(request.topic, request.moderator)[1], self._started)

        def ask_start(chosen: Upcoming) -> None:
            self.push_screen(StartModal(names, chosen.topic or "", chosen.moderator or ""), answered)

        self.ask(lambda folder: folder.chosen_for(today), ask_start)

    def action_reopen_session(self) -> None:
        """Undo the end of the latest session, after a yes: it is live again (as `ipstui undo`)."""
        if self.refuse_if_watching():
            return

        def latest(folder: DataFolder):
            sessions = folder.sessions()
            if not sessions or sessions[-1].status != "ended":
                return None
            end = folder.state(sessions[-1].id).log[-1]
            return sessions[-1], end.action, end.by

        def found(answer) -> None:
            from ipstui.app.screens.prompts import ConfirmModal
            from ipstui.domain.commands import Undo

            if answer is None:
                self.say("No ended session to reopen.", "warning", 5)
                return
            summary, action, by = answer
            whose = "" if by == self.folder.stamp.by else f" (ended by {by or 'an unnamed moderator'})"
            question = (f"Reopen session {summary.id} ('{summary.topic}', moderated by {summary.moderator}){whose}? "
                        "Its end is undone and the call goes on.")

            def answered(yes: bool | None) -> None:
                if yes:
                    self.ask(lambda folder: folder.execute(Undo(anyone=True, action=action)), self._started)

            self.push_screen(ConfirmModal(question, "Reopen"), answered)

        self.ask(latest, found)

    def _started(self, outcome) -> None:
        self.say(outcome.message)
        self.sync.look()

    def on_show_closing(self, message: ShowClosing) -> None:
        """Open the closing screen over the live console (the roster read off the loop)."""
        screen = self._live_screen()
        if screen is None or screen.state is None or self.refuse_if_watching():
            return
        state = screen.state

        def open_closing(roster_list: list[Volunteer]) -> None:
            from ipstui.app.screens.closing import ClosingScreen

            roster = {v.name.casefold(): v for v in roster_list}
            volunteers = [roster.pop(p.name.casefold(), Volunteer(p.name, 0, None, 1)) for p in state.participants.values()]
            # Anyone on the roster may moderate next, not only those here today.
            self.push_screen(ClosingScreen(state, self.clock.now(), volunteers + list(roster.values())))

        self.ask(lambda folder: folder.volunteers(), open_closing)

    def action_show_agreement(self) -> None:
        from ipstui.app.screens.agreement import AgreementModal

        if isinstance(self.screen, AgreementModal):
            return
        agreement = self.view.agreement if self.view is not None else DEFAULT_AGREEMENT
        self.push_screen(AgreementModal(agreement, can_remind=self._session_id is not None and not self.read_only,
                                        read_only=self.read_only))

    def on_reword_agreement(self, message: RewordAgreement) -> None:
        """Give an agreement item the group's wording; every console shows it."""
        self._change_group(lambda folder: folder.reword_agreement(message.number, message.text))

    def _change_group(self, change: Callable[[DataFolder], str]) -> None:
        """Change the group's file off the loop, say what was done, and look again (unless only watching)."""
        if self.refuse_if_watching():
            return

        def done(text: str) -> None:
            self.say(text)
            self.sync.look()

        self.ask(change, done)

    def action_show_settings(self) -> None:
        """Open the group's settings over home."""
        from ipstui.app.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(self.settings, self.read_only))

    def on_change_setting(self, message: ChangeSetting) -> None:
        """Set one of the group's settings; every console's home shows it."""
        self._change_group(lambda folder: folder.change_setting(message.key, message.value))

    def action_show_history(self) -> None:
        """Open the history over the current screen (read off the loop)."""
        from ipstui.app.screens.history import HistoryScreen
        from ipstui.app.screens.report import ReportScreen

        if isinstance(self.screen, (HistoryScreen, ReportScreen)):
            return
        zone = self.slot.zone

        def question(folder: DataFolder):
            import pendulum

            return folder.history(), folder.volunteers(), pendulum.instance(self.clock.now()).in_timezone(zone).date()

        def open_history(answer) -> None:
            if isinstance(self.screen, (HistoryScreen, ReportScreen)):
                return
            self.push_screen(HistoryScreen(*answer))
            self.call_after_refresh(settle_memory)

        self.ask(question, open_history)

    def on_remove_session(self, message: RemoveSession) -> None:
        """Remove a session the moderator said yes to removing; the history follows."""
        from ipstui.app.screens.history import HistoryScreen

        if self.refuse_if_watching():
            return

        def removed(text: str) -> None:
            self.say(text)
            for screen in self.screen_stack:
                if isinstance(screen, HistoryScreen):
                    screen.forget(message.session_id)
            self.sync.look()

        self.ask(lambda folder: folder.remove_session(message.session_id), removed)

    def on_show_report(self, message: ShowReport) -> None:
        """Open one session's report (read off the loop)."""
        zone = self.slot.zone

        def open_report(state: SessionState) -> None:
            from ipstui.app.screens.report import ReportScreen

            if self._report is None:
                self._report = ReportScreen(state, self.clock.now(), zone, Path.cwd() if self.host_files else None,
                                            reveal_private=not self.read_only)
                self.install_screen(self._report, "report")
            else:
                self._report.load(state, self.clock.now())
            self.push_screen("report")

        self.ask(lambda folder: folder.state(message.session_id).snapshot(), open_report)

    def on_zoom_file(self, message: ZoomFile) -> None:
        if not self.host_files:
            command = {"roster": "roster import", "follow": "chat follow"}.get(message.kind, "chat import")
            self.say(f"A console over SSH opens no file of the host: on the host, run `ipstui {command} FILE`",
                     "error")
        elif not self.refuse_if_watching():
            self.zoom.open(message.kind, message.path)

    def action_toggle_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name


def make_app(folder: DataFolder, clock: Clock | None = None, viewer_zone: str | None = None,
             theme: str | None = None, read_only: bool = False, presence: bool = True, start: str = "",
             heartbeat_clock: Clock | None = None, host_files: bool = True) -> IpsApp:
    """The console on `folder`; tests pass a frozen clock and a fixed viewer zone (else the terminal's)."""
    here = Presence(folder.root, folder.stamp.by, folder.stamp.terminal, read_only, folder.mode) if presence else None
    return IpsApp(folder, clock or SystemClock(), viewer_zone, theme, read_only, here, start, heartbeat_clock,
                  host_files)
