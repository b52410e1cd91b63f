"""The house's layering, kept true by tests (issue 11): import-linter's contracts, no product
module over 400 lines, sqlite3 and SQL text only in ``kiosk/storage/``, and the diagram of
``docs/architecture.md`` equal to what ``scripts/architecture.py`` draws from the code now. Each
check also runs on a small tree planted in tmp_path with the rule broken, so it is seen to fail.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from scripts import architecture
from tests.conftest import ROOT, VENV_BIN

PRODUCT_PACKAGES = ("app", "kiosk", "drivers", "screens")
STORAGE = Path("kiosk/storage")
MAX_MODULE_LINES = 400
# SQL as the product writes it: upper-case keywords in a string. Each pattern needs two SQL
# words, so an APDU's "SELECT" or a sentence with "select" in it is not taken for SQL.
SQL_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"\bSELECT\b[\s\S]*\bFROM\b",
        r"\bINSERT\s+(OR\s+[A-Z]+\s+)?INTO\b",
        r"\bUPDATE\s+\w+\s+SET\b",
        r"\bDELETE\s+FROM\b",
        r"\b(CREATE|DROP)\s+(TABLE|INDEX|UNIQUE\s+INDEX|VIEW|TRIGGER)\b",
        r"\bALTER\s+TABLE\b",
        r"\bPRAGMA\s+\w+",
        r"\bBEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)\b",
    )
)


# A path the docs name in backticks: `kiosk/storage/sqlite/`, `tests/unit/test_mrz*.py`.
DOCUMENTED_PATH = re.compile(
    r"`((?:app|kiosk|drivers|screens|tests|scripts|assets|systemd|benchmarks|docs)/[^`\s]*)`"
)


# A rule's section of docs/rules.md ("## R7b: ...") and the Python files it cites.
RULE_SECTION = re.compile(r"^## (R\d+b?): (.*?)(?=^## )", re.MULTILINE | re.DOTALL)
CITED_MODULE = re.compile(r"`((?:app|kiosk|drivers|screens|tests)/[^`\s*]+\.py)`")


def importlinter_config(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, Any]:
    with pyproject.open("rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the repository's contracts over the packages under ``root``."""
    environment = {**os.environ, "PYTHONPATH": str(root)}
    config = ROOT / "pyproject.toml"
    return subprocess.run(
        [str(VENV_BIN / "lint-imports"), "--no-cache", "--config", str(config)],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def broken_contracts(output: str) -> set[str]:
    """The ids of the contracts lint-imports reports broken (it wraps long names: unwrap)."""
    flat = " ".join(output.split())
    return {
        contract["id"]
        for contract in importlinter_config()["contracts"]
        if f"{contract['name']} BROKEN" in flat
    }


def unlisted_driver_packages(root: Path, config: dict[str, Any]) -> set[str]:
    """Children of ``drivers`` other than ``drivers.sim`` that the sim-only contract misses."""
    contract = next(c for c in config["contracts"] if c["id"] == "sim-only-from-app")
    children = {
        f"drivers.{path.stem if path.suffix == '.py' else path.name}"
        for path in (root / "drivers").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()
    }
    return children - {"drivers.sim"} - set(contract["source_modules"])


def product_files(root: Path) -> list[Path]:
    return sorted(path for package in PRODUCT_PACKAGES for path in (root / package).rglob("*.py"))


def long_modules(root: Path) -> dict[str, int]:
    """Product modules over the line limit, with their line counts."""
    counts = {
        str(path.relative_to(root)): len(path.read_text(encoding="utf-8").splitlines())
        for path in product_files(root)
    }
    return {path: lines for path, lines in counts.items() if lines > MAX_MODULE_LINES}


def sql_outside_storage(root: Path) -> list[str]:
    """``path:line: what`` for every sqlite3 import and SQL string outside ``kiosk/storage/``."""
    findings: list[str] = []
    for path in product_files(root):
        relative = path.relative_to(root)
        if relative.is_relative_to(STORAGE):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                names = []
            if any(name.split(".")[0] == "sqlite3" for name in names):
                findings.append(f"{relative}:{node.lineno}: imports sqlite3")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                matches = [pattern.search(node.value) for pattern in SQL_PATTERNS]
                keywords = [match.group(0).split()[0] for match in matches if match]
                if keywords:
                    findings.append(f"{relative}:{node.lineno}: SQL ({keywords[0]} ...)")
    return findings


def missing_documented_paths(root: Path) -> list[str]:
    """``page: path`` for every path README.md or a page of docs/ names that matches no file."""
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    return [
        f"{page.relative_to(root)}: {path}"
        for page in pages
        for path in DOCUMENTED_PATH.findall(page.read_text(encoding="utf-8"))
        if not any(root.glob(path.rstrip("/")))
    ]


def rules_cited_where_absent(root: Path) -> list[str]:
    """``Rn: path`` for every file docs/rules.md cites under rule Rn that never names Rn."""
    page = (root / "docs/rules.md").read_text(encoding="utf-8")
    return [
        f"{rule}: {path}"
        for rule, section in RULE_SECTION.findall(page)
        for path in CITED_MODULE.findall(section)
        if (root / path).exists()
        and not re.search(rf"\b{rule}\b", (root / path).read_text(encoding="utf-8"))
    ]


def plant(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text) under ``root``, each folder a package."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        for folder in path.relative_to(root).parents:
            if folder != Path(".") and not (root / folder / "__init__.py").exists():
                (root / folder / "__init__.py").write_text("", encoding="utf-8")
    return root


def plant_layered_tree(root: Path, files: dict[str, str]) -> Path:
    """A tree holding every module the contracts name, clean but for ``files``."""
    config = importlinter_config()
    named = {"app/bootstrap.py", "screens/app.py", "drivers/sim/rig.py", "kiosk/ports.py"}
    for contract in config["contracts"]:
        for module in contract.get("source_modules", []):
            named.add(module.replace(".", "/") + "/__init__.py")
    return plant(root, dict.fromkeys(sorted(named), "") | files)


# The repository itself.


def test_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sim_only_contract_names_every_driver_package_but_sim() -> None:
    assert unlisted_driver_packages(ROOT, importlinter_config()) == set()


def test_no_product_module_over_400_lines() -> None:
    assert long_modules(ROOT) == {}


def test_sqlite3_and_sql_only_in_storage() -> None:
    assert sql_outside_storage(ROOT) == []


def test_docs_name_only_paths_that_exist() -> None:
    assert missing_documented_paths(ROOT) == []


def test_rules_page_cites_code_and_tests_that_name_the_rule() -> None:
    assert rules_cited_where_absent(ROOT) == []


def test_architecture_page_shows_the_code_as_it_is() -> None:
    page = (ROOT / architecture.PAGE).read_text(encoding="utf-8")
    difference = architecture.page_difference(page)
    assert not difference, f"run: python scripts/architecture.py --update\n{difference}"


# Each check on a planted tree: clean, it passes; with the rule broken, it fails.


def test_planted_clean_tree_keeps_every_contract(tmp_path: Path) -> None:
    result = lint_imports(plant_layered_tree(tmp_path, {}))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("contract_id", "files"),
    [
        ("layers", {"kiosk/ports.py": "import app.bootstrap\n"}),
        ("layers", {"screens/app.py": "import drivers.camera\n"}),
        ("sim-only-from-app", {"drivers/camera/__init__.py": "import drivers.sim.rig\n"}),
        (
            "no-cycles",
            {"kiosk/ports.py": "import kiosk.config\n", "kiosk/config.py": "import kiosk.ports\n"},
        ),
        (
            "no-cycles",
            {
                "kiosk/a/x.py": "import kiosk.b.y\n",
                "kiosk/b/y.py": "import kiosk.a.z\n",
                "kiosk/a/z.py": "",
            },
        ),
    ],
)
def test_planted_violation_breaks_its_contract(
    tmp_path: Path, contract_id: str, files: dict[str, str]
) -> None:
    result = lint_imports(plant_layered_tree(tmp_path, files))
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken_contracts(result.stdout) == {contract_id}, result.stdout


