"""The methods `dataclasses` writes for each dataclass, compiled once and kept like bytecode.

Every `@dataclass` makes its `__init__`, `__repr__`, `__eq__` (and `__setattr__`, `__hash__`
for a frozen one) by writing their source and compiling it, in every process, at import: for
the fifty dataclasses a command loads, most of what their building costs. The source depends
only on the class's definition, so its compiled code is kept, by source text, in one file
beside the package's own bytecode (`__pycache__`), read by the next process instead of
compiling again. A source not in the file is compiled as before and added when the process
ends.

The file is trusted as the bytecode beside it is, and no more: it is read only if it is a
plain file owned by this user (or by root) that nobody else may write, and anything that
does not read back as a table of source texts and marshalled code is ignored and made anew.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import os
import stat
import sys
from pathlib import Path
from typing import Any

# Which interpreter wrote a file: code objects are read only by the version that wrote them.
_HEADER = f"ipstui methods 2 {sys.implementation.cache_tag} {sys.hexversion:x}\n".encode("ascii")
# More sources than this means the file holds those of older versions of ipstui: kept anew.
_MOST = 2000


def default_path() -> Path:
    """Where the installed package keeps its compiled methods, beside its own bytecode."""
    return Path(__file__).parent / "__pycache__" / f"dataclass-methods.{sys.implementation.cache_tag}.bin"


class MethodCache:
    """Compiled methods by their source; `exec` for the dataclasses module."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Each method's code as marshal keeps it, made a code object only if this process uses it.
        self.code: dict[str, bytes] = _read(path)
        self.used: set[str] = set()
        self.added = 0

    def exec(self, source: Any, globals: Any = None, locals: Any = None) -> None:
        """`exec` as dataclasses calls it, the compiling done once per source."""
        if type(source) is not str:
            return builtins.exec(source, globals, locals)
        code = _code(self.code.get(source))
        if code is None:
            # The name exec gives a string, so tracebacks read as before; none of this module's
            # __future__ flags (its annotations would stay strings).
            code = compile(source, "<string>", "exec", dont_inherit=True)
            self.code[source] = marshal.dumps(code)
            self.added += 1
        self.used.add(source)
        return builtins.exec(code, globals, locals)

    def save(self) -> None:
        """Write the file again if this process compiled anything new (where it may: else not)."""
        if not self.added:
            return
        keep = self.code if len(self.code) <= _MOST else {source: self.code[source] for source in self.used}
        temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(exist_ok=True)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as out:
                out.write(_HEADER + marshal.dumps(keep))
            os.replace(temp, self.path)
        except (OSError, ValueError):
            # A package installed read-only compiles as before; a half-written file is never left.
            try:
                temp.unlink()
            except OSError:
                pass


def _read(path: Path) -> dict[str, Any]:
    """The compiled methods kept in `path`, or none if it is not a sound file this user may trust."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return {}
    try:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid not in (0, os.geteuid())
                or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or info.st_size > 16 << 20):
            return {}
        with os.fdopen(os.dup(fd), "rb") as file:
            raw = file.read()
    except OSError:
        return {}
    finally:
        os.close(fd)
    if not raw.startswith(_HEADER):
        return {}
    try:
        code = marshal.loads(memoryview(raw)[len(_HEADER):])
    except (EOFError, ValueError, TypeError):
        return {}
    if type(code) is not dict or not all(type(key) is str and type(value) is bytes for key, value in code.items()):
        return {}
    return code


def _code(kept: bytes | None) -> Any:
    """The code object `kept` holds, or None (then the source is compiled again)."""
    if kept is None:
        return None
    try:
        code = marshal.loads(kept)
    except (EOFError, ValueError, TypeError):
        return None
    return code if type(code) is _CODE else None


_CODE = type(compile("", "<string>", "exec"))


class _InspectOnFirstUse:
    """What `dataclasses` is given for `inspect`: the real module, loaded at its first use."""

    __spec__ = None  # what the import system asks of a module already in sys.modules

    def __getattr__(self, name: str) -> Any:
        import dataclasses
        import inspect

        dataclasses.inspect = inspect  # type: ignore[attr-defined]
        return getattr(inspect, name)


def _dataclasses_without_inspect() -> None:
    """Import `dataclasses` without `inspect` (and the `ast`, `dis` and `tokenize` it loads).

    dataclasses uses it once: a signature for the docstring of a class that has none (none of
    those a command or the live console loads). It gets a stand-in that loads the real module
    at the first attribute read of it; every other importer of `inspect` gets the real one.
    """
    if "dataclasses" in sys.modules or "inspect" in sys.modules:
        return
    sys.modules["inspect"] = _InspectOnFirstUse()  # type: ignore[assignment]
    try:
        __import__("dataclasses")
    finally:
        del sys.modules["inspect"]


def install(path: Path | None = None) -> MethodCache:
    """Have every dataclass made from now on use the methods kept in `path` (saved at exit)."""
    _dataclasses_without_inspect()
    cache = MethodCache(path or default_path())
    import dataclasses

    # dataclasses compiles each method with the builtin exec, looked up in its own globals first.
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]
    atexit.register(cache.save)
    return cache
