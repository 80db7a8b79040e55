"""``{% blocktranslate count n=points|plural_n %}``: points may be fractional, but gettext chooses a
plural form from a whole number (a Decimal is deprecated there and breaks in some languages)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def plural_n(value) -> int:
    """A whole number as itself; a fraction as 2, since English and Spanish both say "0.5 points" and
    "1,5 puntos" (the plural)."""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return 2
    return int(number) if number == number.to_integral_value() else 2
