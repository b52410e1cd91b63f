"""The synthetic personas of ``kiosk/assets/register/personas.json``: entries and documents.

Each persona is a register entry (the format of :mod:`kiosk.storage.register_entries`) plus the
photo ID the persona carries (passport or ID card; whether the CPR number is printed on it) and
whether they bring a yellow health card (R1). The MRZ of the document is built with
:mod:`kiosk.identity.mrz_builder`, birth date and sex taken from the CPR number. The demo's
control panel, the scenario runner and the tests play citizens from these.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from stdnum.dk import cpr as stdnum_cpr

from kiosk.errors import ScenarioError
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.sqlite.database import Database
from kiosk.storage.sqlite.register_seed import seed_register

PERSONAS_FILE: Traversable = files("kiosk").joinpath("assets", "register", "personas.json")
DOCUMENT_KINDS = ("passport", "id_card")


@dataclass(frozen=True)
class PersonaDocument:
    kind: str  # passport (TD3) | id_card (TD1)
    number: str
    expiry: date
    issuing_state: str
    nationality: str
    cpr_on_document: bool


@dataclass(frozen=True)
class Persona:
    id: str
    description: str
    rules: tuple[str, ...]
    entry: dict[str, Any] = field(repr=False)
    document: PersonaDocument
    in_register: bool = True
    health_card: bool = False

    @property
    def cpr(self) -> str:
        return str(self.entry["cpr"]).replace("-", "")

    @property
    def given_names(self) -> str:
        return str(self.entry["given_names"])

    @property
    def surname(self) -> str:
        return str(self.entry["surname"])

    @property
    def birth_date(self) -> date:
        return stdnum_cpr.get_birth_date(self.cpr)

    @property
    def sex(self) -> str:
        """M or F from the CPR number's last digit (odd is male)."""
        return "M" if int(self.cpr[-1]) % 2 else "F"

    @property
    def document_cpr(self) -> str | None:
        """The CPR printed on the document, or None (then the health card carries it, R1)."""
        return self.cpr if self.document.cpr_on_document else None

    @property
    def nemid_password(self) -> str | None:
        """Test data: the plain password of the persona's NemID, for playing the witness."""
        nemid = self.entry.get("nemid")
        return nemid.get("password") if nemid else None

    @property
    def code_card(self) -> dict[str, str]:
        """Test data: the persona's code card entries, key -> code."""
        nemid = self.entry.get("nemid")
        return dict(nemid.get("code_card", {})) if nemid else {}

    def mrz_lines(self) -> list[str]:
        """The document's MRZ: TD3 for a passport, TD1 for an ID card."""
        from kiosk.identity import mrz_builder

        document = self.document
        build = mrz_builder.build_td3 if document.kind == "passport" else mrz_builder.build_td1
        return build(
            surname=self.surname,
            given_names=self.given_names,
            document_number=document.number,
            birth_date=self.birth_date,
            expiry_date=document.expiry,
            sex=self.sex,
            issuing_state=document.issuing_state,
            nationality=document.nationality,
        )


def load_personas(path: Path | Traversable = PERSONAS_FILE) -> list[Persona]:
    """Every persona of the file; raises ScenarioError for a malformed file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"cannot read {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("personas"), list):
        raise ScenarioError(f"{path}: needs a 'personas' list")
    return [_persona(item, f"{path}: personas[{i}]") for i, item in enumerate(raw["personas"])]


def persona(persona_id: str, path: Path | Traversable = PERSONAS_FILE) -> Persona:
    """One persona by id; raises ScenarioError naming the known ids when there is none."""
    personas = {p.id: p for p in load_personas(path)}
    if persona_id not in personas:
        raise ScenarioError(f"no persona {persona_id!r}; known: {', '.join(sorted(personas))}")
    return personas[persona_id]


def seed_personas(
    register_db: Database,
    today: date,
    keys: AuthorityKeys,
    path: Path | Traversable = PERSONAS_FILE,
) -> int:
    """Seed every persona that is in the register; returns how many."""
    entries = [p.entry for p in load_personas(path) if p.in_register]
    return seed_register(register_db, entries, today, keys)


def _persona(raw: object, where: str) -> Persona:
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: must be an object")
    try:
        document = raw["document"]
        if document["kind"] not in DOCUMENT_KINDS:
            raise ScenarioError(f"{where}.document.kind: one of {', '.join(DOCUMENT_KINDS)}")
        return Persona(
            id=str(raw["id"]),
            description=str(raw.get("description", "")),
            rules=tuple(raw.get("rules", ())),
            entry=dict(raw["register"]),
            document=PersonaDocument(
                kind=document["kind"],
                number=str(document["number"]),
                expiry=date.fromisoformat(document["expiry"]),
                issuing_state=str(document["issuing_state"]),
                nationality=str(document["nationality"]),
                cpr_on_document=bool(document["cpr_on_document"]),
            ),
            in_register=bool(raw.get("in_register", True)),
            health_card=bool(raw.get("health_card", False)),
        )
    except KeyError as exc:
        raise ScenarioError(f"{where}: missing {exc.args[0]!r}") from exc
    except (TypeError, ValueError) as exc:
        raise ScenarioError(f"{where}: {exc}") from exc
