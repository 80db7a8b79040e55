from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from casestudies.models import CaseStudy
from cohorts.models import Cohort
from quizzes.models import Assignment


class TargetForm(forms.Form):
    """Pick what an LMS link opens: one of the cohort's assignments, or a published case."""

    target = forms.ChoiceField(label=_("Open"), widget=forms.RadioSelect(attrs={"class": "form-check-input"}))

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignments = list(Assignment.objects.filter(cohort=cohort).select_related("quiz").with_points())
        self.cases = list(CaseStudy.objects.published().order_by("title").only("title", "slug"))
        self.fields["target"].choices = (
            [(f"assignment:{a.pk}", _("Assignment: %(title)s (%(points)s points)") % {
                "title": a.display_title, "points": floatformat(a.points_possible, "-2")}) for a in self.assignments]
            + [(f"case:{c.slug}", _("Case: %(title)s") % {"title": c.title}) for c in self.cases])

    def chosen(self) -> tuple[Assignment | None, CaseStudy | None]:
        kind, _colon, key = self.cleaned_data["target"].partition(":")
        if kind == "assignment":
            return next(a for a in self.assignments if str(a.pk) == key), None
        return None, next(c for c in self.cases if c.slug == key)


class SetupForm(forms.Form):
    """An instructor's first launch in a course: a new cohort, or one they already teach."""

    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none(), required=False,
                                    empty_label=_("A new cohort for this course"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(
            memberships__user=user, memberships__role="instructor", lti_context__isnull=True).order_by("name")
