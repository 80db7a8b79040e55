"""Settings for the load benchmark's gunicorn: production settings plus a bench-only floor endpoint.

Everything else is casebook.settings as production runs it (DEBUG off, database sessions unless
REDIS_URL is set, persistent database connections), over plain HTTP on 127.0.0.1. The defaults below
apply only where the environment says nothing; bench/bench_load.py sets them for gunicorn explicitly.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from casebook.settings import *  # noqa: E402,F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
# No collectstatic before a bench run: the JSON and redirect responses measured render no {% static %}.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
