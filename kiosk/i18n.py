"""Translations: gettext catalogues in ``kiosk/assets/locale/<lang>/LC_MESSAGES/kiosk.po``.

Message ids are stable dotted keys (``reason.document_expired``, ``screen.welcome.title``), so a
catalogue is complete only when every key has a text in it; ``tests/unit/test_translations.py``
fails on a key missing from either language. The .po files are read with Babel at start-up, so no
compile step stands between an edit and the kiosk.
"""

from __future__ import annotations

import functools
from gettext import NullTranslations
from importlib.resources import files
from importlib.resources.abc import Traversable

from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR: Traversable = files("kiosk").joinpath("assets", "locale")
DOMAIN = "kiosk"
LANGUAGES = ("da", "en")


@functools.cache
def translations(language: str) -> NullTranslations:
    """The catalogue for ``language`` ("da" or "en"); unknown languages fall back to Danish."""
    if language not in LANGUAGES:
        language = "da"
    with _catalogue_file(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    result = Translations()
    # The catalogues hold no plural forms: every id and text is one string.
    result._catalog = {
        m.id: m.string
        for m in catalog
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string
    }
    return result


def gettext(language: str, message_id: str, **values: object) -> str:
    """The text for ``message_id`` in ``language``, with ``{name}`` placeholders filled."""
    text = translations(language).gettext(message_id)
    return text.format(**values) if values else text


def catalogue_keys(language: str) -> dict[str, str]:
    """Every message id of a catalogue with its text (empty when untranslated)."""
    with _catalogue_file(language).open("rb") as handle:
        return {
            m.id: m.string if isinstance(m.string, str) else ""
            for m in read_po(handle, locale=language)
            if isinstance(m.id, str) and m.id
        }


def _catalogue_file(language: str) -> Traversable:
    """The .po file of ``language``, package data of the installed kiosk (importlib.resources)."""
    return LOCALE_DIR.joinpath(language, "LC_MESSAGES", f"{DOMAIN}.po")
