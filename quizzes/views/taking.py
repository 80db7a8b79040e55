"""Taking a quiz as its student: starting, the attempt page (one plain form that
works without JavaScript), autosave (JSON, for static/js/attempt/) and submitting.

Nothing here sends an answer key: questions reach the page through banks.student_view only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banks.autograde import is_answered
from banks.responses import response_from_post
from banks.services import version_spec
from banks.spec import QuestionType
from banks.student_view import student_question
from banks.versions import with_versions
from banks.widgets import attempt_widget_html
from quizzes.access import get_assignment_for_member, get_attempt_for_student, get_attempt_question_for_student
from quizzes.models import Attempt
from quizzes.services.answer_files import answer_file_save
from quizzes.services.answers import NOT_TYPED, AnswersRefused, answer_save, answers_save_all, flag_set
from quizzes.services.attempts import (
    AnswerRefused,
    AttemptRefused,
    attempt_start,
    attempt_submit,
    check_open,
    finalise_if_overdue,
)

# --- starting: the assignment page's button (the page itself is gradebook.views.assignment) ---------


@login_required
@require_POST
def attempt_begin(request, pk):
    """Start an attempt, and answer with its page (no redirect hop: at an exam's start, every request
    saved counts); resuming an open attempt goes to its own page. A refusal explains itself and
    creates nothing."""
    assignment, membership = get_assignment_for_member(request.user, pk)
    if membership.is_staff_role:
        raise PermissionDenied
    try:
        attempt = attempt_start(assignment=assignment, student=request.user, membership=membership)
    except AttemptRefused as refused:
        return render(request, "quizzes/attempt_refused.html", {"assignment": assignment, "reason": str(refused)},
                      status=409)
    if not hasattr(attempt, "started_questions"):
        return redirect("quizzes:attempt", attempt.pk)
    attempt.assignment = assignment  # loaded already, with its quiz, case and cohort
    return _attempt_page(request, attempt, _with_specs(attempt.started_questions))


# --- the attempt page: questions, navigator, timer; POST saves every answer (no JavaScript needed) ----


def _attempt_or_review(request, pk):
    """The student's attempt if it is still open; else (time up, submitted) a redirect to its review."""
    attempt = get_attempt_for_student(request.user, pk)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        attempt = finalise_if_overdue(attempt)
        if attempt.status == Attempt.Status.SUBMITTED:
            messages.warning(request, _("Time is up: your attempt was submitted with the answers saved in time."))
    if attempt.status == Attempt.Status.SUBMITTED:
        return attempt, redirect("gradebook:attempt-review", attempt.pk)
    return attempt, None


def _questions(attempt):
    """The attempt's questions with their versions (kept in memory: banks.versions), in order: one
    query for any number of them."""
    return _with_specs(with_versions(attempt.questions.order_by("position")))


def _with_specs(questions):
    for question in questions:
        question.spec = version_spec(question.version)
    return questions


@login_required
def attempt_page(request, pk):
    attempt, done = _attempt_or_review(request, pk)
    if done:
        return done
    questions = _questions(attempt)
    if request.method == "POST":
        return _save_all(request, attempt, questions)
    return _attempt_page(request, attempt, questions)


def _save_all(request, attempt, questions):
    """Save every changed answer, file and flag; if any cannot fit its question, nothing is saved (400)."""
    posted = {q.position: response_from_post(q.spec, request.POST, f"q-{q.position}") for q in questions
              if q.spec.type not in NOT_TYPED}
    files = {q.position: request.FILES[f"q-{q.position}"] for q in questions
             if q.spec.type == QuestionType.FILE_UPLOAD and f"q-{q.position}" in request.FILES}
    flags = {q.position: request.POST.get(f"flag-{q.position}") == "1" for q in questions}
    try:
        answers_save_all(attempt=attempt, questions=questions, responses=posted, flags=flags, files=files)
    except AnswersRefused as refused:
        messages.error(request, str(refused))
        for position, reason in sorted(refused.problems.items()):
            messages.error(request, _("Question %(number)s: %(reason)s") % {"number": position, "reason": reason})
        kept = {position: response for position, response in posted.items() if position not in refused.problems}
        return _attempt_page(request, attempt, questions, status=400, responses=kept)
    except AttemptRefused as refused:
        messages.error(request, str(refused))
        return redirect("gradebook:attempt-review", finalise_if_overdue(attempt).pk)
    return _after_save(request, attempt, request.POST.get("action"))


def _after_save(request, attempt, action):
    if action == "submit":
        return redirect("quizzes:attempt-submit", attempt.pk)
    if action == "finish":  # the browser's timer reached zero: submit what was just saved
        attempt_submit(attempt=attempt, auto=True)
        messages.info(request, _("Time is up: your answers were saved and submitted."))
        return redirect("gradebook:attempt-review", attempt.pk)
    messages.success(request, _("Your answers are saved."))
    return redirect("quizzes:attempt", attempt.pk)


