"""python-escpos's capabilities pickle is written once, atomically, where later starts find it.

Without it every kiosk start re-parsed capabilities.json with PyYAML (benchmarks/bench_startup).
"""

from __future__ import annotations

import json
import pickle
from importlib import resources
from pathlib import Path

from drivers.printer.escpos_cache import (
    PICKLE_DIR_VARIABLE,
    pickle_path,
    prepare_capabilities_cache,
)


def test_the_pickle_holds_the_capabilities_and_the_variable_points_at_it(tmp_path: Path) -> None:
    environ = {PICKLE_DIR_VARIABLE: str(tmp_path / "cache")}
    written = prepare_capabilities_cache(environ)
    assert written == pickle_path(tmp_path / "cache")
    expected = json.loads((resources.files("escpos") / "capabilities.json").read_text("utf-8"))
    assert pickle.loads(written.read_bytes()) == expected
    assert environ[PICKLE_DIR_VARIABLE] == str(tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_an_existing_fresh_pickle_is_kept(tmp_path: Path) -> None:
    environ = {PICKLE_DIR_VARIABLE: str(tmp_path)}
    first = prepare_capabilities_cache(environ)
    assert first is not None
    stamp = first.stat().st_mtime_ns
    assert prepare_capabilities_cache(environ) == first
    assert first.stat().st_mtime_ns == stamp


def test_an_unwritable_folder_leaves_python_escpos_its_own_default(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    environ = {PICKLE_DIR_VARIABLE: str(blocker / "cache")}
    assert prepare_capabilities_cache(environ) is None
