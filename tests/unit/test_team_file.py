"""Who may connect is the server operator's alone, even in a folder shared with the group."""

from __future__ import annotations

import grp
import os
import stat
from datetime import datetime, timezone

import pytest

from ipstui.serve.keys import host_key
from ipstui.store import DataFolder
from ipstui.store.atomic import FileMode
from ipstui.store.errors import UnsafeFile
from ipstui.store.team import HOST_KEY, TEAM_FILE, TeamFile

NOW = datetime(2026, 12, 5, 22, 0, tzinfo=timezone.utc)
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDUm0uNNXeMPWpdL6IL/NZOS9vVVjKYM2cqeP16jhTAa"
FINGERPRINT = "SHA256:" + "A" * 43


def shared(tmp_path) -> tuple[DataFolder, FileMode]:
    root = tmp_path / "db"
    DataFolder.share(root, grp.getgrgid(os.getgid()).gr_name)
    return DataFolder(root), FileMode(os.getgid())


def mode_of(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_the_team_file_is_owner_only_in_a_shared_folder(tmp_path):
    folder, mode = shared(tmp_path)
    TeamFile(folder.root, mode).add("Maya", KEY, FINGERPRINT, "moderator", NOW)
    assert mode_of(folder.root / TEAM_FILE) == 0o600
    assert [member.name for member in TeamFile(folder.root, mode).members()] == ["Maya"]


def test_a_team_file_others_may_write_is_refused_not_trusted(tmp_path):
    folder, mode = shared(tmp_path)
    TeamFile(folder.root, mode).add("Maya", KEY, FINGERPRINT, "moderator", NOW)
    os.chmod(folder.root / TEAM_FILE, 0o660)  # as a group member's own copy put in its place would be
    with pytest.raises(UnsafeFile, match="says whose keys may connect"):
        TeamFile(folder.root, mode).members()


def test_sharing_the_folder_leaves_the_servers_own_files_to_the_operator(tmp_path):
    root = tmp_path / "db"
    DataFolder.share(root, None)
    host_key(root, FileMode())
    TeamFile(root).add("Maya", KEY, FINGERPRINT, "moderator", NOW)
    (root / "group.json").write_text("{}")
    DataFolder.share(root, grp.getgrgid(os.getgid()).gr_name)
    assert mode_of(root / HOST_KEY) == 0o600 and mode_of(root / TEAM_FILE) == 0o600
    assert mode_of(root / "group.json") == 0o660


def test_a_host_key_others_may_read_is_refused_with_its_reason(tmp_path):
    root = tmp_path / "db"
    DataFolder.share(root, None)
    host_key(root, FileMode())
    os.chmod(root / HOST_KEY, 0o640)
    with pytest.raises(UnsafeFile, match="the host key must be yours and readable by you alone"):
        host_key(root, FileMode())
