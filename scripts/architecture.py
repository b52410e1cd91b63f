"""The house as a Mermaid diagram, drawn from the imports of the product's code.

Reads every module of the product packages (``app``, ``screens``, ``drivers``, ``kiosk``) with
``ast``, resolves its imports (relative ones and those inside functions too, as import-linter
does) and prints a Mermaid flowchart: one box per layer (``drivers/sim/`` apart from the real
drivers), one node per subpackage, the loose modules of a package in one node, and an arrow
where one node imports another (within a layer) or one layer imports another. ``--update``
rewrites the diagram between the markers of ``docs/architecture.md``; ``--check`` exits 1 with
a diff when the page's diagram is not what the code draws now (``tests/test_architecture.py``
runs the same check).
"""

from __future__ import annotations

import argparse
import ast
import difflib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = Path("docs/architecture.md")
BEGIN_MARKER = "<!-- begin: diagram printed by scripts/architecture.py -->"
END_MARKER = "<!-- end: diagram printed by scripts/architecture.py -->"

# The layers, top to bottom, and what each box is called on the diagram.
GROUPS: dict[str, str] = {
    "app": "app/: composition root and command line",
    "screens": "screens/: the Kivy touchscreen",
    "drivers": "drivers/: real devices",
    "drivers.sim": "drivers/sim/: simulated devices",
    "kiosk": "kiosk/: the core",
}
# Loose modules share one node per layer, except in these layers, which are drawn module by
# module: the wiring of the composition root is what a newcomer looks for first.
MODULE_BY_MODULE = frozenset({"app"})
LOOSE = "*"
NAMES_PER_LINE = 4


@dataclass(frozen=True)
class ProductModule:
    """One module of the product: its dotted name, its file, and whether it is a package."""

    name: str
    path: Path
    is_package: bool


def product_modules(root: Path) -> dict[str, ProductModule]:
    """Every module of the product packages under ``root``, by dotted name."""
    modules: dict[str, ProductModule] = {}
    for package in (group for group in GROUPS if "." not in group):
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            name = ".".join(parts[:-1] if is_package else parts)
            modules[name] = ProductModule(name, path, is_package)
    return modules


def imported_names(module: ProductModule) -> Iterator[str]:
    """The absolute dotted names ``module`` imports, anywhere in its code; ``X.Y`` for ``from X
    import Y`` (the caller takes ``X`` when ``Y`` is not a module but a name defined in ``X``)."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))
    package_parts = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package_parts[: len(package_parts) - node.level + 1]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            yield from (f"{base}.{alias.name}" for alias in node.names)


def module_imports(root: Path) -> set[tuple[str, str]]:
    """(importer, imported) pairs between product modules; an imported name that is not a
    module (a class, a function) counts as an import of the module that defines it."""
    modules = product_modules(root)
    pairs: set[tuple[str, str]] = set()
    for module in modules.values():
        for name in imported_names(module):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module.name:
                pairs.add((module.name, name))
    return pairs


def group_of(module: str) -> str:
    """The layer box a module is drawn in: the longest group its name starts with."""
    matches = [group for group in GROUPS if module == group or module.startswith(group + ".")]
    return max(matches, key=len)


def node_of(module: str, modules: dict[str, ProductModule]) -> str:
    """The node a module is drawn in: its group's subpackage, or its own name in a group of
    ``MODULE_BY_MODULE``, else the group's loose-modules node (``<group>.*``)."""
    group = group_of(module)
    depth = group.count(".") + 2
    top = ".".join(module.split(".")[:depth])
    if top == group or group_of(top) != group:
        return f"{group}.{LOOSE}"
    if group in MODULE_BY_MODULE or modules[top].is_package:
        return top
    return f"{group}.{LOOSE}"


def node_id(name: str) -> str:
    return name.replace(".", "_").replace(LOOSE, "modules")


