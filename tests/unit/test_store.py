"""The store on real TinyDB files in a temporary folder."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ipstui.domain import commands as c
from ipstui.domain.outcome import CommandError
from ipstui.store import DamagedFile, DataFolder, StoreError
from ipstui.store.errors import NoLiveSession, UnknownSession


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_files_are_owner_only_and_events_record_who_acted(folder: DataFolder):
    session_id, _ = folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ana"))
    assert mode(folder.root) == 0o700
    for name in os.listdir(folder.root):
        assert mode(folder.root / name) == 0o600, name
    raw = json.loads((folder.root / f"session-{session_id}.json").read_text())
    assert raw["meta"]["1"]["revision"] == 2  # written with its start, then once by the command
    last = raw["events"]["3"]
    assert (last["type"], last["by"], last["terminal"]) == ("participant_added", "sam", "test:1")


def test_two_handles_on_one_folder_never_see_stale_state(folder: DataFolder, clock):
    folder.start("Mutuality", "Sam")
    other = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")
    folder.execute(c.AddParticipant("Ana"))
    other.execute(c.AddParticipant("Ben"))
    folder.execute(c.RaiseHand("Ben"))
    other.execute(c.RaiseHand("Ana"))
    assert [h.name for h in folder.live().state().hands] == ["Ben", "Ana"]
    assert [h.name for h in other.live().state().hands] == ["Ben", "Ana"]
    seqs = [e.seq for e in folder.live().state().log]
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_second_start_and_actions_without_a_live_session_are_refused(folder: DataFolder):
    with pytest.raises(StoreError, match="no data folder"):
        folder.execute(c.RaiseHand("Ana"))
    folder.start("Mutuality", "Sam")
    with pytest.raises(StoreError, match="is live"):
        folder.start("Other", "Kim")
    folder.execute(c.EndSession())
    with pytest.raises(NoLiveSession):
        folder.execute(c.RaiseHand("Sam"))


def test_refused_commands_change_no_byte(folder: DataFolder):
    session_id, _ = folder.start("Mutuality", "Sam")
    path = folder.root / f"session-{session_id}.json"
    before = path.read_bytes()
    with pytest.raises(c.CommandError):
        folder.execute(c.RaiseHand("Nobody"))
    assert path.read_bytes() == before


def test_session_ids_cannot_name_paths(folder: DataFolder):
    folder.start("Mutuality", "Sam")
    for bad in ["../group", "2026-11-28/../../x", "", "2026-11-28.json"]:
        with pytest.raises(UnknownSession):
            folder.state(bad)


def test_rotation_and_new_here_across_sessions(folder: DataFolder, clock):
    folder.start("Mutuality", "Sam")
    # The group's very first session: everyone is new to it, so nobody is marked "new here".
    assert folder.execute(c.AddParticipant("Ana")).message == "added Ana"
    assert not any(person.new_here for person in folder.live().state().participants.values())
    folder.execute(c.EndSession("Ana", "Ben"))
    clock.advance(7 * 86400)
    second, _ = folder.start("Worldview", "Ana")
    assert second == "2026-12-05"
    assert folder.execute(c.AddParticipant("Ben")).message == "added Ben (new here)"
    assert folder.execute(c.AddParticipant("sam")).message == "added Sam"  # as the group knows the name
    roster = {p["key"]: p for p in folder.group.roster()}
    assert roster["sam"]["moderated"] == ["2026-11-28"]
    assert [s.status for s in folder.sessions()] == ["ended", "live"]
    assert folder.sessions()[0].next_moderator == "Ana"


def test_a_standing_preference_follows_the_person_to_the_next_session(folder: DataFolder, clock):
    folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ana", no_read_aloud=True))
    folder.execute(c.EndSession())
    clock.advance(7 * 86400)
    folder.start("Worldview", "Sam")
    folder.execute(c.AddChatComment("Ana", "just for you"))
    assert folder.live().state().comments[1].private_reason == "preference"


def test_a_damaged_file_is_named_kept_and_recoverable(folder: DataFolder):
    session_id, _ = folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ana"))
    path = folder.root / f"session-{session_id}.json"
    damaged = path.read_bytes()[:-40]
    path.write_bytes(damaged)
    fresh = DataFolder(folder.root, clock=folder.clock)
    with pytest.raises(DamagedFile) as caught:
        fresh.state(session_id)
    assert path.name in str(caught.value) and "ipstui recover" in str(caught.value)
    with pytest.raises(DamagedFile):
        fresh.execute(c.RaiseHand("Ana"))
    assert path.read_bytes() == damaged
    message = fresh.recover(path.name)
    assert "kept as" in message
    kept = [p for p in folder.root.iterdir() if ".damaged-" in p.name]
    assert [p.read_bytes() for p in kept] == [damaged]
    state = fresh.state(session_id)
    assert state.is_live and "sam" in state.participants


def test_a_foreign_json_file_is_not_taken_for_a_session(folder: DataFolder):
    folder.start("Mutuality", "Sam")
    (folder.root / "session-2020-01-01.json").write_text('{"hello": 1}')
    with pytest.raises(DamagedFile, match="not an ipstui session file"):
        folder.state("2020-01-01")


def test_an_end_killed_before_the_group_write_is_ended_and_its_rotation_settled(folder: DataFolder, clock):
    session_id, _ = folder.start("Mutuality", "Sam")
    folder.live().execute(c.EndSession(), folder.context, folder.stamp)  # as if killed before the group write
    assert {p["name"]: p["moderated"] for p in folder.group.roster()}["Sam"] == []
    # The index is the logs': ended at once; the next look counts the moderator's turn.
    assert folder.sessions()[0].status == "ended"
    assert folder.live_session_id() is None
    assert {p["name"]: p["moderated"] for p in folder.group.roster()}["Sam"] == [session_id]
    clock.advance(86400)
    folder.start("Worldview", "Sam")
    assert [s.status for s in folder.sessions()] == ["ended", "live"]


def test_a_plain_file_as_folder_is_a_clear_error(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(StoreError, match="not a folder"):
        DataFolder(tmp_path / "f").sessions()


def test_appends_reuse_the_bytes_on_disk_and_match_a_full_encoding(folder: DataFolder, clock):
    from ipstui.store.atomic import encode

    session_id, _ = folder.start("Mutuality", "Sam")
    path = folder.root / f"session-{session_id}.json"
    other = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")
    for number in range(12):
        writer = folder if number % 3 else other  # a fresh read between some appends
        writer.execute(c.AddChatComment("Ana", f"comment {number} \u00e9 \U0001f642 \udcff"))
        raw = path.read_bytes()
        assert raw == encode(json.loads(raw))
    assert [x.text[:10] for x in folder.live().state().comments.values()][-1] == "comment 11"


def test_a_reader_parses_only_what_was_appended_and_sees_what_a_full_read_sees(folder: DataFolder, clock, monkeypatch):
    import ipstui.store.document as document

    session_id, _ = folder.start("Mutuality", "Sam")
    path = folder.root / f"session-{session_id}.json"
    reader = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")
    for number in range(30):
        folder.execute(c.AddChatComment("Ana", f"early {number}"))
    reader.live().state()
    parsed: list[int] = []
    real_loads = json.loads
    monkeypatch.setattr(document.json, "loads", lambda raw: parsed.append(len(raw)) or real_loads(raw))
    folder.execute(c.AddChatComment("Ana", "late \u00e9 \U0001f642"))
    state = reader.live().state()
    size = path.stat().st_size
    assert parsed and max(parsed) < size / 10
    assert reader.live().doc.read()[0] == real_loads(path.read_bytes())
    assert list(state.comments.values())[-1].text == "late \u00e9 \U0001f642"
    # A rewrite of the log (purge) is not an append: the reader parses it whole.
    assert folder.live().purge_chat_text() == 31
    assert reader.live().doc.read()[0] == real_loads(path.read_bytes())
    assert all(comment.text == "" for comment in reader.live().state().comments.values())


def test_a_torn_append_is_still_a_damaged_file(folder: DataFolder, clock):
    session_id, _ = folder.start("Mutuality", "Sam")
    path = folder.root / f"session-{session_id}.json"
    reader = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")
    reader.live().state()
    folder.execute(c.AddChatComment("Ana", "one more"))
    raw = path.read_bytes()
    path.write_bytes(raw[:-20])
    with pytest.raises(DamagedFile) as caught:
        reader.live().state()
    assert str(path) in str(caught.value)


def test_a_transaction_inside_another_on_the_same_file_is_written_once_with_it(folder: DataFolder):
    folder.start("Mutuality", "Sam")
    group = folder.group
    before = group.path.read_bytes()
    with group.doc.transaction():
        group.note_participant("Ana", "2026-12-05", None)
        group.note_moderated("Ana", "2026-12-05")
        assert group.path.read_bytes() == before  # nothing written until the outer one ends
    assert group.path.with_name("group.json.bak").read_bytes() == before
    ana = {person["name"]: person for person in group.roster()}["Ana"]
    assert (ana["sessions"], ana["moderated"]) == (["2026-12-05"], ["2026-12-05"])


def test_the_folder_watcher_wakes_whatever_its_descriptor_number(tmp_path):
    import os
    import resource

    from ipstui.store.watch import FolderWatcher

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1100:
        pytest.skip("cannot open 1100 files here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1100), hard))
    spare = [os.open(os.devnull, os.O_RDONLY) for _ in range(1030)]  # push the watcher's number past 1024
    try:
        watcher = FolderWatcher(tmp_path)
        if not watcher.native:
            pytest.skip("no inotify here")
        (tmp_path / "session-2026-11-28.json").write_text("{}")
        assert watcher.wait(2.0)
        watcher.close()
    finally:
        for fd in spare:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_another_terminal_s_write_just_after_the_lock_is_let_go_is_never_taken_as_folded(folder, clock, monkeypatch):
    from ipstui.store.atomic import FileLock

    folder.start("Mutuality", "Sam")
    other = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")
    folder.execute(c.AddParticipant("Ana"))
    other.execute(c.AddParticipant("Ben"))
    folder.live().state()
    # Kim's hand goes up in the instant between this process letting go of the lock and
    # looking at the file again: the state this process keeps must not claim that version.
    original = FileLock.__exit__
    pending = [lambda: other.execute(c.RaiseHand("Ben"))]

    def let_go(lock, *exc):
        original(lock, *exc)
        if lock._depth == 0 and lock.data_path.name.startswith("session-") and pending:
            pending.pop()()

    monkeypatch.setattr(FileLock, "__exit__", let_go)
    folder.execute(c.RaiseHand("Ana"))
    monkeypatch.undo()
    assert not pending
    assert [hand.name for hand in folder.live().state().hands] == ["Ana", "Ben"]


def test_a_command_s_state_is_shown_before_its_write_and_only_once_it_is_folded(folder):
    folder.start("Mutuality", "Sam")
    path = folder.live().path
    seen = []

    def folded(session_id, state):
        on_disk = json.loads(path.read_bytes())["events"]
        seen.append((session_id, [p.name for p in state.participants.values()], state.last_seq, len(on_disk)))

    folder.execute(c.AddParticipant("Ana"), folded)
    (session_id, names, last_seq, written), = seen
    assert session_id == folder.live().session_id and names == ["Sam", "Ana"]
    assert written == last_seq - 1  # the new event is folded in, not yet on disk
    assert len(json.loads(path.read_bytes())["events"]) == last_seq
    # A refused command and one that changes nothing show nothing.
    with pytest.raises(CommandError):
        folder.execute(c.LowerHand("Nobody"), folded)
    assert folder.execute(c.AddParticipant("Ana"), folded).message == "Ana is already here"
    assert len(seen) == 1
