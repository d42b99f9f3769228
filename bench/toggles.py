"""Each performance trick of PERFORMANCE.md measured with and without it, in the same run.

A trick is taken out in a copy of the source (ipstui/, bench/, tests/, styles/) by a textual
replacement that must match, so a trick that moves or changes makes this fail loudly instead
of measuring nothing. Figures that move with the load of a shared machine are counted in
instructions (callgrind) where they can be; the rest are medians of many rounds.

    python -m bench.toggles [--only NAME ...] [--list]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPIED = ("ipstui", "bench", "tests", "styles")


@dataclass(frozen=True)
class Toggle:
    """One trick: the replacements that take it out, and what measures it."""

    name: str
    measure: str  # "command", "start", "append", "refold", "settle", "toasts", "keypress"
    edits: tuple[tuple[str, str, str], ...]  # (file, text with the trick, text without it)


TOGGLES = (
    Toggle("one-command parser", "command", (
        ("ipstui/cli.py", "    word = _command_word(argv)\n", "    word = None\n"),)),
    Toggle("collector paused for a one-action command", "command", (
        ("ipstui/cli.py", '    return (args.command, getattr(args, "action", None)) in _ACTIONS\n',
         "    return False\n"),)),
    Toggle("event kinds read from a table", "command", (
        ("ipstui/domain/events.py", '_set_type(event, kind_of(doc["type"]))', '_set_type(event, EventType(doc["type"]))'),)),
    Toggle("events read straight into their slots", "command", (
        ("ipstui/domain/events.py", "        event = _new_event(cls)\n",
         '        return cls(seq=seq, type=kind_of(doc["type"]), at=at, action=int(doc["action"]),\n'
         '                   by=str(doc.get("by", "")), terminal=str(doc.get("terminal", "")), data=data)\n'
         "        event = _new_event(cls)\n"),)),
    Toggle("event handlers dispatched from a table", "command", (
        ("ipstui/domain/state.py", "        _HANDLERS[event.type](self, event, at)\n",
         '        getattr(self, f"_on_{event.type.value}")(event, at)\n'),)),
    Toggle("hand kinds and comment statuses read from a table", "command", (
        ("ipstui/domain/state.py", "_hand_kind = _member(HandKind)\n_chat_status = _member(ChatStatus)\n",
         "_hand_kind = HandKind\n_chat_status = ChatStatus\n"),)),
    Toggle("the snapshot class not made a dataclass again", "command", (
        ("ipstui/domain/state.py", "class StateSnapshot(SessionState):\n",
         "@dataclass(eq=False)\nclass StateSnapshot(SessionState):\n"),)),
    Toggle("TinyDB left out of an append", "command", (
        ("ipstui/store/document.py", "            tx = self._open = Transaction(storage, revision)\n",
         "            tx = self._open = Transaction(storage, revision)\n"
         "            tx.db = __import__('tinydb').TinyDB(storage=lambda: storage)\n"),
        ("ipstui/store/group_file.py", "from ipstui.store.atomic import FileMode\n",
         "from ipstui.store.atomic import FileMode\nfrom tinydb import Query  # noqa\n"),)),
    Toggle("name_key remembered", "command", (
        ("ipstui/domain/text.py", "@lru_cache(maxsize=1024)\ndef name_key", "def name_key"),)),
    Toggle("reports and socket left out of a command", "command", (
        ("ipstui/cli.py", "import argparse\n", "import argparse\nimport socket  # noqa\n"
         "import ipstui.reports.session_report  # noqa\n"),)),
    Toggle("append reuses the bytes on disk", "command", (
        ("ipstui/store/document.py", "        table = self.append_only\n        if table is None or list(data)",
         "        return None\n        table = self.append_only\n        if table is None or list(data)"),)),
    Toggle("append reuses the bytes on disk", "append", (
        ("ipstui/store/document.py", "        table = self.append_only\n        if table is None or list(data)",
         "        return None\n        table = self.append_only\n        if table is None or list(data)"),)),
    Toggle("dataclass methods kept compiled", "command", (
        ("ipstui/__main__.py", "        install()\n", "        pass\n"),)),
    Toggle("dataclasses loaded without inspect", "command", (
        ("ipstui/method_cache.py", "    _dataclasses_without_inspect()\n    cache", "    cache"),)),
    Toggle("old backup freed after the write", "append", (
        ("ipstui/store/atomic.py", "            superseded = _hold(backup_path(path))\n", ""),)),
    Toggle("only the appended end parsed and folded", "refold", (
        ("ipstui/store/document.py", "        old, before = self._data, self._raw\n",
         "        return None\n        old, before = self._data, self._raw\n"),
        ("ipstui/store/session_file.py", "        if (state is None or self.doc.grew_from",
         "        if (True or self.doc.grew_from"),)),
    Toggle("collector paused while the console starts", "start", (
        ("ipstui/__main__.py", "    gc.disable()\n", "    pass\n"),
        ("bench/first_frame.py", "        gc.disable()  #", "        pass  #"),)),
    Toggle("screens load on first use", "start", (
        ("ipstui/app/app.py", "from ipstui.app.imports import",
         "import pendulum  # noqa\nimport ipstui.domain.commands  # noqa\n"
         "from ipstui.app.screens import agreement, closing, history, home, prompts, report  # noqa\n"
         "from ipstui.app.imports import"),)),
    Toggle("console parsed before the whole parser is built", "start", (
        ("ipstui/cli.py", "        return console.parse_args(argv, argparse.Namespace(command=None))\n",
         "        raise UsageError('')\n"),)),
    Toggle("memory settled once a screen is drawn", "settle", (
        ("ipstui/app/app.py", "    gc.unfreeze()\n    gc.collect()\n    gc.freeze()\n    gc.enable()",
         "    gc.enable()"),)),
    Toggle("cleared toasts taken away", "toasts", (
        ("ipstui/app/app.py", 'for holder in self.screen.query("ToastHolder") if self.screen_stack else ():',
         'for holder in ():'),
        ("ipstui/app/app.py", "        StylesCache.get_inner_outer.cache_clear()\n", ""),)),
)

# The key press: the console drawn while its command is written, and drawing less of it.
TOGGLES += (
    Toggle("a command's change drawn while it is written", "keypress", (
        ("ipstui/app/app.py", "self.heartbeat_clock, draw_while_saving=True)", "self.heartbeat_clock)"),)),
    Toggle("comments to read sorted once per copy", "keypress", (
        ("ipstui/domain/state.py", "        if comments is not self.comments:\n", "        if True:\n"),)),
    Toggle("meter lines remembered", "keypress", (
        ("ipstui/app/widgets/meters.py", "@lru_cache(maxsize=512)\ndef meter_line", "def meter_line"),)),
    Toggle("only the lines that changed drawn", "keypress", (
        ("ipstui/app/widgets/row_list.py", "        if unscrolled and self._fits(self.virtual_size):\n",
         "        if False:\n"),
        ("ipstui/app/widgets/panel.py", "        if not (self.is_mounted and self.size):\n", "        if True:\n"),)),
)

BASELINE = Toggle("(none taken out)", "", ())


def variant(toggle: Toggle, into: Path) -> Path:
    """A copy of the source without `toggle`'s trick."""
    root = into / re.sub(r"\W+", "-", toggle.name).strip("-")
    if root.exists():
        shutil.rmtree(root)
    for name in COPIED:
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "results"))
    for file, old, new in toggle.edits:
        path = root / file
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise SystemExit(f"{toggle.name}: {file} no longer holds the trick's text {old!r}")
        path.write_text(text.replace(old, new), encoding="utf-8")
    return root


