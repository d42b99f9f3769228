"""The command line: scriptable commands on the live session, reports, or the console."""

from __future__ import annotations

import argparse
import gc
import getpass
import os
import sys
from typing import Any, Callable, NoReturn, Sequence

from ipstui import __version__, agenda_cli, settings_cli
from ipstui.domain.clock import Clock, SystemClock, parse_clock
from ipstui.domain.outcome import Command, CommandError
from ipstui.domain.state import ChatStatus, HandKind
from ipstui.domain.text import terminal_safe
from ipstui.reports import FORMATS
from ipstui.store import DataFolder, StoreError
from ipstui.store.atomic import set_lock_holder
from ipstui.store.folder import resolve_folder


HISTORY_COMMANDS = ("history", "export", "import-backup", "announce", "purge")
SERVE_COMMANDS = ("serve", "team")
ZOOM_COMMANDS = (("chat", "import"), ("chat", "follow"), ("roster", "import"))


class UsageError(Exception):
    """Bad command-line input: exit 2 with one line."""


class ConsoleFailed(Exception):
    """The console stopped on an unexpected error: exit 1 with one line."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input in one line, as every other error is reported."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _common() -> argparse.ArgumentParser:
    # Accepted before or after the command: `ipstui --db X start` and `ipstui start --db X`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="DIR", default=argparse.SUPPRESS,
                        help="data folder (default: $IPSTUI_DB, else ./sessions_db)")
    common.add_argument("--as", dest="actor", metavar="NAME", default=argparse.SUPPRESS,
                        help="who is acting (default: your login name)")
    return common


def _console_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--theme", metavar="NAME", help="console theme, e.g. ipstui-high-contrast or textual-light")
    parser.add_argument("--watch", action="store_true", help="a read-only console: shows the session, refuses every action")
    parser.add_argument("--plain", action="store_true",
                        help="the line console, for screen readers and braille displays: changes said once as "
                             "sentences, commands typed as words")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line, parsed.

    Opening the console is tried first with its own few options: the whole parser, some
    thirty commands, takes longer to build than the console's first frame can spare. A
    command, --help, or a mistake goes to the whole parser, which says what it means.
    """
    console = _Parser(prog="ipstui", add_help=False, parents=[_common()])
    _console_options(console)
    try:
        return console.parse_args(argv, argparse.Namespace(command=None))
    except UsageError:
        pass
    # A command goes to a parser of that one command (a tenth of the whole one's making);
    # anything it refuses, to the whole parser, which says what is wrong in its own words.
    word = _command_word(argv)
    if word is not None:
        try:
            return build_parser(only=word).parse_args(argv)
        except UsageError:
            pass
    return build_parser().parse_args(argv)


# Options of the top level and their values, read past to find the command's name.
_TOP_OPTIONS = {"--db": True, "--as": True, "--theme": True, "--watch": False, "--plain": False}


def _command_word(argv: Sequence[str]) -> str | None:
    """The command named on the command line; None when anything before it is not plainly
    one of the top level's options (--help, --version, an abbreviation): those go to the whole parser."""
    tokens = iter(argv)
    for token in tokens:
        if not token.startswith("-"):
            return token  # a word no command has: the one-command parser refuses it
        name = token.split("=", 1)[0]
        if name not in _TOP_OPTIONS:
            return None
        if _TOP_OPTIONS[name] and "=" not in token:
            next(tokens, None)
    return None


