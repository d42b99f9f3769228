"""A process that races others on one live session, for the co-moderation race tests.

usage: racer.py DB TAG MODE [N]   (MODE: call-next | read | undo)
Waits for DB/go, then acts; prints one line per outcome.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ipstui.domain import commands as c
from ipstui.domain.state import ChatStatus
from ipstui.store import DataFolder


def main() -> None:
    db, tag, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    folder = DataFolder(db, actor=tag, terminal=f"racer:{tag}")
    print("ready", flush=True)
    while not (db / "go").exists():
        time.sleep(0.001)
    for number in range(count):
        if mode == "call-next":
            folder.execute(c.RaiseHand(f"{tag}-{number}"))
            try:
                outcome = folder.execute(c.CallNextHand())
                print("called", outcome.message.split(" is speaking")[0], flush=True)
            except c.CommandError as error:
                print("refused", error, flush=True)
        elif mode == "read":
            print(folder.execute(c.MarkComment(1, ChatStatus.READ)).message, flush=True)
        elif mode == "undo":
            print(folder.execute(c.Undo(anyone=True)).message, flush=True)


if __name__ == "__main__":
    main()
