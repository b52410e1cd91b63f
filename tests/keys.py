"""Authority keys for tests: real keys with a cheap password KDF, so hashing takes microseconds."""

from __future__ import annotations

from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.secret_hashes import ScryptParameters

CHEAP_KDF = ScryptParameters(n=16, r=8, p=1)


def cheap_keys() -> AuthorityKeys:
    """A fresh version-1 key with a cheap scrypt cost."""
    return AuthorityKeys.generate(CHEAP_KDF)
