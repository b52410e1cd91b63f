"""Basic Access Control against ICAO 9303 part 11 appendix D (D.2 key derivation, D.3 mutual
authentication), byte for byte, with the appendix's nonces and keying material injected."""

from __future__ import annotations

import pytest

from drivers.emrtd import bac, commands
from drivers.emrtd.cipher import adjust_parity, pad, retail_mac, unpad
from drivers.emrtd.session import ChipSession
from drivers.iso7816.apdu import SW
from kiosk.errors import AccessDenied

H = bytes.fromhex
MRZ_INFORMATION = "L898902C<369080619406236"
KSEED = H("239AB9CB282DAF66231DC5A4DF6BFBAE")
KENC = H("AB94FDECF2674FDFB9B391F85D7F76F2")
KMAC = H("7962D9ECE03D1ACD4C76089DCE131543")
RND_IC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
K_IC = H("0B4F80323EB3191CB04970CB4052790B")
E_IFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
M_IFD = H("5F1448EEA8AD90A7")
CHIP_RESPONSE = H(
    "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449"
)
KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = H("887022120C06C226")


def test_mrz_information_from_the_three_fields() -> None:
    assert bac.mrz_information("L898902C", "690806", "940623") == MRZ_INFORMATION


def test_key_seed_is_sha1_prefix() -> None:
    assert bac.key_seed(MRZ_INFORMATION) == KSEED


def test_access_keys_kenc_and_kmac() -> None:
    keys = bac.access_keys(MRZ_INFORMATION)
    assert (keys.k_enc, keys.k_mac) == (KENC, KMAC)


def test_long_document_number_second_appendix_example() -> None:
    # D.2's TD1 example: a 12-character document number continues into the optional data.
    info = bac.mrz_information("D23145890734", "340712", "950712")
    assert info == "D23145890734934071279507122"
    assert bac.key_seed(info) == H("B366AD857DDCA2B08C0E299811714730")


def test_terminal_cryptogram_e_ifd_and_m_ifd() -> None:
    data = bac.terminal_authentication_data(bac.AccessKeys(KENC, KMAC), RND_IC, RND_IFD, K_IFD)
    assert data == E_IFD + M_IFD


def test_terminal_finish_yields_session_keys_and_ssc() -> None:
    session = bac.terminal_finish(bac.AccessKeys(KENC, KMAC), RND_IC, RND_IFD, K_IFD, CHIP_RESPONSE)
    assert (session.ks_enc, session.ks_mac, session.ssc) == (KS_ENC, KS_MAC, SSC)


def test_chip_side_answers_exactly_the_appendix_response() -> None:
    response, session = bac.chip_respond(bac.AccessKeys(KENC, KMAC), RND_IC, K_IC, E_IFD + M_IFD)
    assert response == CHIP_RESPONSE
    assert (session.ks_enc, session.ks_mac, session.ssc) == (KS_ENC, KS_MAC, SSC)


def test_wrong_access_key_is_access_denied() -> None:
    wrong = bac.access_keys("L898902C<369080619406237")
    with pytest.raises(AccessDenied):
        bac.terminal_finish(wrong, RND_IC, RND_IFD, K_IFD, CHIP_RESPONSE)


def test_chip_echoing_wrong_nonce_is_access_denied() -> None:
    keys = bac.AccessKeys(KENC, KMAC)
    with pytest.raises(AccessDenied, match="nonces"):
        bac.terminal_finish(keys, RND_IC, bytes(8), K_IFD, CHIP_RESPONSE)


def test_padding_method_2_round_trip_and_mac_length() -> None:
    assert pad(b"\x01") == H("0180000000000000")
    assert len(pad(bytes(8))) == 16
    assert unpad(pad(b"abc")) == b"abc"
    assert retail_mac(KMAC, E_IFD) == M_IFD


def test_parity_adjustment_makes_every_byte_odd() -> None:
    assert all(bin(byte).count("1") % 2 == 1 for byte in adjust_parity(bytes(range(256))))


class AppendixChip:
    """Replays the chip's side of appendix D.3 and D.4 and records what the terminal sent."""

    def __init__(self) -> None:
        self.answers = [
            RND_IC + b"\x90\x00",
            CHIP_RESPONSE + b"\x90\x00",
            H("990290008E08FA855A5D4C50A8ED9000"),
            H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"),
        ]
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.answers[len(self.sent) - 1]


def test_session_with_injected_randomness_sends_the_appendix_apdus() -> None:
    chip = AppendixChip()
    randomness = iter([RND_IFD, K_IFD])
    session = ChipSession(chip, random_bytes=lambda size: next(randomness))
    session.basic_access_control(MRZ_INFORMATION)
    assert session.select_file(0x011E)
    assert session.send(commands.read_binary(0, 4)) == (H("60145F01"), SW.OK)
    assert chip.sent == [
        H("0084000008"),
        H("0082000028") + E_IFD + M_IFD + H("28"),
        H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"),
        H("0CB000000D9701048E08ED6705417E96BA5500"),
    ]
