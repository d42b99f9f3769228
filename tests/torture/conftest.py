"""Torture tests use the installed command like the end-to-end tests do."""

from tests.e2e.conftest import cli  # noqa: F401
