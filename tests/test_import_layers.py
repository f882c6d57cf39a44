"""The import graph of src/planlint: no cycle, and no module importing from a layer above its own.

Data flows one way, reader -> model -> rules -> engine -> report, so a module may import its own
layer or the layers below it, never one above. Every `import` and `from ... import` counts, at
module level or inside a function or an `if TYPE_CHECKING:` block: an import put off until a
function runs is still a dependency, and still a cycle when the other module imports back.
Importing a submodule also runs its package's `__init__`, so that counts too.

Not counted: a module named only as a string and loaded with importlib (reader.IMPORTERS,
report.RENDERERS, rules.MODULES). Those are plugin tables: the package that keeps the table
knows the plugins' names, the plugins import the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src"

# Lowest first. A new module must be given a layer here; the test says so if one is missing.
LAYERS: dict[str, tuple[str, ...]] = {
    # what every layer shares: the finding and error types, atomic writes, where shipped data lives
    # (shipped_data: the rules', word lists' and profiles' files compiled into the package), regexes
    # compiled when first used
    "base": ("planlint", "errors", "findings", "atomic", "progress", "shipped", "shipped_data", "lazy_pattern"),
    # files -> Documents (plain data + where each value was written)
    "reader": ("document", "reader"),
    # the plan's shape and what its values mean (a plan's own dates included)
    # (plan_values and shapes: the model's values and the records generated from it, read without pydantic)
    "model": ("model", "plan_values", "shapes", "validate", "dates", "profiles"),
    # drafts (Word, Markdown, text) -> plan data, in the model's terms (its categories); and back
    "importers": ("importers", "importers.*"),
    # rule metadata, word lists and the checks
    "rules": ("catalog", "phrases", "rules", "rules.*"),
    # running the rules: tables from config, stamping, suppressions, baselines, fixes, the pipeline
    "engine": ("engine", "config", "suppress", "baseline", "fix", "pipeline", "track"),
    # findings -> text, JSON, SARIF, ...; a Word copy with comments
    "report": ("report", "report.*", "annotate"),
    # the command line (console: the entry point, which runs a plain `check` without click through
    # check_command, over check_options, the table generated from the click command in cli)
    "app": ("cli", "__main__", "console", "starter", "check_command", "check_options"),
    # a build tool, run by a developer, imported by nothing: writes shapes.py, shipped_data.py and
    # check_options.py from the model, the rules/ data and the click command (python -m planlint.generate)
    "build": ("generate",),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / "planlint").rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The planlint modules `name` imports, anywhere in its body, with their packages."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found.add(source)
            # `from planlint import rules` imports the module planlint.rules
            found.update(f"{source}.{alias.name}" for alias in node.names if f"{source}.{alias.name}" in known)
    # importing a.b.c runs a and a.b first
    with_packages = {".".join(m.split(".")[:i]) for m in found for i in range(1, m.count(".") + 2)}
    return {m for m in with_packages if m in known and m != name}


def layer_of(name: str) -> int:
    short = name.removeprefix("planlint.") if name != "planlint" else "planlint"
    for rank, members in enumerate(LAYERS.values()):
        for member in members:
            if short == member or (member.endswith(".*") and short.startswith(member[:-1])):
                return rank
    raise AssertionError(f"{name} has no layer: add it to LAYERS in {__file__}")


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def test_every_module_has_a_layer():
    for name in modules():
        layer_of(name)


def test_no_module_imports_from_a_higher_layer():
    names = list(LAYERS)
    upward = [
        f"{name} ({names[layer_of(name)]}) imports {target} ({names[layer_of(target)]})"
        for name, targets in graph().items()
        for target in sorted(targets)
        if layer_of(target) > layer_of(name)
    ]
    assert upward == []


def test_the_import_graph_has_no_cycle():
    edges = graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(edges[name]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)
    assert cycles == []


def test_the_checker_sees_imports_inside_functions(tmp_path):
    # The checker itself: an import inside a function, relative or absolute, is an arrow.
    package = tmp_path / "planlint"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from planlint.high import g\n    from . import other\n")
    known = {"planlint", "planlint.low", "planlint.high", "planlint.other"}
    found = imports_of("planlint.low", package / "low.py", known)
    assert found == {"planlint", "planlint.high", "planlint.other"}


def test_checking_a_plans_shape_loads_no_rule_catalogue():
    # model -> dates -> catalog was a cycle: validating a plan's date loaded every rule file
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from planlint.validate import validate\n"
        "plan, problems = validate({'plan': {'title': 'T', 'submitted': '14th May 2021'}, 'recommendations': []})\n"
        "assert plan is not None and plan.plan.submitted == '14th May 2021', problems\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('planlint.'))\n"
        "assert 'planlint.catalog' not in loaded and 'planlint.rules' not in loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
