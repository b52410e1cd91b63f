"""The posted letters (R2, R8): one PDF per part, 0600 in the outbox, in the citizen's language."""

from __future__ import annotations

import re
import stat
import zlib
from datetime import date
from pathlib import Path

import pytest

from kiosk.issuance.letters import (
    Addressee,
    LetterContent,
    letter_path,
    remove_letters,
    render_letter,
    write_letter,
)

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
DANE = Addressee("Søren Ærø Åberg", "Østergade 1\n8000 Aarhus C", "da")


def page_text(pdf: bytes) -> str:
    texts = []
    for raw in STREAM.findall(pdf):
        try:
            texts.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(texts)


def content(part: str, **extra: object) -> LetterContent:
    return LetterContent(
        part=part,
        order_reference="NP-TESTTEST",
        nemid_number="123456789",
        written_on=date(2026, 11, 23),
        sender="Eksempel Kommune",
        **extra,
    )


def test_r2_password_letter_in_danish_with_danish_letters() -> None:
    pdf = render_letter(DANE, content("password", password="042917"))
    assert pdf.startswith(b"%PDF")
    text = page_text(pdf)
    assert "Din midlertidige adgangskode til NemID" in text
    assert "Søren Ærø Åberg" in text  # æøå survive the latin-1 core font
    assert "(042917)" in text and "(123456789)" in text


def test_r2_code_card_letter_in_english_lists_every_pair() -> None:
    pairs = tuple((f"{k:04d}", f"{k * 7:06d}") for k in range(148))
    text = page_text(
        render_letter(
            Addressee("Ann", "Road 1", "en"),
            content("code_card", card_serial="NK1", code_pairs=pairs),
        )
    )
    assert "Your NemID code card" in text
    found = re.findall(r"\((\d{4})  (\d{6})\)", text)
    assert sorted(found) == sorted(pairs)


def test_unknown_part_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown letter part"):
        render_letter(DANE, content("postcard"))


def test_letters_are_written_0600_into_a_0700_outbox_and_removed(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    written = write_letter(outbox, DANE, content("password", password="042917"))
    other = write_letter(outbox, DANE, content("welcome"))
    assert written == letter_path(outbox, "NP-TESTTEST", "password")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o700
    (outbox / ".tmp-abc123-NP-TESTTEST-code_card.pdf").write_bytes(b"half")
    (outbox / "NP-OTHER-password.pdf").write_bytes(b"someone else's")
    removed = remove_letters(outbox, "NP-TESTTEST")
    assert len(removed) == 3 and not written.exists() and not other.exists()
    assert [p.name for p in outbox.iterdir()] == ["NP-OTHER-password.pdf"]


def test_removing_from_a_missing_outbox_is_harmless(tmp_path: Path) -> None:
    assert remove_letters(tmp_path / "nowhere", "NP-TESTTEST") == []


@pytest.mark.parametrize(
    ("part", "companion", "language", "phrase"),
    [
        ("password", "post", "en", "Your code card is sent in a separate letter"),
        ("password", "counter", "en", "You received your code card at the citizen service"),
        ("code_card", "counter", "da", "adgangskode fik du udleveret i borgerservice"),
        ("code_card", "visit", "en", "You received the temporary password at the home visit"),
    ],
)
def test_r2b_r8_letter_says_how_the_other_part_came(
    part: str, companion: str, language: str, phrase: str
) -> None:
    addressee = Addressee("Ann", "Road 1", language)
    text = page_text(render_letter(addressee, content(part, companion=companion)))
    assert phrase in text.replace("\n", "")


def test_unknown_companion_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown companion"):
        render_letter(DANE, content("password", companion="pigeon"))
