"""The kiosk's HTTPS client of the authority: mutual TLS, idempotency keys, errors mapped back.

Every state-changing call carries a fresh ``Idempotency-Key`` and is retried with the same key
after a network failure, so a retry after a timeout gets the first answer and changes nothing
twice. A refusal comes back as the core's error with the rule's code; a service that cannot be
reached raises :class:`AuthorityUnreachable` (the kiosk fails closed).
"""

from __future__ import annotations

import ssl
import time
import uuid
from collections.abc import Mapping

import httpx

from kiosk.config import AuthoritySettings
from kiosk.errors import BadInputError, ConfigError, DomainError, StorageError
from kiosk.rules.witness import WITNESS_LIMIT_REACHED, WitnessLimitReached

RETRIES = 3


class AuthorityUnreachable(StorageError):
    """The authority service did not answer: immediate issuance is closed until it does."""

    code = "authority_unreachable"


class AuthorityRefusedKiosk(StorageError):
    """The service refused this kiosk's certificate (revoked or unknown)."""

    code = "authority_refused_kiosk"


class AuthorityClient:
    """One kiosk's connection to the service; close it when done."""

    def __init__(
        self, settings: AuthoritySettings, *, transport: httpx.BaseTransport | None = None
    ):
        try:
            context = ssl.create_default_context(cafile=settings.ca)
            context.load_cert_chain(settings.cert, settings.key)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"[authority] certificates cannot be loaded: {exc}") from exc
        self._client = httpx.Client(
            base_url=settings.url.rstrip("/"),
            verify=context,
            timeout=settings.timeout_seconds,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def ask(self, path: str, **body: object) -> dict[str, object]:
        """A read: POST ``body`` (CPR numbers stay out of URLs) and return the JSON answer."""
        return self._post(path, body, None)

    def change(self, path: str, **body: object) -> dict[str, object]:
        """A state change under a new idempotency key, retried with it after a network fault."""
        return self._post(path, body, uuid.uuid4().hex)

    def _post(self, path: str, body: Mapping[str, object], key: str | None) -> dict[str, object]:
        headers = {"Idempotency-Key": key} if key else {}
        attempts = RETRIES if key else 1
        for attempt in range(1, attempts + 1):
            try:
                response = self._client.post(path, json=dict(body), headers=headers)
                break
            except httpx.TransportError as exc:
                if attempt == attempts:
                    raise AuthorityUnreachable(
                        f"the authority service is unreachable: {exc}"
                    ) from exc
                time.sleep(0.2 * attempt)
        return _answer(response)


def _answer(response: httpx.Response) -> dict[str, object]:
    try:
        payload = response.json()
    except ValueError:
        payload = {}
    if not isinstance(payload, dict):
        payload = {}
    if response.status_code == 200:
        return payload
    code = str(payload.get("error", "authority_error"))
    message = str(payload.get("message", response.reason_phrase))
    if response.status_code == 409:
        if code == WITNESS_LIMIT_REACHED:
            raise WitnessLimitReached(message)
        raise DomainError(message, code=code)
    if response.status_code == 403:
        raise AuthorityRefusedKiosk(f"the authority refused this kiosk: {message}")
    if response.status_code == 400:
        raise BadInputError(message)
    raise StorageError(f"the authority refused: {message}", code=code)
