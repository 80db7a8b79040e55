"""Titles for what a file leaves unnamed (pure: no database): a question's from its prompt, a bank's from
the file's name; applied by registry.parse for every importer."""

from hypothesis import given
from hypothesis import strategies as st

from banks.formats import registry
from banks.formats.titles import LENGTH, WORDS, file_title, prompt_title


def test_a_short_prompt_is_its_own_title():
    assert prompt_title("Name the bureau.") == "Name the bureau."


def test_a_long_prompt_is_cut_after_its_first_words():
    assert prompt_title("Which office of the party runs the regime's money and its trading companies abroad?") == \
        "Which office of the party runs the regime's…"


def test_markdown_and_blanks_do_not_show():
    prompt = "## Read [it](#p-4)\n\n**Which** `office` is ![a map](/cases/images/1/) [[1]]?"
    assert prompt_title(prompt) == "Read it Which office is a map …?"


def test_a_prompt_of_one_endless_word_is_cut_to_the_length():
    assert prompt_title("x" * 500) == "x" * LENGTH + "…"


def test_a_prompt_without_words_gives_no_title():
    assert prompt_title("   \n```\ncode only\n```\n") == ""


@given(st.text(max_size=400))
def test_any_prompt_gives_one_short_line(prompt):
    title = prompt_title(prompt)
    assert "\n" not in title and len(title) <= LENGTH + 1
    assert len(title.split()) <= WORDS


def test_the_file_name_without_its_extension_names_a_bank():
    assert file_title("C:\\Users\\me\\week_4-labour.gift") == "week 4-labour"
    assert file_title("") == ""


def test_registry_parse_titles_every_question_the_file_left_untitled():
    _fmt, bank = registry.parse("::Kept::Pick B. {=B ~A}\n\nName the bureau. {=Bureau 39}\n", "gift",
                                filename="unit-2.gift")
    assert [q.title for q in bank.questions] == ["Kept", "Name the bureau."]
    assert bank.title == "unit-2"


def test_a_case_packs_questions_are_titled_too():
    pack = "---\ntitle: A case\n---\nBody.\n\n<!-- casebook:questions -->\n1.  Pick B.\na) A\n*b) B\n"
    _fmt, parsed = registry.parse(pack)
    assert [q.title for q in parsed.bank.questions] == ["Pick B."]
