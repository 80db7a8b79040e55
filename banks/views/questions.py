"""Instructor pages for one question: add (type picker, editor), edit, duplicate, move, delete, try it."""

import dataclasses

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import instructor_required
from banks import services
from banks.access import get_bank_for_user, get_question_for_user
from banks.autograde import GradeResult, grade
from banks.forms.question import QUESTION_TYPES, MoveForm, QuestionForm
from banks.keys import part_label
from banks.responses import response_from_post
from banks.spec import QuestionSpec, QuestionType
from banks.student_view import student_question
from casestudies.markdown import render as render_markdown


@instructor_required
def question_add(request, bank_pk):
    bank = get_bank_for_user(request.user, bank_pk)
    if request.GET.get("type") not in QuestionType:
        types = [(kind, label, about) for kind, (label, about) in QUESTION_TYPES.items()]
        return render(request, "banks/question_type_picker.html", {"bank": bank, "types": types})
    form = QuestionForm(request.POST or None, kind=request.GET["type"])
    if request.method == "POST":
        if "more" in request.POST:
            return _editor(request, bank, form.with_more_rows())
        if form.is_valid():
            services.question_create(bank=bank, spec=form.to_spec(), created_by=request.user,
                                     citation=form.cleaned_data["citation"])
            messages.success(request, _("Question added."))
            return redirect(bank)
        return _editor(request, bank, form, status=400)
    return _editor(request, bank, form)


@instructor_required
def question_edit(request, bank_pk, pk):
    question = get_question_for_user(request.user, bank_pk, pk)
    version, saved = question.current_version, _saved_spec(question)
    form = QuestionForm(request.POST or None, kind=saved.type, spec=saved, citation=version.citation)
    if request.method == "POST":
        if "more" in request.POST:
            return _editor(request, question.bank, form.with_more_rows(), question)
        if not form.is_valid():
            return _editor(request, question.bank, form, question, status=400)
        if form.to_spec() == saved and form.cleaned_data["citation"] == version.citation:
            messages.info(request, _("Nothing changed, so no new version was made."))
            return redirect(question.bank)
        new = services.question_update(question=question, spec=form.to_spec(), editor=request.user,
                                       citation=form.cleaned_data["citation"])
        messages.success(request, _("Saved as version %(number)s.") % {"number": new.number})
        # The bank page then asks the grading side whether attempts answered an older version (a regrade offer).
        return redirect(f"{question.bank.get_absolute_url()}?edited={question.pk}#question-{question.pk}")
    return _editor(request, question.bank, form, question)


def _saved_spec(question) -> QuestionSpec:
    """The current version as the editor shows it: tags live on the question, not the version."""
    spec = services.version_spec(question.current_version)
    return dataclasses.replace(spec, tags=tuple(tag.name for tag in question.tags.all()))


def _editor(request, bank, form, question=None, status=200):
    label, about = QUESTION_TYPES[form.kind]
    context = {"bank": bank, "form": form, "question": question, "type_label": label, "type_about": about}
    return render(request, "banks/question_form.html", context, status=status)


@instructor_required
@require_POST
def question_duplicate(request, bank_pk, pk):
    question = get_question_for_user(request.user, bank_pk, pk)
    services.question_duplicate(question=question, editor=request.user)
    messages.success(request, _("Duplicated: the copy is at the end of the bank."))
    return redirect(question.bank)


@instructor_required
def question_move(request, bank_pk, pk):
    question = get_question_for_user(request.user, bank_pk, pk)
    source = question.bank
    form = MoveForm(request.POST or None, user=request.user, current=source)
    context = {"form": form, "question": question, "bank": source}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "banks/question_move.html", context, status=400)
        target = form.cleaned_data["bank"]
        services.question_move(question=question, to_bank=target)
        messages.success(request, _("Moved to “%(bank)s”.") % {"bank": target.title})
        return redirect(source)
    return render(request, "banks/question_move.html", context)


@instructor_required
def question_delete(request, bank_pk, pk):
    """Deleting archives: attempts keep the version their students saw."""
    question = get_question_for_user(request.user, bank_pk, pk)
    if request.method == "POST":
        services.question_archive(question=question)
        messages.success(request, _("Question deleted."))
        return redirect(question.bank)
    return render(request, "banks/question_confirm_delete.html", {"question": question, "bank": question.bank})


@instructor_required
def question_try(request, bank_pk, pk):
    """The question as a student sees it (never the key); a posted answer is graded, not saved."""
    question = get_question_for_user(request.user, bank_pk, pk)
    version = question.current_version
    spec = services.version_spec(version)
    item = student_question(spec, version.rendered, key=str(question.pk))
    context = {"question": question, "bank": question.bank, "version": version}
    if request.method == "POST":
        response = response_from_post(spec, request.POST, item.name)
        item = student_question(spec, version.rendered, key=str(question.pk), response=response)
        result = grade(spec, response)
        context |= {"result": result, "parts": _part_rows(spec, version.rendered, result),
                    "feedback": [render_markdown(text) for text in result.feedback]}
    return render(request, "banks/question_try.html", {**context, "item": item})


def _part_rows(spec: QuestionSpec, rendered: dict, result: GradeResult) -> list[dict]:
    """Each graded part in the question's words: a choice's text, a blank's id, a pair's item or a position."""
    return [{"label": part_label(spec, rendered, part.key), "correct": part.correct, "percent": part.credit * 100}
            for part in result.parts]
