"""The dropdowns type (Canvas's "multiple dropdowns"): a blank in the prompt per list of choices.

Pure parts first (grading, codec, ids, responses), then the editor, try it, a taken quiz's review and
the responses CSV, so the type is known to work through the whole stack and not just in the grader.
"""

import dataclasses
import re
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from banks.autograde import GradeStatus, correct_response, grade
from banks.codec import spec_from_dict, spec_to_dict
from banks.formats import gift, text2qti
from banks.identity import with_ids
from banks.responses import lost_parts, response_from_post, response_problem, response_text
from banks.spec import Blank, Choice, QuestionSpec, Scoring
from banks.spec import QuestionType as T

SPEC = QuestionSpec(
    type=T.DROPDOWNS, prompt="The capital is [[city]] and the currency is the [[money]].", points=Decimal("0.30"),
    scoring=Scoring.PER_PART,
    blanks=(Blank("city", choices=(Choice("Seoul"), Choice("Pyongyang", True, feedback="Yes."), Choice("Kaesong"))),
            Blank("money", choices=(Choice("won", True), Choice("yen"), Choice("half", weight=Decimal("0.5"))))),
)
SAVED = with_ids(SPEC)


def ids(spec, blank):
    return spec.blanks[blank].choice_ids()


def test_the_key_earns_full_marks_and_a_spec_never_saved_is_answered_by_position():
    assert correct_response(SPEC) == {"city": "1", "money": "0"}
    assert grade(SPEC, correct_response(SPEC)).status == GradeStatus.CORRECT
    assert grade(SAVED, correct_response(SAVED)).score == Decimal("0.30")


def test_each_blank_earns_its_share_exactly_under_per_part():
    one_right = {"city": ids(SAVED, 0)[1], "money": ids(SAVED, 1)[1]}
    result = grade(SAVED, one_right)
    assert (result.score, result.status) == (Decimal("0.15"), GradeStatus.PARTIAL)
    assert [(p.key, p.correct) for p in result.parts] == [("city", True), ("money", False)]
    assert result.feedback[0] == "Yes."
    weighted = grade(SAVED, {"city": ids(SAVED, 0)[0], "money": ids(SAVED, 1)[2]})
    assert weighted.score == Decimal("0.08")  # half of one blank of 0.30: 0.075, rounded half up


def test_all_or_nothing_needs_every_blank():
    strict = dataclasses.replace(SAVED, scoring=Scoring.ALL_OR_NOTHING)
    assert grade(strict, {"city": ids(SAVED, 0)[1]}).score == Decimal("0.00")


def test_an_unknown_choice_earns_nothing_with_a_reason_and_an_empty_answer_is_unanswered():
    assert grade(SAVED, {"city": ids(SAVED, 1)[0]}).reason == "unknown choice"  # another blank's choice
    assert grade(SAVED, {"city": "", "money": None}).status == GradeStatus.UNANSWERED
    assert grade(SAVED, ["not", "a", "dict"]).reason


@given(st.one_of(st.none(), st.text(), st.integers(), st.lists(st.text()),
                 st.dictionaries(st.sampled_from(["city", "money", "x"]),
                                 st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text())))))
def test_grading_never_raises_and_stays_within_the_points(response):
    result = grade(SAVED, response)
    assert Decimal(0) <= result.score <= result.max_score


def test_the_codec_keeps_the_choices_ids_weights_and_feedback():
    assert spec_from_dict(spec_to_dict(SAVED)) == SAVED
    assert spec_from_dict(spec_to_dict(SPEC)) == SPEC
    assert "choices" not in spec_to_dict(QuestionSpec(type=T.FILL_BLANKS, prompt="[[1]]", blanks=(Blank("1"),)))["blanks"][0]


def test_a_new_version_keeps_each_choice_id_within_its_blank():
    moved = dataclasses.replace(SAVED, blanks=(
        dataclasses.replace(SAVED.blanks[0], choices=(Choice("Kaesong"), Choice("Pyongyang", True), Choice("Hamhung"))),
        SAVED.blanks[1]))
    again = with_ids(moved, [SAVED])
    assert again.blanks[0].choices[1].id == SAVED.blanks[0].choices[1].id
    assert again.blanks[0].choices[0].id == SAVED.blanks[0].choices[2].id
    assert again.blanks[0].choices[2].id not in ids(SAVED, 0)
    assert again.blanks[1] == SAVED.blanks[1]


def test_responses_come_from_the_form_and_read_as_text():
    city, money = ids(SAVED, 0)[1], ids(SAVED, 1)[0]
    data = QueryDict(mutable=True)
    data.update({"q-1-city": city, "q-1-money": "", "q-1-other": "x"})
    assert response_from_post(SAVED, data, "q-1") == {"city": city}
    assert response_problem(SAVED, {"city": city, "money": money}) is None
    assert response_problem(SAVED, {"city": money}) == "unknown choice"
    assert response_text(SAVED, {"city": city, "money": "gone"}) == "city: Pyongyang; money: #gone"
    fewer = with_ids(dataclasses.replace(SAVED, blanks=(SAVED.blanks[0], Blank("money", choices=(Choice("won"),)))),
                     [SAVED])
    assert lost_parts(SAVED, fewer, {"money": ids(SAVED, 1)[1]}) == ("yen",)


