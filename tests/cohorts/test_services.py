"""cohorts/services.py: joining by code, codes, the roster preview/apply pair, and member changes."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from cohorts import services
from cohorts.models import Cohort, Membership
from tests.factories import UserFactory

Role = Membership.Role
pytestmark = pytest.mark.django_db


def test_creating_a_cohort_makes_the_creator_its_instructor_and_gives_it_a_code(instructor):
    cohort = services.cohort_create(creator=instructor, name="Section A", course_code="PHIL 210", timezone="Europe/Paris")
    assert Membership.objects.get(cohort=cohort).user == instructor
    assert Membership.objects.get(cohort=cohort).role == Role.INSTRUCTOR
    assert len(cohort.join_code) == 8


def test_joining_twice_leaves_one_student_membership(cohort):
    newcomer = UserFactory()
    first = services.cohort_join(user=newcomer, code="ETHICS26")
    second = services.cohort_join(user=newcomer, code=" ethics26 ")
    assert first.pk == second.pk
    assert Membership.objects.filter(cohort=cohort, user=newcomer).count() == 1
    assert first.role == Role.STUDENT


def test_joining_with_your_own_code_keeps_an_instructor_an_instructor(cohort, instructor):
    membership = services.cohort_join(user=instructor, code="ETHICS26")
    assert membership.role == Role.INSTRUCTOR


@pytest.mark.parametrize("code", ["", "NOPE1234", "OTHER999x"])
def test_a_wrong_code_is_refused(cohort, code):
    newcomer = UserFactory()
    with pytest.raises(services.JoinRefused):
        services.cohort_join(user=newcomer, code=code)
    assert not Membership.objects.filter(user=newcomer).exists()


def test_rotating_the_code_invalidates_the_old_one(cohort):
    services.join_code_rotate(cohort=cohort)
    cohort.refresh_from_db()
    assert cohort.join_code != "ETHICS26"
    with pytest.raises(services.JoinRefused):
        services.cohort_join(user=UserFactory(), code="ETHICS26")
    assert services.cohort_join(user=UserFactory(), code=cohort.join_code).cohort == cohort


def test_a_disabled_code_is_refused(cohort):
    services.join_code_disable(cohort=cohort)
    assert Cohort.objects.get(pk=cohort.pk).join_code is None
    with pytest.raises(services.JoinRefused):
        services.cohort_join(user=UserFactory(), code="ETHICS26")


def test_an_inactive_cohort_refuses_its_code(cohort):
    Cohort.objects.filter(pk=cohort.pk).update(is_active=False)
    with pytest.raises(services.JoinRefused):
        services.cohort_join(user=UserFactory(), code="ETHICS26")


# The roster ---------------------------------------------------------------------------------------

MIXED = """email,first_name,last_name,student_id
new.person@example.edu,New,Person,S-1
carla@example.edu,Carla,Classmate,S-1002
ghost@example.edu,Ghost,Account,
"""


def test_the_preview_classifies_new_existing_and_member_rows(cohort):
    UserFactory(username="ghost", email="ghost@example.edu")  # has an account, not in the cohort
    rows = services.roster_preview(cohort=cohort, text=MIXED)
    assert [(row.line, row.email, row.action) for row in rows] == [
        (2, "new.person@example.edu", "new"),
        (3, "carla@example.edu", "member"),
        (4, "ghost@example.edu", "existing"),
    ]
    assert rows[0].student_id == "S-1"
    assert all(row.ok for row in rows)


def test_the_preview_writes_nothing(cohort, db_state):
    before = db_state()
    services.roster_preview(cohort=cohort, text=MIXED)
    assert db_state() == before


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("not-an-email,Bad,Email", "is not an email address"),
        (",No,Email", "is not an email address"),
        ("dup@example.edu,Second,Copy", "appears twice"),
        ("noname@example.edu,,Lastonly", "First and last name"),
        ("noname@example.edu,Firstonly,", "First and last name"),
    ],
)
def test_the_preview_flags_bad_rows_with_a_reason(cohort, line, reason):
    text = f"email,first_name,last_name\ndup@example.edu,First,Copy\n{line}\n"
    rows = services.roster_preview(cohort=cohort, text=text)
    assert rows[0].action == "new"
    assert rows[1].action == "error"
    assert reason in rows[1].reason
    assert rows[1].line == 3


def test_the_preview_matches_duplicates_and_members_whatever_the_case(cohort):
    rows = services.roster_preview(cohort=cohort, text="email,first_name,last_name\nCarla@Example.edu,Carla,C\n"
                                                        "x@example.edu,X,Y\nX@EXAMPLE.EDU,X,Y\n")
    assert [row.action for row in rows] == ["member", "new", "error"]


def test_an_account_stored_with_capitals_is_recognised_as_existing(cohort):
    UserFactory(username="okafor", email="Sam.Okafor@Example.edu")

    rows = services.roster_preview(cohort=cohort, text="email,first_name,last_name\nsam.okafor@example.edu,Sam,Okafor\n")

    assert [row.action for row in rows] == ["existing"]


def test_a_file_without_the_header_columns_is_one_error_row(cohort):
    rows = services.roster_preview(cohort=cohort, text="ada@example.edu,Ada,Lovelace\n")
    assert len(rows) == 1
    assert rows[0].action == "error"
    assert "email, first_name, last_name" in rows[0].reason


def test_spreadsheet_style_headers_are_understood(cohort):
    rows = services.roster_preview(cohort=cohort, text="Email,First Name,Last Name,Student ID\nada@example.edu,Ada,Lovelace,7\n")
    assert [(row.action, row.first_name, row.student_id) for row in rows] == [("new", "Ada", "7")]


def test_applying_adds_everyone_and_returns_only_the_new_accounts(cohort):
    ghost = UserFactory(username="ghost", email="ghost@example.edu")
    rows = services.roster_preview(cohort=cohort, text=MIXED)
    created = services.roster_apply(cohort=cohort, rows=rows)
    assert [user.email for user in created] == ["new.person@example.edu"]
    new = get_user_model().objects.get(email="new.person@example.edu")
    assert not new.has_usable_password()
    assert (new.first_name, new.last_name, new.username) == ("New", "Person", "new.person")
    assert Membership.objects.get(cohort=cohort, user=new).student_id == "S-1"
    assert Membership.objects.get(cohort=cohort, user=ghost).role == Role.STUDENT
    assert Membership.objects.filter(cohort=cohort).count() == 6


def test_applying_a_roster_with_any_error_adds_nobody(cohort, db_state):
    rows = services.roster_preview(cohort=cohort, text=MIXED + "broken,Broken,Row\n")
    before = db_state()
    with pytest.raises(ValueError):
        services.roster_apply(cohort=cohort, rows=rows)
    assert db_state() == before


def test_a_new_account_gets_a_free_username(cohort):
    UserFactory(username="ada", email="someone.else@example.edu")
    rows = services.roster_preview(cohort=cohort, text="email,first_name,last_name\nada@example.edu,Ada,Lovelace\n")
    [created] = services.roster_apply(cohort=cohort, rows=rows)
    assert created.username == "ada2"


# Members: a cohort always keeps an instructor -------------------------------------------------------


@pytest.fixture
def second_instructor(cohort, other_instructor):
    return Membership.objects.create(cohort=cohort, user=other_instructor, role=Role.INSTRUCTOR)


def instructor_count(cohort) -> int:
    return Membership.objects.filter(cohort=cohort, role=Role.INSTRUCTOR).count()


@pytest.mark.parametrize("role", [Role.TA, Role.STUDENT])
def test_demoting_the_only_instructor_is_refused_and_saves_nothing(irene, role, db_state):
    before = db_state()
    with pytest.raises(services.MemberRefused, match="This is the cohort's only instructor"):
        services.member_update(membership=irene, role=role, time_multiplier=Decimal(2), extra_attempts=3)
    assert db_state() == before


def test_removing_the_only_instructor_is_refused(irene, db_state):
    before = db_state()
    with pytest.raises(services.MemberRefused, match="Irene Adler is the only instructor of this cohort"):
        services.member_remove(membership=irene)
    assert db_state() == before


def test_the_only_instructor_may_still_change_their_own_accommodations(irene):
    services.member_update(membership=irene, role=Role.INSTRUCTOR, time_multiplier=Decimal("1.5"), extra_attempts=1)
    irene.refresh_from_db()
    assert (irene.role, irene.time_multiplier) == (Role.INSTRUCTOR, Decimal("1.5"))


@pytest.mark.parametrize("second_change", ["demote", "remove"])
def test_of_two_instructors_stepping_down_from_pages_loaded_together_the_second_is_refused(
    irene, second_instructor, cohort, second_change
):
    """Both read while both were instructors; the service counts again, so one instructor stays.
    (On PostgreSQL the row lock makes this hold for simultaneous requests too: test_concurrency.py.)"""
    stale = Membership.objects.get(pk=second_instructor.pk)
    services.member_update(membership=irene, role=Role.TA, time_multiplier=Decimal(1), extra_attempts=0)
    with pytest.raises(services.MemberRefused):
        if second_change == "demote":
            services.member_update(membership=stale, role=Role.STUDENT, time_multiplier=Decimal(1), extra_attempts=0)
        else:
            services.member_remove(membership=stale)
    assert list(Membership.objects.filter(cohort=cohort, role=Role.INSTRUCTOR)) == [second_instructor]


def test_removing_one_of_two_instructors_is_allowed(irene, second_instructor, cohort):
    services.member_remove(membership=irene)
    assert instructor_count(cohort) == 1
    assert not Membership.objects.filter(pk=irene.pk).exists()


def test_other_cohorts_instructors_do_not_count(irene, other_cohort):
    with pytest.raises(services.MemberRefused):
        services.member_remove(membership=irene)


def test_the_last_instructor_is_found_by_the_page_helper_too(irene, second_instructor, cohort, ta):
    assert not services.is_last_instructor(irene)
    services.member_remove(membership=second_instructor)
    assert services.is_last_instructor(irene)
    assert not services.is_last_instructor(Membership.objects.get(cohort=cohort, user=ta))
