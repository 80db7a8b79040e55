"""Import and export a case study together with its question bank, as one case pack file."""

from django.db import transaction

from casestudies import services as cases
from casestudies.models import CaseStudy
from quizzes.formats import casepack
from quizzes.exporting import Export, export_result
from quizzes.formats.base import ParsedBank
from quizzes.models import QuestionBank
from quizzes.services.banks import ImportRefused, bank_import, version_spec


@transaction.atomic
def casepack_import(*, owner, pack: casepack.ParsedPack) -> QuestionBank:
    """Create the case (as a draft) and its bank, linked; nothing at all if the pack has errors."""
    if pack.errors:
        raise ImportRefused(pack.errors)
    case = cases.case_create(
        author=owner, title=pack.case["title"], summary=pack.case.get("summary", ""), body=pack.case.get("body", ""),
        source=pack.case.get("source", ""), source_url=pack.case.get("source_url", ""), tags=pack.case.get("tags", ()),
    )
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
