"""Neutralise the runs of Markdown syntax that make Python-Markdown (or nh3) superlinear or recurse.

Python-Markdown rescans the rest of a paragraph for every unclosed ``[``, ``<``, ``\\(`` or ``\\[`` and for every
bracket level, numbers repeated footnote references one by one, and nests a list or an emphasis per
marker of a long run until Python's recursion limit; html5ever slows with every level of nesting.
None of those runs means anything to a reader, so before rendering we replace exactly the characters
that would start them by private-use stand-ins, which Markdown reads as plain text and ``restore`` writes
back into the HTML as the literal characters they were. Text that does not contain such runs passes
through unchanged. Fenced code and code spans are left alone. ``$`` is never added or removed, so math
written between dollars renders as before.

And Python-Markdown rebuilds a paragraph's whole string for every inline match in it, so a very long
paragraph costs its length times its matches: ``install`` cuts texts over ``CHUNK`` characters into
spans (at a line end, a sentence end or a space) that are rendered one by one and read the same.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import re
from bisect import bisect_right
from collections import defaultdict
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

MAX_BRACKET_DEPTH = 8  # [a [b [c]]]: each level rescans its text once
MAX_MARKER_RUN = 3  # *** is the longest run of * or _ that means something (bold italic)
MAX_LIST_NESTING = 16  # "- - - - x": lists nested on one line
MAX_FOOTNOTE_REFS = 500  # references to footnotes in one text…
MAX_REFS_PER_FOOTNOTE = 20  # …and to any one footnote (each repeat is numbered by counting the others)
MAX_HTML_DEPTH = 64  # raw HTML elements open inside each other
CHUNK = 8_000  # characters of one text that inline Markdown is applied to at once
MAX_MATH_KEPT = 200  # escapes skipped inside $math$ ($[0, 1)$, $a<b$ mean what they say there)
# An escaped character travels through Markdown as a private-use character and is written back after
# (``restore``): plain text costs Python-Markdown nothing, where 50,000 backslash escapes or entities cost
# it seconds. The rare text that holds these characters already has them written as entities first.
OPEN, CLOSE, STAR, UNDERSCORE, LESS, BACKSLASH = (chr(0xE000 + n) for n in range(6))
_WRITTEN = {OPEN: "&#91;", CLOSE: "&#93;", STAR: "*", UNDERSCORE: "_", LESS: "&lt;", BACKSLASH: "&#92;"}
_STAND_IN = {"*": STAR, "_": UNDERSCORE, "<": LESS}
_KEPT_AS_ENTITIES = str.maketrans({char: f"&#x{ord(char):x};" for char in _WRITTEN})
_RESTORED = str.maketrans(_WRITTEN)
_ANY_STAND_IN = re.compile("[" + "".join(_WRITTEN) + "]")

_FENCE_OPEN = re.compile(r"(~{3,}|`{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=([\"'])[^\n]*?\2[ ]*)?)")
_FENCE_CLOSE = re.compile(r"(~{3,}|`{3,})[ ]*")
_BLANK = re.compile(r"\n[ \t]*\n")
_HR = re.compile(r" {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}")
_LIST_MARKER = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r"(?:[ \t]*>)*")
_TOKEN = re.compile(r"\\.|`+|\*+|_+|\[\^?|\]\(?|\(|\)|</?[A-Za-z!?]|>|<", re.S)
_TAG_NAME = re.compile(r"</?([A-Za-z][\w-]*)")
_MATH = re.compile(r"(?<![\\$])\$\$[^$]{1,2000}?\$\$|(?<![\\$])\$[^$\n]{1,300}?\$")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def neutralise(text: str) -> str:
    """The text with every pathological run escaped; unchanged when it has none. Its HTML, once rendered,
    goes through ``restore``."""
    if _ANY_STAND_IN.search(text):
        text = text.translate(_KEPT_AS_ENTITIES)
    pieces, state = [], _State()
    for is_code, part in _split_fences(text):
        pieces.append(part if is_code else "".join(_block(block, state) for block in _blocks(part)))
    return "".join(pieces)


def restore(html: str) -> str:
    """The rendered HTML with the brackets ``neutralise`` escaped written as entities."""
    return html.translate(_RESTORED) if _ANY_STAND_IN.search(html) else html


def _split_fences(text: str) -> list[tuple[bool, str]]:
    """(is_code, text) parts: fenced code blocks where Python-Markdown finds them (closed ones only)."""
    lines = text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    closers = defaultdict(list)
    for number, line in enumerate(bare):
        if match := _FENCE_CLOSE.fullmatch(line):
            closers[match.group(1)].append(number)
    parts, start, number = [], 0, 0
    while number < len(lines):
        opening = _FENCE_OPEN.fullmatch(bare[number])
        candidates = closers.get(opening.group(1), []) if opening else []
        after = bisect_right(candidates, number)
        if after < len(candidates):
            end = candidates[after] + 1
            parts += [(False, "".join(lines[start:number])), (True, "".join(lines[number:end]))]
            start = number = end
        else:
            number += 1
    parts.append((False, "".join(lines[start:])))
    return [part for part in parts if part[1]]


def _blocks(text: str):
    """Paragraph-sized pieces (split after blank lines): Python-Markdown's inline scans stay inside one."""
    start = 0
    for match in _BLANK.finditer(text):
        yield text[start : match.end()]
        start = match.end()
    yield text[start:]


