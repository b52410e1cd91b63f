"""The config loader reports every unknown key and bad value at once."""

from pathlib import Path

import pytest

from kiosk.config import KioskConfig, load_config
from kiosk.errors import ConfigError


def test_defaults_follow_the_national_page(tmp_path: Path) -> None:
    config = load_config(None)
    assert config.municipality.standard_order == "both_by_post"  # R2 default, R2b a setting
    assert config.rules.code_card_size == 148


def test_a_file_overrides_keys_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[municipality]\nstandard_order = "counter_and_post"\n[rules]\nwitness_limit = 5\n'
    )
    config = load_config(path)
    assert config.municipality.standard_order == "counter_and_post"
    assert config.rules.witness_limit == 5
    assert config.rules.minimum_age == KioskConfig().rules.minimum_age


def test_every_problem_is_reported_in_one_error(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('colour = "red"\n[rules]\nwitness_limit = "three"\n[devices]\nprinter = 9100\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "unknown key 'colour'" in message
    assert "'rules.witness_limit'" in message
    assert "'devices.printer'" in message


def test_a_file_that_is_not_toml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[rules\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_values_that_do_not_fit_together_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[devices]\nrequired = ["printer", "coffee_machine"]\nprinter = ""\n'
        '[languages]\ndefault = "en"\navailable = ["da"]\n'
        "[timeouts]\ninactivity_seconds = 10\nwarning_seconds = 20\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "'coffee_machine'" in message
    assert "'devices.printer' is required but has no URL" in message
    assert "'languages.default'" in message
    assert "'timeouts.warning_seconds'" in message


def test_the_example_file_documents_every_key_with_its_default() -> None:
    from tests.conftest import ROOT

    example = ROOT / "kiosk" / "assets" / "kiosk.example.toml"
    assert load_config(example) == KioskConfig()
    text = example.read_text()
    import dataclasses

    for section in dataclasses.fields(KioskConfig):
        value = getattr(KioskConfig(), section.name)
        if dataclasses.is_dataclass(value):
            assert f"[{section.name}]" in text
            for key in dataclasses.fields(value):
                assert f"\n{key.name} = " in text, f"{section.name}.{key.name} is not documented"
