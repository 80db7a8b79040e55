"""Casebook settings: read only from the environment, with safe production defaults.

`make run` opts into debug (DJANGO_DEBUG=true); anything else is production and refuses to start
without a real DJANGO_SECRET_KEY. A malformed value stops start-up with a message naming the variable.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from casebook.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production needs a long random secret, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "bootstrap",
    "js_lib_htmx",
    "django_tasks_db",
    "accounts",
    "jobs",
    "casestudies",
    "cohorts",
    "banks",
    "quizzes",
    "grading",
    "gradebook",
    "lti",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Between the CSP and session middleware: lets an LTI session's pages be framed by its LMS (lti/frames.py).
    "lti.frames.LtiFrameMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casebook.urls"
WSGI_APPLICATION = "casebook.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Project-wide tags that belong to no app, as templates/ holds the shared templates.
            "libraries": {"breadcrumbs": "casebook.templatetags.breadcrumbs", "zones": "casebook.templatetags.zones",
                          "math": "casebook.templatetags.math"},
        },
    },
]

# DATABASE_POOL: each process keeps a small pool of PostgreSQL connections (psycopg's pool, which
# needs psycopg[pool]) instead of one persistent connection per thread; Django then needs CONN_MAX_AGE 0.
# Size it so that nodes x gunicorn workers x DATABASE_POOL_MAX_SIZE (+ workers, cron) stays under
# PostgreSQL's max_connections: docs/deploy/README.md.
DATABASE_POOL = env_bool("DATABASE_POOL", False)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0 if DATABASE_POOL else env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASE_POOL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_POOL needs PostgreSQL: set DATABASE_URL to postgres://...")
    if env_int("DATABASE_CONN_MAX_AGE", 0):
        raise ImproperlyConfigured("DATABASE_CONN_MAX_AGE cannot be used with DATABASE_POOL (pooled "
                                   "connections are never persistent): unset one of them.")
    pool = {"min_size": env_int("DATABASE_POOL_MIN_SIZE", 1), "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
            # Seconds a request waits for a free connection before it fails; well inside gunicorn's 30.
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10)}
    if not (0 <= pool["min_size"] <= pool["max_size"] and pool["max_size"] >= 1 and pool["timeout"] >= 1):
        raise ImproperlyConfigured(f"DATABASE_POOL_MIN_SIZE <= DATABASE_POOL_MAX_SIZE (at least 1) and "
                                   f"DATABASE_POOL_TIMEOUT (at least 1 s) do not hold for {pool}.")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = pool
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (emails, roster imports, big regrades and exports) runs as django.tasks tasks. The
# database backend needs no new infrastructure; its worker (manage.py db_worker) claims tasks with
# SELECT ... FOR UPDATE SKIP LOCKED, so several workers on several machines are safe.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": ["default"]}}

# The cache holds the join-code throttle, jobs' progress and (with Redis) sessions: every process must
# share it. Redis when REDIS_URL is set (several nodes: required); else files, which every process of
# one machine shares. Sessions are cached_db: read from Redis, written to both, so a Redis restart
# signs nobody out. Redis down: requests that need a session or the throttle fail (fast, with the
# time-outs below, not a hung worker) and /health/ answers 503; see docs/deploy/README.md.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Keys never collide with another app's (or a staging copy's) on the same Redis database.
            "KEY_PREFIX": env_str("DJANGO_CACHE_KEY_PREFIX", "casebook"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": env_str("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache"))}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Password guessing: lock a username+IP pair out for an hour after 5 failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# How many reverse proxies of ours stand in front (nginx: 1); see accounts/client_ip.py.
TRUSTED_PROXIES = env_int("DJANGO_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
# Wrong join codes allowed per address per 15 minutes (a campus NAT hides many students); see cohorts/throttle.py.
COHORT_JOIN_IP_LIMIT = env_int("COHORT_JOIN_IP_LIMIT", 100)
# How long the link that confirms a sign-up's email works (cohorts/signups.py).
SIGNUP_LINK_MAX_AGE = env_int("COHORT_SIGNUP_LINK_HOURS", 48) * 3600
# Work bigger than this runs as a background job with a progress page instead of in the request.
ROSTER_INLINE_ROWS = env_int("ROSTER_INLINE_ROWS", 200)
REGRADE_INLINE_ANSWERS = env_int("REGRADE_INLINE_ANSWERS", 500)
EXPORT_INLINE_STUDENTS = env_int("EXPORT_INLINE_STUDENTS", 1000)
# "A counted score may have changed" (quizzes/score_changes.py): the LMS grade passback listens. And the
# gradebook shows where each grade stands in the LMS (gradebook/sync_status.py).
SCORE_CHANGED_LISTENERS = ["lti.passback.scores_changed"]
GRADE_SYNC_PROVIDERS = ["lti.sync_status"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Static files: whitenoise's hashed, compressed copies, with ES module imports hashed too (casebook/storage.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "casebook.storage.StaticFilesStorage"},
}
# Uploaded case images: checked as real images and capped in size.
CASE_IMAGE_MAX_BYTES = env_int("CASE_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Files students upload as answers (a question may set a lower cap). Never served from MEDIA_URL:
# only their student and the cohort's staff can download them, through quizzes.views.answer_files.
ANSWER_UPLOAD_MAX_BYTES = env_int("ANSWER_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Development prints emails to the console; production sends them over SMTP configured here.
if DEBUG and not env_str("DJANGO_EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", 25),
                "username": env_str("DJANGO_EMAIL_HOST_USER") or None,
                "password": env_str("DJANGO_EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
            },
        }
    }
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "casebook@localhost")

# Security headers. Everything the pages load is served by us (no CDN), so the policy is strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "https:", "http:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"  # except LTI pages, framed by their LMS alone (lti/frames.py)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The balancer's health probe speaks plain HTTP to each node, without X-Forwarded-Proto: answer it.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