def test_planted_driver_package_missing_from_sim_contract_is_found(tmp_path: Path) -> None:
    root = plant_layered_tree(tmp_path, {"drivers/scale/__init__.py": "", "drivers/scan.py": ""})
    assert unlisted_driver_packages(root, importlinter_config()) == {
        "drivers.scale",
        "drivers.scan",
    }


def test_planted_long_module_is_found(tmp_path: Path) -> None:
    lines = "x = 1\n" * MAX_MODULE_LINES
    root = plant(tmp_path, {"kiosk/ok.py": lines, "screens/long.py": lines + "y = 2\n"})
    assert long_modules(root) == {"screens/long.py": MAX_MODULE_LINES + 1}


def test_planted_sql_outside_storage_is_found(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "kiosk/storage/repo.py": 'import sqlite3\nQ = "SELECT a FROM t"\n',
            "kiosk/admin/desk.py": 'import sqlite3\nQ = "SELECT a\\n FROM t WHERE b = ?"\n',
            "drivers/db.py": 'from sqlite3 import connect\nQ = f"INSERT INTO {1} VALUES (1)"\n',
            "screens/apdu.py": '"""SELECT the application, then read from the chip."""\n',
        },
    )
    assert sql_outside_storage(root) == [
        "drivers/db.py:1: imports sqlite3",
        "drivers/db.py:2: SQL (INSERT ...)",
        "kiosk/admin/desk.py:1: imports sqlite3",
        "kiosk/admin/desk.py:2: SQL (SELECT ...)",
    ]


