"""Forms of the quiz builder, assignments and overrides. Times are typed in the cohort's time zone."""

import zoneinfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.zones import cohort_zone
from banks.forms.bank import ImportForm
from banks.forms.question import QUESTION_TYPES
from banks.models import Question, QuestionBank
from casebook.confirm import AsksFirst
from casebook.widgets import counted
from casestudies.models import CaseStudy, Tag
from quizzes import surprises
from quizzes.models import Assignment, AssignmentOverride, Quiz

MAX_DRAW = 100


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = ["title", "case", "instructions", "shuffle_questions", "shuffle_choices"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "case": _("Students read it before the questions. Your cases, and published ones."),
            "instructions": _("Shown to students before they start."),
            "shuffle_choices": _("Single- and multiple-choice options, in a new order for each attempt."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        counted(self.fields["title"])
        mine = CaseStudy.objects.editable_by(user).values("pk")
        self.fields["case"].queryset = CaseStudy.objects.filter(
            Q(pk__in=mine) | Q(status=CaseStudy.Status.PUBLISHED)).order_by("title")
        self.fields["case"].empty_label = _("No case")


def _question_label(question: Question) -> str:
    version = question.current_version
    text = version.title or Truncator(strip_tags(version.rendered.get("prompt", ""))).words(12)
    return f"{text} · {type_label(version.type)} · {version.points.normalize():f} pt"


def type_label(kind: str) -> str:
    return str(QUESTION_TYPES[kind][0]) if kind in QUESTION_TYPES else kind


def _points_field(label, **kwargs):
    return forms.DecimalField(label=label, min_value=0, max_digits=7, decimal_places=2, **kwargs)


class FixedItemForm(AsksFirst, forms.Form):
    """One question, picked from a select grouped by bank (an <optgroup> per bank: no JavaScript); asks first
    when it would leave one of the quiz's draws short."""

    question = forms.TypedChoiceField(label=_("Question"), coerce=int)
    points = _points_field(_("Points in this quiz"), required=False,
                           help_text=_("Leave empty for the question's own points."))

    def __init__(self, *args, user, quiz, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiz = quiz
        questions = (
            Question.objects.filter(bank__in=QuestionBank.objects.visible_to(user), is_archived=False)
            .exclude(pk__in=quiz.items.filter(question__isnull=False).values("question"))
            .select_related("bank", "current_version").order_by("bank__title", "bank_id", "position", "pk")
        )
        self.questions, groups = {}, {}
        for question in questions:
            self.questions[question.pk] = question
            group = groups.setdefault((question.bank.title, question.bank_id), [])
            group.append((question.pk, _question_label(question)))
        self.fields["question"].choices = [("", _("Choose a question…"))] + [
            (title, choices) for (title, _pk), choices in groups.items()]

    def clean_question(self):
        return self.questions[self.cleaned_data["question"]]

    def clean(self):
        data = super().clean()
        if not self.errors:
            self.ask(surprises.adding_surprises(self.quiz, [data["question"].pk]))
        return data


class DrawItemForm(forms.Form):
    count = forms.IntegerField(label=_("Number of questions"), min_value=1, max_value=MAX_DRAW, initial=1)
    points = _points_field(_("Points each"), initial=1, help_text=_(
        "Every drawn question counts this much, whatever its points in the bank, so every student is "
        "marked out of the same total."))
    bank = forms.ModelChoiceField(label=_("From bank"), queryset=QuestionBank.objects.none(),
                                  empty_label=_("Choose a bank…"))
    tag = forms.ModelChoiceField(label=_("Only questions tagged"), queryset=Tag.objects.none(), required=False,
                                 empty_label=_("Any tag"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        banks = QuestionBank.objects.visible_to(user)
        self.fields["bank"].queryset = banks.annotate(
            question_count=Count("questions", filter=Q(questions__is_archived=False))).order_by("title", "pk")
        self.fields["bank"].label_from_instance = lambda bank: f"{bank.title} ({bank.question_count})"
        self.fields["tag"].queryset = Tag.objects.filter(
            questions__bank__in=banks, questions__is_archived=False).distinct().order_by("name")


class ItemPointsForm(forms.Form):
    points = _points_field(_("Points"))


# --- times in the cohort's time zone ---------------------------------------------------------------


class CohortDateTimeField(forms.DateTimeField):
    """A datetime typed and shown in the cohort's zone (a 'datetime-local' input), stored in UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args, tz: zoneinfo.ZoneInfo | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = tz or timezone.get_current_timezone()

    def to_python(self, value):
        with timezone.override(self.tz):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(self.tz):
            return super().prepare_value(value)


def _zone_times(form, tz_name: str, names):
    """Typed in the cohort's zone, whoever types them (accounts.zones)."""
    tz = cohort_zone(tz_name)
    for name in names:
        old = form.fields[name]
        field = CohortDateTimeField(label=old.label, required=old.required, tz=tz)
        field.help_text = _("%(zone)s time. %(more)s") % {"zone": tz.key, "more": old.help_text or ""}
        form.fields[name] = field


class AssignmentForm(AsksFirst, forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["quiz", "title", "opens_at", "due_at", "accept_late", "closes_at", "late_penalty_percent_per_day",
                  "time_limit_minutes", "attempts_allowed", "grading_method", "review", "review_after_close"]
        labels = {"quiz": _("Quiz")}  # the model field has no verbose_name to translate
        help_texts = {
            "closes_at": _("The last moment late work is accepted. Leave empty (or refuse late work) to "
                           "close when it is due."),
            "time_limit_minutes": _("Leave empty for no limit. Accommodations and overrides add time per student."),
            "late_penalty_percent_per_day": _("0 to 100: taken off a late attempt's score per day late."),
            "grading_method": _("Which attempt counts when students may try more than once."),
        }

    def __init__(self, *args, user, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        counted(self.fields["title"])
        current = self.instance.quiz_id if self.instance.pk else None
        self.fields["quiz"].queryset = Quiz.objects.filter(Q(owner=user) | Q(pk=current)).order_by("title")
        self.fields["quiz"].empty_label = _("Choose one of your quizzes…")
        self.fields["closes_at"].required = False
        self.fields["time_limit_minutes"].widget.attrs["min"] = 1
        self.fields["attempts_allowed"].widget.attrs["min"] = 1
        self.fields["late_penalty_percent_per_day"].widget.attrs.update(min=0, max=100)
        _zone_times(self, cohort.timezone, ["opens_at", "due_at", "closes_at"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("quiz", css_class="col-md-6"), Column("title", css_class="col-md-6")),
            Fieldset(_("When"), Row(Column("opens_at", css_class="col-md-6"), Column("due_at", css_class="col-md-6"))),
            Fieldset(_("Late work"), "accept_late", Row(Column("closes_at", css_class="col-md-6"),
                                                        Column("late_penalty_percent_per_day", css_class="col-md-6"))),
            Fieldset(_("Time and attempts"), Row(Column("time_limit_minutes", css_class="col-md-4"),
                                                 Column("attempts_allowed", css_class="col-md-4"),
                                                 Column("grading_method", css_class="col-md-4"))),
            Fieldset(_("What students see"), Row(Column("review", css_class="col-md-6"),
                                                 Column("review_after_close", css_class="col-md-6"))),
        )

    def clean_time_limit_minutes(self):
        value = self.cleaned_data["time_limit_minutes"]
        if value is not None and value < 1:
            raise forms.ValidationError(_("A time limit is at least 1 minute; leave it empty for none."))
        return value

    def clean_attempts_allowed(self):
        value = self.cleaned_data["attempts_allowed"]
        if value is not None and value < 1:
            raise forms.ValidationError(_("Allow at least 1 attempt."))
        return value

    def clean_late_penalty_percent_per_day(self):
        value = self.cleaned_data["late_penalty_percent_per_day"]
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("The late penalty is a percentage from 0 to 100."))
        return value

    def clean(self):
        data = super().clean()
        opens, due = data.get("opens_at"), data.get("due_at")
        if not data.get("accept_late") or not data.get("closes_at"):
            data["closes_at"] = due  # no late work: the assignment closes when it is due
        closes = data.get("closes_at")
        if opens and due and opens > due:
            self.add_error("due_at", _("The due time must not be before the opening time."))
        elif due and closes and due > closes:
            self.add_error("closes_at", _("The closing time must not be before the due time."))
        if not self.errors:
            self.ask(surprises.assignment_surprises(
                data, cohort=self.cohort, changed=None if self.instance.pk is None else set(self.changed_data)))
        return data


class OverrideForm(AsksFirst, forms.ModelForm):
    class Meta:
        model = AssignmentOverride
        fields = ["due_at", "closes_at", "extra_minutes", "extra_attempts"]
        labels = {"due_at": _("New due time"), "closes_at": _("New closing time")}
        help_texts = {
            "due_at": _("Leave empty to keep the assignment's."),
            "closes_at": _("Only used when the assignment accepts late work."),
            "extra_minutes": _("Added to the time limit, after any accommodation multiplier."),
            "extra_attempts": _("On top of the assignment's attempts."),
        }

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        _zone_times(self, assignment.cohort.timezone, ["due_at", "closes_at"])

    def clean(self):
        data = super().clean()
        due, closes = data.get("due_at"), data.get("closes_at")
        if due and due < self.assignment.opens_at:
            self.add_error("due_at", _("The new due time must not be before the assignment opens."))
        if closes and closes < (due or self.assignment.due_at):
            self.add_error("closes_at", _("The new closing time must not be before the due time."))
        if not self.errors and not (due or closes or data.get("extra_minutes") or data.get("extra_attempts")):
            raise forms.ValidationError(_("Change at least one thing, or remove the override instead."))
        if not self.errors and due and (self.instance.pk is None or "due_at" in self.changed_data):
            self.ask(surprises.override_surprises(assignment=self.assignment, student=self.instance.student,
                                                  due=due, closes=closes))
        return data


class QuizImportForm(ImportForm):
    """A quiz file: QTI only, since only QTI has question groups to become draws."""

    FORMAT_CHOICES = [("qti", _("QTI (Canvas and other LMSs: .xml or .zip)"))]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = self.FORMAT_CHOICES
        self.fields["format"].initial = "qti"
        self.fields["format"].widget = forms.HiddenInput()
        self.fields["title"].label = _("Quiz title")
        self.fields["title"].help_text = _("Leave empty to use the quiz title in the file. The questions go into a "
                                           "new bank of the same name.")
