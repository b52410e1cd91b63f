"""Writes the scenario files of this folder from the personas (run it after changing either).

``.venv/bin/python tests/scenarios/make_scenarios.py`` rewrites every ``*.json`` it knows; the
MRZ lines come from :mod:`kiosk.identity.mrz_builder` through the personas, so their check
digits are right. Each file carries an ``expect`` key (ignored by ``kiosk journey``) that
``tests/e2e/test_scenarios.py`` checks: the outcome fields, and lines that must appear.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.identity.mrz_builder import build_td3
from kiosk.storage.personas import Persona, load_personas

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-23"
P = {p.id: p for p in load_personas()}


def scan(persona: Persona, key: str = "scan", chip: str = "") -> dict[str, Any]:
    document: dict[str, Any] = {"mrz": persona.mrz_lines()}
    if persona.document_cpr:
        document["cpr"] = persona.document_cpr
    if chip:
        document["chip"] = chip  # absent: "valid", a chip that matches and passes PA
    return {key: document}


def arrive(persona: Persona) -> list[dict[str, Any]]:
    """Scan the document, and the health card when the CPR is not on it (R1)."""
    steps = [scan(persona)]
    if not persona.document_cpr:
        steps.append({"scan_health_card": {"cpr": persona.cpr}})
    return steps


def witness(persona: Persona) -> dict[str, Any]:
    document: dict[str, Any] = {"mrz": persona.mrz_lines()}
    document["cpr"] = persona.cpr if persona.in_register or persona.health_card else None
    return {"witness_scan": document}


def nemid(persona: Persona, code: str = "from_card") -> dict[str, Any]:
    number = persona.entry["nemid"]["number"]
    return {
        "witness_sign": {
            "nemid": {"number": number, "password": persona.nemid_password, "code": code}
        }
    }


def corrupt(lines: list[str]) -> list[str]:
    """Change the birth-date check digit of a TD3 MRZ: a document_invalid (R1)."""
    second = lines[1]
    digit = str((int(second[19]) + 1) % 10)
    return [lines[0], second[:19] + digit + second[20:]]


RICH, LETTERS, NEWCOMER = P["rich_register"], P["danish_letters"], P["newcomer"]
W40, W10, W17 = P["witness_nemid_40_days"], P["witness_nemid_10_days"], P["witness_aged_17"]
WDECL, WNOREG = P["witness_declaration"], P["witness_not_in_register"]
QUESTIONS = {"choose": "questions"}
RIGHT, WRONG = {"answer": "correct"}, {"answer": "wrong"}


def outcome(**fields: Any) -> dict[str, Any]:
    return fields


SCENARIOS: dict[str, dict[str, Any]] = {
    "r3_questions_issued": {
        "about": "R3: valid ID and two control questions right: NemID printed at once",
        "steps": [*arrive(RICH), QUESTIONS, RIGHT, RIGHT],
        "expect": {
            "outcome": outcome(
                outcome="issued", rule="R3", handed_out=["password", "code_card"], posted=[]
            ),
            "lines": [
                {"state": "choosing", "notes": ["R9", "R10", "R13"]},
                {"state": "document", "privacy_notice": "2026.1"},
                {"state": "questions", "rules_accepted": "2026.1"},
            ],
        },
    },
    "r3_questions_three_of_four": {
        "about": "R3: one wrong of the first two asks two more; 3 of 4 right passes",
        "steps": [*arrive(RICH), QUESTIONS, RIGHT, WRONG, RIGHT, RIGHT],
        "expect": {
            "outcome": outcome(outcome="issued", rule="R3"),
            "lines": [{"state": "questions", "question": {"number": 4}}],
        },
    },
    "r3_questions_failed_then_post": {
        "about": "R3/R4: two wrong fails the round; the citizen still leaves with a postal order",
        "steps": [*arrive(RICH), QUESTIONS, WRONG, WRONG, {"choose": "post"}],
        "expect": {
            "outcome": outcome(outcome="ordered_by_post", rule="R4", reason="questions_failed")
        },
    },
    "r3_questions_locked": {
        "about": "R3: a failed round locks control questions for 24 hours",
        "steps": [*arrive(RICH), QUESTIONS, RIGHT, WRONG, WRONG, QUESTIONS],
        "expect": {
            "outcome": outcome(outcome="incomplete", reason="questions_locked"),
            "lines": [{"step": "choose", "refused": "questions_locked"}],
        },
    },
    "r3_questions_stop_when_impossible": {
        "about": "R3: one wrong, then a second wrong of three: no 4th question, the round fails",
        "steps": [*arrive(RICH), QUESTIONS, RIGHT, WRONG, WRONG, {"choose": "post"}],
        "expect": {
            "outcome": outcome(
                outcome="ordered_by_post",
                rule="R4",
                reason="questions_failed",
                handed_out=[],
                posted=["password", "code_card"],
            ),
            "lines": [{"state": "questions", "question": {"number": 3}}],
            "absent": [{"state": "questions", "question": {"number": 4}}],
        },
    },
    "r1_danish_letters_issued": {
        "about": "R1: æ, ø and å in the register match AE, OE and AA in the MRZ",
        "steps": [*arrive(LETTERS), QUESTIONS, RIGHT, RIGHT],
        "expect": {"outcome": outcome(outcome="issued", rule="R3")},
    },
    "r1_document_expired": {
        "about": "R1: an expired passport is refused",
        "steps": arrive(P["expired_document"]),
        "expect": {
            "outcome": outcome(
                outcome="refused",
                rule="R1",
                reason="document_expired",
                handed_out=[],
                posted=[],
            )
        },
    },
    "r1_document_invalid": {
        "about": "R1: a check digit that fails makes the document invalid",
        "steps": [{"scan": {"mrz": corrupt(RICH.mrz_lines()), "cpr": RICH.cpr}}],
        "expect": {"outcome": outcome(outcome="refused", rule="R1", reason="document_invalid")},
    },
    "r1_cpr_missing": {
        "about": "R1/R9: no CPR on the passport and no yellow health card: nothing to order on",
        "steps": [scan(NEWCOMER)],
        "expect": {
            "outcome": outcome(outcome="refused", rule="R1", reason="cpr_missing"),
            "lines": [{"state": "health_card"}],
        },
    },
    "r1_cpr_mismatch": {
        "about": "R1: the CPR shown belongs to another birth date than the document's",
        "steps": [{"scan": {"mrz": RICH.mrz_lines(), "cpr": LETTERS.cpr}}],
        "expect": {"outcome": outcome(outcome="refused", rule="R1", reason="cpr_mismatch")},
    },
    "r1_chip_missing_danish_passport": {
        "about": "R1: a Danish passport whose chip cannot be read is sent to the counter",
        "steps": [scan(RICH, chip="none")],
        "expect": {
            "outcome": outcome(outcome="refused", rule="R1", reason="chip_required"),
            "lines": [{"state": "document"}],
        },
    },
    "r1_chip_forged": {
        "about": "R1: a chip whose DG1 fails its hash in the document security object is refused",
        "steps": [scan(RICH, chip="forged")],
        "expect": {"outcome": outcome(outcome="refused", rule="R1", reason="chip_invalid")},
    },
    "r1_chip_clone": {
        "about": "R1: a copied chip fails chip authentication: refused as chip_invalid",
        "steps": [scan(RICH, chip="clone")],
        "expect": {"outcome": outcome(outcome="refused", rule="R1", reason="chip_invalid")},
    },
    "r1_chip_of_another_person": {
        "about": "R1: a print laid over another person's chip is refused as chip_mismatch",
        "steps": [scan(RICH, chip="mismatch")],
        "expect": {"outcome": outcome(outcome="refused", rule="R1", reason="chip_mismatch")},
    },
    "r1_pace_id_card_eu_citizen_with_health_card": {
        "about": "R1: a German ID card (PACE-only chip, read with the MRZ) and the yellow health"
        " card with the CPR number: ordered by post",
        "steps": [
            scan(P["foreigner_health_card"], chip="valid"),
            {"scan_health_card": {"cpr": P["foreigner_health_card"].cpr}},
            {"choose": "post"},
        ],
        "expect": {"outcome": outcome(outcome="ordered_by_post", rule="R2")},
    },
    "r9_not_in_register": {
        "about": "R9: a newcomer without a CPR number in the register cannot order yet",
        "steps": [scan(WNOREG), {"scan_health_card": {"cpr": WNOREG.cpr}}],
        "expect": {"outcome": outcome(outcome="refused", rule="R9", reason="not_in_register")},
    },
    "under_age": {
        "about": "Minimum age 15 (RULES.md facts): a 14-year-old is refused",
        "steps": arrive(P["minor_14"]),
        "expect": {"outcome": outcome(outcome="refused", reason="under_age")},
    },
    "r12_already_has_nemid": {
        "about": "R12: one NemID per person; a holder cannot order a second one",
        "steps": [*arrive(P["has_nemid"]), QUESTIONS],
        "expect": {
            "outcome": outcome(
                outcome="incomplete",
                rule="R12",
                reason="nemid_already_active",
                handed_out=[],
                posted=[],
            ),
            "lines": [
                {
                    "state": "choosing",
                    "paths": [
                        {"path": "block", "open": True, "rule": "R12"},
                        {"path": "new_code_card", "open": True},
                        {"path": "exemption", "open": True, "rule": "R11"},
                        {"path": "questions", "open": False, "reason": "nemid_already_active"},
                    ],
                }
            ],
        },
    },
    "r12_holder_blocks_nemid": {
        "about": "R12: a holder blocks (spærrer) their NemID; it stops working at once",
        "steps": [*arrive(P["has_nemid"]), {"choose": "block"}],
        "expect": {
            "outcome": outcome(outcome="blocked", rule="R12", handed_out=[], posted=[]),
            "lines": [{"state": "blocking"}, {"state": "blocked"}],
        },
    },
    "r12_holder_new_code_card_by_questions": {
        "about": "R12/R3: a holder orders a new code card and gets it at once after questions",
        "steps": [*arrive(P["has_nemid"]), {"choose": "new_code_card"}, QUESTIONS, RIGHT, RIGHT],
        "expect": {
            "outcome": outcome(
                outcome="issued",
                rule="R3",
                service="new_code_card",
                handed_out=["password", "code_card"],
                posted=[],
            ),
            "lines": [{"state": "choosing", "paths": [{"path": "questions", "open": True}]}],
        },
    },
    "r12_holder_new_password_by_post": {
        "about": "R12/R2: a holder orders a new temporary password by post",
        "steps": [*arrive(P["has_nemid"]), {"choose": "new_password"}, {"choose": "post"}],
        "expect": {
            "outcome": outcome(
                outcome="ordered_by_post",
                rule="R2",
                service="new_password",
                handed_out=[],
                posted=["password", "code_card"],
            )
        },
    },
    "r11_holder_requests_exemption": {
        "about": "R11: exemption from Digital Post concerns NemID holders too",
        "steps": [
            *arrive(P["has_nemid"]),
            {"choose": "exemption"},
            {"request_exemption": "disability"},
        ],
        "expect": {
            "outcome": outcome(outcome="exemption_requested", rule="R11", handed_out=[], posted=[])
        },
    },
    "r2_ordered_by_post": {
        "about": "R2: both parts by post, 3-11 Danish working days",
        "steps": [*arrive(RICH), {"choose": "post"}],
        "expect": {
            "outcome": outcome(
                outcome="ordered_by_post",
                rule="R2",
                delivery={"earliest": "2026-11-26", "latest": "2026-12-08"},
                handed_out=[],
                posted=["password", "code_card"],
                sent_to="B******* **, *. **., 1260 København K",
                receipt=True,
            )
        },
    },
    "r2b_counter_and_post": {
        "about": "R2b: on the post path the password is handed out now and the code card posted",
        "settings": {"standard_order": "counter_and_post"},
        "steps": [*arrive(RICH), {"choose": "post"}],
        "expect": {
            "outcome": outcome(
                outcome="ordered_by_post",
                rule="R2b",
                handed_out=["password"],
                posted=["code_card"],
                delivery={"earliest": "2026-11-26", "latest": "2026-12-07"},
            ),
            "lines": [{"state": "choosing", "paths": [{"path": "post", "rule": "R2b"}]}],
        },
    },
    "r2b_counter_and_post_code_card": {
        "about": "R2b: a municipality that hands out the code card posts the password",
        "settings": {"standard_order": "counter_and_post", "counter_part": "code_card"},
        "steps": [*arrive(RICH), {"choose": "post"}],
        "expect": {
            "outcome": outcome(
                outcome="ordered_by_post",
                rule="R2b",
                handed_out=["code_card"],
                posted=["password"],
            )
        },
    },
    "r2b_questions_both_handed_out": {
        "about": "R2b/R3: passed control questions give both parts at once under counter_and_post",
        "settings": {"standard_order": "counter_and_post"},
        "steps": [*arrive(RICH), QUESTIONS, RIGHT, RIGHT],
        "expect": {
            "outcome": outcome(
                outcome="issued", rule="R3", handed_out=["password", "code_card"], posted=[]
            )
        },
    },
    "r2b_witness_both_handed_out": {
        "about": "R2b/R7: a witness gives both parts at once under counter_and_post",
        "settings": {"standard_order": "counter_and_post"},
        "steps": [
            *arrive(NEWCOMER),
            {"choose": "witness"},
            witness(WDECL),
            {"witness_sign": "declaration"},
        ],
        "expect": {
            "outcome": outcome(
                outcome="issued", rule="R7", handed_out=["password", "code_card"], posted=[]
            )
        },
    },
    "r2b_questions_failed_then_counter_and_post": {
        "about": "R2b replaces R4 too: after a failed round the post path hands one part out",
        "settings": {"standard_order": "counter_and_post"},
        "steps": [*arrive(RICH), QUESTIONS, WRONG, WRONG, {"choose": "post"}],
        "expect": {
            "outcome": outcome(
                outcome="ordered_by_post",
                rule="R2b",
                reason="questions_failed",
                handed_out=["password"],
                posted=["code_card"],
            )
        },
    },
    "r2b_counter_part_unprinted_falls_back_to_post": {
        "about": "R2b: no counter part printed, so the visit falls back to R2 (both by post)",
        "settings": {"standard_order": "counter_and_post"},
        "steps": [*arrive(RICH), {"printer_fault": "paper_out"}, {"choose": "post"}],
        "expect": {
            "outcome": outcome(
                outcome="ordered_by_post",
                rule="R2",
                reason="paper_out",
                handed_out=[],
                posted=["password", "code_card"],
            )
        },
    },
    "r5_r6_newcomer_witness_declaration": {
        "about": "R5/R6/R7: too little register data for questions; a witness signs the "
        "solemn declaration",
        "steps": [
            *arrive(NEWCOMER),
            {"choose": "witness"},
            witness(WDECL),
            {"witness_sign": "declaration"},
        ],
        "expect": {
            "outcome": outcome(outcome="issued", rule="R7"),
            "lines": [
                {
                    "state": "choosing",
                    "notes": ["R6", "R5"],
                    "paths": [{"path": "questions", "open": False, "rule": "R5"}],
                },
                {"state": "witness_signing", "witness_signing": "declaration"},
            ],
        },
    },
    "r5_questions_closed": {
        "about": "R5: no control questions without register data; choosing them is refused",
        "steps": [*arrive(P["foreigner_health_card"]), QUESTIONS],
        "expect": {
            "outcome": outcome(outcome="incomplete", rule="R5", reason="questions_unavailable")
        },
    },
    "r7b_witness_nemid_issued": {
        "about": "R7/R7b: a witness with NemID active 40 days signs with number, password, code",
        "steps": [*arrive(NEWCOMER), {"choose": "witness"}, witness(W40), nemid(W40)],
        "expect": {
            "outcome": outcome(outcome="issued", rule="R7"),
            "lines": [{"state": "witness_signing", "witness_signing": "nemid"}],
        },
    },
    "r7_witness_must_sign_with_nemid": {
        "about": "R7: a witness who has NemID may not sign the declaration instead",
        "steps": [
            *arrive(NEWCOMER),
            {"choose": "witness"},
            witness(W40),
            {"witness_sign": "declaration"},
            nemid(W40),
        ],
        "expect": {
            "outcome": outcome(outcome="issued", rule="R7"),
            "lines": [{"step": "witness_sign", "refused": "witness_must_use_nemid"}],
        },
    },
    "r7_witness_under_18": {
        "about": "R7: a witness aged 17 is refused; the post stays open (R4)",
        "steps": [*arrive(NEWCOMER), {"choose": "witness"}, witness(W17)],
        "expect": {"outcome": outcome(outcome="incomplete", rule="R7", reason="witness_under_18")},
    },
    "r7_witness_no_cpr": {
        "about": "R7: a witness without a Danish CPR number in the register is refused",
        "steps": [*arrive(NEWCOMER), {"choose": "witness"}, witness(WNOREG)],
        "expect": {"outcome": outcome(outcome="incomplete", rule="R7", reason="witness_no_cpr")},
    },
    "r7_witness_is_applicant": {
        "about": "R7: the citizen cannot be their own witness",
        "steps": [*arrive(RICH), {"choose": "witness"}, witness(RICH)],
        "expect": {
            "outcome": outcome(outcome="incomplete", rule="R7", reason="witness_is_applicant")
        },
    },
    "r7_witness_document_invalid_then_post": {
        "about": "R7/R4: a witness with an expired passport is refused; the citizen orders by post",
        "steps": [
            *arrive(NEWCOMER),
            {"choose": "witness"},
            witness(P["expired_document"]),
            {"choose": "post"},
        ],
        "expect": {
            "outcome": outcome(
                outcome="ordered_by_post", rule="R4", reason="witness_document_invalid"
            )
        },
    },
    "r7b_witness_nemid_too_new": {
        "about": "R7b: a witness whose NemID is 10 days old cannot vouch",
        "steps": [*arrive(NEWCOMER), {"choose": "witness"}, witness(W10)],
        "expect": {
            "outcome": outcome(outcome="incomplete", rule="R7b", reason="witness_nemid_too_new")
        },
    },
    "r7b_witness_nemid_failed": {
        "about": "R7b: a wrong code for the key the kiosk asked for fails the NemID signature",
        "steps": [
            *arrive(NEWCOMER),
            {"choose": "witness"},
            witness(W40),
            nemid(W40, code="123456"),
        ],
        "expect": {
            "outcome": outcome(outcome="incomplete", rule="R7b", reason="witness_nemid_failed")
        },
    },
    "r7_witness_limit_reached": {
        "about": "R7: at most 3 citizens per witness in 120 days; the 4th visit is refused",
        "steps": [
            step
            for applicant in (NEWCOMER, RICH, LETTERS, P["foreigner_health_card"])
            for step in (
                *arrive(applicant),
                {"choose": "witness"},
                witness(WDECL),
                {"witness_sign": "declaration"},
            )
        ],
        "expect": {
            "outcome": outcome(outcome="incomplete", rule="R7", reason="witness_limit_reached"),
            "lines": [{"state": "issued"}],
        },
    },
    "r4_printer_fault_then_post": {
        "about": "R4: paper runs out mid-issuance; the credential is voided and the post offered",
        "steps": [
            *arrive(RICH),
            {"printer_fault": "paper_out"},
            QUESTIONS,
            RIGHT,
            RIGHT,
            {"choose": "post"},
        ],
        "expect": {
            "outcome": outcome(
                outcome="ordered_by_post",
                rule="R4",
                reason="paper_out",
                handed_out=[],
                posted=["password", "code_card"],
            ),
            "lines": [{"state": "choosing", "paths": [{"path": "questions", "open": False}]}],
        },
    },
    "r8_outreach_requested": {
        "about": "R8: a citizen without Danish passport or licence; the request goes to staff",
        "settings": {"outreach_identification": True},
        "steps": [*arrive(P["home_bound"]), {"choose": "outreach"}],
        "expect": {"outcome": outcome(outcome="outreach_requested", rule="R8")},
    },
    "r8_outreach_not_offered": {
        "about": "R8: only where the municipality offers outreach identification",
        "steps": [*arrive(P["home_bound"]), {"choose": "outreach"}],
        "expect": {
            "outcome": outcome(outcome="incomplete", rule="R8", reason="outreach_not_offered")
        },
    },
    "r11_exemption_requested": {
        "about": "R11: the request for exemption from Digital Post goes to the staff queue",
        "steps": [
            *arrive(NEWCOMER),
            {"choose": "exemption"},
            {"request_exemption": "language_difficulties"},
        ],
        "expect": {"outcome": outcome(outcome="exemption_requested", rule="R11")},
    },
    "r13_help_then_issued": {
        "about": "R13: help is one tap away and shows the nearest citizen service centre",
        "steps": [*arrive(RICH), {"help": True}, QUESTIONS, RIGHT, RIGHT],
        "expect": {
            "outcome": outcome(outcome="issued", rule="R3"),
            "lines": [{"event": "help", "help": {"queue_number": "H-001"}}],
        },
    },
    "timeout_wipes_session": {
        "about": "Inactivity timeout ends the visit and wipes what the citizen entered",
        "steps": [*arrive(RICH), {"timeout": True}],
        "expect": {
            "outcome": outcome(outcome="cancelled", reason="inactivity_timeout"),
            "lines": [{"event": "timeout", "state": "welcome"}],
        },
    },
    "cancelled": {
        "about": "The citizen cancels: the visit ends, nothing is ordered",
        "steps": [*arrive(RICH), {"cancel": True}],
        "expect": {"outcome": outcome(outcome="cancelled")},
    },
    "scenario_register_entry": {
        "about": "R1: a scenario's own register entry; the CPR in the MRZ personal-number field",
        "register": [
            {
                "cpr": "0707900000",
                "given_names": "Test",
                "surname": "Person",
                "address": "Testvej 1, 1000 København K",
            }
        ],
        "steps": [
            {
                "scan": {
                    "mrz": build_td3(
                        surname="Person",
                        given_names="Test",
                        document_number="DK9000001",
                        birth_date=date(1990, 7, 7),
                        expiry_date=date(2030, 1, 1),
                        sex="F",
                        optional_data="0707900000",
                    )
                }
            },
            {"choose": "post"},
        ],
        "expect": {"outcome": outcome(outcome="ordered_by_post", rule="R2")},
    },
}


def licence(persona: Persona, expiry: str = "2034-06-30") -> dict[str, Any]:
    """The citizen lays a Danish driving licence on the document camera (R1): fields 1-4d."""
    register = persona.entry
    printed = {
        "surname": register["surname"],
        "given_names": register["given_names"],
        "birth_date": persona.birth_date.isoformat(),
        "cpr": persona.cpr,
        "expiry_date": expiry,
    }
    return {"scan": {"licence": printed}}


def health_card_by_camera(persona: Persona) -> dict[str, Any]:
    """The yellow health card laid on the document camera instead of typing its number."""
    register = persona.entry
    card = {"cpr": persona.cpr, "surname": register["surname"]}
    return {"scan_health_card": {"health_card": card | {"given_names": register["given_names"]}}}


SCENARIOS |= {
    "r1_licence_accepted": {
        "about": "R1: the Danish driving licence, read by the camera, is photo ID with the CPR "
        "number in field 4d",
        "steps": [licence(RICH), QUESTIONS, RIGHT, RIGHT],
        "expect": {
            "outcome": outcome(outcome="issued", rule="R3"),
            "lines": [{"event": "document_scanned", "state": "confirming"}],
        },
    },
    "r1_licence_expired": {
        "about": "R1: a driving licence whose 4b date has passed is refused",
        "steps": [licence(RICH, expiry="2025-01-31")],
        "expect": {"outcome": outcome(outcome="refused", rule="R1", reason="document_expired")},
    },
    "r1_face_mismatch_to_staff": {
        "about": "R1: the face in front of the kiosk is not the chip photo's: the citizen is "
        "sent to the counter, politely; the audit keeps only the decision and the distance",
        "steps": [{"scan": {**scan(RICH)["scan"], "face": "mismatch"}}],
        "expect": {
            "outcome": outcome(outcome="refused", rule="R1", reason="face_mismatch"),
            "lines": [{"state": "refused", "refusal": {"reason": "face_mismatch"}}],
        },
    },
    "r1_face_not_found_licence": {
        "about": "R1: no face on the camera beside a driving licence: to the counter",
        "steps": [{"scan": {**licence(RICH)["scan"], "face": "none"}}],
        "expect": {"outcome": outcome(outcome="refused", rule="R1", reason="face_not_found")},
    },
    "r1_eu_id_card_health_card_by_camera": {
        "about": "R1: an EU citizen's ID card without CPR number; the camera reads the yellow "
        "health card's number instead of the citizen typing it",
        "steps": [
            scan(P["foreigner_health_card"]),
            health_card_by_camera(P["foreigner_health_card"]),
            {"choose": "post"},
        ],
        "expect": {
            "outcome": outcome(outcome="ordered_by_post", rule="R2"),
            "lines": [{"event": "health_card_scanned", "state": "confirming"}],
        },
    },
}


def main() -> None:
    for name, body in SCENARIOS.items():
        scenario = {"today": TODAY, **body}
        path = HERE / f"{name}.json"
        path.write_text(json.dumps(scenario, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
