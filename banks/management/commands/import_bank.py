"""Import a text2qti, GIFT or QTI file into a question bank: everything, or (on any error) nothing."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from banks.formats import registry
from banks.formats.base import ParsedBank, bank_to_dict
from banks.models import QuestionBank
from banks.services import ImportRefused, bank_import, casepack_import


class Command(BaseCommand):
    help = ("Import a question bank from a text2qti, Moodle GIFT or QTI file (.xml or .zip package), or a case "
            "pack (a case and its bank). Exits 1 if the file has errors.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["auto", *registry.FORMATS], default="auto")
        parser.add_argument("--bank", default="", help="Title of the bank; an existing bank of that title receives the questions.")
        parser.add_argument("--owner", default="", help="Username of the owning instructor (default: the first instructor).")
        parser.add_argument("--dry-run", action="store_true", help="Parse and report; save nothing.")
        parser.add_argument("--json", action="store_true", help="Print the parsed bank as JSON.")

    def handle(self, *args, file: Path, format: str, bank: str, owner: str, dry_run: bool, json: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}", returncode=1) from None
        text = registry.decode(data)
        fmt, parsed = ("unknown", text) if isinstance(text, ParsedBank) else registry.parse(text, format, filename=file.name)
        pack, parsed = (parsed, parsed.bank) if fmt == "casepack" else (None, parsed)
        if json:
            self.stdout.write(_dumps({**bank_to_dict(parsed), **({"case": pack.case} if pack else {})}))
        else:
            self._report(file, fmt, parsed, pack)
        if parsed.errors:
            raise CommandError(f"{len(parsed.errors)} error(s): nothing was imported.", returncode=1)
        if not dry_run:
            try:
                saved = self._save(parsed, pack, title=bank, owner=owner)
            except ImportRefused as refused:
                for problem in refused.problems:
                    self.stderr.write(f"  line {problem.line}: {problem.message}")
                raise CommandError(f"{len(refused.problems)} error(s): nothing was imported.", returncode=1) from None
            if not json:
                self.stdout.write(self.style.SUCCESS(f"Imported {len(parsed.questions)} question(s) into “{saved}”."))

    def _report(self, file, fmt, parsed, pack):
        self.stdout.write(f"{file}: {fmt}, {len(parsed.questions)} question(s)")
        if pack is not None and pack.case.get("title"):
            self.stdout.write(f"  case “{pack.case['title']}”, {len(pack.case.get('body', '')):,} characters")
        for question in parsed.questions:
            for note in question.notes:
                self.stdout.write(self.style.WARNING(f"  line {question.line}: {note}"))
        for group in getattr(parsed, "groups", ()):
            self.stdout.write(f"  group “{group.title}”: pick {group.pick} of {len(group.positions)}, "
                              f"{group.points if group.points is not None else 'their own'} point(s) each; "
                              f"tagged “{group.tag}”")
        for left in getattr(parsed, "left_out", ()):
            self.stdout.write(self.style.WARNING(f"  line {left.line}: left out {left.ident} “{left.title}”: "
                                                 f"{left.reason}"))
        for error in parsed.errors:
            self.stderr.write(f"  line {error.line}: {error.message}")

    def _save(self, parsed, pack, *, title, owner):
        """A case pack becomes a draft case and a new bank linked to it, as the web form makes them."""
        if pack is not None:
            if title:
                parsed.title = title
            return casepack_import(owner=self._owner(owner), pack=pack)
        existing = QuestionBank.objects.filter(title=title).first() if title else None
        user = existing.owner if existing else self._owner(owner)
        return bank_import(owner=user, parsed=parsed, title=title, bank=existing)

    def _owner(self, username):
        users = get_user_model().objects.filter(is_instructor=True)
        user = users.filter(username=username).first() if username else users.order_by("pk").first()
        if user is None:
            raise CommandError(f"No instructor {username!r} to own the bank; pass --owner USERNAME.", returncode=1)
        return user


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
