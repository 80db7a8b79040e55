from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background work a page started, and how far it has got, for that page to show."""

    name = "jobs"
    verbose_name = _("Background jobs")
