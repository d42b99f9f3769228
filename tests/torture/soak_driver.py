"""A simulated call for the soak test, one event every few simulated seconds, on $IPSTUI_CLOCK.

usage: python -m tests.torture.soak_driver DB CHAT_FILE MINUTES SEED
Acts mostly through the store, now and then through the installed command, and appends to the
Zoom chat file as Zoom does. Prints "settled" with its tally as JSON once its last event is
in, waits for a line on stdin, ends the session through the command, and prints "ended" with
the tally again. Times in the tally are simulated seconds since the clock's start, as bounds
(lo, hi) taken just before and just after each action.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pendulum

from ipstui.domain import commands as c
from ipstui.domain.outcome import Command, Outcome
from ipstui.domain.clock import ScaledClock, parse_clock
from ipstui.domain.settings import DEFAULT_AGENDA
from ipstui.domain.state import ChatStatus, HandKind
from ipstui.store import DataFolder

BIN = Path(sys.executable).parent / "ipstui"
MODERATOR = "Sam"
PEOPLE = ["Ana", "Ben", "Chidi", "Dee", "Eli", "Fatima", "Gus", "Hiro", "Iris", "Jo", "Kai", "Lena", "Tomás", "Zoë"]
QUIET = "Quinn"  # joins with a standing "don't read my comments aloud"
ZONE = "America/New_York"


@dataclass
class Person:
    turns: int = 0
    hands_raised: int = 0
    talk_lo: float = 0.0
    talk_hi: float = 0.0


@dataclass
class Tally:
    """What the driver sent and what it expects the session to hold."""

    people: dict[str, Person] = field(default_factory=dict)
    hands: dict[str, str] = field(default_factory=dict)
    turn: tuple[str, float, float] | None = None
    comments: dict[str, dict] = field(default_factory=dict)
    advances: list[tuple[float, float]] = field(default_factory=list)
    sent: Counter = field(default_factory=Counter)
    via_cli: int = 0
    zoom_lines: list[str] = field(default_factory=list)
    started: tuple[float, float] = (0.0, 0.0)
    ended: tuple[float, float] | None = None

    def to_read(self) -> int:
        return sum(1 for comment in self.comments.values() if comment["status"] == "unread" and not comment["private"])

    def doc(self) -> dict:
        return {"people": {name: vars(p) for name, p in self.people.items()}, "hands": self.hands,
                "turn": self.turn, "comments": self.comments, "advances": self.advances,
                "sent": dict(self.sent), "events": sum(self.sent.values()), "via_cli": self.via_cli,
                "to_read": self.to_read(), "started": self.started, "ended": self.ended}


class Call:
    """The simulated call: picks the next event from what it has sent so far."""

    def __init__(self, db: Path, chat: Path, clock: ScaledClock, seed: int) -> None:
        self.db = db
        self.chat = chat
        self.clock = clock
        self.folder = DataFolder(db, clock=clock, actor="driver", terminal="driver:soak")
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.waiting = [*PEOPLE, QUIET]
        self.rng.shuffle(self.waiting)
        self.said = 0

    # -- time ---------------------------------------------------------------------------

    def sim(self, moment: datetime | None = None) -> float:
        return ((moment or self.clock.now()) - self.clock.origin).total_seconds()

    def sleep_until(self, at: float) -> None:
        ahead = at - self.sim()
        if ahead > 0:
            time.sleep(ahead / self.clock.speed)

    def timed(self, action):
        lo = self.sim()
        result = action()
        return result, lo, self.sim()

    # -- the two roads in: the store, and the installed command ------------------------------

    def store(self, command: Command) -> tuple[Outcome, float, float]:
        return self.timed(lambda: self.folder.execute(command))

    def cli(self, *args: str) -> tuple[str, float, float]:
        def run() -> str:
            # The driver is one person at two terminals: its undo takes back its own actions either way.
            proc = subprocess.run([str(BIN), "--db", str(self.db), "--as", "driver", *args], capture_output=True,
                                  text=True, timeout=60)
            if proc.returncode != 0 or proc.stderr:
                raise SystemExit(f"ipstui {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
            return proc.stdout.strip()

        self.tally.via_cli += 1
        return self.timed(run)

    def by_cli(self) -> bool:
        return self.rng.random() < 0.12

    def either(self, command: c.Command, *args: str) -> tuple[float, float]:
        """Run an action through the command now and then, else through the store; its time bounds."""
        if self.by_cli():
            _, lo, hi = self.cli(*args)
        else:
            _, lo, hi = self.store(command)
        return lo, hi

    # -- the model ----------------------------------------------------------------------

    def present(self) -> list[str]:
        return list(self.tally.people)

    def end_turn(self, lo: float, hi: float) -> None:
        if self.tally.turn is not None:
            name, start_lo, start_hi = self.tally.turn
            self.tally.people[name].talk_lo += max(0.0, lo - start_hi)
            self.tally.people[name].talk_hi += hi - start_lo
            self.tally.turn = None

    def begin_turn(self, name: str, lo: float, hi: float) -> None:
        self.end_turn(lo, hi)
        self.tally.hands.pop(name, None)
        self.tally.people[name].turns += 1
        self.tally.turn = (name, lo, hi)

    def note_comment(self, text: str, author: str, private: bool) -> None:
        self.tally.comments[text] = {"author": author, "private": private, "status": "unread"}

    def text(self, kind: str) -> str:
        self.said += 1
        return f"{kind} {self.said}: " + self.rng.choice(["I hear that", "thank you", "me too", "+1 to that",
                                                           "can we come back to mutuality?", "good point"])

    # -- events ---------------------------------------------------------------------------

    def join(self) -> None:
        name = self.waiting.pop()
        quiet = name == QUIET
        self.either(c.AddParticipant(name, True if quiet else None),
                    "participant", "add", name, *(["--no-read-aloud"] if quiet else []))
        self.tally.people[name] = Person()
        self.tally.sent["join"] += 1

    def raise_hand(self) -> str | None:
        speaker = self.tally.turn[0] if self.tally.turn else None
        free = [n for n in self.present() if n not in self.tally.hands and n != speaker]
        if not free:
            return None
        name = self.rng.choice(free)
        kind = self.rng.choices(["ordinary", "reply", "ouch"], [7, 2, 1])[0]
        self.either(c.RaiseHand(name, HandKind(kind)), "hand", "raise", name,
                    *([] if kind == "ordinary" else ["--kind", kind]))
        self.tally.hands[name] = kind
        self.tally.people[name].hands_raised += 1
        self.tally.sent[f"raise {kind}"] += 1
        return f"{name} raised a hand"

    def call_next(self) -> None:
        if self.by_cli():
            out, lo, hi = self.cli("hand", "next")
            name = out.split(" is speaking")[0]
        else:
            outcome, lo, hi = self.store(c.CallNextHand())
            name = outcome.events[0].data["name"]
        if name not in self.tally.hands:
            raise SystemExit(f"the queue called {name!r}, whose hand was not up: {self.tally.hands}")
        self.begin_turn(name, lo, hi)
        self.tally.sent["call next"] += 1

    def start_speaker(self) -> None:
        speaker = self.tally.turn[0] if self.tally.turn else None
        name = self.rng.choice([n for n in self.present() if n != speaker])
        self.begin_turn(name, *self.either(c.StartSpeaker(name), "speak", name))
        self.tally.sent["start speaker"] += 1

    def stop_speaker(self) -> None:
        self.end_turn(*self.either(c.StopSpeaker(), "speak", "--stop"))
        self.tally.sent["stop speaker"] += 1

    def lower_hand(self) -> None:
        name = self.rng.choice(list(self.tally.hands))
        self.store(c.LowerHand(name))
        del self.tally.hands[name]
        self.tally.sent["lower hand"] += 1

    def lower_all(self) -> None:
        self.store(c.LowerAllHands())
        self.tally.hands.clear()
        self.tally.sent["lower all"] += 1

    def comment(self) -> str:
        author = self.rng.choice(self.present())
        kind = self.rng.choices(["public", "private", "direct"], [7, 2, 1])[0]
        text = self.text(kind)
        flags = {"private": ["--private"], "direct": ["--direct"]}.get(kind, [])
        self.either(c.AddChatComment(author, text, kind == "private", kind == "direct"),
                    "chat", "add", "--author", author, *flags, text)
        self.note_comment(text, author, kind != "public" or author == QUIET)
        self.tally.sent[f"comment {kind}"] += 1
        return f"comment {kind}"

    def zoom(self) -> None:
        """Append one message to the chat file the way Zoom does: header, then a tab-indented body."""
        author = self.rng.choice(self.present())
        direct = self.rng.random() < 0.2
        text = self.text("zoom direct" if direct else "zoom")
        local = pendulum.instance(self.clock.now()).in_timezone(ZONE).format("HH:mm:ss")
        to = f"{MODERATOR}(Direct Message)" if direct else "Everyone"
        with self.chat.open("a", encoding="utf-8") as file:
            file.write(f"{local} From {author} to {to}:\n\t{text}\n")
        self.note_comment(text, author, direct or author == QUIET)
        self.tally.zoom_lines.append(text)
        self.tally.sent["zoom direct" if direct else "zoom"] += 1

    def mark(self, status: ChatStatus) -> str | None:
        state = self.folder.live().state()
        waiting = state.to_read()
        if not waiting:
            return None
        if status is ChatStatus.READ and self.by_cli():
            out, _, _ = self.cli("chat", "read")
            # The oldest waiting may have come in from the chat file since the look above.
            comment = self.folder.live().state().comments[int(out.split()[1])]
        else:
            comment = self.rng.choice(waiting[:3])
            self.store(c.MarkComment(comment.id, status))
        self.tally.comments[comment.text]["status"] = status.value
        self.tally.sent[f"mark {status.value}"] += 1
        return f"comment {comment.id} marked {status.value}"

    def make_private(self) -> None:
        state = self.folder.live().state()
        waiting = state.to_read()
        if waiting:
            comment = waiting[-1]
            self.store(c.MakeCommentPrivate(comment.id))
            self.tally.comments[comment.text]["private"] = True
            self.tally.sent["make private"] += 1

    def next_agenda(self) -> None:
        self.tally.advances.append(self.either(c.NextAgendaItem(), "agenda", "next"))
        self.tally.sent["agenda next"] += 1

    def moment(self) -> None:
        kind = self.rng.choice(["ouch", "bell", "remind"])
        who = self.rng.choice(self.present())
        if kind == "ouch":
            self.either(c.LogOuch(who, self.rng.choice(self.present())), "ouch", "--by", who)
        elif kind == "bell":
            self.either(c.RingBell(who), "bell", "--by", who)
        else:
            self.store(c.RemindAgreement(self.rng.choice([1, 14, 15, 21, 22])))
        self.tally.sent[kind] += 1

    def undo(self) -> None:
        """Do something and take it back at once: only ever the driver's own action."""
        self.zoom_caught_up()
        restore = (dict(self.tally.hands), {t: dict(v) for t, v in self.tally.comments.items()},
                   {n: Person(**vars(p)) for n, p in self.tally.people.items()})
        done = self.rng.choice([self.raise_hand, self.comment, lambda: self.mark(ChatStatus.READ)])()
        if done is None:
            return
        # The undone action is not in the session: put back the model as it was, but keep the count sent.
        self.tally.hands, self.tally.comments, self.tally.people = restore
        if self.by_cli():
            out, _, _ = self.cli("undo")
        else:
            out = self.store(c.Undo())[0].message
        expected = {"comment public": "added", "comment private": "added", "comment direct": "added"}.get(done)
        if (expected and not out.endswith(expected)) or (not expected and done not in out):
            raise SystemExit(f"undo took back {out!r}, not {done!r}")
        self.tally.sent["undo"] += 1

    def zoom_caught_up(self, timeout: float = 15.0) -> None:
        """Wait until the chat follower has brought in every line appended so far."""
        deadline = time.monotonic() + timeout
        wanted = set(self.tally.zoom_lines)
        while True:
            have = {comment.text for comment in self.folder.live().state().comments.values()}
            if wanted <= have:
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"the chat follower never brought in {sorted(wanted - have)[:3]}")
            time.sleep(0.05)

    # -- the call -------------------------------------------------------------------------

    def step(self, elapsed: float) -> None:
        plan = [sum(s.planned_minutes for s in DEFAULT_AGENDA[: k + 1]) * 60 for k in range(len(DEFAULT_AGENDA) - 1)]
        if len(self.tally.advances) < len(plan) and elapsed >= plan[len(self.tally.advances)]:
            self.next_agenda()
            return
        if self.waiting and (elapsed < 900 and self.rng.random() < 0.3 or len(self.tally.people) < 3):
            self.join()
            return
        if not self.tally.sent["lower all"] and elapsed > 3300 and self.tally.hands:
            self.lower_all()
            return
        choices = {self.raise_hand: 16, self.comment: 9, self.zoom: 9, lambda: self.mark(ChatStatus.READ): 8,
                   lambda: self.mark(ChatStatus.SKIPPED): 2, self.start_speaker: 3, self.moment: 2, self.undo: 2,
                   self.make_private: 1}
        if self.tally.hands:
            choices[self.call_next] = 10
            choices[self.lower_hand] = 2
        if self.tally.turn:
            choices[self.stop_speaker] = 4
        action = self.rng.choices(list(choices), list(choices.values()))[0]
        action()

    def run(self, minutes: float) -> None:
        self.tally.people[MODERATOR] = Person()
        at = self.sim()
        while True:
            at += self.rng.uniform(2, 10)
            if at > minutes * 60:
                break
            self.sleep_until(at)
            self.step(self.sim())
        self.zoom_caught_up()

    def end(self) -> None:
        names = [n for n in self.present() if n != MODERATOR]
        _, lo, hi = self.cli("end", "--next-moderator", names[0], "--backup", names[1])
        self.end_turn(lo, hi)
        self.tally.ended = (lo, hi)
        self.tally.sent["end"] += 1


def main() -> None:
    db, chat, minutes, seed = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    call = Call(db, chat, parse_clock(os.environ["IPSTUI_CLOCK"]), seed)
    started = call.folder.live().state().started_at
    assert started is not None
    call.tally.started = (call.sim(started), call.sim(started))
    call.run(minutes)
    print("settled", json.dumps(call.tally.doc()), flush=True)
    sys.stdin.readline()
    call.end()
    print("ended", json.dumps(call.tally.doc()), flush=True)


if __name__ == "__main__":
    main()
