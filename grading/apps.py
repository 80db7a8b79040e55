from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradingConfig(AppConfig):
    """Hand grading, regrading, the score audit log and item analysis."""

    name = "grading"
    verbose_name = _("Grading")