class _Unused:
    """Stands for the parser of a command not on the command line: takes its arguments, keeps nothing."""

    def add_argument(self, *args, **kwargs) -> "_Unused":
        return self

    add_mutually_exclusive_group = add_subparsers = add_parser = add_argument


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with only the command `only` (for running it, not for help)."""
    common = _common()
    parser = _Parser(
        prog="ipstui",
        description="Moderate a live online peer-support call from the terminal. "
        "Without a command, opens the console on the data folder: the live session if there "
        "is one, else the next session.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"ipstui {__version__}")
    _console_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_text: str, **kwargs) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return _Unused()  # type: ignore[return-value]
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common], **kwargs)

    p = add("start", "start a live session")
    p.add_argument("--topic", required=True, help="this week's topic")
    p.add_argument("--moderator", required=True, help="who moderates (joins as a participant)")

    p = add("participant", "people in the live session")
    psub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    q = psub.add_parser("add", help="add someone (saying so if already here)", parents=[common])
    q.add_argument("name")
    pref = q.add_mutually_exclusive_group()
    pref.add_argument("--no-read-aloud", dest="no_read_aloud", action="store_const", const=True, default=None,
                      help="standing preference: their chat comments are never read aloud")
    pref.add_argument("--read-aloud", dest="no_read_aloud", action="store_const", const=False,
                      help="their chat comments may be read aloud again")
    q = psub.add_parser("left", help="someone left the call: out of the fair share, their hand lowered", parents=[common])
    q.add_argument("name")
    q = psub.add_parser("back", help="someone who left is back in the call", parents=[common])
    q.add_argument("name")

    from ipstui import people_cli

    people_cli.add_parser(add, common, _Parser)

    p = add("hand", "the raised-hand queue")
    hsub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    q = hsub.add_parser("raise", help="raise someone's hand", parents=[common])
    q.add_argument("name")
    q.add_argument("--kind", choices=["ouch", "reply"], help="ouch goes first; a reply next, while the turn it answers lasts")
    q = hsub.add_parser("lower", help="lower someone's hand", parents=[common])
    q.add_argument("name")
    hsub.add_parser("next", help="give the floor to the head of the queue", parents=[common])
    hsub.add_parser("lower-all", help="lower every hand", parents=[common])

    p = add("speak", "give someone the floor, or end the current turn")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("name", nargs="?")
    group.add_argument("--stop", action="store_true", help="end the current turn")

    p = add("chat", "chat comments to read aloud")
    csub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    q = csub.add_parser("add", help="add a comment", parents=[common])
    q.add_argument("--author", required=True)
    q.add_argument("--private", action="store_true", help="never read aloud (a moderator's flag)")
    q.add_argument("--direct", action="store_true", help="a direct message to a moderator (private)")
    q.add_argument("text")
    for verb, help_text in (("read", "mark a comment read (default: the oldest waiting)"),
                            ("skip", "mark a comment skipped (default: the oldest waiting)")):
        q = csub.add_parser(verb, help=help_text, parents=[common])
        q.add_argument("id", nargs="?", type=int)
    q = csub.add_parser("private", help="flag a comment as not to be read aloud", parents=[common])
    q.add_argument("id", type=int)
    q = csub.add_parser("import", help="import a Zoom saved chat file (again is harmless)", parents=[common])
    q.add_argument("file", metavar="FILE")
    q = csub.add_parser("follow", help="follow a Zoom chat file as Zoom appends to it (ctrl+c stops)",
                        parents=[common])
    q.add_argument("file", metavar="FILE")
    q.add_argument("--interval", type=float, default=0.25, help="seconds between looks (default 0.25)")

    p = add("roster", "the group's roster")
    rsub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    q = rsub.add_parser("import", help="record a Zoom participants report (CSV) in the live session",
                        parents=[common])
    q.add_argument("file", metavar="FILE.csv")

    p = add("agenda", "this session's agenda: list, add, remove, rename, retime, move it, or move on")
    asub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    asub.add_parser("next", help="move on to the next agenda item", parents=[common])
    agenda_cli.add_parsers(asub, common)

    settings_cli.add_parser(add, common, _Parser)

    p = add("agreement", "the group's working agreement: show it, reword an item, or put the seed's text back")
    gsub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    q = gsub.add_parser("show", help="print the agreement (or one item)", parents=[common])
    q.add_argument("item", nargs="?", type=int, help="item number, 1 to 24")
    q = gsub.add_parser("edit", help="give an item the group's own wording", parents=[common])
    q.add_argument("item", type=int, help="item number, 1 to 24")
    q.add_argument("text")
    q = gsub.add_parser("reset", help="put the seed's wording back on an item (default: every item)", parents=[common])
    q.add_argument("item", nargs="?", type=int, help="item number, 1 to 24")

    p = add("remind", "remind the group of an agreement item")
    p.add_argument("item", type=int, help="item number, 1 to 24")
    p = add("ouch", "log an ouch moment")
    p.add_argument("--by", help="who said ouch")
    p.add_argument("--with", dest="with_whom", help="with whom")
    p = add("bell", "log a member ringing the bell")
    p.add_argument("--by", help="who rang it")
    p = add("breakout", "log a request for a breakout room")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--note", default="")
    p = add("followup", "log a topic to continue after the meeting")
    p.add_argument("text")
    p = add("undo", "undo the last action, if it is your own (after `end`: reopens the latest session)")
    p.add_argument("--any", action="store_true",
                   help="undo it whoever's it is, even if it makes private words readable again")

    p = add("end", "end the live session")
    p.add_argument("--next-moderator", metavar="NAME")
    p.add_argument("--backup", metavar="NAME")
    p.add_argument("--next-topic", metavar="TEXT")

    p = add("items", "open items: direct messages to answer, breakout requests, after-meeting topics")
    isub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    isub.add_parser("list", help="each open item with its done mark", parents=[common])
    q = isub.add_parser("done", help="mark an item done (as `items list` names it, e.g. message 3)", parents=[common])
    q.add_argument("kind", choices=("message", "breakout", "followup"))
    q.add_argument("id", type=int)
    q.add_argument("--open", action="store_true", help="mark it open again")

    p = add("session", "the sessions themselves: remove a stray one")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    q = ssub.add_parser("remove", help="remove a session (its file is kept aside); needs --yes", parents=[common])
    q.add_argument("session", metavar="SESSION", help="its id, as `ipstui history` lists it, e.g. 2026-11-28-2")
    q.add_argument("--yes", action="store_true", help="yes, remove it")
    q.add_argument("--force", action="store_true", help="remove it even while it is live, or its file damaged")

    p = add("report", "report a session (the live one, else the latest)")
    p.add_argument("session", nargs="?", metavar="SESSION")
    p.add_argument("--format", choices=FORMATS, default="md")

    p = add("history", "the sessions, newest first (the history screen in a terminal)")
    p.add_argument("--print", dest="print_only", action="store_true", help="print the list even in a terminal")
    p = add("export", "export the whole history: a JSON backup (team only) or a shareable CSV")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--output", metavar="FILE", help="where to write (default: a dated file here)")
    p = add("import-backup", "restore a JSON backup into an empty data folder")
    p.add_argument("file", metavar="FILE")
    p = add("announce", "print the weekly announcement post in Markdown")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the call on or after this date (default: the next one)")
    p = add("purge", "remove chat text and members' requests from old sessions, keeping the counts")
    p.add_argument("--chat-older-than", metavar="DAYS", type=int, required=True)
    p = add("init", "prepare the data folder: owner-only, or shared with the co-moderators' group")
    p.add_argument("--group", metavar="GROUP", help="Unix group of the moderating team (makes the folder setgid 2770)")
    p = add("demo", "open the console on a realistic demo session in a throwaway folder")
    p.add_argument("--keep", action="store_true", help="keep the demo's folder afterwards (its path is printed)")
    # Also after the command (`ipstui demo --watch`); unset here, it leaves the top level's value.
    p.add_argument("--watch", action="store_true", default=argparse.SUPPRESS,
                   help="a read-only console: what a shared screen or a learner sees")
    p.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS, help="console theme")
    p.add_argument("--plain", action="store_true", default=argparse.SUPPRESS,
                   help="the demo in the line console (screen readers)")
    add("status", "show the live session in a few lines; with none, the next call and who moderates it")
    p = add("serve", "an SSH server for the team's keys: each connection gets the console, nothing else")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; 0.0.0.0 for every address, explicitly)")
    p.add_argument("--port", type=int, default=2222, help="port (default 2222)")
    p.add_argument("--idle-minutes", type=float, default=60.0,
                   help="close a console idle this long, never during the call's slot (0: never; default 60)")
    p.add_argument("--max-connections", type=int, default=20,
                   help="team members connected at once (default 20); besides, at most 8 not yet logged in")
    p.add_argument("--max-failed-logins", type=int, default=5,
                   help="failed logins from one address in 10 minutes before it is refused a while (default 5)")
    p = add("team", "the keys that may connect to ipstui serve: a person is their public key")
    tsub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    q = tsub.add_parser("add", help="put someone on the team with their public key", parents=[common])
    q.add_argument("name", metavar="NAME")
    q.add_argument("--key", required=True, metavar="FILE|KEY", help="their id_*.pub file, or the key line itself")
    q.add_argument("--role", choices=("moderator", "watch"), default="moderator",
                   help="moderator (acts) or watch (sees, never acts); default moderator")
    tsub.add_parser("list", help="names, roles, key fingerprints, last seen", parents=[common])
    q = tsub.add_parser("remove", help="take someone off the team", parents=[common])
    q.add_argument("name", metavar="NAME")
    p = add("recover", "restore a damaged data file from its last good copy")
    p.add_argument("file", metavar="FILE", help="the file named in the error, e.g. session-2026-11-28.json")
    return parser


def _terminal() -> str:
    """Which terminal acts: the tty (or SSH tty) and the host; `ipstui serve` names its connections."""
    given = os.environ.get("IPSTUI_TERMINAL", "")
    if given and len(given) <= 80 and given.isprintable():
        return given
    for stream in (sys.stdin, sys.stdout):
        try:
            if stream is not None and stream.isatty():
                return f"{_host()}:{os.ttyname(stream.fileno())}"
        except (OSError, ValueError):
            continue
    return f"{_host()}:pid{os.getpid()}"


def _host() -> str:
    # What socket.gethostname() answers, without loading socket for every command.
    return os.uname().nodename


def _actor(args: argparse.Namespace) -> str:
    actor = getattr(args, "actor", None)
    if actor is not None:
        if not actor.strip():
            raise UsageError("--as needs a name")
        return actor.strip()
    try:
        return getpass.getuser()
    except Exception:
        return f"uid{os.getuid()}"


def _clock() -> Clock:
    """The real clock, or the faster one that $IPSTUI_CLOCK asks for (rehearsals and tests)."""
    spec = os.environ.get("IPSTUI_CLOCK", "").strip()
    if not spec:
        return SystemClock()
    try:
        return parse_clock(spec)
    except ValueError as error:
        raise UsageError(f"IPSTUI_CLOCK: {error}") from None


# The scriptable actions, each one command on the live session: (command, action) -> its
# domain command, made from the commands module (loaded with the first action) and the arguments.
_ACTIONS: dict[tuple[str, str | None], Callable[[Any, argparse.Namespace], Command]] = {
    ("participant", "add"): lambda cmd, args: cmd.AddParticipant(args.name, args.no_read_aloud),
    ("participant", "left"): lambda cmd, args: cmd.MarkLeft(args.name),
    ("participant", "back"): lambda cmd, args: cmd.MarkBack(args.name),
    ("hand", "raise"): lambda cmd, args: cmd.RaiseHand(args.name, HandKind(args.kind or "ordinary")),
    ("hand", "lower"): lambda cmd, args: cmd.LowerHand(args.name),
    ("hand", "next"): lambda cmd, args: cmd.CallNextHand(),
    ("hand", "lower-all"): lambda cmd, args: cmd.LowerAllHands(),
    ("speak", None): lambda cmd, args: cmd.StopSpeaker() if args.stop else cmd.StartSpeaker(args.name),
    ("chat", "add"): lambda cmd, args: cmd.AddChatComment(args.author, args.text, args.private, args.direct),
    ("chat", "read"): lambda cmd, args: cmd.MarkComment(args.id, ChatStatus.READ),
    ("chat", "skip"): lambda cmd, args: cmd.MarkComment(args.id, ChatStatus.SKIPPED),
    ("chat", "private"): lambda cmd, args: cmd.MakeCommentPrivate(args.id),
    ("agenda", "next"): lambda cmd, args: cmd.NextAgendaItem(),
    ("remind", None): lambda cmd, args: cmd.RemindAgreement(args.item),
    ("ouch", None): lambda cmd, args: cmd.LogOuch(args.by, args.with_whom),
    ("bell", None): lambda cmd, args: cmd.RingBell(args.by),
    ("breakout", None): lambda cmd, args: cmd.RequestBreakout(tuple(args.names), args.note),
    ("followup", None): lambda cmd, args: cmd.AddFollowup(args.text),
    ("undo", None): lambda cmd, args: cmd.Undo(anyone=args.any),
    ("end", None): lambda cmd, args: cmd.EndSession(args.next_moderator, args.backup, args.next_topic),
    ("items", "done"): lambda cmd, args: _mark_item(args.kind, args.id, not args.open),
    **agenda_cli.ACTIONS,
}


def _mark_item(kind: str, item_id: int, done: bool) -> Command:
    from ipstui.domain.open_items import MarkItemDone

    return MarkItemDone(kind, item_id, done)


def _items(folder: DataFolder) -> None:
    """The live session's open items, one a line: a direct message by its writer, never its words."""
    from ipstui.domain.open_items import open_items

    items = open_items(folder.live().state())
    if not items:
        _say("no open items")
    for item in items:
        said = f"from {item.who}" if item.kind == "message" else " · ".join(filter(None, (item.who, item.text)))
        _say(f"[{'x' if item.done else ' '}] {item.kind} {item.id}: {item.title} {said}")


