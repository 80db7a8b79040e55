"""Points can be fractional; the plural form is chosen from a whole number, in every language."""

import warnings
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from casebook.templatetags.plurals import plural_n

POINTS = Template('{% load i18n plurals %}{% blocktranslate count points=p|plural_n with shown=p|floatformat:"-2" %}'
                  "{{ shown }} point{% plural %}{{ shown }} points{% endblocktranslate %}")


@pytest.mark.parametrize("value, expected", [(Decimal(1), 1), (Decimal("2.00"), 2), (Decimal(0), 0),
                                             (Decimal("1.5"), 2), (Decimal("0.25"), 2), (3, 3), (None, 2)])
def test_plural_n_is_whole_numbers_as_themselves_and_fractions_as_a_plural(value, expected):
    assert plural_n(value) == expected


@pytest.mark.parametrize("language, value, shown", [
    ("en", Decimal(1), "1 point"), ("en", Decimal("1.5"), "1.50 points"), ("en", Decimal("0.5"), "0.50 points"),
    ("es", Decimal(1), "1 punto"), ("es", Decimal("1.5"), "1,50 puntos"), ("es", Decimal(2), "2 puntos"),
])
def test_fractional_points_read_as_a_plural_without_a_deprecation(language, value, shown):
    with translation.override(language), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert POINTS.render(Context({"p": value})) == shown
