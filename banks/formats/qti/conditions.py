"""QTI 1.2 response processing as plain data: which responses set or add how much, and show which feedback.

Canvas and text2qti write a small, regular subset of ``resprocessing``; this reads that subset (and
the Blackboard-style "Set 10 / Add 25" variants seen in the wild) without evaluating anything.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree.ElementTree import Element

from banks.formats.qti.common import number
from banks.formats.qti.xml import attr, child, children, local, text

TESTS = ("varequal", "vargte", "varlte", "vargt", "varlt", "varsubstring", "varinside")


@dataclass(frozen=True)
class Test:
    """One comparison: ``kind`` is the element (varequal, vargte, …), or and / or / not / other."""

    kind: str
    respident: str = ""
    value: str = ""
    case: bool = False
    parts: tuple["Test", ...] = ()


@dataclass
class Condition:
    test: Test
    set: Decimal | None = None
    add: Decimal = Decimal(0)
    feedback: list[str] = field(default_factory=list)

    @property
    def score(self) -> Decimal | None:
        """What the condition gives: its Set value, else what it adds (None when it gives nothing)."""
        if self.set is not None:
            return self.set
        return self.add if self.add else None

    def equal(self) -> Test | None:
        """The one varequal this condition tests, when that is all it tests."""
        test = self.test
        while test.kind == "and" and len(test.parts) == 1:
            test = test.parts[0]
        return test if test.kind == "varequal" else None

    def equals(self) -> list[Test]:
        """Several varequals side by side (Canvas lists every accepted short answer in one condition)."""
        test = self.test
        if test.kind in ("and", "or") and test.parts and all(p.kind == "varequal" for p in test.parts):
            return list(test.parts)
        single = self.equal()
        return [single] if single else []


def _test(element: Element, depth: int = 0) -> Test:
    kind = local(element)
    if kind in TESTS:
        return Test(kind, attr(element, "respident"), text(element).strip(), attr(element, "case").lower() == "yes")
    parts = tuple(_test(item, depth + 1) for item in children(element) if depth < 50)
    return Test(kind if kind in ("and", "or", "not", "other") else "and", parts=parts)


def conditions(item: Element) -> list[Condition]:
    out = []
    for processing in children(item, "resprocessing"):
        for element in children(processing, "respcondition"):
            var = child(element, "conditionvar")
            parts = tuple(_test(part) for part in children(var))
            condition = Condition(parts[0] if len(parts) == 1 else Test("and", parts=parts))
            for setvar in children(element, "setvar"):
                value = number(text(setvar)) or Decimal(0)
                if attr(setvar, "action", "Set").lower() == "add":
                    condition.add += value
                elif attr(setvar, "action", "Set").lower() == "subtract":
                    condition.add -= value
                else:
                    condition.set = value
            condition.feedback = [attr(fb, "linkrefid") for fb in children(element, "displayfeedback")]
            out.append(condition)
    return out


def max_score(item: Element) -> Decimal | None:
    """The score variable's maxvalue (for Canvas's SCORE a percentage, so it says nothing of points)."""
    for processing in children(item, "resprocessing"):
        for decvar in children(child(processing, "outcomes"), "decvar"):
            return number(attr(decvar, "maxvalue"))
    return None


def score_variable(item: Element) -> str:
    for processing in children(item, "resprocessing"):
        for decvar in children(child(processing, "outcomes"), "decvar"):
            return attr(decvar, "varname", "SCORE")
    return "SCORE"
