"""Every string a user reads is marked for translation, so the Spanish catalogues can be complete.

Templates: once comments, scripts, ``{% translate %}``/``{% blocktranslate %}`` and every other tag and
variable are taken out, no words may be left, in the text or in an attribute people read (title,
aria-label, placeholder, alt). Python, read with ``ast``: the messages, errors, labels, help texts,
verbose names, choice labels and response bodies people see are wrapped in gettext, not literals.
What is deliberately not translated is listed here (names of products and formats) or, in Python, says so
on its line: ``# not translated: <why>`` (a CSV's column names).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
TEMPLATES = sorted(
    path for path in ROOT.glob("**/templates/**/*")
    if path.suffix in (".html", ".txt") and ".venv" not in path.parts and "tests" not in path.parts
)
PYTHON = sorted(
    path for app in [*APPS, "casebook"] for path in (ROOT / app).rglob("*.py")
    if not {"migrations", "management", "tests", "formats"} & set(path.parts)
)

# Words that are the same in every language: names of products, formats and standards.
SAME_IN_EVERY_LANGUAGE = {"Casebook", "LTI", "CSV", "LMS", "GIFT", "QTI", "text2qti", "Canvas", "Moodle", "JSON",
                          "ZIP", "Markdown", "UTC", "OK", "ID", "JWKS", "OIDC", "URL", "MathJax", "KaTeX", "TeX",
                          "LaTeX", "Español", "English"}

DROPPED = [  # (what, pattern) taken out of a template before looking for words, in this order
    ("comment blocks", r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"),
    ("scripts and styles", r"<(script|style)\b.*?</\1>"),
    ("code and keys, shown as typed", r"<(pre|code|kbd)\b.*?</\1>"),
    ("class names a page gives its main box", r"{%\s*block\s+main_class\s*%}.*?{%\s*endblock\s*%}"),
    ("blocktranslate", r"{%\s*blocktrans(late)?\b.*?{%\s*endblocktrans(late)?\s*%}"),
    ("comments", r"{#.*?#}|<!--.*?-->"),
    ("tags", r"{%.*?%}"),
    ("variables", r"{{.*?}}"),
    ("entities", r"&#?\w+;"),
]
READ_ATTRIBUTES = re.compile(r"""\b(title|aria-label|placeholder|alt|aria-description)\s*=\s*(["'])(.*?)\2""", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
TOKEN = re.compile(r"[\w'’-]+")


def words(text: str) -> list[str]:
    """The tokens of ``text`` with two letters or more that are not the same in every language."""
    return [token for token in TOKEN.findall(text)
            if sum(char.isalpha() for char in token) >= 2 and token not in SAME_IN_EVERY_LANGUAGE]


def unmarked_words_in_template(text: str, *, html: bool = True) -> list[str]:
    for _what, pattern in DROPPED:
        text = re.sub(pattern, " ", text, flags=re.S)
    pieces = []
    if html:
        pieces += [match.group(3) for match in READ_ATTRIBUTES.finditer(text)]
        text = TAG.sub(" ", text)
    pieces.append(text)
    return [word for piece in pieces for word in words(piece)]


def test_the_template_scan_sees_plain_text_and_read_attributes_but_not_marked_text():
    page = """{% load i18n %}{% comment %}Notes for developers{% endcomment %}
    <h1>{% translate "Hello" %}</h1><p>{% blocktranslate with n=3 %}You have {{ n }} cases{% endblocktranslate %}</p>
    <button aria-label="Close menu" class="btn-close" data-bs-dismiss="modal"></button>
    <a href="{% url 'home' %}" title="{% translate 'Home' %}">Casebook</a> <td>Due</td> {# a note #}
    <script src="x.js"></script><span>{{ user.get_full_name }}</span>"""
    assert unmarked_words_in_template(page) == ["Close", "menu", "Due"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_template_shows_no_text_outside_translate(path):
    words = unmarked_words_in_template(path.read_text(), html=path.suffix == ".html")
    assert words == [], (f"{path.relative_to(ROOT)} shows {words} unmarked: wrap the text in {{% translate %}} or "
                         "{% blocktranslate %}, then add it to the catalogues (makemessages) and translate it.")


GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "npgettext",
           "npgettext_lazy", "format_lazy"}
MESSAGE_FUNCTIONS = {"success", "info", "warning", "error", "debug", "add_message"}
READ_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label", "empty_value_display",
                 "short_description", "description"}
RESPONSES = {"HttpResponse", "HttpResponseBadRequest", "HttpResponseForbidden", "HttpResponseNotFound",
             "HttpResponseNotAllowed", "HttpResponseGone", "HttpResponseServerError"}
ERRORS = {"ValidationError", "PermissionDenied", "SuspiciousOperation", "BadRequest"}
READ_DICT_KEYS = {"placeholder", "title", "aria-label"}
RELATED_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def is_prose(node) -> bool:
    """A literal (or f-string, or literals joined) with words in it, not a call to gettext."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(words(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(is_prose(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return is_prose(node.left) or is_prose(node.right)
    return False


def called_name(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def unmarked_strings_in_python(source: str) -> list[tuple[int, str]]:
    found = []

    def flag(node, why):
        found.append((node.lineno, f"{why}: {ast.unparse(node)[:80]}"))

    exempt = {number for number, line in enumerate(source.splitlines(), start=1) if "# not translated:" in line}
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = called_name(node)
            if name in GETTEXT:
                continue
            first = node.args[0] if node.args else None
            if name in MESSAGE_FUNCTIONS and isinstance(node.func, ast.Attribute) and \
                    getattr(node.func.value, "id", "") == "messages":
                message = node.args[2 if name == "add_message" else 1] if len(node.args) > (2 if name == "add_message" else 1) else None
                if message is not None and is_prose(message):
                    flag(message, "a message")
            elif name in ERRORS and first is not None:
                for message in first.values if isinstance(first, ast.Dict) else [first]:  # {"field": "message"}
                    if is_prose(message):
                        flag(message, f"a {name}")
            elif name in RESPONSES and first is not None and is_prose(first):
                flag(first, f"an {name} body")
            elif name == "add_error" and len(node.args) > 1 and is_prose(node.args[1]):
                flag(node.args[1], "a form error")
            elif name.endswith("Field") and name not in RELATED_FIELDS and first is not None and is_prose(first):
                flag(first, "a field's verbose name")
            for keyword in node.keywords:
                if keyword.arg in READ_KEYWORDS and is_prose(keyword.value):
                    flag(keyword.value, keyword.arg)
                if keyword.arg == "choices" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                    for choice in keyword.value.elts:
                        if isinstance(choice, ast.Tuple) and len(choice.elts) == 2 and is_prose(choice.elts[1]):
                            flag(choice.elts[1], "a choice's label")
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in READ_DICT_KEYS and is_prose(value):
                    flag(value, f"an attribute {key.value!r}")
        elif isinstance(node, ast.ClassDef) and any(
                getattr(base, "attr", getattr(base, "id", "")) in ("TextChoices", "IntegerChoices") for base in node.bases):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple) and \
                        len(statement.value.elts) == 2 and is_prose(statement.value.elts[1]):
                    flag(statement.value.elts[1], "a choice's label")
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") in ("verbose_name", "verbose_name_plural")
                                                  for t in node.targets) and is_prose(node.value):
            flag(node.value, "a verbose name")
    return sorted((line, why) for line, why in found if line not in exempt)


def test_the_python_scan_finds_literals_people_read_and_passes_gettext():
    source = '''
from django.contrib import messages
from django.utils.translation import gettext as _
messages.success(request, "Saved.")
messages.success(request, _("Saved."))
raise ValidationError(f"Line {n} is wrong")
raise ValidationError(_("Line %(n)s is wrong") % {"n": n})
title = forms.CharField(label="Title", help_text=_("Short."))
owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE)
name = models.CharField("name", max_length=3)
widget = forms.TextInput(attrs={"placeholder": "Search", "class": "form-control"})
class Kind(models.TextChoices):
    MINE = "mine", "Mine"
    YOURS = "yours", _("Yours")
return HttpResponseBadRequest("Move up or down.")
raise ValidationError({"due_at": "Due before it opens.", "opens_at": _("Opens after it is due.")})
columns = forms.Textarea(attrs={"placeholder": "email,first_name"})  # not translated: column names
'''
    assert [line for line, _why in unmarked_strings_in_python(source)] == [4, 6, 8, 10, 11, 13, 15, 16]


@pytest.mark.parametrize("path", PYTHON, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_marks_what_people_read(path):
    found = unmarked_strings_in_python(path.read_text())
    assert found == [], (f"{path.relative_to(ROOT)} has strings people read that are not marked for translation "
                         f"(line, what): {found}. Wrap each in gettext (_), then makemessages and translate it.")


def test_the_scans_see_the_project():
    assert len(TEMPLATES) > 100 and len(PYTHON) > 100
    assert ROOT / "templates" / "base.html" in TEMPLATES
    assert ROOT / "accounts" / "views.py" in PYTHON
