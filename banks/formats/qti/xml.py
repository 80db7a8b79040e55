"""Read uploaded XML safely, with the line each element starts on, and walk it by local names.

defusedxml refuses entity declarations (a "billion laughs" file expands a few hundred bytes into
gigabytes) and external references (an external entity reads a file or a URL); expat never fetches
a DTD. Namespaces differ between QTI 1.2, 2.1 and 3.0 exports, and between tools, so elements are
found by their local name only.
"""

import re
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

MAX_DEPTH = 200  # far deeper than any QTI file; bounds the recursion of everything that walks the tree

ENTITIES = ("The file declares XML entities (<!ENTITY …>). Casebook refuses them: they can expand into "
            "gigabytes (a “billion laughs” file) or read other files. Export the quiz again from your LMS.")
EXTERNAL = ("The file refers to an external entity (a file or web address to read in). Casebook never "
            "reads those. Export the quiz again from your LMS.")


class XmlRefused(Exception):
    """The bytes are not XML Casebook will read; ``line`` and the message say why."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class Tree:
    """A parsed document: its root and the 1-based line each element started on."""

    def __init__(self, root: Element, lines: dict[int, int]):
        self.root, self._lines = root, lines

    def line(self, element: Element | None) -> int:
        return self._lines.get(id(element), 1) if element is not None else 1


class _Builder(TreeBuilder):
    def __init__(self):
        super().__init__()
        self.parser = None
        self.lines: dict[int, int] = {}
        self.depth = 0

    def start(self, tag, attrs):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise XmlRefused(self.parser.parser.CurrentLineNumber,
                             f"The XML is nested more than {MAX_DEPTH} elements deep; no quiz file is.")
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)


def parse(data: bytes) -> Tree:
    """Parse ``data``; raises XmlRefused with a message for an instructor, never anything else."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except EntitiesForbidden:
        raise XmlRefused(_line(parser), ENTITIES) from None
    except ExternalReferenceForbidden:
        raise XmlRefused(_line(parser), EXTERNAL) from None
    except DefusedXmlException:
        raise XmlRefused(_line(parser), ENTITIES) from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else _line(parser)
        raise XmlRefused(line, f"This is not well-formed XML ({_reason(error)}). Export the file again; "
                               f"if you edited it by hand, check the tags around that line.") from None
    except (ValueError, LookupError, RecursionError) as error:  # an unknown encoding, say
        raise XmlRefused(1, f"This XML file cannot be read ({error}). Save it as UTF-8 and try again.") from None
    return Tree(root, builder.lines)


def _line(parser) -> int:
    try:
        return parser.parser.CurrentLineNumber or 1
    except AttributeError:  # closed already
        return 1


def _reason(error: ParseError) -> str:
    return re.sub(r": line \d+, column \d+$", "", str(error))


# --- walking by local names --------------------------------------------------------------------------


def local(element: Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def children(element: Element | None, *names: str) -> list[Element]:
    if element is None:
        return []
    return [child for child in element if not names or local(child) in names]


def child(element: Element | None, *names: str) -> Element | None:
    found = children(element, *names)
    return found[0] if found else None


def find(element: Element | None, *names: str, depth: int = 0) -> list[Element]:
    """Every descendant with one of ``names``, in document order."""
    if element is None or depth > MAX_DEPTH:
        return []
    found = []
    for item in element:
        if local(item) in names:
            found.append(item)
        found += find(item, *names, depth=depth + 1)
    return found


def attr(element: Element | None, name: str, default: str = "") -> str:
    """An attribute by local name (``xml:lang`` and namespaced attributes included)."""
    if element is None:
        return default
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value
    return default


def text(element: Element | None) -> str:
    """All the text inside ``element``, tags dropped."""
    return "" if element is None else "".join(element.itertext())
