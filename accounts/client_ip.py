"""The visitor's address, for the sign-in lock-out and the join-code throttle.

Behind a reverse proxy every request arrives from the proxy, which appends the address it saw to
X-Forwarded-For. DJANGO_TRUSTED_PROXIES says how many of our own proxies stand in front (0: none,
use the connection's address), so the address taken is the one our outermost proxy saw: anything a
client wrote into the header itself sits further left and is never used.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    hops = settings.TRUSTED_PROXIES
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")
