"""The technician's diagnostics bundle: one zip of what a support desk needs, and no secret.

``versions.json`` (software, schemas), ``config.json`` (secrets as set / not set, passwords cut
from URLs), ``devices.json`` (each device's health and the last test results),
``recent_errors.jsonl`` (the log's last warnings and errors, CPR numbers already masked),
``audit.json`` (whether the audit chain is intact and how many entries it has; never the
entries, which name people) and ``manifest.json``. Every text goes through the CPR mask once
more before it is written.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict
from pathlib import Path

from kiosk.admin.access import MODE_TECHNICIAN
from kiosk.admin.bench import TechnicianBench
from kiosk.composed import App
from kiosk.errors import StorageError
from kiosk.identity.cpr import mask_cpr
from kiosk.storage.stores import backups_dir

BUNDLE_PREFIX = "diagnostics"
EXPORTS_DIR_NAME = "exports"


def write_bundle(bench: TechnicianBench, core: App, directory: Path | None = None) -> Path:
    """Write the zip to ``directory`` (default: the backups folder's exports); its path.

    Raises StorageError when the folder cannot be written.
    """
    access = bench.access
    access.require(MODE_TECHNICIAN)
    config = core.config
    folder = directory or backups_dir(config) / EXPORTS_DIR_NAME
    stamp = core.clock.now().strftime("%Y%m%dT%H%M%S")
    path = folder / f"{BUNDLE_PREFIX}-{config.kiosk_id}-{stamp}.zip"
    report = core.kiosk.audit.verify()
    files: dict[str, str] = {
        "versions.json": _json(bench.versions()),
        "config.json": _json(bench.configuration()),
        "devices.json": _json(
            {
                "status": [asdict(line) for line in bench.device_status()],
                "last_tests": [r.to_json() for r in bench.last_results.values()],
            }
        ),
        "recent_errors.jsonl": "".join(
            json.dumps(line.to_json(), ensure_ascii=False) + "\n" for line in bench.recent_errors()
        ),
        "audit.json": _json(report.to_json()),
    }
    files["manifest.json"] = _json(
        {"kiosk_id": config.kiosk_id, "written_at": stamp, "files": sorted(files)}
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for name, text in files.items():
                bundle.writestr(name, mask_cpr(text))
    except OSError as exc:
        raise StorageError(f"cannot write the diagnostics bundle to {folder}: {exc}") from exc
    access.audit("technician.bundle_exported", MODE_TECHNICIAN, file_name=path.name)
    return path


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
