"""Fill-in and dropdown blanks sit in the sentence on every page that shows a question: the attempt, the
student's and the staff review, the quiz preview and an import's preview (try it: tests/banks/
test_dropdowns.py). Each field is labelled "Blank n of m"; no page shows a raw [[id]] marker, and what a
student typed is escaped, never markup."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from banks.spec import AcceptedAnswer, Blank, Choice, QuestionSpec, QuestionType, Scoring
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.quiz_builders import enrol, make_assignment

FILL = QuestionSpec(type=QuestionType.FILL_BLANKS, title="Fill", scoring=Scoring.PER_PART, points=Decimal(2),
                    prompt="Workers earn [[pay]] a month; the state keeps [[share]].",
                    blanks=(Blank("pay", (AcceptedAnswer("$120"),)), Blank("share", (AcceptedAnswer("most"),))))
DROPS = QuestionSpec(type=QuestionType.DROPDOWNS, title="Drops", scoring=Scoring.PER_PART,
                     prompt="The money goes to [[where]].",
                     blanks=(Blank("where", choices=(Choice("Pyongyang", True), Choice("the workers"))),))
HOSTILE = '"><script>alert(1)</script>'


def _prompt(page: str, position: int) -> str:
    """The prompt of question ``position`` on a page, up to the end of its <div>."""
    start = page.index('class="question-prompt', page.index(f'id="q-{position}"'))
    return page[start:page.index("</div>", start)]


def _assert_inline(prompt: str, name: str, blank: str, label: str):
    assert re.search(rf'<label class="visually-hidden" for="{name}-{blank}">{label}</label>'
                     rf'<(input|select) class="form-(control|select) blank-field', prompt), prompt


@pytest.fixture
def attempt(instructor, student):
    assignment = make_assignment(instructor=instructor, specs=[FILL, DROPS], review="full")
    enrol(assignment, student)
    return attempt_start(assignment=assignment, student=student)


def test_the_attempt_page_puts_each_field_in_the_sentence(student_client, attempt):
    page = student_client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()

    fill, drops = _prompt(page, 1), _prompt(page, 2)
    assert fill.index("Workers earn ") < fill.index('name="q-1-pay"') < fill.index(" a month; the state keeps ")
    _assert_inline(fill, "q-1", "pay", "Blank 1 of 2")
    _assert_inline(fill, "q-1", "share", "Blank 2 of 2")
    _assert_inline(drops, "q-2", "where", "Blank 1 of 1")
    assert "[[" not in page and "$120" not in page  # no marker, no key


def test_autosave_takes_the_inline_fields_by_their_names(student_client, attempt):
    url = reverse("quizzes:answer-save", args=[attempt.pk, 1])

    response = student_client.post(url, {"q-1-pay": "$120", "q-1-share": HOSTILE})

    assert response.status_code == 200
    assert attempt.questions.get(position=1).response == {"pay": "$120", "share": HOSTILE}
    page = student_client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert 'value="$120"' in _prompt(page, 1) and "<script>alert" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in _prompt(page, 1)


def test_both_reviews_show_the_answers_in_the_sentence_and_number_the_key_alike(login_as, instructor, student,
                                                                                 attempt):
    where = attempt.questions.get(position=2).version.question_spec.blanks[0].choice_ids()[1]
    answer_save(attempt=attempt, position=1, response={"pay": HOSTILE, "share": "most"})
    answer_save(attempt=attempt, position=2, response={"where": where})
    attempt_submit(attempt=attempt)

    mine = login_as(student).get(reverse("gradebook:attempt-review", args=[attempt.pk])).content.decode()
    staff = login_as(instructor).get(reverse("gradebook:gradebook-attempt", args=[attempt.pk])).content.decode()

    for page in (mine, staff):
        fill, drops = _prompt(page, 1), _prompt(page, 2)
        _assert_inline(fill, "q-1", "pay", "Blank 1 of 2")
        assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in fill and "<script>alert" not in page
        assert re.search(rf'<option value="{where}" selected>the workers</option>', drops)
        assert re.search(r"Blank 1:</span>\s*\$120", page)  # the key line is numbered as its field
        assert "[[" not in page


def test_the_quiz_preview_puts_the_fields_in_the_sentence(instructor_client, attempt):
    page = instructor_client.get(reverse("quizzes:quiz-preview", args=[attempt.assignment.quiz_id])).content.decode()

    assert "[[" not in page
    assert re.search(r'for="q-preview-1-pay">Blank 1 of 2</label><input class="form-control blank-field', page)
    assert re.search(r'for="q-preview-2-where">Blank 1 of 1</label><select class="form-select blank-field', page)


def test_an_import_preview_puts_the_fields_in_the_sentence(instructor_client):
    gift = "::Fill:: Workers earn {=$120} a month.\n"
    response = instructor_client.post(reverse("banks:bank-import"), {"format": "gift", "text": gift,
                                                                     "action": "preview"})

    page = response.content.decode()
    assert response.status_code == 200, page
    assert "[[" not in page
    assert re.search(r'Workers earn <label class="visually-hidden" for="q-1-[^"]+">Blank 1 of 1</label><input', page)
