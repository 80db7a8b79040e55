"""Admin set-up: one real row of every registered model, made through the services that make them in use
(a case with its revision, an attempt started, answered with a file, submitted and graded by hand, an
override and a grade override with its audit record), and ``grow`` builders that add more of each."""

import io
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from banks.models import Question, QuestionBank, QuestionVersion
from banks.spec import QuestionSpec, QuestionType
from casestudies import services as cases
from casestudies.models import CaseImage, CaseRevision, CaseStudy, Tag
from cohorts.models import Cohort, Membership
from gradebook.models import GradeAdjustment
from gradebook.services import grade_override
from grading.models import ScoreChange
from grading.services.manual import answer_grade
from jobs.models import Job
from quizzes.models import AnswerFile, Assignment, AssignmentOverride, Attempt, AttemptQuestion, Quiz, QuizItem
from quizzes.services.answer_files import answer_file_save
from quizzes.services.attempts import attempt_start, attempt_submit
from quizzes.services.quizzes import override_set
from tests.factories import CohortFactory, InstructorFactory, MembershipFactory, UserFactory
from tests.quiz_builders import choice_question, enrol, make_assignment, make_bank

ESSAY, CHOICE, UPLOAD = 1, 2, 3  # the positions of the assignment's questions


def model_id(model) -> str:
    return model._meta.label


APPS = ("accounts", "jobs", "casestudies", "cohorts", "banks", "quizzes", "grading", "gradebook")


def registered_models() -> list:
    """Our apps' models in the admin (not the libraries': auth's groups, axes' login attempts)."""
    return sorted((model for model in admin.site._registry if model._meta.app_label in APPS), key=model_id)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png")


def pdf():
    return SimpleUploadedFile("report.pdf", b"%PDF-1.7\n" + b"x" * 200, content_type="application/pdf")


def specs() -> list[QuestionSpec]:
    return [
        QuestionSpec(type=QuestionType.ESSAY, title="Essay", prompt="Discuss.", points=Decimal(4)),
        choice_question(1),
        QuestionSpec(type=QuestionType.FILE_UPLOAD, title="Report", prompt="Upload your report.",
                     allowed_extensions=("pdf",), max_upload_bytes=1024),
    ]


def named(model):
    """Adds ``n`` rows of a model that is only a unique name."""

    def add(n):
        start = model.objects.count()
        model.objects.bulk_create(model(name=f"{model._meta.model_name} {i}") for i in range(start, start + n))

    return add


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads go to a throw-away folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def rows(instructor, cohort, student, classmate):
    """One row of every registered model, each what a search for ``SEARCHES[model]`` must find."""
    case = cases.case_create(author=instructor, title="Forced labour abroad", body="A paragraph.", tags=["sanctions"])
    image = cases.image_upload(case=case, uploaded_by=instructor, image=png())
    assignment = make_assignment(instructor=instructor, cohort=cohort, specs=specs(), title="Sanctions memo")
    override = override_set(assignment=assignment, student=classmate, extra_minutes=15)
    attempt = attempt_start(assignment=assignment, student=student)
    answer_file = answer_file_save(attempt=attempt, position=UPLOAD, upload=pdf())
    attempt_submit(attempt=attempt)
    essay = attempt.questions.get(position=ESSAY)
    answer_grade(attempt_question=essay, score=Decimal(3), comment="Well argued.", grader=instructor)
    score_change = grade_override(assignment=assignment, student=classmate, score=Decimal(5),
                                  reason="Sat it on paper", by=instructor)
    question = essay.version.question
    return {
        User: student, Tag: Tag.objects.get(name="sanctions"), CaseStudy: case,
        CaseRevision: case.revisions.get(), CaseImage: image, Cohort: cohort,
        Membership: Membership.objects.get(user=student), QuestionBank: question.bank, Question: question,
        QuestionVersion: essay.version, Quiz: assignment.quiz, QuizItem: assignment.quiz.items.get(question=question),
        Assignment: assignment, AssignmentOverride: override, Attempt: attempt, AttemptQuestion: essay,
        AnswerFile: answer_file, ScoreChange: score_change, GradeAdjustment: GradeAdjustment.objects.get(),
        Job: Job.objects.create(owner=instructor, title="Adding the roster of Ethics"),
    }


@pytest.fixture
def grow(rows):
    """``grow[model](n)`` adds n more rows of the model (and of whatever they hang on) to ``rows``."""
    assignment = rows[Assignment]

    def students(n):
        return [enrol(assignment, UserFactory()) for _ in range(n)]

    def attempts(n):
        return [attempt_start(assignment=assignment, student=student) for student in students(n)]

    def answer_files(n):
        for attempt in attempts(n):
            answer_file_save(attempt=attempt, position=UPLOAD, upload=pdf())

    def grade_overrides(n):
        for student in students(n):
            grade_override(assignment=assignment, student=student, score=Decimal(2), reason="Late enrolment",
                           by=assignment.quiz.owner)

    def assignments(n):
        for _ in range(n):
            make_assignment(instructor=InstructorFactory(), specs=[choice_question(1)])

    def questions(n):
        make_bank(InstructorFactory(), [choice_question(i) for i in range(n)])

    return {
        User: UserFactory.create_batch,
        Tag: named(Tag),
        CaseStudy: lambda n: [cases.case_create(author=InstructorFactory(), title=f"Case {i}") for i in range(n)],
        CaseRevision: lambda n: [cases.case_create(author=InstructorFactory(), title=f"Case {i}") for i in range(n)],
        CaseImage: lambda n: [cases.image_upload(case=cases.case_create(author=(author := InstructorFactory()), title=f"Case {i}"),
                                                   uploaded_by=author, image=png()) for i in range(n)],
        Cohort: CohortFactory.create_batch,
        Membership: MembershipFactory.create_batch,
        QuestionBank: lambda n: [make_bank(InstructorFactory(), [choice_question(1)]) for _ in range(n)],
        Question: questions,
        QuestionVersion: questions,
        Quiz: assignments,
        QuizItem: lambda n: make_assignment(instructor=InstructorFactory(), specs=[choice_question(i) for i in range(n)]),
        Assignment: assignments,
        AssignmentOverride: lambda n: [override_set(assignment=assignment, student=student, extra_minutes=5)
                                       for student in students(n)],
        Attempt: attempts,
        AttemptQuestion: attempts,
        AnswerFile: answer_files,
        ScoreChange: grade_overrides,
        GradeAdjustment: grade_overrides,
        Job: lambda n: Job.objects.bulk_create(Job(owner=UserFactory(), title=f"Job {i}") for i in range(n)),
    }
