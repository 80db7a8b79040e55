"""The quiz builder: its services (items, draws, order) and its pages, with who may use them."""

import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banks.spec import QuestionSpec, QuestionType
from casestudies.models import CaseStudy, Tag
from quizzes.models import Quiz, QuizItem
from quizzes.services.quizzes import (
    quiz_create,
    quiz_item_add_draw,
    quiz_item_add_fixed,
    quiz_item_move,
    quiz_item_remove,
)
from tests.factories import CaseStudyFactory
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_question, make_bank


def tagged(spec: QuestionSpec, *tags: str, points=None) -> QuestionSpec:
    return dataclasses.replace(spec, tags=tags, points=Decimal(points) if points else spec.points)


@pytest.fixture
def bank(instructor):
    """Six questions: Q1–Q4 tagged "week 1" (Q4 worth 3 points), Q5–Q6 tagged "week 2"."""
    bank = make_bank(instructor, [
        tagged(choice_question(1), "week 1"), tagged(choice_question(2), "week 1"),
        tagged(choice_question(3), "week 1"), tagged(choice_question(4), "week 1", points=3),
        tagged(choice_question(5), "week 2"), tagged(choice_question(6), "week 2"),
    ])
    bank.title = "Sanctions"
    bank.save()
    return bank


@pytest.fixture
def quiz(instructor):
    return quiz_create(owner=instructor, title="North Korea: sanctions")


def question(bank, title):
    return bank.questions.get(current_version__title=title)


def items_of(quiz):
    return [(i.position, i.question.current_version.title if i.question_id else f"draw {i.draw_count}")
            for i in quiz.items.select_related("question__current_version")]


# --- services --------------------------------------------------------------------------------------


def test_fixed_questions_are_added_at_the_end(quiz, bank):
    quiz_item_add_fixed(quiz=quiz, question=question(bank, "Q2"))
    quiz_item_add_fixed(quiz=quiz, question=question(bank, "Q1"))

    assert items_of(quiz) == [(1, "Q2"), (2, "Q1")]


def test_the_same_fixed_question_cannot_be_added_twice(quiz, bank):
    quiz_item_add_fixed(quiz=quiz, question=question(bank, "Q1"))

    with pytest.raises(ValidationError, match="already in this quiz"):
        quiz_item_add_fixed(quiz=quiz, question=question(bank, "Q1"))
    assert quiz.items.count() == 1


def test_a_draw_may_take_every_question_with_its_tag(quiz, bank):
    week1 = Tag.objects.get(name="week 1")

    item = quiz_item_add_draw(quiz=quiz, bank=bank, tag=week1, count=4)

    assert (item.bank, item.tag, item.draw_count, item.question) == (bank, week1, 4, None)


def test_a_draw_larger_than_the_tagged_questions_is_refused_with_the_numbers(quiz, bank):
    with pytest.raises(ValidationError) as refused:
        quiz_item_add_draw(quiz=quiz, bank=bank, tag=Tag.objects.get(name="week 2"), count=3)

    assert refused.value.messages == [
        "“Sanctions” has only 2 question(s) tagged “week 2” that this quiz does not already use; you asked for 3."]
    assert not quiz.items.exists()


def test_fixed_questions_and_earlier_draws_leave_fewer_to_draw(quiz, bank):
    quiz_item_add_fixed(quiz=quiz, question=question(bank, "Q1"))
    quiz_item_add_draw(quiz=quiz, bank=bank, tag=Tag.objects.get(name="week 1"), count=2)
    # Six questions, less Q1 (fixed) and the two the week-1 draw may take: three left.

    with pytest.raises(ValidationError, match="has only 3 question"):
        quiz_item_add_draw(quiz=quiz, bank=bank, count=4)
    quiz_item_add_draw(quiz=quiz, bank=bank, count=3)

    assert quiz.items.count() == 3


def test_moving_an_item_swaps_it_with_its_neighbour(quiz, bank):
    for title in ("Q1", "Q2", "Q3"):
        quiz_item_add_fixed(quiz=quiz, question=question(bank, title))
    first, second, third = quiz.items.all()

    quiz_item_move(item=third, up=True)
    assert items_of(quiz) == [(1, "Q1"), (2, "Q3"), (3, "Q2")]
    quiz_item_move(item=first, up=False)
    assert items_of(quiz) == [(1, "Q3"), (2, "Q1"), (3, "Q2")]


