"""QTI through the project's doors: `import_bank --format qti|auto`, the import page with its preview
(groups, what is left out, nothing saved on error, a package chosen again to import), and the bank's
export as a Canvas package that imports back."""

import dataclasses
import hashlib
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from banks.formats import qti
from banks.formats.base import ParsedBank
from banks.models import Question, QuestionBank
from banks.services import bank_import, version_spec
from banks.spec import QuestionSpec
from banks.spec import QuestionType as T
from tests.banks.specs import without_ids

CANVAS = (Path(__file__).parent / "formats" / "qti_files" / "canvas_quiz.xml").read_bytes()
BROKEN = CANVAS.replace(b"</questestinterop>", b"")


def package_of(xml: bytes) -> bytes:
    data, skipped = qti.package(qti.parse(xml))
    assert skipped == []
    return data


@pytest.fixture
def write(tmp_path):
    def write(data: bytes, name: str) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path
    return write


# --- the command ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "fmt"), [("quiz.xml", CANVAS, "qti"), ("quiz.xml", CANVAS, "auto"),
                                                   ("quiz.zip", None, "auto")])
def test_the_command_imports_qti_files_and_packages(instructor, write, capsys, name, data, fmt):
    path = write(data or package_of(CANVAS), name)

    call_command("import_bank", str(path), "--format", fmt, "--owner", instructor.username)

    bank = QuestionBank.objects.get()
    assert bank.title == "Sanctions and revenue"
    assert bank.questions.count() == 13
    assert {t.name for q in bank.questions.all() for t in q.tags.all()} == {"Warm-up"}
    out = capsys.readouterr().out
    assert "qti, 13 question(s)" in out
    assert "group “Warm-up”: pick 1 of 2, 2.5 point(s) each" in out
    if data:  # a package Casebook wrote holds only what it could import
        assert "left out calc1 “Wage arithmetic”: Casebook has no calculated (formula) questions" in out


def test_the_commands_json_has_groups_and_what_is_left_out(db, write, capsys):
    call_command("import_bank", str(write(CANVAS, "quiz.xml")), "--json", "--dry-run")

    data = json.loads(capsys.readouterr().out)
    assert [q["type"] for q in data["questions"]][:3] == ["single_choice", "true_false", "multiple_answer"]
    assert data["groups"] == [{"title": "Warm-up", "pick": 1, "points": "2.5", "questions": [1, 2], "tag": "Warm-up"}]
    assert [x["ident"] for x in data["left_out"]] == ["g2", "calc1"]
    assert not QuestionBank.objects.exists()


@pytest.mark.parametrize("data", [BROKEN, b"PK\x03\x04 not really a zip"])
def test_a_bad_qti_file_saves_nothing_and_exits_1(instructor, write, capsys, data):
    with pytest.raises(CommandError) as raised:
        call_command("import_bank", str(write(data, "quiz.zip")))

    assert raised.value.returncode == 1
    assert "line" in capsys.readouterr().err
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


# --- the import page ---------------------------------------------------------------------------------------

URL = reverse("banks:bank-import")


def upload(data: bytes, name: str, **fields):
    return {"file": SimpleUploadedFile(name, data), "format": "auto", "title": "", **fields}


def test_the_preview_lists_the_groups_and_what_is_left_out_and_saves_nothing(instructor_client):
    response = instructor_client.post(URL, upload(CANVAS, "quiz.xml", action="preview"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "13 questions read as QTI" in html
    assert "“Warm-up”: pick 1 of its 2 questions, 2.5 points each" in html
    assert "2 items will be left out" in html
    assert "<strong>Wage arithmetic</strong> <code>calc1</code> — Casebook has no calculated (formula) questions" in html
    assert "Import 13 questions" in html
    assert not QuestionBank.objects.exists()


def test_importing_needs_the_preview_first_then_saves_everything(instructor_client):
    direct = instructor_client.post(URL, upload(CANVAS, "quiz.xml", action="import"))
    assert direct.status_code == 200 and not QuestionBank.objects.exists()  # shown, not saved: it leaves things out

    digest = direct.context["form"].initial["previewed"]
    text = direct.context["form"].initial["text"].replace("\n", "\r\n")  # as a browser posts the box back
    response = instructor_client.post(URL, {"text": text, "format": "qti", "previewed": digest, "action": "import"})

    bank = QuestionBank.objects.get()
    assert response.status_code == 302 and response["Location"] == bank.get_absolute_url()
    assert bank.questions.count() == 13


def test_a_package_is_chosen_again_to_import_and_then_saved(instructor_client):
    data = package_of(CANVAS)
    preview = instructor_client.post(URL, upload(data, "quiz.zip", action="preview"))
    assert "choose the same file again" in preview.content.decode()
    assert not QuestionBank.objects.exists()

    again = instructor_client.post(URL, {"format": "auto", "previewed": preview.context["form"].initial["previewed"],
                                         "action": "import"})
    assert again.status_code == 400 and "Choose the package file again" in again.content.decode()

    imported = instructor_client.post(URL, upload(data, "quiz.zip", action="import",
                                                  previewed=hashlib.sha256(data).hexdigest()))
    assert imported.status_code == 302
    assert QuestionBank.objects.get().questions.count() == 13


def test_a_broken_qti_file_shows_its_errors_and_saves_nothing(instructor_client):
    response = instructor_client.post(URL, upload(BROKEN, "quiz.xml", action="import"))

    assert response.status_code == 400
    assert "nothing was imported" in response.content.decode()
    assert "not well-formed XML" in response.content.decode()
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


def test_a_dropdown_question_previews_as_selects_in_its_sentence(instructor_client):
    html = instructor_client.post(URL, upload(CANVAS, "quiz.xml", action="preview")).content.decode()
    assert ('<label class="visually-hidden" for="q-6-where">Blank 1 of 2</label>'
            '<select class="form-select blank-field blank-select" name="q-6-where" id="q-6-where">') in html
    assert "[[where]]" not in html


def test_students_and_outsiders_cannot_import(client, student):
    client.force_login(student)
    assert client.post(URL, upload(CANVAS, "quiz.xml", action="preview")).status_code in (403, 404)


# --- the bank export -----------------------------------------------------------------------------------------


def test_a_bank_exports_as_a_canvas_package_that_imports_back(instructor_client, instructor):
    parsed = qti.parse(CANVAS)
    bank = bank_import(owner=instructor, parsed=parsed, title="Sanctions")

    response = instructor_client.get(reverse("banks:bank-export", args=[bank.pk, "qti"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="sanctions.zip"'
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()[0] == "imsmanifest.xml"
    again = qti.parse(response.content)
    assert again.ok, again.errors
    saved = [dataclasses.replace(without_ids(version_spec(q.current_version)), notes=())
             for q in bank.questions.for_bank_page()]
    assert [dataclasses.replace(q, line=0, notes=()) for q in again.questions] == saved


def test_an_ordering_question_is_listed_before_a_qti_download(instructor_client, instructor):
    bank = bank_import(owner=instructor, title="Mixed", parsed=ParsedBank(questions=[
        QuestionSpec(type=T.ESSAY, prompt="Discuss.", points=Decimal(5)),
        QuestionSpec(type=T.ORDERING, prompt="Order.", title="Timeline", items=("War", "Famine"))]))
    url = reverse("banks:bank-export", args=[bank.pk, "qti"])

    page = instructor_client.get(url)
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert "Timeline" in page.content.decode() and "Canvas Classic Quizzes have no ordering questions" in page.content.decode()
    partial = instructor_client.get(url, {"partial": "1"})
    assert [q.type for q in qti.parse(partial.content).questions] == [T.ESSAY]
