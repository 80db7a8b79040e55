import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

TIMEZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class User(AbstractUser):
    """A Casebook user. Instructors may author; everyone else is a student."""

    email = models.EmailField(_("email address"), blank=True)
    is_instructor = models.BooleanField(
        _("instructor"), default=False, help_text=_("Instructors can author case studies and quizzes.")
    )
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONE_CHOICES, default="UTC")

    def __str__(self):
        return self.get_full_name() or self.username
