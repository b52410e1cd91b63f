"""Read-aloud runs the real espeak-ng (installed by scripts/setup.sh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.speech import EspeakSpeaker
from kiosk.errors import DeviceError

needs_espeak = pytest.mark.skipif(not EspeakSpeaker().available, reason="espeak-ng not installed")


@needs_espeak
@pytest.mark.parametrize("language", ["da", "en"])
def test_a_screen_text_becomes_speech(language: str) -> None:
    wav = EspeakSpeaker().render("Læg dit pas på læseren", language)
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    assert len(wav) > 10_000  # more than a header: there is sound in it


def test_without_espeak_the_speaker_says_it_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without espeak-ng
    speaker = EspeakSpeaker()
    assert not speaker.available
    with pytest.raises(DeviceError):
        speaker.render("hej", "da")
