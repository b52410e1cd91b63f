"""From the text the OCR found on a card to a :class:`CameraDocument`: which card it is, and its
fields, each with a confidence.

The licence is read by its EU field numbers (``1.`` to ``9.``, ``4a.`` to ``4d.``), the health
card by its labels (``CPR-nr.``, ``Navn``, ``Adresse``), an MRZ document by its lines of ``<``.
Digits that OCR commonly mistakes for letters (O, I, S, B) are put right inside dates and CPR
numbers only. A field's confidence is the OCR's least confident word of it; when the CPR number's
birth date disagrees with the printed birth date both count as unsure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kiosk.errors import BadInputError, CprError, MRZError
from kiosk.identity.camera_documents import (
    DK_DRIVING_LICENCE,
    DK_HEALTH_CARD,
    MRZ_DOCUMENT,
    CameraDocument,
)
from kiosk.identity.cpr import parse_cpr
from kiosk.identity.documents import cpr_on_document
from kiosk.identity.mrz import Mrz, parse_mrz


class CardUnreadable(BadInputError):
    """The photo holds no card the kiosk can read (code ``no_card``), or a card whose fields it
    cannot read (``card_unreadable``), or is no image at all (``not_an_image``)."""

    code = "card_unreadable"


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float  # 0..1


@dataclass(frozen=True)
class OcrLine:
    """One line of text as the OCR found it, left to right."""

    words: tuple[OcrWord, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


LICENCE_MARKER = re.compile(r"(?:^|(?<=\s))(4\s?[abcdABCD]|[1-9])\s?[.,:]\s*")
LICENCE_TITLE = re.compile(r"K[ØO0]REKORT|DRIVING", re.IGNORECASE)
HEALTH_TITLE = re.compile(r"SUNDHEDSKORT|SYGESIKRING|CPR-?\s?nr", re.IGNORECASE)
DATE_TEXT = re.compile(r"(\d{2})[.\-/ ]?(\d{2})[.\-/ ]?(\d{4})")
CPR_TEXT = re.compile(r"(?<!\d)(\d{6})\s?[-–]?\s?(\d{4})(?!\d)")
NAME_LINE_WITHOUT_DOT = re.compile(r"^([12])[\d\s.,:;]*(?=[^\W\d_])")
MRZ_LINE = re.compile(r"^[A-Z0-9<]{28,46}$")
MRZ_WIDTHS = (30, 36, 44)
DIGIT_FIXES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1",
                             "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2"})  # fmt: skip
NAME_NOISE = re.compile(r"[^\w\s\-]|[\d_]")  # names hold letters, spaces and hyphens only
UNSURE = 0.5  # confidence factor when two fields that must agree do not


def read_card_text(lines: Sequence[OcrLine], *, today: date | None = None) -> CameraDocument:
    """The card the OCR ``lines`` come from, with its fields. Raises CardUnreadable when the text
    is no known card, or the card's CPR number (or MRZ) cannot be read."""
    text = "\n".join(line.text for line in lines)
    mrz_lines = [_compact(line.text) for line in lines if MRZ_LINE.match(_compact(line.text))]
    if len(mrz_lines) >= 2:
        return _mrz_document(mrz_lines, today)
    if LICENCE_TITLE.search(text) or len(_licence_fields(lines)) >= 4:
        return _licence(lines, today)
    if HEALTH_TITLE.search(text):
        return _health_card(lines, today)
    raise CardUnreadable(
        "no card: the photo shows no Danish licence, health card or MRZ", code="no_card"
    )


