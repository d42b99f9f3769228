"""Fixtures shared by every tier."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipstui.domain.clock import ManualClock
from ipstui.store import DataFolder
from tests.helpers import T0

pytest_plugins = ["tests.reliability"]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def folder(tmp_path: Path, clock: ManualClock) -> DataFolder:
    return DataFolder(tmp_path / "db", clock=clock, actor="sam", terminal="test:1")


# The files that take minutes run first: the two workers then share out the rest around them
# instead of one waiting alone at the end.
LONG_FIRST = ("tests/torture/test_soak.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in LONG_FIRST)
