"""Grading by hand (instructors and TAs): which questions of an assignment wait for a person, and one
question's answers across students, one at a time, optionally without names (blind grading)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxValueValidator
from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banks.autograde import GradeStatus
from banks.services import version_spec
from grading.queries import TO_GRADE, hand_graded_answers
from grading.services.manual import GRADED, GradeRefused, answer_grade
from quizzes.access import get_assignment_for_staff


class GradeForm(forms.Form):
    score = forms.DecimalField(label=gettext_lazy("Score"), min_value=0, max_digits=7, decimal_places=2)
    comment = forms.CharField(label=gettext_lazy("Comment for the student"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        score = self.fields["score"]
        score.validators.append(MaxValueValidator(points, message=_(
            "The question is worth %(points)s points: the score can be at most that.") % {"points": _number(points)}))
        score.widget.attrs.update({"max": points, "step": "0.01", "inputmode": "decimal"})
        score.help_text = _("From 0 to %(points)s points.") % {"points": _number(points)}


def _number(value) -> str:
    """4.00 as "4", 3.50 as "3.5"."""
    return f"{value.normalize():f}"


def _answers(assignment):
    return hand_graded_answers().filter(attempt__assignment=assignment)


@login_required
def grading_overview(request, pk):
    assignment, _membership = get_assignment_for_staff(request.user, pk)
    questions = (
        _answers(assignment).values("version__question", "version__question__current_version__title",
                                    "version__question__current_version__type")
        .annotate(total=Count("pk"), waiting=Count("pk", filter=TO_GRADE),
                  graded=Count("pk", filter=Q(result__status=GRADED)), position=Min("position"))
        .order_by("position", "version__question")
    )
    context = {"assignment": assignment, "cohort": assignment.cohort, "questions": questions}
    return render(request, "grading/grading_overview.html", context)


def _queue_url(assignment, question_pk, answer, blind):
    query = {"answer": answer.pk} | ({"blind": 1} if blind else {})
    return reverse("grading:grading-queue", args=[assignment.pk, question_pk]) + "?" + urlencode(query)


def _next_to_grade(answers, current):
    """The first answer still waiting after ``current``, wrapping round; None when all are graded."""
    start = answers.index(current)
    later = answers[start + 1:] + answers[:start]
    return next((a for a in later if (a.result or {}).get("status") == GradeStatus.NEEDS_MANUAL), None)


@login_required
def grading_queue(request, pk, question_pk):
    assignment, _membership = get_assignment_for_staff(request.user, pk)
    answers = list(_answers(assignment).filter(version__question_id=question_pk)
                   .select_related("version", "attempt__student").order_by("attempt__submitted_at", "attempt_id"))
    if not answers:
        raise Http404("No answers to grade for this question.")
    blind = request.GET.get("blind") == "1"
    current = _current(answers, request.GET.get("answer"))
    form = GradeForm(request.POST or None, points=current.points, initial=_initial(current))
    if request.method == "POST" and form.is_valid():
        try:
            answer_grade(attempt_question=current, grader=request.user, **form.cleaned_data)
        except GradeRefused as refused:
            form.add_error(None, str(refused))
        else:
            following = _next_to_grade(answers, current)
            points = {"score": _number(form.cleaned_data["score"]), "points": _number(current.points)}
            messages.success(request, _("Saved: %(score)s of %(points)s points.") % points + (
                "" if following else " " + _("Every answer to this question is graded.")))
            return redirect(_queue_url(assignment, question_pk, following or current, blind))
    context = _queue_context(assignment, question_pk, answers, current, blind) | {"form": form}
    return render(request, "grading/grading_queue.html", context, status=400 if form.is_bound else 200)


def _current(answers, chosen: str | None):
    """The answer asked for (404 if it is not in this queue: a save must never land elsewhere), or else
    the first still waiting, or else the first."""
    if chosen is not None:
        return next((a for a in answers if str(a.pk) == chosen), None) or _not_here()
    return next((a for a in answers if (a.result or {}).get("status") != GRADED), answers[0])


def _not_here():
    raise Http404("That answer is not in this queue.")


def _initial(answer) -> dict:
    result = answer.result or {}
    if result.get("status") != GRADED:
        return {}
    return {"score": _number(answer.score), "comment": result.get("comment", "")}


def _queue_context(assignment, question_pk, answers, current, blind) -> dict:
    index = answers.index(current)
    spec = version_spec(current.version)
    text = current.response if isinstance(current.response, str) else ""
    words = len(text.split())
    return {
        "assignment": assignment, "cohort": assignment.cohort, "answer": current, "number": index + 1,
        "total": len(answers), "graded": sum((a.result or {}).get("status") == GRADED for a in answers),
        "blind": blind, "spec": spec, "text": text, "words": words,
        "over_limit": bool(spec.word_limit and words > spec.word_limit),
        "upload": current.response if isinstance(current.response, dict) else None,
        "is_graded": (current.result or {}).get("status") == GRADED,
        "previous_url": _queue_url(assignment, question_pk, answers[index - 1], blind) if index else None,
        "next_url": _queue_url(assignment, question_pk, answers[index + 1], blind) if index + 1 < len(answers)
        else None,
        "blind_url": _queue_url(assignment, question_pk, current, not blind),
        "save_url": _queue_url(assignment, question_pk, current, blind),
    }