def test_planted_moved_path_in_the_docs_is_found(tmp_path: Path) -> None:
    root = plant(tmp_path, {"kiosk/storage/sqlite/audit_log.py": "", "tests/unit/test_mrz.py": ""})
    page = "`kiosk/storage/sqlite/` `kiosk/storage/audit.py` `tests/unit/test_mrz*.py` `R7`\n"
    plant(root, {"README.md": "See `docs/design.md`.\n", "docs/design.md": page})
    assert missing_documented_paths(root) == ["docs/design.md: kiosk/storage/audit.py"]


def test_planted_rule_cited_in_a_file_without_its_id_is_found(tmp_path: Path) -> None:
    page = (
        "## R7: the witness\n- Enforced in: `kiosk/witness.py`, `kiosk/policy.py`\n"
        "## R7b: NemID\n- Tested in: `tests/test_witness.py`\n## Facts\n"
    )
    root = plant(
        tmp_path,
        {
            "docs/rules.md": page,
            "kiosk/witness.py": "LIMIT = 3  # R7\n",
            "kiosk/policy.py": "# R7b only\n",
            "tests/test_witness.py": "def test_r7b() -> None: ...  # R7\n",
        },
    )
    assert rules_cited_where_absent(root) == ["R7: kiosk/policy.py", "R7b: tests/test_witness.py"]


def test_planted_difference_in_the_page_diagram_is_found(tmp_path: Path) -> None:
    root = plant(tmp_path, {"app/cli.py": "import kiosk.core\n", "kiosk/core.py": ""})
    for package in ("screens", "drivers/sim"):
        plant(root, {f"{package}/__init__.py": ""})
    page = f"# The house\n\n{architecture.embedded(architecture.mermaid(root))}\n\nMore text.\n"
    assert architecture.page_difference(page, root) == ""
    assert "app ==> kiosk" in page
    plant(root, {"kiosk/core.py": "import app.cli\n"})
    assert "+    kiosk ==> app\n" in architecture.page_difference(page, root)
    assert "kiosk ==> app" in architecture.updated_page(page, root)
