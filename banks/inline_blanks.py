"""Where a fill-in or dropdown question's blanks go in its prompt: the ``[[id]]`` markers, found in the
prompt's sanitised HTML and cut out, so the widget template puts an input (or a select) in each place.

The HTML is what ``casestudies.markdown.render`` made of the prompt when the version was saved (so every
stored version works, old or new), cut only between tags: the pieces are that same sanitised HTML, and
the template writes the student's answer into its own escaped markup between them, never into the
prompt. A marker is used only in text, outside links (an input inside ``<a>`` is invalid HTML); one in
an attribute (a link's address, an image's alt text), or repeated, stays as it was written. Blanks whose
marker is nowhere usable are returned as ``unplaced``, for the template to list under the prompt.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import re
from collections.abc import Sequence
from dataclasses import dataclass

# nh3 (html5ever) writes every attribute double-quoted with '"' escaped, and escapes '<' in text, so a
# tag is '<', then anything but '>' outside quotes, then '>'.
_TAG = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')
_LINK_OPEN = re.compile(r"<a[\s>]", re.I)
_LINK_CLOSE = re.compile(r"</a\s*>", re.I)


@dataclass(frozen=True)
class Piece:
    """Sanitised prompt HTML, then (unless it is the last piece) the blank whose input follows it."""

    html: str
    blank: str | None = None


@dataclass(frozen=True)
class Placed:
    pieces: tuple[Piece, ...]
    order: tuple[str, ...]  # blank ids in reading order: those in the text, then the unplaced ones
    unplaced: tuple[str, ...]


def escaped(text: str) -> str:
    """A blank id as html5ever writes it in text."""
    return text.replace("&", "&amp;").replace("\u00a0", "&nbsp;").replace("<", "&lt;").replace(">", "&gt;")


def place_blanks(html: str, blank_ids: Sequence[str]) -> Placed:
    markers = {f"[[{escaped(blank)}]]": blank for blank in blank_ids}
    pattern = re.compile("|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))) if markers else None
    pieces, placed, current, in_link = [], [], [], 0
    for token in _TAG.split(html):
        if token.startswith("<") and _TAG.fullmatch(token):
            in_link += 1 if _LINK_OPEN.match(token) else -1 if _LINK_CLOSE.match(token) and in_link else 0
            current.append(token)
            continue
        start = 0
        for match in pattern.finditer(token) if pattern and not in_link else ():
            blank = markers[match.group()]
            if blank in placed:
                continue
            current.append(token[start:match.start()])
            pieces.append(Piece("".join(current), blank))
            placed.append(blank)
            current, start = [], match.end()
        current.append(token[start:])
    pieces.append(Piece("".join(current)))
    unplaced = tuple(blank for blank in blank_ids if blank not in placed)
    return Placed(tuple(pieces), (*placed, *unplaced), unplaced)
