"""The quiz builder (instructors, own quizzes only): list, create, edit, and the quiz page with its items."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import instructor_required
from cohorts.models import Membership
from quizzes.access import get_quiz_for_user
from quizzes.forms import DrawItemForm, FixedItemForm, ItemPointsForm, QuizForm, type_label
from quizzes.models import Quiz, QuizItem
from quizzes.services import quizzes as services
from quizzes.services.exports import quiz_export_qti


@instructor_required
def quiz_list(request):
    quizzes = Quiz.objects.filter(owner=request.user).select_related("case").order_by("-created").annotate(
        item_count=Count("items", distinct=True), assignment_count=Count("assignments", distinct=True))
    teaching = request.user.memberships.filter(role__in=[Membership.Role.INSTRUCTOR, Membership.Role.TA]).order_by(
        "-cohort__is_active", "cohort__course_code", "cohort__name").select_related("cohort")
    return render(request, "quizzes/quiz_list.html", {"quizzes": quizzes, "teaching": teaching})


@instructor_required
def quiz_create(request):
    form = QuizForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            quiz = services.quiz_create(owner=request.user, **form.cleaned_data)
            messages.success(request, _("Quiz created. Now add questions."))
            return redirect(quiz)
        return render(request, "quizzes/quiz_form.html", {"form": form}, status=400)
    return render(request, "quizzes/quiz_form.html", {"form": form})


@instructor_required
def quiz_edit(request, pk):
    quiz = get_quiz_for_user(request.user, pk)
    form = QuizForm(request.POST or None, instance=quiz, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.quiz_update(quiz=quiz, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect(quiz)
        return render(request, "quizzes/quiz_form.html", {"form": form, "quiz": quiz}, status=400)
    return render(request, "quizzes/quiz_form.html", {"form": form, "quiz": quiz})


@instructor_required
def quiz_export(request, pk):
    """Download the quiz as a QTI package for Canvas; questions it cannot hold are listed first."""
    quiz = get_quiz_for_user(request.user, pk)
    export = quiz_export_qti(quiz=quiz)
    if export.left_out and request.GET.get("partial") != "1":
        return render(request, "quizzes/quiz_export.html", {"quiz": quiz, "export": export,
                                                            "partial_url": f"{request.path}?partial=1"})
    response = HttpResponse(export.text, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slugify(quiz.title) or "quiz"}.zip"'
    return response


@instructor_required
def quiz_detail(request, pk):
    return _detail(request, get_quiz_for_user(request.user, pk))


@instructor_required
@require_POST
def quiz_item_add_fixed(request, pk):
    quiz = get_quiz_for_user(request.user, pk)
    form = FixedItemForm(request.POST, user=request.user, quiz=quiz, prefix="fixed")
    if form.is_valid():
        try:
            services.quiz_item_add_fixed(quiz=quiz, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Question added."))
            return redirect(quiz)
    return _detail(request, quiz, fixed_form=form, status=400)


@instructor_required
@require_POST
def quiz_item_add_draw(request, pk):
    quiz = get_quiz_for_user(request.user, pk)
    form = DrawItemForm(request.POST, user=request.user, prefix="draw")
    if form.is_valid():
        try:
            services.quiz_item_add_draw(quiz=quiz, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Random draw added."))
            return redirect(quiz)
    return _detail(request, quiz, draw_form=form, status=400)


@instructor_required
@require_POST
def quiz_item_move(request, pk, item_pk):
    quiz = get_quiz_for_user(request.user, pk)
    item = get_object_or_404(QuizItem, quiz=quiz, pk=item_pk)
    if request.POST.get("direction") not in ("up", "down"):
        return HttpResponseBadRequest(_("Move up or down."))
    services.quiz_item_move(item=item, up=request.POST["direction"] == "up")
    return redirect(f"{quiz.get_absolute_url()}#item-{item.pk}")


@instructor_required
@require_POST
def quiz_item_points(request, pk, item_pk):
    quiz = get_quiz_for_user(request.user, pk)
    item = get_object_or_404(QuizItem, quiz=quiz, pk=item_pk)
    form = ItemPointsForm(request.POST, prefix=f"item-{item.pk}")
    if form.is_valid():
        services.quiz_item_points_set(item=item, **form.cleaned_data)
        messages.success(request, _("Points saved."))
        return redirect(f"{quiz.get_absolute_url()}#item-{item.pk}")
    return _detail(request, quiz, points_form=form, status=400)


@instructor_required
@require_POST
def quiz_item_remove(request, pk, item_pk):
    quiz = get_quiz_for_user(request.user, pk)
    services.quiz_item_remove(item=get_object_or_404(QuizItem, quiz=quiz, pk=item_pk))
    messages.success(request, _("Removed from the quiz."))
    return redirect(quiz)


@dataclass(frozen=True)
class ItemRow:
    item: QuizItem
    points_form: ItemPointsForm
    pool_size: int | None = None  # draws only: how many questions it can pick from now

    @property
    def type_label(self) -> str:
        return type_label(self.item.question.current_version.type) if self.item.question_id else ""

    @property
    def short(self) -> bool:
        return self.pool_size is not None and self.pool_size < self.item.draw_count


def outline(quiz: Quiz, points_form: ItemPointsForm | None = None) -> list[ItemRow]:
    """The quiz's items, with a form for each one's points, in a fixed number of queries however many
    items and draws. ``points_form`` is a refused one, shown on its item."""
    items = list(quiz.items.select_related("question__current_version", "bank", "tag"))
    pools = services.draw_pools({item.bank_id for item in items if item.bank_id})
    rows = []
    for item in items:
        prefix = f"item-{item.pk}"
        form = points_form if points_form and points_form.prefix == prefix else ItemPointsForm(
            prefix=prefix, initial={"points": item.points})
        size = None if item.question_id else len(services.draw_pool(pools, items, bank_id=item.bank_id,
                                                                    tag_id=item.tag_id))
        rows.append(ItemRow(item, form, size))
    return rows


def _detail(request, quiz, *, fixed_form=None, draw_form=None, points_form=None, status=200):
    context = {
        "quiz": quiz, "rows": outline(quiz, points_form),
        "points_possible": Quiz.objects.with_points().get(pk=quiz.pk).points_possible,
        "fixed_form": fixed_form or FixedItemForm(user=request.user, quiz=quiz, prefix="fixed"),
        "draw_form": draw_form or DrawItemForm(user=request.user, prefix="draw"),
        "assignments": quiz.assignments.select_related("cohort").order_by("due_at"),
        "cohorts": request.user.memberships.filter(role=Membership.Role.INSTRUCTOR, cohort__is_active=True)
                   .select_related("cohort").order_by("cohort__course_code", "cohort__name"),
    }
    return render(request, "quizzes/quiz_detail.html", context, status=status)
