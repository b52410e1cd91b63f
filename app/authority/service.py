"""The authority's ASGI app: the ``/v1`` routes over :data:`OPERATIONS`, with a request id on
every response, the kiosk identified by its verified client certificate, idempotency keys on
every state change, Prometheus metrics, a health endpoint, and a sweeper for lapsed leases."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.authority.fleet_ca import KIOSKS_FILE, peer_identity, read_kiosks, revoked_serials
from app.authority.openapi import openapi_document
from app.authority.operations import OPERATIONS, Operation
from kiosk.errors import BadInputError, DomainError, KioskError
from kiosk.storage.postgres.idempotency import Answer, forget_old_keys, once, touch_kiosk
from kiosk.storage.postgres.store import AuthorityStore

PEER_CERT = "peer_cert_der"  # scope state key the TLS protocol fills (app.authority.server)
REQUEST_ID = "X-Request-Id"
SWEEP_SECONDS = 30.0
log = logging.getLogger("kiosk.authority")


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.requests = Counter(
            "authority_requests",
            "Requests by path and status",
            ["path", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "authority_request_seconds",
            "Request latency by path",
            ["path"],
            registry=self.registry,
        )
        self.refusals = Counter(
            "authority_refusals", "Refusals by rule code", ["code"], registry=self.registry
        )
        self.issuances = Counter(
            "authority_issuances",
            "NemID reservations, activations and voids",
            ["event"],
            registry=self.registry,
        )


class KioskGate:
    """Who may call: an enrolled, unrevoked kiosk (``kiosks.json`` re-read when it changes)."""

    def __init__(self, tls_dir: Path) -> None:
        self._file = tls_dir / KIOSKS_FILE
        self._stamp = -1.0
        self._known: dict[str, str] = {}
        self._revoked: set[int] = set()

    def kiosk_of(self, der: bytes | None) -> str | None:
        if not der:
            return None
        kiosk_id, serial = peer_identity(der)
        stamp = self._file.stat().st_mtime if self._file.exists() else 0.0
        if stamp != self._stamp:
            kiosks = read_kiosks(self._file.parent)
            self._known = {k: str(v.get("serial", "")) for k, v in kiosks.items()}
            self._revoked = revoked_serials(kiosks)
            self._stamp = stamp
        if serial in self._revoked or self._known.get(kiosk_id) != str(serial):
            return None
        return kiosk_id


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def build_service(store: AuthorityStore, tls_dir: Path, version: str = "1") -> Starlette:
    """The service over ``store`` (its clock and rules decide), kiosks checked against
    ``tls_dir``'s registry."""
    metrics = Metrics()
    gate = KioskGate(tls_dir)
    clock = store.context.clock
    heard: dict[str, float] = {}

    def answer(operation: Operation, kiosk_id: str, body: dict[str, object]) -> Answer:
        repos = store.for_kiosk(kiosk_id)
        try:
            return 200, operation.handler(repos, body)
        except DomainError as exc:
            metrics.refusals.labels(exc.code).inc()
            return 409, {"error": exc.code, "message": str(exc)}

    def call(operation: Operation, kiosk_id: str, body: dict[str, object], key: str) -> Answer:
        now = time.monotonic()
        if now - heard.get(kiosk_id, -1e9) > 10.0:
            touch_kiosk(store.db, clock, kiosk_id)
            heard[kiosk_id] = now
        if not operation.changes_state:
            return answer(operation, kiosk_id, body)
        result, replayed = once(
            store.db, clock, kiosk_id, key, lambda: answer(operation, kiosk_id, body)
        )
        if not replayed and result[0] == 200 and "/holdings/" in operation.path:
            metrics.issuances.labels(operation.path.rsplit("/", 1)[-1]).inc()
        return result

    def endpoint(operation: Operation) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            kiosk_id = gate.kiosk_of(request.scope.get("state", {}).get(PEER_CERT))
            if kiosk_id is None:
                return error(403, "kiosk_refused", "no valid, enrolled kiosk certificate")
            key = request.headers.get("Idempotency-Key", "")
            if operation.changes_state and not 0 < len(key) <= 200:
                return error(400, "idempotency_key_missing", "state changes need Idempotency-Key")
            try:
                body = json.loads(await request.body() or b"{}")
                if not isinstance(body, dict):
                    raise BadInputError("the body must be a JSON object")
                status, payload = await run_in_threadpool(call, operation, kiosk_id, body, key)
            except (json.JSONDecodeError, BadInputError) as exc:
                return error(400, getattr(exc, "code", "bad_input"), str(exc))
            except KioskError as exc:
                return error(422, exc.code, str(exc))
            return JSONResponse(payload, status_code=status)

        return handle

    async def health(request: Request) -> Response:
        try:
            version_now = await run_in_threadpool(store.db.schema_version)
        except KioskError as exc:
            return error(503, "database_unreachable", str(exc))
        return JSONResponse({"status": "ok", "schema": version_now})

    async def metrics_page(request: Request) -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(version))

    async def tag_request(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        given = request.headers.get(REQUEST_ID, "")
        request_id = given if 0 < len(given) <= 100 and given.isprintable() else uuid.uuid4().hex
        started = time.perf_counter()
        response = await call_next(request)
        elapsed = time.perf_counter() - started
        response.headers[REQUEST_ID] = request_id
        path = request.url.path
        metrics.requests.labels(path, str(response.status_code)).inc()
        metrics.latency.labels(path).observe(elapsed)
        log.info(
            json.dumps(
                {
                    "request_id": request_id,
                    "path": path,
                    "status": response.status_code,
                    "ms": round(elapsed * 1000, 2),
                }
            )
        )
        return response

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(_sweep, store)
            yield
            tasks.cancel_scope.cancel()

    routes = [
        Route("/v1/health", health, methods=["GET"]),
        Route("/metrics", metrics_page, methods=["GET"]),
        Route("/v1/openapi.json", openapi, methods=["GET"]),
        *(Route(op.path, endpoint(op), methods=["POST"]) for op in OPERATIONS),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=tag_request)],
        lifespan=lifespan,
    )


async def _sweep(store: AuthorityStore) -> None:
    """Every :data:`SWEEP_SECONDS`: void lapsed reservations (a kiosk that died mid-issuance)
    and forget idempotency answers older than a week."""
    holdings = store.for_kiosk("authority").holdings
    while True:
        try:
            await anyio.to_thread.run_sync(holdings.void_expired)
            await anyio.to_thread.run_sync(forget_old_keys, store.db, store.context.clock)
        except KioskError as exc:
            log.warning("lease sweep failed: %s", exc)
        await anyio.sleep(SWEEP_SECONDS)
