"""The Spanish catalogues are complete: every entry translated (none fuzzy, placeholders kept), and every
string the code marks for translation is in them, none left over. The second check runs makemessages on
a copy of the project, as a translator would (see README, Languages), and compares the entries. The
third checks what a page really shows for each entry, since Django merges every catalogue into one.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

from casebook.catalogues import catalogues, compile_catalogues

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
PLACES = {"project": ROOT / "locale", **{app: ROOT / app / "locale" for app in APPS}}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|</?[a-z]+\b[^>]*>")
NOT_COPIED = {".git", ".venv", "media", "test-artifacts", "staticfiles", ".cache", ".hypothesis", ".pytest_cache",
              "__pycache__", "bench", "docs"}


def catalogue_of(place: str) -> Path:
    return PLACES[place] / "es" / "LC_MESSAGES" / "django.po"


def test_every_catalogue_is_found_and_compiled_by_the_build():
    found = set(catalogues())
    assert {catalogue_of(place) for place in PLACES} <= found, "a catalogue is missing: run makemessages"


def entry_texts(entry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        return [(entry.msgid, entry.msgstr_plural.get(0, "")), (entry.msgid_plural, entry.msgstr_plural.get(1, ""))]
    return [(entry.msgid, entry.msgstr)]


def problems_of(po: polib.POFile) -> list[str]:
    found = []
    if po.metadata.get("Language") != "es" or po.metadata.get("Plural-Forms") != "nplurals=2; plural=(n != 1);":
        found.append(f"header: Language {po.metadata.get('Language')!r}, Plural-Forms {po.metadata.get('Plural-Forms')!r}")
    if po.metadata_is_fuzzy:
        found.append("the header is fuzzy")
    for entry in po:
        if entry.obsolete:
            found.append(f"obsolete: {entry.msgid!r}")
        elif entry.fuzzy:
            found.append(f"fuzzy: {entry.msgid!r}")
        for source, spanish in entry_texts(entry):
            if not spanish.strip():
                found.append(f"untranslated: {source!r}")
            elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(spanish)) and not (
                    entry.msgid_plural and source == entry.msgid
                    and set(PLACEHOLDER.findall(spanish)) <= set(PLACEHOLDER.findall(source))):
                found.append(f"placeholders differ: {source!r} -> {spanish!r}")
    return found


@pytest.mark.parametrize("place", PLACES)
def test_a_catalogue_has_every_entry_translated_with_its_placeholders(place):
    path = catalogue_of(place)
    problems = problems_of(polib.pofile(str(path)))
    assert problems == [], f"{path.relative_to(ROOT)}: translate these (no fuzzy, same placeholders): {problems}"


def ours(entry) -> list[str]:
    return [entry.msgstr_plural[0], entry.msgstr_plural[1]] if entry.msgid_plural else [entry.msgstr]


def shown(entry) -> list[str]:
    """What a page in Spanish shows for the entry: Django merges every catalogue, and the project's, then
    the apps' in INSTALLED_APPS order (django.contrib.admin and auth first), answer before later ones."""
    with translation.override("es"):
        if entry.msgid_plural:
            return [translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n) if entry.msgctxt
                    else translation.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
        return [translation.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else translation.gettext(entry.msgid)]


@pytest.mark.parametrize("place", PLACES)
def test_a_page_shows_our_translation_not_an_earlier_catalogues(place):
    """The same msgid in a catalogue Django ranks higher (the admin's "History" is "Histórico") answers
    for ours: give ours a context (pgettext, {% translate ... context %}) or agree with it."""
    overridden = [(entry.msgid, ours(entry), shown(entry)) for entry in polib.pofile(str(catalogue_of(place)))
                  if shown(entry) != ours(entry)]
    assert overridden == [], f"another catalogue answers for these (msgid, ours, shown): {overridden}"


def test_the_check_sees_an_untranslated_a_fuzzy_and_a_broken_entry():
    po = polib.POFile()
    po.metadata = {"Language": "es", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Saved.", msgstr="Guardado."))
    po.append(polib.POEntry(msgid="Close", msgstr=""))
    po.append(polib.POEntry(msgid="Open", msgstr="Abrir", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Hola"))
    po.append(polib.POEntry(msgid="%(n)s case", msgid_plural="%(n)s cases", msgstr_plural={0: "un caso", 1: ""}))
    assert problems_of(po) == ["untranslated: 'Close'", "fuzzy: 'Open'", "placeholders differ: 'Hello %(name)s' -> 'Hola'",
                               "untranslated: '%(n)s cases'"]


def keys(path: Path) -> set[tuple[str, str, str]]:
    return {(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "") for entry in polib.pofile(str(path))
            if not entry.obsolete}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the project whose catalogues makemessages has just brought up to date with the code."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("CI needs gettext's xgettext to check the catalogues: apt-get install gettext")
        pytest.skip("gettext's xgettext is not installed (apt-get install gettext): the catalogues are not compared")
    copy = tmp_path_factory.mktemp("catalogues") / "casebook"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=lambda _dir, names: [n for n in names if n in NOT_COPIED])
    for place in PLACES.values():
        (copy / place.relative_to(ROOT)).mkdir(exist_ok=True)  # so each app's strings land in its own catalogue
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete", "--no-location",
                             "-i", "tests"], cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return copy


@pytest.mark.parametrize("place", PLACES)
def test_a_catalogue_holds_exactly_the_strings_the_code_marks(extracted, place):
    committed, fresh = catalogue_of(place), extracted / catalogue_of(place).relative_to(ROOT)
    missing, left_over = keys(fresh) - keys(committed), keys(committed) - keys(fresh)
    assert (sorted(missing), sorted(left_over)) == ([], []), (
        f"{committed.relative_to(ROOT)} is out of date with the code (missing, no longer used). Run "
        "`python manage.py makemessages -l es --no-obsolete --no-location -i tests`, then translate what is new.")



def test_the_build_compiles_a_catalogue_without_gettext_leaving_out_fuzzy_entries_and_only_when_it_changed(tmp_path):
    po = polib.POFile()
    po.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Saved.", msgstr="Guardado."))
    po.append(polib.POEntry(msgid="Open", msgstr="Abrir", flags=["fuzzy"]))
    source = tmp_path / "cohorts" / "locale" / "es" / "LC_MESSAGES" / "django.po"
    source.parent.mkdir(parents=True)
    po.save(str(source))

    assert compile_catalogues(tmp_path) == [source.with_suffix(".mo")]
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(source.with_suffix(".mo")))}
    assert compiled.get("Saved.") == "Guardado." and "Open" not in compiled
    assert compile_catalogues(tmp_path) == []  # up to date: nothing to do