def node_label(node: str, modules: dict[str, ProductModule]) -> str:
    """``identity/`` for a subpackage, ``bootstrap.py`` for a module with its own node, and the
    names of the loose modules (``*.py: clock, config``) for a group's loose-modules node."""
    group = group_of(node)
    if not node.endswith(LOOSE):
        last = node.rpartition(".")[2]
        return f"{last}/" if modules[node].is_package else f"{last}.py"
    names = sorted(
        module.rpartition(".")[2]
        for module in modules
        if node_of(module, modules) == node and module != group and group_of(module) == group
    )
    lines = [
        ", ".join(names[start : start + NAMES_PER_LINE])
        for start in range(0, len(names), NAMES_PER_LINE)
    ]
    return "<br/>".join(["*.py", *lines]) if names else "__init__.py"


def mermaid(root: Path = ROOT) -> str:
    """The Mermaid flowchart of the product under ``root``, the same text for the same code."""
    modules = product_modules(root)
    nodes: dict[str, set[str]] = {group: set() for group in GROUPS}
    for module in modules:
        if module not in GROUPS:  # a package's __init__ is drawn only if it imports
            nodes[group_of(module)].add(node_of(module, modules))
    node_edges: set[tuple[str, str]] = set()
    group_edges: set[tuple[str, str]] = set()
    for importer, imported in module_imports(root):
        source, target = node_of(importer, modules), node_of(imported, modules)
        if group_of(importer) != group_of(imported):
            group_edges.add((group_of(importer), group_of(imported)))
        elif source != target:
            node_edges.add((source, target))
            nodes[group_of(importer)].update((source, target))
    lines = ["flowchart TD"]
    for group, title in GROUPS.items():
        lines.append(f'    subgraph {node_id(group)}["{title}"]')
        for node in sorted(nodes[group]):
            lines.append(f'        {node_id(node)}["{node_label(node, modules)}"]')
        lines.append("    end")
    order = list(GROUPS)
    for source, target in sorted(group_edges, key=lambda edge: tuple(map(order.index, edge))):
        lines.append(f"    {node_id(source)} ==> {node_id(target)}")
    for source, target in sorted(node_edges):
        lines.append(f"    {node_id(source)} --> {node_id(target)}")
    return "\n".join(lines) + "\n"


def embedded(diagram: str) -> str:
    """The diagram as the page holds it between the markers."""
    return f"{BEGIN_MARKER}\n```mermaid\n{diagram}```\n{END_MARKER}"


def page_diagram(page_text: str) -> str:
    """What the page holds between the markers (markers included). Raises ValueError when the
    page lacks a marker."""
    start = page_text.find(BEGIN_MARKER)
    end = page_text.find(END_MARKER)
    if start < 0 or end < start:
        raise ValueError(f"the page has no diagram between {BEGIN_MARKER!r} and {END_MARKER!r}")
    return page_text[start : end + len(END_MARKER)]


def page_difference(page_text: str, root: Path = ROOT) -> str:
    """A unified diff from the page's diagram to the one the code draws now; empty when equal."""
    current = page_diagram(page_text)
    drawn = embedded(mermaid(root))
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        drawn.splitlines(keepends=True),
        "docs/architecture.md",
        "scripts/architecture.py",
    )
    return "".join(diff)


def updated_page(page_text: str, root: Path = ROOT) -> str:
    """The page with its diagram replaced by the one the code draws now."""
    return page_text.replace(page_diagram(page_text), embedded(mermaid(root)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--update", action="store_true", help=f"rewrite the diagram in {PAGE}")
    action.add_argument("--check", action="store_true", help=f"exit 1 if {PAGE} is out of date")
    args = parser.parse_args(argv)
    page = ROOT / PAGE
    if args.update:
        page.write_text(updated_page(page.read_text(encoding="utf-8")), encoding="utf-8")
    elif args.check:
        difference = page_difference(page.read_text(encoding="utf-8"))
        sys.stdout.write(difference)
        return 1 if difference else 0
    else:
        sys.stdout.write(mermaid())
    return 0


if __name__ == "__main__":
    sys.exit(main())
