"""The witness's solemn declaration (tro og love-erklæring, R7), versioned.

The text is legal wording, so it lives here rather than in the translation catalogues: a
catalogue edit must never change what an earlier witness signed. Each version is frozen; a new
wording is a new version, and every signature is stored with the version and the SHA-256 of the
exact text shown, so staff can always tell what was signed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

CURRENT_VERSION = "2026.2"

_TEXTS: dict[str, dict[str, str]] = {
    "2026.1": {
        "da": (
            "Tro og love-erklæring\n"
            "Jeg, {witness}, erklærer på tro og love, at den person, der i dag bestiller NemID "
            "ved denne kiosk, er {applicant}, og at jeg kender personen. Jeg er bekendt med, at "
            "afgivelse af urigtige oplysninger i denne erklæring kan straffes efter "
            "straffelovens § 163."
        ),
        "en": (
            "Solemn declaration\n"
            "I, {witness}, solemnly declare that the person ordering NemID at this kiosk today "
            "is {applicant}, and that I know this person. I am aware that giving false "
            "information in this declaration is punishable under section 163 of the Danish "
            "Criminal Code."
        ),
    },
    # 2026.2: false declarations på tro og love are punishable under straffelovens § 161.
    "2026.2": {
        "da": (
            "Tro og love-erklæring\n"
            "Jeg, {witness}, erklærer på tro og love, at den person, der i dag bestiller NemID "
            "ved denne kiosk, er {applicant}, og at jeg kender personen. Jeg er bekendt med, at "
            "afgivelse af urigtige oplysninger i denne erklæring kan straffes efter "
            "straffelovens § 161."
        ),
        "en": (
            "Solemn declaration\n"
            "I, {witness}, solemnly declare that the person ordering NemID at this kiosk today "
            "is {applicant}, and that I know this person. I am aware that giving false "
            "information in this declaration is punishable under section 161 of the Danish "
            "Criminal Code."
        ),
    },
}


@dataclass(frozen=True)
class Declaration:
    version: str
    language: str
    text: str

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SignedDeclaration:
    """What is stored for a touch signature: never the drawing itself, only its hash."""

    version: str
    text_sha256: str
    signature_sha256: str


def declaration(
    witness: str, applicant: str, language: str, version: str = CURRENT_VERSION
) -> Declaration:
    """The declaration text in ``language`` (Danish when unknown). Raises KeyError for a version."""
    texts = _TEXTS[version]
    chosen = language if language in texts else "da"
    return Declaration(version, chosen, texts[chosen].format(witness=witness, applicant=applicant))


def sign(shown: Declaration, signature: bytes) -> SignedDeclaration:
    """R7: bind a touch signature to the exact text shown. Raises ValueError for an empty one."""
    if not signature:
        raise ValueError("an empty signature cannot sign the declaration")
    return SignedDeclaration(
        shown.version, shown.text_sha256, hashlib.sha256(signature).hexdigest()
    )


def versions() -> tuple[str, ...]:
    return tuple(_TEXTS)
