"""The import preview shows each question's whole key before anything is saved: which choices are right
(with weights and feedback), every accepted answer, numeric tolerances and ranges, pairs and distractors,
order, blanks, feedback and points. A question the file leaves untitled gets its prompt's first words, and
a bank the file leaves unnamed its GIFT category, or else the file's name."""

import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from banks.keys import full_key
from banks.models import Question, QuestionBank
from banks.rendering import render_spec
from banks.spec import AcceptedAnswer, Blank, Choice, Item, QuestionSpec, QuestionType, Scoring

URL = reverse("banks:bank-import")

GIFT = """\
$CATEGORY: $course$/top/Unit 1/Week 3 sanctions

::Bureau::Which office runs the regime's money? {
  =Bureau 39 #Right: the party's own.
  ~Bureau 121 #That one runs hackers.
  ~The Central Bank
}

Which countries receive most workers? {~%50%Russia ~%50%China ~%-100%Brazil}

Name the bureau. {=Bureau 39 =%50%Bureau}

What percentage of wages does the state take? {#95:1}

Within which range does the figure fall? {#90..100}

The office is called {=Bureau 39} and reports to the Central Committee.

Match each activity to its region. {
  =Poaching -> Africa
  =Labour -> Russia
  = -> Antarctica
}

Were the sanctions effective? {}
"""


def text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def cards(response) -> list[str]:
    """Each previewed question's card, as text."""
    page = response.content.decode()
    return [html.unescape(re.sub(r"<[^>]+>", " ", card)) for card in page.split('class="card mb-3 import-question"')[1:]]


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value)


@pytest.fixture
def preview(instructor_client):
    response = instructor_client.post(URL, {"text": GIFT, "format": "gift", "action": "preview"})
    assert response.status_code == 200
    return [squash(card) for card in cards(response)]


def test_choices_are_marked_right_or_wrong_with_their_feedback(preview):
    first = preview[0]
    assert "Answer key · 1 point" in first
    assert "Correct: Bureau 39 (Feedback: Right: the party's own.)" in first
    assert "Wrong: Bureau 121 (Feedback: That one runs hackers.)" in first
    assert "Wrong: The Central Bank" in first


def test_weighted_choices_show_their_weights_and_the_scoring(preview):
    multi = preview[1]
    assert "Weights: each ticked choice earns its weight %" in multi
    assert "Correct: Russia" in multi and "Correct: China" in multi  # equal shares: GIFT keeps no weight
    assert "Wrong: Brazil (weight -100%)" in multi


def test_every_accepted_answer_shows_with_its_credit(preview):
    assert "Bureau 39" in preview[2] and "Bureau (50% credit)" in preview[2]


def test_numbers_show_their_tolerance_and_ranges(preview):
    assert "95 ± 1" in preview[3]
    assert "from 90 to 100" in preview[4]


def test_blanks_show_their_answers(preview):
    assert "Blank 1: Bureau 39" in preview[5]


def test_pairs_and_distractors_show(preview):
    assert "Poaching → Africa" in preview[6] and "Labour → Russia" in preview[6]
    assert "Distractor: Antarctica" in preview[6]


def test_an_essay_says_it_is_graded_by_hand(preview):
    assert "Graded by hand" in preview[7]


def test_untitled_questions_get_their_prompts_first_words_in_the_preview_and_once_saved(instructor_client, preview):
    assert "Question 2 · Which countries receive most workers?" in preview[1]
    assert "Question 1 · Bureau" in preview[0]  # a title the file gives is kept
    response = instructor_client.post(URL, {"text": GIFT, "format": "gift", "action": "import"})
    assert response.status_code == 302
    titles = list(Question.objects.order_by("position").values_list("current_version__title", flat=True))
    assert titles == ["Bureau", "Which countries receive most workers?", "Name the bureau.",
                      "What percentage of wages does the state take?", "Within which range does the figure fall?",
                      "The office is called … and reports to…", "Match each activity to its region.",
                      "Were the sanctions effective?"]


def test_the_gift_category_names_the_bank(instructor_client):
    instructor_client.post(URL, {"text": GIFT, "format": "gift", "action": "import"})
    assert QuestionBank.objects.get().title == "Week 3 sanctions"


def test_without_a_category_the_file_name_names_the_bank_even_after_the_preview(instructor_client):
    upload = SimpleUploadedFile("week_4-labour.gift", b"Name the bureau. {=Bureau 39}\n")
    previewed = instructor_client.post(URL, {"file": upload, "format": "auto", "action": "preview"})
    assert previewed.status_code == 200 and "week 4-labour" in text(previewed)
    # The preview puts the file's text in the box: importing from there keeps the file's name.
    again = instructor_client.post(URL, {"text": "Name the bureau. {=Bureau 39}\n", "format": "auto",
                                         "filename": "week_4-labour.gift", "action": "import"})
    assert again.status_code == 302
    assert QuestionBank.objects.get().title == "week 4-labour"
    assert 'name="filename" value="week_4-labour.gift"' in previewed.content.decode()


