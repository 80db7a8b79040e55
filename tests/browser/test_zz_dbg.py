import pytest
from django.urls import reverse
from tests.browser.conftest import PHONE
from tests.browser.test_gradebook import course  # noqa
@pytest.mark.django_db(transaction=True)
def test_dbg(new_page, live_server, login, instructor, course):
    page = login(instructor, target=new_page(viewport=PHONE))
    page.goto(live_server.url + reverse("quizzes:gradebook", args=[course["cohort"].pk]))
    print(page.evaluate("""() => { const out=[]; for (const el of document.querySelectorAll('*')) { const r=el.getBoundingClientRect(); if (r.right > window.innerWidth+1) out.push(el.tagName+'.'+el.className+' '+Math.round(r.left)+'-'+Math.round(r.right)); } return [document.documentElement.scrollWidth, window.innerWidth, out.slice(0,15)]; }"""))