def _command(args: argparse.Namespace) -> Command | None:
    """The domain command for a scriptable action, or None for the commands that only read."""
    make = _ACTIONS.get((args.command, getattr(args, "action", None)))
    if make is None:
        return None
    from ipstui.domain import commands

    return make(commands, args)


def _say(text: str, stream=None) -> None:
    """Print untrusted text: every printable character as given, nothing a terminal obeys."""
    print(terminal_safe(text), file=stream or sys.stdout)


def _print_document(text: str) -> None:
    # Reports are already terminal-safe line by line; newlines are their own.
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _report(folder: DataFolder, session: str | None, fmt: str) -> None:
    from zoneinfo import ZoneInfo

    from ipstui.reports.session_report import render

    session_id = session or folder.latest_session_id()
    if session_id is None:
        raise StoreError(f"no sessions yet in {folder.root}")
    state = folder.state(session_id)
    zone = ZoneInfo(folder.group.settings()["slot"]["zone"])
    _print_document(render(state, folder.clock.now(), fmt, zone))


def _status(folder: DataFolder) -> None:
    from ipstui.reports.status import status_lines

    session_id = folder.live_session_id() if folder.root.exists() else None
    state = folder.state(session_id) if session_id else None
    upcoming = folder.upcoming() if state is None else None
    held_on = upcoming.held_on if upcoming is not None else None
    for line in status_lines(state, folder.group.settings(), folder.clock.now(), held_on, upcoming):
        _say(line)


