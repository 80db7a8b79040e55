"""Every page of the site, enumerated from the URLconf and filled in with real objects, for each role.

The sweeps (tests/test_every_page.py with the test client, tests/browser/test_every_page_browser.py
with axe-core in Chromium) walk what ``pages()`` yields, so a new URL is swept the day it is added:
``test_every_url_is_known`` fails until its arguments are named in ``ARGUMENTS``. A URL is a page
when a GET answers with HTML (``is_page``): actions that take only a POST answer 405, files and
JSON are not HTML. PrairieLearn's accessibility test walks its routes the same way.

The world is the demo (``seed_demo``: a published case, its bank and an open assignment in a cohort
in America/New_York) plus what the demo lacks for every page to have something on it: a TA, a
submitted attempt graded by hand, an attempt in progress on a quiz with one question of every type,
a due-date override, a grade override, a case revision history, an image, a finished job, and an LMS
(LTI) course linked to the cohort, with a link to the assignment and the student's grade sent to it.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, Pair, QuestionSpec, QuestionType
from casestudies import services as cases
from casestudies.models import CaseStudy
from cohorts.models import Cohort, Membership
from gradebook.services import grade_override
from grading.services.manual import answer_grade
from jobs.models import Job
from lti.models import Account, Context, GradeSync, LineItem, ResourceLink
from lti.services import platform_register
from quizzes.models import Assignment
from quizzes.services import quizzes
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.factories import UserFactory
from tests.quiz_builders import make_bank

ROLES = ("anonymous", "student", "ta", "instructor")

# Other people's pages, swept by their own suites: the Django admin (tests/admin_site/).
NOT_OURS = ("admin:",)


@dataclass
class World:
    instructor: User
    ta: User
    student: User
    cohort: Cohort
    case: CaseStudy
    assignment: Assignment  # the demo's, with the student's submitted attempt
    submitted: object
    in_progress: object  # on a quiz with every question type
    image: object
    job: Job
    essay: object  # the submitted attempt's essay answer, graded by hand

    def user(self, role):
        return {"anonymous": None, "student": self.student, "ta": self.ta, "instructor": self.instructor}[role]


def every_type() -> list[QuestionSpec]:
    """One question of each type, so the attempt page shows every widget."""
    t = QuestionType
    return [
        QuestionSpec(type=t.TEXT, prompt="Read the passage on wages before you answer.", points=Decimal(0)),
        QuestionSpec(type=t.TRUE_FALSE, title="Consent", prompt="Workers choose their posting.",
                     choices=(Choice("True"), Choice("False", correct=True))),
        QuestionSpec(type=t.FILL_BLANKS, title="Agencies", prompt="Wages go to [[office]] through [[bank]].",
                     blanks=(Blank("office", (AcceptedAnswer("Office 39"),)), Blank("bank", (AcceptedAnswer("cash"),)))),
        QuestionSpec(type=t.DROPDOWNS, title="Capital", prompt="The capital is [[city]].",
                     blanks=(Blank("city", choices=(Choice("Seoul"), Choice("Pyongyang", correct=True))),)),
        QuestionSpec(type=t.MATCHING, title="Sectors", prompt="Match each country to its main sector.",
                     pairs=(Pair("Russia", "Logging"), Pair("Qatar", "Construction"), Pair("", "Fishing"))),
        QuestionSpec(type=t.ORDERING, title="Steps", prompt="Put the steps in order.",
                     items=("Recruitment", "Posting abroad", "Wage transfer")),
        QuestionSpec(type=t.NUMERIC, title="Share", prompt="What percent is withheld?",
                     numeric=(NumericAnswer(value=Decimal(90), tolerance=Decimal(5)),)),
        QuestionSpec(type=t.FILE_UPLOAD, title="Memo", prompt="Upload your memo.", allowed_extensions=("pdf",)),
    ]


def build_world() -> World:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)
    instructor = User.objects.get(username="instructor")
    student = User.objects.get(username="student1")
    cohort = Cohort.objects.get(course_code="INTL 301")
    case = CaseStudy.objects.get()
    assignment = Assignment.objects.get(cohort=cohort)
    ta = UserFactory(username="ta1", first_name="Tariq", last_name="Aziz")
    Membership.objects.create(cohort=cohort, user=ta, role=Membership.Role.TA)

    cases.case_update(case=case, editor=instructor, title=case.title, body=case.body + "\n\nA later paragraph.",
                      summary=case.summary, source=case.source, tags=[t.name for t in case.tags.all()])
    image = cases.image_upload(case=case, uploaded_by=instructor, image=_png())

    submitted = attempt_start(assignment=assignment, student=student)
    attempt_submit(attempt=submitted)
    essay = submitted.questions.get(version__type=QuestionType.ESSAY)
    answer_grade(attempt_question=essay, score=Decimal(1), comment="Argued from the case.", grader=instructor)
    classmate = User.objects.get(username="student2")
    quizzes.override_set(assignment=assignment, student=classmate, extra_minutes=15)
    grade_override(assignment=assignment, student=User.objects.get(username="student3"), score=Decimal(3),
                   reason="Sat it on paper", by=instructor)

    bank = make_bank(instructor, every_type())
    quiz = quizzes.quiz_create(owner=instructor, title="Every kind of question", case=case)
    for question in bank.questions.order_by("position"):
        quizzes.quiz_item_add_fixed(quiz=quiz, question=question)
    now = timezone.now()
    every = quizzes.assignment_create(cohort=cohort, quiz=quiz, opens_at=now - timedelta(hours=1),
                                      due_at=now + timedelta(days=3), review="full")
    in_progress = attempt_start(assignment=every, student=student)

    _lms_course(cohort, assignment, instructor, student)
    job = Job.objects.create(owner=instructor, title="Exporting the gradebook of Section A", status=Job.Status.FINISHED,
                             done=3, total=3, message="3 students written.")
    return World(instructor=instructor, ta=ta, student=student, cohort=cohort, case=case, assignment=assignment,
                 submitted=submitted, in_progress=in_progress, image=image, job=job, essay=essay)


def _lms_course(cohort, assignment, instructor, student):
    """The cohort taught in an LMS course: its link to the assignment, a column, the student's grade sent."""
    platform = platform_register(issuer="https://lms.example.edu", client_id="casebook", title="Example LMS",
                                 auth_login_url="https://lms.example.edu/auth", keyset_url="https://lms.example.edu/jwks",
                                 auth_token_url="https://lms.example.edu/token", deployment_ids=["1"])
    context = Context.objects.create(deployment=platform.deployments.get(), context_id="c1", title="Forced labour",
                                     cohort=cohort, memberships_url="https://lms.example.edu/c1/members")
    ResourceLink.objects.create(context=context, resource_link_id="r1", title="Reading check", assignment=assignment)
    ResourceLink.objects.create(context=context, resource_link_id="r2", title="Not chosen yet")
    item = LineItem.objects.create(context=context, assignment=assignment, url="https://lms.example.edu/c1/li/1")
    for user in (instructor, student):
        Account.objects.create(platform=platform, sub=f"sub-{user.pk}", user=user)
    GradeSync.objects.create(line_item=item, student=student, state=GradeSync.State.SENT, requested_at=timezone.now(),
                             sent_at=timezone.now(), sent_score=Decimal(2))


