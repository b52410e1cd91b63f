"""The password KDF's cost: peppered scrypt at the config's parameters and the choices around it.

``python -m benchmarks.bench_password_kdf [--repeats N] [--json]``. One figure per scrypt N (r=8,
p=1): the median time of one hash, which is also one verification (a citizen waits on it, so the
configured default has a budget of 250 ms) and one guess for someone who holds the key file.
The detail gives the memory each guess needs (128 * N * r bytes) and what trying every 6-digit
password costs in core-hours. Without the key file no guess can be checked at all: the pepper
(:mod:`kiosk.storage.authority_keys`) is a 256-bit secret.
"""

from __future__ import annotations

import argparse
import json
import sys

from benchmarks.figures import Figure, median_ms, timed_runs
from kiosk.config import KioskConfig
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.key_files import password_kdf
from kiosk.storage.secret_hashes import ScryptParameters

VERIFY_BUDGET_MS = 250.0
DEFAULT_REPEATS = 5
SIX_DIGIT_PASSWORDS = 10**6
CHOICES = (2**14, 2**15, 2**16, 2**17)
QUICK_CHOICES = (2**14, 2**15)


def measure(quick: bool = False, repeats: int = DEFAULT_REPEATS) -> list[Figure]:
    configured = password_kdf(KioskConfig())
    figures = []
    for n in QUICK_CHOICES if quick else CHOICES:
        cost = ScryptParameters(n=n, r=configured.r, p=configured.p, maxmem=256 * 1024 * 1024)
        keys = AuthorityKeys.generate(cost)
        milliseconds = median_ms(timed_runs(lambda k=keys: k.hash_password("482913"), repeats))
        core_hours = SIX_DIGIT_PASSWORDS * milliseconds / 1000 / 3600
        is_default = n == configured.n
        figures.append(
            Figure(
                f"password KDF, scrypt N=2^{n.bit_length() - 1}"
                + (" (default)" if is_default else ""),
                milliseconds,
                "ms",
                VERIFY_BUDGET_MS if is_default else None,
                f"{128 * n * cost.r // 2**20} MiB a guess; all 6-digit passwords "
                f"{core_hours:.0f} core-hours WITH the key file, impossible without it",
            )
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(repeats=max(args.repeats, 1))
    if args.json:
        print(json.dumps([figure.__dict__ for figure in figures], ensure_ascii=False))
    else:
        for figure in figures:
            print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
