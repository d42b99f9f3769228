"""The dataclass methods kept compiled between processes (ipstui/method_cache.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ipstui.method_cache import MethodCache, _read

# A process that installs the cache at `path`, builds dataclasses of every shape the domain
# uses, and reports how many methods it had to compile and how the classes behave.
SCRIPT = """
import dataclasses, json, sys
from pathlib import Path
from ipstui.method_cache import install
cache = install(Path(sys.argv[1])) if sys.argv[1] != "-" else None
from dataclasses import dataclass, field, FrozenInstanceError

@dataclass(frozen=True)
class Point:
    x: int
    y: int = 0

@dataclass
class Bag:
    name: str
    items: list = field(default_factory=list)

@dataclass(frozen=True, slots=True)
class Slotted:
    a: str

try:
    Point(1).x = 5
    frozen = False
except FrozenInstanceError:
    frozen = True
bag = Bag("b")
bag.items.append(1)
print(json.dumps({
    "compiled": cache.added if cache else None,
    "used": len(cache.used) if cache else None,
    "annotations": [repr(Point.__init__.__annotations__), repr(Bag.__init__.__annotations__)],
    "signature": Point.__doc__,
    "repr": [repr(Point(1, 2)), repr(Bag("b")), repr(Slotted("s"))],
    "eq": [Point(1) == Point(1, 0), Point(1) == Point(2), hash(Point(1)) == hash(Point(1, 0))],
    "frozen": frozen,
    "fresh_default": Bag("c").items == [],
    "slots": hasattr(Slotted("s"), "__dict__"),
}))
"""


def _run(path: Path | str) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    return json.loads(done.stdout)


def test_a_second_process_compiles_no_method_and_its_classes_behave_the_same(tmp_path):
    path = tmp_path / "methods.bin"
    first = _run(path)
    assert first["compiled"] > 0 and first["compiled"] == first["used"]
    assert path.is_file() and len(_read(path)) == first["compiled"]
    second = _run(path)
    assert second["compiled"] == 0 and second["used"] == first["used"]
    # The same classes, whichever way their methods came.
    assert {key: value for key, value in second.items() if key != "compiled"} == \
        {key: value for key, value in first.items() if key != "compiled"}
    assert second["repr"] == ["Point(x=1, y=2)", "Bag(name='b', items=[])", "Slotted(a='s')"]
    assert second["eq"] == [True, False, True] and second["frozen"] and second["fresh_default"]
    assert not second["slots"]
    # And as dataclasses makes them without any kept methods.
    plain = _run("-")
    assert {key: value for key, value in second.items() if key not in ("compiled", "used")} == \
        {key: value for key, value in plain.items() if key not in ("compiled", "used")}


def test_a_damaged_or_foreign_file_is_ignored_and_made_anew(tmp_path):
    path = tmp_path / "methods.bin"
    for junk in (b"", b"not marshal at all", _header() + b"\x00garbage", _header() + _marshal_of({"a": 1})):
        path.write_bytes(junk)
        assert _read(path) == {}
        result = _run(path)
        assert result["compiled"] > 0 and result["repr"][0] == "Point(x=1, y=2)"
        assert len(_read(path)) == result["compiled"]


def test_a_kept_method_that_is_no_code_is_compiled_again(tmp_path):
    path = tmp_path / "methods.bin"
    first = _run(path)
    kept = _read(path)
    # Every entry replaced by bytes that are no marshalled code object: the file reads, its entries do not.
    path.write_bytes(_header() + _marshal_of({source: b"\x00junk" for source in kept}))
    assert _run(path) == first
    assert len(_read(path)) == first["compiled"]
    cache = MethodCache(path)
    namespace: dict = {}
    cache.exec("def f():\n    return 7\n", {}, namespace)
    assert namespace["f"]() == 7 and cache.added == 1


def test_a_file_others_may_write_is_never_read(tmp_path):
    path = tmp_path / "methods.bin"
    compiled = _run(path)["compiled"]
    assert len(_read(path)) == compiled
    os.chmod(path, 0o666)
    assert _read(path) == {}
    assert _run(path)["compiled"] == compiled  # compiled again, and written back as this user's alone
    assert not path.stat().st_mode & 0o022
    link = tmp_path / "link.bin"
    link.symlink_to(path)
    assert _read(link) == {}


def test_a_folder_it_may_not_write_leaves_methods_compiled_as_before(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    cache = MethodCache(folder / "methods.bin")
    namespace: dict = {}
    cache.exec("def f():\n    return 42\n", {}, namespace)
    assert namespace["f"]() == 42 and cache.added == 1
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            return  # run as root: the folder stays writable, nothing to see
        cache.save()
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_the_console_and_a_command_install_it_before_any_dataclass_is_made():
    # A Python whose dataclasses stopped compiling through `exec` would bring every method back
    # to compiling in every process; this fails then.
    code = ("import dataclasses, ipstui.method_cache as m; seen = []; "
            "c = m.install(m.default_path()); orig = c.exec; "
            "c.exec = lambda *a: (seen.append(1), orig(*a))[1]; dataclasses.exec = c.exec; "
            "exec('from dataclasses import dataclass\\n@dataclass\\nclass A:\\n    x: int'); print(len(seen))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(done.stdout) > 0
    main = (Path(__file__).resolve().parents[2] / "ipstui" / "__main__.py").read_text()
    assert main.index("install()") < main.index("from ipstui.cli import")


def _header() -> bytes:
    from ipstui.method_cache import _HEADER

    return _HEADER


def _marshal_of(value) -> bytes:
    import marshal

    return marshal.dumps(value)


def test_dataclasses_loads_without_inspect_and_gets_it_at_its_first_use(tmp_path):
    code = """
import json, sys
from pathlib import Path
from ipstui.method_cache import install
install(Path(sys.argv[1]))
from dataclasses import dataclass
before = "inspect" in sys.modules

@dataclass
class Documented:
    '''Has its own docstring.'''
    x: int

still_out = "inspect" in sys.modules

@dataclass
class Bare:
    x: int
    y: str = "a"

import inspect
print(json.dumps([before, still_out, Documented.__doc__, Bare.__doc__, type(inspect.signature).__name__,
                  "inspect" in sys.modules]))
"""
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "methods.bin")], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])
    assert json.loads(done.stdout) == [False, False, "Has its own docstring.", "Bare(x: int, y: str = 'a')",
                                       "function", True]
