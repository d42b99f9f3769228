"""A process that holds the live session's lock in the middle of a transaction.

usage: holder.py DB [SECONDS]
Prints "held" once it has changed the log in memory without committing it. With SECONDS it
lets go after that long without saving anything, prints "let go" and exits; else it stays.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ipstui.store import DataFolder
from ipstui.store.atomic import set_lock_holder


class _LetGo(Exception):
    """Leaves the transaction without committing what it changed."""


def main() -> None:
    folder = DataFolder(Path(sys.argv[1]), actor="kim", terminal="host:pts/9")
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3600.0
    set_lock_holder("kim (host:pts/9)")
    try:
        with folder.live().doc.transaction() as tx:
            tx.table("events").insert({"type": "uncommitted", "data": {}})
            print("held", flush=True)
            time.sleep(seconds)
            raise _LetGo
    except _LetGo:
        print("let go", flush=True)


if __name__ == "__main__":
    main()
