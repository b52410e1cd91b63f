"""The printouts of the kiosk as blocks: password slip, postal receipt, rules leaflet, test page.

Pure functions from the domain objects of :mod:`kiosk.devices.printouts` to the blocks of
:mod:`drivers.printer.document`; every text comes from the catalogues through
:func:`kiosk.i18n.gettext`, in the printout's language. Lines are wrapped to the printer
profile's columns of their font (:mod:`drivers.printer.profile`), so the printer never wraps
them itself, and a style too wide for a narrow profile is made narrower. The code card has its
own module, :mod:`drivers.printer.code_card_layout`.
"""

from __future__ import annotations

import dataclasses
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
from drivers.printer.profile import PrinterProfile
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


def wrapped(
    text: str, profile: PrinterProfile, style: Style = PLAIN, *, indent: str = ""
) -> list[TextLine]:
    """``text`` as lines that fit the profile's columns of ``style``; ``indent`` hangs after
    line one. A word longer than a line is broken, so no line is ever wider than the paper."""
    columns = style.columns(profile)
    lines = textwrap.wrap(indent + text, columns, subsequent_indent=" " * len(indent))
    return [TextLine(line, style) for line in lines]


def single(text: str, profile: PrinterProfile, style: Style) -> list[TextLine]:
    """One short text in ``style``, or as wide as fits: a double-width text on a narrow paper
    drops to single width, and wraps only when even that is too narrow."""
    while style.width > 1 and len(text) > style.columns(profile):
        style = dataclasses.replace(style, width=style.width - 1)
    return wrapped(text, profile, style)


def long_date(day: date, language: str) -> str:
    """A date in words, e.g. ``torsdag den 26. november 2026``."""
    return format_date(day, format="full", locale=_locale(language))


def short_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def local_time(moment: datetime, language: str) -> str:
    """Date and time in Copenhagen, e.g. ``23.11.2026 11.00``."""
    local = moment.astimezone(COPENHAGEN)
    return format_datetime(local, "dd.MM.yyyy HH:mm", locale=_locale(language))


def password_slip(slip: PasswordSlip, profile: PrinterProfile) -> list[Block]:
    """The temporary-password slip: NemID number, password, how to log on, keep it secret."""
    lang = slip.language
    issued = gettext(lang, "print.common.issued", time=local_time(slip.issued_at, lang))
    blocks: list[Block] = [
        *single(gettext(lang, "print.slip.title"), profile, TITLE),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.common.name", name=slip.holder_name), profile),
        PARAGRAPH_GAP,
        *single(gettext(lang, "print.slip.nemid_number"), profile, TITLE),
        *single(slip.nemid_number, profile, SECRET_STYLE),
        PARAGRAPH_GAP,
        *single(gettext(lang, "print.slip.password"), profile, TITLE),
        *single(slip.temporary_password, profile, SECRET_STYLE),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.slip.instructions"), profile),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.slip.privacy"), profile, Style(bold=True)),
        PARAGRAPH_GAP,
        *wrapped(issued, profile),
        Cut(),
    ]
    return blocks


def postal_receipt(receipt: PostalReceipt, profile: PrinterProfile) -> list[Block]:
    """The postal-order receipt (R2): reference, delivery window in words and in dates."""
    lang = receipt.language
    window = gettext(
        lang,
        "print.receipt.window",
        earliest=long_date(receipt.earliest, lang),
        latest=long_date(receipt.latest, lang),
    )
    period = gettext(
        lang,
        "print.receipt.period",
        earliest=short_date(receipt.earliest),
        latest=short_date(receipt.latest),
    )
    return [
        *single(gettext(lang, "print.receipt.title"), profile, TITLE),
        PARAGRAPH_GAP,
        *single(gettext(lang, "print.receipt.reference"), profile, TITLE),
        *single(receipt.order_reference, profile, HEADING),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.common.name", name=receipt.holder_name), profile),
        *wrapped(gettext(lang, "print.receipt.cpr", cpr=receipt.masked_cpr), profile),
        *wrapped(
            gettext(lang, "print.receipt.ordered", date=short_date(receipt.ordered_on)), profile
        ),
        PARAGRAPH_GAP,
        *wrapped(
            gettext(
                lang,
                "print.receipt.other_part" if receipt.one_part else "print.receipt.separately",
            ),
            profile,
        ),
        *(
            wrapped(gettext(lang, "print.receipt.sent_to", address=receipt.sent_to), profile)
            if receipt.sent_to
            else []
        ),
        PARAGRAPH_GAP,
        *wrapped(window, profile),
        *wrapped(period, profile, Style(bold=True)),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.receipt.keep"), profile),
        Cut(),
    ]


def rules_leaflet(leaflet: RulesLeaflet, profile: PrinterProfile) -> list[Block]:
    """The NemID rules (R12): a user ID, a password and a code card; keep the codes secret."""
    lang = leaflet.language
    blocks: list[Block] = [
        *single(gettext(lang, "print.leaflet.title"), profile, TITLE),
        PARAGRAPH_GAP,
        *wrapped(gettext(lang, "print.leaflet.what"), profile),
        PARAGRAPH_GAP,
    ]
    for key in LEAFLET_RULES:
        blocks += wrapped(gettext(lang, key), profile, indent=LEAFLET_BULLET)
    blocks += [PARAGRAPH_GAP, *wrapped(gettext(lang, "print.leaflet.help"), profile), Cut()]
    return blocks


def technician_test_page(
    language: str, printed_at: datetime, profile: PrinterProfile, printer_url: str = ""
) -> list[Block]:
    """A technician's test page: the profile, each font at full width, sizes, bold, æøå."""
    printed = gettext(language, "print.test.printed", time=local_time(printed_at, language))
    blocks: list[Block] = [
        *single(gettext(language, "print.test.title"), profile, HEADING),
        *wrapped(printed, profile),
        *wrapped(gettext(language, "print.test.profile", profile=profile.name), profile),
    ]
    if printer_url:
        blocks += wrapped(printer_url, profile, SMALL)
    blocks += [
        PARAGRAPH_GAP,
        *wrapped(gettext(language, "print.test.danish", letters=DANISH_LETTERS), profile),
    ]
    for font, style in (("a", PLAIN), ("b", SMALL)):
        if not profile.has_font(font):
            continue
        columns = style.columns(profile)
        label = gettext(language, f"print.test.font_{font}", columns=columns)
        blocks += [*wrapped(label, profile, style), TextLine(_ruler(columns), style)]
    blocks += [
        *wrapped(gettext(language, "print.test.bold"), profile, Style(bold=True)),
        *single(gettext(language, "print.test.large"), profile, HEADING),
        PARAGRAPH_GAP,
        *single(gettext(language, "print.test.end"), profile, TITLE),
        Cut(),
    ]
    return blocks


def _ruler(columns: int) -> str:
    return (RULER_DIGITS * (columns // len(RULER_DIGITS) + 1))[:columns]


def _locale(language: str) -> str:
    return BABEL_LOCALES.get(language, BABEL_LOCALES["da"])
