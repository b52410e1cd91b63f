"""What the citizen is told and agrees to, versioned so the audit says which text it was.

The privacy notice is shown before the first scan: what the kiosk reads (the document's data
page and chip, the health card, a photo for the face check), why (to identify the citizen
under R1 and order the NemID) and how long it is kept (nothing after the visit but the masked
CPR number in the audit log and what a NemID order must keep). The rules for NemID (Regler for
NemID: keep password and codes secret, never share a code, block a lost card) are shown on the
path choice; choosing a way to get a NemID accepts them, before anything is issued.
"""

from __future__ import annotations

from typing import Protocol

PRIVACY_NOTICE_VERSION = "2026.1"
NEMID_RULES_VERSION = "2026.1"
# The rules as the printed leaflet states them (kiosk/assets/locale: print.leaflet.*).
NEMID_RULES = (
    "print.leaflet.rule_secret",
    "print.leaflet.rule_never_share",
    "print.leaflet.rule_one_code",
    "print.leaflet.rule_lost",
)
PRIVACY_AUDIT_EVENT = "journey.privacy_notice_shown"
RULES_AUDIT_EVENT = "nemid.rules_accepted"


class Audit(Protocol):
    def append(self, event: str, **data: object) -> object: ...


def privacy_notice_shown(audit: Audit) -> None:
    """Audit that the visit started after the privacy notice of this version."""
    audit.append(PRIVACY_AUDIT_EVENT, version=PRIVACY_NOTICE_VERSION)


def nemid_rules_accepted(audit: Audit) -> str:
    """Audit the citizen's acceptance of the rules for NemID; returns the version accepted."""
    audit.append(RULES_AUDIT_EVENT, version=NEMID_RULES_VERSION)
    return NEMID_RULES_VERSION
