"""One real Kivy window (SDL offscreen) for the whole UI test run, and a fresh kiosk per test.

Kivy dislikes several App runs in one process, so the KioskApp is prepared once; each test gets
its own kiosk core through the composition root (``start_rig`` -> ``build_app``) with its own
SQLite files in tmp_path, a FixedClock, a real pty MRZ reader simulator and a real ESC/POS TCP
printer simulator, swapped into the app with ``use_controller``. Tests drive the UI only with
real taps (screens.ui_driver) and assert on what the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from screens.launch import prepare
from screens.ui_thread import post_to_ui

prepare(headless=True, fullscreen=False)

from app.demo import start_rig  # noqa: E402
from drivers.sim.rig.demo_rig import DemoRig  # noqa: E402
from drivers.speech import EspeakSpeaker  # noqa: E402 - Kivy's environment first
from kiosk.clock import FixedClock  # noqa: E402
from kiosk.config import KioskConfig  # noqa: E402
from screens import ui_driver as ui  # noqa: E402
from screens.controller import KioskController  # noqa: E402
from screens.demo.scripts import ScriptRunner  # noqa: E402

pytestmark = pytest.mark.ui


def test_config(folder: Path) -> KioskConfig:
    return KioskConfig().replace(
        storage={
            "database": str(folder / "kiosk.sqlite"),
            "outbox": str(folder / "outbox"),
            "backups": str(folder / "backups"),
        },
        security={"kiosk_key_file": str(folder / "kiosk.key")},
    )


class RecordingSpeaker(EspeakSpeaker):
    """The real espeak-ng speaker, rendering to WAV instead of the (absent) sound card."""

    def __init__(self) -> None:
        super().__init__()
        self.spoken: list[tuple[str, str, bytes]] = []

    def say(self, text: str, language: str) -> None:
        self.spoken.append((text, language, self.render(text, language)))


@dataclass
class Kiosk:
    app: Any
    rig: DemoRig
    clock: FixedClock
    run: ScriptRunner

    def texts(self) -> list[str]:
        return ui.screen_texts()

    def text(self) -> str:
        return "\n".join(ui.screen_texts())


@pytest.fixture(scope="session")
def kiosk_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from screens.launch import kiosk_app as make_app

    rig = start_rig(test_config(tmp_path_factory.mktemp("first-kiosk")), clock=FixedClock())
    app = make_app(rig.app)
    app._run_prepare()
    ui.pump(0.2)
    yield app
    app.stop()
    ui.pump(0.1)
    rig.close()


@pytest.fixture
def make_kiosk(kiosk_app: Any, tmp_path: Path) -> Iterator[Callable[..., Kiosk]]:
    """``make_kiosk(**config_sections)``: a fresh kiosk core in the shared window, e.g.
    ``make_kiosk(municipality={"outreach_identification": True})``."""
    opened: list[tuple[KioskController, DemoRig]] = []

    def make(**sections: Any) -> Kiosk:
        clock = FixedClock()
        config = test_config(tmp_path).replace(**sections)
        rig = start_rig(config, tmp_path / "printouts", clock=clock)
        speaker = RecordingSpeaker() if EspeakSpeaker().available else None
        controller = KioskController(
            rig.app.new_session(),
            rig.app.devices,
            rig.app.config,
            post_to_ui,
            speaker=speaker,
            print_jobs=rig.app.print_jobs,
        )
        opened.append((controller, rig))
        kiosk_app.config_ = rig.app.config
        kiosk_app.reset_presentation()
        kiosk_app.language = rig.app.config.languages.default
        kiosk_app.use_controller(controller)
        run = ScriptRunner(kiosk_app, rig, advance_clock=clock.advance)
        run.on("welcome")
        return Kiosk(kiosk_app, rig, clock, run)

    try:
        yield make
    finally:
        for controller, rig in opened:
            controller.stop()
            rig.close()


@pytest.fixture
def kiosk(make_kiosk: Callable[..., Kiosk]) -> Kiosk:
    return make_kiosk()
