"""Read-aloud through espeak-ng, where it is installed (the ``Speaker`` port of kiosk.ports).

``say`` speaks a screen's text in the kiosk's language and stops what was still being said, so
a citizen tapping "Read aloud" twice hears the newest screen once. ``render`` gives the same
speech as WAV bytes (espeak-ng ``--stdout``), for a test or a headless machine with no sound.
Without espeak-ng, ``available`` is False and the UI hides the read-aloud button.

``headset_connected`` asks the sound card whether headphones are in the jack: ALSA's "Headphone
Jack" control (``amixer``), else PulseAudio's headphone port (``pactl``); None when neither says.
Personal data is spoken only into a headset.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading

from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import DeviceError

ESPEAK = "espeak-ng"
VOICES = {"da": "da", "en": "en-gb"}
WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's default of 175
RENDER_TIMEOUT_SECONDS = 30.0
JACK_TIMEOUT_SECONDS = 2.0
AMIXER_JACK = ["amixer", "-c", "0", "cget", "iface=CARD,name=Headphone Jack"]
PACTL_SINKS = ["pactl", "list", "sinks"]
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

    def headset_connected(self) -> bool | None:
        """Headphones in the jack (ALSA, then PulseAudio); None when the sound card does not say."""
        for command, parse in ((AMIXER_JACK, alsa_jack_state), (PACTL_SINKS, pulse_headphones)):
            output = _run_quietly(command)
            if output is not None:
                state = parse(output)
                if state is not None:
                    return state
        return None

    def health(self) -> DeviceHealth:
        state = DeviceState.ONLINE if self.available else DeviceState.OFFLINE
        return DeviceHealth(DEVICE_NAME, state, self._executable or f"{ESPEAK} not installed")

    def close(self) -> None:
        with self._lock:
            self.stop()


def _run_quietly(command: list[str]) -> str | None:
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=JACK_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def alsa_jack_state(output: str) -> bool | None:
    """``amixer cget`` of the "Headphone Jack" control: ``: values=on`` when plugged in."""
    match = re.search(r":\s*values=(on|off)", output)
    return None if match is None else match.group(1) == "on"


def pulse_headphones(output: str) -> bool | None:
    """``pactl list sinks``: a headphone port that is available (plugged in) and active."""
    ports = re.findall(
        r"^\s*(analog-output-headphones[\w-]*):.*?\b(available|not available)\b",
        output,
        re.MULTILINE,
    )
    if not ports:
        return None
    active = re.search(r"Active Port:\s*(\S+)", output)
    plugged = any(state == "available" for _name, state in ports)
    return plugged and active is not None and "headphones" in active.group(1)
