"""MrzReaderDevice: a simulated serial MRZ reader on a real pseudo-terminal (os.openpty).

The simulator owns the pty master and exposes the slave through a stable symlink, the way udev
gives a real USB-CDC reader a ``/dev/serial/by-id`` name, so ``SerialMrzReader`` opens it with an
ordinary ``serial://<link>`` URL. It plays documents (with or without STX/ETX, any line ending,
split into pieces, paced at a baud rate), raw garbage, and unplug/replug: unplug closes the pty
so the driver's reads fail as on a pulled cable, replug opens a new pty behind the same link.
In a test it is driven in-process; as a process (``python -m drivers.sim.reader.mrz_reader_device``,
started by ``kiosk sim``) the same commands come as JSON lines on a unix control socket
(:class:`MrzReaderControl` is the client).
"""

from __future__ import annotations

import argparse
import os
import signal
import tempfile
import threading
import time
import tty
from pathlib import Path
from types import TracebackType

from drivers.mrz_reader.framing import CR, ETX, LF, STX
from drivers.sim.control_channel import ControlClient, ControlServer, JsonObject

DEFAULT_BAUD = 9600
BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit
UART_FIFO_BYTES = 16  # a paced stream arrives in pieces this size, as from a 16550-class UART
LINE_ENDINGS: dict[str, bytes] = {"cr": bytes([CR]), "lf": bytes([LF]), "crlf": bytes([CR, LF])}
LINK_NAME = "ttyMRZ"
# ICAO 9303 part 4 and part 5 specimen documents (the fictitious Anna Maria Eriksson of Utopia).
SPECIMEN_TD3: tuple[str, ...] = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
SPECIMEN_TD1: tuple[str, ...] = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)


