"""The console keeps running whatever the data folder holds: a refused file is a message, not a crash."""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

from ipstui.store import StoreError

Method = TypeVar("Method", bound=Callable[..., Any])

# What the data folder can raise at a console: a damaged, planted or locked file, or the
# file system itself (a folder made unreadable, a failing disk).
FOLDER_ERRORS = (StoreError, OSError)


def folder_error_text(error: Exception) -> str:
    """One line for the person at the keys."""
    if isinstance(error, OSError) and not isinstance(error, StoreError):
        where = f": {error.filename}" if error.filename else ""
        return f"cannot use the data folder ({error.strerror or error}{where}); nothing was changed"
    return str(error)


def carrying_on(method: Method) -> Method:
    """A console entry point that, when the data folder refuses it, says why and carries on."""

    @functools.wraps(method)
    def guarded(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except FOLDER_ERRORS as error:
            self.say(folder_error_text(error), "error", 15)
            return None

    return guarded  # type: ignore[return-value]
