"""What a console tells of the others: joined, vanished without a goodbye, left."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ipstui.store.presence import LATE_GOODBYE, Peer, PeerChanges

NOW = datetime(2026, 12, 5, 22, 15, tzinfo=timezone.utc)


def peer(key: str, seen: datetime, alive: bool = True) -> Peer:
    return Peer(key, key.title(), "pts/1", False, seen, alive)


def told(changes) -> list[tuple[str, str]]:
    return [(change.kind, change.peer.id) for change in changes]


def test_a_console_that_comes_and_says_goodbye_is_told_joined_then_left():
    changes = PeerChanges()
    assert told(changes.update([peer("kim", NOW)], NOW)) == [("joined", "kim")]
    assert told(changes.update([peer("kim", NOW)], NOW)) == []
    assert told(changes.update([], NOW)) == [("left", "kim")]
    assert changes.alive == {}


def test_a_late_heartbeat_then_a_goodbye_is_a_console_that_left():
    changes = PeerChanges()
    changes.update([peer("kim", NOW)], NOW)
    later = NOW + timedelta(seconds=8)
    assert told(changes.update([peer("kim", NOW, alive=False)], later)) == [("vanished", "kim")]
    assert told(changes.update([], later)) == [("left", "kim")]


def test_a_late_one_that_comes_back_is_told_joined_and_its_goodbye_later_too():
    changes = PeerChanges()
    changes.update([peer("kim", NOW)], NOW)
    changes.update([peer("kim", NOW, alive=False)], NOW + timedelta(seconds=8))
    assert told(changes.update([peer("kim", NOW + timedelta(seconds=9))], NOW + timedelta(seconds=9))) == [("joined", "kim")]
    assert told(changes.update([], NOW + timedelta(seconds=10))) == [("left", "kim")]


def test_a_console_gone_long_ago_says_nothing_when_its_file_is_tidied():
    changes = PeerChanges()
    changes.update([peer("kim", NOW)], NOW)
    changes.update([peer("kim", NOW, alive=False)], NOW + timedelta(seconds=8))
    assert told(changes.update([], NOW + LATE_GOODBYE + timedelta(seconds=1))) == []


def test_one_never_seen_alive_is_neither_vanished_nor_left():
    changes = PeerChanges()
    assert told(changes.update([peer("old", NOW - timedelta(minutes=30), alive=False)], NOW)) == []
    assert told(changes.update([], NOW)) == []
