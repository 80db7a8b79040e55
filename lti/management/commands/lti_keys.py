"""Make or rotate the tool's signing key; old keys stay in the JWKS until pruned."""

import json

from django.core.management.base import BaseCommand

from lti.keys import jwks, key_rotate, keys_prune
from lti.models import ToolKey


class Command(BaseCommand):
    help = "Show the tool's keys; --rotate makes a new current key; --prune drops retired keys but the newest."

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="make a new current key (the old one is kept)")
        parser.add_argument("--prune", action="store_true", help="drop retired keys, keeping the newest one")

    def handle(self, *args, **options):
        if options["rotate"] or not ToolKey.objects.filter(is_current=True).exists():
            key = key_rotate()
            self.stdout.write(f"New current key {key.kid}.")
        if options["prune"]:
            self.stdout.write(f"Pruned {keys_prune()} retired key(s).")
        self.stdout.write(json.dumps(jwks(), indent=2))
