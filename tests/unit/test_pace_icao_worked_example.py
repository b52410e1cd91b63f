"""PACE against the worked examples of ICAO 9303 part 11 appendix G (values from the public eMRTD
libraries' tests, see ``pace_vectors``): the terminal's side reproduces each transcript byte for
byte from the example's random keys and ends with the example's session keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.emrtd import pace
from drivers.emrtd.bac import mrz_information
from drivers.emrtd.domain_params import standardized
from drivers.emrtd.lds.card_access import parse_card_access
from drivers.emrtd.pace_crypto import (
    PacePassword,
    dynamic_value,
    mapped_generator,
    password_key,
    suite_of,
)
from drivers.iso7816.apdu import CommandApdu, ResponseApdu
from drivers.sim.cards.epassport_pace import ChipPace
from kiosk.errors import AccessDenied
from tests.unit.pace_vectors import (
    G1,
    G1_MAPPED_GENERATOR,
    G1_SHARED_H,
    G2,
    K_PI,
    MRZ_INFORMATION,
    K,
    PaceExample,
)


class ScriptedChip:
    """Answers the example's commands with the example's responses; any other command fails."""

    def __init__(self, example: PaceExample) -> None:
        self.steps: Iterator[tuple[bytes, bytes]] = iter(example.transcript)
        self.sent: list[bytes] = []

    def send(self, command: CommandApdu) -> tuple[bytes, int]:
        raw = command.to_bytes()
        self.sent.append(raw)
        expected, answer = next(self.steps)
        assert raw.hex().upper() == expected.hex().upper()
        response = ResponseApdu.from_bytes(answer)
        return response.data, response.sw


def keys_from(values: tuple[bytes, ...]):
    remaining = list(values)

    def random_bytes(size: int) -> bytes:
        value = remaining.pop(0)
        assert len(value) == size
        return value

    return random_bytes


def test_mrz_password_and_kpi_match_the_example() -> None:
    assert mrz_information("T22000129", "640812", "101031") == MRZ_INFORMATION
    password = PacePassword.from_mrz_information(MRZ_INFORMATION)
    assert password.secret == K
    assert password_key(suite_of("0.4.0.127.0.7.2.2.4.2.2"), password) == K_PI


def test_g1_nonce_and_mapped_generator() -> None:
    suite = suite_of("0.4.0.127.0.7.2.2.4.2.2")
    nonce = suite.cipher.decrypt_block(K_PI, G1.transcript[1][1][4:20])
    assert nonce == G1.nonce
    group = standardized(13)
    shared = group.decode(G1_SHARED_H)
    assert group.encode(mapped_generator(group, nonce, shared)) == G1_MAPPED_GENERATOR


@pytest.mark.parametrize("example", [G1, G2], ids=["G.1 ECDH", "G.2 DH"])
def test_terminal_reproduces_the_transcript_and_session_keys(example: PaceExample) -> None:
    (info,) = parse_card_access(example.card_access)
    chip = ScriptedChip(example)
    keys = pace.establish(
        chip.send,
        info,
        PacePassword.from_mrz_information(MRZ_INFORMATION),
        keys_from(example.terminal_keys),
    )
    assert len(chip.sent) == len(example.transcript)
    assert (keys.ks_enc, keys.ks_mac) == (example.ks_enc, example.ks_mac)
    assert keys.ssc == bytes(16)


def test_a_changed_chip_token_is_access_denied() -> None:
    (info,) = parse_card_access(G1.card_access)
    last_command, last_answer = G1.transcript[-1]
    forged = last_answer[:-3] + bytes((last_answer[-3] ^ 1,)) + last_answer[-2:]
    chip = ScriptedChip(G1)
    chip.steps = iter((*G1.transcript[:-1], (last_command, forged)))
    with pytest.raises(AccessDenied, match="token"):
        pace.establish(
            chip.send,
            info,
            PacePassword.from_mrz_information(MRZ_INFORMATION),
            keys_from(G1.terminal_keys),
        )


def test_can_must_be_six_digits() -> None:
    assert PacePassword.from_can("123456").reference == 2
    for bad in ("12345", "1234567", "12345a", "١٢٣٤٥٦"):
        with pytest.raises(Exception, match="six digits"):
            PacePassword.from_can(bad)


@pytest.mark.parametrize("example", [G1, G2], ids=["G.1 ECDH", "G.2 DH"])
def test_emulated_chip_answers_the_terminal_as_in_the_example(example: PaceExample) -> None:
    (info,) = parse_card_access(example.card_access)
    password = PacePassword.from_mrz_information(MRZ_INFORMATION)
    chip = ChipPace(info, {1: password}, keys_from((example.nonce, *example.chip_keys)))
    keys = None
    for command, expected in example.transcript:
        data, sw, keys = chip.handle(CommandApdu.from_bytes(command))
        if command[0] == 0x00 and command[1] == 0x86:  # the last step: compare the tokens, as
            # G.2's chip also names its CVCA (DO'87'), which ours (no terminal authentication) omits
            assert dynamic_value(data, 0x86) == dynamic_value(expected[:-2], 0x86)
            continue
        assert (data + sw.to_bytes(2, "big")).hex().upper() == expected.hex().upper()
    assert keys is not None and (keys.ks_enc, keys.ks_mac) == (example.ks_enc, example.ks_mac)


def test_emulated_chip_refuses_a_wrong_password() -> None:
    (info,) = parse_card_access(G1.card_access)
    genuine = PacePassword.from_mrz_information(MRZ_INFORMATION)
    chip = ChipPace(info, {1: genuine}, keys_from((G1.nonce, *G1.chip_keys)))
    wrong = PacePassword.from_mrz_information("T22000129364081251010319")
    terminal = TerminalOverChip(chip)
    with pytest.raises(AccessDenied):
        pace.establish(terminal.send, info, wrong, keys_from(G1.terminal_keys))
    assert terminal.last_sw == 0x6300


class TerminalOverChip:
    def __init__(self, chip: ChipPace) -> None:
        self.chip = chip
        self.last_sw = 0

    def send(self, command: CommandApdu) -> tuple[bytes, int]:
        data, sw, _ = self.chip.handle(CommandApdu.from_bytes(command.to_bytes()))
        self.last_sw = sw
        return data, sw


@pytest.mark.parametrize("step", ["mapping", "key_derivation"])
def test_a_terminal_that_computes_a_step_wrongly_is_refused_by_the_chip(
    monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """The emulated chip computes its side itself: a terminal that maps to the wrong generator
    or derives its keys wrongly sends a token the chip refuses (6300)."""
    (info,) = parse_card_access(G1.card_access)
    password = PacePassword.from_mrz_information(MRZ_INFORMATION)
    if step == "mapping":
        monkeypatch.setattr(
            pace,
            "mapped_generator",
            lambda group, nonce, shared: group.multiply(2, group.generator),
        )
    else:
        genuine = pace.session_keys
        monkeypatch.setattr(
            pace, "session_keys", lambda suite, secret: genuine(suite, secret[::-1])
        )
    chip = ChipPace(info, {1: password}, keys_from((G1.nonce, *G1.chip_keys)))
    terminal = TerminalOverChip(chip)
    with pytest.raises(AccessDenied):
        pace.establish(terminal.send, info, password, keys_from(G1.terminal_keys))
    assert terminal.last_sw == 0x6300
