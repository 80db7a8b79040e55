"""QTI 2.1 and 3.0 items (``assessmentItem`` / ``qti-assessment-item``), where an interaction maps.

Both versions have the same structure; 3.0 spells names in kebab case with a ``qti-`` prefix, so names
are compared after taking that off (``qti-choice-interaction`` reads as ``choiceinteraction``).
"""

import re
from decimal import Decimal
from xml.etree.ElementTree import Element

from banks.formats.qti import html
from banks.formats.qti.common import CANVAS_DEFAULT_TITLE, LeftOutItem, blank_id, image_notes, number, points, tidy
from banks.formats.qti.xml import Tree, local
from banks.spec import AcceptedAnswer, Blank, Choice, Item, NumericAnswer, Pair, QuestionSpec, Scoring
from banks.spec import QuestionType as T

BLOCK = {"choiceinteraction", "extendedtextinteraction", "uploadinteraction", "orderinteraction", "matchinteraction"}
INLINE = {"textentryinteraction", "inlinechoiceinteraction"}
OTHER = {
    "hotspotinteraction": "hot-spot questions", "graphicorderinteraction": "graphic ordering questions",
    "graphicassociateinteraction": "graphic association questions", "graphicgapmatchinteraction": "graphic gap match",
    "selectpointinteraction": "select-a-point questions", "positionobjectinteraction": "position-an-object questions",
    "sliderinteraction": "slider questions", "drawinginteraction": "drawing questions",
    "associateinteraction": "association questions", "gapmatchinteraction": "gap-match (drag into text) questions",
    "hottextinteraction": "hot-text questions", "mediainteraction": "media questions",
    "custominteraction": "custom interactions", "portablecustominteraction": "portable custom interactions",
    "endattemptinteraction": "end-attempt buttons",
}
VOID = {"br", "hr", "img", "col", "wbr", "source", "area"}
SKIP = {"responsedeclaration", "outcomedeclaration", "templatedeclaration", "responseprocessing", "modalfeedback",
        "stylesheet", "templateprocessing", "companionmaterialsinfo"}


def name(element: Element) -> str:
    return local(element).lower().removeprefix("qti-").replace("-", "")


def attr(element: Element | None, wanted: str, default: str = "") -> str:
    """An attribute whatever its spelling: ``responseIdentifier`` (2.1) or ``response-identifier`` (3.0)."""
    if element is None:
        return default
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1].lower().replace("-", "") == wanted:
            return value
    return default


def kids(element: Element | None, *names: str) -> list[Element]:
    return [] if element is None else [c for c in element if not names or name(c) in names]


def walk(element: Element, depth: int = 0):
    for part in element:
        yield part
        if depth < 100:
            yield from walk(part, depth + 1)


def read_item(root: Element, tree: Tree, files: frozenset[str] | None) -> QuestionSpec:
    """The item as a QuestionSpec; raises LeftOutItem when its interactions do not map."""
    body = next(iter(kids(root, "itembody")), None)
    if body is None:
        raise LeftOutItem("the item has no body")
    interactions = [e for e in walk(body) if name(e).endswith("interaction")]
    for interaction in interactions:
        if name(interaction) in OTHER:
            raise LeftOutItem(f"Casebook has no {OTHER[name(interaction)]}")
        if name(interaction) not in BLOCK | INLINE:
            raise LeftOutItem(f"Casebook has no “{local(interaction)}”")
    kinds = {name(i) for i in interactions}
    if len(interactions) > 1 and not kinds <= INLINE or len(kinds) > 1:
        raise LeftOutItem("it combines several kinds of interaction in one item")
    declarations = {attr(d, "identifier"): d for d in kids(root, "responsedeclaration")}
    images: list[str] = []
    blanks: dict[Element, str] = {}
    taken: set[str] = set()
    for interaction in interactions:
        if name(interaction) in INLINE:
            blanks[interaction] = blank_id(attr(interaction, "responseidentifier"), taken)
    prompt_parts = [_xhtml(part, blanks, images) for part in kids(body)]
    for interaction in interactions:
        if name(interaction) in BLOCK:
            prompt_parts += [_children_html(p, images) for p in kids(interaction, "prompt")]
    prompt, more = html.to_markdown("".join(prompt_parts))
    images += more
    title = attr(root, "title").strip()
    fields = {"prompt": prompt, "title": "" if title == CANVAS_DEFAULT_TITLE else title, "line": tree.line(root),
              "points": _points(root, declarations)}
    if not interactions:
        fields |= {"type": T.TEXT, "points": Decimal(0)}
    else:
        fields |= _parts(interactions, declarations, blanks, images, fields)
    return QuestionSpec(**fields, notes=tuple(image_notes(images, files)))


