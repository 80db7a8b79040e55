"""Names for what a file leaves unnamed: a question's title from its prompt's first words, a bank's from
the file's name. ``registry.parse`` applies them, so every importer (the import page, the quiz import,
``import_bank``, case packs) saves the same titles its preview showed."""

import dataclasses
import re
from pathlib import PurePath

from banks.spec import QuestionSpec

WORDS = 8  # a title of at most this many words …
LENGTH = 60  # … and about this many characters (a long word is cut)

_FENCED = re.compile(r"^(```|~~~).*?(^\1|\Z)", re.S | re.M)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BLANK = re.compile(r"\[\[[^\]\n]*\]\]")
_TAG = re.compile(r"<[^>\n]*>")
_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)]|!!!|\?\?\?|:)\s+|[*_`~|\\]", re.M)
_SPACE = re.compile(r"\s+")


def prompt_title(prompt: str) -> str:
    """The first words of a Markdown prompt as plain text, "…" when cut; "" if it has no words."""
    text = _FENCED.sub(" ", prompt or "")
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _BLANK.sub("…", text)
    text = _TAG.sub(" ", text)
    text = _MARKS.sub(" ", text)
    words = _SPACE.sub(" ", text).strip().split(" ")
    if words == [""]:
        return ""
    title = " ".join(words[:WORDS])
    if len(title) > LENGTH:
        title = title[:LENGTH].rsplit(" ", 1)[0] if " " in title[:LENGTH] else title[:LENGTH]
    return title if title == " ".join(words) else title.rstrip(" ,.;:…") + "…"


def titled(spec: QuestionSpec) -> QuestionSpec:
    if spec.title.strip():
        return spec
    return dataclasses.replace(spec, title=prompt_title(spec.prompt))


def file_title(filename: str) -> str:
    """``week-3_sanctions.gift`` -> ``week-3 sanctions``: a bank named by the file it came from."""
    stem = PurePath(filename.replace("\\", "/")).stem if filename else ""
    return _SPACE.sub(" ", stem.replace("_", " ")).strip()[:200]
