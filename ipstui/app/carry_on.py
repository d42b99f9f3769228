"""What the data folder can raise at a console, and how it is said: a refused file is a message, not a crash."""

from __future__ import annotations

from ipstui.store import StoreError

# What the data folder can raise at a console: a damaged, planted or locked file, or the
# file system itself (a folder made unreadable, a failing disk).
FOLDER_ERRORS = (StoreError, OSError)


def folder_error_text(error: Exception) -> str:
    """One line for the person at the keys."""
    if isinstance(error, OSError) and not isinstance(error, StoreError):
        where = f": {error.filename}" if error.filename else ""
        return f"cannot use the data folder ({error.strerror or error}{where}); nothing was changed"
    return str(error)
