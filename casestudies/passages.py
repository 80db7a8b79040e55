"""A cited paragraph of a case, as plain text: what a question's review quotes from the case."""

import html
import re

from django.utils.html import strip_tags


def cited_passage(case, citation: str) -> str:
    """The cited paragraph's text (plain, unescaped for the template to escape), or "" if not simple."""
    if not (case and citation):
        return ""
    match = re.search(rf'<p id="{re.escape(citation)}">(.*?)</p>', case.body_html, re.S)
    if not match:
        return ""
    text = re.sub(r"<sup[^>]*>.*?</sup>", "", match.group(1), flags=re.S)  # footnote markers
    return html.unescape(strip_tags(text)).strip()