class MrzReaderDevice:
    """A serial MRZ reader on a pty. Use as a context manager, or ``start()`` and ``stop()``."""

    def __init__(self, link_path: Path | None = None, *, baud: int | None = DEFAULT_BAUD) -> None:
        self._own_dir = None if link_path else Path(tempfile.mkdtemp(prefix="mrz-reader-"))
        self.link_path = link_path or self._own_dir / LINK_NAME  # type: ignore[operator]
        self.baud = baud
        self._master: int | None = None
        self._slave: int | None = None
        self._lock = threading.Lock()
        self.documents_played = 0

    @property
    def url(self) -> str:
        """The device URL the kiosk config names this reader by."""
        return f"serial://{self.link_path}?baud={self.baud or DEFAULT_BAUD}"

    @property
    def plugged(self) -> bool:
        return self._master is not None

    @property
    def slave_path(self) -> str:
        """The pty's own slave device (``/dev/pts/N``; a new one after each replug), or ""."""
        return os.ttyname(self._slave) if self._slave is not None else ""

    def start(self) -> MrzReaderDevice:
        self.replug()
        return self

    def stop(self) -> None:
        self.unplug()
        if self._own_dir is not None:
            self._own_dir.rmdir()
            self._own_dir = None

    def __enter__(self) -> MrzReaderDevice:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def replug(self) -> None:
        """Plug the reader in: a fresh pty in raw mode, the link pointed at its slave."""
        with self._lock:
            if self._master is not None:
                return
            master, slave = os.openpty()
            tty.setraw(slave)  # no echo, no CR/LF translation: bytes pass as a UART sends them
            temporary = self.link_path.with_name(self.link_path.name + ".new")
            temporary.unlink(missing_ok=True)
            os.symlink(os.ttyname(slave), temporary)
            os.replace(temporary, self.link_path)
            self._master, self._slave = master, slave

    def unplug(self) -> None:
        """Pull the cable: the link disappears and the driver's open port fails."""
        with self._lock:
            self.link_path.unlink(missing_ok=True)
            for fd in (self._master, self._slave):
                if fd is not None:
                    os.close(fd)
            self._master = self._slave = None

    def write(self, data: bytes, *, chunk: int = 0, gap: float = 0.0) -> None:
        """Send raw bytes, in pieces of ``chunk`` bytes with ``gap`` seconds between them.

        Raises ConnectionError when unplugged. Pacing follows ``baud`` (None: as fast as possible).
        """
        size = chunk or (UART_FIFO_BYTES if self.baud else len(data)) or 1
        for start in range(0, len(data), size):
            piece = data[start : start + size]
            if self.baud:  # the bytes arrive once they have crossed the wire
                time.sleep(len(piece) * BITS_PER_BYTE / self.baud)
            with self._lock:  # released while pausing, so an unplug can cut a document short
                if self._master is None:
                    raise ConnectionError("the simulated MRZ reader is unplugged")
                os.write(self._master, piece)
            if gap:
                time.sleep(gap)

    def play(
        self,
        lines: tuple[str, ...] | list[str] = SPECIMEN_TD3,
        *,
        framed: bool = False,
        line_ending: str = "cr",
        chunk: int = 0,
        gap: float = 0.0,
    ) -> bytes:
        """Lay a document on the reader: send its MRZ lines as a reader does; returns the bytes."""
        data = encode_document(lines, framed=framed, line_ending=line_ending)
        self.write(data, chunk=chunk, gap=gap)
        self.documents_played += 1
        return data

    def handle(self, request: JsonObject) -> JsonObject:
        """One control-channel command; the reply says what happened."""
        command = request.get("command")
        if command == "play":
            data = self.play(
                tuple(request.get("lines") or SPECIMEN_TD3),
                framed=bool(request.get("framed", False)),
                line_ending=str(request.get("line_ending", "cr")),
                chunk=int(request.get("chunk", 0)),
                gap=float(request.get("gap", 0.0)),
            )
            return {"ok": True, "bytes": len(data)}
        if command == "garbage":
            data = bytes.fromhex(str(request.get("hex", "")))
            self.write(data)
            return {"ok": True, "bytes": len(data)}
        if command == "unplug":
            self.unplug()
        elif command == "replug":
            self.replug()
        elif command != "status":
            return {"ok": False, "error": f"unknown command {command!r}"}
        return {
            "ok": True,
            "plugged": self.plugged,
            "url": self.url,
            "played": self.documents_played,
        }


def encode_document(
    lines: tuple[str, ...] | list[str], *, framed: bool = False, line_ending: str = "cr"
) -> bytes:
    """The bytes a reader sends for one document. Raises ValueError for an unknown line ending."""
    if line_ending not in LINE_ENDINGS:
        raise ValueError(f"line ending must be one of {', '.join(LINE_ENDINGS)}")
    body = b"".join(line.encode("latin-1") + LINE_ENDINGS[line_ending] for line in lines)
    return bytes([STX]) + body + bytes([ETX]) if framed else body


class MrzReaderControl(ControlClient):
    """Client of a simulator process's control socket (for ``kiosk sim``, the demo, tests)."""

    def play(self, lines: tuple[str, ...] | list[str], **options: object) -> JsonObject:
        return self.call({"command": "play", "lines": list(lines), **options})

    def garbage(self, data: bytes) -> JsonObject:
        return self.call({"command": "garbage", "hex": data.hex()})

    def unplug(self) -> JsonObject:
        return self.call({"command": "unplug"})

    def replug(self) -> JsonObject:
        return self.call({"command": "replug"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="simulated serial MRZ reader on a pty")
    parser.add_argument("--link", type=Path, required=True, help="symlink to create for the port")
    parser.add_argument("--control", type=Path, required=True, help="unix control socket path")
    parser.add_argument("--baud", type=int, default=DEFAULT_BAUD)
    args = parser.parse_args(argv)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    with (
        MrzReaderDevice(args.link, baud=args.baud) as device,
        ControlServer(args.control, device.handle),
    ):
        stopping.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
