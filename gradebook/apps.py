from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradebookConfig(AppConfig):
    """The score that counts, the pages that show it, and the exports."""

    name = "gradebook"
    verbose_name = _("Gradebook")
