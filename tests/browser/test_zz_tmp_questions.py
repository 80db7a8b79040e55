from quizzes.models import QuestionBank, Question

def test_editor(page, live_server, login, instructor, shoot, assert_accessible):
    bank = QuestionBank.objects.create(owner=instructor, title="Sanctions")
    login(instructor)
    page.goto(f"{live_server.url}/quizzes/banks/{bank.pk}/questions/new/")
    shoot(page, "picker"); assert_accessible(page)
    page.get_by_text("Single choice").click()
    page.get_by_label("Question text").fill("Which city is the **capital**?")
    page.locator("#id_choices-0-text").fill("Pyongyang")
    page.locator("#id_choices-0-correct").check()
    page.locator("#id_choices-1-text").fill("Seoul")
    shoot(page, "editor"); assert_accessible(page)
    page.get_by_role("button", name="More rows").click()
    assert page.locator("#id_choices-5-text").count() == 1
    assert page.locator("#id_choices-0-text").input_value() == "Pyongyang"
    page.locator("#id_choices-1-text").press("Enter")  # implicit submit must save
    page.wait_for_url(f"**/quizzes/banks/{bank.pk}/")
    assert Question.objects.count() == 1
    shoot(page, "bank"); assert_accessible(page)
    page.get_by_role("link", name="Try it question 1").click()
    shoot(page, "try"); assert_accessible(page)
    page.get_by_label("Seoul").check()
    page.get_by_role("button", name="Check my answer").click()
    shoot(page, "tried"); assert_accessible(page)
    page.goto(f"{live_server.url}/quizzes/banks/{bank.pk}/questions/new/?type=numeric")
    page.get_by_role("button", name="Save", exact=True).last.click()
    shoot(page, "numeric-invalid"); assert_accessible(page)
    q = Question.objects.get()
    page.goto(f"{live_server.url}/quizzes/banks/{bank.pk}/questions/{q.pk}/move/")
    shoot(page, "move"); assert_accessible(page)
    page.goto(f"{live_server.url}/quizzes/banks/{bank.pk}/questions/{q.pk}/delete/")
    shoot(page, "delete"); assert_accessible(page)
