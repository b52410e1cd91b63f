"""How secrets are kept: passwords and PINs under salted scrypt, code-card codes under HMAC.

A password (a NemID's temporary password, the technician PIN) is stored as
``scrypt$n$r$p$salt$hash`` with the cost in :data:`PASSWORD_KDF` (n=2**14, r=8: 16 MiB and
~50 ms a try); a code as the hex HMAC-SHA256 under a secret key (the authority's) of
``serial:key:code``, so equal codes on two cards or two keys hash apart. Both the authority's
repositories and issuance hash through here; verification compares in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

PASSWORD_SCHEME = "scrypt"
SALT_BYTES = 16
CODE_HASH_SCHEME = "hmac-sha256"


@dataclass(frozen=True)
class ScryptParameters:
    """The password KDF's cost, in one place. n=2**14, r=8 needs 16 MiB and ~50 ms."""

    n: int = 2**14
    r: int = 8
    p: int = 1
    dklen: int = 32
    maxmem: int = 64 * 1024 * 1024


PASSWORD_KDF = ScryptParameters()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, params: ScryptParameters = PASSWORD_KDF) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64 salt and hash) for a plain password."""
    salt = secrets.token_bytes(SALT_BYTES)
    derived = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        dklen=params.dklen,
        maxmem=params.maxmem,
    )
    return f"{PASSWORD_SCHEME}${params.n}${params.r}${params.p}${_b64(salt)}${_b64(derived)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches a :func:`hash_password` result; False for junk hashes."""
    try:
        scheme, n, r, p, salt, expected = encoded.split("$")
        if scheme != PASSWORD_SCHEME:
            return False
        expected_bytes = base64.b64decode(expected, validate=True)
        derived = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt, validate=True),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected_bytes),
            maxmem=PASSWORD_KDF.maxmem,
        )
    except ValueError:
        return False
    return hmac.compare_digest(derived, expected_bytes)


def hash_code(secret_key: bytes, card_serial: str, card_key: str, code: str) -> str:
    """Hex HMAC-SHA256 of one code, bound to its card and key so equal codes hash apart."""
    message = f"{card_serial}:{card_key}:{code}".encode("ascii")
    return hmac.new(secret_key, message, hashlib.sha256).hexdigest()


def verify_code(secret_key: bytes, card_serial: str, card_key: str, code: str, stored: str) -> bool:
    return hmac.compare_digest(hash_code(secret_key, card_serial, card_key, code), stored)
