"""The sessions index derived from the session files, on real files in a temporary folder."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from ipstui.domain import commands as c
from ipstui.store import DamagedFile, DataFolder, StoreError
from ipstui.store.errors import NoLiveSession, PartlySaved, UnsafeFile
from ipstui.store.index import CACHE_FILE, CACHE_KIND
from tests.helpers import group_disk_full

WEEK = 7 * 86400


def two_sessions(folder: DataFolder, clock) -> tuple[str, str]:
    """An ended session moderated by Sam, and a live one moderated by Ana."""
    first, _ = folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ben"))
    folder.execute(c.EndSession("Ana", "Ben", "Worldview"))
    clock.advance(WEEK)
    second, _ = folder.start("Worldview", "Ana")
    folder.execute(c.AddParticipant("Cy"))
    return first, second


def fresh(folder: DataFolder, clock) -> DataFolder:
    """Another process's handle on the folder: nothing of this one's memory."""
    return DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")


def lines(folder: DataFolder) -> list[tuple[str, str, str]]:
    return [(s.id, s.topic, s.status) for s in folder.sessions()]


def test_the_index_is_rebuilt_from_the_logs_when_the_group_file_is_lost(folder: DataFolder, clock):
    first, second = two_sessions(folder, clock)
    expected = [(first, "Mutuality", "ended"), (second, "Worldview", "live")]
    assert lines(folder) == expected
    for name in ("group.json", "group.json.bak", CACHE_FILE):
        (folder.root / name).unlink()
    other = fresh(folder, clock)
    assert lines(other) == expected
    assert other.live_session_id() == second
    assert other.upcoming().moderator == "Ana"
    # The next change makes the group file anew, and the next look notes in its roster what the logs hold.
    other.execute(c.AddParticipant("Dee"))
    other.sessions()
    roster = {person["name"]: person for person in other.group.roster()}
    assert roster["Sam"]["moderated"] == [first] and roster["Ben"]["sessions"] == [first]
    assert {"Ana", "Cy", "Dee"} <= set(roster) and roster["Cy"]["sessions"] == [second]


def test_a_group_file_with_an_older_sessions_list_opens_and_the_list_is_not_believed(folder: DataFolder, clock):
    first, second = two_sessions(folder, clock)
    path = folder.root / "group.json"
    data = json.loads(path.read_text())
    data["sessions"] = {"1": {"id": first, "topic": "Old words", "moderator": "Sam", "status": "live",
                              "started_at": "2026-11-28T22:15:00+00:00"}}
    data["topics"] = {"1": {"title": "Old words", "session_id": first, "at": "2026-11-28T22:15:00+00:00"}}
    path.write_text(json.dumps(data))
    other = fresh(folder, clock)
    assert lines(other) == [(first, "Mutuality", "ended"), (second, "Worldview", "live")]
    assert other.execute(c.AddParticipant("Dee")).message.startswith("added Dee")


def test_a_session_file_appearing_or_disappearing_is_seen_on_the_next_look(folder: DataFolder, clock, tmp_path):
    first, second = two_sessions(folder, clock)
    assert folder.live_session_id() == second
    aside = tmp_path / "aside"
    aside.mkdir()
    live = folder.root / f"session-{second}.json"
    shutil.move(live, aside / live.name)
    # The same handle (its memory and the cache file) sees the live session gone.
    assert lines(folder) == [(first, "Mutuality", "ended")]
    assert folder.live_session_id() is None
    with pytest.raises(NoLiveSession):
        folder.execute(c.RaiseHand("Cy"))
    shutil.move(aside / live.name, live)
    assert lines(folder) == [(first, "Mutuality", "ended"), (second, "Worldview", "live")]
    assert folder.execute(c.RaiseHand("Cy")).message
    # An ended session copied in from elsewhere (a hand restore) joins the history in its place.
    copy = json.loads((folder.root / f"session-{first}.json").read_text())
    copy["meta"]["1"]["session_id"] = "2026-11-21"
    copy["events"]["1"]["data"]["session_id"] = "2026-11-21"
    copy["events"]["1"]["at"] = "2026-11-21T22:15:00+00:00"
    (folder.root / "session-2026-11-21.json").write_text(json.dumps(copy))
    assert [s.id for s in folder.sessions()] == ["2026-11-21", first, second]


def test_a_file_changed_in_place_is_folded_again(folder: DataFolder, clock):
    first, second = two_sessions(folder, clock)
    assert folder.sessions()[0].comments_read == 0
    folder.execute(c.EndSession())
    reader = fresh(folder, clock)
    assert [s.status for s in reader.sessions()] == ["ended", "ended"]
    # The purge rewrites an ended log: its stat key changes, so the cached line is not used.
    path = folder.root / f"session-{first}.json"
    data = json.loads(path.read_text())
    data["events"]["1"]["data"]["topic"] = "Reworded by hand"
    path.write_text(json.dumps(data))
    assert reader.sessions()[0].topic == "Reworded by hand"
    assert fresh(folder, clock).sessions()[0].topic == "Reworded by hand"


def planted_caches(folder: DataFolder, secret) -> dict[str, object]:
    real = json.loads((folder.root / CACHE_FILE).read_text())
    (entry_id, entry), = real["sessions"].items()
    lying = json.loads(json.dumps(real))
    lying["sessions"][entry_id]["key"][2] += 1  # the file has changed since: never believed
    lying["sessions"][entry_id]["entry"]["topic"] = "Not what was said"
    hostile = json.loads(json.dumps(real))
    hostile["sessions"][entry_id]["entry"]["attendance"] = "3.5"
    hostile["sessions"]["../../x"] = {"key": [1, 2, 3, 4], "entry": []}
    return {
        "garbage": b"\x00not json{{{",
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "another kind": json.dumps({"kind": "something else", "sessions": {}}).encode(),
        "stale line": json.dumps(lying).encode(),
        "hostile values": json.dumps(hostile).encode(),
        "a list of sessions": json.dumps({"kind": CACHE_KIND, "sessions": [1, 2]}).encode(),
        "fifo": os.mkfifo,
        "link": lambda path: path.symlink_to(secret),
        "folder": os.mkdir,
    }


def test_a_planted_or_garbage_cache_file_breaks_nothing_and_is_rebuilt(folder: DataFolder, clock, tmp_path):
    first, second = two_sessions(folder, clock)
    expected = lines(folder)
    secret = tmp_path / "private.txt"
    secret.write_text("private")
    cache = folder.root / CACHE_FILE
    for label, plant in planted_caches(folder, secret).items():
        if cache.is_dir():
            cache.rmdir()
        else:
            cache.unlink()
        if isinstance(plant, bytes):
            cache.write_bytes(plant)
        else:
            plant(cache)
        other = fresh(folder, clock)
        assert lines(other) == expected, label
        assert other.live_session_id() == second, label
        assert other.execute(c.AddChatComment("Cy", label)).changed, label
        assert secret.read_text() == "private", label
        if label != "folder":  # a folder in its place is left alone; the look goes on without a cache
            written = json.loads(cache.read_bytes())
            assert written["kind"] == CACHE_KIND and set(written["sessions"]) == {first}, label
            assert written["sessions"][first]["entry"]["topic"] == "Mutuality", label


def test_an_ended_session_is_read_from_the_cache_not_folded_again(folder: DataFolder, clock, monkeypatch):
    first, second = two_sessions(folder, clock)
    folder.sessions()
    from ipstui.store import index

    folded: list[str] = []
    real = index.SessionIndex._fold
    monkeypatch.setattr(index.SessionIndex, "_fold", lambda self, sid: folded.append(sid) or real(self, sid))
    assert lines(fresh(folder, clock))[0] == (first, "Mutuality", "ended")
    assert folded == [second]  # only the live one: the ended one's line came from the cache file


def test_an_older_damaged_file_stops_nothing_and_is_left_out_of_the_history(folder: DataFolder, clock):
    first, second = two_sessions(folder, clock)
    path = folder.root / f"session-{first}.json"
    path.write_bytes(path.read_bytes()[:-30])
    other = fresh(folder, clock)
    assert lines(other) == [(second, "Worldview", "live")]
    assert other.execute(c.RaiseHand("Cy")).changed
    other.execute(c.EndSession())
    # With none live, a damaged file older than a sound session is still history, not the live one.
    assert [s.status for s in other.sessions()] == ["ended"]
    clock.advance(WEEK)
    assert other.start("Later", "Sam")[0] > second
    with pytest.raises(DamagedFile, match="ipstui recover"):
        other.state(first)


def test_a_damaged_newest_file_may_be_the_live_one_and_is_named_until_recovered(folder: DataFolder, clock):
    first, second = two_sessions(folder, clock)
    path = folder.root / f"session-{second}.json"
    sound = path.read_bytes()
    path.write_bytes(sound[:-30])
    other = fresh(folder, clock)
    for act in (other.sessions, other.live_session_id, lambda: other.execute(c.RaiseHand("Cy")),
                lambda: other.start("Again", "Sam")):
        with pytest.raises(DamagedFile) as caught:
            act()
        assert path.name in str(caught.value) and f"ipstui recover {path.name}" in str(caught.value)
    assert not (folder.root / "session-2026-12-05-2.json").exists()
    assert other.recover(path.name).endswith("in that copy the session has not ended")
    assert other.live_session_id() == second


def test_an_ended_session_recovered_from_a_copy_before_its_end_is_live_again(folder: DataFolder, clock):
    first, second = two_sessions(folder, clock)
    folder.execute(c.EndSession())
    path = folder.root / f"session-{second}.json"
    path.write_bytes(path.read_bytes()[:-30])
    message = fresh(folder, clock).recover(path.name)
    assert message.endswith("; in that copy the session has not ended"), message
    other = fresh(folder, clock)
    assert other.live_session_id() == second  # the log is the truth: end it again
    other.execute(c.EndSession())
    assert [s.status for s in other.sessions()] == ["ended", "ended"]


def test_a_planted_newest_session_file_is_named_not_followed(folder: DataFolder, clock, tmp_path):
    first, second = two_sessions(folder, clock)
    folder.execute(c.EndSession())
    secret = tmp_path / "private.json"
    secret.write_text("{}")
    (folder.root / "session-2026-12-12.json").symlink_to(secret)
    with pytest.raises(UnsafeFile, match="session-2026-12-12.json"):
        fresh(folder, clock).start("Again", "Sam")
    assert secret.read_text() == "{}"


def test_an_end_whose_group_write_fails_says_so_and_a_later_look_counts_the_turn(folder: DataFolder, clock,
                                                                                  monkeypatch):
    first, second = two_sessions(folder, clock)
    group_disk_full(monkeypatch)
    with pytest.raises(PartlySaved, match="ended session .* but group.json was not updated .no space left"):
        folder.execute(c.EndSession("Cy"))
    assert {p["name"]: p["moderated"] for p in folder.group.roster()}["Ana"] == []
    assert [s.status for s in folder.sessions()] == ["ended", "ended"]  # the log has it: no second truth
    monkeypatch.undo()  # the disk has room again
    assert folder.upcoming().moderator == "Cy"
    assert {p["name"]: p["moderated"] for p in folder.group.roster()}["Ana"] == [second]


def test_group_effects_are_declared_by_the_commands():
    from ipstui.domain.outcome import PEOPLE, PREFERENCE, ROSTER, ROTATION
    from ipstui.store.service import EFFECTS, group_effects

    assert group_effects(c.EndSession()) == (ROSTER, ROTATION, PEOPLE)
    assert group_effects(c.RecordRequest("Ana", "step up", consent=True)) == (ROSTER, PEOPLE)
    assert group_effects(c.Undo()) == (PEOPLE,)
    assert group_effects(c.AddParticipant("Ana")) == (ROSTER, PREFERENCE)
    assert group_effects(c.RecordAttendance((("Ana", 10.0, 1),))) == (ROSTER,)
    assert group_effects(c.RaiseHand("Ana")) == ()
    assert set(EFFECTS) == {ROSTER, PREFERENCE, ROTATION, PEOPLE}


def test_a_command_without_group_effects_never_writes_the_group_file(folder: DataFolder, clock):
    two_sessions(folder, clock)
    before = (folder.root / "group.json").read_bytes()
    for command in (c.RaiseHand("Cy"), c.AddChatComment("Cy", "hello"), c.CallNextHand()):
        folder.execute(command)
    assert (folder.root / "group.json").read_bytes() == before


def test_a_read_only_folder_is_read_without_a_cache_written(folder: DataFolder, clock):
    first, second = two_sessions(folder, clock)
    (folder.root / CACHE_FILE).unlink()
    os.chmod(folder.root, 0o500)
    try:
        if os.access(folder.root, os.W_OK):
            pytest.skip("running as a user who writes anywhere")
        assert lines(fresh(folder, clock)) == [(first, "Mutuality", "ended"), (second, "Worldview", "live")]
        assert not (folder.root / CACHE_FILE).exists()
    finally:
        os.chmod(folder.root, 0o700)


def test_a_folder_without_sessions_reads_as_empty(folder: DataFolder):
    with pytest.raises(StoreError, match="no data folder"):
        folder.sessions()
    folder.reword_agreement(1, "Our words.")
    assert folder.sessions() == [] and folder.live_session_id() is None and folder.upcoming().moderator is None


def test_an_unreadable_session_file_is_refused_like_a_damaged_one(folder: DataFolder, clock, monkeypatch):
    first, second = two_sessions(folder, clock)
    from ipstui.store import index

    real = index.SessionFile.read

    def denied(self):
        if self.session_id == first:
            raise PermissionError(13, "Permission denied", str(self.path))
        return real(self)

    monkeypatch.setattr(index.SessionFile, "read", denied)
    other = fresh(folder, clock)
    (folder.root / index.CACHE_FILE).unlink()
    assert lines(other) == [(second, "Worldview", "live")]
    assert other.execute(c.AddChatComment("Cy", "still here")).changed
    other.execute(c.EndSession())
    # The ended session's line is in the cache: the unreadable older file stops nothing.
    assert fresh(folder, clock).live_session_id() is None
    # Unreadable and not cached, the newest file may be the live one: it is named.
    (folder.root / index.CACHE_FILE).unlink()
    monkeypatch.setattr(index.SessionFile, "read", lambda self: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied", str(self.path))))
    with pytest.raises(UnsafeFile, match=f"session-{second}.json is refused: it cannot be read .permission denied"):
        fresh(folder, clock).live_session_id()


def test_a_damaged_newest_file_once_seen_ended_is_history_not_the_live_one(folder: DataFolder, clock):
    first, second = two_sessions(folder, clock)
    folder.execute(c.EndSession())
    path = folder.root / f"session-{second}.json"
    path.write_bytes(path.read_bytes()[:-30])
    # The cache saw it ended, and a log only grows: a new session may start beside it.
    other = fresh(folder, clock)
    assert lines(other) == [(first, "Mutuality", "ended")]
    clock.advance(WEEK)
    third, _ = other.start("Later", "Sam")
    other.execute(c.EndSession())
    # The cache written since still remembers it ended; without any cache it may be the live one.
    assert [s.id for s in fresh(folder, clock).sessions()] == [first, third]
    (folder.root / CACHE_FILE).unlink()
    path.rename(folder.root / "session-2026-12-30.json")
    with pytest.raises(DamagedFile, match="session-2026-12-30.json"):
        fresh(folder, clock).live_session_id()
