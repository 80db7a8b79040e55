"""The instructor guide (docs/authoring.md), rendered by the same Markdown pipeline as cases."""

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from casestudies.markdown import Rendered, render_with_toc

GUIDE = settings.BASE_DIR / "docs" / "authoring.md"


@cache
def _guide() -> Rendered:
    """Read and render once per process: the guide only changes with a deploy."""
    return render_with_toc(GUIDE.read_text(encoding="utf-8"))


@login_required
def authoring_guide(request):
    return render(request, "banks/guide.html", {"guide": _guide()})
