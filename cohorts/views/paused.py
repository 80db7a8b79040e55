"""The page a join-code guesser meets: joining (and signing up) paused, with when to try again."""

import math

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext


def paused_response(request, template, context, until):
    """429 before the code is looked up, so even a right guess teaches the guesser nothing."""
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    minutes = math.ceil(seconds / 60)
    paused = ngettext(
        "Too many wrong codes were tried, so joining is paused to stop codes being guessed. "
        "Try again in %(minutes)s minute.",
        "Too many wrong codes were tried, so joining is paused to stop codes being guessed. "
        "Try again in %(minutes)s minutes.", minutes) % {"minutes": minutes}
    if form := context.get("form"):
        form.add_error(None, paused)
    response = render(request, template, {**context, "paused": paused}, status=429)
    response["Retry-After"] = str(seconds)
    return response
