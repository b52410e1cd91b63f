"""Log records are masked before any handler, and reach the journal with filterable fields."""

from __future__ import annotations

import io
import logging
import socket
import struct
from pathlib import Path

from kiosk.logs import JournalHandler, KeyValueFormatter, PrivacyFilter, encode_journal_fields

SYNTHETIC_CPR = "0101901234"


def make_logger(handler: logging.Handler, name: str) -> logging.Logger:
    handler.addFilter(PrivacyFilter())
    logger = logging.getLogger(name)
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger


def parse_journal_datagram(data: bytes) -> dict[str, str]:
    fields: dict[str, str] = {}
    while data:
        line, _, rest = data.partition(b"\n")
        if b"=" in line:
            name, _, value = line.partition(b"=")
            fields[name.decode()] = value.decode()
            data = rest
        else:
            (length,) = struct.unpack("<Q", rest[:8])
            fields[line.decode()] = rest[8 : 8 + length].decode()
            data = rest[8 + length + 1 :]
    return fields


def test_cpr_numbers_are_masked_in_message_and_fields() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(KeyValueFormatter())
    logger = make_logger(handler, "kiosk.test.mask")
    logger.info("looked up %s", "010190-1234", extra={"state": f"citizen {SYNTHETIC_CPR}"})
    line = stream.getvalue()
    assert "010190-XXXX" in line
    assert "1234" not in line


def test_secret_named_fields_never_reach_a_handler() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(KeyValueFormatter())
    logger = make_logger(handler, "kiosk.test.secret")
    logger.info("issued", extra={"temporary_password": "482913", "device": "printer"})
    line = stream.getvalue()
    assert "482913" not in line
    assert "device=printer" in line


def test_journal_receives_priority_and_filter_fields(tmp_path: Path) -> None:
    path = tmp_path / "journal.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as journal:
        journal.bind(str(path))
        journal.settimeout(2)
        handler = JournalHandler(str(path))
        logger = make_logger(handler, "kiosk.test.journal")
        logger.error("printer out of paper", extra={"device": "printer", "error_code": "paper_out"})
        fields = parse_journal_datagram(journal.recv(65536))
        handler.close()
    assert fields["MESSAGE"] == "printer out of paper"
    assert fields["PRIORITY"] == "3"
    assert fields["KIOSK_DEVICE"] == "printer"
    assert fields["KIOSK_ERROR_CODE"] == "paper_out"
    assert fields["SYSLOG_IDENTIFIER"] == "nemid-kiosk"


def test_multiline_values_use_the_binary_form() -> None:
    encoded = encode_journal_fields({"MESSAGE": "two\nlines"})
    assert encoded == b"MESSAGE\n" + struct.pack("<Q", 9) + b"two\nlines\n"
    assert parse_journal_datagram(encoded) == {"MESSAGE": "two\nlines"}
