"""The quiz builder's picker (instructors, own quizzes): many questions, searched and filtered, ticked and
added in one request."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from accounts.permissions import instructor_required
from quizzes.access import get_quiz_for_user
from quizzes.picker import SHOWN, PickFilterForm, PickQuestionsForm, pickable
from quizzes.services import quizzes as services


@instructor_required
def quiz_pick(request, pk):
    quiz = get_quiz_for_user(request.user, pk)
    questions = pickable(request.user, quiz)
    form = PickQuestionsForm(request.POST if request.method == "POST" else None, quiz=quiz, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.quiz_items_add_fixed(quiz=quiz, questions=form.cleaned_data["question"],
                                                  points=form.cleaned_data["points"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, ngettext("Added %(n)s question.", "Added %(n)s questions.", len(added))
                             % {"n": len(added)})
            return redirect(quiz)
    filters = PickFilterForm(request.GET or None, questions=questions)
    rows = filters.rows(questions)
    context = {"quiz": quiz, "form": form, "filters": filters, "rows": rows[:SHOWN], "matching": len(rows),
               "chosen": {int(v) for v in form.data.getlist("question") if v.isdigit()} if form.is_bound else set(),
               "query": request.GET.urlencode()}
    return render(request, "quizzes/quiz_pick.html", context, status=400 if form.is_bound else 200)
