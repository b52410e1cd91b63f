"""The technician bench and the diagnostics bundle on real SQLite, built through build_app."""

from __future__ import annotations

import json
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bootstrap import build_app
from drivers.sim.printer.paper_printer import PaperlessPrinter
from kiosk.admin.access import AdminLocked
from kiosk.admin.bench import NOT_SET, REDACTED, redacted_config
from kiosk.admin.build import Admin, build_admin
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.ports import Devices
from kiosk.storage.secret_hashes import hash_password

TECHNICIAN_PIN = "86420"
CPR = "1503681234"  # the synthetic persona rich_register
UNMASKED_CPR = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")


@pytest.fixture
def printer() -> PaperlessPrinter:
    return PaperlessPrinter()


@pytest.fixture
def admin(config: KioskConfig, clock: FixedClock, printer: PaperlessPrinter) -> Iterator[Admin]:
    config = config.replace(
        security={"technician_pin_hash": hash_password(TECHNICIAN_PIN)},
        devices={"camera": "camera:///dev/video0"},
    )
    core = build_app(config, clock=clock, devices=Devices(printer=printer, camera=None))
    admin = build_admin(core)
    admin.access.unlock_technician_pin(TECHNICIAN_PIN)
    yield admin
    admin.close()
    core.close()


def test_printer_test_prints_a_test_page_and_is_audited(
    admin: Admin, printer: PaperlessPrinter
) -> None:
    result = admin.bench.test_device("printer")
    assert (result.status, result.test) == ("ok", "test_page")
    assert [job.kind for job in printer.completed_jobs] == ["test_page"]
    [entry] = [e for e in admin.core.kiosk.audit.entries() if e.event.startswith("technician.dev")]
    assert entry.data["staff_id"] == "technician-pin" and entry.data["device"] == "printer"


def test_a_printer_offline_is_a_fault_with_its_reason_not_an_exception(
    admin: Admin, printer: PaperlessPrinter
) -> None:
    printer.go_offline()
    result = admin.bench.test_device("printer")
    assert result.status == "fault" and "offline" in result.detail
    assert printer.completed_jobs == []


def test_a_device_not_fitted_is_reported_so(admin: Admin) -> None:
    assert admin.bench.test_device("camera").status == "not_fitted"


def test_bench_refuses_staff_mode_and_no_login(admin: Admin) -> None:
    admin.access.lock()
    with pytest.raises(AdminLocked):
        admin.bench.test_device("printer")


def test_config_shows_secrets_only_as_set_or_not_set() -> None:
    config = KioskConfig().replace(
        security={"technician_pin_hash": hash_password("13579")},
        devices={"printer": "tcp://operator:s3cret@10.0.0.5:9100"},
    )
    shown = redacted_config(config)
    assert shown["security"]["technician_pin_hash"] == REDACTED
    assert shown["devices"]["printer"] == f"tcp://{REDACTED}@10.0.0.5:9100"
    assert redacted_config(KioskConfig())["security"]["technician_pin_hash"] == NOT_SET


def test_bundle_holds_versions_config_devices_and_errors_but_no_secret(
    admin: Admin, tmp_path: Path
) -> None:
    logging.getLogger("kiosk.test").warning("reader saw %s", CPR, extra={"device": "reader"})
    admin.bench.test_device("printer")
    path = admin.export_bundle(tmp_path / "usb")
    with zipfile.ZipFile(path) as bundle:
        files = {name: bundle.read(name).decode("utf-8") for name in bundle.namelist()}
    assert set(files) == {
        "versions.json",
        "config.json",
        "devices.json",
        "recent_errors.jsonl",
        "audit.json",
        "manifest.json",
    }
    assert json.loads(files["versions.json"])["nemid-kiosk"]
    assert json.loads(files["audit.json"])["intact"] is True
    assert json.loads(files["devices.json"])["last_tests"][0]["device"] == "printer"
    errors = [json.loads(line) for line in files["recent_errors.jsonl"].splitlines()]
    assert errors[0]["message"] == "reader saw 150368-XXXX" and errors[0]["device"] == "reader"
    everything = "".join(files.values())
    assert UNMASKED_CPR.search(everything) is None
    assert "scrypt$" not in everything and TECHNICIAN_PIN not in everything
    assert json.loads(files["config.json"])["security"]["technician_pin_hash"] == REDACTED
    exported = [
        e for e in admin.core.kiosk.audit.entries() if e.event == "technician.bundle_exported"
    ]
    assert exported[0].data["file_name"] == path.name


def test_bundle_to_an_unwritable_folder_is_a_clear_storage_error(
    admin: Admin, tmp_path: Path
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with pytest.raises(Exception, match="cannot write the diagnostics bundle"):
        admin.export_bundle(blocked)
