"""The question editor for every type, editing into new versions, and the per-question actions."""

import dataclasses
from decimal import Decimal

import pytest
from django.urls import reverse

from banks.forms.question import QuestionForm
from banks.models import Question, QuestionBank, QuestionVersion
from banks.services import question_create, version_spec
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, Pair, QuestionSpec, Scoring
from banks.spec import QuestionType as T
from tests.banks.specs import without_ids

PREFIX = {T.SINGLE_CHOICE: "choices", T.MULTIPLE_ANSWER: "choices", T.SHORT_ANSWER: "answers",
          T.NUMERIC: "numeric", T.FILL_BLANKS: "blanks", T.DROPDOWNS: "blanks", T.MATCHING: "pairs", T.ORDERING: "items"}


def post_data(kind, rows=(), initial_rows=0, **fields) -> dict:
    """What the browser sends: the fields, plus the formset's management form and rows."""
    data = {name: value for name, value in fields.items() if value is not None}
    if kind in PREFIX:
        prefix = PREFIX[kind]
        data |= {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial_rows),
                 f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
        for i, row in enumerate(rows):
            for name, value in row.items():
                if value is True:
                    data[f"{prefix}-{i}-{name}"] = "on"
                elif value not in (False, None):
                    data[f"{prefix}-{i}-{name}"] = str(value)
    return data


def form_as_post(form: QuestionForm) -> dict:
    """An unbound editor's pre-filled values, as a browser would send them back untouched."""
    def values(bound_fields):
        out = {}
        for field in bound_fields:
            value = field.value()
            if value is True:
                out[field.html_name] = "on"
            elif value not in (False, None):
                out[field.html_name] = str(value)
        return out

    data = values(form)
    if form.formset is not None:
        data |= values(form.formset.management_form)
        for row in form.formset:
            data |= values(row)
    return data


@pytest.fixture
def bank(instructor):
    return QuestionBank.objects.create(owner=instructor, title="North Korea: sanctions")


def add_url(bank, kind):
    return reverse("banks:question-add", args=[bank.pk]) + f"?type={kind}"


COMMON = {"title": "", "points": "1", "general_feedback": "", "correct_feedback": "", "incorrect_feedback": ""}

