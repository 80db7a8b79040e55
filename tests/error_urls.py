"""The site's URLs plus views that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from casebook.urls import urlpatterns as site


def broken(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [path("test-broken/", broken), path("test-suspicious/", suspicious), *site]
