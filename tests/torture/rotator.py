"""A process that starts and ends sessions over and over: each writes a session file and the group file.

usage: rotator.py DB TAG
Prints "ready", then "ok start ID", "ok add NAME", "ok end ID MODERATOR NEXT" as each returns,
"refused REASON" when another rotator got there first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ipstui.domain import commands as c
from ipstui.domain.commands import CommandError
from ipstui.store import DataFolder, StoreError


def main() -> None:
    db, tag = Path(sys.argv[1]), sys.argv[2]
    folder = DataFolder(db, actor=tag, terminal=f"rotator:{tag}")
    print("ready", flush=True)
    number = 0
    while True:
        number += 1
        try:
            step(folder, tag, number)
        except (CommandError, StoreError) as error:
            # Two rotators race for the same session: one of them is refused, as it should be.
            print(f"refused {error}", flush=True)


def step(folder: DataFolder, tag: str, number: int) -> None:
    session_id = folder.live_session_id()
    if session_id is None:
        session_id, _ = folder.start(f"{tag} topic {number}", f"{tag}-m{number}")
        print(f"ok start {session_id}", flush=True)
    volunteer = f"{tag}-v{number}"
    folder.execute(c.AddParticipant(volunteer))
    print(f"ok add {volunteer}", flush=True)
    # Another rotator may have ended that session and started the next: say which one ended.
    ended = folder.execute(c.EndSession(volunteer)).message.split()[2]
    moderator = folder.session_file(ended).state().moderator
    print(f"ok end {ended} {moderator} {volunteer}", flush=True)


if __name__ == "__main__":
    main()
