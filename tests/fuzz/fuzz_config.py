"""Fuzz the config loader with arbitrary TOML text: it may only raise ConfigError."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import instrument, run

with instrument():
    from kiosk.config import config_from_mapping
    from kiosk.errors import ConfigError


def one_input(data: bytes) -> None:
    try:
        raw = tomllib.loads(data.decode("utf-8", "replace"))
    except tomllib.TOMLDecodeError:
        return
    try:
        config_from_mapping(raw)
    except ConfigError:
        return


if __name__ == "__main__":
    run(one_input)
