"""Case packs: a case and its questions in one Markdown file (pure parsing and writing)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from banks.formats import casepack
from banks.formats.base import ParsedBank, Skipped
from banks.spec import Choice, QuestionSpec, QuestionType

PACK = """\
---
title: Sanctions and labour
summary: A short case.
source: Based on an article by A. Writer.
tags: sanctions, labour
bank: Week 3 quiz
---
## Background

The state takes **95 percent** of wages.

<!-- casebook:questions -->
1.  What share of wages does the state take?
a)  Half
*b) 95 percent
"""


def test_a_pack_holds_the_case_and_its_questions():
    pack = casepack.parse(PACK)

    assert pack.ok
    assert pack.case["title"] == "Sanctions and labour"
    assert pack.case["tags"] == ["sanctions", "labour"]
    assert pack.case["body"].startswith("## Background")
    assert pack.bank.title == "Week 3 quiz"
    (question,) = pack.bank.questions
    assert question.type == QuestionType.SINGLE_CHOICE
    assert PACK.splitlines()[question.line - 1].startswith("1.")


def test_question_errors_give_lines_of_the_whole_pack():
    broken = PACK.replace("*b) 95 percent", "b) 95 percent")

    pack = casepack.parse(broken)

    assert not pack.ok
    assert all(error.line >= 12 for error in pack.errors)


def test_an_unknown_front_matter_key_is_an_error_at_its_line():
    pack = casepack.parse(PACK.replace("summary:", "sumary:"))

    assert [error.line for error in pack.errors] == [3]


def test_a_pack_without_the_separator_is_refused_clearly():
    pack = casepack.parse(PACK.replace("<!-- casebook:questions -->", ""))

    assert not pack.ok
    assert "casebook:questions" in pack.errors[0].message


def test_unclosed_front_matter_is_refused():
    assert not casepack.parse("---\ntitle: x\n").ok


def test_writing_then_reading_gives_the_same_case_and_questions():
    question = QuestionSpec(type=QuestionType.SINGLE_CHOICE, prompt="Pick B.", points=Decimal(2),
                            choices=(Choice("A"), Choice("B", correct=True)))
    case = {"title": "T", "summary": "S", "tags": ["x", "y"], "body": "Body *text*.\n\nMore."}

    text, skipped = casepack.dump(case, ParsedBank(title="Bank", questions=[question]))
    pack = casepack.parse(text)

    assert skipped == []
    assert pack.ok
    assert {k: pack.case[k] for k in case} == case
    assert pack.bank.title == "Bank"
    assert [q.prompt for q in pack.bank.questions] == ["Pick B."]
    assert pack.bank.questions[0].points == Decimal(2)



def test_writing_lists_the_questions_text2qti_cannot_hold_by_their_position_in_the_bank():
    ordering = QuestionSpec(type=QuestionType.ORDERING, prompt="Put them in order.", items=("a", "b"))
    essay = QuestionSpec(type=QuestionType.ESSAY, prompt="Discuss.")

    text, skipped = casepack.dump({"title": "T"}, ParsedBank(title="Bank", questions=[ordering, essay]))

    assert skipped == [Skipped(1, ordering, "text2qti has no ordering questions")]
    assert [q.prompt for q in casepack.parse(text).bank.questions] == ["Discuss."]


@settings(deadline=None, max_examples=200)
@given(st.text())
def test_parsing_never_raises_on_any_text(text):
    pack = casepack.parse("---\n" + text)
    assert isinstance(pack.errors, list)
