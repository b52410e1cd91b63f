"""Naming what broke an audit chain: which entry first, and whether it was edited, deleted,
inserted or reordered.

Runs only after the fast walk in :meth:`kiosk.storage.audit.AuditLog.verify` found a break, over
the rows ``(seq, time, kiosk_id, event, data, prev_hash, hash)`` in ``seq`` order. The hash of
an entry covers its ``seq``, so a renumbered entry also fails its own hash; the chain links
(``prev_hash``) are therefore read first, and the hash check last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64
SEQ, PREV_HASH, HASH = 0, 5, 6


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    kind: str  # edited | deleted | inserted | reordered | forged (its signature fails)
    detail: str


def diagnose(
    rows: Sequence[tuple[Any, ...]], index: int, hash_of: Callable[..., str]
) -> AuditProblem:
    """The problem at ``rows[index]``, the first row that failed the walk."""
    row = rows[index]
    seq = row[SEQ]
    expected = rows[index - 1][SEQ] + 1 if index else 1
    previous = rows[index - 1][HASH] if index else GENESIS_HASH
    if seq != expected:
        return AuditProblem(expected, "deleted", f"entries {expected}..{seq - 1} are missing")
    if row[PREV_HASH] != previous:
        return _broken_link(rows, index, previous, hash_of)
    return AuditProblem(seq, "edited", f"entry {seq}'s content does not match its hash")


def _broken_link(
    rows: Sequence[tuple[Any, ...]], index: int, previous: str, hash_of: Callable[..., str]
) -> AuditProblem:
    row = rows[index]
    seq = row[SEQ]
    later = {r[HASH]: r[SEQ] for r in rows[index + 1 :]}
    if row[PREV_HASH] in later:
        return AuditProblem(
            seq, "reordered", f"entry {seq} belongs after entry {later[row[PREV_HASH]]}"
        )
    if index + 1 < len(rows) and rows[index + 1][PREV_HASH] == previous:
        return AuditProblem(
            seq, "inserted", f"entry {seq} was inserted: the entry after it chains past it"
        )
    earlier = {r[HASH]: position for position, r in enumerate(rows[: max(index - 1, 0)])}
    if row[PREV_HASH] in earlier:
        first = rows[earlier[row[PREV_HASH]] + 1][SEQ]
        return AuditProblem(
            first, "inserted", f"entries {first}..{seq - 1} were inserted into the chain"
        )
    if hash_of(*row[:HASH]) == row[HASH] and index:
        before = rows[index - 1][SEQ]
        return AuditProblem(
            before, "edited", f"entry {before} was rewritten: entry {seq} no longer chains to it"
        )
    return AuditProblem(
        seq, "deleted", f"the entry that entry {seq} chains from is missing (entries removed)"
    )
