"""R12: a NemID is a number, a temporary password and a code card, all random and stored hashed."""

from __future__ import annotations

import pytest

from kiosk.config import RuleSettings
from kiosk.errors import StorageError
from kiosk.issuance.credentials import (
    new_card_serial,
    new_code_pairs,
    new_credential,
    new_kiosk_key,
    new_nemid_number,
    stored_secrets,
)
from kiosk.storage.secret_hashes import (
    ScryptParameters,
    hash_code,
    hash_password,
    verify_code,
    verify_password,
)
from tests.keys import cheap_keys

RULES = RuleSettings()
CHEAP_KDF = ScryptParameters(n=2**4)


def test_r12_credential_has_sizes_from_the_rules() -> None:
    credential = new_credential(RULES, number_exists=lambda n: False, serial_exists=lambda s: False)
    assert len(credential.nemid_number) == 9 and credential.nemid_number.isdigit()
    assert credential.nemid_number[0] != "0"
    assert len(credential.temporary_password) == 6 and credential.temporary_password.isdigit()
    assert credential.card_serial.startswith("NK")
    assert len(credential.card_serial) == 2 + RULES.card_serial_digits
    assert len(credential.code_pairs) == 148
    for key, code in credential.code_pairs:
        assert len(key) == 4 and key.isdigit()
        assert len(code) == 6 and code.isdigit()


def test_r12_code_card_keys_are_unique_and_in_print_order() -> None:
    for _ in range(20):
        keys = [key for key, _ in new_code_pairs(RULES)]
        assert len(set(keys)) == len(keys) == 148
        assert keys == sorted(keys)


def test_sizes_follow_changed_rules() -> None:
    rules = RuleSettings(
        nemid_number_digits=8, password_digits=8, code_card_size=10, card_serial_digits=6
    )
    credential = new_credential(rules, number_exists=lambda n: False, serial_exists=lambda s: False)
    assert len(credential.nemid_number) == 8
    assert len(credential.temporary_password) == 8
    assert len(credential.code_pairs) == 10
    assert len(credential.card_serial) == 2 + 6


def test_more_keys_than_the_key_space_is_refused() -> None:
    with pytest.raises(StorageError, match="unique"):
        new_code_pairs(RuleSettings(code_card_size=11, code_card_key_digits=1))


def test_number_already_issued_is_skipped() -> None:
    taken: set[str] = set()
    seen = [new_nemid_number(RULES, taken.__contains__) for _ in range(50)]
    taken.update(seen[:25])
    fresh = new_nemid_number(RULES, taken.__contains__)
    assert fresh not in taken


def test_a_full_number_space_raises_instead_of_looping() -> None:
    with pytest.raises(StorageError, match="NemID number"):
        new_nemid_number(RULES, lambda n: True)
    with pytest.raises(StorageError, match="card serial"):
        new_card_serial(RULES, lambda s: True)


def test_secrets_are_left_out_of_repr() -> None:
    credential = new_credential(RULES, number_exists=lambda n: False, serial_exists=lambda s: False)
    text = repr(credential)
    assert credential.temporary_password not in text
    assert credential.code_pairs[0][1] not in text
    assert credential.nemid_number in text


def test_password_hash_is_salted_and_verifies() -> None:
    first = hash_password("123456", CHEAP_KDF)
    second = hash_password("123456", CHEAP_KDF)
    assert first != second  # a fresh salt each time
    assert "123456" not in first
    assert first.startswith("scrypt$16$8$1$")
    assert verify_password("123456", first)
    assert not verify_password("123457", first)


@pytest.mark.parametrize("junk", ["", "md5$x", "scrypt$a$b$c$d$e", "scrypt$16$8$1$!!$!!"])
def test_a_malformed_password_hash_never_verifies(junk: str) -> None:
    assert not verify_password("123456", junk)


def test_code_hash_is_keyed_and_bound_to_card_and_key() -> None:
    key = new_kiosk_key()
    stored = hash_code(key, "1000000001", "0042", "318224")
    assert verify_code(key, "1000000001", "0042", "318224", stored)
    assert not verify_code(key, "1000000001", "0042", "318225", stored)
    assert not verify_code(key, "1000000001", "0043", "318224", stored)
    assert not verify_code(key, "1000000002", "0042", "318224", stored)
    assert not verify_code(new_kiosk_key(), "1000000001", "0042", "318224", stored)


def test_stored_secrets_hold_no_plain_value() -> None:
    credential = new_credential(RULES, number_exists=lambda n: False, serial_exists=lambda s: False)
    keys = cheap_keys()
    stored = stored_secrets(credential, keys)
    assert keys.verify_password(credential.temporary_password, stored.password_hash)
    assert credential.temporary_password not in stored.password_hash
    assert [k for k, _ in stored.code_hashes] == [k for k, _ in credential.code_pairs]
    for (card_key, code), (_, digest) in zip(
        credential.code_pairs, stored.code_hashes, strict=True
    ):
        assert digest.startswith("1$") and len(digest) == 66 and code not in digest
        assert keys.verify_code(credential.card_serial, card_key, code, digest)
