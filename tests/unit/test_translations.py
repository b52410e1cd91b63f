"""Every message id has a text in both catalogues, and every id the code uses exists."""

from __future__ import annotations

import re

from kiosk.i18n import LANGUAGES, catalogue_keys
from tests.conftest import ROOT

# gettext(language, "key"), tr("key"), self.tr("key"), add_text("key"), _("key") ...
CALL = re.compile(
    r"""(?:gettext|\btr|add_text|add_choice|add_action|title|message_id=)\(?\s*"""
    r"""(?:[a-z_.]+,\s*)?["']([a-z0-9_]+(?:\.[a-z0-9_{}]+)+)["']"""
)


def test_both_catalogues_have_the_same_keys() -> None:
    danish, english = (set(catalogue_keys(language)) for language in LANGUAGES)
    assert danish - english == set(), "keys only in Danish"
    assert english - danish == set(), "keys only in English"


def test_every_key_has_a_text_in_every_language() -> None:
    for language in LANGUAGES:
        empty = sorted(key for key, text in catalogue_keys(language).items() if not text.strip())
        assert empty == [], f"untranslated in {language}: {empty[:20]}"


def test_every_literal_key_in_the_code_is_in_the_catalogues() -> None:
    known = set(catalogue_keys("da"))
    missing = set()
    for folder in ("kiosk", "screens", "drivers"):
        for path in (ROOT / folder).rglob("*.py"):
            for key in CALL.findall(path.read_text(encoding="utf-8")):
                if "{" not in key and key not in known:
                    missing.add(f"{key} ({path.relative_to(ROOT)})")
    assert sorted(missing) == []
