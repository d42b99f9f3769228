"""The views the console's worker hands on: fresh where a file changed, the same where none did."""

from __future__ import annotations

import time
from pathlib import Path

from ipstui.road import FolderView, SessionSync, StateChanged
from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.store import DataFolder
from tests.ui.conftest import NOW


class Views:
    """A SessionSync on a folder, and the views it has posted."""

    def __init__(self, root: Path) -> None:
        self.folder = DataFolder(root, clock=ManualClock(NOW), actor="sam", terminal="here")
        self.posted: list = []
        self.sync = SessionSync(self.folder, self.posted.append)

    def next(self, predicate, after: FolderView | None = None, timeout: float = 5.0) -> FolderView:
        """The first view posted after `after` that `predicate` holds for."""
        deadline = time.monotonic() + timeout
        while True:
            views = [message.view for message in self.posted if isinstance(message, StateChanged) and message.view]
            if after is not None:
                views = views[next(i for i, view in enumerate(views) if view is after) + 1:]
            found = next((view for view in views if predicate(view)), None)
            if found is not None:
                return found
            assert time.monotonic() < deadline, f"no such view came in {timeout} s ({len(views)} others did)"
            time.sleep(0.01)


def test_a_view_reads_again_only_the_file_that_changed(tmp_path: Path):
    views = Views(tmp_path / "db")
    views.folder.start("Mutuality", "Sam")
    other = DataFolder(views.folder.root, clock=ManualClock(NOW), actor="kim", terminal="there")
    views.sync.start()
    try:
        first = views.next(lambda view: view.state is not None)
        assert first.names == tuple(views.folder.known_names()) == ("Sam",)

        # Another terminal adds people: the session and the roster change.
        other.execute(c.AddParticipant("Ana"))
        other.execute(c.AddParticipant("ben"))
        added = views.next(lambda view: "ben" in view.names, after=first)
        assert added.names == tuple(other.known_names()) == ("Ana", "ben", "Sam")
        assert added.state is not first.state and set(added.state.participants) == {"sam", "ana", "ben"}

        # Only the group's file changes: a fresh agreement, the same session snapshot.
        other.reword_agreement(3, "One voice at a time, in our words.")
        reworded = views.next(lambda view: view.agreement.item(3) == "One voice at a time, in our words.", after=added)
        assert reworded.state is added.state
        assert reworded.names == added.names

        # Only the session changes: a fresh snapshot, the group's part as it was.
        other.execute(c.RaiseHand("Ana"))
        raised = views.next(lambda view: view.state is not reworded.state, after=reworded)
        assert [hand.name for hand in raised.state.hands] == ["Ana"]
        assert raised.agreement is reworded.agreement and raised.upcoming is reworded.upcoming

        # A look asked for with nothing changed hands on the same parts again.
        views.sync.look(force=True)
        again = views.next(lambda view: True, after=raised)
        assert again.state is raised.state and again.agreement is raised.agreement
    finally:
        views.sync.stop()
