"""Limits on what the kiosk reads from files and the command line, checked without recursion.

Parsed TOML and JSON deeper than :data:`MAX_NESTING` levels is refused (a deeper document is
either a mistake or an attack on the parser), and so are numbers that are not finite. Each check
returns what is wrong, in one line, or "" when the value is fine; the caller raises its own error.
"""

from __future__ import annotations

import math

MAX_NESTING = 32


def nesting_problem(value: object) -> str:
    """'' when ``value`` (parsed JSON or TOML) nests at most :data:`MAX_NESTING` levels."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = list(item)
        else:
            continue
        if depth > MAX_NESTING:
            return f"nested deeper than {MAX_NESTING} levels"
        stack.extend((child, depth + 1) for child in children)
    return ""


def too_deep() -> str:
    """The message for a document too deep for the parser itself (RecursionError)."""
    return f"nested deeper than {MAX_NESTING} levels"


def positive_seconds(text: str) -> float:
    """``text`` as a finite number of seconds above 0 (an argparse ``type``). Raises ValueError."""
    value = float(text)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{text!r} is not a number of seconds above 0")
    return value
