"""Every scenario under tests/scenarios runs through the real ``kiosk journey`` command.

Each file's ``expect`` key (ignored by the command) names the outcome fields and lines that must
appear; the runner builds the app on fresh SQLite databases through the composition root. Bad
scenario files exit 2 with one line. Rule ids: every R1-R13 has a scenario named for it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.json"))
SECRET_WORDS = ("password", "temporary_password", "codes")


def run(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[dict]]:
    code = main(["journey", str(path), *extra])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines()]


def matches(expected: Any, actual: Any) -> bool:
    """Subset match: dict keys must match, an expected list's items must each match one item."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and matches(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and all(
            any(matches(item, candidate) for candidate in actual) for item in expected
        )
    return expected == actual


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario_outcome(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expect = json.loads(path.read_text(encoding="utf-8"))["expect"]
    code, lines = run(path, capsys)
    assert code == 0
    outcome = lines[-1]
    assert "outcome" in outcome
    for key, value in expect["outcome"].items():
        assert outcome.get(key) == value, (key, outcome)
    # Only the fields that apply: a refusal carries no NemID number.
    if outcome["outcome"] != "issued":
        assert "nemid_number" not in outcome
    for wanted in expect.get("lines", []):
        assert any(matches(wanted, line) for line in lines[:-1]), (wanted, lines)
    for unwanted in expect.get("absent", []):
        assert not any(matches(unwanted, line) for line in lines[:-1]), (unwanted, lines)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_outcome_says_what_the_citizen_got(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 16: handed_out and posted are always there, lists of parts, never both empty when
    a NemID was issued or ordered, and both empty otherwise."""
    outcome = run(path, capsys)[1][-1]
    handed_out, posted = outcome["handed_out"], outcome["posted"]
    assert set(handed_out) | set(posted) <= {"password", "code_card"}
    got = sorted(handed_out + posted)
    if outcome["outcome"] in ("issued", "ordered_by_post"):
        assert got == ["code_card", "password"], outcome
    else:
        assert got == [], outcome


def test_every_rule_and_reason_code_has_a_scenario() -> None:
    """Issue 2: scenarios for every rule R1-R13 and every listed reason code."""
    names = " ".join(p.stem for p in SCENARIO_FILES)
    expected_outcomes = [
        json.loads(p.read_text(encoding="utf-8"))["expect"]["outcome"] for p in SCENARIO_FILES
    ]
    reasons = {o.get("reason") for o in expected_outcomes}
    rules_tested = {o.get("rule") for o in expected_outcomes}
    for reason in (
        "document_expired", "document_invalid", "cpr_missing", "cpr_mismatch", "not_in_register",
        "under_age", "questions_failed", "questions_locked", "witness_under_18", "witness_no_cpr",
        "witness_is_applicant", "witness_document_invalid", "witness_nemid_too_new",
        "witness_nemid_failed", "witness_limit_reached",
    ):  # fmt: skip
        assert reason in reasons, reason
    for rule in ("R1", "R2", "R2b", "R3", "R4", "R5", "R7", "R7b", "R8", "R9", "R11", "R12"):
        assert rule in rules_tested, rule
    for rule in ("r6", "r10", "r13"):  # information-only rules, checked on their lines
        assert rule in names or rule.upper() in json.dumps(
            [json.loads(p.read_text(encoding="utf-8"))["expect"] for p in SCENARIO_FILES]
        )


def test_output_never_holds_a_secret(capsys: pytest.CaptureFixture[str]) -> None:
    """Passwords and codes never reach the output, even when a witness types them (R7b)."""
    path = SCENARIOS / "r7b_witness_nemid_issued.json"
    scenario = json.loads(path.read_text(encoding="utf-8"))
    password = scenario["steps"][-1]["witness_sign"]["nemid"]["password"]
    code, lines = run(path, capsys)
    text = json.dumps(lines)
    assert code == 0 and password not in text
    assert not any(word in line for line in lines for word in SECRET_WORDS)


def test_first_readme_command_issues(kiosk_command: list[str], subprocess_env: dict) -> None:
    """The README's first command, as a real subprocess of the console script."""
    result = subprocess.run(
        [*kiosk_command, "journey", str(SCENARIOS / "r3_questions_issued.json")],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["outcome"] == "issued"


def test_db_option_keeps_the_lockout_between_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """R3: with --db the 24-hour lockout of one run holds in the next (every kiosk)."""
    database = tmp_path / "kiosk.sqlite"
    failed = json.loads((SCENARIOS / "r3_questions_failed_then_post.json").read_text("utf-8"))
    first = tmp_path / "fail.json"
    first.write_text(json.dumps({**failed, "steps": failed["steps"][:-1]}), "utf-8")
    assert run(first, capsys, "--db", str(database))[0] == 0
    again = tmp_path / "again.json"
    again.write_text(
        json.dumps({**failed, "steps": [*failed["steps"][:1], {"choose": "questions"}]})
    )
    code, lines = run(again, capsys, "--db", str(database))
    assert code == 0
    assert lines[-1]["reason"] == "questions_locked"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"today": "2026-11-23"}', "missing field 'steps'"),
        ('{"steps": [{"dance": true}]}', "unknown step 'dance'"),
        ('{"today": "2026-13-45", "steps": []}', "not a date"),
        ('{"steps": [{"scan": {"cpr": "1503681234"}}]}', "missing field 'mrz'"),
        ('{"steps": [{"answer": "maybe"}]}', "'correct' or 'wrong'"),
        ('{"steps": [{"choose": "teleport"}]}', "must be one of"),
        ('{"settings": {"colour": "red"}, "steps": []}', "unknown setting 'colour'"),
        ('{"settings": {"witness_limit": -1}, "steps": []}', "witness_limit"),
        ('{"register": [{"cpr": "1503681234"}], "steps": []}', "given_names"),
        ('{"steps": [{"witness_sign": {"nemid": {"number": "1"}}}]}', "password"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_bad_scenario_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["journey", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_missing_scenario_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["journey", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_db_that_is_not_a_database_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "kiosk.sqlite"
    database.write_bytes(b"this is not SQLite at all" * 10)
    assert main(["journey", str(SCENARIOS / "cancelled.json"), "--db", str(database)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert database.read_bytes().startswith(b"this is not SQLite")  # nothing lost
