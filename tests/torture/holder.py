"""A process that holds the live session's lock in the middle of a transaction, and stays.

usage: holder.py DB
Prints "held" once it has changed the log in memory without committing it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ipstui.store import DataFolder
from ipstui.store.atomic import set_lock_holder


def main() -> None:
    folder = DataFolder(Path(sys.argv[1]), actor="kim", terminal="host:pts/9")
    set_lock_holder("kim (host:pts/9)")
    with folder.live().doc.transaction() as tx:
        tx.table("events").insert({"type": "uncommitted", "data": {}})
        print("held", flush=True)
        time.sleep(3600)


if __name__ == "__main__":
    main()
