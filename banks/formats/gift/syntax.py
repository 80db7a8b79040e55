"""GIFT lexical helpers: escapes, blank-line blocks, ``[format]`` tags, numbers and ``%weight%``.

Follows Moodle's ``question/format/gift/format.php``: escaped control characters (``\\~ \\= \\# \\{ \\}
\\: \\n`` and ``\\\\``) are swapped for placeholders before anything else looks at the text, so every
``~ = # { } :`` still in the text is a control character; fields are restored (and trimmed the way
PHP's ``trim`` does) only once they have been cut out. Placeholders are code points from the end of
Unicode plane 16, which no real text uses.
"""

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

WS = " \t\n\r\x0b"  # what PHP's trim() strips (NUL bytes are rejected before parsing)
KNOWN_FORMATS = ("moodle", "html", "plain", "markdown")
_FORMAT_ALIASES = frozenset(
    {"text", "txt", "md", "htm", "xhtml", "auto", "plaintext", "richtext", "rich", "wiki", "mdown"}
)

_PLACEHOLDERS = {
    ":": "\U0010ff01",
    "#": "\U0010ff02",
    "=": "\U0010ff03",
    "{": "\U0010ff04",
    "}": "\U0010ff05",
    "~": "\U0010ff06",
    "n": "\U0010ff07",
}
_BACKSLASH = "\U0010ff00"
_HIDE = [("\\" + char, mark) for char, mark in _PLACEHOLDERS.items()]
_SHOW = [(mark, "\n" if char == "n" else char) for char, mark in _PLACEHOLDERS.items()]
_RESTORE = str.maketrans(dict(_SHOW))
_WRITE = str.maketrans(
    {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}
)

_FORMAT_TAG = re.compile(r"\[([A-Za-z_-]{1,20})\]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?", re.ASCII)
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%", re.ASCII)  # Moodle: ^%-*([0-9]{1,2})\.?([0-9]*)%
_WEIGHT_LIKE = re.compile(r"%[^%\s]{0,15}%")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_NEWLINES = re.compile(r"\r\n?")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # control characters no text file has


class GiftError(Exception):
    """A problem in one question; ``offset`` is a position in the block's text (None: the block start)."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset


def hide_escapes(text: str) -> str:
    """Moodle's ``escapedchar_pre``: escaped control characters become placeholders, ``\\\\`` a ``\\``."""
    if "\\" not in text:
        return text
    text = text.replace("\\\\", _BACKSLASH)  # left to right, like a tokenizer: \\= is \ then =
    for escaped, mark in _HIDE:
        text = text.replace(escaped, mark)
    return text.replace(_BACKSLASH, "\\")


def restore(text: str) -> str:
    """Moodle's ``escapedchar_post`` followed by ``trim``."""
    for mark, char in _SHOW:
        if mark in text:
            text = text.replace(mark, char)
    return text.strip(WS)


def clean(text: str) -> str:
    """Text as a GIFT file can hold it: one kind of newline, no binary control characters."""
    return _BINARY.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def escape(text: str) -> str:
    """Moodle's ``repchar``: escape GIFT's control characters, newlines as ``\\n``; drop binary junk."""
    return clean(text).translate(_WRITE)


@dataclass
class Block:
    """The lines of one question (blank-line separated), comment lines kept apart."""

    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset in ``text`` where each kept line begins
    lines: list[int] = field(default_factory=list)  # file line number of each kept line
    comments: list[str] = field(default_factory=list)

    def line_at(self, offset: int | None) -> int:
        if offset is None or not self.starts:
            return self.lines[0] if self.lines else 1
        return self.lines[max(bisect_right(self.starts, offset) - 1, 0)]


def split_blocks(text: str) -> Iterator[Block]:
    """Blank lines end a question; whole lines starting with ``//`` are comments (kept apart, as written)."""
    text = _NEWLINES.sub("\n", text)
    parts: list[str] = []
    block = Block()
    size = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip(WS)
        if not line:
            if block.lines:
                block.text = "\n".join(parts)
                yield block
            parts, block, size = [], Block(), 0
        elif line.startswith("//"):
            block.comments.append(line)
        else:
            if parts:
                size += 1
            line = hide_escapes(line)
            block.starts.append(size)
            block.lines.append(number)
            parts.append(line)
            size += len(line)
    if block.lines:
        block.text = "\n".join(parts)
        yield block