def _xhtml(element: Element, blanks: dict[Element, str], images: list[str]) -> str:
    """The element as HTML, without namespaces; inline interactions become ``[[blank]]``, block ones vanish."""
    tag = name(element)
    if element in blanks:
        return f"[[{blanks[element]}]]" + html.escape(element.tail or "")
    if tag.endswith("interaction") or tag in SKIP or tag == "prompt":
        return html.escape(element.tail or "")
    if tag == "img":
        images.append(attr(element, "src"))
    tag = local(element)
    attrs = "".join(f' {key.rsplit("}", 1)[-1]}="{html.escape(value).replace(chr(34), "&quot;")}"'
                    for key, value in element.attrib.items() if not key.startswith("{http://www.w3.org/2001/XMLSchema"))
    inner = html.escape(element.text or "") + "".join(_xhtml(part, blanks, images) for part in element)
    if tag.lower() in VOID and not inner.strip():
        return f"<{tag}{attrs}/>" + html.escape(element.tail or "")
    return f"<{tag}{attrs}>{inner}</{tag}>" + html.escape(element.tail or "")


def _values(declaration: Element | None) -> list[str]:
    correct = next(iter(kids(declaration, "correctresponse")), None)
    return [("".join(v.itertext())).strip() for v in kids(correct, "value")]


def _mapping(declaration: Element | None) -> dict[str, Decimal]:
    mapping = next(iter(kids(declaration, "mapping")), None)
    out = {}
    for entry in kids(mapping, "mapentry"):
        value = number(attr(entry, "mappedvalue"))
        if value is not None:
            out[attr(entry, "mapkey")] = value
    return out


def _points(root: Element, declarations: dict[str, Element]) -> Decimal:
    for outcome in kids(root, "outcomedeclaration"):
        if attr(outcome, "identifier") in ("SCORE", "MAXSCORE") and attr(outcome, "normalmaximum"):
            return points(attr(outcome, "normalmaximum"))
        if attr(outcome, "identifier") == "MAXSCORE":
            default = next(iter(kids(outcome, "defaultvalue")), None)
            value = "".join(default.itertext()) if default is not None else ""
            if value.strip():
                return points(value)
    return Decimal(1)


def _children_html(element: Element, images: list[str]) -> str:
    return html.escape(element.text or "") + "".join(_xhtml(part, {}, images) for part in element)


def _inner(element: Element, images: list[str]) -> str:
    return html.to_markdown(_children_html(element, images))[0]


def _choices(interaction, declaration, images) -> tuple[Choice, ...]:
    correct, mapping = set(_values(declaration)), _mapping(declaration)
    if not correct:
        correct = {key for key, value in mapping.items() if value > 0}
    return tuple(Choice(_inner(c, images), attr(c, "identifier") in correct)
                 for c in kids(interaction, "simplechoice", "inlinechoice"))


