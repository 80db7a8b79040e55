"""The tool's signing keys: make one, rotate, publish the public halves as a JWKS."""

import json
import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import transaction
from django.utils import timezone
from jwcrypto.jwk import JWK

from lti.models import ToolKey


def _new_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@transaction.atomic
def key_rotate() -> ToolKey:
    """Make a new current key; the previous one is retired but stays in the JWKS until pruned."""
    now = timezone.now()
    ToolKey.objects.select_for_update().filter(is_current=True).update(is_current=False, retired_at=now)
    return ToolKey.objects.create(kid=secrets.token_urlsafe(16), private_key=_new_pem(), is_current=True)


def current_key() -> ToolKey:
    """The key to sign with, made on first use so a new install works before anyone runs lti_keys."""
    key = ToolKey.objects.filter(is_current=True).first()
    return key or key_rotate()


def public_pem(key: ToolKey) -> str:
    return JWK.from_pem(key.private_key.encode()).export_to_pem().decode()


def public_jwk(key: ToolKey) -> dict:
    jwk = json.loads(JWK.from_pem(key.private_key.encode()).export_public())
    return {**jwk, "kid": key.kid, "alg": "RS256", "use": "sig"}


def jwks() -> dict:
    """Every key not pruned, current first."""
    return {"keys": [public_jwk(key) for key in ToolKey.objects.order_by("-is_current", "-created", "-pk")]}


def keys_prune(*, keep_retired: int = 1) -> int:
    """Drop retired keys beyond the newest ``keep_retired``; returns how many went."""
    retired = list(ToolKey.objects.filter(is_current=False).order_by("-retired_at", "-pk")
                   .values_list("pk", flat=True)[keep_retired:])
    return ToolKey.objects.filter(pk__in=retired).delete()[0]
