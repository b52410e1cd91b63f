"""The printouts of the kiosk as blocks: password slip, postal receipt, rules leaflet, test page.

Pure functions from the domain objects of :mod:`kiosk.devices.printouts` to the blocks of
:mod:`drivers.printer.document`; every text comes from the catalogues through
:func:`kiosk.i18n.gettext`, in the printout's language. Lines are wrapped to the columns of
their font, so the printer never wraps them itself. The code card has its own module,
:mod:`drivers.printer.code_card_layout`.
"""

from __future__ import annotations

import textwrap
from datetime import date, datetime

from babel.dates import format_date, format_datetime

from drivers.printer.document import (
    HEADING,
    PLAIN,
    SMALL,
    TITLE,
    Block,
    Cut,
    Feed,
    Style,
    TextLine,
)
from kiosk.clock import COPENHAGEN
from kiosk.devices.printouts import PasswordSlip, PostalReceipt, RulesLeaflet
from kiosk.i18n import gettext

BABEL_LOCALES = {"da": "da_DK", "en": "en_GB"}
SECRET_STYLE = Style(bold=True, align="center", width=2, height=2)
PARAGRAPH_GAP = Feed(dots=16)
LEAFLET_BULLET = "* "
DANISH_LETTERS = "æøå ÆØÅ é ü"
RULER_DIGITS = "1234567890"
LEAFLET_RULES = (
    "print.leaflet.rule_secret",
    "print.leaflet.rule_never_share",
    "print.leaflet.rule_one_code",
    "print.leaflet.rule_lost",
    "print.leaflet.rule_new_card",
)


def wrapped(text: str, style: Style = PLAIN, *, indent: str = "") -> list[TextLine]:
    """``text`` as lines that fit the columns of ``style``; ``indent`` hangs after line one."""
    lines = textwrap.wrap(text, style.columns, subsequent_indent=" " * len(indent))
    if indent and lines:
        lines = textwrap.wrap(indent + text, style.columns, subsequent_indent=" " * len(indent))
    return [TextLine(line, style) for line in lines]


def long_date(day: date, language: str) -> str:
    """A date in words, e.g. ``torsdag den 26. november 2026``."""
    return format_date(day, format="full", locale=_locale(language))


def short_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def local_time(moment: datetime, language: str) -> str:
    """Date and time in Copenhagen, e.g. ``23.11.2026 11.00``."""
    local = moment.astimezone(COPENHAGEN)
    return format_datetime(local, "dd.MM.yyyy HH:mm", locale=_locale(language))


def password_slip(slip: PasswordSlip) -> list[Block]:
    """The temporary-password slip: NemID number, password, how to log on, keep it secret."""
    lang = slip.language
    blocks: list[Block] = [
        TextLine(gettext(lang, "print.slip.title"), TITLE),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.common.name", name=slip.holder_name)),
        PARAGRAPH_GAP,
        TextLine(gettext(lang, "print.slip.nemid_number"), TITLE),
        TextLine(slip.nemid_number, SECRET_STYLE),
        PARAGRAPH_GAP,
        TextLine(gettext(lang, "print.slip.password"), TITLE),
        TextLine(slip.temporary_password, SECRET_STYLE),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.slip.instructions")),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.slip.privacy"), Style(bold=True)),
        PARAGRAPH_GAP,
        TextLine(gettext(lang, "print.common.issued", time=local_time(slip.issued_at, lang))),
        Cut(),
    ]
    return blocks


def postal_receipt(receipt: PostalReceipt) -> list[Block]:
    """The postal-order receipt (R2): reference, delivery window in words and in dates."""
    lang = receipt.language
    return [
        TextLine(gettext(lang, "print.receipt.title"), TITLE),
        PARAGRAPH_GAP,
        TextLine(gettext(lang, "print.receipt.reference"), TITLE),
        TextLine(receipt.order_reference, HEADING),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.common.name", name=receipt.holder_name)),
        TextLine(gettext(lang, "print.receipt.cpr", cpr=receipt.masked_cpr)),
        TextLine(gettext(lang, "print.receipt.ordered", date=short_date(receipt.ordered_on))),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.receipt.separately")),
        PARAGRAPH_GAP,
        *wrapped(
            gettext(
                lang,
                "print.receipt.window",
                earliest=long_date(receipt.earliest, lang),
                latest=long_date(receipt.latest, lang),
            )
        ),
        TextLine(
            gettext(
                lang,
                "print.receipt.period",
                earliest=short_date(receipt.earliest),
                latest=short_date(receipt.latest),
            ),
            Style(bold=True),
        ),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.receipt.keep")),
        Cut(),
    ]


def rules_leaflet(leaflet: RulesLeaflet) -> list[Block]:
    """The NemID rules (R12): a user ID, a password and a code card; keep the codes secret."""
    lang = leaflet.language
    blocks: list[Block] = [
        TextLine(gettext(lang, "print.leaflet.title"), TITLE),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.leaflet.what")),
        PARAGRAPH_GAP,
    ]
    for key in LEAFLET_RULES:
        blocks += wrapped(gettext(lang, key), indent=LEAFLET_BULLET)
    blocks += [PARAGRAPH_GAP, *wrapped(gettext(lang, "print.leaflet.help")), Cut()]
    return blocks


def technician_test_page(language: str, printed_at: datetime, printer_url: str = "") -> list[Block]:
    """A technician's test page: both fonts at full width, sizes, bold and the Danish letters."""
    blocks: list[Block] = [
        TextLine(gettext(language, "print.test.title"), HEADING),
        TextLine(gettext(language, "print.test.printed", time=local_time(printed_at, language))),
    ]
    if printer_url:
        blocks += wrapped(printer_url, SMALL)
    blocks += [
        PARAGRAPH_GAP,
        TextLine(gettext(language, "print.test.danish", letters=DANISH_LETTERS)),
        TextLine(gettext(language, "print.test.font_a", columns=PLAIN.columns)),
        TextLine(_ruler(PLAIN.columns)),
        TextLine(gettext(language, "print.test.font_b", columns=SMALL.columns), SMALL),
        TextLine(_ruler(SMALL.columns), SMALL),
        TextLine(gettext(language, "print.test.bold"), Style(bold=True)),
        TextLine(gettext(language, "print.test.large"), HEADING),
        PARAGRAPH_GAP,
        TextLine(gettext(language, "print.test.end"), TITLE),
        Cut(),
    ]
    return blocks


def _ruler(columns: int) -> str:
    return (RULER_DIGITS * (columns // len(RULER_DIGITS) + 1))[:columns]


def _locale(language: str) -> str:
    return BABEL_LOCALES.get(language, BABEL_LOCALES["da"])
