"""Where the kiosk's key files are, and whether they are the ones its data was written under.

The authority's keys (:mod:`kiosk.storage.authority_keys`) live in ``security.authority_key_file``,
or in systemd's credentials folder (``LoadCredential=authority.key:...``), or beside the kiosk
database. The demo creates them on first start; production only through ``kiosk keys init``. Each
database keeps the fingerprints of the keys its secrets were made under, so a missing key file is
refused with a clear message instead of silently replaced, and an exchanged one is caught.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.errors import ConfigError
from kiosk.storage.authority_keys import (
    AuthorityKeys,
    load_authority_keys,
    write_authority_keys,
)
from kiosk.storage.secret_hashes import ScryptParameters

AUTHORITY_KEY_FILE_NAME = "authority.key"
CREDENTIALS_ENV = "CREDENTIALS_DIRECTORY"  # systemd's LoadCredential= folder
KIOSK_KEY_NAME = "kiosk"
AUDIT_KEY_NAME = "audit-public-key"  # recorded in full: a public key is no secret
AUTHORITY_PREFIX = "authority/"
_KIOSK_FINGERPRINT_LABEL = b"nemid-kiosk kiosk key fingerprint"


def authority_key_path(config: KioskConfig, database: Path) -> Path:
    """The configured key file, else systemd's credential, else ``authority.key`` beside
    ``database``."""
    if config.security.authority_key_file:
        return Path(config.security.authority_key_file)
    credentials = os.environ.get(CREDENTIALS_ENV, "")
    if credentials and (Path(credentials) / AUTHORITY_KEY_FILE_NAME).is_file():
        return Path(credentials) / AUTHORITY_KEY_FILE_NAME
    return database.with_name(AUTHORITY_KEY_FILE_NAME)


def password_kdf(config: KioskConfig) -> ScryptParameters:
    security = config.security
    return ScryptParameters(
        n=security.password_scrypt_n, r=security.password_scrypt_r, p=security.password_scrypt_p
    )


def authority_keys_for(config: KioskConfig, path: Path) -> AuthorityKeys:
    """The keys at ``path``; the demo creates them when absent, production never does.
    Raises ConfigError with what to do."""
    if config.demo and not path.exists():
        try:
            write_authority_keys(path, AuthorityKeys.generate(), replace=False)
        except ConfigError:
            if not path.exists():  # another process winning the race is fine
                raise
    return load_authority_keys(path, password_kdf(config))


def authority_fingerprints(keys: AuthorityKeys) -> dict[str, str]:
    return {f"{AUTHORITY_PREFIX}{v}": fp for v, fp in keys.fingerprints().items()}


def kiosk_key_fingerprint(key: bytes) -> dict[str, str]:
    return {
        KIOSK_KEY_NAME: hmac.new(key, _KIOSK_FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]
    }


def check_fingerprints(
    recorded: Mapping[str, str],
    loaded: Mapping[str, str],
    *,
    prefix: str,
    key_file: Path,
    data: Path,
) -> None:
    """Raise ConfigError when a key ``data`` was written under (names starting ``prefix``) is
    not in ``loaded`` as it was recorded: a lost key version or an exchanged key file."""
    for name, fingerprint in sorted(recorded.items()):
        if not name.startswith(prefix):
            continue
        if name not in loaded:
            raise ConfigError(
                f"the key file {key_file} lacks key {name!r} that {data} was written under: "
                "restore the key file from its backup"
            )
        if not hmac.compare_digest(loaded[name], fingerprint):
            raise ConfigError(
                f"the key file {key_file} is not the one {data} was written under ({name!r} "
                "differs): restore the right key file"
            )
