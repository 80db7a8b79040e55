"""Who may see which bank or question: owners and co-instructors it is shared with; others get 404."""

from django.shortcuts import get_object_or_404

from banks.models import Question, QuestionBank


def get_bank_for_user(user, pk: int) -> QuestionBank:
    return get_object_or_404(QuestionBank.objects.visible_to(user).select_related("owner"), pk=pk)


def get_question_for_user(user, bank_pk: int, pk: int) -> Question:
    bank = get_bank_for_user(user, bank_pk)
    return get_object_or_404(
        Question.objects.filter(bank=bank, is_archived=False).select_related("current_version", "bank"), pk=pk
    )
