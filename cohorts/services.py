"""Writes to cohorts and rosters, each in one transaction."""

import csv
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Membership, new_join_code

ROSTER_COLUMNS = ("email", "first_name", "last_name")
MAX_ROSTER_ROWS = 5000


@transaction.atomic
def cohort_create(*, creator, name: str, course_code: str = "", term: str = "", timezone: str = "UTC") -> Cohort:
    cohort = Cohort.objects.create(name=name, course_code=course_code, term=term, timezone=timezone,
                                   join_code=new_join_code())
    Membership.objects.create(cohort=cohort, user=creator, role=Membership.Role.INSTRUCTOR)
    return cohort


def join_code_rotate(*, cohort: Cohort) -> Cohort:
    """A new code: the old one stops working at once (e.g. after it leaked beyond the class)."""
    cohort.join_code = new_join_code()
    cohort.save(update_fields=["join_code"])
    return cohort


def join_code_disable(*, cohort: Cohort) -> Cohort:
    cohort.join_code = None
    cohort.save(update_fields=["join_code"])
    return cohort


class JoinRefused(Exception):
    pass


@transaction.atomic
def cohort_join(*, user, code: str) -> Membership:
    """Join as a student by code. Joining twice is harmless; a wrong or disabled code is refused."""
    code = (code or "").strip().upper()
    cohort = Cohort.objects.filter(join_code=code, is_active=True).first() if code else None
    if cohort is None:
        raise JoinRefused(_("That join code is not valid. Check it with your instructor."))
    membership, _created = Membership.objects.get_or_create(
        cohort=cohort, user=user, defaults={"role": Membership.Role.STUDENT}
    )
    return membership


@dataclass(frozen=True)
class RosterRow:
    line: int
    email: str
    first_name: str
    last_name: str
    student_id: str
    action: str  # "new", "existing", "member" (already in the cohort) or "error"
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.action != "error"


def roster_preview(*, cohort: Cohort, text: str) -> list[RosterRow]:
    """What applying this CSV would do, row by row. Reads the database, writes nothing."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower().replace(" ", "_") for name in (reader.fieldnames or [])]
    missing = [column for column in ROSTER_COLUMNS if column not in header]
    if missing:
        return [RosterRow(1, "", "", "", "", "error",
                          _("The first line must name the columns email, first_name, last_name (and optionally student_id)."))]
    reader.fieldnames = header
    rows = list(reader)[:MAX_ROSTER_ROWS + 1]
    emails = {(row.get("email") or "").strip().lower() for row in rows}
    # Emails match whatever their case: an account stored as Sam@Example.edu is sam@example.edu here.
    users = {
        u.email.lower(): u
        for u in get_user_model().objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails).only("pk", "email")
    }
    members = {
        email.lower()
        for email in Membership.objects.filter(cohort=cohort, user__in=users.values()).values_list("user__email", flat=True)
    }
    seen, result = set(), []
    for line, row in enumerate(rows, start=2):
        email = (row.get("email") or "").strip().lower()
        first, last = (row.get("first_name") or "").strip(), (row.get("last_name") or "").strip()
        student_id = (row.get("student_id") or "").strip()
        action, reason = _classify(email, first, last, seen, users, members, line)
        seen.add(email)
        result.append(RosterRow(line, email, first[:150], last[:150], student_id[:40], action, reason))
    return result


def _classify(email, first, last, seen, users, members, line) -> tuple[str, str]:
    if line > MAX_ROSTER_ROWS + 1:
        return "error", _("Too many rows: upload at most %(n)s students at a time.") % {"n": MAX_ROSTER_ROWS}
    try:
        validate_email(email)
    except ValidationError:
        return "error", _("“%(email)s” is not an email address.") % {"email": email or _("(empty)")}
    if email in seen:
        return "error", _("This email appears twice in the file.")
    if not first or not last:
        return "error", _("First and last name are both needed.")
    if email in members:
        return "member", _("Already in this cohort.")
    return ("existing", "") if email in users else ("new", "")


@transaction.atomic
def roster_apply(*, cohort: Cohort, rows: list[RosterRow], progress=None) -> list:
    """Add every row, or none if any row has an error. Returns the users created (to invite).
    ``progress(done, total)``, if given, hears how far it has got every hundred rows (a job's page)."""
    if not rows or any(not row.ok for row in rows):
        raise ValueError("a roster with errors cannot be applied")
    User = get_user_model()
    created = []
    for number, row in enumerate(rows, start=1):
        if progress and number % 100 == 0:
            progress(number, len(rows))
        if row.action == "member":
            continue
        user = User.objects.filter(email__iexact=row.email).first()
        if user is None:
            user = User(username=_free_username(row.email), email=row.email,
                        first_name=row.first_name, last_name=row.last_name)
            user.set_unusable_password()
            user.save()
            created.append(user)
        try:
            with transaction.atomic():
                Membership.objects.create(cohort=cohort, user=user, student_id=row.student_id)
        except IntegrityError:
            pass  # joined by code between preview and apply: already a member, nothing to do
    return created


def _free_username(email: str) -> str:
    User = get_user_model()
    base = email.split("@")[0][:140] or "student"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


class MemberRefused(Exception):
    """A role change or removal that would leave the cohort without an instructor."""


def is_last_instructor(membership: Membership, *, lock: bool = False) -> bool:
    """Whether the cohort would have no instructor, so nobody to manage it, without this member.

    Pages ask to leave out a button the services would refuse; the services ask again with `lock`:
    the cohort's instructor rows are locked (in pk order, so two callers cannot deadlock), and a
    concurrent demotion or removal waits, then sees this one's result.
    """
    instructors = Membership.objects.filter(cohort_id=membership.cohort_id, role=Membership.Role.INSTRUCTOR)
    if lock:
        instructors = instructors.select_for_update()
    return list(instructors.order_by("pk").values_list("pk", flat=True)) == [membership.pk]


@transaction.atomic
def member_update(*, membership: Membership, role: str, time_multiplier, extra_attempts: int) -> Membership:
    if role != Membership.Role.INSTRUCTOR and is_last_instructor(membership, lock=True):
        raise MemberRefused(_("This is the cohort's only instructor. Make someone else an instructor first."))
    membership.role, membership.time_multiplier, membership.extra_attempts = role, time_multiplier, extra_attempts
    membership.save(update_fields=["role", "time_multiplier", "extra_attempts"])
    return membership


@transaction.atomic
def member_remove(*, membership: Membership) -> None:
    if is_last_instructor(membership, lock=True):
        raise MemberRefused(_("%(name)s is the only instructor of this cohort and cannot be removed: a cohort needs "
                              "an instructor to manage it. Make someone else an instructor first.")
                            % {"name": membership.user})
    membership.delete()
