"""Formulas through the import page: the preview typesets them before anything is saved, the saved
questions and a case pack's case carry them, and the exports give the TeX back."""

from django.urls import reverse

from banks.models import QuestionBank
from casestudies.models import CaseStudy
from tests.casestudies.test_math_pages import loads_math

URL = reverse("banks:bank-import")
GIFT = "::Half::What is $$\\frac\\{1\\}\\{2\\}$$ of a $10 note? {#5}\n"
PACK = """\
---
title: Margins
bank: Margin quiz
---
The margin is $m = (p - c)/p$ on a $5 item.

<!-- casebook:questions -->
1.  What is $m$ if $p = 10$ and $c = 6$?
*a) $0.4$
b)  $0.6$
"""


def test_the_import_preview_typesets_gift_tex_and_saves_nothing(instructor_client):
    response = instructor_client.post(URL, {"text": GIFT, "format": "gift", "action": "preview"})
    assert response.status_code == 200 and loads_math(response.text)
    assert 'What is <span class="arithmatex">\\[\\frac{1}{2}\\]</span> of a $10 note?' in response.text
    assert not QuestionBank.objects.exists()


def test_a_case_pack_imports_its_case_and_questions_with_their_formulas(instructor_client):
    response = instructor_client.post(URL, {"text": PACK, "format": "auto", "action": "import"})
    assert response.status_code == 302
    case = CaseStudy.objects.get()
    assert '<span class="arithmatex">\\(m = (p - c)/p\\)</span> on a $5 item.' in case.body_html
    version = QuestionBank.objects.get().questions.get().current_version
    assert version.rendered["prompt"] == (
        '<p id="p-1">What is <span class="arithmatex">\\(m\\)</span> if <span class="arithmatex">\\(p = 10\\)</span>'
        ' and <span class="arithmatex">\\(c = 6\\)</span>?</p>'
    )
    assert version.rendered["choices"] == [
        '<span class="arithmatex">\\(0.4\\)</span>',
        '<span class="arithmatex">\\(0.6\\)</span>',
    ]


def test_each_export_of_the_imported_bank_gives_its_tex_back(instructor_client):
    instructor_client.post(URL, {"text": PACK, "format": "auto", "action": "import"})
    bank = QuestionBank.objects.get()
    exported = {
        fmt: instructor_client.get(reverse("banks:bank-export", args=[bank.pk, fmt])) for fmt in ("text2qti", "gift")
    }
    assert all(response.status_code == 200 for response in exported.values())
    assert "What is $m$ if $p = 10$ and $c = 6$?" in exported["text2qti"].content.decode()
    assert "What is $m$ if $p \\= 10$ and $c \\= 6$?" in exported["gift"].content.decode()
