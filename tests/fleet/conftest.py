"""The fleet's fixtures: one private PostgreSQL server per test session, a database per test."""

from __future__ import annotations

import os
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.authority import admin, fleet_ca
from kiosk.clock import SystemClock
from kiosk.storage.postgres.store import AuthorityStore
from tests.conftest import ROOT
from tests.fleet.pg_cluster import PgCluster, free_port, postgres_bin


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.fail("PostgreSQL is not installed: run scripts/setup.sh (apt postgresql)")
    cluster = PgCluster(bin_dir)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> str:
    """A fresh, empty database on the session's server."""
    return pg_cluster.new_database()


@dataclass
class RunningAuthority:
    """A ``kiosk authority serve`` process on a fresh database, with two enrolled kiosks."""

    url: str
    database: str
    tls_dir: Path
    kiosks: dict[str, Path]
    process: subprocess.Popen[bytes]

    def tls(self, kiosk_id: str | None) -> ssl.SSLContext:
        """Trust the fleet CA; present ``kiosk_id``'s certificate when it has one."""
        context = ssl.create_default_context(cafile=str(self.tls_dir / "ca.pem"))
        files = self.kiosks.get(kiosk_id or "")
        if files:
            context.load_cert_chain(files / "kiosk.pem", files / "kiosk.key.pem")
        return context

    def client(self, kiosk_id: str | None) -> httpx.Client:
        return httpx.Client(base_url=self.url, verify=self.tls(kiosk_id), timeout=30)


def start_authority(
    database: str, tls_dir: Path, kiosk_command: list[str], port: int
) -> subprocess.Popen[bytes]:
    """``kiosk authority serve`` as a real process, once its health endpoint answers; its log
    goes to ``authority.log`` in ``tls_dir``'s parent."""
    log = (tls_dir.parent / "authority.log").open("ab")
    process = subprocess.Popen(
        [*kiosk_command, "authority", "serve", "--database", database,
         "--listen", f"127.0.0.1:{port}", "--tls-dir", str(tls_dir)],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    log.close()
    deadline = time.monotonic() + 60
    trust: ssl.SSLContext | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = (tls_dir.parent / "authority.log").read_text(errors="replace")
            raise RuntimeError(f"authority exited: {text[-2000:]}")
        try:
            trust = trust or ssl.create_default_context(cafile=str(tls_dir / "ca.pem"))
            health = httpx.get(f"https://127.0.0.1:{port}/v1/health", verify=trust, timeout=2)
            health.raise_for_status()
            return process
        except (httpx.HTTPError, OSError, ssl.SSLError):
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the authority did not come up in 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_kiosk(kiosk_command: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    """``kiosk ARGS`` as a real process on this tree's code; raises when it fails."""
    return subprocess.run(
        [*kiosk_command, *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def launch_authority(pg_url: str, folder: Path, kiosk_command: list[str]) -> RunningAuthority:
    """Set up in-process (schema, the personas as the register, CA, two kiosks), then serve
    as a real process; stop ``.process`` when done."""
    tls_dir = folder / "fleet-ca"
    admin.init(pg_url, tls_dir)
    with AuthorityStore.open(pg_url, SystemClock()) as store:
        store.for_kiosk(admin.ADMIN_KIOSK).register.load(admin.register_entries(None))
    kiosks = {}
    for kiosk_id in ("kiosk-a", "kiosk-b"):
        kiosks[kiosk_id] = folder / kiosk_id
        fleet_ca.enrol(tls_dir, kiosk_id, kiosks[kiosk_id])
    port = free_port()
    process = start_authority(pg_url, tls_dir, kiosk_command, port)
    return RunningAuthority(f"https://127.0.0.1:{port}", pg_url, tls_dir, kiosks, process)


@pytest.fixture
def authority(pg_url: str, tmp_path: Path, kiosk_command: list[str]) -> Iterator[RunningAuthority]:
    running = launch_authority(pg_url, tmp_path, kiosk_command)
    try:
        yield running
    finally:
        stop(running.process)  # a test may have restarted it
