"""Banks and questions: create, version on edit, import a parsed file or a case pack, duplicate, move, tag."""

import dataclasses
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from banks.codec import spec_to_dict
from banks.formats import casepack
from banks.formats.base import ParsedBank, ParseProblem
from banks.formats.export import Export, export_result
from banks.identity import with_ids
from banks.models import Question, QuestionBank, QuestionVersion
from banks.rendering import render_spec
from banks.spec import QuestionSpec, QuestionType
from casestudies import services as cases
from casestudies.markdown import MarkdownRefused
from casestudies.models import CaseStudy, Tag


class ImportRefused(Exception):
    """The parsed file has errors: nothing may be saved. ``problems`` says which, by line."""

    def __init__(self, problems: list[ParseProblem]):
        super().__init__(problems)
        self.problems = problems


def version_spec(version: QuestionVersion) -> QuestionSpec:
    return version.question_spec


def _tags(names: Iterable[str]) -> list[Tag]:
    names = sorted({name.strip()[:50] for name in names if name and name.strip()})
    if not names:
        return []
    Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
    return list(Tag.objects.filter(name__in=names))


def _version(question: Question, spec: QuestionSpec, *, number: int, created_by, citation: str,
             previous: Sequence[QuestionSpec] = ()) -> QuestionVersion:
    """An unsaved version of ``spec``, its parts named with the ids of the ``previous`` versions."""
    # A text-only item is never graded, whatever points its file gave it.
    points = Decimal(0) if spec.type == QuestionType.TEXT else spec.points
    spec = with_ids(dataclasses.replace(spec, line=0, tags=(), points=points), previous)
    return QuestionVersion(  # ids rather than rows: setting a relation costs more, 20,000 times over
        question_id=question.pk, number=number, type=str(spec.type), title=spec.title[:200],
        points=spec.points, spec=spec_to_dict(spec), rendered=render_spec(spec),
        citation=citation, created_by_id=getattr(created_by, "pk", None),
    )


@transaction.atomic
def question_create(*, bank: QuestionBank, spec: QuestionSpec, created_by, citation: str = "",
                    position: int | None = None) -> Question:
    if position is None:
        position = (bank.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    question = Question.objects.create(bank=bank, position=position)
    version = _version(question, spec, number=1, created_by=created_by, citation=citation)
    version.save()
    question.current_version = version
    question.save(update_fields=["current_version"])
    question.tags.set(_tags(spec.tags))
    return question


@transaction.atomic
def question_update(*, question: Question, spec: QuestionSpec, editor, citation: str = "") -> QuestionVersion:
    """Every edit is a new version: an attempt keeps pointing at the version its student saw."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    previous = list(question.versions.order_by("-number").only("number", "spec"))
    version = _version(question, spec, number=(previous[0].number if previous else 0) + 1, created_by=editor,
                       citation=citation, previous=[v.question_spec for v in previous])
    version.save()
    question.current_version = version
    question.save(update_fields=["current_version"])
    question.tags.set(_tags(spec.tags))
    return version


@transaction.atomic
def bank_import(*, owner, parsed: ParsedBank, title: str = "", bank: QuestionBank | None = None) -> QuestionBank:
    """Save every parsed question, or nothing at all if the file had any error."""
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    if bank is None:
        bank = QuestionBank.objects.create(
            owner=owner, title=(title or parsed.title or _("Imported bank"))[:200], description=parsed.description
        )
    start = (bank.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    questions = Question.objects.bulk_create(
        [Question(bank_id=bank.pk, position=start + i) for i in range(len(parsed.questions))]
    )
    QuestionVersion.objects.bulk_create(
        [_imported_version(q, spec, created_by=owner) for q, spec in zip(questions, parsed.questions)]
    )
    # One UPDATE for them all (bulk_update would send a CASE of 20,000 branches for 20,000 questions), found
    # as the bank's questions without a version: only those just made (an id list would be 20,000 values).
    Question.objects.filter(bank_id=bank.pk, current_version__isnull=True).update(
        current_version=Subquery(QuestionVersion.objects.filter(question=OuterRef("pk"), number=1).values("pk")[:1])
    )
    tags = {tag.name: tag for tag in _tags(name for spec in parsed.questions for name in spec.tags)}
    Question.tags.through.objects.bulk_create([
        Question.tags.through(question=question, tag=tags[name])
        for question, spec in zip(questions, parsed.questions) for name in set(spec.tags) if name in tags
    ])
    return bank


def _imported_version(question: Question, spec: QuestionSpec, *, created_by) -> QuestionVersion:
    try:
        return _version(question, spec, number=1, created_by=created_by, citation="")
    except MarkdownRefused as refused:
        raise ImportRefused([ParseProblem(spec.line, str(refused))]) from None


@transaction.atomic
def question_duplicate(*, question: Question, editor) -> Question:
    spec = dataclasses.replace(version_spec(question.current_version), tags=tuple(t.name for t in question.tags.all()))
    return question_create(bank=question.bank, spec=spec, created_by=editor, citation=question.current_version.citation)


@transaction.atomic
def question_move(*, question: Question, to_bank: QuestionBank) -> Question:
    question.bank = to_bank
    question.position = (to_bank.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    question.save(update_fields=["bank", "position"])
    return question


def question_archive(*, question: Question) -> None:
    """Questions are archived, not deleted, so past attempts can still show them."""
    question.is_archived = True
    question.save(update_fields=["is_archived"])


@transaction.atomic
def questions_tag(*, questions: Iterable[Question], names: Iterable[str]) -> None:
    tags = _tags(names)
    Question.tags.through.objects.bulk_create(
        [Question.tags.through(question=q, tag=t) for q in questions for t in tags], ignore_conflicts=True
    )


# --- case packs: a case and its bank in one file -------------------------------------------------


@transaction.atomic
def casepack_import(*, owner, pack: casepack.ParsedPack) -> QuestionBank:
    """Create the case (as a draft) and its bank, linked; nothing at all if the pack has errors."""
    if pack.errors:
        raise ImportRefused(pack.errors)
    try:
        case = cases.case_create(
            author=owner, title=pack.case["title"], summary=pack.case.get("summary", ""),
            body=pack.case.get("body", ""), source=pack.case.get("source", ""),
            source_url=pack.case.get("source_url", ""), tags=pack.case.get("tags", ()),
        )
    except MarkdownRefused as refused:
        raise ImportRefused([ParseProblem(1, f"The case body: {refused}")]) from None
    bank = bank_import(owner=owner, parsed=pack.bank)
    bank.cases.add(case)
    return bank


def casepack_export(*, bank: QuestionBank, case: CaseStudy) -> Export:
    """The case and its bank as one file; questions text2qti cannot hold are named in ``left_out``."""
    parsed = ParsedBank(title=bank.title, questions=[version_spec(q.current_version)
                                                     for q in bank.questions.for_bank_page()])
    data = {
        "title": case.title, "summary": case.summary, "source": case.source, "source_url": case.source_url,
        "tags": [tag.name for tag in case.tags.all()], "body": case.body,
    }
    return export_result(*casepack.dump(data, parsed), parsed)
