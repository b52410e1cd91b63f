"""Synthetic citizens for the load test: register entries and the MRZ of each one's passport.

Every name, number and address here is invented. Citizen ``(worker, index)`` is unique: the
CPR number's serial carries both (born 1975, serial starting with 1, so the 1900s by the CPR
century table). One shared witness without NemID (R7, declaration) and one shared citizen
whose control questions the test locks (R3) complete the population.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.identity.mrz_builder import build_td3

TODAY = date(2026, 11, 23)
DOCUMENT_EXPIRY = date(2031, 6, 30)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WITNESS_INDEX = 90  # the witness journey's applicant of each worker
LOCKED = "lockout"


@dataclass(frozen=True)
class Citizen:
    cpr: str  # ten digits
    given_names: str
    surname: str
    document_number: str
    address: str

    def entry(self) -> dict[str, Any]:
        """A register entry rich enough for control questions (R3, R5)."""
        return {
            "cpr": f"{self.cpr[:6]}-{self.cpr[6:]}",
            "given_names": self.given_names,
            "surname": self.surname,
            "address": self.address,
            "previous_addresses": [
                f"Gammelvej {self.cpr[-3:]}, 5000 Odense C",
                f"Skolegade {self.cpr[-2:]}, 6000 Kolding",
            ],
            "mother": f"Mor {self.surname}",
            "father": f"Far {self.surname}",
            "spouse": f"Ægtefælle {self.surname}",
            "birth_place": "Vejle",
            "citizenship": "DNK",
            "danish_passport": True,
        }

    def mrz(self) -> list[str]:
        """The Danish passport's MRZ, the CPR number in the personal-number field (R1)."""
        born = date(1900 + int(self.cpr[4:6]), int(self.cpr[2:4]), int(self.cpr[:2]))
        return build_td3(
            surname=self.surname,
            given_names=self.given_names,
            document_number=self.document_number,
            birth_date=born,
            expiry_date=DOCUMENT_EXPIRY,
            sex="M" if int(self.cpr[-1]) % 2 else "F",
            optional_data=self.cpr,
        )


def citizen(worker: int, index: int) -> Citizen:
    """The ``index``-th citizen of ``worker`` (worker < 10, index < 100)."""
    return Citizen(
        cpr=f"{10 + worker:02d}0575" + f"1{worker}{index:02d}",
        given_names=f"Last {LETTERS[worker]}",
        surname=f"Kunde{LETTERS[index // 26]}{LETTERS[index % 26]}",
        document_number=f"LD{worker}{index:02d}0001",
        address=f"Lastvej {worker}{index:02d}, 8000 Aarhus C",
    )


WITNESS = Citizen("0101701999", "Vibeke", "Vidne", "LDW000001", "Vidnevej 1, 7100 Vejle")
LOCKOUT_CITIZEN = Citizen("0202702998", "Lukas", "Laast", "LDL000001", "Laasevej 2, 9000 Aalborg")


def population(workers: int, journeys: int) -> list[Citizen]:
    """Everyone the load test needs in the register."""
    people = [citizen(w, i) for w in range(workers) for i in range(journeys)]
    people += [citizen(w, WITNESS_INDEX) for w in range(workers)]
    return [*people, WITNESS, LOCKOUT_CITIZEN]