def test_a_text2qti_quiz_title_names_the_bank_over_the_file_name(instructor_client):
    upload = SimpleUploadedFile("export.txt", b"Quiz title: Forced labour abroad\n\n1.  Pick B.\na) A\n*b) B\n")
    assert instructor_client.post(URL, {"file": upload, "format": "auto", "action": "import"}).status_code == 302
    assert QuestionBank.objects.get().title == "Forced labour abroad"


def test_a_file_with_an_error_shows_no_key_and_saves_nothing(instructor_client):
    response = instructor_client.post(URL, {"text": GIFT + "\nBroken {=a ~b\n", "format": "gift", "action": "import"})
    assert response.status_code == 400
    assert not QuestionBank.objects.exists() and not Question.objects.exists()
    assert "nothing was imported" in text(response)


# --- the key itself, for the types no text format holds ----------------------------------------------


def key_text(spec) -> list[str]:
    key = full_key(spec, render_spec(spec))
    return [f"{line.get('label', '')}: {re.sub('<[^>]+>', '', str(line['html']))}" for line in key["lines"]]


def test_ordering_lists_the_items_in_their_right_order():
    spec = QuestionSpec(type=QuestionType.ORDERING, prompt="Order them.", items=(Item("First"), Item("Second")))
    assert key_text(spec) == ["1: First", "2: Second"]


def test_dropdowns_name_each_blanks_right_choice():
    spec = QuestionSpec(type=QuestionType.DROPDOWNS, prompt="It is [[a]].",
                        blanks=(Blank("a", choices=(Choice("red"), Choice("blue", correct=True))),))
    assert key_text(spec) == ["Blank 1: blue"]  # blanks are numbered in reading order, as the fields are


def test_fill_in_blanks_are_named_in_reading_order_as_their_fields_are():
    spec = QuestionSpec(type=QuestionType.FILL_BLANKS, prompt="First [[late]], then [[early]].",
                        blanks=(Blank("early", (AcceptedAnswer("two"),)), Blank("late", (AcceptedAnswer("one"),))))
    assert sorted(key_text(spec)) == ["Blank 1: one", "Blank 2: two"]


def test_scoring_and_the_feedback_for_everyone_are_named():
    spec = QuestionSpec(type=QuestionType.MULTIPLE_ANSWER, prompt="Pick.", points=Decimal(2),
                        scoring=Scoring.RIGHT_MINUS_WRONG, general_feedback="See **p-4**.",
                        choices=(Choice("A", correct=True), Choice("B")))
    key = full_key(spec, render_spec(spec))
    assert key["scoring"].startswith("Right minus wrong")
    assert key["feedback"] == [("Feedback for everyone", "See <strong>p-4</strong>.")]


def test_a_question_with_no_right_answer_is_flagged():
    spec = QuestionSpec(type=QuestionType.SHORT_ANSWER, prompt="Name it.")
    shown = render_to_string("banks/_full_key.html", {"key": full_key(spec, render_spec(spec)), "spec": spec})
    assert "No right answer: every answer would score 0." in shown


def test_an_imported_untitled_question_keeps_its_title_in_grading_analysis_and_the_csv(instructor_client, instructor,
                                                                                     student, cohort):
    from django.utils import timezone

    from quizzes.models import Assignment, Quiz, QuizItem
    from tests.grading.conftest import submit

    file = "Pick B. {=B ~A}\n\nWere the sanctions on oil effective at all? {}\n"
    assert instructor_client.post(URL, {"text": file, "format": "gift", "action": "import"}).status_code == 302
    quiz = Quiz.objects.create(title="Imported", owner=instructor)
    for position, question in enumerate(Question.objects.order_by("position"), start=1):
        QuizItem.objects.create(quiz=quiz, question=question, position=position, points=question.current_version.points)
    now = timezone.now()
    assignment = Assignment.objects.create(quiz=quiz, cohort=cohort, opens_at=now, due_at=now + timezone.timedelta(1),
                                           closes_at=now + timezone.timedelta(1))
    submit(assignment, student, {1: 0, 2: "Not really."})
    essay = Question.objects.get(current_version__type="essay")

    pages = [instructor_client.get(reverse("grading:grading-overview", args=[assignment.pk])),
             instructor_client.get(reverse("grading:grading-queue", args=[assignment.pk, essay.pk])),
             instructor_client.get(reverse("grading:analysis", args=[assignment.pk])),
             instructor_client.get(reverse("gradebook:responses-csv", args=[cohort.pk]))]
    for page in pages:
        body = b"".join(page.streaming_content) if page.streaming else page.content
        shown = html.unescape(body.decode())
        assert "Were the sanctions on oil effective at all?" in shown, page.request["PATH_INFO"]
        assert "Untitled question" not in shown
