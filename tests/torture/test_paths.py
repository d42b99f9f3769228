"""No session id, import or export name, nor a link planted in the data folder, writes anywhere else."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ipstui.store import DataFolder
from ipstui.store.errors import UnknownSession
from ipstui.store.presence import Presence
from tests.e2e.conftest import Cli, Result, cli  # noqa: F401  (the fixture)

CANARY = b"canary: must never change\n"


def tree(root: Path, skip: Path | None = None) -> dict[str, tuple[bytes, int]]:
    """Every file and link under `root` (not following links), with its bytes or target and mode."""
    found = {}
    for folder, dirs, files in os.walk(root):
        if skip is not None and Path(folder) == skip:
            dirs[:] = []
            continue
        for name in files + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            path = Path(folder) / name
            info = os.lstat(path)
            content = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            found[str(path.relative_to(root))] = (content, info.st_mode)
    return found


def one_clear_line(result: Result) -> bool:
    """Success, or exit 2 with one line saying what is wrong (never a traceback)."""
    if result.code == 0:
        return True
    lines = result.err.strip().splitlines()
    return result.code == 2 and len(lines) == 1 and lines[0].startswith("ipstui: error:")


ESCAPING_IDS = ["../../x", "../group", "/etc/passwd", "..", ".", "2026-11-28/../../x", "2026-11-28\n",
                "session-2026-11-28", "2026-11-28.json", "2026-11-28/", "~/x", "2026-11-28-1000", " 2026-11-28"]


@pytest.mark.reliability("paths", "session ids and data file names")
def test_no_session_id_or_file_name_reaches_outside_the_data_folder(cli: Cli, tmp_path: Path, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("end")
    before = tree(tmp_path)
    outcomes = []
    for session in ESCAPING_IDS:
        for args in (["report", session], ["report", session, "--format", "csv"], ["recover", session]):
            result = cli(*args, check=False)
            outcomes.append(result.code == 2 and one_clear_line(result))
        with pytest.raises(UnknownSession):
            DataFolder(cli.db).session_file(session)
        outcomes.append(True)
    after = tree(tmp_path)
    for outcome in outcomes:
        ledger.tried(survived=outcome and after == before)
    assert outcomes == [True] * len(outcomes)
    assert after == before


@pytest.mark.reliability("paths", "session ids inside an imported backup")
def test_a_backup_naming_sessions_outside_the_folder_is_refused_whole(cli: Cli, tmp_path: Path, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    exported = tmp_path / "out" / "backup.json"
    exported.parent.mkdir()
    cli("export", "--output", str(exported))
    backup = json.loads(exported.read_bytes())
    real = next(iter(backup["sessions"].values()))
    tries = []
    for session in ESCAPING_IDS:
        hostile = tmp_path / "hostile.json"
        hostile.write_text(json.dumps({**backup, "sessions": {session: real}}))
        target = tmp_path / "restored"
        before = tree(tmp_path)
        result = cli("--db", str(target), "import-backup", str(hostile), check=False)
        tries.append(result.code == 2 and one_clear_line(result) and tree(tmp_path) == before)
    for outcome in tries:
        ledger.tried(survived=outcome)
    assert tries == [True] * len(tries)


@pytest.mark.reliability("paths", "export --output names")
def test_an_export_writes_its_named_file_and_nothing_else(cli: Cli, tmp_path: Path, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    out = tmp_path / "out"
    out.mkdir()
    canary = tmp_path / "canary"
    canary.write_bytes(CANARY)
    (out / "link.json").symlink_to(canary)
    (out / "planted.csv.tmp").symlink_to(canary)
    tries = []
    for fmt in ("json", "csv"):
        for _ in range(2):  # the second time over the first file
            cli("export", "--format", fmt, "--output", str(out / f"new.{fmt}"))
            tries.append(sorted(p.name for p in out.iterdir()) ==
                         sorted({"link.json", "planted.csv.tmp", "new.json"} | ({"new.csv"} if fmt == "csv" else set())))
    refused = [cli("export", "--output", str(out / "link.json"), check=False), cli("export", "--output", str(out), check=False)]
    tries += [result.code == 2 and one_clear_line(result) for result in refused]
    cli("export", "--format", "csv", "--output", str(out / "planted.csv"))
    tries.append(canary.read_bytes() == CANARY and (out / "link.json").is_symlink())
    for outcome in tries:
        ledger.tried(survived=outcome)
    assert tries == [True] * len(tries)
    assert json.loads((out / "new.json").read_bytes())["kind"] == "ipstui-backup"


PLANTED = ["session-{id}.json", "session-{id}.json.bak", "session-{id}.json.lock", "session-{id}.json.tmp",
           "session-{id}.json.bak.tmp", "group.json", "group.json.bak", "group.json.lock", "group.json.tmp",
           "group.json.bak.tmp"]


@pytest.mark.reliability("paths", "symbolic links planted in the data folder")
@pytest.mark.parametrize("planted", PLANTED)
def test_a_planted_link_is_never_written_through(planted: str, cli: Cli, tmp_path: Path, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Ana")
    session_id = json.loads(cli("report", "--format", "json").out)["session"]["id"]
    canary = tmp_path / "canary"
    canary.write_bytes(CANARY)
    os.chmod(canary, 0o644)
    link = cli.db / planted.format(id=session_id)
    link.unlink(missing_ok=True)
    link.symlink_to(canary)
    results = [cli("participant", "add", "Ben", check=False), cli("chat", "add", "--author", "Ben", "hello", check=False),
               cli("agreement", "edit", "1", "One voice.", check=False), cli("init", check=False),
               cli("end", check=False)]
    unchanged = canary.read_bytes() == CANARY and os.stat(canary).st_mode & 0o777 == 0o644
    clear = [one_clear_line(result) for result in results]
    for outcome in clear:
        ledger.tried(survived=outcome and unchanged)
    assert clear == [True] * len(results), [r.err for r in results]
    assert unchanged
    refused = [r for r in results if r.code != 0]
    assert all(canary.name not in r.err or planted.format(id=session_id) in r.err for r in refused)


@pytest.mark.reliability("paths", "presence folder, file and temp file as links")
def test_presence_never_writes_or_tidies_through_a_link(tmp_path: Path, ledger):
    now = datetime.now(timezone.utc)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    old = elsewhere / "someone.json"
    old.write_text(json.dumps({"seen_at": "2020-01-01T00:00:00+00:00"}))
    canary = tmp_path / "canary"
    canary.write_bytes(CANARY)
    tries = []
    for case in ("folder", "file", "temp"):
        root = tmp_path / case
        root.mkdir()
        presence = Presence(root, "sam", "host:pts/1")
        if case == "folder":
            (root / "presence").symlink_to(elsewhere)
        else:
            (root / "presence").mkdir()
            planted = presence.path if case == "file" else presence.path.with_suffix(".tmp")
            planted.symlink_to(canary)
        before = tree(tmp_path, skip=root)
        presence.beat(now)
        presence.peers(now)
        presence.leave()
        tries.append(tree(tmp_path, skip=root) == before)
    for outcome in tries:
        ledger.tried(survived=outcome)
    assert tries == [True, True, True]
