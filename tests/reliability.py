"""A ledger of abuse: each torture test records what it tried, and the run writes RELIABILITY.md.

A test takes the `ledger` fixture and calls `ledger.tried(...)` once per attempt with whether
the product survived it, how many acknowledged actions were lost, and how many private words
leaked where they must not be (a watch screen, a shareable export, a file left behind). When the test fails, its
row says so, whatever it recorded. Rows of classes that did not run this time are kept from
the previous file, with the date they last ran, so a partial run never hides a class.
"""

from __future__ import annotations

import platform
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parent.parent / "RELIABILITY.md"
ROW = re.compile(r"^\| (?P<area>[^|]+?) \| (?P<what>[^|]+?) \| (?P<tried>\d+) \| (?P<survived>\d+) "
                 r"\| (?P<lost>\d+) (?:\| (?P<leaked>\d+) )?\| (?P<result>[^|]+?) \| (?P<ran>[^|]+?) \|$")
HEADER = "| area | fault or input | tried | survived | lost | leaked | result | last run |"


@dataclass
class Row:
    area: str
    what: str
    tried: int = 0
    survived: int = 0
    lost: int = 0
    leaked: int = 0
    failed: bool = False
    ran: str = ""

    @property
    def result(self) -> str:
        if self.failed or self.survived < self.tried or self.lost or self.leaked:
            return "FAILED"
        return "survived"


@dataclass
class Ledger:
    """What one test tried; filled in by the test, folded into the run's rows."""

    area: str
    what: str
    row: Row = field(init=False)

    def __post_init__(self) -> None:
        self.row = Row(self.area, self.what)

    def tried(self, survived: bool = True, lost: int = 0, times: int = 1, leaked: int = 0) -> None:
        """Count `times` attempts of this fault or input; `leaked`: private words seen where they must not be."""
        self.row.tried += times
        self.row.survived += times if survived else 0
        self.row.lost += lost
        self.row.leaked += leaked


_rows: dict[tuple[str, str], Row] = {}


def _key(row: Row) -> tuple[str, str]:
    return (row.area, row.what)


@pytest.fixture
def ledger(request: pytest.FixtureRequest):
    """Ledger for this test; mark the test with @pytest.mark.reliability(area, what)."""
    marker = request.node.get_closest_marker("reliability")
    if marker is None:
        raise pytest.UsageError(f"{request.node.nodeid} uses `ledger` without @pytest.mark.reliability")
    area, what = marker.args
    book = Ledger(area, what)
    yield book
    report = getattr(request.node, "_reliability_call", None)
    book.row.failed = report is None or report.failed
    _merge(book.row)


def _merge(row: Row) -> None:
    """Add one test's (or one worker's) counts to the run's row of the same class."""
    merged = _rows.setdefault(_key(row), Row(row.area, row.what))
    merged.tried += row.tried
    merged.survived += row.survived
    merged.lost += row.lost
    merged.leaked += row.leaked
    merged.failed = merged.failed or row.failed


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "reliability(area, what): a torture test whose tries go to RELIABILITY.md")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item._reliability_call = report  # type: ignore[attr-defined]


def _previous() -> dict[tuple[str, str], Row]:
    if not REPORT.exists():
        return {}
    rows = {}
    for line in REPORT.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match and match["area"] != "area":
            row = Row(match["area"], match["what"], int(match["tried"]), int(match["survived"]),
                      int(match["lost"]), int(match["leaked"] or 0), match["result"] == "FAILED", match["ran"])
            rows[_key(row)] = row
    return rows


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """Under pytest-xdist: a worker's rows come back to the one process that writes the file."""
    for fields in getattr(node, "workeroutput", {}).get("reliability", []):
        _merge(Row(**fields))


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["reliability"] = [asdict(row) for row in _rows.values()]
        return
    if not _rows:
        return
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = _previous()
    for key, row in _rows.items():
        row.ran = stamp
        rows[key] = row
    ordered = sorted(rows.values(), key=lambda r: (r.area, r.what))
    tried = sum(r.tried for r in ordered)
    lost = sum(r.lost for r in ordered)
    leaked = sum(r.leaked for r in ordered)
    failed = [r for r in ordered if r.result == "FAILED"]
    lines = [
        "# Reliability",
        "",
        "Written by the test suite (`pytest tests/torture`, and the whole suite): every fault and",
        "hostile input class the torture tests try, how many times, how many times the product",
        "survived it, how many acknowledged actions were lost, and how many private words leaked",
        "(to a watch screen, a shareable export, or a copy left in the folder). A row whose test",
        "failed says FAILED. Rows keep the time of the run that last tried them.",
        "",
        f"Last written {stamp} on {platform.node() or 'this machine'}, Python {platform.python_version()}.",
        f"In all: {tried} tries, {tried - sum(r.tried - r.survived for r in ordered)} survived, "
        f"lost {lost}, leaked {leaked}, {len(failed)} class(es) failed.",
        "",
        HEADER,
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for row in ordered:
        lines.append(f"| {row.area} | {row.what} | {row.tried} | {row.survived} | {row.lost} | {row.leaked} | {row.result} | {row.ran} |")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
