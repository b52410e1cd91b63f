"""``EscposPrinterDevice``: a simulated ESC/POS printer on a real TCP socket (port 9100).

The kiosk's EscposReceiptPrinter talks to it as to a networked printer of one profile of
python-escpos's database (``TM-T20II`` unless told) in one behaviour (``epson``, ``clone``,
``silent``: :mod:`drivers.sim.printer.escpos_model`). DLE EOT is answered on arrival; a print
engine works through the stream at an optional speed, renders each page to PNG and text (at a
cut, or when a cutterless printer's host stops sending), answers ``GS ( H``, ``GS r`` and
``GS I`` once the bytes before them are printed, and sends ASB on every status change. Faults
(:meth:`set_fault`, or :mod:`drivers.sim.printer.escpos_control`): near-end, paper out after N
bytes, cover open, offline, no answer, garbage or corrupt status. :meth:`attach_serial` adds a
pseudo-terminal (``serial:///dev/pts/N``). As a process:
``python -m drivers.sim.printer.escpos_printer_device --port 0 --out DIR [--profile P]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import queue
import signal
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from drivers.printer import codes
from drivers.sim.printer.escpos_control import ControlServer
from drivers.sim.printer.escpos_faults import (
    FAULT_NAMES,
    GARBAGE,
    PrinterFaults,
    asb_packet,
    realtime_reply,
    transmit_status_reply,
)
from drivers.sim.printer.escpos_interpreter import EscposInterpreter
from drivers.sim.printer.escpos_model import (
    BEHAVIOURS,
    DEFAULT_SIM_PROFILE,
    EPSON,
    simulated_model,
)
from drivers.sim.printer.escpos_paper import Page, Paper
from drivers.sim.printer.escpos_peers import Peer, PtyPeer, SocketPeer
from drivers.sim.printer.escpos_render import save_page

log = logging.getLogger(__name__)

ENGINE_CHUNK = 64  # bytes the print engine takes at a time
POLL_SECONDS = 0.05
REBIND_SECONDS = 2.0
REALTIME_PREFIX = codes.DLE + codes.EOT
ANSWERED_STATUS = range(codes.STATUS_PRINTER, codes.STATUS_PAPER_SENSOR + 1)
SERIAL_115200_BYTES_PER_SECOND = 11_520  # 115200 baud, 8N1: 10 bits a byte
TEAR_OFF_IDLE_SECONDS = 0.3  # no cutter: the page is torn off once the host stops sending


class EscposPrinterDevice:
    def __init__(
        self,
        out_dir: Path | str | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bytes_per_second: float | None = None,
        profile: str = DEFAULT_SIM_PROFILE,
        behaviour: str = EPSON,
    ) -> None:
        self.model = simulated_model(profile, behaviour)
        self.out_dir = Path(out_dir) if out_dir else None
        self.host = host
        self.port = port
        self.bytes_per_second = bytes_per_second
        self.faults = PrinterFaults()
        self.pages: list[Page] = []
        self.received_bytes = 0
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._running = False
        self._listener: socket.socket | None = None
        self._clients: list[Peer] = []
        self._queue: queue.Queue[tuple[Peer, bytes]] = queue.Queue()
        self._engine_client: Peer | None = None
        self._interpreter = EscposInterpreter(
            on_page=self._page_done,
            on_process_id=self._process_id,
            on_asb=self._asb_request,
            on_transmit_status=self._transmit_status,
            on_printer_id=self._printer_id,
            paper=Paper(self.model.geometry),
            code_pages=self.model.code_pages,
            cutter=self.model.cutter,
        )
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> EscposPrinterDevice:
        self._running = True
        self._listen()
        self._spawn(self._engine, "escpos-engine")
        return self

    def stop(self) -> None:
        with self._changed:
            self._running = False
            self._changed.notify_all()
        self._close_listener()
        self._drop_clients()
        for thread in self._threads:
            thread.join(timeout=2)

    def __enter__(self) -> EscposPrinterDevice:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- faults and pages --------------------------------------------------------------------

    def set_fault(self, **changes: object) -> dict[str, object]:
        """Change fault flags by name (see FAULT_NAMES); returns them all. ValueError if unknown."""
        unknown = sorted(set(changes) - set(FAULT_NAMES))
        if unknown:
            raise ValueError(f"unknown fault {', '.join(unknown)}; known: {', '.join(FAULT_NAMES)}")
        with self._lock:
            was_offline = self.faults.offline
            for name, value in changes.items():
                setattr(self.faults, name, value)
            if self.faults.paper_end and self._interpreter.paper.has_content():
                self._page_done(self._interpreter.tear())
            self._changed.notify_all()
        if self.faults.offline and not was_offline:
            self._close_listener()
            self._drop_clients("tcp")
        elif was_offline and not self.faults.offline and self._running:
            self._listen()
        self._broadcast_asb()
        return self.faults.as_dict()

    def reload_paper(self) -> None:
        self.set_fault(paper_end=False, near_end=False, paper_out_after=None)

    def clear_faults(self) -> None:
        self.set_fault(**PrinterFaults().as_dict())

    def attach_serial(self, baud: int = 115_200) -> str:
        """Also listen on a new pseudo-terminal; its ``serial://`` URL for the driver."""
        peer = PtyPeer()
        with self._lock:
            self._clients.append(peer)
        self._spawn(self._read_client, "escpos-serial", peer)
        return f"serial://{peer.path}?baud={baud}"

    def inject(self, data: bytes) -> None:
        """Send ``data`` unasked to every connection: line noise, or a stale status reply."""
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.send(data)

    def wait_for_pages(self, count: int, timeout: float = 5.0) -> list[Page]:
        """The first ``count`` pages, waiting up to ``timeout`` s. Raises TimeoutError."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.pages) >= count, timeout):
                raise TimeoutError(f"{len(self.pages)} of {count} pages printed in {timeout} s")
            return self.pages[:count]

    # -- network side ------------------------------------------------------------------------

    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        deadline = time.monotonic() + REBIND_SECONDS
        while True:
            try:
                listener.bind((self.host, self.port))
                break
            except OSError:
                # The old listener's accept() may still hold the port for one poll interval.
                if time.monotonic() > deadline:
                    listener.close()
                    raise
                time.sleep(POLL_SECONDS / 5)
        listener.listen()
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._spawn(self._accept, "escpos-accept", listener)

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # stops listening now, wakes accept()
            listener.close()

    def _drop_clients(self, kind: str = "") -> None:
        """Close the peers of ``kind`` ("tcp", "serial"), or all of them."""
        with self._lock:
            dropped = [c for c in self._clients if not kind or c.kind == kind]
            self._clients = [c for c in self._clients if c not in dropped]
        for client in dropped:
            client.close()

    def _accept(self, listener: socket.socket) -> None:
        with contextlib.suppress(OSError):  # closed before this thread began: the loop ends
            listener.settimeout(POLL_SECONDS)
        while self._running and self._listener is listener:
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client = SocketPeer(sock)
            with self._lock:
                self._clients.append(client)
            self._spawn(self._read_client, "escpos-client", client)

    def _read_client(self, client: Peer) -> None:
        while self._running:
            data = client.recv()
            if not data:
                break
            self.received_bytes += len(data)
            if self.faults.no_answer or self.faults.offline:
                continue  # a hung or switched-off printer: the bytes go nowhere
            self._answer_realtime(client, data)
            self._queue.put((client, data))
        with self._lock:
            if client in self._clients:
                self._clients.remove(client)
        client.close()

    def _answer_realtime(self, client: Peer, data: bytes) -> None:
        """DLE EOT n is answered on receipt, even while the engine is stopped or busy."""
        buffer, start = client.carry + data, 0
        client.carry = b""
        while True:
            found = buffer.find(REALTIME_PREFIX, start)
            if found < 0:
                client.carry = buffer[-1:] if buffer.endswith(codes.DLE) else b""
                return
            if found + len(REALTIME_PREFIX) >= len(buffer):
                client.carry = buffer[found:]
                return
            n = buffer[found + len(REALTIME_PREFIX)]
            if n in ANSWERED_STATUS and self.model.answers_status:
                prefix = GARBAGE if self.faults.garbage else b""
                client.send(prefix + bytes((realtime_reply(self.faults, n),)))
            start = found + len(REALTIME_PREFIX) + 1

    # -- print engine ------------------------------------------------------------------------

    def _engine(self) -> None:
        due = time.monotonic()
        while self._running:
            try:
                client, data = self._queue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not self.model.cutter and time.monotonic() - due > TEAR_OFF_IDLE_SECONDS:
                    self._tear_off()
                continue
            position = 0
            while position < len(data) and self._running:
                with self._changed:
                    self._changed.wait_for(lambda: not self._paused(), timeout=None)
                if self.faults.paper_end or self.faults.no_answer:
                    break  # the rest of the job is lost
                chunk = data[position : position + ENGINE_CHUNK]
                limit = self.faults.paper_out_after
                if limit is not None:
                    chunk = chunk[:limit]
                self._engine_client = client
                with self._lock:
                    self._interpreter.feed(chunk)
                position += len(chunk)
                if limit is not None:
                    self.faults.paper_out_after = limit - len(chunk)
                    if self.faults.paper_out_after <= 0:
                        self.set_fault(paper_end=True, paper_out_after=None)
                due = self._throttle(due, len(chunk))

    def _paused(self) -> bool:
        faults = self.faults
        return self._running and (faults.cover_open or faults.cutter_error) and not faults.paper_end

    def _throttle(self, due: float, size: int) -> float:
        if not self.bytes_per_second:
            return time.monotonic()
        due = max(due, time.monotonic()) + size / self.bytes_per_second
        time.sleep(max(0.0, due - time.monotonic()))
        return due

    def _page_done(self, page: Page) -> None:
        if self.out_dir is not None:
            png, text = save_page(page, self.out_dir)
            page.png_path, page.text_path = str(png), str(text)
        with self._changed:
            self.pages.append(page)
            self._changed.notify_all()

    def _tear_off(self) -> None:
        with self._lock:
            if not self._interpreter.paper.has_content():
                return
            page = self._interpreter.tear_off()
        self._page_done(page)

    def _printer_id(self, n: int) -> None:
        text = self.model.printer_id(n)
        client = self._engine_client
        if client is None or text is None or not self.model.answers_printer_id:
            return
        if not self.faults.no_answer:
            client.send(bytes((codes.PRINTER_ID_HEADER,)) + text.encode("ascii") + codes.NUL)

    def _process_id(self, ident: bytes) -> None:
        if not self.model.answers_process_id:
            return
        if self._engine_client is not None and not self.faults.no_answer:
            self._engine_client.send(codes.PROCESS_ID_HEADER + ident + codes.NUL)

    def _asb_request(self, flags: int) -> None:
        client = self._engine_client
        if client is None or not self.faults.asb or not self.model.has_asb:
            return
        client.asb = bool(flags)
        if client.asb and not self.faults.no_answer:
            client.send(asb_packet(self.faults))

    def _transmit_status(self, n: int) -> None:
        if not self.model.answers_transmit_status or self.faults.no_answer:
            return
        if self._engine_client is not None and n == codes.TRANSMIT_PAPER:
            self._engine_client.send(bytes((transmit_status_reply(self.faults),)))

    def _broadcast_asb(self) -> None:
        if self.faults.no_answer:
            return
        with self._lock:
            listeners = [client for client in self._clients if client.asb]
        for client in listeners:
            client.send(asb_packet(self.faults))


def main(argv: list[str] | None = None) -> int:
    """Run the simulator as a process; prints one JSON line with its URLs, then serves."""
    parser = argparse.ArgumentParser(description="Simulated ESC/POS printer on TCP")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="printer port (0: any free one)")
    parser.add_argument("--control-port", type=int, default=0)
    parser.add_argument("--out", type=Path, help="folder for page-NNNN.png and .txt")
    parser.add_argument("--bytes-per-second", type=float, default=None)
    parser.add_argument("--ready-file", type=Path, help="also write the JSON line here")
    parser.add_argument("--profile", default=DEFAULT_SIM_PROFILE, help="python-escpos profile")
    parser.add_argument("--behaviour", choices=BEHAVIOURS, default=EPSON)
    args = parser.parse_args(argv)
    done = threading.Event()
    device = EscposPrinterDevice(
        args.out,
        host=args.host,
        port=args.port,
        bytes_per_second=args.bytes_per_second,
        profile=args.profile,
        behaviour=args.behaviour,
    ).start()
    control = ControlServer(device, host=args.host, port=args.control_port, on_stop=done.set)
    control.start()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: done.set())
    ready = json.dumps({"url": device.url, "control": control.address, "out": str(args.out)})
    if args.ready_file:
        args.ready_file.write_text(ready + "\n", encoding="utf-8")
    print(ready, flush=True)
    done.wait()
    control.stop()
    device.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