def _remove_session(folder: DataFolder, args: argparse.Namespace) -> None:
    folder.check_readable()
    if not args.yes:
        state = folder.state(args.session)  # an unknown session is said first
        raise UsageError(f"removing session {args.session} ('{state.topic}', moderated by {state.moderator}) "
                         "needs --yes")
    _say(folder.remove_session(args.session, args.force, _attached(folder)))


def _attached(folder: DataFolder) -> str:
    """Who has a moderator's console open on the folder now, if anyone."""
    from ipstui.store.presence import Presence

    peers = Presence(folder.root, folder.stamp.by, folder.stamp.terminal).peers(SystemClock().now())
    return ", ".join(f"{peer.actor} ({peer.terminal})" for peer in peers if peer.alive and not peer.watch_only)


def _agreement(folder: DataFolder, args: argparse.Namespace) -> None:
    if args.action == "edit":
        _say(folder.reword_agreement(args.item, args.text))
    elif args.action == "reset":
        _say(folder.reset_agreement(args.item))
    else:
        agreement = folder.agreement()
        if args.item is not None:
            try:
                agreement.check_number(args.item)
            except ValueError as error:
                raise UsageError(str(error)) from None
        for number, text in enumerate(agreement.items, start=1):
            if args.item in (None, number):
                _say(f"{number:>2}. {text}")