# kind -> (fields, rows, expected spec, invalid fields, invalid rows, the message the invalid POST must show)
CASES = {
    T.SINGLE_CHOICE: (
        {**COMMON, "title": "Capital", "prompt": "Which city is the capital?", "points": "2",
         "general_feedback": "See the map.", "correct_feedback": "Well done.", "incorrect_feedback": "Look again."},
        [{"text": "Pyongyang", "correct": True, "feedback": "Yes."}, {"text": "Seoul"},
         {"text": "Kaesong", "weight": "25"}, {}],
        QuestionSpec(type=T.SINGLE_CHOICE, prompt="Which city is the capital?", points=Decimal(2), title="Capital",
                     choices=(Choice("Pyongyang", True, None, "Yes."), Choice("Seoul"),
                              Choice("Kaesong", False, Decimal("0.25"))),
                     general_feedback="See the map.", correct_feedback="Well done.", incorrect_feedback="Look again."),
        {**COMMON, "prompt": "Which city is the capital?"},
        [{"text": "Pyongyang"}, {"text": "Seoul"}],
        "Mark at least one choice as correct.",
    ),
    T.MULTIPLE_ANSWER: (
        {**COMMON, "prompt": "Which earn foreign currency?", "scoring": "right_minus_wrong"},
        [{"text": "Workers abroad", "correct": True}, {"text": "Coal exports", "correct": True},
         {"text": "Tourism from the south"}, {}],
        QuestionSpec(type=T.MULTIPLE_ANSWER, prompt="Which earn foreign currency?", scoring=Scoring.RIGHT_MINUS_WRONG,
                     choices=(Choice("Workers abroad", True), Choice("Coal exports", True),
                              Choice("Tourism from the south"))),
        {**COMMON, "prompt": "Which earn foreign currency?", "scoring": "all_or_nothing"},
        [{"text": "Workers abroad", "correct": True}, {}],
        "Give at least two choices.",
    ),
    T.TRUE_FALSE: (
        {**COMMON, "prompt": "Workers keep most of their pay.", "true_answer": "false",
         "true_feedback": "No: the state takes most of it.", "false_feedback": "Right."},
        [],
        QuestionSpec(type=T.TRUE_FALSE, prompt="Workers keep most of their pay.",
                     choices=(Choice("True", False, None, "No: the state takes most of it."),
                              Choice("False", True, None, "Right."))),
        {**COMMON, "prompt": "Workers keep most of their pay."},
        [],
        "This field is required.",
    ),
    T.SHORT_ANSWER: (
        {**COMMON, "prompt": "Name the capital."},
        [{"text": "Pyongyang", "credit": "100"},
         {"text": "P.?yong.?yang", "credit": "50", "regex": True, "feedback": "Check the spelling."},
         {"text": "PYONGYANG", "credit": "100", "case_sensitive": True}, {"credit": "100"}],
        QuestionSpec(type=T.SHORT_ANSWER, prompt="Name the capital.",
                     answers=(AcceptedAnswer("Pyongyang"),
                              AcceptedAnswer("P.?yong.?yang", Decimal("0.5"), regex=True,
                                             feedback="Check the spelling."),
                              AcceptedAnswer("PYONGYANG", case_sensitive=True))),
        {**COMMON, "prompt": "Name the capital."},
        [{"text": "Pyong(yang", "credit": "100", "regex": True}],
        "A regular expression is invalid: missing ), unterminated subpattern at position 5.",
    ),
    T.NUMERIC: (
        {**COMMON, "prompt": "When was the state founded?"},
        [{"value": "1948", "credit": "100"}, {"value": "1950", "tolerance": "2", "credit": "50"},
         {"value": "2000", "tolerance_percent": "5", "credit": "25", "feedback": "Far off."},
         {"min": "1940", "max": "1960", "credit": "10"}, {"credit": "100"}],
        QuestionSpec(type=T.NUMERIC, prompt="When was the state founded?",
                     numeric=(NumericAnswer(value=Decimal(1948)),
                              NumericAnswer(value=Decimal(1950), tolerance=Decimal(2), credit=Decimal("0.5")),
                              NumericAnswer(value=Decimal(2000), tolerance_percent=Decimal(5), credit=Decimal("0.25"),
                                            feedback="Far off."),
                              NumericAnswer(min=Decimal(1940), max=Decimal(1960), credit=Decimal("0.1")))),
        {**COMMON, "prompt": "When was the state founded?"},
        [{"min": "1960", "max": "1940", "credit": "100"}],
        "Min must be ≤ max.",
    ),
    T.FILL_BLANKS: (
        {**COMMON, "prompt": "The capital is [[city]]; the currency is the [[money]].", "scoring": "per_part"},
        [{"id": "city", "answers": "Pyongyang\r\n%50% Pyeongyang\r\n"}, {"id": "money", "answers": "won"}, {}],
        QuestionSpec(type=T.FILL_BLANKS, prompt="The capital is [[city]]; the currency is the [[money]].",
                     scoring=Scoring.PER_PART,
                     blanks=(Blank("city", (AcceptedAnswer("Pyongyang"), AcceptedAnswer("Pyeongyang", Decimal("0.5")))),
                             Blank("money", (AcceptedAnswer("won"),)))),
        {**COMMON, "prompt": "The capital is [[city]].", "scoring": "per_part"},
        [{"id": "city", "answers": "Pyongyang"}, {"id": "river", "answers": "Taedong"}],
        "Blank “river” is not in the question text: write [[river]] where it goes.",
    ),
    T.DROPDOWNS: (
        {**COMMON, "prompt": "The capital is [[city]].", "scoring": "all_or_nothing"},
        [{"id": "city", "choices": "Seoul\r\n* Pyongyang\r\n\r\nKaesong"}, {}],
        QuestionSpec(type=T.DROPDOWNS, prompt="The capital is [[city]].",
                     blanks=(Blank("city", choices=(Choice("Seoul"), Choice("Pyongyang", True), Choice("Kaesong"))),)),
        {**COMMON, "prompt": "The capital is [[city]].", "scoring": "per_part"},
        [{"id": "city", "choices": "*Seoul\n*Pyongyang"}],
        "Mark exactly one choice as correct by starting its line with *.",
    ),
    T.MATCHING: (
        {**COMMON, "prompt": "Match each country with its capital.", "scoring": "per_part"},
        [{"left": "North Korea", "right": "Pyongyang"}, {"right": "Tokyo"}, {"left": "China", "right": "Beijing"}, {}],
        QuestionSpec(type=T.MATCHING, prompt="Match each country with its capital.", scoring=Scoring.PER_PART,
                     pairs=(Pair("North Korea", "Pyongyang"), Pair("China", "Beijing"), Pair("", "Tokyo"))),
        {**COMMON, "prompt": "Match each country with its capital.", "scoring": "per_part"},
        [{"left": "North Korea", "right": "Pyongyang"}, {"right": "Tokyo"}],
        "Add at least two pairs with both sides filled in.",
    ),
    T.ORDERING: (
        {**COMMON, "prompt": "Put these in order.", "scoring": "all_or_nothing"},
        [{"text": "Korean War"}, {"text": "Famine"}, {"text": "First nuclear test"}, {}],
        QuestionSpec(type=T.ORDERING, prompt="Put these in order.",
                     items=("Korean War", "Famine", "First nuclear test")),
        {**COMMON, "prompt": "Put these in order.", "scoring": "all_or_nothing"},
        [{"text": "Korean War"}, {}],
        "Add at least two items.",
    ),
    T.ESSAY: (
        {"title": "Reflection", "prompt": "Discuss the *sanctions*.", "points": "10", "word_limit": "300",
         "general_feedback": "Compare p-3."},
        [],
        QuestionSpec(type=T.ESSAY, prompt="Discuss the *sanctions*.", points=Decimal(10), title="Reflection",
                     word_limit=300, general_feedback="Compare p-3."),
        {"prompt": "Discuss the sanctions.", "points": "-1"},
        [],
        "Ensure this value is greater than or equal to 0.",
    ),
    T.FILE_UPLOAD: (
        {"prompt": "Upload your memo.", "points": "5", "allowed_extensions": ".PDF, docx", "max_upload_mb": "2"},
        [],
        QuestionSpec(type=T.FILE_UPLOAD, prompt="Upload your memo.", points=Decimal(5),
                     allowed_extensions=("pdf", "docx"), max_upload_bytes=2 * 1024 * 1024),
        {"prompt": "Upload your memo.", "points": "5", "allowed_extensions": "pdf, w*rd"},
        [],
        "“w*rd” is not a file extension: use letters and digits, e.g. pdf.",
    ),
    T.TEXT: (
        {"title": "Part B", "prompt": "Read the next passage first."},
        [],
        QuestionSpec(type=T.TEXT, prompt="Read the next passage first.", points=Decimal(0), title="Part B"),
        {"title": "Part B", "prompt": "   "},
        [],
        "Write the question text.",
    ),
}


