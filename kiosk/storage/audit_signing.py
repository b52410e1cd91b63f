"""The kiosk's own Ed25519 key, which signs every audit entry and the chain's head.

A signature covers an entry's ``seq`` and ``hash`` (the hash covers everything else, and the
previous entry's hash), so anyone with the kiosk's public key (the fleet's authority service
included) can verify the log, and no one without the private key can edit, insert, delete or
re-chain an entry and sign the result. The private key lives in a file (0600 in a 0700 folder)
beside the kiosk database, created with a new database only; the public key is what verifiers
are given. Signatures are base64 text.
"""

from __future__ import annotations

import base64
import contextlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.errors import StorageError

AUDIT_KEY_FILE_NAME = "audit.key"
KEY_FILE_MODE = 0o600


def entry_message(seq: int, digest: str) -> bytes:
    return f"nemid-kiosk audit entry:{seq}:{digest}".encode("ascii")


def head_message(seq: int, digest: str) -> bytes:
    return f"nemid-kiosk audit head:{seq}:{digest}".encode("ascii")


class AuditSigner:
    """Signs with the kiosk's private key; :attr:`verifier` is its public half."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.verifier = AuditVerifier(private_key.public_key())

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self._key.sign(message)).decode("ascii")


class AuditVerifier:
    """Checks signatures with a kiosk's public key (all a verifier needs)."""

    def __init__(self, public_key: Ed25519PublicKey) -> None:
        self._key = public_key

    @classmethod
    def from_raw(cls, raw: bytes) -> AuditVerifier:
        """From the 32-byte raw public key. Raises ValueError for a wrong one."""
        return cls(Ed25519PublicKey.from_public_bytes(raw))

    def public_bytes(self) -> bytes:
        return self._key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def verify(self, message: bytes, signature: str) -> bool:
        try:
            self._key.verify(base64.b64decode(signature, validate=True), message)
        except (InvalidSignature, ValueError):
            return False
        return True


def load_or_create_signer(path: Path, *, create: bool) -> AuditSigner:
    """The signer whose private key is at ``path``; created (0600) when absent and ``create``.
    Raises StorageError for a missing (not to be created), shared or unreadable key file."""
    if not path.exists():
        if not create:
            raise StorageError(
                f"the audit signing key {path} is missing but the kiosk database's audit log was "
                "signed with it: restore it from the key backup"
            )
        _create(path)
    try:
        mode = path.stat().st_mode & 0o777
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise StorageError(f"cannot read the audit signing key {path}: {exc}") from exc
    if mode & 0o077:
        raise StorageError(f"the audit signing key {path} is readable by others; chmod 600 it")
    if not isinstance(key, Ed25519PrivateKey):
        raise StorageError(f"the audit signing key {path} is not an Ed25519 key")
    return AuditSigner(key)


def _create(path: Path) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)  # another process's key, made meanwhile, is the key
    except OSError as exc:
        raise StorageError(f"cannot create the audit signing key {path}: {exc.strerror}") from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
