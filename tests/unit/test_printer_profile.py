"""Printer profiles read from python-escpos's capabilities database, and printouts measured on them.

Expected figures are the database's own (capabilities.json of python-escpos 3.1): the TM-T88V
has 512 dots and 42/56 columns, the POS-5890 384 dots, 32/42 columns and no cutter, the Star
TSP600 puts CP865 at ESC t 9; ``default`` has no width, which the issue makes 512 dots.
"""

from __future__ import annotations

import pytest

from drivers.printer.code_card_layout import code_card
from drivers.printer.metrics import measure
from drivers.printer.profile import DEFAULT_DOTS, load_profile, profile_for_model, profile_names
from drivers.printer.samples import sample_code_card
from kiosk.errors import ConfigError


@pytest.mark.parametrize(
    ("name", "dots", "columns", "cutter"),
    [
        ("TM-T88V", 512, {"a": 42, "b": 56}, True),
        ("TM-T20II", 576, {"a": 48, "b": 64}, True),
        ("POS-5890", 384, {"a": 32, "b": 42}, False),
        ("TSP600", 576, {"a": 42, "b": 56}, True),
        ("default", DEFAULT_DOTS, {"a": 42, "b": 56}, True),
        ("ZJ-5870", 384, {"a": 32}, False),
    ],
)
def test_profile_figures_come_from_the_database(
    name: str, dots: int, columns: dict[str, int], cutter: bool
) -> None:
    profile = load_profile(name)
    assert (profile.dots, profile.font_columns, profile.cutter) == (dots, columns, cutter)


def test_danish_prefers_cp865_at_the_profiles_own_number() -> None:
    assert load_profile("TM-T88V").code_page_order("da")[0] == ("CP865", 5)
    assert load_profile("TSP600").code_page_order("da")[0] == ("CP865", 9)


def test_a_profile_without_cp865_falls_back_to_cp850_then_cp1252() -> None:
    names = [name for name, _ in load_profile("TM-T88IV-SA").code_page_order("da")]
    assert "CP865" not in names and names  # CP437 and Asian pages only
    order = [name for name, _ in load_profile("TM-T88V").code_page_order("da")[:3]]
    assert order == ["CP865", "CP850", "CP1252"]


def test_unknown_profile_is_a_config_error_naming_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="TM-T88V"):
        load_profile("TM-NOPE")


@pytest.mark.parametrize(
    ("reported", "profile"),
    [("TM-T88V", "TM-T88V"), ("POS5890 Series", "POS-5890"), ("tm-t20ii", "TM-T20II")],
)
def test_the_model_a_printer_reports_maps_to_its_profile(reported: str, profile: str) -> None:
    found = profile_for_model(reported)
    assert found is not None and found.name == profile


def test_an_unknown_or_empty_model_maps_to_nothing() -> None:
    assert profile_for_model("") is None and profile_for_model("Acme 3000") is None


def test_the_database_has_the_profiles_the_kiosk_is_tested_on() -> None:
    assert {"TM-T88V", "TM-T20II", "POS-5890", "TSP600", "default"} <= set(profile_names())


@pytest.mark.parametrize("name", ["POS-5890", "TM-T88V", "TM-T20II", "RP-F10-80mm"])
def test_code_card_metrics_stay_within_the_profile(name: str) -> None:
    profile = load_profile(name)
    metrics = measure(code_card(sample_code_card("da"), profile), profile)
    assert metrics.columns_used <= metrics.columns == profile.columns("b")
    assert 1000 < metrics.wire_bytes < 4096
    assert 80 < metrics.length_mm < 300  # one card on one strip of paper


def test_a_58_mm_card_takes_more_rows_and_paper_than_an_80_mm_one() -> None:
    narrow, wide = (load_profile(name) for name in ("POS-5890", "TM-T20II"))
    card = sample_code_card("da")
    small, large = measure(code_card(card, narrow), narrow), measure(code_card(card, wide), wide)
    assert small.rows > large.rows and small.length_mm > large.length_mm
