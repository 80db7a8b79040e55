"""The quiz builder in one pass: search and filter the questions of one's banks, tick many (or all shown)
and add them in one request, all or nothing, at a fixed number of queries however many."""

import dataclasses
import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quizzes.models import QuizItem
from quizzes.services.quizzes import quiz_create, quiz_item_add_draw, quiz_item_add_fixed, quiz_items_add_fixed
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_question, make_bank


def tagged(n, *tags, points=1, title=None):
    return dataclasses.replace(choice_question(n), title=title or f"Q{n}", tags=tags, points=Decimal(points))


@pytest.fixture
def bank(instructor):
    bank = make_bank(instructor, [
        tagged(1, "week 1", title="Bureau 39 and the party's money"), tagged(2, "week 1", title="Ship-to-ship transfers"),
        tagged(3, "week 2", points=3, title="Overseas labour in Russia"), tagged(4, "week 2", title="UN panel"),
    ])
    bank.title = "Sanctions"
    bank.save()
    return bank


@pytest.fixture
def quiz(instructor):
    return quiz_create(owner=instructor, title="North Korea")


def url(quiz, **query):
    base = reverse("quizzes:quiz-pick", args=[quiz.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def pk(bank, title):
    return bank.questions.get(current_version__title=title).pk


def listed(response) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<strong class="user-text">([^<]+)</strong>', response.text)]


def items_of(quiz):
    return [(i.position, i.question.current_version.title, i.points)
            for i in quiz.items.select_related("question__current_version")]


# --- who may pick ------------------------------------------------------------------------------------


def test_anonymous_visitors_sign_in_first(client, quiz):
    response = client.get(url(quiz))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_students_are_refused(student_client, quiz, bank):
    assert student_client.get(url(quiz)).status_code == 403
    assert student_client.post(url(quiz), {"question": [pk(bank, "UN panel")]}).status_code == 403
    assert not QuizItem.objects.exists()


def test_another_instructor_finds_no_such_quiz(login_as, other_instructor, quiz, bank):
    client = login_as(other_instructor)
    assert client.get(url(quiz)).status_code == 404
    assert client.post(url(quiz), {"question": [pk(bank, "UN panel")]}).status_code == 404
    assert not QuizItem.objects.exists()


# --- finding questions -------------------------------------------------------------------------------


def test_the_list_holds_my_banks_questions_not_yet_in_the_quiz(instructor_client, other_instructor, quiz, bank):
    make_bank(other_instructor, [tagged(9, title="Oscar's secret question")])
    quiz_item_add_fixed(quiz=quiz, question=bank.questions.get(current_version__title="UN panel"))
    response = instructor_client.get(url(quiz))
    assert response.status_code == 200
    assert listed(response) == ["Bureau 39 and the party's money", "Ship-to-ship transfers", "Overseas labour in Russia"]
    assert "3 questions match." in response.text


def test_a_search_narrows_by_the_words_of_the_title_or_text(instructor_client, quiz, bank):
    assert listed(instructor_client.get(url(quiz, q="bureau money"))) == ["Bureau 39 and the party's money"]
    assert listed(instructor_client.get(url(quiz, q="pick+B"))) == listed(instructor_client.get(url(quiz)))  # the text


def test_a_tag_and_a_bank_narrow_the_list(instructor_client, instructor, quiz, bank):
    week2 = bank.questions.get(current_version__title="UN panel").tags.get()
    assert listed(instructor_client.get(url(quiz, tag=week2.pk))) == ["Overseas labour in Russia", "UN panel"]
    other = make_bank(instructor, [tagged(7, title="Another bank's question")])
    assert listed(instructor_client.get(url(quiz, bank=other.pk))) == ["Another bank's question"]


def test_select_all_is_offered_to_the_script_and_hidden_without_it(instructor_client, quiz, bank):
    page = instructor_client.get(url(quiz)).text
    assert 'data-select-all="question"' in page and "data-select-all-box hidden" in page


# --- adding many -------------------------------------------------------------------------------------


def test_ticked_questions_are_added_in_one_go_at_their_own_points(instructor_client, quiz, bank):
    quiz_item_add_fixed(quiz=quiz, question=bank.questions.get(current_version__title="UN panel"))
    chosen = [pk(bank, "Overseas labour in Russia"), pk(bank, "Bureau 39 and the party's money")]

    response = instructor_client.post(url(quiz), {"question": chosen, "points": ""}, follow=True)

    assert response.redirect_chain == [(quiz.get_absolute_url(), 302)]
    assert "Added 2 questions." in response.text
    assert items_of(quiz) == [(1, "UN panel", Decimal(1)), (2, "Bureau 39 and the party's money", Decimal(1)),
                              (3, "Overseas labour in Russia", Decimal(3))]  # in the list's order


def test_points_given_apply_to_every_ticked_question(instructor_client, quiz, bank):
    chosen = [pk(bank, "Overseas labour in Russia"), pk(bank, "UN panel")]
    assert instructor_client.post(url(quiz), {"question": chosen, "points": "2.5"}).status_code == 302
    assert [points for _pos, _title, points in items_of(quiz)] == [Decimal("2.5"), Decimal("2.5")]


@pytest.mark.parametrize(("data", "message"), [
    ({"question": []}, "Tick at least one question."),
    ({"question": ["999999"]}, "One of the ticked questions cannot be added"),
    ({"question": ["abc"]}, "One of the ticked questions cannot be added"),
    ({"points": "-1"}, "Ensure this value is greater than or equal to 0."),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_added(instructor_client, quiz, bank, data, message):
    data = {"question": [pk(bank, "UN panel")], **data}
    response = instructor_client.post(url(quiz, q="panel"), data)
    assert response.status_code == 400 and message in html.unescape(response.text)
    assert not QuizItem.objects.exists()
    assert listed(response) == ["UN panel"]  # the search is kept


def test_one_question_already_in_the_quiz_refuses_the_lot(instructor_client, quiz, bank):
    chosen = [pk(bank, "UN panel"), pk(bank, "Ship-to-ship transfers")]
    quiz_item_add_fixed(quiz=quiz, question=bank.questions.get(current_version__title="UN panel"))
    response = instructor_client.post(url(quiz), {"question": chosen})
    assert response.status_code == 400 and "Nothing was added." in response.text
    assert quiz.items.count() == 1


def test_the_service_adds_all_or_none(quiz, bank):
    questions = list(bank.questions.select_related("current_version").order_by("position"))
    quiz_item_add_fixed(quiz=quiz, question=questions[2])
    with pytest.raises(ValidationError, match="1 of these questions is already in this quiz"):
        quiz_items_add_fixed(quiz=quiz, questions=questions)
    assert quiz.items.count() == 1


def test_another_instructors_question_cannot_be_posted(instructor_client, other_instructor, quiz):
    foreign = make_bank(other_instructor, [tagged(9)]).questions.get()
    response = instructor_client.post(url(quiz), {"question": [foreign.pk]})
    assert response.status_code == 400 and not QuizItem.objects.exists()


def test_ticking_questions_a_draw_needs_asks_first(instructor_client, quiz, bank):
    week2 = bank.questions.get(current_version__title="UN panel").tags.get()
    quiz_item_add_draw(quiz=quiz, bank=bank, tag=week2, count=2)
    data = {"question": [pk(bank, "UN panel")]}

    asked = instructor_client.post(url(quiz), data)

    assert asked.status_code == 400 and quiz.items.count() == 1
    assert ("The draw of 2 questions from “Sanctions” tagged “week 2” has only 1 to pick from"
            in html.unescape(asked.text))
    value = re.search(r'name="confirm" value="([0-9a-f]+)"', asked.text).group(1)
    assert instructor_client.post(url(quiz), {**data, "confirm": value}).status_code == 302
    assert quiz.items.count() == 2


# --- query counts ------------------------------------------------------------------------------------

FIX = ("The picker must not query per question: load them in quizzes.picker.pickable (select_related, "
       "prefetch_related) and add them in one bulk_create (quizzes.services.quizzes.quiz_items_add_fixed).")


@pytest.fixture
def add_questions(instructor):
    def add(count: int):
        make_bank(instructor, [tagged(n, f"tag {n % 3}") for n in range(count)])
    return add


def test_the_picker_costs_the_same_for_5_or_100_questions(instructor_client, quiz, add_questions):
    # 1 session, 2 user, 3 the quiz, 4 the questions with versions and banks, 5 their tags
    small, large = assert_same_queries(grow=add_questions, fetch=lambda: instructor_client.get(url(quiz)),
                                       sizes=(5, 100), at_most=5, fix=FIX)
    assert large.text.count('name="question"') == 100


def test_adding_costs_the_same_for_5_or_60_questions(instructor_client, instructor):
    def build(size):
        quiz = quiz_create(owner=instructor, title=f"Quiz of {size}")
        bank = make_bank(instructor, [tagged(n) for n in range(size)])
        return quiz, [q.pk for q in bank.questions.all()]

    def post(built):
        quiz, ids = built
        response = instructor_client.post(url(quiz), {"question": ids})
        assert response.status_code == 302
        return quiz

    # 1 session, 2 user, 3 the quiz, 4-5 the pickable questions and their tags, 6 the quiz's items (draws to
    # check), then the service: 7 savepoint, 8 lock the quiz, 9 none already in it, 10 the last position,
    # 11 one insert of every item, 12 release
    quizzes = assert_same_queries(build=build, fetch=post, sizes=(5, 60), at_most=12, fix=FIX)
    assert quizzes[-1].items.count() == 60


def test_adding_one_question_a_draw_needs_asks_first_too(instructor_client, quiz, bank):
    week2 = bank.questions.get(current_version__title="UN panel").tags.get()
    quiz_item_add_draw(quiz=quiz, bank=bank, tag=week2, count=2)
    data = {"fixed-question": pk(bank, "UN panel"), "fixed-points": ""}
    add = reverse("quizzes:quiz-item-add-fixed", args=[quiz.pk])

    asked = instructor_client.post(add, data)

    assert asked.status_code == 400 and quiz.items.count() == 1
    assert "has only 1 to pick from" in html.unescape(asked.text)
    value = re.search(r'name="confirm" value="([0-9a-f]+)"', asked.text).group(1)
    assert instructor_client.post(add, {**data, "confirm": value}).status_code == 302
    assert quiz.items.count() == 2
