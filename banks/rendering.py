"""Render a question's Markdown once, when a version is saved, through the case pipeline."""

from banks.spec import QuestionSpec
from casestudies.markdown import render


def inline(text: str) -> str:
    """Short option texts render without the paragraph wrapper (and its anchor id)."""
    html = render(text)
    if html.startswith('<p id="p-1">') and html.endswith("</p>") and html.count("<p") == 1:
        return html[len('<p id="p-1">'):-len("</p>")]
    return html


def render_spec(spec: QuestionSpec) -> dict:
    """Sanitised HTML for everything a student may see of a question (never the key)."""
    return {
        "prompt": render(spec.prompt),
        "choices": [inline(choice.text) for choice in spec.choices],
        "items": [inline(item.text) for item in spec.items],
        "lefts": [inline(pair.left) for pair in spec.matched_pairs()],
        "rights": [inline(option.text) for option in spec.right_options()],
        **({"blank_choices": [[inline(c.text) for c in blank.choices] for blank in spec.blanks]}
           if any(blank.choices for blank in spec.blanks) else {}),  # dropdowns
    }
