"""The visitor's address behind our proxies: the one our outermost proxy saw, never one a client wrote."""

import pytest
from django.test import RequestFactory

from accounts.client_ip import client_ip


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0

    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize(("hops", "forwarded", "expected"), [
    (1, "198.51.100.9", "198.51.100.9"),  # nginx appended the visitor's address
    (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # the client forged the first entry: ignored
    (2, "6.6.6.6, 198.51.100.9, 10.0.0.2", "198.51.100.9"),  # a load balancer, then nginx
])
def test_behind_proxies_the_address_our_outermost_proxy_saw(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXIES = hops

    assert client_ip(request_from("10.0.0.1", forwarded)) == expected


def test_a_request_that_skipped_the_proxies_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXIES = 2

    assert client_ip(request_from("10.0.0.1", "198.51.100.9")) == "10.0.0.1"
    assert client_ip(request_from("10.0.0.1")) == "10.0.0.1"
