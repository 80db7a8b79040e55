"""The pure rules for file answers: which sizes and types a question takes, and the names kept."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from banks import uploads
from banks.spec import QuestionSpec, QuestionType

MB = 1024 * 1024


def upload_question(extensions=(), cap=None) -> QuestionSpec:
    return QuestionSpec(type=QuestionType.FILE_UPLOAD, prompt="Upload it.", allowed_extensions=extensions,
                        max_upload_bytes=cap)


def test_extension_is_the_last_suffix_in_lower_case():
    assert uploads.extension("Essay.Final.PDF") == "pdf"
    assert uploads.extension("README") == ""
    assert uploads.extension(".bashrc") == ""


def test_the_question_cap_applies_but_never_above_the_site_cap():
    assert uploads.size_limit(upload_question(cap=2 * MB), site_limit=20 * MB) == 2 * MB
    assert uploads.size_limit(upload_question(cap=50 * MB), site_limit=20 * MB) == 20 * MB
    assert uploads.size_limit(upload_question(), site_limit=20 * MB) == 20 * MB


def test_problems_at_the_edges():
    spec = upload_question(("pdf", "docx"), cap=MB)
    check = lambda name, size: uploads.upload_problem(spec, name=name, size=size, site_limit=20 * MB)  # noqa: E731
    assert check("a.pdf", 1) is None
    assert check("a.PDF", MB) is None
    assert check("a.docx", MB) is None
    assert check("a.pdf", 0) == uploads.EMPTY
    assert check("a.pdf", MB + 1) == uploads.TOO_LARGE
    assert check("a.exe", 10) == uploads.WRONG_TYPE
    assert check("pdf", 10) == uploads.WRONG_TYPE  # a name without an extension is not a .pdf
    assert check("a.pdf.exe", 10) == uploads.WRONG_TYPE


def test_any_type_is_taken_when_the_question_names_none():
    assert uploads.upload_problem(upload_question(), name="notes", size=10, site_limit=MB) is None


@given(st.text(max_size=400))
def test_a_kept_name_is_never_a_path_never_empty_never_too_long_and_has_no_control_characters(name):
    kept = uploads.display_name(name)
    assert kept and len(kept) <= uploads.NAME_LIMIT
    assert "/" not in kept and "\\" not in kept
    assert not any(unicodedata.category(ch)[0] == "C" for ch in kept)


@given(st.text(alphabet="abcdefghij ", min_size=1, max_size=400).filter(str.strip))
def test_a_long_name_keeps_its_extension(stem):
    assert uploads.display_name(stem.strip() + ".pdf").endswith(".pdf")


def test_folders_are_dropped_from_names_sent_by_old_browsers():
    assert uploads.display_name("C:\\Users\\kim\\essay.docx") == "essay.docx"
    assert uploads.display_name("../../etc/passwd") == "passwd"