def binary_line(text: str) -> int | None:
    """The line of a NUL byte, or 1 when the start of the file is mostly control characters."""
    nul = text.find("\x00")
    if nul >= 0:
        return text.count("\n", 0, nul) + 1
    head = text[:8192]
    if head and len(_BINARY.findall(head)) * 10 > len(head):
        return 1
    return None


def _distance(a: str, b: str) -> int:
    """Levenshtein distance of two short words."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def split_format(text: str, default: str) -> tuple[str, str]:
    """Moodle's ``parse_text_with_format`` on hidden-escape text: (format, restored text).

    A leading ``[moodle]``, ``[html]``, ``[plain]`` or ``[markdown]`` sets the format. Moodle keeps any
    other bracketed prefix as text; one that looks like a mistyped format name (``[htm]``, ``[HTML]``,
    ``[md]``) is an error here, because Moodle would silently show the tag to students.
    """
    text = text.strip(WS)
    match = _FORMAT_TAG.match(text) if text.startswith("[") else None
    if match:
        name = match.group(1)
        if name in KNOWN_FORMATS:
            return name, restore(text[match.end():])
        word = name.lower()
        limit = 1 if len(word) <= 5 else 2
        if word in KNOWN_FORMATS or word in _FORMAT_ALIASES or any(
            _distance(word, known) <= limit for known in KNOWN_FORMATS
        ):
            raise GiftError(
                f'"[{name}]" is not a text format GIFT knows: use [moodle], [html], [plain] or [markdown] '
                f"(all lower case). If the brackets are meant as text, put [markdown] in front of them."
            )
    return default, restore(text)


def number(token: str, what: str) -> Decimal:
    """A decimal number as Moodle's ``is_numeric`` reads it, or a GiftError naming ``what``."""
    token = token.strip(WS)
    if not _NUMBER.fullmatch(token):
        hint = " (use a dot for decimals, e.g. 3.14)" if re.fullmatch(r"[+-]?\d+,\d+", token) else ""
        shown = token if len(token) <= 40 else token[:37] + "..."
        raise GiftError(f'The {what} "{shown}" is not a number{hint}.')
    try:
        return Decimal(token)
    except InvalidOperation as exc:  # pragma: no cover - the regex only lets numbers through
        raise GiftError(f'The {what} "{token}" is not a number.') from exc


def weight(answer: str, low: int = -100) -> tuple[Decimal | None, str]:
    """Split a leading ``%50%`` weight off an answer: (fraction or None, rest of the answer)."""
    if not answer.startswith("%"):
        return None, answer
    match = _WEIGHT.match(answer)
    if not match:
        if _WEIGHT_LIKE.match(answer):
            shown = _WEIGHT_LIKE.match(answer).group().translate(_RESTORE)
            raise GiftError(f"The weight {shown} is not a number: write a percentage such as %50% or %-25%.")
        return None, answer
    percent = Decimal(match.group(1))
    if not low <= percent <= 100:
        where = "from -100% to 100%" if low < 0 else "from 0% to 100% (a text or number answer cannot take marks away)"
        raise GiftError(f"The weight %{match.group(1)}% is out of range: weights go {where}.")
    return shift(percent, -2).normalize(), answer[match.end():]


def shift(value: Decimal, places: int) -> Decimal:
    """``value`` times 10**places, exactly (no context rounding): percent <-> fraction."""
    sign, digits, exponent = value.as_tuple()
    return Decimal((sign, digits, exponent + places)) if isinstance(exponent, int) else value


def comment_tags(comments: list[str]) -> tuple[list[str], str]:
    """Moodle 3.6+ ``// [tag:x]`` and ``// [id:x]`` markers in a question's comment lines."""
    joined = "\n".join(comments)
    if "[" not in joined:
        return [], ""
    tags = [tag.replace("\\]", "]").strip(WS) for tag in _TAG.findall(joined)]
    found = _ID.search(joined)
    return [tag for tag in tags if tag], found.group(1).replace("\\]", "]").strip(WS) if found else ""


def format_number(value: Decimal) -> str:
    """A number as GIFT expects it: plain digits, no exponent unless the number is huge or tiny."""
    if -30 < value.adjusted() < 30:
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
