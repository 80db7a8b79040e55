"""How much Markdown each kind of text may hold: the one place forms, imports and the live preview read.

With the pre-pass (casestudies/markdown_guard.py) every render costs roughly the same per character,
so these bounds are what bound a request: a case body of 2,000,000 characters renders in a few
seconds (bench/bench_markdown.py measures it), a question's texts in milliseconds.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so parsers can check it too.

from dataclasses import dataclass

CASE_BODY = 2_000_000
PREVIEW = 200_000  # the live preview renders on every pause in typing: longer bodies are shown on saving
PROMPT = 50_000
FEEDBACK = 20_000  # general, correct and incorrect feedback
OPTION = 2_000  # a choice, its feedback, an accepted answer, an item to order, either side of a pair


@dataclass(frozen=True)
class TooLong:
    """A text over its limit: what it is, its length, and the limit (for a message in any language)."""

    what: str
    length: int
    limit: int

    def message(self) -> str:
        return f"The {self.what} has {self.length:,} characters; the limit is {self.limit:,}."


def spec_too_long(spec) -> TooLong | None:
    """The first text of a question (a banks.spec.QuestionSpec) that is over its limit, if any."""
    texts = [("question text", spec.prompt, PROMPT)]
    texts += [
        (f"{name.replace('_', ' ')}", getattr(spec, name), FEEDBACK)
        for name in ("general_feedback", "correct_feedback", "incorrect_feedback")
    ]
    for choice in [*spec.choices, *(choice for blank in spec.blanks for choice in blank.choices)]:
        texts += [("choice", choice.text, OPTION), ("choice's feedback", choice.feedback, OPTION)]
    for answer in [*spec.answers, *(answer for blank in spec.blanks for answer in blank.answers)]:
        texts += [("accepted answer", answer.text, OPTION), ("answer's feedback", answer.feedback, OPTION)]
    texts += [("item", getattr(item, "text", item), OPTION) for item in spec.items]
    texts += [("matching pair", side, OPTION) for pair in spec.pairs for side in (pair.left, pair.right)]
    for what, text, limit in texts:
        if len(text or "") > limit:
            return TooLong(what, len(text), limit)
    return None
