"""``kiosk demo --headless``: one scripted journey through the real UI with no display.

On a rig the composition root started (``app/demo.py``: the simulators and the kiosk, SDL
offscreen), plays the script with real taps, writes a
PNG of each screen, the printouts (PNG and text, from the ESC/POS printer simulator) and a
``summary.json`` (each screen's visible texts and any clipped text) to the output folder, and
fails when a screen shows clipped text or the script cannot go on.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kiosk.ports import Speaker
from screens.demo.rig import DemoControls

SUMMARY_FILE = "summary.json"
TRANSCRIPT_FILE = "transcript.jsonl"
PRINTOUTS_DIR = "printouts"
# What fails a run, by the Shot field that holds it.
CHECKS = {"clipped": "clipped", "small": "small_targets", "cut": "cut", "contrast": "contrast"}


class DemoFailed(Exception):
    pass


def printouts_folder(out: Path) -> Path:
    """The (emptied) folder of ``out`` that the rig's printer simulator renders into."""
    out.mkdir(parents=True, exist_ok=True)
    printouts = out / PRINTOUTS_DIR
    shutil.rmtree(printouts, ignore_errors=True)
    return printouts


def write_transcript(path: Path, script: str, shots: list[Any]) -> None:
    """One JSON object a line per screen shown: the script, the screen (journey state or page
    id), its language, every visible text and what read-aloud said."""
    lines = [
        json.dumps(
            {
                "script": script,
                "screen": shot.state,
                "language": shot.language,
                "texts": shot.texts,
                "spoken": shot.spoken,
                "shot": shot.name,
            },
            ensure_ascii=False,
        )
        for shot in shots
    ]
    path.write_text("".join(line + "\n" for line in lines), "utf-8")


def run_headless(
    rig: DemoControls, script: str, out: Path, *, speaker: Speaker | None, language: str = ""
) -> dict[str, Any]:
    """Play ``script`` on ``rig`` (closed at the end); returns the summary. Raises DemoFailed
    (a layout, target-size or contrast problem, a stuck script)."""
    from screens import ui_driver as ui
    from screens.demo.scripts import SCRIPTS, ScriptRunner
    from screens.launch import kiosk_app

    printouts = rig.printouts
    app = kiosk_app(rig.app, speaker=speaker)
    try:
        app._run_prepare()
        ui.pump(0.3)
        runner = ScriptRunner(app, rig, out, language=language)
        runner.use_language()
        error = ""
        try:
            SCRIPTS[script](runner)
        except ui.UiDriverError as exc:
            runner.shot("stuck")
            error = str(exc)
        summary = {
            "script": script,
            "language": app.language,
            "screens": [
                asdict(shot) | {"path": str(shot.path) if shot.path else ""}
                for shot in runner.shots
            ],
            "printouts": [str(p) for p in sorted(printouts.glob("*"))],
            "error": error,
        }
    finally:
        app.stop()
        ui.pump(0.1)
        rig.close()
    (out / SUMMARY_FILE).write_text(json.dumps(summary, ensure_ascii=False, indent=2), "utf-8")
    write_transcript(out / TRANSCRIPT_FILE, script, runner.shots)
    found = [
        f"{kind} {s['name']}: {problem}"
        for s in summary["screens"]
        for kind, key in CHECKS.items()
        for problem in s[key]
    ]
    if error or found:
        raise DemoFailed(error or "; ".join(found))
    return summary
