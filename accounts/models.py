import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

TIMEZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]
COHORT_ZONE = ""  # the user chose none: each cohort's times in its zone (accounts.zones)
BROWSER_LANGUAGE = ""  # the user chose none: pages in their browser's language (accounts.languages)


class User(AbstractUser):
    """A Casebook user. Instructors may author; everyone else is a student."""

    email = models.EmailField(_("email address"), blank=True)
    is_instructor = models.BooleanField(
        _("instructor"), default=False, help_text=_("Instructors can author case studies and quizzes.")
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, default=COHORT_ZONE,
        choices=[(COHORT_ZONE, _("My cohort's time zone")), *TIMEZONE_CHOICES],
        help_text=_("Where you see times. Leave it on your cohort's zone unless you are somewhere else."),
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, default=BROWSER_LANGUAGE,
        choices=[(BROWSER_LANGUAGE, _("My browser's language")), *settings.LANGUAGES],
        help_text=_("The language of Casebook's pages and emails. Cases and questions stay as their authors wrote them."),
    )

    def __str__(self):
        return self.get_full_name() or self.username
