from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BanksConfig(AppConfig):
    """Question banks, questions and their versions, auto-grading and the file formats."""

    name = "banks"
    verbose_name = _("Question banks")
