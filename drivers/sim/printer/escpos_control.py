"""The control channel of the printer simulator: one JSON object a line over TCP.

The demo's control panel and ``kiosk sim`` use it to inject faults into a simulator running as a
process. Requests: ``{"cmd": "status"}``, ``{"cmd": "fault", "faults": {"cover_open": true}}``,
``{"cmd": "reload"}`` (new paper roll), ``{"cmd": "clear"}``, ``{"cmd": "pages"}`` and
``{"cmd": "stop"}``. Every reply is ``{"ok": true, ...}`` or ``{"ok": false, "error": "..."}``.
:func:`send_command` is the client; the printer process is started by
``python -m drivers.sim.printer.escpos_printer_device``.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from drivers.sim.printer.escpos_faults import PrinterFaults
from drivers.sim.printer.escpos_paper import Page

MAX_LINE = 65_536
POLL_SECONDS = 0.1
DEFAULT_TIMEOUT = 5.0


class ControlledPrinter(Protocol):
    """What the control channel drives: the simulated printer's faults and rendered pages."""

    faults: PrinterFaults

    @property
    def url(self) -> str: ...

    @property
    def pages(self) -> Sequence[Page]: ...

    def set_fault(self, **changes: object) -> dict[str, object]: ...

    def reload_paper(self) -> None: ...

    def clear_faults(self) -> None: ...


class ControlServer:
    """Serves control requests for ``device`` on ``host:port`` (0 picks a free port)."""

    def __init__(
        self,
        device: ControlledPrinter,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        on_stop: Callable[[], None] = lambda: None,
    ) -> None:
        self.device = device
        self.on_stop = on_stop
        self._listener = socket.create_server((host, port))
        self.host, self.port = host, self._listener.getsockname()[1]
        self._running = False
        self._thread = threading.Thread(target=self._serve, name="escpos-control", daemon=True)

    @property
    def address(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    def start(self) -> ControlServer:
        self._running = True
        self._thread.start()
        return self

    def stop(self) -> None:
        self._running = False
        self._listener.close()
        self._thread.join(timeout=2)

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        """Carry out one request; never raises."""
        command = request.get("cmd")
        device = self.device
        try:
            if command == "fault":
                faults = request.get("faults")
                if not isinstance(faults, dict):
                    raise ValueError("'faults' must be an object of fault names and values")
                device.set_fault(**faults)
            elif command == "reload":
                device.reload_paper()
            elif command == "clear":
                device.clear_faults()
            elif command == "pages":
                pages = [
                    {"number": p.number, "torn": p.torn, "png": p.png_path, "bytes": p.byte_count}
                    for p in device.pages
                ]
                return {"ok": True, "pages": pages}
            elif command == "stop":
                self.on_stop()
            elif command != "status":
                raise ValueError(f"unknown command {command!r}")
        except (ValueError, TypeError) as exc:
            return {"ok": False, "error": str(exc)}
        return {"ok": True, "url": device.url, "faults": device.faults.as_dict(),
                "pages": len(device.pages)}  # fmt: skip

    def _serve(self) -> None:
        self._listener.settimeout(POLL_SECONDS)
        while self._running:
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn, conn.makefile("rwb") as stream:
                for raw in iter(lambda: stream.readline(MAX_LINE), b""):
                    try:
                        request = json.loads(raw)
                        reply = self.handle(request if isinstance(request, dict) else {})
                    except json.JSONDecodeError as exc:
                        reply = {"ok": False, "error": f"not JSON: {exc.msg}"}
                    stream.write(json.dumps(reply).encode() + b"\n")
                    stream.flush()


def send_command(address: str, request: dict[str, Any], timeout: float = DEFAULT_TIMEOUT) -> dict:
    """Send one request to a control channel at ``tcp://host:port``; its reply."""
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as conn:
        conn.sendall(json.dumps(request).encode() + b"\n")
        with conn.makefile("rb") as stream:
            return json.loads(stream.readline(MAX_LINE))
