"""The console application: one road for data, from the store to the screens.

Every screen but the live console loads with its first use (as do pendulum and the
domain's commands): the console's start is measured against a bare Textual app's (B1).
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from textual._styles_cache import StylesCache
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from ipstui.app.carry_on import FOLDER_ERRORS, carrying_on, folder_error_text
from ipstui.app.imports import ZoomImports
from ipstui.app.messages import FolderChanged
from ipstui.app.palette import ActionsProvider
from ipstui.app.screens.clocked import ClockedScreen
from ipstui.app.screens.live import LiveScreen
from ipstui.app.terminal import TerminalGuard
from ipstui.domain.clock import Clock, SystemClock
from ipstui.domain.events import describe
from ipstui.domain.outcome import Command, CommandError, Outcome
from ipstui.domain.schedule import WeeklySlot, scheduled_end, slot_from_settings
from ipstui.domain.state import SessionState
from ipstui.domain.text import terminal_safe
from ipstui.store import DataFolder, StoreError
from ipstui.store.folder import Upcoming, Volunteer
from ipstui.store.group_file import DEFAULT_SETTINGS
from ipstui.store.presence import Peer, Presence
from ipstui.store.watch import FolderWatcher


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


class IpsApp(TerminalGuard, ZoomImports, App[None]):
    """The moderator's console on one data folder."""

    TITLE = "ipstui"
    CSS_PATH = _styles()
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS = [
        Binding("g", "show_agreement", "Agreement"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        Binding("ctrl+t", "toggle_contrast", "High contrast", show=False),
        Binding("H", "show_history", "History", show=False),
    ]
    PALETTE_ACTIONS = (
        ("Show agreement", "show_agreement", "The Discomfort Agreement; a number jumps to an item"),
        ("High contrast theme", "toggle_contrast", "Switch between high contrast and the usual theme"),
        ("Show history", "show_history", "Past sessions, rotation, topics and attendance"),
    )

    def __init__(self, folder: DataFolder, clock: Clock, viewer_zone: str | None, theme: str | None = None,
                 read_only: bool = False, presence: Presence | None = None, start: str = "",
                 heartbeat_clock: Clock | None = None) -> None:
        super().__init__()
        self.guard_output()
        self.folder = folder
        self.clock = clock
        self.heartbeat_clock = heartbeat_clock or clock
        self._viewer_zone = viewer_zone
        self.read_only = read_only
        self.presence = presence
        self._start = start
        self._initial_theme = theme
        self._seen: tuple | None = None
        self._screen_missing = False
        self._session_id: str | None = None
        self._last_seq = 0
        self._alive: dict[str, Peer] = {}
        self._ticks = 0
        self._stop_watching = threading.Event()
        self._report = None
        self._stop_following = threading.Event()
        self._follow_error: str | None = None
        self._follow_notice: str | None = None  # lines of a followed chat file that could not be read

    # -- start-up and the clock -------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self._initial_theme:
            self.theme = self._initial_theme
        if self.read_only:
            self.sub_title = "watching: read-only"
        # After Textual's start-up batch: a screen built inside it is laid out and drawn,
        # then the drawing is thrown away and made again.
        self.call_later(self._open_first_screen)
        self.set_interval(1.0, self.tick, name="clock")
        if self.presence is not None:
            self.presence.beat(self.heartbeat_clock.now())
        threading.Thread(target=self._watch_folder, name="ipstui-watch", daemon=True).start()

    def _open_first_screen(self) -> None:
        self._show_current()
        if self._start == "history":
            self.action_show_history()

    def on_unmount(self) -> None:
        self._stop_watching.set()
        self._stop_following.set()
        if self.presence is not None:
            self.presence.leave()

    def _watch_folder(self) -> None:
        """In a thread: wake on any change in the folder, and at least twice a second."""
        watcher = FolderWatcher(self.folder.root)
        try:
            while not self._stop_watching.is_set():
                watcher.wait(0.5)
                if not self._stop_watching.is_set():
                    self.post_message(FolderChanged())
        finally:
            watcher.close()

    def on_folder_changed(self, message: FolderChanged) -> None:
        if self._follow_error:
            self.say(f"stopped following the chat file: {self._follow_error}", "error", 15)
            self._follow_error = None
        if self._follow_notice:
            self.say(self._follow_notice, "warning", 10)
            self._follow_notice = None
        self.check_for_changes()

    @property
    def viewer_zone(self) -> str:
        """The time zone of the person at this terminal (the home screen's "your time")."""
        if self._viewer_zone is None:
            import pendulum

            self._viewer_zone = pendulum.local_timezone().name
        return self._viewer_zone

    @property
    def settings(self) -> dict:
        return self.folder.group.settings()

    @property
    def slot(self) -> WeeklySlot:
        return slot_from_settings(self.settings)

    @carrying_on
    def tick(self) -> None:
        """Give the current screen the time (the running turn and the countdown follow)."""
        now = self.clock.now()
        for candidate in self.screen_stack:
            if isinstance(candidate, ClockedScreen):
                candidate.now = now
        self._ticks += 1
        if self.presence is not None:
            beat = self.heartbeat_clock.now()
            if self._ticks % 2 == 0:
                self.presence.beat(beat)
            self._update_peers(self.presence.peers(beat))

    def _update_peers(self, peers: list[Peer]) -> None:
        """Show who else is attached; say so when a console vanishes without a goodbye."""
        for peer in peers:
            if not peer.alive and peer.id in self._alive:
                self.say(f"{peer.actor} vanished without a goodbye ({peer.terminal})", "warning", 10)
        here = [peer for peer in peers if peer.alive]
        gone = set(self._alive) - {peer.id for peer in peers}
        for peer_id in gone:
            self.say(f"{self._alive[peer_id].actor} left")
        self._alive = {peer.id: peer for peer in here}
        for candidate in self.screen_stack:
            if isinstance(candidate, ClockedScreen):
                candidate.peers = tuple(here)

    # -- the one road: store -> state -> screen ---------------------------------------------

    def _fingerprint(self) -> tuple:
        keys = [self.folder.group.doc.stat_key()]
        if self._session_id:
            keys.append(self.folder.session_file(self._session_id).doc.stat_key())
        return tuple(keys)

    @carrying_on
    def check_for_changes(self) -> None:
        """Look at the data files; on any change, hand the new state to the screen."""
        seen = self._fingerprint()
        if seen == self._seen:
            return
        # Taken before reading: a file refused now is tried again when it next changes, not twice a second.
        self._seen = seen
        live = self.folder.live_session_id() if self.folder.root.exists() else None
        self._show_agreement_changes()
        if live != self._session_id or self._screen_missing:
            self._show_current()
            return
        if live is not None:
            state = self.folder.session_file(live).state()
            self._tell_others_actions(state)
            self._push_state(state)

    def _show_agreement_changes(self) -> None:
        # The agreement overlay (loaded with its first use), however many are open.
        overlays = [screen for screen in self.screen_stack if hasattr(screen, "show_agreement")]
        if overlays:
            agreement = self.folder.agreement()
            for overlay in overlays:
                overlay.show_agreement(agreement)

    def _tell_others_actions(self, state: SessionState) -> None:
        """Say what another terminal just did: co-moderators see each other's work."""
        mine = self.folder.stamp.terminal
        theirs = [e for e in state.log[self._last_seq:] if e.terminal != mine and e.seq > self._last_seq]
        self._last_seq = state.last_seq
        if theirs:
            latest = theirs[-3:]
            self.say("; ".join(f"{e.by}: {describe(e.type, dict(e.data))}" for e in latest))

    def _live_screen(self) -> LiveScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, LiveScreen)), None)

    def _push_state(self, state: SessionState) -> None:
        screen = self._live_screen()
        if screen is not None:
            screen.state = state

    @carrying_on
    def _show_current(self) -> None:
        """Show the live console if a session is live, else home."""
        try:
            live = self.folder.live_session_id() if self.folder.root.exists() else None
            state = self.folder.session_file(live).state() if live is not None else None
        except FOLDER_ERRORS as error:
            if len(self.screen_stack) > 1:
                raise  # the screen shown stays; the folder's next change tries again
            self._show_error(error)
            live = state = None
            # Home on the usual settings for now; the screen is shown again once the folder changes.
            self._screen_missing = True
        else:
            self._screen_missing = False
        self._session_id = live
        self._seen = self._fingerprint()
        self._last_seq = 0
        if state is None:
            self.show_home()
        else:
            self._show_live(state)
        self.call_after_refresh(settle_memory)

    def _replace_screens(self, screen) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def show_home(self) -> None:
        """Open the home screen on the next session."""
        from ipstui.app.screens.home import HomeScreen

        self._session_id = None
        try:
            settings, upcoming = self.settings, self.folder.upcoming()
        except FOLDER_ERRORS as error:
            # Home opens on the usual settings all the same: the console stays in reach.
            self._show_error(error)
            settings, upcoming = dict(DEFAULT_SETTINGS), Upcoming(None, None, None)
        screen = HomeScreen(slot_from_settings(settings), upcoming, settings, self.viewer_zone)
        screen.now = self.clock.now()
        self._replace_screens(screen)

    def _show_live(self, state: SessionState) -> None:
        assert state.started_at is not None
        self._last_seq = state.last_seq
        screen = LiveScreen(scheduled_end(self.slot, state.started_at), self.slot.zone)
        screen.state = state
        screen.now = self.clock.now()
        self._replace_screens(screen)

    def _show_error(self, error: Exception) -> None:
        self.say(folder_error_text(error), "error", 15)

    # -- acting -----------------------------------------------------------------------------

    def say(self, message: str, severity: str = "information", timeout: float = 3) -> None:
        """One short message at a time, so that toasts never pile up over the header."""
        self.clear_notifications()
        # A cleared toast leaves its holder behind in Textual 8.2.8: one widget per message,
        # some 50 kB each with its caches, for as long as the console runs. Take them away.
        for holder in self.screen.query("ToastHolder"):
            if not holder.children:
                holder.remove()
        # And its style cache memoizes on the cache object itself: every widget ever removed
        # (each toast is two) would stay alive with its rendered lines, up to 1024 of them.
        StylesCache.get_inner_outer.cache_clear()
        self.notify(terminal_safe(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    def refuse_if_watching(self) -> bool:
        """In a read-only console, say so and return True."""
        if self.read_only:
            self.say("This console only watches (--watch): it cannot change the session.", "warning", 5)
        return self.read_only

    @carrying_on
    def run_command(self, command: Command) -> Outcome | None:
        """Run a command through the store; its effect reaches the screen like anyone's."""
        if self.refuse_if_watching():
            return None
        try:
            outcome = self.folder.execute(command)
        except (CommandError, StoreError) as error:
            self.say(str(error), "warning", 5)
            return None
        self.say(outcome.message)
        self.check_for_changes()
        return outcome

    def known_names(self) -> list[str]:
        """Names for completion."""
        try:
            return self.folder.known_names()
        except FOLDER_ERRORS:
            return []

    @carrying_on
    def action_start_session(self) -> None:
        if self.refuse_if_watching():
            return
        from ipstui.app.screens.prompts import StartModal, StartRequest

        try:
            upcoming = self.folder.upcoming()
        except StoreError as error:
            self._show_error(error)
            return

        def answered(request: StartRequest | None) -> None:
            if request is None:
                return
            try:
                _, outcome = self.folder.start(request.topic, request.moderator)
            except (CommandError, *FOLDER_ERRORS) as error:
                self.say(folder_error_text(error), "error", 8)
                return
            self.say(outcome.message)
            self._show_current()

        self.push_screen(StartModal(self.known_names(), upcoming.topic or "", upcoming.moderator or ""), answered)

    @carrying_on
    def show_closing(self) -> None:
        """Open the closing screen over the live console."""
        from ipstui.app.screens.closing import ClosingScreen

        screen = self._live_screen()
        if screen is None or screen.state is None or self.refuse_if_watching():
            return
        state = screen.state
        try:
            roster = {v.name.casefold(): v for v in self.folder.volunteers()}
        except StoreError as error:
            self._show_error(error)
            return
        volunteers = [
            roster.get(p.name.casefold(), Volunteer(p.name, 0, None, 1)) for p in state.participants.values()
        ]
        self.push_screen(ClosingScreen(state, self.clock.now(), volunteers))

    @carrying_on
    def action_show_agreement(self) -> None:
        from ipstui.app.screens.agreement import AgreementModal

        if isinstance(self.screen, AgreementModal):
            return
        try:
            agreement = self.folder.agreement()
        except StoreError as error:
            self._show_error(error)
            return
        self.push_screen(AgreementModal(agreement, can_remind=self._session_id is not None and not self.read_only))

    @carrying_on
    def reword_agreement(self, number: int, text: str) -> None:
        """Give an agreement item the group's wording; every console shows it."""
        if self.refuse_if_watching():
            return
        try:
            message = self.folder.reword_agreement(number, text)
        except (CommandError, StoreError) as error:
            self.say(str(error), "warning", 5)
            return
        self.say(message)
        self.check_for_changes()

    @carrying_on
    def action_show_history(self) -> None:
        """Open the history over the current screen."""
        from ipstui.app.screens.history import HistoryScreen
        from ipstui.app.screens.report import ReportScreen

        if isinstance(self.screen, (HistoryScreen, ReportScreen)):
            return
        import pendulum

        try:
            sessions, volunteers = self.folder.history(), self.folder.volunteers()
            today = pendulum.instance(self.clock.now()).in_timezone(self.slot.zone).date()
        except StoreError as error:
            self._show_error(error)
            return
        self.push_screen(HistoryScreen(sessions, volunteers, today))
        self.call_after_refresh(settle_memory)

    @carrying_on
    def show_report(self, session_id: str) -> None:
        """Open one session's report."""
        from ipstui.app.screens.report import ReportScreen

        try:
            state, zone = self.folder.state(session_id), self.slot.zone
        except StoreError as error:
            self._show_error(error)
            return
        if self._report is None:
            self._report = ReportScreen(state, self.clock.now(), zone, Path.cwd(),
                                        reveal_private=not self.read_only)
            self.install_screen(self._report, "report")
        else:
            self._report.load(state, self.clock.now())
        self.push_screen("report")

    def action_toggle_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name


def make_app(folder: DataFolder, clock: Clock | None = None, viewer_zone: str | None = None,
             theme: str | None = None, read_only: bool = False, presence: bool = True, start: str = "",
             heartbeat_clock: Clock | None = None) -> IpsApp:
    """The console on `folder`; tests pass a frozen clock and a fixed viewer zone (else the terminal's)."""
    here = Presence(folder.root, folder.stamp.by, folder.stamp.terminal, read_only, folder.mode) if presence else None
    return IpsApp(folder, clock or SystemClock(), viewer_zone, theme, read_only, here, start, heartbeat_clock)
