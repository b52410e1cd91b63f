"""python-escpos's capabilities pickle, kept in the kiosk's cache folder so starts reuse it.

On import python-escpos reads its 96 KB ``capabilities.json`` with PyYAML's pure-Python parser
(0.25 s on an idle machine, over 1 s on a busy one) and pickles the result into
``$ESCPOS_CAPABILITIES_PICKLE_DIR``, which defaults to a fresh ``mkdtemp()`` on every import: the
pickle is never found again, every kiosk start pays the parse and leaves a folder in /tmp. Before
python-escpos is imported, :func:`prepare_capabilities_cache` points that variable at the kiosk's
cache folder and writes the pickle there itself, atomically (the file is JSON, so ``json`` reads
it in a millisecond), so concurrent kiosk processes never read a half-written pickle.
"""

from __future__ import annotations

import json
import os
import pickle
import platform
import tempfile
from collections.abc import MutableMapping
from importlib import resources
from pathlib import Path

from platformdirs import user_cache_dir

PICKLE_DIR_VARIABLE = "ESCPOS_CAPABILITIES_PICKLE_DIR"
CACHE_APP_NAME = "nemid-kiosk"
PICKLE_PROTOCOL = 2  # what python-escpos itself writes


def pickle_path(folder: Path) -> Path:
    """The file name python-escpos looks for in its pickle folder."""
    return folder / f"{platform.python_version()}.capabilities.pickle"


def prepare_capabilities_cache(environ: MutableMapping[str, str] = os.environ) -> Path | None:
    """Set the pickle folder (unless already set) and fill it; None when no folder is writable.

    Without a writable folder python-escpos keeps its own behaviour (a temporary folder).
    """
    folder = Path(
        environ.get(PICKLE_DIR_VARIABLE) or Path(user_cache_dir(CACHE_APP_NAME)) / "escpos"
    )
    source = resources.files("escpos") / "capabilities.json"
    target = pickle_path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with resources.as_file(source) as source_path:
            if not target.exists() or target.stat().st_mtime < source_path.stat().st_mtime:
                _write_atomically(target, json.loads(source_path.read_text(encoding="utf-8")))
    except OSError:
        return None
    environ[PICKLE_DIR_VARIABLE] = str(folder)
    return target


def _write_atomically(target: Path, capabilities: object) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(capabilities, out, protocol=PICKLE_PROTOCOL)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