def test_moving_the_first_item_up_changes_nothing(quiz, bank):
    for title in ("Q1", "Q2"):
        quiz_item_add_fixed(quiz=quiz, question=question(bank, title))

    quiz_item_move(item=quiz.items.first(), up=True)

    assert items_of(quiz) == [(1, "Q1"), (2, "Q2")]


def test_removing_an_item_closes_the_gap(quiz, bank):
    for title in ("Q1", "Q2", "Q3"):
        quiz_item_add_fixed(quiz=quiz, question=question(bank, title))

    quiz_item_remove(item=quiz.items.get(position=2))

    assert items_of(quiz) == [(1, "Q1"), (2, "Q3")]


# --- who may do what -------------------------------------------------------------------------------

QUIZ_URLS = [  # name, method, status for the owner
    ("quiz-detail", "get", 200), ("quiz-edit", "get", 200), ("quiz-edit", "post", 302),
    ("quiz-item-add-fixed", "post", 302), ("quiz-item-add-draw", "post", 302),
    ("quiz-item-move", "post", 302), ("quiz-item-remove", "post", 302),
]


@pytest.fixture
def item(quiz, bank):
    return quiz_item_add_fixed(quiz=quiz, question=question(bank, "Q1"))


def quiz_request(client, name, method, quiz, item, bank):
    if name in ("quiz-item-move", "quiz-item-remove"):
        url = reverse(f"quizzes:{name}", args=[quiz.pk, item.pk])
    else:
        url = reverse(f"quizzes:{name}", args=[quiz.pk])
    data = {"title": "Renamed", "fixed-question": question(bank, "Q2").pk, "draw-bank": bank.pk, "draw-count": 1, "draw-points": 1,
            "direction": "down"}
    return getattr(client, method)(url, data if method == "post" else None)


