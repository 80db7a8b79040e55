"""Imports point one way, and the pure modules stay pure (see /work/shared/STYLE.md, Layout).

Read with `ast`, without importing anything, so a violation is caught even in a module no test
imports. One subprocess check backs this up by importing the pure modules in a fresh interpreter.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"accounts", "casebook", "casestudies", "cohorts", "quizzes"}


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
    assert "quizzes.spec" in imports_of_package("quizzes")["quizzes.grading"]


@pytest.mark.parametrize("package", ["casestudies", "cohorts", "accounts"])
def test_only_quizzes_may_import_quizzes(package):
    offenders = {
        module: sorted(name for name in names if is_within(name, "quizzes"))
        for module, names in imports_of_package(package).items()
    }
    offenders = {module: names for module, names in offenders.items() if names}
    assert offenders == {}, (
        f"{package} must not import quizzes (quizzes depends on it, not the other way round). "
        "Move the shared code down into this app, or look the data up from the quizzes side."
    )


@pytest.mark.parametrize(("package", "other"), [("casestudies", "cohorts"), ("cohorts", "casestudies")])
def test_casestudies_and_cohorts_do_not_import_each_others_views(package, other):
    offenders = {
        module: sorted(name for name in names if is_within(name, f"{other}.views"))
        for module, names in imports_of_package(package).items()
    }
    offenders = {module: names for module, names in offenders.items() if names}
    assert offenders == {}, f"use {other}'s access.py or services.py, not its views"


def pure_modules() -> list[Path]:
    paths = [ROOT / "quizzes" / name for name in ("grading.py", "spec.py", "codec.py", "analysis.py", "charts.py",
                                                  "deadlines.py", "review.py", "uploads.py")]
    paths += [ROOT / "casestudies" / "markdown.py"]
    paths += [ROOT / "quizzes" / "gradebook.py"]
    paths += sorted((ROOT / "quizzes" / "formats").glob("*.py"))
    return paths


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
    assert {"quizzes/grading.py", "quizzes/spec.py", "casestudies/markdown.py"} <= names
    assert any(name.startswith("quizzes/formats/") for name in names)
    assert all((ROOT / name).is_file() for name in names)


@pytest.mark.parametrize("path", pure_modules(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_pure_modules_import_nothing_from_django_even_indirectly(path):
    offenders = {
        file.relative_to(ROOT).as_posix(): sorted(name for name in imported_modules(file) if is_within(name, "django"))
        for file in first_party_closure(path)
    }
    offenders = {file: names for file, names in offenders.items() if names}
    assert offenders == {}, (
        f"{path.relative_to(ROOT)} must stay pure (testable without a database or settings). "
        "Convert model rows to specs in services.py and pass plain values in."
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
