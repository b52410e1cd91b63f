"""A NemID's credentials (R12): user id, temporary password and code card, made and hashed here.

Every random value comes from :mod:`secrets`. The plain password and codes live only in the
:class:`NewCredential` the caller holds between generation and the printer; what is stored is a
:class:`StoredSecrets`: the password under peppered scrypt and each code under HMAC-SHA256,
both with the authority's current key version, bound to the card serial and the key it sits
beside (:mod:`kiosk.storage.authority_keys`). Sizes come from
``config.rules``. Making and hashing a whole NemID costs one scrypt call plus 148 HMACs;
``benchmarks/bench_issuance.py`` measures it against its 200 ms budget.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.config import RuleSettings
from kiosk.errors import StorageError
from kiosk.storage.authority_keys import AuthorityKeys

# How often a unique number or serial may collide before we suspect the random source or a
# full number space, rather than loop forever.
MAX_UNIQUE_ATTEMPTS = 64
KIOSK_KEY_BYTES = 32
# Card serials carry a letter prefix so a 10-digit serial never reads as a CPR number
# (DDMMYYSSSS) to the audit log's unmasked-CPR guard or a privacy grep.
CARD_SERIAL_PREFIX = "NK"


@dataclass(frozen=True)
class NewCredential:
    """A freshly made NemID (R12). Holds plain secrets: keep it in a local variable only."""

    nemid_number: str
    card_serial: str
    temporary_password: str = field(repr=False)
    code_pairs: tuple[tuple[str, str], ...] = field(repr=False)


@dataclass(frozen=True)
class StoredSecrets:
    """What may be written to a database: the password's scrypt hash and one HMAC per key."""

    password_hash: str
    code_hashes: tuple[tuple[str, str], ...]  # (4-digit key, hex HMAC of the code)


def _digits(count: int, *, leading_zero: bool = True) -> str:
    """``count`` random decimal digits; without ``leading_zero`` the first digit is 1-9."""
    if leading_zero:
        return f"{secrets.randbelow(10**count):0{count}d}"
    low = 10 ** (count - 1)
    return str(low + secrets.randbelow(10**count - low))


def _unique(make: Callable[[], str], exists: Callable[[str], bool], what: str) -> str:
    for _ in range(MAX_UNIQUE_ATTEMPTS):
        candidate = make()
        if not exists(candidate):
            return candidate
    raise StorageError(f"no unused {what} found in {MAX_UNIQUE_ATTEMPTS} attempts")


def new_nemid_number(rules: RuleSettings, exists: Callable[[str], bool]) -> str:
    """A NemID number of ``rules.nemid_number_digits`` digits (no leading 0) not yet issued."""
    return _unique(
        lambda: _digits(rules.nemid_number_digits, leading_zero=False), exists, "NemID number"
    )


def new_card_serial(rules: RuleSettings, exists: Callable[[str], bool]) -> str:
    """``NK`` and ``rules.card_serial_digits`` digits, not yet issued."""
    return _unique(
        lambda: CARD_SERIAL_PREFIX + _digits(rules.card_serial_digits, leading_zero=False),
        exists,
        "card serial",
    )


def new_temporary_password(rules: RuleSettings) -> str:
    """``rules.password_digits`` random digits."""
    return _digits(rules.password_digits)


def new_code_pairs(rules: RuleSettings) -> tuple[tuple[str, str], ...]:
    """``rules.code_card_size`` (key, code) pairs: keys unique, in ascending print order (R12)."""
    key_space = 10**rules.code_card_key_digits
    if rules.code_card_size > key_space:
        raise StorageError(
            f"a card of {rules.code_card_size} keys cannot have unique "
            f"{rules.code_card_key_digits}-digit keys"
        )
    keys = sorted(secrets.SystemRandom().sample(range(key_space), rules.code_card_size))
    return tuple(
        (f"{key:0{rules.code_card_key_digits}d}", _digits(rules.code_card_code_digits))
        for key in keys
    )


def new_credential(
    rules: RuleSettings,
    *,
    number_exists: Callable[[str], bool],
    serial_exists: Callable[[str], bool],
) -> NewCredential:
    """A whole new NemID: unique number and serial, password and code card (R12)."""
    return NewCredential(
        nemid_number=new_nemid_number(rules, number_exists),
        card_serial=new_card_serial(rules, serial_exists),
        temporary_password=new_temporary_password(rules),
        code_pairs=new_code_pairs(rules),
    )


def stored_secrets(credential: NewCredential, keys: AuthorityKeys) -> StoredSecrets:
    """The hashes of a new credential's password and codes, ready for the database."""
    return StoredSecrets(
        password_hash=keys.hash_password(credential.temporary_password),
        code_hashes=tuple(
            (key, keys.hash_code(credential.card_serial, key, code))
            for key, code in credential.code_pairs
        ),
    )


def new_kiosk_key() -> bytes:
    """A fresh secret key for the code HMACs."""
    return secrets.token_bytes(KIOSK_KEY_BYTES)
