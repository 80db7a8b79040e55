"""Bank pages: who may see them, bulk tagging, a query count that does not grow, and export."""

import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from banks.formats.base import ParsedBank
from banks.models import Question, QuestionBank
from banks.services import bank_import
from banks.spec import AcceptedAnswer, Choice, Pair, QuestionSpec
from banks.spec import QuestionType as T
from tests.query_counts import assert_same_queries


def choice_question(n: int) -> QuestionSpec:
    return QuestionSpec(type=T.SINGLE_CHOICE, prompt=f"Question **{n}**: which?", title=f"Q{n}",
                        choices=(Choice("Right", True), Choice("Wrong")), tags=("week 1", f"set {n % 3}"))


@pytest.fixture
def bank(instructor):
    return bank_import(owner=instructor, title="North Korea: sanctions", parsed=ParsedBank(questions=[
        choice_question(1),
        QuestionSpec(type=T.SHORT_ANSWER, prompt="Name the capital.", answers=(AcceptedAnswer("Pyongyang"),)),
    ]))


# --- who may do what -------------------------------------------------------------------------------

BANK_URLS = [  # name, needs the bank's pk, method, status for the owner
    ("bank-detail", "get", 200), ("bank-edit", "get", 200), ("bank-tag", "post", 302),
    ("bank-export-gift", "get", 200), ("bank-export-text2qti", "get", 200), ("question-add", "get", 200),
]


def bank_url(name, bank):
    if name.startswith("bank-export-"):
        return reverse("banks:bank-export", args=[bank.pk, name.removeprefix("bank-export-")])
    return reverse(f"banks:{name}", args=[bank.pk])


