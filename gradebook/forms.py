"""The grade adjustment form: which change, the score for an override, and the required reason."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casebook.confirm import AsksFirst


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


class GradeAdjustForm(AsksFirst, forms.Form):
    ACTIONS = [("override", _("Override the score")), ("clear", _("Clear the override")), ("excuse", _("Excuse")),
               ("unexcuse", _("Remove the excusal"))]

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)  # set by the button pressed
    score = forms.DecimalField(label=_("New score"), required=False, min_value=Decimal(0), max_digits=9,
                               decimal_places=2, help_text=_("Replaces the score the attempts earned."))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required. Kept in the audit log, with your name and the time."))

    def __init__(self, *args, points_possible: Decimal, student, **kwargs):
        super().__init__(*args, **kwargs)
        self.points_possible, self.student = points_possible, student

    def clean(self):
        data = super().clean()
        if data.get("action") == "override" and data.get("score") is None and "score" not in self.errors:
            self.add_error("score", _("Enter the new score."))
        score = data.get("score")
        if not self.errors and data.get("action") == "override" and score > self.points_possible:
            values = {"score": _number(score), "possible": _number(self.points_possible), "student": self.student,
                      "extra": _number(score - self.points_possible)}
            self.ask([gettext("%(score)s is more than the %(possible)s points possible: %(student)s gets %(extra)s "
                              "points of extra credit.") % values])
        return data