def _console(folder: DataFolder, theme: str | None, read_only: bool = False, start: str = "",
             plain: bool = False) -> int:
    if plain:
        from ipstui.plain.console import run_plain

        # Heartbeats keep real time whatever the session clock (as below).
        return run_plain(folder, folder.clock, read_only, SystemClock())
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the console needs a terminal (stdin and stdout); "
                         "`ipstui status` and `ipstui report` print the live session instead")
    # Textual loads only when the console opens: scriptable commands stay quick.
    from ipstui.app.app import make_app

    if folder.root.exists():
        folder.check_readable()
        # A damaged file is named here, in one line, before the console takes the terminal.
        folder.group.settings()
        folder.live_session_id()
    # Heartbeats tell live processes from dead ones: they keep real time whatever the session clock.
    app = make_app(folder, folder.clock, theme=theme, read_only=read_only, start=start, heartbeat_clock=SystemClock(),
                   host_files=os.environ.get("IPSTUI_SERVED") != "1")
    try:
        app.run()
    except Exception as error:  # Textual's own start or stop failing, outside the app's handlers
        from ipstui.app.terminal import error_line

        raise ConsoleFailed(error_line(error)) from None
    if app.failure is not None:
        raise ConsoleFailed(app.failure)
    return 0


def _demo(args: argparse.Namespace) -> int:
    import shutil
    import tempfile
    from pathlib import Path

    from ipstui.demo import build_demo

    root = Path(tempfile.mkdtemp(prefix="ipstui-demo-")) / "sessions_db"
    clock = _clock()
    build_demo(root, clock.now())
    live = DataFolder(root, clock=clock, actor=_actor(args), terminal=_terminal())
    try:
        code = _console(live, args.theme, args.watch, plain=args.plain)
    finally:
        if args.keep:
            print(f"The demo's data folder is kept at {root}")
        else:
            shutil.rmtree(root.parent, ignore_errors=True)
    return code


