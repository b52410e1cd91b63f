"""What ``kiosk authority init|load-register|status`` do, over the authority database."""

from __future__ import annotations

import json
from pathlib import Path

from app.authority.fleet_ca import ensure_ca, read_kiosks
from kiosk.clock import SystemClock
from kiosk.errors import ScenarioError
from kiosk.storage.personas import load_personas
from kiosk.storage.postgres.fleet_status import kiosk_contacts, open_work
from kiosk.storage.postgres.migrations import MIGRATIONS
from kiosk.storage.postgres.store import AuthorityStore

ADMIN_KIOSK = "authority-admin"  # the audit's name for changes made on the command line


def init(url: str, tls_dir: Path | None) -> dict[str, object]:
    """Create or migrate the schema (and the fleet CA when ``tls_dir`` is given)."""
    with AuthorityStore.open(url, SystemClock()) as store:
        version = store.db.schema_version()
    if tls_dir is not None:
        ensure_ca(tls_dir)
    return {"schema": version, "latest": len(MIGRATIONS)}


def register_entries(file: Path | None) -> object:
    """The entries of ``file``: a list, or a scenario whose ``register`` it takes; without a
    file, the built-in personas that are in the register."""
    if file is None:
        return [persona.entry for persona in load_personas() if persona.in_register]
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"cannot read {file}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{file}: not valid JSON: {exc}") from exc
    if isinstance(raw, dict):
        if "register" not in raw:
            raise ScenarioError(f"{file}: a scenario needs a 'register' list to load")
        return raw["register"]
    return raw


def load_register(url: str, file: Path | None) -> int:
    entries = register_entries(file)
    with AuthorityStore.open(url, SystemClock(), migrate=False) as store:
        return store.for_kiosk(ADMIN_KIOSK).register.load(entries)


def status(url: str, tls_dir: Path | None) -> dict[str, object]:
    """The kiosks enrolled and heard from, with their last contact, and open work."""
    with AuthorityStore.open(url, SystemClock(), migrate=False) as store:
        contacts = {kiosk: (first, last) for kiosk, first, last in kiosk_contacts(store.db)}
        work = open_work(store.db)
    enrolled = read_kiosks(tls_dir) if tls_dir else {}
    kiosks = []
    for kiosk_id in sorted(set(contacts) | set(enrolled)):
        _first, last = contacts.get(kiosk_id, (None, None))
        entry = enrolled.get(kiosk_id, {})
        kiosks.append(
            {
                "kiosk_id": kiosk_id,
                "enrolled": bool(entry),
                "revoked": bool(entry.get("revoked")),
                "last_contact": str(last) if last else None,
            }
        )
    return {"kiosks": kiosks, **work}