def _licence(lines: Sequence[OcrLine], today: date | None) -> CameraDocument:
    fields = _licence_fields(lines)
    cpr_words = fields.get("4d") or _find(lines, CPR_TEXT)
    cpr, cpr_sure = _cpr(cpr_words, today)
    birth_words = fields.get("3", ())
    birth = _date(birth_words)
    birth_sure = _sureness(birth_words) if birth else 0.0
    birth_place = " ".join(w.text for w in birth_words if not DATE_TEXT.search(_digits(w.text)))
    if birth is None:
        birth, birth_sure = parse_cpr(cpr).birth_date, cpr_sure
    elif birth != parse_cpr(cpr).birth_date:
        cpr_sure, birth_sure = cpr_sure * UNSURE, birth_sure * UNSURE
    expiry_words = fields.get("4b", ())
    issue_words = fields.get("4a", ())
    surname, given = fields.get("1", ()), fields.get("2", ())
    return CameraDocument(
        type=DK_DRIVING_LICENCE,
        surname=_name(surname),
        given_names=_name(given),
        birth_date=birth,
        cpr=cpr,
        expiry_date=_date(expiry_words),
        issue_date=_date(issue_words),
        document_number=_digits(" ".join(w.text for w in fields.get("5", ()))).replace(" ", ""),
        birth_place=birth_place.strip(" ,."),
        authority=" ".join(w.text for w in fields.get("4c", ())),
        categories=" ".join(w.text for w in fields.get("9", ())),
        confidence={
            "surname": _sureness(surname),
            "given_names": _sureness(given),
            "birth_date": birth_sure,
            "cpr": cpr_sure,
            "expiry_date": _sureness(expiry_words) if _date(expiry_words) else 0.0,
        },
    )


def _licence_fields(lines: Sequence[OcrLine]) -> dict[str, tuple[OcrWord, ...]]:
    """The words after each field number, by the number (``"1"``, ``"4d"``...). A name line
    whose number's dot the OCR lost (``2 METTE``, ``277ÅSE``) still counts: names hold no digits."""
    fields: dict[str, tuple[OcrWord, ...]] = {}
    for line in lines:
        current: str | None = None
        lost_dot = NAME_LINE_WITHOUT_DOT.match(line.text)
        if lost_dot and not LICENCE_MARKER.match(line.text):
            name = NAME_LINE_WITHOUT_DOT.sub("", line.text)
            fields.setdefault(lost_dot.group(1), (OcrWord(name, _sureness(line.words)),))
            continue
        for word in line.words:
            marker = LICENCE_MARKER.match(word.text)
            if marker and (current is None or marker.group(1)[0] == "4" or not fields.get(current)):
                current = marker.group(1).replace(" ", "").lower()
                rest = word.text[marker.end() :]
                fields.setdefault(current, ())
                if rest:
                    fields[current] += (OcrWord(rest, word.confidence),)
            elif current is not None:
                fields[current] += (word,)
    return {name: words for name, words in fields.items() if words}


def _health_card(lines: Sequence[OcrLine], today: date | None) -> CameraDocument:
    labelled = _labelled(lines)
    cpr, cpr_sure = _cpr(labelled.get("cpr") or _find(lines, CPR_TEXT), today)
    name = labelled.get("navn", ())
    words = _name(name).split()
    address = labelled.get("adresse", ())
    return CameraDocument(
        type=DK_HEALTH_CARD,
        surname=words[-1] if words else "",
        given_names=" ".join(words[:-1]),
        birth_date=parse_cpr(cpr).birth_date,
        cpr=cpr,
        address=tuple(" ".join(w.text for w in row) for row in _rows(address)),
        confidence={
            "surname": _sureness(name),
            "given_names": _sureness(name),
            "birth_date": cpr_sure,
            "cpr": cpr_sure,
        },
    )


def _labelled(lines: Sequence[OcrLine]) -> dict[str, tuple[OcrWord, ...]]:
    """The health card's words by label; unlabelled lines below an address continue it."""
    fields: dict[str, tuple[OcrWord, ...]] = {}
    current = ""
    for line in lines:
        words = line.words
        if not words:
            continue
        label = _fold(words[0].text)
        if label.startswith("cpr"):
            current, words = (
                "cpr",
                tuple(w for w in words[1:] if not _fold(w.text).startswith("nr")),
            )
        elif label in {"navn", "adresse"}:
            current, words = label, words[1:]
        elif current != "adresse":
            continue
        else:
            words = (OcrWord("\n", 1.0), *words)
        fields[current] = fields.get(current, ()) + tuple(words)
    return fields