@pytest.mark.parametrize("name", ["bank-list", "bank-create"])
def test_bank_list_and_create_send_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(f"banks:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["bank-list", "bank-create"])
def test_bank_list_and_create_are_forbidden_to_students(student_client, name):
    assert student_client.get(reverse(f"banks:{name}")).status_code == 403
    assert student_client.post(reverse("banks:bank-create"), {"title": "Mine"}).status_code == 403
    assert not QuestionBank.objects.exists()


def test_the_bank_list_shows_other_instructors_only_their_own_banks(client, other_instructor, bank):
    QuestionBank.objects.create(owner=other_instructor, title="Oscar's own bank")
    client.force_login(other_instructor)

    response = client.get(reverse("banks:bank-list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "own bank" in html
    assert "North Korea: sanctions" not in html


def test_an_instructor_can_create_a_bank(instructor_client, instructor):
    assert instructor_client.get(reverse("banks:bank-create")).status_code == 200
    response = instructor_client.post(reverse("banks:bank-create"), {"title": "Week 4"})
    bank = QuestionBank.objects.get()
    assert response.status_code == 302 and response.url == bank.get_absolute_url()
    assert (bank.title, bank.owner) == ("Week 4", instructor)


@pytest.mark.parametrize(("name", "method", "status"), BANK_URLS)
def test_bank_pages_send_anonymous_visitors_to_log_in(client, bank, name, method, status):
    response = getattr(client, method)(bank_url(name, bank))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method", "status"), BANK_URLS)
def test_bank_pages_are_forbidden_to_students(student_client, bank, name, method, status):
    assert getattr(student_client, method)(bank_url(name, bank)).status_code == 403


@pytest.mark.parametrize(("name", "method", "status"), BANK_URLS)
def test_bank_pages_are_not_found_for_other_instructors(client, other_instructor, bank, name, method, status):
    client.force_login(other_instructor)
    assert getattr(client, method)(bank_url(name, bank), {"question": "1", "tags": "x"}).status_code == 404


@pytest.mark.parametrize(("name", "method", "status"), BANK_URLS)
def test_bank_pages_work_for_the_owner(instructor_client, bank, name, method, status):
    assert getattr(instructor_client, method)(bank_url(name, bank)).status_code == status


def test_editing_someone_elses_bank_changes_nothing(client, other_instructor, bank):
    client.force_login(other_instructor)
    response = client.post(reverse("banks:bank-edit", args=[bank.pk]), {"title": "Taken over"})
    assert response.status_code == 404
    bank.refresh_from_db()
    assert bank.title == "North Korea: sanctions"


# --- the bank page ---------------------------------------------------------------------------------


def test_the_bank_page_lists_questions_with_their_actions(instructor_client, bank):
    response = instructor_client.get(reverse("banks:bank-detail", args=[bank.pk]))
    html = response.content.decode()
    question = bank.questions.first()
    assert "Question <strong>1</strong>: which?" in html
    for name in ("question-edit", "question-try", "question-duplicate", "question-move", "question-delete"):
        assert reverse(f"banks:{name}", args=[bank.pk, question.pk]) in html
    assert reverse("banks:question-add", args=[bank.pk]) in html


def test_archived_questions_are_not_listed(instructor_client, bank):
    Question.objects.filter(bank=bank, current_version__type="short_answer").update(is_archived=True)
    response = instructor_client.get(reverse("banks:bank-detail", args=[bank.pk]))
    assert "Name the capital." not in response.content.decode()


def test_bulk_tag_adds_tags_to_the_selected_questions_only(instructor_client, bank):
    first, second = bank.questions.order_by("position")

    response = instructor_client.post(reverse("banks:bank-tag", args=[bank.pk]),
                                      {"question": [str(second.pk)], "tags": "review, week 1"}, follow=True)

    assert "Tagged 1 question(s)." in response.content.decode()
    assert sorted(second.tags.values_list("name", flat=True)) == ["review", "week 1"]
    assert sorted(first.tags.values_list("name", flat=True)) == ["set 1", "week 1"]


def test_bulk_tag_needs_questions_and_tags(instructor_client, bank):
    response = instructor_client.post(reverse("banks:bank-tag", args=[bank.pk]), {"tags": "review"}, follow=True)
    assert "Select questions and type at least one tag." in response.content.decode()
    assert not Question.tags.through.objects.filter(tag__name="review").exists()


def test_bulk_tag_ignores_questions_of_other_banks(instructor_client, other_instructor, bank):
    theirs = bank_import(owner=other_instructor, parsed=ParsedBank(questions=[choice_question(9)]))
    their_question = theirs.questions.get()

    instructor_client.post(reverse("banks:bank-tag", args=[bank.pk]),
                           {"question": [str(their_question.pk)], "tags": "stolen"})

    assert not their_question.tags.filter(name="stolen").exists()


BANK_FIX = ("The bank page and its export must not query per question: add select_related/prefetch_related to "
            "QuestionQuerySet.for_bank_page rather than raising the limit.")


@pytest.fixture
def big_bank(instructor):
    """An empty bank and ``add(n)``, which imports n more numbered questions into it."""
    bank = QuestionBank.objects.create(owner=instructor, title="Big")
    numbers = itertools.count()

    def add(count: int):
        bank_import(owner=instructor, bank=bank, parsed=ParsedBank(
            questions=[choice_question(n) for n in itertools.islice(numbers, count)]))

    return bank, add


def test_the_bank_page_makes_the_same_queries_for_10_and_500_questions(instructor_client, big_bank):
    bank, add = big_bank
    url = reverse("banks:bank-detail", args=[bank.pk])
    # 1 the session            2 the signed-in user       3 the bank, if visible to the user (with its owner)
    # 4 the bank's linked cases (whether to offer the case-pack export)
    # 5 the questions of the bank with their current versions (select_related)
    # 6 the tags of those questions (prefetch_related)
    pages = assert_same_queries(grow=add, fetch=lambda: instructor_client.get(url), sizes=(10, 500), at_most=6,
                                fix=BANK_FIX)
    for size, page in zip((10, 500), pages):
        assert page.status_code == 200
        assert page.text.count('name="question"') == size


def test_an_export_makes_the_same_queries_for_10_and_200_questions(instructor_client, big_bank):
    bank, add = big_bank
    url = reverse("banks:bank-export", args=[bank.pk, "gift"])
    # 1 the session, 2 the signed-in user, 3 the bank with its owner, 4 the questions with their current
    # versions (select_related), 5 their tags (prefetch_related)
    files = assert_same_queries(grow=add, fetch=lambda: instructor_client.get(url), sizes=(10, 200), at_most=5,
                                fix=BANK_FIX)
    assert [file.content.decode().count("::Q") for file in files] == [10, 200]


# --- export ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "extension", "expected"), [
    ("gift", "gift", "::Q1::"), ("text2qti", "txt", "1.  Question **1**: which?"),
])
def test_export_downloads_the_bank_as_a_file(instructor_client, bank, fmt, extension, expected):
    response = instructor_client.get(reverse("banks:bank-export", args=[bank.pk, fmt]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="north-korea-sanctions.{extension}"'
    text = response.content.decode()
    assert expected in text
    assert "Pyongyang" in text


def test_an_unknown_export_format_is_not_found(instructor_client, bank):
    assert instructor_client.get(reverse("banks:bank-export", args=[bank.pk, "docx"])).status_code == 404


@pytest.fixture
def bank_with_ordering(instructor):
    return bank_import(owner=instructor, title="Mixed", parsed=ParsedBank(questions=[
        choice_question(1),
        QuestionSpec(type=T.ORDERING, prompt="Put these in order.", title="Timeline", items=("War", "Famine")),
        QuestionSpec(type=T.MATCHING, prompt="Match them.", pairs=(Pair("A", "1"), Pair("B", "2"))),
    ]))


@pytest.mark.parametrize("fmt", ["gift", "text2qti"])
def test_export_lists_the_questions_a_format_cannot_hold_instead_of_failing(instructor_client, bank_with_ordering,
                                                                           fmt):
    url = reverse("banks:bank-export", args=[bank_with_ordering.pk, fmt])

    response = instructor_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Disposition" not in response
    html = response.content.decode()
    assert "Question 2" in html and "Timeline" in html
    assert f"{url}?partial=1" in html


@pytest.mark.parametrize("fmt", ["gift", "text2qti"])
def test_export_can_download_the_questions_a_format_can_hold(instructor_client, bank_with_ordering, fmt):
    url = reverse("banks:bank-export", args=[bank_with_ordering.pk, fmt])

    response = instructor_client.get(url, {"partial": "1"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode()
    assert "Question **1**" in text
    assert "Put these in order." not in text


def test_exported_points_survive(instructor_client, instructor):
    bank = bank_import(owner=instructor, title="Points", parsed=ParsedBank(questions=[
        QuestionSpec(type=T.ESSAY, prompt="Discuss.", points=Decimal(5))]))
    response = instructor_client.get(reverse("banks:bank-export", args=[bank.pk, "text2qti"]))
    assert "Points: 5" in response.content.decode()
