"""Finding or starting the one pcscd of the machine, and sharing its vpcd slots between processes.

pcscd needs root to create /run/pcscd and allows one daemon per machine, and other engineers'
tests and the demo share it: a pcscd that is already running is reused, never stopped; one we
start (``pcscd --foreground``) keeps running for the next user. The vpcd driver gives two slots
(the reader.conf.d file names the first TCP port; slot 1 listens on the next). Only one emulator
can use a slot at a time, so a slot is claimed with an fcntl lock file under the temp folder.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from drivers.sim.cards.vpcd_runner import VPCD_PORT_SLOT0
from kiosk.errors import DeviceTimeout, DeviceUnavailable

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
# libpcsclite honours this variable; so do we, so a test can point both at "no pcscd".
PCSCD_SOCKET_ENV = "PCSCLITE_CSOCK_NAME"
VPCD_READER_CONF = Path("/etc/reader.conf.d/vpcd")
VPCD_DEFAULT_NAME = "Virtual PCD"
VPCD_SLOTS = 2
LOCK_DIR = Path(tempfile.gettempdir())
START_LOCK = LOCK_DIR / "kiosk-pcscd-start.lock"
POLL_SECONDS = 0.05
START_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class VpcdSlot:
    """One vpcd slot: the TCP port an emulator connects to and the reader name pcscd shows."""

    port: int
    reader_name: str
    index: int

    @property
    def url(self) -> str:
        return f"pcsc://{self.reader_name}"


def vpcd_slots(conf: Path = VPCD_READER_CONF) -> list[VpcdSlot]:
    """The vpcd slots configured for pcscd, from its reader.conf.d file (defaults if absent)."""
    name, port = VPCD_DEFAULT_NAME, VPCD_PORT_SLOT0
    try:
        text = conf.read_text(encoding="utf-8")
    except OSError:
        text = ""
    if found := re.search(r'^\s*FRIENDLYNAME\s+"([^"]+)"', text, re.MULTILINE):
        name = found.group(1)
    if found := re.search(r"^\s*CHANNELID\s+(0x[0-9A-Fa-f]+|\d+)", text, re.MULTILINE):
        port = int(found.group(1), 0)
    return [VpcdSlot(port + i, f"{name} 00 {i:02X}", i) for i in range(VPCD_SLOTS)]


def resolve_reader_name(slot: VpcdSlot, listed: list[str]) -> str:
    """The listed reader name of ``slot`` (pcscd may number the vpcd reader other than 00)."""
    if slot.reader_name in listed:
        return slot.reader_name
    base = slot.reader_name.rsplit(" ", 2)[0]
    for name in listed:
        if name.startswith(base + " ") and name.endswith(f" {slot.index:02X}"):
            return name
    raise DeviceUnavailable(f"pcscd lists no reader for vpcd slot {slot.index}: {listed}")


def pcscd_running(sock_path: Path | None = None) -> bool:
    """True when a pcscd answers on its control socket (``$PCSCLITE_CSOCK_NAME`` or the default)."""
    path = sock_path or Path(os.environ.get(PCSCD_SOCKET_ENV) or PCSCD_SOCKET)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def ensure_pcscd(log_path: Path, timeout: float = START_TIMEOUT_SECONDS) -> int | None:
    """Reuse the running pcscd, or start ``pcscd --foreground`` and wait until it answers.

    Returns the pid of a pcscd this call started (left running for other users), or None when
    one was already running. Raises DeviceUnavailable when pcscd is not installed, we are not
    root, or it does not come up in ``timeout`` seconds.
    """
    with _file_lock(START_LOCK):
        if pcscd_running():
            return None
        binary = shutil.which("pcscd") or next(
            (p for p in ("/usr/sbin/pcscd", "/sbin/pcscd") if os.access(p, os.X_OK)), None
        )
        if binary is None:
            raise DeviceUnavailable("pcscd is not installed (apt install pcscd vsmartcard-vpcd)")
        if os.geteuid() != 0:
            raise DeviceUnavailable("pcscd is not running and only root can start it")
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                [binary, "--foreground"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # outlives this process: others may share it
            )
        deadline = time.monotonic() + timeout
        while not pcscd_running():
            if process.poll() is not None:
                if pcscd_running():
                    return None  # another pcscd won the race
                raise DeviceUnavailable(f"pcscd exited with {process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                raise DeviceTimeout(f"pcscd did not answer within {timeout:.0f} s; see {log_path}")
            time.sleep(POLL_SECONDS)  # the socket appears once; there is no event to wait on
        return process.pid


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def slot_lock_path(slot: VpcdSlot) -> Path:
    return LOCK_DIR / f"kiosk-vpcd-{slot.port}.lock"


@contextmanager
def claim_slot(
    slots: list[VpcdSlot] | None = None, timeout: float = 120.0, prefer: int | None = None
) -> Iterator[VpcdSlot]:
    """Hold the first free vpcd slot (across processes) for the ``with`` block.

    ``prefer`` tries that slot index first. Raises DeviceTimeout when every slot stays taken
    for ``timeout`` seconds (other test runs hold them).
    """
    candidates = list(slots or vpcd_slots())
    if prefer is not None:
        candidates.sort(key=lambda slot: slot.index != prefer)
    deadline = time.monotonic() + timeout
    while True:
        for slot in candidates:
            handle = open(slot_lock_path(slot), "a+b")  # noqa: SIM115 - held past this block
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield slot
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() > deadline:
            raise DeviceTimeout(f"every vpcd slot stayed in use for {timeout:.0f} s")
        time.sleep(POLL_SECONDS * 4)  # flock has no wait-for-any-of-several
