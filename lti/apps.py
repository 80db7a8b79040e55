from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    """Casebook as an LTI 1.3 tool: launches, deep links, grade passback (AGS) and roster sync (NRPS)."""

    name = "lti"
    verbose_name = _("LMS (LTI 1.3)")
