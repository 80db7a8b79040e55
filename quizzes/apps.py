from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """Quizzes, assignments and overrides, and taking them: attempts, autosave, submitting."""

    name = "quizzes"
    verbose_name = _("Quizzes")
