"""Importing a case pack through the import page, and downloading one from a bank."""

from django.urls import reverse

from banks.formats import casepack
from banks.models import QuestionBank
from banks.services import question_create
from banks.spec import QuestionSpec, QuestionType
from casestudies.models import CaseStudy
from tests.banks.formats.test_casepack import PACK


def test_importing_a_pack_creates_a_draft_case_and_its_linked_bank(instructor_client, instructor):
    response = instructor_client.post(reverse("banks:bank-import"), {"text": PACK, "format": "auto", "action": "import"})

    bank = QuestionBank.objects.get()
    assert response.status_code == 302
    assert response.url == bank.get_absolute_url()
    case = CaseStudy.objects.get()
    assert case.title == "Sanctions and labour" and case.author == instructor and not case.is_published
    assert list(bank.cases.all()) == [case]
    assert bank.questions.count() == 1


def test_previewing_a_pack_shows_the_case_and_saves_nothing(instructor_client):
    response = instructor_client.post(reverse("banks:bank-import"), {"text": PACK, "format": "auto", "action": "preview"})

    assert response.status_code == 200
    assert "Sanctions and labour" in response.text
    assert not CaseStudy.objects.exists() and not QuestionBank.objects.exists()


def test_a_broken_pack_saves_nothing(instructor_client):
    broken = PACK.replace("*b) 95 percent", "b) 95 percent")

    response = instructor_client.post(reverse("banks:bank-import"), {"text": broken, "format": "auto", "action": "import"})

    assert response.status_code == 400
    expected = casepack.parse(broken).errors[0]
    assert f"Line {expected.line}" in response.text
    assert not CaseStudy.objects.exists() and not QuestionBank.objects.exists()


def test_a_bank_with_its_case_downloads_as_a_pack_that_imports_again(instructor_client, other_instructor, client):
    instructor_client.post(reverse("banks:bank-import"), {"text": PACK, "format": "auto", "action": "import"})
    bank = QuestionBank.objects.get()

    response = instructor_client.get(reverse("banks:bank-casepack", args=[bank.pk]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("---\ntitle: Sanctions and labour")
    client.force_login(other_instructor)
    assert client.get(reverse("banks:bank-casepack", args=[bank.pk])).status_code == 404
    instructor_client.post(reverse("banks:bank-import"), {"text": text, "format": "auto", "action": "import"})
    assert QuestionBank.objects.count() == 2 and CaseStudy.objects.count() == 2


def test_a_pack_names_the_questions_text2qti_cannot_hold_before_leaving_them_out(instructor_client, instructor):
    instructor_client.post(reverse("banks:bank-import"), {"text": PACK, "format": "auto", "action": "import"})
    bank = QuestionBank.objects.get()
    ordering = QuestionSpec(type=QuestionType.ORDERING, title="Sequence", prompt="Put them in order.",
                            items=("First", "Second"))
    question_create(bank=bank, spec=ordering, created_by=instructor)
    url = reverse("banks:bank-casepack", args=[bank.pk])

    page = instructor_client.get(url)
    partial = instructor_client.get(url + "?partial=1")

    assert page.status_code == 200 and "attachment" not in page.get("Content-Disposition", "")
    assert "Sequence" in page.text and f'href="{url}?partial=1"' in page.text
    assert "attachment" in partial["Content-Disposition"] and "Put them in order" not in partial.content.decode()
