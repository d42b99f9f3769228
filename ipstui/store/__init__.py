"""Storage on TinyDB files: atomic writes, locked transactions, session and group files."""

from ipstui.store.errors import DamagedFile, DataFolderError, StoreError
from ipstui.store.folder import DataFolder

__all__ = ["DataFolder", "DamagedFile", "DataFolderError", "StoreError"]
