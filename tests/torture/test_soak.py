"""A whole 75-minute call at 20 times speed: three consoles in real terminals, a Zoom chat
follower and a driver on one data folder, for about four minutes of wall time."""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ipstui.domain.settings import DEFAULT_AGENDA
from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc)  # Saturday 17:15 in New York
SPEED = 20
MINUTES = 74  # the driver's last event; the session ends once the consoles are compared
SEED = 2026
CONSOLES = {"sam": (120, 35), "kim": (120, 35), "lee": (80, 24)}
SAMPLE_EVERY = 2.0
# The same call driven into a headless console grows its memory by about 6 MB (the file's JSON
# and the folded state, a few kB per event): twice that is allowed, tens of MB is a leak.
RSS_GROWTH_LIMIT_KB = 12 * 1024
TROUBLE = ("Traceback", "Error", "error", "[exited]", "vanished", "stopped following", "denied")
HEADER = re.compile(r"(?:Speaking (?P<speaker>.+?) \d+:\d\d(?::\d\d)?|Nobody speaking)\s+(?:bell[^│]*)?"
                    r"│ Hands (?P<hands>\d+)(?: \(next (?P<next>.+?)\))?\s+│ To read (?P<read>\d+)")


def rss_kb(pid: int) -> int | None:
    """Resident memory of a process from /proc, or None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))


def header(screen: str) -> tuple | None:
    """What the live console's first header line says, without the running turn time."""
    match = HEADER.search(screen)
    return match and (match["speaker"], int(match["hands"]), match["next"], int(match["read"]))