def _attempt_page(request, attempt, questions, status=200, responses=None):
    """``responses`` re-fill a refused form with what the student sent, so no typing is lost."""
    rows = []
    for question in questions:
        response = (responses or {}).get(question.position, question.response)
        item = student_question(question.spec, question.version.rendered, key=str(question.position),
                                seed=f"{attempt.pk}-{question.position}",
                                number=question.position, response=response, choice_order=question.choice_order,
                                points=question.points)
        widget = attempt_widget_html(item, version_id=question.version_id, choice_order=question.choice_order,
                                     attempt=attempt)
        # Strings, not numbers: the template prints each many times, and numbers go through localize.
        rows.append({"question": question, "widget": widget, "answered": is_answered(response),
                     "position": item.key, "citation": question.version.citation,
                     "save_url": reverse("quizzes:answer-save", args=[attempt.pk, question.position])})
    assignment, now = attempt.assignment, timezone.now()
    context = {
        "attempt": attempt, "assignment": assignment, "case": assignment.quiz.case, "rows": rows,
        "answered": sum(row["answered"] for row in rows), "now": now,
        "total": sum(row["question"].version.type != QuestionType.TEXT for row in rows),
        # The browser's countdown runs on the server's clock: it corrects its own by the difference.
        "deadline_iso": attempt.deadline_at.isoformat(timespec="milliseconds"),
        "now_iso": now.isoformat(timespec="milliseconds"),
    }
    return render(request, "quizzes/attempt_detail.html", context, status=status)


# --- autosave: one question per request, JSON in both directions --------------------------------------


def _json_error(message, status):
    return JsonResponse({"error": str(message)}, status=status)


@login_required
@require_POST
def answer_save_view(request, pk, position):
    """Save one question's fields (and its flag). Answers {"position", "saved_at"}: never a score or key."""
    question = get_attempt_question_for_student(request.user, pk, position)
    if question is None:
        try:
            get_attempt_for_student(request.user, pk)
        except Http404:
            return _json_error(_("There is no such attempt."), 404)
        return _json_error(_("That question is not part of this attempt."), 400)
    attempt, spec, now = question.attempt, version_spec(question.version), timezone.now()
    try:
        if spec.type in NOT_TYPED:  # only its flag can come this way (a file has its own upload)
            check_open(attempt, now)
        else:
            answer_save(attempt=attempt, position=position, question=question, now=now,
                        response=response_from_post(spec, request.POST, f"q-{position}"))
        flag = request.POST.get(f"flag-{position}")
        if flag in ("0", "1") and (flag == "1") != question.flagged:
            flag_set(attempt=attempt, position=position, flagged=flag == "1")
    except AnswerRefused as refused:
        return _json_error(refused, 400)
    except AttemptRefused as refused:
        return _json_error(refused, 409)
    return JsonResponse({"position": position, "saved_at": now.isoformat()})


@login_required
@require_POST
def answer_file_upload(request, pk, position):
    """Store the file chosen for a file-upload question. Answers {"position", "saved_at", "name", "size",
    "url"}; a refused file gets the reason (400, or 409 once the attempt is closed) and stores nothing."""
    attempt = get_attempt_for_student(request.user, pk)
    upload = request.FILES.get(f"q-{position}")
    if upload is None:
        return _json_error(_("Choose a file to upload."), 400)
    try:
        stored = answer_file_save(attempt=attempt, position=position, upload=upload)
    except AnswerRefused as refused:
        return _json_error(refused, 400)
    except AttemptRefused as refused:
        return _json_error(refused, 409)
    return JsonResponse({
        "position": position, "saved_at": stored.uploaded_at.isoformat(), "name": stored.name, "size": stored.size,
        "size_text": filesizeformat(stored.size), "url": reverse("quizzes:answer-file", args=[attempt.pk, position]),
    })


# --- submitting: a confirmation listing what is unanswered or flagged, then one graded submission -----


@login_required
def attempt_submit_view(request, pk):
    attempt, done = _attempt_or_review(request, pk)
    if done:
        return done
    if request.method == "POST":
        attempt_submit(attempt=attempt)  # idempotent: a second click or tab finds it submitted
        messages.success(request, _("Your attempt was submitted."))
        return redirect("gradebook:attempt-review", attempt.pk)
    questions = list(attempt.questions.exclude(version__type=QuestionType.TEXT)  # text to read, not a question
                     .only("position", "response", "flagged").order_by("position"))
    unanswered = [q.position for q in questions if not is_answered(q.response)]
    context = {
        "attempt": attempt, "assignment": attempt.assignment, "total": len(questions),
        "answered": len(questions) - len(unanswered), "unanswered": unanswered,
        "flagged": [q.position for q in questions if q.flagged],
        "deadline_iso": attempt.deadline_at.isoformat(timespec="milliseconds"),
        "now_iso": timezone.now().isoformat(timespec="milliseconds"),
    }
    return render(request, "quizzes/attempt_submit.html", context)
