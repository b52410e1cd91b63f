"""Device URLs from the config parse into DeviceUrl, and each malformed one is a ConfigError."""

from __future__ import annotations

import pytest

from drivers.urls import DEFAULT_TCP_PORT, parse_device_url
from kiosk.errors import ConfigError


def test_serial_url_keeps_the_path_and_baud() -> None:
    url = parse_device_url("serial:///dev/ttyACM0?baud=9600")
    assert (url.scheme, url.location) == ("serial", "/dev/ttyACM0")
    assert url.int_param("baud", 115200) == 9600


def test_a_missing_parameter_gives_the_default() -> None:
    assert parse_device_url("serial:///dev/ttyS0").int_param("baud", 9600) == 9600


def test_tcp_url_has_host_and_port() -> None:
    url = parse_device_url("tcp://127.0.0.1:9101")
    assert (url.host, url.port) == ("127.0.0.1", 9101)


def test_tcp_url_without_port_uses_the_raw_printing_port() -> None:
    assert parse_device_url("tcp://printer.local").port == DEFAULT_TCP_PORT


def test_pcsc_url_keeps_a_reader_name_with_spaces() -> None:
    assert parse_device_url("pcsc://Virtual PCD 00 01").location == "Virtual PCD 00 01"
    assert parse_device_url("pcsc://Virtual%20PCD%2000%2000").location == "Virtual PCD 00 00"


def test_usb_url_gives_vendor_and_product_ids() -> None:
    assert parse_device_url("usb://04b8:0202").usb_ids() == (0x04B8, 0x0202)


def test_camera_url_is_a_file_or_an_index() -> None:
    assert parse_device_url("camera:///tmp/x.avi").location == "/tmp/x.avi"
    assert parse_device_url("camera://0").camera_index() == 0
    assert parse_device_url("camera:///dev/video0").camera_index() is None


def test_sim_url_is_a_simulator() -> None:
    assert parse_device_url("sim://").is_sim
    assert not parse_device_url("tcp://h:1").is_sim


def test_url_is_frozen_and_prints_as_given() -> None:
    url = parse_device_url("serial:///dev/ttyACM0?baud=9600")
    assert str(url) == "serial:///dev/ttyACM0?baud=9600"
    with pytest.raises(AttributeError):
        url.scheme = "tcp"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty device URL"),
        ("/dev/ttyACM0", "not a device URL"),
        ("ftp://x", "unknown scheme 'ftp'"),
        ("serial://", "needs a device path"),
        ("camera://", "needs a device path"),
        ("tcp://:9100", "needs a host"),
        ("tcp://h:0", "port must be"),
        ("tcp://h:http", "port must be"),
        ("usb://epson", "vendor"),
        ("serial:///dev/x?baud=1&baud=2", "given twice"),
        ("serial:///dev/x?baud", "malformed query"),
    ],
)
def test_a_malformed_url_is_a_config_error(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        parse_device_url(text)


def test_a_non_numeric_parameter_is_a_config_error() -> None:
    url = parse_device_url("serial:///dev/x?baud=fast")
    with pytest.raises(ConfigError, match="'baud' must be a whole number"):
        url.int_param("baud", 9600)
    with pytest.raises(ConfigError, match="'baud' must be a number"):
        url.float_param("baud", 1.0)