def lines_of(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def within(value: float, bounds: tuple[float, float]) -> bool:
    """A figure rounded to 0.1 s inside the bounds the driver measured around its actions."""
    return bounds[0] - 0.05 <= value <= bounds[1] + 0.05


def compare(report: dict, tally: dict) -> list[str]:
    """Where the report and the driver's tally disagree, one line each."""
    problems = []
    people = {p["name"]: p for p in report["participants"]}
    if set(people) != set(tally["people"]):
        problems.append(f"participants {sorted(people)} != sent {sorted(tally['people'])}")
    for name, sent in tally["people"].items():
        got = people.get(name, {"turns": 0, "hands_raised": 0, "talk_seconds": 0.0})
        if (got["turns"], got["hands_raised"]) != (sent["turns"], sent["hands_raised"]):
            problems.append(f"{name}: turns, hands {got['turns']}, {got['hands_raised']} != "
                            f"{sent['turns']}, {sent['hands_raised']}")
        if not within(got["talk_seconds"], (sent["talk_lo"], sent["talk_hi"])):
            problems.append(f"{name}: talked {got['talk_seconds']} s, not within {sent['talk_lo']:.1f}-{sent['talk_hi']:.1f}")
    chat = {c["text"]: c for c in report["chat"]}
    if len(chat) != len(report["chat"]):
        problems.append(f"{len(report['chat']) - len(chat)} comment(s) twice")
    for text in set(chat) ^ set(tally["comments"]):
        problems.append(f"comment {text!r} {'not sent' if text in chat else 'missing'}")
    for text, sent in tally["comments"].items():
        got = chat.get(text)
        if got and (got["author"], got["private"], got["status"]) != (sent["author"], sent["private"], sent["status"]):
            problems.append(f"comment {text!r}: {got['author']}, private {got['private']}, {got['status']} != {sent}")
    marks = [tuple(tally["started"]), *map(tuple, tally["advances"]), tuple(tally["ended"])]
    planned = [(s.title, s.planned_minutes) for s in DEFAULT_AGENDA]
    if [(a["title"], a["planned_minutes"]) for a in report["agenda"]] != planned:
        problems.append(f"agenda {report['agenda']}")
    for item, begin, end in zip(report["agenda"], marks, marks[1:]):
        if not within(item["actual_seconds"], (end[0] - begin[1], end[1] - begin[0])):
            problems.append(f"{item['title']} ran {item['actual_seconds']} s, not {end[0] - begin[1]:.1f}-{end[1] - begin[0]:.1f}")
    if len(report["agreement_reminders"]) != tally["sent"].get("remind", 0):
        problems.append(f"{len(report['agreement_reminders'])} reminders, sent {tally['sent'].get('remind', 0)}")
    return problems


@pytest.mark.e2e
@pytest.mark.reliability("soak", "75 min call at 20x with 3 consoles and a chat follower")
def test_a_whole_call_at_twenty_times_speed(tmp_path: Path, monkeypatch, ledger):
    """Memory stays flat, nothing errs, every console ends agreeing, and the report holds what was sent."""
    spec = f"{START.isoformat()}@{SPEED}@{datetime.now(timezone.utc).isoformat()}"
    monkeypatch.setenv("IPSTUI_CLOCK", spec)
    cli = Cli(tmp_path / "db")
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_text("", encoding="utf-8")
    env = console_env(cli.db) | {"IPSTUI_CLOCK": spec}
    terms = {actor: Terminal(f"soak-{actor}", [str(BIN), "--as", actor], size, env) for actor, size in CONSOLES.items()}
    started: list[subprocess.Popen] = []
    try:
        for term in terms.values():
            term.wait_for("Nobody speaking", timeout=30)
        pids = {actor: term.program_pid() for actor, term in terms.items()}
        follower_out, follower_err = (tmp_path / "follower.out").open("w+"), (tmp_path / "follower.err").open("w+")
        follower = subprocess.Popen([str(BIN), "--db", str(cli.db), "--as", "zoom", "chat", "follow", str(chat)],
                                    stdout=follower_out, stderr=follower_err)
        started.append(follower)
        driver_err = (tmp_path / "driver.err").open("w+")
        driver = subprocess.Popen([sys.executable, "-m", "tests.torture.soak_driver", str(cli.db), str(chat),
                                   str(MINUTES), str(SEED)], cwd=REPO, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=driver_err, text=True)
        started.append(driver)
        said: queue.Queue = queue.Queue()
        threading.Thread(target=lines_of, args=(driver.stdout, said), daemon=True).start()

        # Watch the run: memory of each console, trouble on any screen, every process alive.
        began = time.monotonic()
        rss: dict[str, list[tuple[float, int]]] = {actor: [] for actor in terms}
        trouble: list[str] = []
        settled = None
        while settled is None:
            for actor, term in terms.items():
                kb = rss_kb(pids[actor])
                if kb is None:
                    trouble.append(f"console {actor} died")
                else:
                    rss[actor].append((time.monotonic() - began, kb))
                screen = term.screen()
                trouble += [f"{actor}: {word!r} on screen:\n{screen}" for word in TROUBLE if word in screen]
            if follower.poll() is not None:
                trouble.append(f"the chat follower exited {follower.returncode}")
            if trouble:
                break
            try:
                line = said.get(timeout=SAMPLE_EVERY)
            except queue.Empty:
                continue
            if line is None:
                driver_err.seek(0)
                pytest.fail(f"the driver exited {driver.wait()} early: {driver_err.read()}")
            if line.startswith("settled "):
                settled = json.loads(line.removeprefix("settled "))
        assert not trouble, trouble[0]
        ran = time.monotonic() - began

        # The driver's last event is in: every console shows the same state, the driver's.
        expected = (settled["turn"][0] if settled["turn"] else None, len(settled["hands"]), settled["to_read"])
        deadline = time.monotonic() + 15
        while True:
            shown = {actor: header(term.screen()) for actor, term in terms.items()}
            if all(s and s[:2] + s[3:] == expected for s in shown.values()) and len(set(shown.values())) == 1:
                break
            assert time.monotonic() < deadline, f"consoles show {shown}, the driver expects {expected}"
            time.sleep(0.1)
        for actor in ("sam", "kim"):
            others = sorted(set(terms) - {actor})
            terms[actor].wait_for(f"with {others[0]}, {others[1]}")

        driver.stdin.write("end\n")
        driver.stdin.flush()
        line = said.get(timeout=60)
        assert line and line.startswith("ended "), line
        tally = json.loads(line.removeprefix("ended "))
        assert driver.wait(timeout=30) == 0
        for term in terms.values():
            term.wait_for("Next call", timeout=20)
        follower.send_signal(signal.SIGINT)
        assert follower.wait(timeout=10) == 130

        report = json.loads(cli("report", "--format", "json").out)
        session = report["session"]
        people = [n for n in tally["people"] if n != "Sam"]
        problems = compare(report, tally)
        if (session["status"], session["next_moderator"], session["backup_moderator"]) != ("ended", *people[:2]):
            problems.append(f"session {session}")
        follower_out.seek(0)
        imported = sum(int(n) for n in re.findall(r"^imported (\d+) comments?\b", follower_out.read(), re.M))
        zoom_lines = tally["sent"].get("zoom", 0) + tally["sent"].get("zoom direct", 0)
        if imported != zoom_lines:
            problems.append(f"the follower imported {imported} comments of {zoom_lines} appended")
        errors = {name: (err.seek(0), err.read())[1] for name, err in (("driver", driver_err), ("follower", follower_err))}
        problems += [f"{name} wrote to stderr: {text}" for name, text in errors.items() if text]

        growth = {}
        for actor, samples in rss.items():
            first_quarter = [kb for at, kb in samples if at <= ran / 4]
            growth[actor] = max(kb for _, kb in samples[-3:]) - max(first_quarter)
            print(f"{actor} {CONSOLES[actor][0]}x{CONSOLES[actor][1]}: RSS first quarter max {max(first_quarter)} kB, "
                  f"end {max(kb for _, kb in samples[-3:])} kB, growth {growth[actor]} kB, {len(samples)} samples")
        grown = [f"{actor}'s memory grew {kb} kB" for actor, kb in growth.items() if kb > RSS_GROWTH_LIMIT_KB]
        print(f"{tally['events']} events sent ({tally['via_cli']} through the command) in {ran:.0f} s: {tally['sent']}")
        print(f"{len(tally['comments'])} comments, {imported} from the chat file; session file "
              f"{next(cli.db.glob('session-*.json')).stat().st_size // 1024} kB")
        lost = sum(1 for p in problems if "missing" in p or "turns, hands" in p)
        ledger.tried(survived=not problems and not grown, lost=lost, times=tally["events"])
        assert not problems, "\n".join(problems)
        assert not grown, "; ".join(grown)
    finally:
        for term in terms.values():
            term.close()
        Terminal.kill_server()
        for proc in started:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