def test_add_question_without_a_type_shows_the_type_picker(instructor_client, bank):
    response = instructor_client.get(reverse("banks:question-add", args=[bank.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for kind in T:
        assert f"?type={kind}" in html
    assert "Students put items in the right order." in html


@pytest.mark.parametrize("kind", list(T))
def test_the_editor_for_each_type_shows_its_fields(instructor_client, bank, kind):
    response = instructor_client.get(add_url(bank, kind))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="prompt"' in html
    assert ("-TOTAL_FORMS" in html) == (kind in PREFIX)
    assert ('name="points"' in html) == (kind != T.TEXT)


@pytest.mark.parametrize("kind", list(CASES))
def test_creating_a_question_saves_version_1_with_the_expected_spec(instructor_client, instructor, bank, kind):
    fields, rows, expected, *_ = CASES[kind]
    data = post_data(kind, rows, citation="#p-4", tags="week 3, sanctions, week 3", **fields)

    response = instructor_client.post(add_url(bank, kind), data, follow=True)

    assert response.redirect_chain == [(bank.get_absolute_url(), 302)]
    assert "Question added." in response.content.decode()
    question = Question.objects.get(bank=bank)
    version = question.current_version
    assert (version.number, version.type, version.citation, version.created_by) == (1, str(kind), "p-4", instructor)
    saved = version_spec(version)
    assert without_ids(saved) == expected
    ids = [*saved.choice_ids(), *saved.item_ids(), *saved.pair_ids(), *(o.id for o in saved.right_options())]
    assert all(len(i) == 8 for i in ids) and len(set(ids)) == len(ids)  # every part named, once, at random
    assert sorted(question.tags.values_list("name", flat=True)) == ["sanctions", "week 3"]


def _valid(kind, **changes) -> tuple[dict, list]:
    """The valid fields and rows of ``kind``, with some fields changed."""
    fields, rows, *_ = CASES[kind]
    return {**fields, **changes}, rows


CITE = "Cite a paragraph by its anchor: p- and its number, e.g. p-4."
# kind, fields, rows, the message the refused POST must show: each type's invalid case above, then
# citations, tags and the rules that compare rows with the text or with each other
REFUSALS = [pytest.param(kind, *CASES[kind][3:], id=kind) for kind in CASES] + [
    pytest.param(T.ORDERING, *_valid(T.ORDERING, citation="paragraph 4"), CITE, id="citation-in-words"),
    pytest.param(T.ORDERING, *_valid(T.ORDERING, citation="p-0"), CITE, id="citation-p-0"),
    pytest.param(T.ORDERING, *_valid(T.ORDERING, tags="x" * 51), "A tag can be at most 50 characters long.",
                 id="long-tag"),
    pytest.param(T.FILL_BLANKS, {**COMMON, "prompt": "[[city]] and [[sea]]", "scoring": "per_part"},
                 [{"id": "city", "answers": "Pyongyang"}],
                 "The text marks [[sea]], but there is no blank with that id below.", id="marker-without-blank"),
    pytest.param(T.SINGLE_CHOICE, CASES[T.SINGLE_CHOICE][0],
                 [{"text": "A", "correct": True}, {"text": "B", "correct": True}],
                 "Mark only one choice as correct", id="two-correct-choices"),
    pytest.param(T.SINGLE_CHOICE, CASES[T.SINGLE_CHOICE][0],
                 [{"text": "A", "correct": True, "weight": "50"}, {"text": "B"}],
                 "The correct choice is worth all the points: leave its weight empty.", id="weighted-correct-choice"),
    pytest.param(T.NUMERIC, CASES[T.NUMERIC][0], [{"value": "5", "min": "1", "max": "9", "credit": "100"}],
                 "Give either a value (with an optional ± margin) or a min–max range.", id="value-and-range"),
]


@pytest.mark.parametrize(("kind", "fields", "rows", "message"), REFUSALS)
def test_an_invalid_question_is_refused_with_a_clear_message_and_nothing_saved(instructor_client, bank, kind,
                                                                              fields, rows, message):
    response = instructor_client.post(add_url(bank, kind), post_data(kind, rows, **fields))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()
    assert not QuestionVersion.objects.exists()


@pytest.mark.parametrize("kind", list(CASES))
def test_the_editor_prefilled_from_a_spec_gives_the_same_spec_back(kind):
    *_, expected, _, _, _ = CASES[kind]
    expected = dataclasses.replace(expected, tags=("week 3",), notes=("imported: kept as is",))

    form = QuestionForm(form_as_post(QuestionForm(kind=kind, spec=expected, citation="p-2")), kind=kind, spec=expected)

    assert form.is_valid(), (form.errors, form.formset and form.formset.errors)
    assert form.to_spec() == expected
    assert form.cleaned_data["citation"] == "p-2"


def test_editing_a_blank_keeps_what_its_answer_lines_cannot_show():
    saved = QuestionSpec(type=T.FILL_BLANKS, prompt="[[1]] and [[2]]", blanks=(
        Blank("1", (AcceptedAnswer("cat.*", regex=True, case_sensitive=True, feedback="Meow."),)),
        Blank("2", (AcceptedAnswer("dog", feedback="Woof."),))))
    data = form_as_post(QuestionForm(kind=T.FILL_BLANKS, spec=saved)) | {"blanks-1-answers": "hound"}

    form = QuestionForm(data, kind=T.FILL_BLANKS, spec=saved)

    assert form.is_valid()
    assert form.to_spec().blanks == (saved.blanks[0], Blank("2", (AcceptedAnswer("hound"),)))


def test_removed_rows_are_left_out(instructor_client, bank):
    fields, rows, *_ = CASES[T.ORDERING]
    rows = [*rows[:3], {"text": "Gone", "DELETE": True}]
    response = instructor_client.post(add_url(bank, T.ORDERING), post_data(T.ORDERING, rows, **fields))
    assert response.status_code == 302
    items = version_spec(Question.objects.get().current_version).items
    assert [item.text for item in items] == ["Korean War", "Famine", "First nuclear test"]


def test_more_rows_keeps_what_was_typed_adds_two_rows_and_saves_nothing(instructor_client, bank):
    fields, rows, *_ = CASES[T.ORDERING]
    data = post_data(T.ORDERING, rows[:2], more="1", **fields)

    response = instructor_client.post(add_url(bank, T.ORDERING), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="items-TOTAL_FORMS" value="4"' in html
    assert 'value="Korean War"' in html and 'value="Famine"' in html
    assert "Add at least two items." not in html
    assert not Question.objects.exists()


# --- editing ---------------------------------------------------------------------------------------


@pytest.fixture
def question(bank, instructor):
    _, _, spec, *_ = CASES[T.SHORT_ANSWER]
    return question_create(bank=bank, spec=dataclasses.replace(spec, tags=("capitals",)), created_by=instructor,
                           citation="p-1")


def edit_url(question):
    return reverse("banks:question-edit", args=[question.bank_id, question.pk])


def test_the_edit_page_is_prefilled_from_the_current_version(instructor_client, question):
    response = instructor_client.get(edit_url(question))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Name the capital.</textarea>" in html
    assert 'value="P.?yong.?yang"' in html
    assert 'value="capitals"' in html and 'value="p-1"' in html


def test_editing_makes_version_2_and_leaves_version_1_untouched(instructor_client, instructor, other_instructor,
                                                                question):
    question.bank.shared_with.add(other_instructor)
    v1 = QuestionVersion.objects.values().get(question=question, number=1)
    form = QuestionForm(kind=T.SHORT_ANSWER, spec=version_spec(question.current_version), citation="p-1")
    data = form_as_post(form) | {"prompt": "Name the capital city.", "tags": "capitals, week 2"}
    instructor_client.force_login(other_instructor)

    response = instructor_client.post(edit_url(question), data, follow=True)

    assert response.redirect_chain == [(f"{question.bank.get_absolute_url()}?edited={question.pk}#question-{question.pk}",
                                        302)]  # the bank page then offers a regrade (tests/grading/test_regrade_offer.py)
    assert "Saved as version 2." in response.content.decode()
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.created_by == other_instructor
    assert version_spec(question.current_version).prompt == "Name the capital city."
    assert QuestionVersion.objects.values().get(question=question, number=1) == v1
    assert sorted(question.tags.values_list("name", flat=True)) == ["capitals", "week 2"]


def test_saving_without_changes_makes_no_new_version(instructor_client, question):
    form = QuestionForm(kind=T.SHORT_ANSWER, spec=version_spec(question.current_version), citation="p-1")
    data = form_as_post(form) | {"tags": "capitals"}

    response = instructor_client.post(edit_url(question), data, follow=True)

    assert "Nothing changed, so no new version was made." in response.content.decode()
    assert question.versions.count() == 1


def test_an_invalid_edit_is_refused_and_keeps_version_1(instructor_client, question):
    form = QuestionForm(kind=T.SHORT_ANSWER, spec=version_spec(question.current_version))
    data = form_as_post(form) | {"answers-0-text": "(", "answers-0-regex": "on"}

    response = instructor_client.post(edit_url(question), data)

    assert response.status_code == 400
    assert "A regular expression is invalid" in response.content.decode()
    assert question.versions.count() == 1


# --- duplicate, move, delete -----------------------------------------------------------------------


def action_url(name, question):
    return reverse(f"banks:{name}", args=[question.bank_id, question.pk])


def test_duplicate_copies_the_question_to_the_end_of_the_bank(instructor_client, question):
    response = instructor_client.post(action_url("question-duplicate", question), follow=True)

    assert "Duplicated: the copy is at the end of the bank." in response.content.decode()
    copy = Question.objects.exclude(pk=question.pk).get()
    assert (copy.bank_id, copy.position) == (question.bank_id, question.position + 1)
    assert version_spec(copy.current_version) == version_spec(question.current_version)
    assert copy.current_version.citation == "p-1"
    assert list(copy.tags.values_list("name", flat=True)) == ["capitals"]


def test_duplicate_refuses_get(instructor_client, question):
    assert instructor_client.get(action_url("question-duplicate", question)).status_code == 405
    assert Question.objects.count() == 1


def test_move_lists_only_my_other_visible_banks(instructor_client, instructor, other_instructor, question):
    QuestionBank.objects.create(owner=instructor, title="Week 4")
    shared = QuestionBank.objects.create(owner=other_instructor, title="Shared with me")
    shared.shared_with.add(instructor)
    QuestionBank.objects.create(owner=other_instructor, title="Oscar private")

    response = instructor_client.get(action_url("question-move", question))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Week 4" in html and "Shared with me" in html
    assert "Oscar private" not in html
    assert f'<option value="{question.bank_id}"' not in html


def test_move_without_another_bank_says_so(instructor_client, question):
    response = instructor_client.get(action_url("question-move", question))
    assert "You have no other bank to move it to." in response.content.decode()
    assert 'name="bank"' not in response.content.decode()


def test_move_puts_the_question_in_the_other_bank(instructor_client, instructor, question):
    target = QuestionBank.objects.create(owner=instructor, title="Week 4")

    response = instructor_client.post(action_url("question-move", question), {"bank": target.pk}, follow=True)

    assert response.redirect_chain == [(question.bank.get_absolute_url(), 302)]
    assert "Moved to “Week 4”." in response.content.decode()
    question.refresh_from_db()
    assert question.bank == target
    assert question.versions.count() == 1


def test_move_to_someone_elses_bank_is_refused(instructor_client, instructor, other_instructor, question):
    QuestionBank.objects.create(owner=instructor, title="Week 4")
    theirs = QuestionBank.objects.create(owner=other_instructor, title="Oscar private")

    response = instructor_client.post(action_url("question-move", question), {"bank": theirs.pk})

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    question.refresh_from_db()
    assert question.bank_id != theirs.pk


def test_delete_asks_first_then_archives_the_question(instructor_client, question):
    confirm = instructor_client.get(action_url("question-delete", question))
    assert confirm.status_code == 200
    assert "Delete this question?" in confirm.content.decode()
    assert not Question.objects.get(pk=question.pk).is_archived

    response = instructor_client.post(action_url("question-delete", question), follow=True)

    assert "Question deleted." in response.content.decode()
    question.refresh_from_db()
    assert question.is_archived
    assert question.versions.count() == 1  # kept for attempts that used it
    assert "Name the capital." not in response.content.decode()
    assert instructor_client.get(edit_url(question)).status_code == 404


# --- who may do what -------------------------------------------------------------------------------

QUESTION_URLS = [("question-edit", "get", 200), ("question-duplicate", "post", 302), ("question-move", "get", 200),
                 ("question-delete", "get", 200), ("question-try", "get", 200), ("question-try", "post", 200)]


@pytest.mark.parametrize(("name", "method", "status"), QUESTION_URLS)
def test_question_pages_send_anonymous_visitors_to_log_in(client, question, name, method, status):
    response = getattr(client, method)(action_url(name, question))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method", "status"), QUESTION_URLS)
def test_question_pages_are_forbidden_to_students(student_client, question, name, method, status):
    assert getattr(student_client, method)(action_url(name, question)).status_code == 403


@pytest.mark.parametrize(("name", "method", "status"), QUESTION_URLS)
def test_question_pages_are_not_found_for_other_instructors(client, other_instructor, question, name, method, status):
    client.force_login(other_instructor)
    assert getattr(client, method)(action_url(name, question)).status_code == 404
    assert Question.objects.count() == 1


@pytest.mark.parametrize(("name", "method", "status"), QUESTION_URLS)
def test_question_pages_work_for_an_instructor_the_bank_is_shared_with(client, other_instructor, question, name,
                                                                       method, status):
    question.bank.shared_with.add(other_instructor)
    client.force_login(other_instructor)
    assert getattr(client, method)(action_url(name, question)).status_code == status


def test_a_question_is_not_found_under_another_bank(instructor_client, instructor, question):
    other_bank = QuestionBank.objects.create(owner=instructor, title="Week 4")
    response = instructor_client.get(reverse("banks:question-edit", args=[other_bank.pk, question.pk]))
    assert response.status_code == 404


def test_adding_a_question_follows_the_same_ladder(client, student, other_instructor, bank):
    url = add_url(bank, T.ESSAY)
    assert client.get(url).url.startswith(reverse("login"))
    client.force_login(student)
    assert client.get(url).status_code == 403
    client.force_login(other_instructor)
    assert client.get(url).status_code == 404
    assert client.post(url, {"prompt": "Sneaky", "points": "1"}).status_code == 404
    assert not Question.objects.exists()
