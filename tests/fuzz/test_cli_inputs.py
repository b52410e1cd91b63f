"""Property: no input file or argument makes a ``kiosk`` command end in a traceback (issue 14).

Random bytes, random TOML and random JSON (hypothesis) go to every command that reads an input
file or argument: ``config check``, ``journey``, ``db info``, ``audit verify``, ``mrz`` and
``cpr``, run in-process through the console script's ``main``. Each must return 0, 1 or 2; an
exception escaping ``main`` is the traceback a user would see.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.cli.main import main

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=30,
)
KEYS = st.sampled_from(
    [
        "demo",
        "kiosk_id",
        "rules",
        "timeouts",
        "devices",
        "security",
        "storage",
        "steps",
        "register",
        "settings",
        "code_card_size",
        "password_digits",
        "printer",
        "x",
    ]
)
TOML_VALUES = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=20,
)


def toml_text(table: dict[str, object]) -> str:
    """``table`` as TOML inline values (tomllib reads it back as written)."""

    def value(item: object) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, float):
            return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(item), repr(item))
        if isinstance(item, (int, str)):
            return json.dumps(item) if isinstance(item, str) else str(item)
        if isinstance(item, list):
            return "[" + ", ".join(value(x) for x in item) + "]"
        assert isinstance(item, dict)
        return "{" + ", ".join(f"{json.dumps(k)} = {value(v)}" for k, v in item.items()) + "}"

    return "".join(f"{json.dumps(key)} = {value(item)}\n" for key, item in table.items())


def run(*argv: str) -> int:
    """``kiosk ARGV`` in-process; the exit code (an escaping exception fails the test)."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(argv))
    assert code in (0, 1, 2), (argv, code)
    return code


def with_file(content: bytes, suffix: str, *argv: str) -> int:
    """Run ``argv`` with ``{file}`` replaced by a temporary file holding ``content``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        return run(*(arg.replace("{file}", str(path)) for arg in argv))


@settings(max_examples=60)
@given(st.binary(max_size=300))
def test_random_bytes_never_end_in_a_traceback(content: bytes) -> None:
    with_file(content, ".toml", "config", "check", "--no-devices", "{file}")
    with_file(content, ".json", "journey", "{file}")
    with_file(content, ".sqlite", "db", "info", "--db", "{file}")
    with_file(content, ".sqlite", "audit", "verify", "--db", "{file}")


@settings(max_examples=60)
@given(st.dictionaries(KEYS, TOML_VALUES, max_size=5))
def test_random_toml_never_ends_in_a_traceback(table: dict[str, object]) -> None:
    assert with_file(
        toml_text(table).encode(), ".toml", "config", "check", "--no-devices", "{file}"
    )


@settings(max_examples=60)
@given(JSON_VALUES)
def test_random_json_never_ends_in_a_traceback(value: object) -> None:
    text = json.dumps(value, allow_nan=True).encode()
    with_file(text, ".json", "journey", "{file}")
    scenario = {"steps": value} if not isinstance(value, dict) else value
    with_file(json.dumps(scenario, allow_nan=True).encode(), ".json", "journey", "{file}")


@settings(max_examples=60)
@given(st.text(max_size=60))
def test_random_arguments_never_end_in_a_traceback(text: str) -> None:
    run("mrz", text)
    run("cpr", text)
