"""Reading a file to import: a plain file of bounded size, never a link, a FIFO or a device."""

from __future__ import annotations

from pathlib import Path

from ipstui.store.atomic import MAX_IMPORT_BYTES, read_regular
from ipstui.store.errors import StoreError, UnsafeFile


class ImportFileError(StoreError):
    """A file to import cannot be read, or is not a plain file of a sensible size."""


def read_import_bytes(path: Path) -> bytes:
    """The bytes of `path`, a plain file of at most MAX_IMPORT_BYTES; ImportFileError otherwise."""
    try:
        return read_regular(Path(path), MAX_IMPORT_BYTES)
    except UnsafeFile as error:
        raise ImportFileError(f"cannot import {path}: {error.reason}; give the saved file itself, "
                              "nothing was imported") from None
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror}; nothing was imported") from None


def read_import(path: Path) -> str:
    """The text of `path` (undecodable bytes kept as surrogates for the parser to name)."""
    return read_import_bytes(path).decode("utf-8", "surrogateescape")
