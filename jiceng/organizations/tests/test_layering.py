"""Dependencies point one way (core ← organizations ← people ← domain apps ← reports): a lower
app never imports a higher one, a higher one registers with it instead (signals, registries).
Imports for type checking only (`if TYPE_CHECKING:`) do not count: they never run."""

import ast
from pathlib import Path

import pytest

JICENG = Path(__file__).resolve().parents[2]
BASE = {"core", "organizations", "people", "accounts"}
# What each app may import (besides itself); an app missing here fails the last test.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "organizations": {"core"},
    "notices": {"core", "organizations"},
    "people": {"core", "organizations"},
    "accounts": {"core", "organizations", "people"},
    "households": {"core", "organizations", "people"},
    "ledgers": BASE | {"households"},
    "meetings": BASE,
    "evaluations": BASE,
    "pay": BASE | {"assessments"},
    "volunteers": BASE | {"development"},
    "councils": BASE | {"households", "ledgers", "notices"},
    "unions": BASE | {"households", "openness"},  # a union's proposal starts the village's procedure
    "assistance": BASE | {"households"},
    "programs": BASE | {"households", "meetings", "notices", "training"},
    "dues": BASE,
    "mobile": BASE,
    "talents": BASE,
    "training": BASE | {"meetings"},
    "duty": BASE | {"households", "ledgers"},
    "development": BASE | {"meetings", "notices", "training"},
    "selection": BASE | {"notices", "meetings", "evaluations"},
    "economy": BASE | {"households"},
    "openness": BASE | {"notices", "meetings", "ledgers", "evaluations", "households"},
    "reports": BASE | {"meetings", "households", "ledgers", "evaluations"},
    "assessments": BASE | {"notices"},  # reads the domain apps only through core.registry metrics
    "demo": BASE | {"households", "ledgers", "meetings", "evaluations", "notices", "reports"},
}


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under `if TYPE_CHECKING:`."""
    out: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", None) == "TYPE_CHECKING":
                stack.extend(child.orelse)
                continue
            stack.append(child)
    return out


def imported_apps(app: str) -> dict[str, set[str]]:
    """For each module of `app` (tests excepted): the jiceng apps it imports at run time."""
    found: dict[str, set[str]] = {}
    for path in (JICENG / app).rglob("*.py"):
        if "tests" in path.relative_to(JICENG / app).parts:
            continue
        names: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(JICENG))] = {n.split(".")[1] for n in names if n.startswith("jiceng.")}
    return found


@pytest.mark.parametrize(("app", "allowed"), sorted(ALLOWED.items()))
def test_an_app_imports_no_higher_app(app, allowed):
    higher = {module: apps - allowed - {app} for module, apps in imported_apps(app).items()}
    assert {module: apps for module, apps in higher.items() if apps} == {}


def test_every_app_has_its_place() -> None:
    apps = {p.parent.name for p in JICENG.glob("*/apps.py")}
    assert apps - set(ALLOWED) == set()
