"""Names and Role Provisioning Services: bring the LMS roster into the course's cohort.

New members get an account (by their platform ``user_id``, as a launch would) and a membership; a
changed role is applied; people the roster no longer lists, or lists as Inactive/Deleted, are flagged
as having left (``RosterEntry.has_left``) and keep their membership and their work.
"""

import logging
from dataclasses import dataclass, field

import requests
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pylti1p3.exception import LtiException, LtiServiceException

from lti import roles
from lti.models import Context, RosterEntry
from lti.services import account_for, membership_set, roster_seen
from lti.tool_config import connector_for

logger = logging.getLogger(__name__)
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
NRPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_PAGES = 100


@dataclass(frozen=True)
class Member:
    user_id: str
    role: str | None
    active: bool
    given_name: str = ""
    family_name: str = ""
    name: str = ""
    email: str = ""


@dataclass
class RosterResult:
    added: int = 0
    changed: int = 0
    left: int = 0
    skipped: int = 0
    error: str = ""
    names: list = field(default_factory=list)

    def summary(self) -> str:
        if self.error:
            return _("The roster could not be read: %(error)s") % {"error": self.error}
        return _("Roster synced: %(added)s new, %(changed)s changed role, %(left)s left.") % {
            "added": self.added, "changed": self.changed, "left": self.left}


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def members_of(body) -> list[Member]:
    """The members in one NRPS page (a membership container), skipping malformed entries."""
    found = []
    for entry in (body or {}).get("members", []) if isinstance(body, dict) else []:
        if not isinstance(entry, dict) or not _text(entry.get("user_id")):
            continue
        found.append(Member(user_id=_text(entry["user_id"]), role=roles.cohort_role(entry.get("roles") or []),
                            active=entry.get("status", "Active") == "Active",
                            given_name=_text(entry.get("given_name")), family_name=_text(entry.get("family_name")),
                            name=_text(entry.get("name")), email=_text(entry.get("email"))))
    return found


def fetch_members(context: Context) -> list[Member]:
    platform = context.deployment.platform
    connector, members, url = connector_for(platform), [], context.memberships_url
    for page, response in enumerate(connector.get_paginated_data([NRPS_SCOPE], url, accept=NRPS_TYPE)):
        members += members_of(response["body"])
        if page + 1 >= MAX_PAGES:
            break
    return members


def roster_sync(*, context_id: int) -> RosterResult:
    context = Context.objects.select_related("deployment__platform", "cohort").get(pk=context_id)
    if not context.memberships_url or context.cohort_id is None:
        return RosterResult(error=_("This course has no roster service, or no cohort yet."))
    try:
        members = fetch_members(context)
    except LtiServiceException as error:
        reason = f"HTTP {error.response.status_code}: {error.response.text[:300]}"
        return _record_error(context, reason)
    except (LtiException, requests.RequestException, ValueError) as error:
        return _record_error(context, str(error)[:300])
    return roster_apply(context=context, members=members)


def _record_error(context: Context, reason: str) -> RosterResult:
    logger.warning("Roster sync of context %s failed: %s", context.pk, reason)
    Context.objects.filter(pk=context.pk).update(roster_error=reason)
    return RosterResult(error=reason)


@transaction.atomic
def roster_apply(*, context: Context, members: list[Member]) -> RosterResult:
    now, result = timezone.now(), RosterResult()
    platform, cohort = context.deployment.platform, context.cohort
    entries = {e.account.sub: e for e in RosterEntry.objects.filter(context=context).select_related("account")}
    present = set()
    for member in members:
        if not member.active or member.role is None:
            result.skipped += member.role is None
            continue
        present.add(member.user_id)
        before = entries.get(member.user_id)
        account = before.account if before else None
        if account is None:
            account = account_for(platform=platform, sub=member.user_id, person=member, role=member.role)
        membership_before = cohort.memberships.filter(user=account.user).values_list("role", flat=True).first()
        membership_set(cohort=cohort, user=account.user, role=member.role)
        roster_seen(context=context, account=account, role=member.role, now=now)
        if membership_before is None:
            result.added += 1
        elif membership_before != member.role:
            result.changed += 1
    gone = [e.pk for sub, e in entries.items() if sub not in present and not e.has_left]
    result.left = RosterEntry.objects.filter(pk__in=gone).update(has_left=True, left_at=now)
    Context.objects.filter(pk=context.pk).update(roster_synced_at=now, roster_error="")
    return result


def contexts_to_sync():
    return Context.objects.exclude(memberships_url="").filter(cohort__isnull=False,
                                                              deployment__platform__is_active=True)
