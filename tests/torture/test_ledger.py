"""The ledger that writes RELIABILITY.md counts what tests tell it."""

from __future__ import annotations

from tests.reliability import Ledger, Row


def test_a_row_fails_when_any_try_did_not_survive_or_lost_an_action():
    book = Ledger("faults", "example")
    book.tried(times=3)
    assert book.row.result == "survived"
    book.tried(survived=False)
    assert (book.row.tried, book.row.survived, book.row.result) == (4, 3, "FAILED")
    lossy = Row("faults", "lossy", tried=1, survived=1, lost=1)
    assert lossy.result == "FAILED"
