"""A writer process for the concurrency and crash tests: runs commands on a live session.

usage: writer.py DB TAG FIRST COUNT
Prints "ready" once imported, then "ok N" after each command N has returned.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ipstui.domain import commands as c
from ipstui.store import DataFolder


def main() -> None:
    db, tag, first, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    folder = DataFolder(db, actor=tag, terminal=f"writer:{tag}")
    print("ready", flush=True)
    for number in range(first, first + count):
        if number % 10 == 0:
            folder.execute(c.AddParticipant(f"{tag}-p{number}"))
            folder.execute(c.RaiseHand(f"{tag}-p{number}"))
        else:
            folder.execute(c.AddChatComment(tag, f"{tag}-{number}"))
        print(f"ok {number}", flush=True)


if __name__ == "__main__":
    main()
