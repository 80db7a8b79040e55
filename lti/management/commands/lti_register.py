"""Register an LMS (a platform) and print the URLs to enter on its side, as JSON."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.urls import reverse

from lti.keys import current_key
from lti.services import platform_register


class Command(BaseCommand):
    help = "Register an LTI 1.3 platform; prints {login_url, launch_url, jwks_url, deep_link_url}."

    def add_arguments(self, parser):
        parser.add_argument("--issuer", required=True)
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--auth-url", required=True, help="the platform's OIDC authorization endpoint")
        parser.add_argument("--token-url", required=True, help="the platform's OAuth2 access token endpoint")
        parser.add_argument("--keyset-url", required=True, help="the platform's public keyset (JWKS)")
        parser.add_argument("--deployment-id", action="append", required=True, help="repeat for several")
        parser.add_argument("--title", default="")
        parser.add_argument("--audience", default="", help="token audience, if not the token URL")
        parser.add_argument("--frame-origin", action="append", default=[],
                            help="an origin the LMS shows Casebook in, e.g. https://school.instructure.com")
        parser.add_argument("--base-url", default="", help="Casebook's public URL (default: the first of "
                            "DJANGO_CSRF_TRUSTED_ORIGINS, else http://localhost:8000)")

    def handle(self, *args, **options):
        urls = URLValidator(schemes=["http", "https"])
        for name in ("issuer", "auth_url", "token_url", "keyset_url"):
            try:
                urls(options[name])
            except ValidationError as error:
                raise CommandError(f"--{name.replace('_', '-')} is not a URL: {options[name]!r}") from error
        platform_register(
            issuer=options["issuer"], client_id=options["client_id"], auth_login_url=options["auth_url"],
            auth_token_url=options["token_url"], keyset_url=options["keyset_url"],
            deployment_ids=options["deployment_id"], title=options["title"], auth_audience=options["audience"],
            frame_origins="\n".join(options["frame_origin"]))
        current_key()
        base = (options["base_url"] or self._default_base()).rstrip("/")
        self.stdout.write(json.dumps({
            "login_url": base + reverse("lti:login"), "launch_url": base + reverse("lti:launch"),
            "jwks_url": base + reverse("lti:jwks"), "deep_link_url": base + reverse("lti:deep-link-launch"),
        }, indent=2))

    @staticmethod
    def _default_base() -> str:
        from django.conf import settings

        return (settings.CSRF_TRUSTED_ORIGINS or ["http://localhost:8000"])[0]
