"""The attempt page's ES modules still find each other after collectstatic, with production's storage.

Production serves hashed file names for a year (casebook.storage). A relative import left unhashed
would ask for a name that the next deploy may have changed under it, or a stale copy, and the page
would lose its script; the plain storage the other tests use cannot show that.
"""

import json
import posixpath
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from casebook import settings as production

MODULES = "js/attempt/"
# A static import or re-export ("import { x } from './x.js'", "export * from ...", "import './x.js'").
SPECIFIER = re.compile(r"""^\s*(?:import|export)\s*(?:[\w$*{},\s]*?\sfrom\s*)?["']([^"']+)["']""", re.MULTILINE)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic into a throw-away STATIC_ROOT; returns it and the manifest's {name: hashed name}."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=production.STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root, json.loads((root / "staticfiles.json").read_text())["paths"]


def attempt_modules(manifest):
    """{name: hashed name} of every module of the attempt page's script."""
    return {name: hashed for name, hashed in manifest.items() if name.startswith(MODULES) and name.endswith(".js")}


def imports_of(root, hashed):
    """(specifier, the hashed name it resolves to) for every import in the collected file ``hashed``."""
    source = (root / hashed).read_text()
    return [
        (specifier, posixpath.normpath(posixpath.join(posixpath.dirname(hashed), specifier)))
        for specifier in SPECIFIER.findall(source)
    ]


def test_every_module_import_names_a_hashed_file_that_was_collected(collected):
    root, manifest = collected
    hashed_names = set(manifest.values())
    modules = attempt_modules(manifest)
    imports = {name: imports_of(root, hashed) for name, hashed in modules.items()}

    assert imports[MODULES + "main.js"], "main.js imports nothing: is SPECIFIER still finding imports?"
    unhashed = [
        f"{name}: {specifier!r}" for name, pairs in imports.items() for specifier, target in pairs
        if target not in hashed_names or not (root / target).is_file()
    ]  # fmt: skip
    assert not unhashed, (
        "These imports were not rewritten to hashed files by collectstatic. Keep STORAGES['staticfiles'] on "
        "casebook.storage.StaticFilesStorage (support_js_module_import_aggregation) and write imports as "
        "relative paths (\"./store.js\") on one statement ending in a semicolon:\n" + "\n".join(unhashed)
    )


def test_every_module_is_imported_or_is_an_entry_a_page_loads(collected):
    """A module nothing imports is dead code, or an entry point a template forgot."""
    root, manifest = collected
    modules = attempt_modules(manifest)
    imported = {target for hashed in modules.values() for _, target in imports_of(root, hashed)}
    # quizzes/attempt_detail.html, attempt_submit.html, quiz_preview.html
    entries = {MODULES + "main.js", MODULES + "submit.js", MODULES + "preview.js"}
    assert {name for name, hashed in modules.items() if hashed not in imported} == entries
