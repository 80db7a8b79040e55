"""Compiles every ``django.po`` (the project's ``locale/`` and each app's) into the ``.mo`` file Django
reads, with polib: pure Python, so a fresh machine needs no gettext tools. The ``.mo`` files are build
output (gitignored): ``make run`` and ``make test`` run this first (``python -m casebook.catalogues``),
and the test run does too, for a ``pytest`` started by hand. Only catalogues newer than their ``.mo``
are compiled again; fuzzy and untranslated entries are left out, as msgfmt leaves them out.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues(root: Path = ROOT) -> list[Path]:
    found = [*root.glob("locale/*/LC_MESSAGES/django.po"), *root.glob("*/locale/*/LC_MESSAGES/django.po")]
    return sorted(path for path in found if ".venv" not in path.parts)


def compile_catalogues(root: Path = ROOT) -> list[Path]:
    """Compile the catalogues whose ``.mo`` is missing or older; returns the ``.mo`` files written."""
    written = []
    for po in catalogues(root):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            polib.pofile(str(po)).save_as_mofile(str(mo))
            written.append(mo)
    return written


if __name__ == "__main__":
    for mo in compile_catalogues():
        print(f"compiled {mo.relative_to(ROOT)}")
