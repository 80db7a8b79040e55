"""What a file-upload answer may be: its size and type, checked before anything is stored. Pure Python.

The type is judged by the file name's extension, as the question allows it (``allowed_extensions``):
browsers report a file's MIME type from that same extension, so checking both would add nothing.
Files are always served back as downloads (never shown inline), so a mislabelled file does no harm.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import unicodedata
from pathlib import PurePath

from banks.spec import QuestionSpec

NAME_LIMIT = 200
EMPTY, TOO_LARGE, WRONG_TYPE = "empty", "too_large", "wrong_type"  # what upload_problem finds


def extension(name: str) -> str:
    """The lower-case extension without its dot ("" if there is none): ``Essay.Final.PDF`` → ``pdf``."""
    return PurePath(name).suffix.lower().lstrip(".")


def size_limit(spec: QuestionSpec, site_limit: int) -> int:
    """The question's own cap, never above the site's (``ANSWER_UPLOAD_MAX_BYTES``)."""
    return min(spec.max_upload_bytes or site_limit, site_limit)


def upload_problem(spec: QuestionSpec, *, name: str, size: int, site_limit: int) -> str | None:
    """Why this file cannot be the answer (EMPTY, TOO_LARGE or WRONG_TYPE), or None if it can."""
    if size <= 0:
        return EMPTY
    if size > size_limit(spec, site_limit):
        return TOO_LARGE
    allowed = {ext.lower().lstrip(".") for ext in spec.allowed_extensions}
    if allowed and extension(name) not in allowed:
        return WRONG_TYPE
    return None


def display_name(name: str) -> str:
    """The name to keep and show: no folders, no control characters, at most NAME_LIMIT characters
    with the extension kept, so "report.pdf" stays recognisable however long the rest was."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C").strip()
    name = name or "answer"
    if len(name) <= NAME_LIMIT:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: NAME_LIMIT - len(suffix)] + suffix