def fresh_copy(data: Path, to: Path) -> Path:
    """A fresh copy of a data folder (every measure starts from the same bytes)."""
    shutil.rmtree(to, ignore_errors=True)
    shutil.copytree(data, to)
    return to


def env_for(root: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("IPSTUI_CLOCK", None)
    return env


def run(root: Path, code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=root, env=env_for(root),
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{root.name}: {done.stderr[-2000:]}")
    return done.stdout.strip()


def callgrind(root: Path, command: list[str]) -> float:
    """Millions of instructions `command` runs (from `root`'s source)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command], cwd=root,
                       env=env_for(root), capture_output=True, timeout=1800, check=True)
        totals = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M)
        assert totals is not None
        return int(totals.group(1)) / 1e6


ENTRY = "import sys; from ipstui.__main__ import main; sys.exit(main())"


def measure_command(root: Path, session: Path) -> str:
    """Instructions of `ipstui chat add` as a whole process on a copy of a 5,000-event session."""
    counts = []
    for number in range(2):  # the first writes the bytecode; both are counted, the second kept
        db = fresh_copy(session, root / "db")
        counts.append(callgrind(root, [sys.executable, "-c", ENTRY, "--db", str(db), "--as", "bench",
                                       "chat", "add", "--author", "Ana", f"comment {number}"]))
    return f"{counts[-1]:.0f} M instructions"


def measure_start(root: Path, session: Path) -> str:
    """Instructions from launch to the live console's first full frame (bench_console's B1 count)."""
    code = ("import sys; from pathlib import Path; from bench.bench_console import instructions, LIVE; "
            "from tests.e2e.tmux import Terminal, console_env; "
            "env = {**console_env(Path(sys.argv[1])), 'PYTHONPATH': sys.argv[2]}; "
            "counts = [instructions('tg', ['ipstui', '--db', sys.argv[1]], LIVE, env) for _ in range(2)]; "
            "Terminal.kill_server(); print(f'{counts[-1]:.0f}')")
    db = fresh_copy(session, root / "small")
    return f"{float(run(root, code, str(db), str(root))):.0f} M instructions"


# A writer on the data folder argv[1]; each measure times `times` and prints their median.
STORE = """
import statistics, sys, time
from pathlib import Path
from ipstui.domain import commands as c
from ipstui.store import DataFolder
from bench.sessions import fresh_clock

writer = DataFolder(Path(sys.argv[1]), actor="w", terminal="w")
fresh_clock(writer)
times = []
{body}
print(f"{{statistics.median(times) * 1000:.2f}}")
"""

APPEND = """
for n in range(200):
    started = time.perf_counter()
    writer.execute(c.AddChatComment("Ana", f"comment {n}"))
    times.append(time.perf_counter() - started)
"""

REFOLD = """
reader = DataFolder(Path(sys.argv[1]), actor="r", terminal="r")
live = reader.live_session_id()
reader.session_file(live).state()
for n in range(100):
    writer.execute(c.AddChatComment("Ana", f"comment {n}"))
    started = time.perf_counter()
    reader.session_file(live).state()
    times.append(time.perf_counter() - started)
"""


def measure_append(root: Path, session: Path) -> str:
    """Median ms of one command in a running process on 5,000 events (B2's row), 200 rounds."""
    return f"{run(root, STORE.format(body=APPEND), str(fresh_copy(session, root / 'db')))} ms median per command"


def measure_refold(root: Path, session: Path) -> str:
    """Median ms for a reader that holds the state to see one event another process appended."""
    script = STORE.format(body=REFOLD)
    return f"{run(root, script, str(fresh_copy(session, root / 'db')))} ms median to see one new event"


# A console on the data folder argv[1], run headless; each measure's lines go in its body.
CONSOLE = """
import asyncio, gc, statistics, sys, time, tracemalloc
from pathlib import Path
from textual._styles_cache import StylesCache
from ipstui.app.app import make_app
from ipstui.store import DataFolder
from bench.sessions import fresh_clock

async def main():
    folder = DataFolder(Path(sys.argv[1]), actor="bench", terminal="bench")
    fresh_clock(folder)
    app = make_app(folder, folder.clock, viewer_zone="UTC", presence=False)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.pause()
{body}
asyncio.run(main())
"""

SETTLE = """
await pilot.press("H")
for _ in range(5):
    await pilot.pause()
times = []
for _ in range(15):
    # The full collection that Python makes now and then, here made on purpose.
    started = time.perf_counter()
    gc.collect(2)
    times.append(time.perf_counter() - started)
print(f"{statistics.median(times) * 1000:.2f}")
"""

TOASTS = """
tracemalloc.start()
gc.collect()
before = tracemalloc.get_traced_memory()[0]
for number in range(300):
    app.say(f"message {number}")
    await pilot.pause()
await pilot.pause(0.2)
gc.collect()
grown = tracemalloc.get_traced_memory()[0] - before
holders = len(app.screen.query("ToastHolder"))
memo = StylesCache.get_inner_outer.cache_info().currsize
print(f"{grown / 1e6:.1f} MB kept, {holders} holders, {memo} memo entries")
"""


def in_console(body: str) -> str:
    return CONSOLE.format(body="".join(f"        {line}\n" for line in body.strip().splitlines()))


def measure_settle(root: Path, history: Path) -> str:
    """Median ms of a full collection in a console showing the history of 200 sessions."""
    return f"{run(root, in_console(SETTLE), str(fresh_copy(history, root / 'history')))} ms a full collection"


def measure_toasts(root: Path, session: Path) -> str:
    """What 300 messages leave behind in a console (traced memory, toast holders, style memo)."""
    return run(root, in_console(TOASTS), str(fresh_copy(session, root / "small")))


def measure_keypress(root: Path, without: Path, rounds: int = 120) -> tuple[str, str]:
    """Key press to screen (bench_keypress's p95) of the console with the trick and without it,
    pressed in the same rounds, with the bare app's for scale."""
    from bench.bench_keypress import all_rounds, from_checkout
    from bench.sessions import scratch
    from bench.stats import summary

    bare, (with_it, without_it) = all_rounds(rounds, scratch(), [from_checkout(root), from_checkout(without)])
    scale = summary(bare)[1]
    return tuple(f"p95 {summary(times)[1]:.1f} ms ({summary(times)[1] / scale:.2f}x bare)"  # type: ignore[return-value]
                 for times in (with_it, without_it))


MEASURES = {"command": measure_command, "start": measure_start, "append": measure_append,
            "refold": measure_refold, "settle": measure_settle, "toasts": measure_toasts}
DATA = {"command": "big", "start": "small", "append": "big", "refold": "big", "settle": "history",
        "toasts": "small"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=[], metavar="NAME", help="measure only tricks whose name holds NAME")
    parser.add_argument("--list", action="store_true", help="list the tricks and exit")
    args = parser.parse_args()
    if args.list:
        for toggle in TOGGLES:
            print(f"{toggle.measure:8} {toggle.name}")
        return
    chosen = [t for t in TOGGLES if not args.only or any(word in t.name for word in args.only)]
    if shutil.which("valgrind") is None and any(t.measure in ("command", "start") for t in chosen):
        raise SystemExit("valgrind is needed for the instruction counts")
    from bench.sessions import big_history, big_session, scratch

    work = scratch()
    data: dict[str, Path] = {}
    kinds = {DATA[t.measure] for t in chosen if t.measure in DATA}
    if "big" in kinds:
        data["big"] = big_session(work / "big", 5000).root
    if "small" in kinds:
        data["small"] = big_session(work / "small", 500, people=30).root
    if "history" in kinds:
        folder = big_history(work / "history", 200, 300)
        big_session(work / "history", 500)  # and a live session, as a console shows it
        data["history"] = folder.root
    baseline = variant(BASELINE, work)
    done: dict[str, str] = {}
    print(f"{'trick':<48} {'measure':<8} {'with it':>28}   without it")
    for toggle in chosen:
        if toggle.measure == "keypress":
            # Wall-clock figures: both consoles are pressed in the same rounds, never one run after another.
            with_it, without = measure_keypress(baseline, variant(toggle, work))
            print(f"{toggle.name:<48} {toggle.measure:<8} {with_it:>28}   {without}", flush=True)
            continue
        if toggle.measure not in done:
            done[toggle.measure] = MEASURES[toggle.measure](baseline, data[DATA[toggle.measure]])
        without = MEASURES[toggle.measure](variant(toggle, work), data[DATA[toggle.measure]])
        print(f"{toggle.name:<48} {toggle.measure:<8} {done[toggle.measure]:>28}   {without}", flush=True)


if __name__ == "__main__":
    main()
