"""``kiosk demo --headless`` writes ``transcript.jsonl`` beside its screenshots: one object per
screen with the script, the screen, the language, every visible text and what read-aloud said.
The transcripts hold no rule id on a citizen's screen and no untranslated string (a msgid left
as it is, or the English text in a Danish transcript and the other way round).

CI plays a subset: a citizen, a staff and a technician script in both languages, through the
same function as ``kiosk demo --headless --all``. ``KIOSK_TRANSCRIPTS_ALL=1`` plays every script
(or run ``kiosk demo --headless --all --out DIR`` and check that folder with
``KIOSK_TRANSCRIPTS_DIR=DIR``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from app.cli.run_cli import DEMO_SCRIPTS
from app.ui import run_every_script
from kiosk.i18n import catalogue_keys
from tests.ui.test_demo_cli import run_kiosk

pytestmark = [pytest.mark.ui, pytest.mark.slow]
LANGUAGES = ("da", "en")
SUBSET = ("questions", "staff-exemption", "technician-test-print")
RULE_ID = re.compile(r"\bR(1[0-3]|[1-9])[a-z]?\b")
MSGID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
STAFF_PAGES = ("staff_", "technician_")  # rule ids may stay on staff screens


def transcripts(folder: Path) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*/transcript.jsonl")):
        lines.extend(json.loads(line) for line in path.read_text("utf-8").splitlines())
    return lines


def other_language_texts() -> dict[str, set[str]]:
    """Per language, the messages of the other language that differ from its own."""
    da, en = catalogue_keys("da"), catalogue_keys("en")
    differ = [key for key in da if key in en and da[key] != en[key]]
    return {
        "da": {en[key] for key in differ if len(en[key]) > 3},
        "en": {da[key] for key in differ if len(da[key]) > 3},
    }


def problems_in(lines: list[dict[str, Any]]) -> list[str]:
    foreign = other_language_texts()
    problems = []
    for line in lines:
        where = f"{line['script']} {line['language']} {line['screen']}"
        strings = [*line["texts"], line["spoken"]]
        for text in strings:
            if MSGID.match(text.strip()):
                problems.append(f"{where}: untranslated {text!r}")
            if not line["screen"].startswith(STAFF_PAGES) and RULE_ID.search(text):
                problems.append(f"{where}: rule id in {text!r}")
        for text in line["texts"]:
            if text in foreign[line["language"]]:
                problems.append(f"{where}: text of the other language {text!r}")
    return problems


def test_the_checks_find_a_rule_id_a_msgid_and_english_in_danish() -> None:
    planted = {"script": "x", "language": "da", "screen": "choosing", "spoken": ""}
    lines = [
        planted | {"texts": ["Bestil med posten (R4)"]},
        planted | {"texts": ["ui.path.post"]},
        planted | {"texts": [catalogue_keys("en")["ui.common.finish"]]},
        planted | {"screen": "staff_audit", "texts": ["R7: witness recorded"]},  # staff: fine
    ]
    found = problems_in(lines)
    assert len(found) == 3, found
    assert problems_in([planted | {"texts": [catalogue_keys("da")["ui.common.finish"]]}]) == []


@pytest.mark.timeout(1800)
def test_transcripts_hold_no_rule_id_and_no_untranslated_string(tmp_path: Path) -> None:
    given = os.environ.get("KIOSK_TRANSCRIPTS_DIR", "")
    if given:
        out = Path(given)
        scripts = DEMO_SCRIPTS
    else:
        out = tmp_path / "all"
        scripts = DEMO_SCRIPTS if os.environ.get("KIOSK_TRANSCRIPTS_ALL") else SUBSET
        assert run_every_script(scripts, LANGUAGES, out, None) == {}
    lines = transcripts(out)
    played = {(line["script"], line["language"]) for line in lines}
    assert played == {(script, language) for script in scripts for language in LANGUAGES}
    for line in lines:
        assert {"script", "screen", "language", "texts", "spoken"} <= line.keys()
        assert line["texts"] and line["spoken"]
    assert {line["screen"] for line in lines} >= {"welcome", "issued", "staff_exemptions"}
    assert problems_in(lines) == []


def test_all_and_script_together_are_bad_input() -> None:
    done = run_kiosk("demo", "--headless", "--all", "--script", "post")
    assert done.returncode == 2
    assert "--all" in done.stderr
