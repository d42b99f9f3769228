"""Counting private words where they must not be: in the plain files under a folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ipstui.store.atomic import MAX_DATA_BYTES


def count_in_files(root: Path, word: str) -> int:
    """How many times `word` is in the plain files under `root` (links and FIFOs not followed)."""
    count = 0
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_DATA_BYTES:
                count += path.read_bytes().count(word.encode())
    return count