class _State:
    """What is counted across the whole text: raw HTML depth (nh3 parses it all at once), footnotes."""

    def __init__(self):
        self.depth = 0
        self.escaped = defaultdict(int)  # tags whose opening we escaped: escape their closing too
        self.refs = 0
        self.per_label = defaultdict(int)
        self.math_kept = 0


def _block(block: str, state: "_State") -> str:
    edits = {}  # position -> replacement of the one character there
    _line_starts(block, edits)
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(block)]
    code = _code_spans(tokens)
    tokens = [(position, token) for position, token in tokens if not _inside(code, position)]
    _brackets(block, tokens, edits, state)
    _marker_runs(block, tokens, edits)
    _html(block, tokens, edits, state)
    _unclosed_math(tokens, edits)
    if edits and "$" in block:
        _spare_math(block, edits, state)
    if not edits:
        return block
    out, last = [], 0
    for position in sorted(edits):
        out += [block[last:position], edits[position]]
        last = position + 1
    out.append(block[last:])
    return "".join(out)


def _spare_math(block: str, edits: dict, state: "_State") -> None:
    """Keep what is inside short $…$ and $$…$$ spans as written (math renders it), up to a budget: the
    budget bounds what an unclosed bracket or tag there may cost if no math extension claims the span."""
    spans = [match.span() for match in _MATH.finditer(block)]
    for position in sorted(edits):
        if state.math_kept >= MAX_MATH_KEPT:
            return
        if _inside(spans, position):
            del edits[position]
            state.math_kept += 1


def _line_starts(block: str, edits: dict) -> None:
    """Escape the list marker that would open the seventeenth list nested on one line."""
    offset = 0
    for line in block.split("\n"):
        if _HR.fullmatch(line):
            offset += len(line) + 1
            continue
        position, depth = _QUOTE.match(line).end(), 0
        while (marker := _LIST_MARKER.match(line, position)) and marker.end() > position:
            depth += 1
            if depth > MAX_LIST_NESTING:
                symbol = marker.group().strip()[-1]
                edits[offset + marker.start() + marker.group().index(symbol)] = _STAND_IN.get(symbol, "\\" + symbol)
                break
            position = marker.end()
        offset += len(line) + 1


def _code_spans(tokens) -> list[tuple[int, int]]:
    """Inline code spans, (start, end): a run of backticks up to the next run of the same length."""
    runs = defaultdict(list)
    for index, (position, token) in enumerate(tokens):
        if token[0] == "`":
            runs[len(token)].append(index)
    spans, taken_until = [], -1
    next_of = {length: 0 for length in runs}
    for index, (position, token) in enumerate(tokens):
        if token[0] != "`" or position < taken_until:
            continue
        same = runs[len(token)]
        while next_of[len(token)] < len(same) and same[next_of[len(token)]] <= index:
            next_of[len(token)] += 1
        if next_of[len(token)] < len(same):
            closer = tokens[same[next_of[len(token)]]]
            next_of[len(token)] += 1
            spans.append((position, closer[0] + len(closer[1])))
            taken_until = spans[-1][1]
    return spans


