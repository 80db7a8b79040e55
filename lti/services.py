"""Writes that launches, registration and roster sync make, each in one transaction.

A launch is applied all or nothing: if any part is refused (a student in a course no instructor has
opened yet, a role Casebook has no place for, a replayed nonce) nothing of it is saved, not even the
account.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies.models import CaseStudy
from cohorts.models import Cohort, Membership
from cohorts.services import cohort_create, join_code_disable
from lti import roles
from lti.claims import DEEP_LINK_LAUNCH, Claims
from lti.launch import LaunchRefused
from lti.models import Account, Context, Deployment, LineItem, Platform, ResourceLink, RosterEntry, UsedNonce
from quizzes.models import Assignment

NONCE_KEPT = timedelta(days=2)  # longer than any id_token lives; older nonces could not be replayed anyway
CUSTOM_ASSIGNMENT, CUSTOM_CASE = "casebook_assignment", "casebook_case"


@transaction.atomic
def platform_register(*, issuer: str, client_id: str, auth_login_url: str, auth_token_url: str, keyset_url: str,
                      deployment_ids: list[str], title: str = "", auth_audience: str = "",
                      frame_origins: str = "") -> Platform:
    """Register (or update) the platform for ``issuer`` + ``client_id`` and add its deployments."""
    platform, _created = Platform.objects.update_or_create(
        issuer=issuer.strip(), client_id=client_id.strip(),
        defaults={"title": title.strip() or issuer.strip(), "auth_login_url": auth_login_url.strip(),
                  "auth_token_url": auth_token_url.strip(), "keyset_url": keyset_url.strip(),
                  "auth_audience": auth_audience.strip(), "frame_origins": frame_origins.strip(),
                  "is_active": True})
    for deployment_id in deployment_ids:
        Deployment.objects.get_or_create(platform=platform, deployment_id=deployment_id.strip())
    return platform


@dataclass
class LaunchResult:
    user: object
    account: Account
    context: Context
    role: str
    link: ResourceLink | None  # resource link launches only
    needs_setup: bool  # an instructor's first launch, who may link a cohort they already teach


def _free_username(platform: Platform, sub: str) -> str:
    base = f"lti{platform.pk}-{hashlib.sha256(sub.encode()).hexdigest()[:10]}"
    users, name, n = get_user_model().objects, base, 1
    while users.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _names(claims_or_member) -> dict:
    given, family, full = claims_or_member.given_name, claims_or_member.family_name, claims_or_member.name
    if not (given or family) and full:
        given, _space, family = full.partition(" ")
    return {"first_name": given[:150], "last_name": family[:150]}


def account_for(*, platform: Platform, sub: str, person, role: str | None) -> Account:
    """The account the platform calls ``sub``, made the first time; names and email follow the LMS. An
    email claim never finds an existing local account: it is only stored for display."""
    account = Account.objects.select_related("user").filter(platform=platform, sub=sub).first()
    names = _names(person)
    if account is None:
        user = get_user_model()(username=_free_username(platform, sub), email=person.email[:254],
                                is_instructor=role == roles.INSTRUCTOR, **names)
        user.set_unusable_password()
        user.save()
        return Account.objects.create(platform=platform, sub=sub, user=user)
    user, changed = account.user, []
    for field, value in {**names, "email": person.email[:254]}.items():
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if role == roles.INSTRUCTOR and not user.is_instructor:
        user.is_instructor = True
        changed.append("is_instructor")
    if changed:
        user.save(update_fields=changed)
    return account


def membership_set(*, cohort: Cohort, user, role: str) -> Membership:
    """The member's role as the LMS says it is now (role changes included)."""
    membership, created = Membership.objects.get_or_create(cohort=cohort, user=user, defaults={"role": role})
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def _context(deployment: Deployment, claims: Claims) -> Context:
    context, _created = Context.objects.get_or_create(deployment=deployment, context_id=claims.context_id)
    fields = {"title": claims.context_title[:255], "label": claims.context_label[:255]}
    if claims.memberships_url:
        fields["memberships_url"] = claims.memberships_url
    if claims.lineitems_url:
        fields["lineitems_url"] = claims.lineitems_url
    changed = [name for name, value in fields.items() if getattr(context, name) != value]
    for name in changed:
        setattr(context, name, fields[name])
    if changed:
        context.save(update_fields=changed)
    return context


def _consume_nonce(platform: Platform, nonce: str) -> None:
    UsedNonce.objects.filter(used_at__lt=timezone.now() - NONCE_KEPT).delete()
    try:
        with transaction.atomic():
            UsedNonce.objects.create(platform=platform, nonce=nonce)
    except IntegrityError as error:
        raise LaunchRefused(_("This launch was already used (a replayed nonce). Open the link again from your "
                              "course.")) from error