@pytest.mark.parametrize("name", ["quiz-list", "quiz-create"])
def test_quiz_list_and_create_send_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(f"quizzes:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["quiz-list", "quiz-create"])
def test_quiz_list_and_create_are_forbidden_to_students(student_client, name):
    assert student_client.get(reverse(f"quizzes:{name}")).status_code == 403
    assert student_client.post(reverse("quizzes:quiz-create"), {"title": "Mine"}).status_code == 403
    assert not Quiz.objects.exists()


@pytest.mark.parametrize(("name", "method", "status"), QUIZ_URLS)
def test_quiz_pages_send_anonymous_visitors_to_log_in(client, quiz, item, bank, name, method, status):
    response = quiz_request(client, name, method, quiz, item, bank)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method", "status"), QUIZ_URLS)
def test_quiz_pages_are_forbidden_to_students(student_client, quiz, item, bank, name, method, status):
    assert quiz_request(student_client, name, method, quiz, item, bank).status_code == 403


@pytest.mark.parametrize(("name", "method", "status"), QUIZ_URLS)
def test_quiz_pages_are_not_found_for_other_instructors(client, other_instructor, quiz, item, bank, name, method,
                                                        status):
    client.force_login(other_instructor)
    assert quiz_request(client, name, method, quiz, item, bank).status_code == 404
    quiz.refresh_from_db()
    assert quiz.title == "North Korea: sanctions"
    assert items_of(quiz) == [(1, "Q1")]


@pytest.mark.parametrize(("name", "method", "status"), QUIZ_URLS)
def test_quiz_pages_work_for_the_owner(instructor_client, quiz, item, bank, name, method, status):
    assert quiz_request(instructor_client, name, method, quiz, item, bank).status_code == status


def test_the_quiz_list_shows_only_my_quizzes(client, instructor, other_instructor, quiz):
    quiz_create(owner=other_instructor, title="Oscar's quiz")
    client.force_login(instructor)

    html = client.get(reverse("quizzes:quiz-list")).content.decode()

    assert "North Korea: sanctions" in html
    assert "Oscar" not in html


# --- creating and editing --------------------------------------------------------------------------


def test_an_instructor_creates_a_quiz_with_a_case_to_read(instructor_client, instructor):
    case = CaseStudyFactory(author=instructor, title="Bureau 39")

    response = instructor_client.post(reverse("quizzes:quiz-create"), {
        "title": "Week 3", "case": case.pk, "instructions": "Read first.", "shuffle_choices": "on"})

    quiz = Quiz.objects.get()
    assert response.status_code == 302 and response.url == quiz.get_absolute_url()
    assert (quiz.owner, quiz.title, quiz.case, quiz.shuffle_choices, quiz.shuffle_questions) == (
        instructor, "Week 3", case, True, False)


def test_a_quiz_without_a_title_is_refused_and_nothing_saved(instructor_client):
    response = instructor_client.post(reverse("quizzes:quiz-create"), {"title": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Quiz.objects.exists()


def test_the_case_choices_are_my_cases_and_published_ones_not_others_drafts(instructor_client, instructor,
                                                                          other_instructor):
    CaseStudyFactory(author=instructor, title="My draft")
    CaseStudyFactory(author=other_instructor, title="Their published case", published=True)
    CaseStudyFactory(author=other_instructor, title="Their secret draft")

    html = instructor_client.get(reverse("quizzes:quiz-create")).content.decode()

    assert "My draft" in html and "Their published case" in html
    assert "Their secret draft" not in html


def test_someone_elses_draft_case_cannot_be_posted(instructor_client, other_instructor):
    draft = CaseStudyFactory(author=other_instructor, status=CaseStudy.Status.DRAFT)

    response = instructor_client.post(reverse("quizzes:quiz-create"), {"title": "Week 3", "case": draft.pk})

    assert response.status_code == 400
    assert not Quiz.objects.exists()


def test_editing_a_quiz_saves_its_settings(instructor_client, quiz):
    response = instructor_client.post(reverse("quizzes:quiz-edit", args=[quiz.pk]),
                                      {"title": "Renamed", "shuffle_questions": "on"})

    assert response.status_code == 302
    quiz.refresh_from_db()
    assert (quiz.title, quiz.shuffle_questions) == ("Renamed", True)


# --- the quiz page and its items -------------------------------------------------------------------


def test_the_question_select_is_grouped_by_bank_and_leaves_out_others_banks(instructor_client, instructor,
                                                                            other_instructor, quiz, bank):
    theirs = make_bank(other_instructor, [dataclasses.replace(choice_question(9), title="Their question")])
    theirs.title = "Oscar's bank"
    theirs.save()

    html = instructor_client.get(reverse("quizzes:quiz-detail", args=[quiz.pk])).content.decode()

    assert '<optgroup label="Sanctions">' in html
    assert "Q4 · Single choice · 3 pt" in html
    assert "Their question" not in html and "Oscar&#x27;s bank" not in html


def test_adding_a_fixed_question_and_a_draw_shows_both_and_the_total(instructor_client, quiz, bank):
    url = reverse("quizzes:quiz-detail", args=[quiz.pk])
    instructor_client.post(reverse("quizzes:quiz-item-add-fixed", args=[quiz.pk]),
                           {"fixed-question": question(bank, "Q4").pk})
    week1 = Tag.objects.get(name="week 1")
    response = instructor_client.post(reverse("quizzes:quiz-item-add-draw", args=[quiz.pk]),
                                      {"draw-bank": bank.pk, "draw-tag": week1.pk, "draw-count": 2,
                                       "draw-points": "1.5"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert "Random draw added." in html
    assert "2 questions from “Sanctions” tagged “week 1”" in html
    assert "Total: 6 points" in html  # Q4 (3 points) and two of Q1–Q3 worth 1.5 each in this quiz
    assert items_of(quiz) == [(1, "Q4"), (2, "draw 2")]


def test_a_draw_is_worth_its_points_each_whatever_its_questions_are_worth_in_the_bank(instructor_client, quiz, bank):
    """Week 1 holds questions worth 1 and 3 points: every student is still out of the same 4."""
    quiz_item_add_draw(quiz=quiz, bank=bank, tag=Tag.objects.get(name="week 1"), count=2, points=Decimal(2))

    html = instructor_client.get(reverse("quizzes:quiz-detail", args=[quiz.pk])).content.decode()

    assert "Total: 4 points" in html
    assert "2–4" not in html


def test_too_large_a_draw_is_refused_with_a_clear_message(instructor_client, quiz, bank):
    response = instructor_client.post(reverse("quizzes:quiz-item-add-draw", args=[quiz.pk]),
                                      {"draw-bank": bank.pk, "draw-tag": Tag.objects.get(name="week 2").pk,
                                       "draw-count": 5, "draw-points": 1})

    assert response.status_code == 400
    assert "has only 2 question(s) tagged “week 2”" in response.content.decode()
    assert not quiz.items.exists()


def test_a_draw_without_a_bank_is_refused(instructor_client, quiz, bank):
    response = instructor_client.post(reverse("quizzes:quiz-item-add-draw", args=[quiz.pk]), {"draw-count": 1})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not quiz.items.exists()


def test_a_question_from_someone_elses_bank_cannot_be_added(instructor_client, other_instructor, quiz):
    theirs = make_bank(other_instructor, [choice_question(9)]).questions.get()

    response = instructor_client.post(reverse("quizzes:quiz-item-add-fixed", args=[quiz.pk]),
                                      {"fixed-question": theirs.pk})

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not quiz.items.exists()


def test_a_draw_from_someone_elses_bank_cannot_be_added(instructor_client, other_instructor, quiz):
    theirs = make_bank(other_instructor, [choice_question(9)])

    response = instructor_client.post(reverse("quizzes:quiz-item-add-draw", args=[quiz.pk]),
                                      {"draw-bank": theirs.pk, "draw-count": 1, "draw-points": 1})

    assert response.status_code == 400
    assert not quiz.items.exists()


def test_moving_and_removing_through_the_page(instructor_client, quiz, bank):
    for title in ("Q1", "Q2"):
        quiz_item_add_fixed(quiz=quiz, question=question(bank, title))
    second = quiz.items.get(position=2)

    response = instructor_client.post(reverse("quizzes:quiz-item-move", args=[quiz.pk, second.pk]),
                                      {"direction": "up"})
    assert response.status_code == 302 and response.url.endswith(f"#item-{second.pk}")
    assert items_of(quiz) == [(1, "Q2"), (2, "Q1")]

    instructor_client.post(reverse("quizzes:quiz-item-remove", args=[quiz.pk, second.pk]))
    assert items_of(quiz) == [(1, "Q1")]


def test_a_move_without_a_direction_is_a_bad_request(instructor_client, quiz, bank):
    item = quiz_item_add_fixed(quiz=quiz, question=question(bank, "Q1"))

    response = instructor_client.post(reverse("quizzes:quiz-item-move", args=[quiz.pk, item.pk]), {"direction": "x"})

    assert response.status_code == 400


def test_an_item_of_another_quiz_is_not_found(instructor_client, instructor, quiz, bank):
    other = quiz_create(owner=instructor, title="Other")
    item = quiz_item_add_fixed(quiz=other, question=question(bank, "Q1"))

    response = instructor_client.post(reverse("quizzes:quiz-item-remove", args=[quiz.pk, item.pk]))

    assert response.status_code == 404
    assert QuizItem.objects.filter(pk=item.pk).exists()


# The quiz page's queries do not grow with its items or the banks' questions.
QUIZ_PAGE_QUERIES = 12
# 1. the session  2. the signed-in user  3. the quiz, if the user owns it (with its case)
# 4. the items with their questions, current versions, banks and tags (select_related)
# 5. the questions of the banks the draws use   6. those questions' tags
# 7. the questions for the "add a question" select (with banks and versions)
# 8. the banks for the draw form, with question counts   9. the tags for the draw form
# 10. the quiz's assignments with cohorts   11. the cohorts the user teaches
# 12. the quiz's points possible (quizzes.models.points_possible, the one definition every page reads)


def test_the_quiz_page_makes_the_same_queries_for_few_and_many_items(instructor_client, instructor, quiz):
    def add_items(count: int):
        """A bank of 2 x ``count`` questions: ``count`` of them as fixed items, and a draw of ``count``."""
        bank = make_bank(instructor, [tagged(choice_question(n), "week 1") for n in range(2 * count)])
        for q in bank.questions.all()[:count]:
            quiz_item_add_fixed(quiz=quiz, question=q)
        quiz_item_add_draw(quiz=quiz, bank=bank, tag=Tag.objects.get(name="week 1"), count=count, points=Decimal(1))

    pages = assert_same_queries(
        grow=add_items, fetch=lambda: instructor_client.get(reverse("quizzes:quiz-detail", args=[quiz.pk])),
        sizes=(3, 60), at_most=QUIZ_PAGE_QUERIES,
        fix="The quiz page must not query per item or per question: extend the select_related in "
            "quizzes.views.quizzes.outline or the pools in services.quizzes.draw_pools, not the limit.",
    )
    for count, page in zip((3, 60), pages):
        assert page.status_code == 200
        assert f"Total: {2 * count} points" in page.content.decode()


def test_question_types_other_than_choice_show_their_type(instructor_client, instructor, quiz):
    essay = QuestionSpec(type=QuestionType.ESSAY, title="Discuss", prompt="Discuss.", points=Decimal(4))
    quiz_item_add_fixed(quiz=quiz, question=make_bank(instructor, [essay]).questions.get())

    html = instructor_client.get(reverse("quizzes:quiz-detail", args=[quiz.pk])).content.decode()

    assert "Essay" in html and "Total: 4 points" in html
