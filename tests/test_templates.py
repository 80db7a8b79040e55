"""Every template compiles, and none leaves a comment that the page would print."""

from pathlib import Path

import pytest
from django.template import engines

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts)


def test_the_templates_are_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_template_compiles_and_its_comments_close_on_their_line(path):
    engines["django"].from_string(path.read_text())
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        assert line.count("{#") == line.count("#}"), f"line {number}: {{# #}} comments are one line; use {{% comment %}}"
