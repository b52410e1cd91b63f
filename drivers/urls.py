"""Device URLs, the one way the config names a device, shared by every driver family.

``serial:///dev/ttyACM0?baud=9600`` (a serial or USB-CDC port), ``tcp://127.0.0.1:9100`` (a
network printer), ``pcsc://<reader name>`` (a PC/SC reader; empty name means the first one),
``usb://04b8:0202`` (a USB printer by hex vendor:product id), ``camera:///dev/video0``,
``camera://0`` or ``camera:///path/file.avi`` (a capture device, index or video file) and
``sim://`` (start the simulator). :func:`parse_device_url` turns the text into a small frozen
:class:`DeviceUrl` or raises ``ConfigError`` with a message that names the bad part.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

from kiosk.errors import ConfigError

SCHEMES: tuple[str, ...] = ("serial", "tcp", "pcsc", "usb", "camera", "sim")
SCHEME_SEPARATOR = "://"
DEFAULT_TCP_PORT = 9100  # the raw-printing (JetDirect) port of network receipt printers
MAX_TCP_PORT = 65535
USB_ID_HEX_DIGITS = 4


@dataclass(frozen=True)
class DeviceUrl:
    """A parsed device URL.

    ``location`` is the percent-decoded part between ``://`` and ``?``: the serial device path,
    the PC/SC reader name, the camera device or file, or ``host:port`` for tcp. ``host`` and
    ``port`` are set for tcp only. ``params`` holds the query as sorted (name, value) pairs.
    """

    scheme: str
    location: str = ""
    host: str = ""
    port: int = 0
    params: tuple[tuple[str, str], ...] = ()
    text: str = ""

    @property
    def is_sim(self) -> bool:
        return self.scheme == "sim"

    def param(self, name: str, default: str = "") -> str:
        """A query parameter's value, or ``default`` when absent."""
        for key, value in self.params:
            if key == name:
                return value
        return default

    def int_param(self, name: str, default: int) -> int:
        """A whole-number query parameter (e.g. ``baud``). Raises ConfigError if not a number."""
        raw = self.param(name)
        if not raw:
            return default
        if not raw.isdigit():
            raise ConfigError(f"{self.text}: '{name}' must be a whole number, not {raw!r}")
        return int(raw)

    def float_param(self, name: str, default: float) -> float:
        """A number query parameter (e.g. ``timeout``). Raises ConfigError if not a number."""
        raw = self.param(name)
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if value < 0:
            raise ConfigError(f"{self.text}: '{name}' must be a number of 0 or more, not {raw!r}")
        return value

    def usb_ids(self) -> tuple[int, int]:
        """(vendor id, product id) of a ``usb://vvvv:pppp`` URL. Raises ConfigError."""
        parts = self.location.split(":")
        if len(parts) != 2 or not all(_is_hex_id(part) for part in parts):
            raise ConfigError(
                f"{self.text}: expected usb://<vendor>:<product> in hex, e.g. 04b8:0202"
            )
        return int(parts[0], 16), int(parts[1], 16)

    def camera_index(self) -> int | None:
        """The capture-device index of ``camera://0``; None for a path."""
        return int(self.location) if self.location.isdigit() else None

    def __str__(self) -> str:
        return self.text


def parse_device_url(text: str) -> DeviceUrl:
    """Parse a device URL from the config. Raises ConfigError naming what is wrong.

    An empty string (a device that is not fitted) is an error here; callers check for it first.
    """
    if not isinstance(text, str) or not text.strip():
        raise ConfigError("empty device URL (a device that is not fitted has no URL to open)")
    text = text.strip()
    scheme, separator, rest = text.partition(SCHEME_SEPARATOR)
    if not separator:
        raise ConfigError(f"{text!r} is not a device URL; expected <scheme>://..., e.g. sim://")
    scheme = scheme.lower()
    if scheme not in SCHEMES:
        raise ConfigError(
            f"{text!r}: unknown scheme '{scheme}'; expected one of {', '.join(SCHEMES)}"
        )
    raw_location, _, query = rest.partition("?")
    location = unquote(raw_location)
    params = _parse_query(text, query)
    host, port = "", 0
    if scheme == "tcp":
        host, port = _parse_host_port(text, location)
    elif scheme in ("serial", "camera") and not location:
        raise ConfigError(f"{text!r}: a {scheme} URL needs a device path, e.g. {scheme}:///dev/...")
    elif scheme == "usb" and not location:
        raise ConfigError(f"{text!r}: expected usb://<vendor>:<product> in hex, e.g. 04b8:0202")
    url = DeviceUrl(scheme, location, host, port, params, text)
    if scheme == "usb":
        url.usb_ids()
    return url


def _parse_query(text: str, query: str) -> tuple[tuple[str, str], ...]:
    if not query:
        return ()
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise ConfigError(f"{text!r}: malformed query '{query}'") from exc
    names = [name for name, _ in pairs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ConfigError(f"{text!r}: parameter given twice: {', '.join(duplicates)}")
    return tuple(sorted(pairs))


def _parse_host_port(text: str, location: str) -> tuple[str, int]:
    host, colon, port_text = location.rpartition(":")
    if not colon:
        host, port_text = location, ""
    host = host.strip("[]")
    if not host:
        raise ConfigError(f"{text!r}: a tcp URL needs a host, e.g. tcp://127.0.0.1:9100")
    if not port_text:
        return host, DEFAULT_TCP_PORT
    if not port_text.isdigit() or not 0 < int(port_text) <= MAX_TCP_PORT:
        raise ConfigError(f"{text!r}: port must be a number from 1 to {MAX_TCP_PORT}")
    return host, int(port_text)


def _is_hex_id(part: str) -> bool:
    digits = part.lower().removeprefix("0x")
    return 0 < len(digits) <= USB_ID_HEX_DIGITS and all(c in "0123456789abcdef" for c in digits)
