"""Imports point one way, and the pure modules stay pure (see ../shared/STYLE.md, Layout).

Read with `ast`, without importing anything, so a violation is caught even in a module no test
imports. One subprocess check backs this up by importing the pure modules in a fresh interpreter.

A module is pure when it says so in a comment line ``# pure: ...`` near its top, or when it lives in a
``formats/`` folder (file formats are parsed and written without Django, always).
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lower layers first: an app may import the apps of earlier layers, never of later ones. Apps in
# one layer may use each other's models and services, but not each other's views.
LAYERS = [("accounts", "jobs"), ("casestudies", "cohorts"), ("banks",), ("quizzes",), ("grading",), ("gradebook",),
          ("lti",)]
APPS = [app for layer in LAYERS for app in layer]
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}
FIRST_PARTY = {*APPS, "casebook"}
PURE_MARK = re.compile(r"^# pure: ", re.M)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files(package: str) -> list[Path]:
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module `path` imports, including `from pkg import submodule`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def imports_of_package(package: str) -> dict[str, set[str]]:
    return {module_name(path): imported_modules(path) for path in python_files(package)}


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_scanner_sees_the_modules_and_their_imports():
    """Guards the guard: an empty scan would let every test below pass."""
    casestudies = imports_of_package("casestudies")
    assert "casestudies.views.authoring" in casestudies
    assert "accounts.permissions.instructor_required" in casestudies["casestudies.views.authoring"]
    assert "django.db.models" in casestudies["casestudies.models"]
    assert "banks.spec" in imports_of_package("banks")["banks.autograde"]
    assert "quizzes.models" in imports_of_package("gradebook")["gradebook.models"]


def test_every_app_is_in_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(APPS), "put a new app in LAYERS, above everything it imports"


def upward_imports(package: str, imports: dict[str, set[str]]) -> dict[str, list[str]]:
    """Imports of apps in a later layer, and of a same-layer neighbour's views."""
    offenders = {}
    for module, names in imports.items():
        bad = sorted(
            name for name in names
            if (app := name.split(".")[0]) in RANK and app != package
            and (RANK[app] > RANK[package] or (RANK[app] == RANK[package] and is_within(name, f"{app}.views")))
        )
        if bad:
            offenders[module] = bad
    return offenders


@pytest.mark.parametrize("package", APPS)
def test_imports_point_down_the_layers(package):
    assert upward_imports(package, imports_of_package(package)) == {}, (
        f"{package} imports an app above it (the order is {' <- '.join('/'.join(layer) for layer in LAYERS)}). "
        "Move the shared code down, or let the upper app pass the data in."
    )


def test_the_layer_check_catches_upward_imports_and_a_neighbours_views():
    banks = {"banks.probe": {"gradebook.models", "cohorts.models", "banks.spec"}}
    cohorts = {"cohorts.probe": {"casestudies.models", "casestudies.views.reading"}}
    assert upward_imports("banks", banks) == {"banks.probe": ["gradebook.models"]}
    assert upward_imports("cohorts", cohorts) == {"cohorts.probe": ["casestudies.views.reading"]}


def is_pure(path: Path) -> bool:
    head = "\n".join(path.read_text().splitlines()[:40])
    return "formats" in path.relative_to(ROOT).parts or PURE_MARK.search(head) is not None


def pure_modules() -> list[Path]:
    return [path for app in APPS for path in python_files(app) if is_pure(path)]


def module_file(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def first_party_closure(path: Path) -> set[Path]:
    """The file plus every first-party file it imports, directly or not (parent packages included)."""
    seen, todo = set(), [path]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name in imported_modules(current):
            if name.split(".")[0] not in FIRST_PARTY:
                continue
            parts = name.split(".")
            for depth in range(1, len(parts) + 1):
                found = module_file(".".join(parts[:depth]))
                if found:
                    todo.append(found)
    return seen


def test_the_pure_modules_are_all_found():
    names = {path.relative_to(ROOT).as_posix() for path in pure_modules()}
    expected = {"banks/autograde.py", "banks/spec.py", "banks/codec.py", "casestudies/markdown.py",
                "gradebook/grid.py", "grading/analysis.py", "quizzes/deadlines.py", "banks/formats/gift/read.py"}
    assert expected <= names


@pytest.mark.parametrize("path", pure_modules(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_pure_modules_import_nothing_from_django_even_indirectly(path):
    offenders = {
        file.relative_to(ROOT).as_posix(): sorted(name for name in imported_modules(file) if is_within(name, "django"))
        for file in first_party_closure(path)
    }
    offenders = {file: names for file, names in offenders.items() if names}
    assert offenders == {}, (
        f"{path.relative_to(ROOT)} must stay pure (testable without a database or settings). "
        "Convert model rows to plain values in services or queries and pass them in."
    )


def test_pure_modules_load_without_django_in_a_fresh_interpreter():
    modules = [module_name(path) for path in pure_modules()]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"django was loaded: {result.stdout}{result.stderr}"
