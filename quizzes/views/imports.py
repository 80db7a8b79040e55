"""Import a quiz file: preview it as the bank import does, then save its bank and its quiz, or nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import instructor_required
from banks.keys import import_previews
from quizzes.forms import QuizImportForm
from quizzes.services.imports import quiz_import


@instructor_required
def quiz_import_view(request):
    form = QuizImportForm(request.POST or None, request.FILES or None, initial={"format": "qti"})
    if request.method != "POST":
        return render(request, "quizzes/quiz_import.html", {"form": form})
    if not form.is_valid():
        return render(request, "quizzes/quiz_import.html", {"form": form}, status=400)
    fmt, parsed = form.parse()
    if request.POST.get("action") == "import" and parsed.ok and parsed.questions and form.confirmed(fmt):
        quiz = quiz_import(owner=request.user, parsed=parsed, title=form.cleaned_data["title"])
        messages.success(request, _("Imported the quiz with %(count)s question(s) in a new bank.")
                         % {"count": len(parsed.questions)})
        return redirect(quiz)
    again = form.again(fmt)
    context = {"form": again, "parsed": parsed, "fmt": "QTI", "preview": import_previews(parsed.questions), "draws": True,
               "choose_again": not again.initial["text"]}
    return render(request, "quizzes/quiz_import.html", context, status=200 if parsed.ok else 400)