def _mrz_document(lines: list[str], today: date | None) -> CameraDocument:
    lines = [_fit_filler(line, _mrz_width(lines)) for line in lines]
    try:
        mrz = parse_mrz(lines, today=today)
    except MRZError as exc:
        raise CardUnreadable(f"the document's MRZ cannot be read: {exc.detail}") from exc
    sure = 1.0 if mrz.valid else UNSURE
    return CameraDocument(
        type=MRZ_DOCUMENT,
        surname=mrz.surname.replace("<", " ").strip(),
        given_names=mrz.given_names.replace("<", " ").strip(),
        birth_date=mrz.birth_date,
        cpr=_mrz_cpr(mrz, today),
        expiry_date=mrz.expiry_date,
        document_number=mrz.document_number,
        mrz_lines=tuple(lines),
        confidence={name: sure for name in ("surname", "given_names", "birth_date", "expiry_date")},
    )


def _mrz_cpr(mrz: Mrz, today: date | None) -> str:
    """A CPR number in the MRZ's personal-number field, where the issuer put one (R1)."""
    try:
        return cpr_on_document(mrz, today=today) or ""
    except CprError:
        return ""


def _mrz_width(lines: list[str]) -> int:
    """The ICAO line width (TD1 30, TD2 36, TD3 44) nearest the lines' median length."""
    median = sorted(len(line) for line in lines)[len(lines) // 2]
    return min(MRZ_WIDTHS, key=lambda width: abs(width - median))


def _fit_filler(line: str, width: int) -> str:
    """``line`` at ``width``: OCR miscounts long runs of ``<``, so the longest run gives or
    takes the difference; the check digits still decide whether the MRZ is valid."""
    runs = list(re.finditer(r"<{2,}", line))
    if len(line) == width or not runs:
        return line
    run = max(runs, key=lambda match: len(match.group(0)))
    length = max(1, len(run.group(0)) + width - len(line))
    return line[: run.start()] + "<" * length + line[run.end() :]


def _cpr(words: Sequence[OcrWord], today: date | None) -> tuple[str, float]:
    match = CPR_TEXT.search(_digits(" ".join(w.text for w in words)))
    if match is None:
        raise CardUnreadable("the card's CPR number cannot be read")
    try:
        number = parse_cpr(match.group(1) + match.group(2), today=today).number
    except CprError as exc:
        raise CardUnreadable(f"the card's CPR number cannot be read: {exc.detail}") from exc
    return number, _sureness(words)


def _date(words: Sequence[OcrWord]) -> date | None:
    match = DATE_TEXT.search(_digits(" ".join(w.text for w in words)))
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _find(lines: Sequence[OcrLine], pattern: re.Pattern[str]) -> tuple[OcrWord, ...]:
    for line in lines:
        if pattern.search(_digits(line.text)):
            return line.words
    return ()


def _digits(text: str) -> str:
    """``text`` with letters OCR confuses with digits put right inside digit-heavy words."""
    return " ".join(
        word.translate(DIGIT_FIXES) if sum(c.isdigit() for c in word) * 2 >= len(word) else word
        for word in text.split()
    )


def _rows(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    rows: list[list[OcrWord]] = [[]]
    for word in words:
        if word.text == "\n":
            rows.append([])
        else:
            rows[-1].append(word)
    return [row for row in rows if row]


def _name(words: Sequence[OcrWord]) -> str:
    return " ".join(NAME_NOISE.sub("", " ".join(w.text for w in words)).split())


def _sureness(words: Sequence[OcrWord]) -> float:
    return min((w.confidence for w in words), default=0.0)


def _compact(text: str) -> str:
    return text.replace(" ", "").upper()


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower().strip(".:")