def _opens_console(args: argparse.Namespace) -> bool:
    """Whether a full-screen console opens (the collector stays paused until its first frame)."""
    if getattr(args, "plain", False):
        return False
    if args.command == "history":
        return sys.stdout.isatty() and not args.print_only
    return args.command in (None, "demo")


def _acts_once(args: argparse.Namespace) -> bool:
    """Whether the command appends one action to the log and exits.

    Such a process lives some 100 ms and makes no garbage worth collecting: the collector
    stays paused (as the entry point left it), which spares it walking the objects loading
    the commands and folding the log make (bench/bench_process.py).
    """
    return (args.command, getattr(args, "action", None)) in _ACTIONS


def run(argv: Sequence[str]) -> int:
    """Parse and run; returns the exit code."""
    args = parse_args(argv)
    if not (_opens_console(args) or _acts_once(args)):
        gc.enable()  # paused by the entry point for the console's start (ipstui/__main__.py)
    folder = DataFolder(resolve_folder(getattr(args, "db", None)), clock=_clock(), actor=_actor(args),
                        terminal=_terminal())
    set_lock_holder(f"{folder.stamp.by} ({folder.stamp.terminal})")
    if args.command == "start":
        session_id, outcome = folder.start(args.topic, args.moderator)
        _say(outcome.message)
        return 0
    if args.command == "report":
        _report(folder, args.session, args.format)
        return 0
    if args.command == "recover":
        _say(folder.recover(args.file))
        return 0
    if (args.command, getattr(args, "action", None)) in ZOOM_COMMANDS:
        from ipstui import zoom_cli

        return zoom_cli.run(args, folder, _say)
    if args.command in SERVE_COMMANDS:
        from ipstui import serve_cli

        return serve_cli.run(args, folder, _say)
    if args.command in HISTORY_COMMANDS:
        from ipstui import history_cli

        return history_cli.run(args, folder, _say, _console)
    if args.command == "request":
        from ipstui import people_cli

        return people_cli.run(args, folder, _say)
    if args.command == "init":
        _say(DataFolder.share(folder.root, args.group))
        return 0
    if args.command == "agreement":
        _agreement(folder, args)
        return 0
    if args.command == "status":
        _status(folder)
        return 0
    if args.command == "session":
        _remove_session(folder, args)
        return 0
    if (args.command, getattr(args, "action", None)) == ("items", "list"):
        _items(folder)
        return 0
    if args.command == "settings":
        return settings_cli.run(args, folder, _say)
    if (args.command, getattr(args, "action", None)) == ("agenda", "list"):
        for line in agenda_cli.agenda_lines(folder.live().state(), folder.clock.now()):
            _say(line)
        return 0
    if args.command is None:
        return _console(folder, args.theme, args.watch, plain=args.plain)
    if args.command == "demo":
        return _demo(args)
    command = _command(args)
    assert command is not None, args
    _say(folder.execute(command).message)
    return 0


def _tolerant_output() -> None:
    """Escape what the output's encoding cannot hold (a name under PYTHONIOENCODING=ascii).

    A name printed after a command has acted must never turn its success into a traceback:
    the action is saved, and a retry would do it twice.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `ipstui` command."""
    _tolerant_output()
    try:
        code = run(sys.argv[1:] if argv is None else argv)
        # Piped output is buffered: a reader that has left is found out here, not at exit.
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # `ipstui history | head -1`: the reader left; that is not an error of ours. (Before
        # OSError, of which it is one.) Whatever is still buffered goes nowhere, quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (UsageError, CommandError, StoreError) as error:
        _say(f"ipstui: error: {error}", sys.stderr)
        return 2
    except ConsoleFailed as error:
        _say(f"ipstui: error: the console stopped: {error}; the data folder keeps every saved action, "
             "run ipstui again", sys.stderr)
        return 1
    except PermissionError as error:
        where = error.filename or error.strerror or "the data folder"
        _say(f"ipstui: error: permission denied: {where}", sys.stderr)
        return 2
    except OSError as error:
        # The disk or the file system failed under us: one line, never a traceback.
        where = f": {error.filename}" if error.filename else ""
        _say(f"ipstui: error: {error.strerror or error}{where}", sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