def context_cohort_create(*, context: Context, instructor) -> Cohort:
    """A new cohort for the LMS course, taught by the instructor who opened it; students come in by LTI
    launches and roster sync, so it has no join code."""
    cohort = cohort_create(creator=instructor, name=(context.title or context.label or context.context_id)[:120],
                           course_code=context.label[:40])
    join_code_disable(cohort=cohort)
    context.cohort = cohort
    context.save(update_fields=["cohort"])
    return cohort


@transaction.atomic
def context_cohort_link(*, context: Context, cohort: Cohort, instructor) -> Context:
    """Link the LMS course to a cohort the instructor already teaches (their first launch offers it)."""
    context = Context.objects.select_for_update().get(pk=context.pk)
    if context.cohort_id is not None:
        raise LaunchRefused(_("This course is already linked to a cohort."), 409)
    if Context.objects.filter(cohort=cohort).exists():
        raise LaunchRefused(_("That cohort is already linked to another LMS course."), 409)
    context.cohort = cohort
    context.save(update_fields=["cohort"])
    membership_set(cohort=cohort, user=instructor, role=Membership.Role.INSTRUCTOR)
    return context


def _target(link: ResourceLink, claims: Claims, cohort: Cohort) -> None:
    """A deep-linked resource link says in its custom parameters what it opens; only an assignment of the
    course's own cohort, or a published case, is taken."""
    if link.assignment_id or link.case_id:
        return
    assignment_id, slug = claims.custom.get(CUSTOM_ASSIGNMENT, ""), claims.custom.get(CUSTOM_CASE, "")
    if assignment_id.isdigit():
        link.assignment = Assignment.objects.filter(pk=int(assignment_id), cohort=cohort).first()
    elif slug:
        link.case = CaseStudy.objects.published().filter(slug=slug).first()
    if link.assignment_id or link.case_id:
        link.save(update_fields=["assignment", "case"])


def roster_seen(*, context: Context, account: Account, role: str, now) -> None:
    RosterEntry.objects.update_or_create(context=context, account=account,
                                         defaults={"role": role, "has_left": False, "left_at": None, "seen_at": now})


@transaction.atomic
def launch_apply(*, platform: Platform, deployment: Deployment, claims: Claims) -> LaunchResult:
    """Sign-in, cohort, membership and link for a validated launch, or LaunchRefused with nothing saved."""
    _consume_nonce(platform, claims.nonce)
    role = roles.cohort_role(claims.roles)
    if role is None:
        raise LaunchRefused(_("Casebook has no place for your role in this course (it knows instructors, "
                              "teaching assistants and students)."), 403)
    if claims.message_type == DEEP_LINK_LAUNCH and role != roles.INSTRUCTOR:
        raise LaunchRefused(_("Only the course's instructors can add Casebook content."), 403)
    context = _context(deployment, claims)
    if context.cohort_id is None and role != roles.INSTRUCTOR:
        raise LaunchRefused(_("Casebook is not set up in this course yet: your instructor has to open it once "
                              "first."), 403)
    account = account_for(platform=platform, sub=claims.sub, person=claims, role=role)
    needs_setup = False
    if context.cohort_id is None:
        taught = Membership.objects.filter(user=account.user, role=Membership.Role.INSTRUCTOR).exists()
        if taught:
            needs_setup = True
        else:
            context_cohort_create(context=context, instructor=account.user)
    if context.cohort_id:
        membership_set(cohort=context.cohort, user=account.user, role=role)
        roster_seen(context=context, account=account, role=role, now=timezone.now())
    link = None
    if claims.resource_link_id:
        link, _created = ResourceLink.objects.get_or_create(
            context=context, resource_link_id=claims.resource_link_id,
            defaults={"title": claims.resource_link_title[:255]})
        if context.cohort_id:
            _target(link, claims, context.cohort)
        if claims.lineitem_url and link.assignment_id:
            LineItem.objects.get_or_create(context=context, url=claims.lineitem_url,
                                           defaults={"assignment_id": link.assignment_id})
    return LaunchResult(account.user, account, context, role, link, needs_setup)


@transaction.atomic
def link_target_set(*, link: ResourceLink, assignment: Assignment | None = None, case: CaseStudy | None = None,
                    lineitem_url: str = "") -> ResourceLink:
    """An instructor chooses what a link made in the LMS (not by deep linking) opens."""
    link.assignment, link.case = assignment, case
    link.save(update_fields=["assignment", "case"])
    if assignment and lineitem_url:
        LineItem.objects.get_or_create(context=link.context, url=lineitem_url, defaults={"assignment": assignment})
    return link
