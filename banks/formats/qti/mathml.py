"""Math an LMS writes into QTI HTML, as the TeX Casebook stores: ``\\(…\\)`` text, never markup.

Canvas writes equations as images (``<img class="equation_image" data-equation-content="x^2" …>``,
the TeX also in ``title`` and in ``alt`` after "LaTeX: "); other tools write MathML, whose TeX
annotation is used when it has one, else a small converter covers the elements a formula editor
writes. Either way only text comes out, so no attribute of the source (``href``, ``on…``) survives.
"""

import html
import re
from html.entities import html5
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

_EQUATION_IMAGE = re.compile(r"<img\b[^>]*\bclass=\"[^\"]*\bequation_image\b[^\"]*\"[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""\b(data-equation-content|title|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_MATH = re.compile(r"<(?:\w+:)?math\b.*?</(?:\w+:)?math\s*>", re.I | re.S)
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
MAX_DEPTH = 50

_SYMBOLS = {
    "×": r"\times", "·": r"\cdot", "⋅": r"\cdot", "−": "-", "±": r"\pm", "∓": r"\mp", "÷": r"\div",
    "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "≡": r"\equiv", "∝": r"\propto", "→": r"\to",
    "←": r"\leftarrow", "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "∞": r"\infty", "∑": r"\sum",
    "∏": r"\prod", "∫": r"\int", "∂": r"\partial", "∇": r"\nabla", "√": r"\surd", "∈": r"\in",
    "∉": r"\notin", "⊂": r"\subset", "⊆": r"\subseteq", "∪": r"\cup", "∩": r"\cap", "∅": r"\emptyset",
    "∀": r"\forall", "∃": r"\exists", "¬": r"\neg", "∧": r"\land", "∨": r"\lor", "…": r"\ldots",
    "⋯": r"\cdots", "′": "'", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&", "\u2061": "",
    "\u2062": "", "\u2063": "",
}  # fmt: skip
_GREEK = dict(zip("αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ", (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi "
    "psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega"
).split()))  # fmt: skip
_FUNCTIONS = {"sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp", "lim", "max", "min", "det", "sup", "inf"}
_ACCENTS = {"¯": r"\overline", "‾": r"\overline", "^": r"\hat", "ˆ": r"\hat", "~": r"\tilde", "→": r"\vec",
            "˙": r"\dot", "⏞": r"\overbrace", "⏟": r"\underbrace", "_": r"\underline"}  # fmt: skip


def equations_as_tex(source: str) -> str:
    """HTML with every equation image and MathML formula replaced by its TeX, as escaped text."""
    source = _EQUATION_IMAGE.sub(lambda m: _delimited(_image_tex(m.group()), False), source)
    return _MATH.sub(lambda m: _delimited(*_mathml_tex(m.group())), source)


def _delimited(tex: str, display: bool) -> str:
    tex = tex.strip()
    if not tex:
        return ""
    return html.escape(f"\\[{tex}\\]" if display else f"\\({tex}\\)", quote=False)


def _image_tex(tag: str) -> str:
    found = {name.lower(): html.unescape(a or b) for name, a, b in _ATTRIBUTE.findall(tag)}
    alt = found.get("alt", "")
    return found.get("data-equation-content") or found.get("title") or alt.removeprefix("LaTeX:").strip()


def _mathml_tex(markup: str) -> tuple[str, bool]:
    markup = _ENTITY.sub(lambda m: m.group() if m.group(1) in ("lt", "gt", "amp", "quot", "apos")
                         else html5.get(m.group(1) + ";", ""), markup)  # fmt: skip
    try:
        root = fromstring(markup)
    except (ParseError, DefusedXmlException, ValueError):
        return " ".join(re.sub(r"<[^>]*>", " ", markup).split()), False
    display = root.get("display") == "block"
    for element in root.iter():
        if _local(element) == "annotation" and "tex" in (element.get("encoding") or "").lower():
            return (element.text or "").strip(), display
    return _tex(root, 0).strip(), display


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""


def _text(element: Element) -> str:
    return "".join(element.itertext()).strip()


def _group(tex: str) -> str:
    return tex if len(tex) == 1 else "{" + tex + "}"


def _token(text: str, *, identifier: bool = False) -> str:
    if identifier and len(text) > 1:
        return "\\" + text + " " if text in _FUNCTIONS else "\\mathrm{" + text + "}"
    return "".join(_SYMBOLS[c] if c in _SYMBOLS else "\\" + _GREEK[c] + " " if c in _GREEK else c for c in text)


def _tex(element: Element, depth: int) -> str:
    """A MathML element as TeX, by its local name; unknown elements give their children's TeX."""
    if depth > MAX_DEPTH:
        return ""
    name, parts = _local(element), [_tex(child, depth + 1) for child in element]
    if name in ("mi", "mn", "mo"):
        return _token(_text(element), identifier=name == "mi")
    if name == "mtext":
        return "\\text{" + _text(element).replace("{", "\\{").replace("}", "\\}") + "}"
    if name == "mspace":
        return "\\,"
    if name == "semantics" and parts:
        return parts[0]
    if name in ("annotation", "annotation-xml", "mphantom", "none", "mprescripts"):
        return ""
    if name == "mfrac" and len(parts) == 2:
        return f"\\frac{{{parts[0]}}}{{{parts[1]}}}"
    if name == "msqrt":
        return "\\sqrt{" + "".join(parts) + "}"
    if name == "mroot" and len(parts) == 2:
        return f"\\sqrt[{parts[1]}]{{{parts[0]}}}"
    if name in ("msup", "msub") and len(parts) == 2:
        return _group(parts[0]) + ("^" if name == "msup" else "_") + "{" + parts[1] + "}"
    if name in ("msubsup", "munderover") and len(parts) == 3:
        return _group(parts[0]) + "_{" + parts[1] + "}^{" + parts[2] + "}"
    if name in ("mover", "munder") and len(parts) == 2:
        accent = _ACCENTS.get(_text(element[1]))
        if accent:
            return accent + "{" + parts[0] + "}"
        return _group(parts[0]) + ("^" if name == "mover" else "_") + "{" + parts[1] + "}"
    if name == "mfenced":
        opening, closing = element.get("open", "("), element.get("close", ")")
        inner = (element.get("separators", ",")[:1] or ",").join(parts)
        return f"\\left{_token(opening) or '.'}{inner}\\right{_token(closing) or '.'}"
    if name == "mtable":
        return "\\begin{matrix}" + " \\\\ ".join(parts) + "\\end{matrix}"
    if name in ("mtr", "mlabeledtr"):
        return " & ".join(parts)
    return "".join(parts)


_TAG = re.compile(r"(<[^>]*>)")
_DELIMITED = re.compile(r"\\\((?:\\[^)]|[^\\])+?\\\)|\\\[(?:\\[^\]]|[^\\])+?\\\]|\$\$(?:\\.|[^\\$])+?\$\$")
_RENDERED = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)


def mark_math(source: str) -> str:
    """HTML kept as HTML skips Markdown, so its ``\\(…\\)``, ``\\[…\\]`` and ``$$…$$`` (in text, not in
    tags) are wrapped as the pipeline wraps formulas (``$$`` as ``\\[``), for the browser to typeset."""
    parts = _TAG.split(source)
    for index in range(0, len(parts), 2):  # the text between tags
        parts[index] = _DELIMITED.sub(_marked, parts[index])
    return "".join(parts)


def _marked(match: re.Match) -> str:
    tex = match.group()
    return f'<span class="arithmatex">{f"\\[{tex[2:-2]}\\]" if tex.startswith("$$") else tex}</span>'


def unmark_math(rendered: str) -> str:
    """The pipeline's formulas as the bare ``\\(…\\)`` and ``\\[…\\]`` text an LMS typesets itself."""
    return _RENDERED.sub(lambda m: m.group(2) if m.group(1) == "span" else f"<p>{m.group(2)}</p>", rendered)
