"""`manage.py import_bank`: everything or nothing, line-numbered errors, JSON output, exit codes."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from banks.models import Question, QuestionBank

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
