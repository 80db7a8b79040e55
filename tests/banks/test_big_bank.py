"""A big import costs the same queries as a small one: bulk writes in one transaction, all or nothing.

Its speed (20,000 questions) is measured by ``make bench`` (bench/bench_bigbank.py), not timed here.
"""

import pytest

from banks.formats import registry
from banks.models import Question, QuestionBank, QuestionVersion
from banks.services import ImportRefused, bank_import
from casestudies import markdown


def big_file(count: int) -> str:
    return "".join(f"{n}.  Item {n}?\n*   {n}\n" for n in range(1, count + 1))


@pytest.mark.parametrize("count", [10, 300])
def test_importing_costs_the_same_queries_for_ten_questions_or_three_hundred(
    instructor, django_assert_max_num_queries, count
):
    _, parsed = registry.parse(big_file(count), "text2qti")
    # 1 savepoint, 2 the bank, 3 the last position, 4 the questions, 5 their versions, 6 every question's
    # current version in one UPDATE, 7 release the savepoint (no tags: no tag queries)
    with django_assert_max_num_queries(
        7,
        info="An import now queries per question: write them with bulk_create "
        "and one UPDATE in banks/services.py bank_import.",
    ):
        bank = bank_import(owner=instructor, parsed=parsed)
    questions = list(bank.questions.select_related("current_version").order_by("position"))
    assert len(questions) == count
    assert [q.current_version.spec["prompt"] for q in questions[:2]] == ["Item 1?", "Item 2?"]
    assert all(q.current_version.question_id == q.pk and q.current_version.number == 1 for q in questions)
    assert questions[0].current_version.rendered["prompt"] == '<p id="p-1">Item 1?</p>'


def test_a_refused_question_in_a_big_import_saves_nothing(instructor, monkeypatch):
    _, parsed = registry.parse(big_file(300), "text2qti")

    def refuse(text):
        if text == "Item 299?":
            raise markdown.MarkdownRefused("nested too deeply")
        return markdown.render_with_toc(text).html

    monkeypatch.setattr("banks.rendering.render", refuse)
    with pytest.raises(ImportRefused) as refused:
        bank_import(owner=instructor, parsed=parsed)
    assert [(p.line, p.message) for p in refused.value.problems] == [(597, "nested too deeply")]
    assert not QuestionBank.objects.exists() and not Question.objects.exists() and not QuestionVersion.objects.exists()
