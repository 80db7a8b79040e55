"""A title's length as it is typed: a field marked here gets a counter from static/js/casebook.js, its
``maxlength`` the limit (Django sets it from ``max_length``; the browser stops typing there)."""

from django.utils.translation import gettext_lazy as _

COUNT_TEXT = _("{count} of {max} characters")  # the script fills in the numbers


def counted(*fields):
    for field in fields:
        field.widget.attrs["data-char-count"] = COUNT_TEXT