def test_the_plain_text_formats_name_it_as_something_they_cannot_hold():
    assert "dropdown" in gift.unsupported(SPEC)
    assert "dropdown" in text2qti.unsupported(SPEC)


# --- through the stack --------------------------------------------------------------------------------


@pytest.fixture
def question(instructor):
    from banks.models import QuestionBank
    from banks.services import question_create
    bank = QuestionBank.objects.create(owner=instructor, title="Capitals")
    return question_create(bank=bank, spec=SPEC, created_by=instructor)


def test_the_editor_writes_and_reads_dropdowns(instructor_client, question):
    url = reverse("banks:question-edit", args=[question.bank_id, question.pk])
    page = instructor_client.get(url).content.decode()
    assert "*Pyongyang" in page  # the correct choice's line starts with *

    rows = [{"id": "city", "choices": "Seoul\n*Pyongyang\nKaesong"}, {"id": "money", "choices": "*won\nyen\nhalf"}]
    response = instructor_client.post(url, _post(rows))
    form = response.context and response.context.get("form")
    assert response.status_code == 302, (form.errors, form.formset.errors, form.formset.non_form_errors())
    question.refresh_from_db()
    saved = question.current_version.question_spec
    assert saved.blanks[0].choices[1].feedback == "Yes."  # an unchanged line keeps what the editor does not show
    assert saved.blanks[0].choice_ids() == ids(question.versions.get(number=1).question_spec, 0)


def _post(rows):
    data = {"prompt": SPEC.prompt, "points": "1", "scoring": "per_part","blanks-TOTAL_FORMS": str(len(rows)), "blanks-INITIAL_FORMS": str(len(rows)), "blanks-MIN_NUM_FORMS": "0",
            "blanks-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data |= {f"blanks-{i}-{name}": value for name, value in row.items()}
    return data


def test_the_editor_refuses_a_dropdown_without_one_correct_choice(instructor_client, question):
    url = reverse("banks:question-edit", args=[question.bank_id, question.pk])
    rows = [{"id": "city", "choices": "Seoul\nPyongyang"}, {"id": "money", "choices": "*won\n*yen"}]
    response = instructor_client.post(url, _post(rows))
    assert response.status_code == 400
    assert "Mark exactly one choice as correct" in response.content.decode()
    assert question.versions.count() == 1


def test_try_it_shows_one_labelled_select_in_the_sentence_per_blank_without_the_key(instructor_client, question):
    page = instructor_client.get(reverse("banks:question-try", args=[question.bank_id, question.pk])).content.decode()
    name = f"q-{question.pk}"
    prompt = page[page.index('class="question-prompt'):]
    prompt = prompt[:prompt.index("</div>")]
    assert f'The capital is <label class="visually-hidden" for="{name}-city">Blank 1 of 2</label><select' in prompt
    assert (f'the currency is the <label class="visually-hidden" for="{name}-money">Blank 2 of 2</label>'
            f'<select class="form-select blank-field blank-select" name="{name}-money" id="{name}-money">') in prompt
    assert "[[" not in page and "Yes." not in page and "selected" not in page


def test_a_taken_quiz_grades_reviews_and_exports_dropdowns(login_as, instructor, student):
    from quizzes.services.answers import answer_save
    from quizzes.services.attempts import attempt_start, attempt_submit
    from tests.gradebook.test_exports import read_csv
    from tests.quiz_builders import enrol, make_assignment
    assignment = make_assignment(instructor=instructor, specs=[SPEC], review="full")
    enrol(assignment, student)
    attempt = attempt_start(assignment=assignment, student=student)
    spec = attempt.questions.get().version.question_spec
    answer_save(attempt=attempt, position=1, response={"city": ids(spec, 0)[1], "money": ids(spec, 1)[1]})
    attempt = attempt_submit(attempt=attempt)
    assert attempt.score == Decimal("0.15")

    page = login_as(student).get(reverse("gradebook:attempt-review", args=[attempt.pk])).content.decode()
    assert "Blank 1 of 2" in page and "Blank 2 of 2" in page and "[[city]]" not in page  # fields in the sentence
    assert re.search(r"Blank 2:</span>\s*won", page)  # the key line for the blank answered wrong

    rows = read_csv(login_as(instructor).get(reverse("gradebook:responses-csv", args=[assignment.cohort_id])))
    assert rows[1][9:] == ["dropdowns", "city: Pyongyang; money: yen", "0.15", "0.30"]
