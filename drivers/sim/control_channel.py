"""The control channel of a simulator process: one JSON object per line over a unix socket.

A simulator run by ``kiosk sim`` (or the demo) takes commands such as ``{"command": "unplug"}``
and answers each with one JSON object (``{"ok": true, ...}``). :class:`ControlServer` serves a
handler on a socket path in a background thread; :class:`ControlClient` sends one request per
connection, so a crashed client never leaves the simulator in a half-read state.
"""

from __future__ import annotations

import json
import socket
import socketserver
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from kiosk.errors import DeviceUnavailable

JsonObject = dict[str, Any]
Handler = Callable[[JsonObject], JsonObject]
MAX_REQUEST_BYTES = 1 << 20
DEFAULT_TIMEOUT = 10.0


class _ThreadingUnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class ControlServer:
    """Serve ``handler`` on the unix socket ``path`` until closed (a context manager)."""

    def __init__(self, path: Path, handler: Handler) -> None:
        self.path = Path(path)
        self._handler = handler
        self._server: _ThreadingUnixServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> ControlServer:
        self.path.unlink(missing_ok=True)
        handler = self._handler

        class _Request(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(MAX_REQUEST_BYTES)
                try:
                    request = json.loads(line)
                    if not isinstance(request, dict):
                        raise ValueError("a request is one JSON object")
                    reply = handler(request)
                except (ValueError, TypeError, AttributeError, OSError) as exc:
                    reply = {"ok": False, "error": str(exc)}
                self.wfile.write(json.dumps(reply).encode() + b"\n")

        self._server = _ThreadingUnixServer(str(self.path), _Request)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> ControlServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ControlClient:
    """Send requests to a :class:`ControlServer`; raises DeviceUnavailable when it is not there."""

    def __init__(self, path: Path, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = Path(path)
        self.timeout = timeout

    def call(self, request: JsonObject) -> JsonObject:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(self.timeout)
                sock.connect(str(self.path))
                sock.sendall(json.dumps(request).encode() + b"\n")
                with sock.makefile("rb") as reader:
                    line = reader.readline(MAX_REQUEST_BYTES)
        except OSError as exc:
            raise DeviceUnavailable(f"simulator control socket {self.path}: {exc}") from exc
        if not line:
            raise DeviceUnavailable(f"simulator control socket {self.path} closed without answer")
        reply: JsonObject = json.loads(line)
        return reply

    def status(self) -> JsonObject:
        return self.call({"command": "status"})