def _png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png")


def _reset(w: World) -> dict:
    return {"uidb64": urlsafe_base64_encode(force_bytes(w.student.pk)),
            "token": default_token_generator.make_token(w.student)}


def _signup_link(w: World) -> dict:
    """A sign-up waiting for its email to be confirmed (cohorts.signups), and its link."""
    from cohorts.signup_emails import signup_token

    pending = User.objects.filter(username="newcomer1").first()
    if pending is None:
        pending = User(username="newcomer1", email="newcomer1@example.edu", first_name="Nia", last_name="New",
                       is_active=False)
        pending.set_password("violet tapestry 1848")
        pending.save()
    return {"token": signup_token(pending, w.cohort)}


def _question(w: World) -> dict:
    question = w.essay.version.question
    return {"bank_pk": question.bank_id, "pk": question.pk}


# The arguments each URL name takes, from the world: one real object per page.
ARGUMENTS = {
    "password_reset_confirm": _reset,
    "cohorts:signup-confirm": _signup_link,
    "casestudies:image": lambda w: {"token": w.image.token},
    **{f"casestudies:{name}": (lambda w: {"slug": w.case.slug})
       for name in ("detail", "edit", "publish", "delete", "history", "image-upload")},
    **{f"casestudies:{name}": (lambda w: {"slug": w.case.slug, "number": 1}) for name in ("revision", "restore")},
    **{f"cohorts:{name}": (lambda w: {"pk": w.cohort.pk})
       for name in ("detail", "edit", "rotate-code", "disable-code", "roster")},
    **{f"cohorts:{name}": (lambda w: {"pk": w.cohort.pk, "member_pk": Membership.objects.get(user=w.student).pk})
       for name in ("member-edit", "member-remove", "member-invite")},
    **{f"banks:{name}": (lambda w: {"pk": w.essay.version.question.bank_id})
       for name in ("bank-detail", "bank-edit", "bank-tag", "bank-casepack")},
    "banks:bank-export": lambda w: {"pk": w.essay.version.question.bank_id, "fmt": "gift"},
    "banks:question-add": lambda w: {"bank_pk": w.essay.version.question.bank_id},
    **{f"banks:question-{name}": _question for name in ("edit", "duplicate", "move", "delete", "try")},
    **{f"quizzes:quiz-{name}": (lambda w: {"pk": w.assignment.quiz_id})
       for name in ("detail", "edit", "preview", "export", "item-add-fixed", "item-add-draw", "pick")},
    **{f"quizzes:quiz-item-{name}": (lambda w: {"pk": w.assignment.quiz_id,
                                                "item_pk": w.assignment.quiz.items.earliest("position").pk})
       for name in ("move", "points", "remove")},
    **{f"quizzes:{name}": (lambda w: {"cohort_pk": w.cohort.pk}) for name in ("cohort-assignments", "assignment-create")},
    **{f"quizzes:{name}": (lambda w: {"pk": w.assignment.pk})
       for name in ("assignment-staff", "assignment-edit", "attempt-start")},
    **{f"quizzes:{name}": (lambda w: {"pk": w.assignment.pk, "student_pk": User.objects.get(username="student2").pk})
       for name in ("override-edit", "override-delete")},
    **{f"quizzes:{name}": (lambda w: {"pk": w.in_progress.pk}) for name in ("attempt", "attempt-submit")},
    **{f"quizzes:{name}": (lambda w: {"pk": w.in_progress.pk,
                                      "position": w.in_progress.questions.get(version__type="file_upload").position})
       for name in ("answer-save", "answer-file-upload", "answer-file")},
    **{f"grading:{name}": (lambda w: {"pk": w.assignment.pk}) for name in ("grading-overview", "analysis")},
    "grading:grading-queue": lambda w: {"pk": w.assignment.pk, "question_pk": w.essay.version.question_id},
    **{f"grading:{name}": (lambda w: {"pk": w.essay.version.question_id})
       for name in ("regrade", "regrade-apply", "regrade-offer")},
    "grading:audit-log": lambda w: {"cohort_pk": w.cohort.pk},
    "gradebook:assignment": lambda w: {"pk": w.assignment.pk},
    "gradebook:attempt-review": lambda w: {"pk": w.submitted.pk},
    **{f"gradebook:{name}": (lambda w: {"cohort_pk": w.cohort.pk})
       for name in ("gradebook", "gradebook-csv", "responses-csv")},
    "gradebook:gradebook-student": lambda w: {"cohort_pk": w.cohort.pk, "student_pk": w.student.pk},
    "gradebook:gradebook-attempt": lambda w: {"pk": w.submitted.pk},
    "gradebook:grade-adjust": lambda w: {"pk": w.assignment.pk, "student_pk": w.student.pk},
    **{f"jobs:{name}": (lambda w: {"pk": w.job.pk}) for name in ("detail", "file")},
    "lti:link-setup": lambda w: {"pk": ResourceLink.objects.get(resource_link_id="r2").pk},
    **{f"lti:{name}": (lambda w: {"cohort_pk": w.cohort.pk})
       for name in ("cohort-grades", "grades-resend-all", "roster-sync")},
    "lti:grade-resend": lambda w: {"line_item_pk": LineItem.objects.get().pk, "student_pk": w.student.pk},
}


def url_names() -> list[tuple[str, bool]]:
    """Every named URL of ours, with whether it takes arguments."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if not name.startswith(NOT_OURS):
                    found.append((name, bool(pattern.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, None)
    return sorted(set(found))


def pages(world: World) -> list[tuple[str, str]]:
    """(URL name, path) for every URL of ours."""
    return [(name, reverse(name, kwargs=ARGUMENTS[name](world) if takes else None)) for name, takes in url_names()]


def is_page(response) -> bool:
    """What a person opens: a GET that answers with HTML (not 405, a file, JSON)."""
    return response.status_code != 405 and response.get("Content-Type", "").startswith("text/html")
