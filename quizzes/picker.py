"""Picking many questions for a quiz in one go: the questions an instructor may add, narrowed by a search,
a bank and a tag, and the form that adds the ones ticked (quizzes.views.picker)."""

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from banks.models import Question, QuestionBank
from casebook.confirm import AsksFirst
from casestudies.models import Tag
from quizzes.forms import type_label
from quizzes.surprises import adding_surprises

SHOWN = 200  # rows on the page at most: narrow the search for more


def pickable(user, quiz) -> list[Question]:
    """Every question of the user's banks not yet in the quiz, with version, bank and tags: two queries."""
    return list(
        Question.objects.filter(bank__in=QuestionBank.objects.visible_to(user), is_archived=False)
        .exclude(pk__in=quiz.items.filter(question__isnull=False).values("question"))
        .select_related("current_version", "bank")
        .prefetch_related(Prefetch("tags", Tag.objects.order_by("name")))
        .order_by("bank__title", "bank_id", "position", "pk")
    )


@dataclass(frozen=True)
class Row:
    question: Question

    @property
    def title(self) -> str:
        return self.question.current_version.title or self.excerpt

    @property
    def excerpt(self) -> str:
        return Truncator(strip_tags(self.question.current_version.rendered.get("prompt", ""))).words(24)

    @property
    def type_label(self) -> str:
        return type_label(self.question.current_version.type)


class PickFilterForm(forms.Form):
    """What narrows the list (a GET form): words of the title or text, a bank, a tag."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words of the title or text")}))
    bank = forms.TypedChoiceField(label=_("Bank"), required=False, coerce=int, empty_value=None)
    tag = forms.TypedChoiceField(label=_("Tag"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        banks = {q.bank_id: q.bank.title for q in questions}
        tags = {tag.pk: tag.name for q in questions for tag in q.tags.all()}
        self.fields["bank"].choices = [("", _("Every bank"))] + list(banks.items())
        self.fields["tag"].choices = [("", _("Any tag"))] + sorted(tags.items(), key=lambda item: item[1].casefold())

    def rows(self, questions: list[Question]) -> list[Row]:
        """The questions that match, in bank order (all of them when the filter is invalid)."""
        data = self.cleaned_data if self.is_valid() else {}
        words = (data.get("q") or "").casefold().split()
        bank, tag = data.get("bank"), data.get("tag")
        return [Row(q) for q in questions
                if (bank is None or q.bank_id == bank) and (tag is None or any(t.pk == tag for t in q.tags.all()))
                and all(word in _searchable(q) for word in words)]


def _searchable(question: Question) -> str:
    version = question.current_version
    return f"{version.title} {version.spec.get('prompt', '')} {question.bank.title}".casefold()


class PickQuestionsForm(AsksFirst, forms.Form):
    """The ticked questions, added in the page's order, each worth its own points or ``points``; asks first
    when they would leave one of the quiz's draws with fewer questions than it picks."""

    question = forms.TypedMultipleChoiceField(label=_("Questions"), coerce=int, error_messages={
        "required": _("Tick at least one question."),
        "invalid_choice": _("One of the ticked questions cannot be added: it is in the quiz already, or not in "
                            "your banks. Nothing was added.")})
    points = forms.DecimalField(label=_("Points each in this quiz"), required=False, min_value=0, max_digits=7,
                                decimal_places=2, help_text=_("Leave empty for each question's own points."))

    def __init__(self, *args, quiz, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.quiz, self.questions = quiz, questions
        self.fields["question"].choices = [(q.pk, q.pk) for q in questions]

    def clean_question(self):
        chosen = set(self.cleaned_data["question"])
        return [q for q in self.questions if q.pk in chosen]

    def clean(self):
        data = super().clean()
        if not self.errors:
            self.ask(adding_surprises(self.quiz, [q.pk for q in data["question"]]))
        return data