def _parts(interactions, declarations, blanks, images, fields) -> dict:
    first = interactions[0]
    kind = name(first)
    declaration = declarations.get(attr(first, "responseidentifier"))
    if kind == "choiceinteraction":
        single = attr(first, "maxchoices", "1") == "1"
        choices = _choices(first, declaration, images)
        if single:
            truth = len(choices) == 2 and {c.text.casefold() for c in choices} == {"true", "false"}
            return {"type": T.TRUE_FALSE if truth else T.SINGLE_CHOICE, "choices": choices}
        return {"type": T.MULTIPLE_ANSWER, "choices": choices, "scoring": Scoring.RIGHT_MINUS_WRONG}
    if kind == "extendedtextinteraction":
        return {"type": T.ESSAY}
    if kind == "uploadinteraction":
        types = [t.split("/")[-1] for t in attr(first, "type").split() if t]
        return {"type": T.FILE_UPLOAD, "allowed_extensions": tuple(t for t in types if re.fullmatch(r"[a-z0-9]{1,10}", t))}
    if kind == "orderinteraction":
        texts = {attr(c, "identifier"): _inner(c, images) for c in kids(first, "simplechoice")}
        order = [i for i in _values(declaration) if i in texts] or list(texts)
        return {"type": T.ORDERING, "items": tuple(Item(texts[i]) for i in order), "scoring": Scoring.PER_PART}
    if kind == "matchinteraction":
        return _match(first, declaration, images)
    if kind == "inlinechoiceinteraction":
        return {"type": T.DROPDOWNS, "scoring": Scoring.PER_PART, "blanks": tuple(
            Blank(blanks[i], choices=_choices(i, declarations.get(attr(i, "responseidentifier")), images))
            for i in interactions)}
    return _text_entries(interactions, declarations, blanks, fields)


def _match(interaction, declaration, images) -> dict:
    sets = kids(interaction, "simplematchset")
    if len(sets) != 2:
        raise LeftOutItem("its match interaction does not have two sets to match")
    lefts = {attr(c, "identifier"): _inner(c, images) for c in kids(sets[0], "simpleassociablechoice")}
    rights = {attr(c, "identifier"): _inner(c, images) for c in kids(sets[1], "simpleassociablechoice")}
    matched = dict(pair.split()[:2] for pair in _values(declaration) if len(pair.split()) >= 2)
    pairs = [Pair(text, rights[matched[key]]) for key, text in lefts.items() if matched.get(key) in rights]
    used = {p.right for p in pairs}
    pairs += [Pair("", text) for text in dict.fromkeys(rights.values()) if text not in used]
    return {"type": T.MATCHING, "pairs": tuple(pairs), "scoring": Scoring.PER_PART}


def _text_entries(interactions, declarations, blanks, fields) -> dict:
    entries = []
    for interaction in interactions:
        declaration = declarations.get(attr(interaction, "responseidentifier"))
        accepted = dict.fromkeys(_values(declaration))
        mapping = _mapping(declaration)
        top = max(mapping.values(), default=Decimal(1)) or Decimal(1)
        answers = [AcceptedAnswer(v) for v in accepted if v]
        answers += [AcceptedAnswer(k, tidy(min(v / top, Decimal(1)))) for k, v in mapping.items()
                    if v > 0 and k and k not in accepted]
        base = attr(declaration, "basetype").lower()
        entries.append((interaction, tuple(answers), base))
    if len(entries) == 1 and entries[0][2] in ("float", "integer"):
        values = [number(a.text) for a in entries[0][1]]
        fields["prompt"] = fields["prompt"].replace(f"[[{blanks[entries[0][0]]}]]", "_____")
        return {"type": T.NUMERIC, "numeric": tuple(NumericAnswer(value=tidy(v)) for v in values if v is not None)}
    if len(entries) == 1:
        fields["prompt"] = fields["prompt"].replace(f"[[{blanks[entries[0][0]]}]]", "_____")
        return {"type": T.SHORT_ANSWER, "answers": entries[0][1]}
    return {"type": T.FILL_BLANKS, "scoring": Scoring.PER_PART,
            "blanks": tuple(Blank(blanks[i], answers) for i, answers, _ in entries)}
