"""`manage.py import_bank`: everything or nothing, line-numbered errors, JSON output, exit codes."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banks.formats import registry
from banks.models import Question, QuestionBank
from casestudies import markdown_guard
from casestudies.models import CaseStudy
from tests.banks.formats.test_casepack import PACK

TEXT2QTI = """\
Quiz title: Sanctions and revenue
Quiz description: Week 3 check.

1.  Roughly what share of a worker's pay does the state take?
a)  Half
*b) About 95 percent
c)  None

2.  How many workers abroad did the UN expert estimate?
=   50000 +- 1000
"""

BROKEN = """\
1.  Which bureau runs the regime's illicit finance?
a)  Bureau 12
b)  Bureau 39
"""


@pytest.fixture
def quiz_file(tmp_path):
    def write(text, name="quiz.txt"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_import_saves_every_question_into_a_new_bank(instructor, quiz_file, capsys):
    call_command("import_bank", str(quiz_file(TEXT2QTI)), "--owner", instructor.username)

    bank = QuestionBank.objects.get()
    assert bank.title == "Sanctions and revenue"
    assert bank.owner == instructor
    assert [q.current_version.type for q in bank.questions.order_by("position")] == ["single_choice", "numeric"]
    assert "Imported 2 question(s)" in capsys.readouterr().out


def test_dry_run_saves_nothing(instructor, quiz_file):
    call_command("import_bank", str(quiz_file(TEXT2QTI)), "--dry-run")

    assert not QuestionBank.objects.exists()


def test_a_file_with_an_error_saves_nothing_and_exits_1(instructor, quiz_file, capsys):
    with pytest.raises(CommandError) as raised:
        call_command("import_bank", str(quiz_file(TEXT2QTI + "\n" + BROKEN.replace("1.", "3."))))

    assert raised.value.returncode == 1
    assert "line" in capsys.readouterr().err.lower()
    assert not QuestionBank.objects.exists()
    assert not Question.objects.exists()


def test_json_prints_the_documented_shape(db, quiz_file, capsys):
    call_command("import_bank", str(quiz_file(TEXT2QTI)), "--json", "--dry-run")

    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Sanctions and revenue"
    assert data["errors"] == []
    first, second = data["questions"]
    assert first["type"] == "single_choice"
    assert first["line"] == 4
    assert [c["correct"] for c in first["choices"]] == [False, True, False]
    assert set(first["choices"][0]) >= {"text", "correct", "weight", "feedback"}
    assert second["type"] == "numeric"
    assert second["numeric"][0]["value"] == "50000"
    assert second["numeric"][0]["tolerance"] == "1000"


def test_json_lists_errors_with_line_numbers(db, quiz_file, capsys):
    with pytest.raises(CommandError):
        call_command("import_bank", str(quiz_file(BROKEN)), "--json")

    errors = json.loads(capsys.readouterr().out)["errors"]
    assert errors and all(e["line"] >= 1 and e["message"] for e in errors)


def test_gift_is_detected_automatically(instructor, quiz_file):
    gift = "::Bureau::Which bureau runs the illicit finance? {=Bureau 39 ~Bureau 12}\n"
    call_command("import_bank", str(quiz_file(gift, "q.gift")), "--bank", "GIFT bank")

    bank = QuestionBank.objects.get(title="GIFT bank")
    assert bank.questions.get().current_version.title == "Bureau"


def test_binary_junk_is_rejected_with_a_clear_message(instructor, tmp_path, capsys):
    path = tmp_path / "junk.txt"
    path.write_bytes(b"\xff\xfe\x00\x01garbage\x9c")

    with pytest.raises(CommandError):
        call_command("import_bank", str(path))

    assert "UTF-8" in capsys.readouterr().err
    assert not QuestionBank.objects.exists()


def test_a_missing_file_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_bank", str(tmp_path / "nope.txt"))


# Case packs, and input that must never print a traceback.


def test_a_case_pack_imports_its_case_and_bank_like_the_web_form(instructor, quiz_file, capsys):
    call_command("import_bank", str(quiz_file(PACK, "pack.md")), "--owner", instructor.username)

    bank = QuestionBank.objects.get()
    case = CaseStudy.objects.get()
    assert (bank.title, bank.owner) == ("Week 3 quiz", instructor)
    assert list(bank.cases.all()) == [case]
    assert (case.title, case.author, case.status) == ("Sanctions and labour", instructor, CaseStudy.Status.DRAFT)
    assert "<strong>95 percent</strong>" in case.body_html
    assert bank.questions.get().current_version.type == "single_choice"
    out = capsys.readouterr().out
    assert "case “Sanctions and labour”" in out and "Imported 1 question(s)" in out


def test_a_case_pack_as_json_prints_its_case_too(db, quiz_file, capsys):
    call_command("import_bank", str(quiz_file(PACK, "pack.md")), "--json", "--dry-run")

    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Week 3 quiz"
    assert data["case"]["title"] == "Sanctions and labour"
    assert data["case"]["body"].startswith("## Background")
    assert [q["type"] for q in data["questions"]] == ["single_choice"]
    assert not CaseStudy.objects.exists()


def test_a_broken_case_pack_is_a_message_with_a_line_and_saves_nothing(instructor, quiz_file, capsys):
    broken = PACK.replace("title: Sanctions and labour\n", "titel: typo\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_bank", str(quiz_file(broken, "pack.md")))

    assert raised.value.returncode == 1
    assert "line 2: Unknown front matter line" in capsys.readouterr().err
    assert not CaseStudy.objects.exists() and not QuestionBank.objects.exists()


def test_a_case_body_over_its_limit_is_refused_with_a_line(instructor, quiz_file, capsys, monkeypatch):
    monkeypatch.setattr(registry, "CASE_BODY", 10)
    with pytest.raises(CommandError):
        call_command("import_bank", str(quiz_file(PACK, "pack.md")))

    assert "line 1: The case body has" in capsys.readouterr().err
    assert not CaseStudy.objects.exists() and not QuestionBank.objects.exists()


def test_a_question_text_over_its_limit_is_refused_with_its_line(instructor, quiz_file, capsys):
    long = TEXT2QTI.replace("How many workers", "How many workers " + "very " * 12_000)
    with pytest.raises(CommandError):
        call_command("import_bank", str(quiz_file(long)))

    assert "line 9: The question text has 60," in capsys.readouterr().err
    assert not QuestionBank.objects.exists()


def test_a_question_the_renderer_refuses_is_a_message_with_its_line(instructor, quiz_file, capsys, monkeypatch):
    monkeypatch.setattr(markdown_guard, "MAX_LIST_NESTING", 100_000)
    nested = TEXT2QTI.replace("How many workers", "* " * 3000 + "How many workers")
    with pytest.raises(CommandError) as raised:
        call_command("import_bank", str(quiz_file(nested)), "--owner", instructor.username)

    assert raised.value.returncode == 1
    assert "line 9: This text is nested too deeply" in capsys.readouterr().err
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


LINES = st.sampled_from([
    "---", "title: T", "bank: B", "tags: a, b", "<!-- casebook:questions -->", "1.  Q?", "*a) yes", "b)  no",
    "=   5 +- 1", "*   word", "____", "Quiz title: Q", "::T::Q {=a ~b}", "{", "}", "[[x]]", "Points: x", "",
    "<questestinterop>", "[" * 50, "*" * 40, "\t", "\ufeff",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINES, max_size=25), st.sampled_from(["auto", "text2qti", "gift", "casepack", "qti"]))
def test_no_file_makes_it_print_a_traceback(instructor, tmp_path, lines, fmt):
    path = tmp_path / "fuzz.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        call_command("import_bank", str(path), "--format", fmt, "--owner", instructor.username,
                     stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as error:
        assert error.returncode == 1 and str(error)
