"""Scenario files: every malformed one raises ScenarioError naming the place, nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import ScenarioError
from kiosk.scenarios.scenario import STEP_KINDS, parse_scenario

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
STEP = st.dictionaries(st.sampled_from(STEP_KINDS), JSON, min_size=1, max_size=2)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["today", "settings", "register", "steps", "x"]), JSON))
def test_any_json_object_parses_or_raises_scenario_error(raw: dict[str, Any]) -> None:
    try:
        parse_scenario(raw)
    except ScenarioError as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None)
@given(st.lists(STEP, max_size=4))
def test_any_steps_parse_or_raise_scenario_error_naming_the_step(steps: list) -> None:
    try:
        parsed = parse_scenario({"steps": steps})
    except ScenarioError as exc:
        assert "steps[" in str(exc) or "step" in str(exc)
    else:
        assert [s.kind for s in parsed.steps] == [next(iter(s)) for s in steps]


def test_expect_and_other_keys_are_ignored() -> None:
    parsed = parse_scenario({"steps": [{"cancel": True}], "expect": {"outcome": {}}, "about": ""})
    assert [s.kind for s in parsed.steps] == ["cancel"]


def test_settings_map_bare_names_to_their_sections() -> None:
    parsed = parse_scenario(
        {"settings": {"outreach_identification": True, "witness_limit": 5}, "steps": []}
    )
    assert parsed.settings == {
        "municipality": {"outreach_identification": True},
        "rules": {"witness_limit": 5},
    }


@pytest.mark.parametrize(
    "register",
    [
        [{"cpr": "3213681234", "given_names": "A", "surname": "B"}],  # no such date
        [{"cpr": "1503681234", "given_names": "A"}],
        "not a list",
    ],
)
def test_bad_register_entries_are_refused_before_any_database(register: Any) -> None:
    with pytest.raises(ScenarioError):
        parse_scenario({"register": register, "steps": []})
