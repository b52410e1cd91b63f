"""Run every atheris harness in this folder briefly, from a small seed corpus.

``KIOSK_FUZZ_SECONDS`` sets the time per harness (default 6 s, to keep CI short); run one for
longer by hand: ``.venv/bin/python tests/fuzz/fuzz_mrz.py -max_total_time=600``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.seeds import SEEDS

HERE = Path(__file__).resolve().parent
SECONDS = int(os.environ.get("KIOSK_FUZZ_SECONDS", "6"))
HARNESSES = sorted(path.stem for path in HERE.glob("fuzz_*.py"))


@pytest.mark.slow
@pytest.mark.parametrize("harness", HARNESSES)
def test_harness_finds_nothing(harness: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for index, seed in enumerate(SEEDS.get(harness.removeprefix("fuzz_"), [])):
        (corpus / f"seed-{index}").write_bytes(seed)
    result = subprocess.run(
        [
            sys.executable,
            str(HERE / f"{harness}.py"),
            f"-max_total_time={SECONDS}",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
    )
    findings = list(tmp_path.glob("crash-*")) + list(tmp_path.glob("timeout-*"))
    assert result.returncode == 0 and not findings, (result.stdout + result.stderr)[-3000:]
    assert "Done" in result.stderr, result.stderr[-2000:]


def test_the_harness_catches_a_planted_bug(tmp_path: Path) -> None:
    """The runner is able to fail: a harness that raises on any input is reported."""
    planted = tmp_path / "fuzz_planted.py"
    planted.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(HERE.parents[1])!r})\n"
        "from tests.fuzz.harness import run\n"
        "def one_input(data):\n"
        "    if data[:1] == b'X':\n"
        "        raise ValueError('planted')\n"
        "run(one_input)\n"
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed").write_bytes(b"X")
    result = subprocess.run(
        [
            sys.executable,
            str(planted),
            "-max_total_time=5",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "planted" in result.stdout + result.stderr
