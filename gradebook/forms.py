"""The grade adjustment form: which change, the score for an override, and the required reason."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class GradeAdjustForm(forms.Form):
    ACTIONS = [("override", _("Override the score")), ("clear", _("Clear the override")), ("excuse", _("Excuse")),
               ("unexcuse", _("Remove the excusal"))]

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)  # set by the button pressed
    score = forms.DecimalField(label=_("New score"), required=False, min_value=Decimal(0), max_digits=9,
                               decimal_places=2, help_text=_("Replaces the score the attempts earned."))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required. Kept in the audit log, with your name and the time."))

    def clean(self):
        data = super().clean()
        if data.get("action") == "override" and data.get("score") is None and "score" not in self.errors:
            self.add_error("score", _("Enter the new score."))
        return data
