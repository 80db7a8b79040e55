"""The pure parts: LTI roles to cohort roles, and reading a token's claims (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti.claims import CONTEXT, DEPLOYMENT_ID, MESSAGE_TYPE, RESOURCE_LINK, ROLES, MissingClaim, read_claims
from lti.roles import cohort_role

M = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
TA = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"


@pytest.mark.parametrize("roles, expected", [
    ([M + "Instructor"], "instructor"), ([M + "Administrator"], "instructor"), (["Instructor"], "instructor"),
    ([M + "Learner"], "student"), (["Learner"], "student"), ([M + "Instructor", TA], "ta"), ([TA], "ta"),
    ([M + "Learner", M + "Instructor"], "instructor"), ([M + "Mentor"], None), ([], None),
    (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"], None),  # an institution role only
])
def test_lti_roles_map_to_cohort_roles(roles, expected):
    assert cohort_role(roles) == expected


@given(st.lists(st.one_of(st.text(), st.integers(), st.none())))
def test_any_roles_claim_maps_to_a_role_or_none(roles):
    assert cohort_role(roles) in {"instructor", "ta", "student", None}


def body(**changes):
    claims = {"sub": "u1", "nonce": "n", "aud": "client", MESSAGE_TYPE: "LtiResourceLinkRequest",
              DEPLOYMENT_ID: "d1", ROLES: [M + "Learner"], CONTEXT: {"id": "c1", "title": "Course"},
              RESOURCE_LINK: {"id": "rl1"}}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def test_a_full_resource_launch_reads():
    claims = read_claims(body(), "client")
    assert (claims.sub, claims.context_id, claims.resource_link_id) == ("u1", "c1", "rl1")


@pytest.mark.parametrize("missing", ["sub", "nonce", MESSAGE_TYPE, DEPLOYMENT_ID, ROLES, CONTEXT, RESOURCE_LINK])
def test_each_needed_claim_is_named_when_missing(missing):
    with pytest.raises(MissingClaim):
        read_claims(body(**{missing: None}), "client")


def test_several_audiences_need_us_as_the_authorized_party():
    with pytest.raises(MissingClaim, match="azp"):
        read_claims(body(aud=["client", "other"]), "client")
    assert read_claims(body(aud=["client", "other"], azp="client"), "client").sub == "u1"


@given(st.dictionaries(st.sampled_from(["sub", "nonce", MESSAGE_TYPE, DEPLOYMENT_ID, ROLES, CONTEXT,
                                        RESOURCE_LINK, "aud", "azp"]),
                       st.one_of(st.text(), st.lists(st.text()), st.dictionaries(st.text(), st.text()), st.none(),
                                 st.integers())))
def test_junk_claims_never_raise_anything_but_missing_claim(junk):
    """No junk is a launch (its message type is never one we know), and refusing it names the claim."""
    with pytest.raises(MissingClaim) as refused:
        read_claims(junk, "client")
    assert refused.value.args[0] in {"azp", "message_type", "roles", "sub", "nonce", "deployment_id", "context",
                                     "resource_link", "deep_linking_settings"}