def _inside(spans, position: int) -> bool:
    index = bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _brackets(block: str, tokens, edits: dict, state: "_State") -> None:
    """Escape unclosed and too deeply nested ``[``, links whose ``(`` never closes, and footnote floods."""
    stack, pairs, parens, paren_stack = [], {}, {}, []
    for position, token in tokens:
        if token[0] == "[":
            stack.append(position)
        elif token[0] == "]" and stack:
            pairs[stack.pop()] = position
        elif token == "(":
            paren_stack.append(position)
        elif token == ")" and paren_stack:
            parens[paren_stack.pop()] = position
        if token == "](":  # the "(" of a link's address
            paren_stack.append(position + 1)
    depth_ends = []
    for position, token in tokens:
        if token[0] != "[":
            continue
        while depth_ends and depth_ends[-1] < position:
            depth_ends.pop()
        close = pairs.get(position)
        unclosed_link = close is not None and block.startswith("](", close) and close + 1 not in parens
        if close is None or len(depth_ends) >= MAX_BRACKET_DEPTH or unclosed_link:
            edits[position] = OPEN
            if close is not None:
                edits[close] = CLOSE
            continue
        depth_ends.append(close)
        if token == "[^" and not block.startswith(":", close + 1):
            state.refs += 1
            state.per_label[block[position:close]] += 1
            if state.refs > MAX_FOOTNOTE_REFS or state.per_label[block[position:close]] > MAX_REFS_PER_FOOTNOTE:
                edits[position] = OPEN


def _unclosed_math(tokens, edits: dict) -> None:
    r"""Write the backslash of a \( or \[ that nothing closes as ``&#92;``: the math extension would
    rescan the rest of the paragraph for its end, once per opener."""
    last = {"\\)": -1, "\\]": -1}
    for position, token in tokens:
        if token in last:
            last[token] = position
    for position, token in tokens:
        if token in ("\\(", "\\[") and position > last[token[0] + {"(": ")", "[": "]"}[token[1]]]:
            edits[position] = BACKSLASH
            if token[1] == "[":  # no longer escaped, the [ would open a link that never closes
                edits[position + 1] = OPEN


def _marker_runs(block: str, tokens, edits: dict) -> None:
    """Escape every marker of a run of more than three * or _ (a horizontal rule's line excepted)."""
    for position, token in tokens:
        if token[0] in "*_" and len(token) > MAX_MARKER_RUN and not _is_rule(block, position):
            for offset in range(len(token)):
                edits[position + offset] = _STAND_IN[token[0]]


def _is_rule(block: str, position: int) -> bool:
    start = block.rfind("\n", 0, position) + 1
    end = block.find("\n", position)
    return _HR.fullmatch(block[start : end if end >= 0 else len(block)]) is not None


def _html(block: str, tokens, edits: dict, html: "_State") -> None:
    """Write ``<`` as ``&lt;`` where a tag never closes before the next ``<``, or nests too deep."""
    opens = [(position, token) for position, token in tokens if token[0] in "<>"]
    for index, (position, token) in enumerate(opens):
        if token[0] != "<" or len(token) == 1:
            continue
        following = opens[index + 1] if index + 1 < len(opens) else None
        if following is None or following[1] != ">":
            edits[position] = LESS
            continue
        name = _TAG_NAME.match(block, position)
        if name is None or block[name.end()] not in " \t\n/>":
            continue  # <!-- … -->, <?…>, <https://…> and <name@example.edu> (links, not elements)
        tag, end = name.group(1).lower(), following[0]
        if token.startswith("</"):
            if html.escaped[tag]:
                html.escaped[tag] -= 1
                edits[position] = LESS
            else:
                html.depth = max(0, html.depth - 1)
        elif tag not in _VOID and block[end - 1] != "/":
            if html.depth >= MAX_HTML_DEPTH:
                html.escaped[tag] += 1
                edits[position] = LESS
            else:
                html.depth += 1


def install(md: Markdown) -> Markdown:
    """Add the long-text cutter to a Markdown instance, just before its inline patterns run."""
    md.treeprocessors.register(_LongTexts(md), "long_texts", 21)
    return md


class _LongTexts(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in list(root.iter()):
            text = element.text
            if text and len(text) > CHUNK and not isinstance(text, AtomicString):
                element.text = ""
                for index, chunk in enumerate(_chunks(text)):
                    span = Element("span")
                    span.text = chunk
                    element.insert(index, span)


def _chunks(text: str) -> list[str]:
    chunks, start = [], 0
    while len(text) - start > CHUNK:
        low, high = start + CHUNK // 2, start + CHUNK
        cut = next((found + len(sep) for sep in ("\n", ". ", " ") if (found := text.rfind(sep, low, high)) >= 0), high)
        if text.rfind("\x02", start, cut) > text.rfind("\x03", start, cut):  # never inside a stashed placeholder
            end = text.find("\x03", cut)
            cut = end + 1 if end >= 0 else len(text)
        if text[cut - 1] == "\\":  # nor between a backslash and what it escapes
            cut += 1
        chunks.append(text[start:cut])
        start = cut
    chunks.append(text[start:])
    return chunks
