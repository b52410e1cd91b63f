"""The NemID authority's secret keys: versioned, in a key file apart from every database.

The key file (JSON, mode 0600) holds one 32-byte master secret per version and names the
current one. From each master come the code-card HMAC key and the password pepper (HMAC-SHA256
with a label, so neither is the master). Every stored secret names its key version:

* a password ``scrypt-pepper$<version>$<n>$<r>$<p>$<salt>$<hash>``: scrypt (memory-hard, cost
  from ``[security]`` in the config) of HMAC(pepper, password);
* a code ``<version>$<hex HMAC-SHA256 of serial:key:code>``.

So a copy of the database without the key file reveals nothing (each guess needs the key), and
rotation (:meth:`AuthorityKeys.rotated`) hashes new holdings under a new version while the old
versions still verify old ones. A key's fingerprint (an HMAC of a label, not the key) is kept
with the data, so a missing or exchanged key file is caught at start-up. The embedded authority
of a single kiosk and the fleet's authority service both hash through this class.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import ConfigError
from kiosk.storage.secret_hashes import PASSWORD_KDF, ScryptParameters

KEY_FILE_FORMAT = "nemid-kiosk authority keys"
KEY_FILE_MODE = 0o600
MASTER_BYTES = 32
PASSWORD_SCHEME = "scrypt-pepper"
SALT_BYTES = 16
_CODE_LABEL = b"nemid-kiosk code-card hmac"
_PEPPER_LABEL = b"nemid-kiosk password pepper"
_FINGERPRINT_LABEL = b"nemid-kiosk key fingerprint"


def _derive(master: bytes, label: bytes) -> bytes:
    return hmac.new(master, label, hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


@dataclass(frozen=True)
class AuthorityKeys:
    """Every key version (version -> master secret) and the current one, with the KDF cost."""

    masters: Mapping[int, bytes] = field(repr=False)
    current: int
    kdf: ScryptParameters = PASSWORD_KDF

    def __post_init__(self) -> None:
        if self.current not in self.masters:
            raise ConfigError(f"authority keys: the current version {self.current} is missing")

    @classmethod
    def generate(cls, kdf: ScryptParameters = PASSWORD_KDF) -> AuthorityKeys:
        """A first key, version 1."""
        return cls({1: secrets.token_bytes(MASTER_BYTES)}, 1, kdf)

    def rotated(self) -> AuthorityKeys:
        """A new current version; the old ones stay to verify what they hashed."""
        version = max(self.masters) + 1
        masters = {**self.masters, version: secrets.token_bytes(MASTER_BYTES)}
        return AuthorityKeys(masters, version, self.kdf)

    def fingerprints(self) -> dict[int, str]:
        """Each version's fingerprint: safe to store with the data, useless for guessing."""
        return {v: _derive(m, _FINGERPRINT_LABEL).hex()[:32] for v, m in self.masters.items()}

    # --- passwords ----------------------------------------------------------------------------

    def hash_password(self, password: str) -> str:
        """The stored form of ``password`` under the current key version."""
        salt = secrets.token_bytes(SALT_BYTES)
        derived = self._scrypt(self.current, password, salt, self.kdf, self.kdf.dklen)
        kdf = self.kdf
        return (
            f"{PASSWORD_SCHEME}${self.current}${kdf.n}${kdf.r}${kdf.p}${_b64(salt)}${_b64(derived)}"
        )

    def verify_password(self, password: str, stored: str) -> bool:
        """Whether ``password`` matches ``stored`` (any known version); False for junk."""
        try:
            scheme, version, n, r, p, salt, expected = stored.split("$")
            if scheme != PASSWORD_SCHEME or int(version) not in self.masters:
                return False
            expected_bytes = base64.b64decode(expected, validate=True)
            cost = ScryptParameters(n=int(n), r=int(r), p=int(p), maxmem=self.kdf.maxmem)
            salt_bytes = base64.b64decode(salt, validate=True)
            derived = self._scrypt(int(version), password, salt_bytes, cost, len(expected_bytes))
        except ValueError:
            return False
        return hmac.compare_digest(derived, expected_bytes)

    def _scrypt(
        self, version: int, password: str, salt: bytes, cost: ScryptParameters, length: int
    ) -> bytes:
        peppered = hmac.new(
            _derive(self.masters[version], _PEPPER_LABEL), password.encode("utf-8"), hashlib.sha256
        ).digest()
        return hashlib.scrypt(
            peppered, salt=salt, n=cost.n, r=cost.r, p=cost.p, dklen=length, maxmem=cost.maxmem
        )

    # --- code-card codes ----------------------------------------------------------------------

    def hash_code(self, card_serial: str, card_key: str, code: str) -> str:
        """The stored form of one code under the current key, bound to its card and key."""
        return f"{self.current}${self._code_hmac(self.current, card_serial, card_key, code)}"

    def verify_code(self, card_serial: str, card_key: str, code: str, stored: str) -> bool:
        version, _, digest = stored.partition("$")
        if not version.isdigit() or int(version) not in self.masters:
            return False
        expected = self._code_hmac(int(version), card_serial, card_key, code)
        return hmac.compare_digest(expected, digest)

    def _code_hmac(self, version: int, card_serial: str, card_key: str, code: str) -> str:
        message = f"{card_serial}:{card_key}:{code}".encode()
        key = _derive(self.masters[version], _CODE_LABEL)
        return hmac.new(key, message, hashlib.sha256).hexdigest()


def load_authority_keys(path: Path, kdf: ScryptParameters = PASSWORD_KDF) -> AuthorityKeys:
    """The keys in ``path``. Raises ConfigError for a missing, unreadable, shared or bad file."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(
            f"the authority key file {path} is missing: restore it from the key backup, or on a "
            "new kiosk create it with `kiosk keys init` (without it no password or code verifies)"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the authority key file {path}: {exc}") from exc
    if mode & 0o077:
        raise ConfigError(
            f"the authority key file {path} is readable by others (mode {mode:o}); chmod 600 it"
        )
    try:
        raw = json.loads(text)
        if raw.get("format") != KEY_FILE_FORMAT:
            raise ValueError("not an authority key file")
        masters = {int(v): base64.b64decode(k, validate=True) for v, k in raw["keys"].items()}
        if any(len(master) != MASTER_BYTES for master in masters.values()):
            raise ValueError(f"a key is not {MASTER_BYTES} bytes")
        current = int(raw["current"])
        if current not in masters:
            raise ValueError(f"the current version {current} is not in the file")
        return AuthorityKeys(masters, current, kdf)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"the authority key file {path} is damaged: {exc}") from exc


def write_authority_keys(path: Path, keys: AuthorityKeys, *, replace: bool) -> None:
    """Write ``keys`` to ``path`` (0600, its folder 0700) atomically; without ``replace`` an
    existing file is kept and ConfigError raised. Raises ConfigError when it cannot be written."""
    document = {
        "format": KEY_FILE_FORMAT,
        "current": keys.current,
        "keys": {str(v): _b64(m) for v, m in sorted(keys.masters.items())},
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # never over a key another process just made
    except FileExistsError as exc:
        raise ConfigError(f"the authority key file {path} exists already") from exc
    except OSError as exc:
        raise ConfigError(f"cannot write the authority key file {path}: {exc.strerror}") from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
