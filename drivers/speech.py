"""Read-aloud through espeak-ng, where it is installed (the ``Speaker`` port of kiosk.ports).

``say`` speaks a screen's text in the kiosk's language and stops what was still being said, so
a citizen tapping "Read aloud" twice hears the newest screen once. ``render`` gives the same
speech as WAV bytes (espeak-ng ``--stdout``), for a test or a headless machine with no sound.
Without espeak-ng, ``available`` is False and the UI hides the read-aloud button.
"""

from __future__ import annotations

import shutil
import subprocess
import threading

from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import DeviceError

ESPEAK = "espeak-ng"
VOICES = {"da": "da", "en": "en-gb"}
WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's default of 175
RENDER_TIMEOUT_SECONDS = 30.0
DEVICE_NAME = "speaker"


class EspeakSpeaker:
    def __init__(self, executable: str | None = None) -> None:
        self._executable = executable or shutil.which(ESPEAK)
        self._lock = threading.Lock()
        self._current: subprocess.Popen[bytes] | None = None

    @property
    def available(self) -> bool:
        return self._executable is not None

    def _command(self, text: str, language: str, *extra: str) -> list[str]:
        if self._executable is None:
            raise DeviceError(f"{ESPEAK} is not installed", code="device_unavailable")
        voice = VOICES.get(language, VOICES["da"])
        return [self._executable, "-v", voice, "-s", str(WORDS_PER_MINUTE), *extra, "--", text]

    def say(self, text: str, language: str) -> None:
        """Speak ``text`` on the sound card; stops the previous utterance. Never blocks long."""
        command = self._command(text, language)
        with self._lock:
            self.stop()
            self._current = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )

    def stop(self) -> None:
        current = self._current
        if current is not None and current.poll() is None:
            current.terminate()
            current.wait(timeout=2)
        self._current = None

    def render(self, text: str, language: str) -> bytes:
        """The speech as a WAV file's bytes. Raises DeviceError when espeak-ng fails."""
        try:
            done = subprocess.run(
                self._command(text, language, "--stdout"),
                capture_output=True,
                timeout=RENDER_TIMEOUT_SECONDS,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise DeviceError(f"{ESPEAK} failed: {exc}") from exc
        return done.stdout

    def health(self) -> DeviceHealth:
        state = DeviceState.ONLINE if self.available else DeviceState.OFFLINE
        return DeviceHealth(DEVICE_NAME, state, self._executable or f"{ESPEAK} not installed")

    def close(self) -> None:
        with self._lock:
            self.stop()
