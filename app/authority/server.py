"""Running the authority: uvicorn with mutual TLS over the fleet CA in ``--tls-dir``.

A client certificate is optional at the handshake (so ``/v1/health`` and ``/metrics`` answer
without one) but, when given, must chain to the fleet CA and not be on its CRL; every ``/v1``
call then needs one. The verified certificate goes into the request's scope for the service's
gate, which names the kiosk from it.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.authority.fleet_ca import CA_CERT, CRL_FILE, SERVER_CERT, SERVER_KEY, ensure_ca
from app.authority.service import PEER_CERT, build_service
from kiosk.clock import Clock, SystemClock
from kiosk.config import RuleSettings
from kiosk.errors import BadInputError
from kiosk.storage.postgres.store import AuthorityStore


class PeerCertificateProtocol(H11Protocol):
    """uvicorn's h11 protocol, handing the connection's verified client certificate on."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        self.app_state = {**self.app_state, PEER_CERT: der}


@dataclass(frozen=True)
class Listen:
    host: str
    port: int


def parse_listen(text: str) -> Listen:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BadInputError(f"--listen takes HOST:PORT, not {text!r}")
    return Listen(host.strip("[]"), int(port))


def server_config(
    store: AuthorityStore, tls_dir: Path, listen: Listen, version: str = "1"
) -> uvicorn.Config:
    """The uvicorn config: TLS from ``tls_dir`` (made when absent), the CRL checked."""
    ensure_ca(tls_dir, (listen.host,))
    config = uvicorn.Config(
        build_service(store, tls_dir, version),
        host=listen.host,
        port=listen.port,
        http=PeerCertificateProtocol,
        ssl_certfile=str(tls_dir / SERVER_CERT),
        ssl_keyfile=str(tls_dir / SERVER_KEY),
        ssl_ca_certs=str(tls_dir / CA_CERT),
        ssl_cert_reqs=ssl.CERT_OPTIONAL,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,  # kiosks keep connections open; a stop must not wait on them
    )
    config.load()
    assert config.ssl is not None
    config.ssl.load_verify_locations(cafile=str(tls_dir / CRL_FILE))
    config.ssl.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    config.ssl.minimum_version = ssl.TLSVersion.TLSv1_2
    return config


def serve(
    url: str,
    tls_dir: Path,
    listen: Listen,
    clock: Clock | None = None,
    rules: RuleSettings | None = None,
    version: str = "1",
) -> None:
    """Migrate, then serve until interrupted."""
    with AuthorityStore.open(url, clock or SystemClock(), rules) as store:
        uvicorn.Server(server_config(store, tls_dir, listen, version)).run()
