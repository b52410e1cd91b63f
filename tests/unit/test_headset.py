"""Headset detection from the sound card's own words: ``amixer cget`` of ALSA's "Headphone Jack"
control and ``pactl list sinks`` of PulseAudio (outputs as those tools print them)."""

from __future__ import annotations

from drivers.speech import alsa_jack_state, pulse_headphones

AMIXER_PLUGGED = """numid=18,iface=CARD,name='Headphone Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values=on
"""
PACTL_SINK = """Sink #0
	State: RUNNING
	Name: alsa_output.pci-0000_00_1f.3.analog-stereo
	Ports:
		analog-output-speaker: Speakers (type: Speaker, priority: 10000, availability unknown)
		analog-output-headphones: Headphones (type: Headphones, priority: 9900, {state})
	Active Port: {active}
	Formats:
		pcm
"""


def test_alsa_reports_the_jack() -> None:
    assert alsa_jack_state(AMIXER_PLUGGED) is True
    assert alsa_jack_state(AMIXER_PLUGGED.replace("values=on", "values=off")) is False
    assert alsa_jack_state("amixer: Cannot find the given element from control hw:0") is None


def test_pulseaudio_reports_headphones_plugged_in_and_active() -> None:
    plugged = PACTL_SINK.format(state="available", active="analog-output-headphones")
    unplugged = PACTL_SINK.format(state="not available", active="analog-output-speaker")
    assert pulse_headphones(plugged) is True
    assert pulse_headphones(unplugged) is False
    assert pulse_headphones("Sink #0\n\tActive Port: hdmi-output-0\n") is None
