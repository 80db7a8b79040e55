"""What the QTI 1.2 and 2.x/3.0 readers share: numbers, blank ids, image notes, Casebook's own metadata."""

import dataclasses
import json
import re
from decimal import Decimal, InvalidOperation, localcontext

from banks.spec import QuestionSpec, Scoring

BLANK_ID = re.compile(r"[A-Za-z0-9_-]{1,30}")
MAX_POINTS = Decimal(100_000)
CANVAS_DEFAULT_TITLE = "Question"  # what Canvas calls every question its author did not name

# Casebook writes these qtimetadata fields beside Canvas's own, which Canvas ignores, so that a package
# exported from Casebook comes back as the same questions: the Markdown each HTML text was made from,
# and the settings Canvas has no field for.
SOURCE = "casebook_markdown"
SETTINGS = ("casebook_scoring", "casebook_word_limit", "casebook_allowed_extensions", "casebook_max_upload_bytes",
            "casebook_tags")


class LeftOutItem(Exception):
    """An item no Casebook question can hold; the reason names what it is."""


def number(value: str | None) -> Decimal | None:
    text = (value or "").strip()
    if len(text) > 100:  # no score or bound is that long; Decimal("9" * 10**6) would be slow to handle
        return None
    try:
        result = Decimal(text)
    except InvalidOperation:
        return None
    return result if result.is_finite() and -100 < result.adjusted() < 100 else None


def points(value: str | None, default: Decimal = Decimal(1)) -> Decimal:
    result = number(value)
    if result is None or result < 0 or result > MAX_POINTS:
        return default
    return tidy(result)


def tidy(value: Decimal) -> Decimal:
    """1 rather than 1.00 or 1E+1, 0.5 rather than 0.50: what a person would have typed. Exact for any
    number a file can hold (the context is wide enough for every digit)."""
    with localcontext() as ctx:
        ctx.prec = 2000
        value = value.normalize()
        if value == value.to_integral_value() and value.adjusted() < 1000:
            return value.quantize(Decimal(1))
        return value


def blank_id(name: str, taken: set[str]) -> str:
    """A blank id Casebook accepts ([A-Za-z0-9_-], at most 30), unique among ``taken``."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "_", name.strip())[:30] or "blank"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base[:26]}_{n}"
    taken.add(candidate)
    return candidate


def image_notes(sources: list[str], files: frozenset[str] | None, base: str = "") -> list[str]:
    """One note per image: Casebook does not import images, and says which are missing from the package."""
    notes = []
    for src in dict.fromkeys(filter(None, sources)):  # an image without an address shows nothing anyway
        path = re.sub(r"^\$IMS[-_]CC[-_]FILEBASE\$/?|^\$IMS_CC_FILE_BASE\$/?", "", src, flags=re.I).lstrip("./")
        if files is None or not any(name.endswith(path) for name in files if path):
            notes.append(f"The image {src} is not in the file or package, so it will not show. "
                         "Upload it to a case and link it from the question.")
        else:
            notes.append(f"The image {src} is in the package, but Casebook does not import images: upload it to "
                         "a case and link it from the question.")
    return notes


def apply_settings(fields: dict, meta: dict[str, str], notes: list[str]) -> None:
    """Casebook's own metadata, where a Casebook export wrote it."""
    scoring = meta.get("casebook_scoring")
    if scoring in set(Scoring):
        fields["scoring"] = Scoring(scoring)
    limit = meta.get("casebook_word_limit", "")
    if limit.isdigit() and 0 < int(limit) <= 100_000:
        fields["word_limit"] = int(limit)
    size = meta.get("casebook_max_upload_bytes", "")
    if size.isdigit() and 0 < int(size) < 2**40:
        fields["max_upload_bytes"] = int(size)
    extensions = [e.strip().lstrip(".").lower() for e in meta.get("casebook_allowed_extensions", "").split(",")]
    if any(extensions):
        fields["allowed_extensions"] = tuple(e for e in extensions if re.fullmatch(r"[a-z0-9]{1,10}", e))
    tags = _json(meta.get("casebook_tags"))
    if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        fields["tags"] = tuple(tags)


def _json(value: str | None):
    try:
        return json.loads(value) if value else None
    except ValueError:
        return None


def with_source(spec: QuestionSpec, meta: dict[str, str]) -> QuestionSpec:
    """``spec`` with the Markdown its HTML was made from, when Casebook wrote it and it still fits."""
    source = _json(meta.get(SOURCE))
    if not isinstance(source, dict):
        return spec
    try:
        texts = {key: source[key] for key in ("title", "prompt", "general_feedback", "correct_feedback",
                                              "incorrect_feedback") if isinstance(source.get(key), str)}
        choices = source.get("choices", [])
        pairs = source.get("pairs", [])
        blanks = source.get("blank_choices", [])
        answers = source.get("answer_feedback", [])
        if (len(choices) != len(spec.choices) or len(pairs) != len(spec.pairs) or len(answers) != len(spec.answers)
                or len(blanks) != len(spec.blanks) or any(len(b) != len(x.choices) for b, x in zip(blanks, spec.blanks))):
            return spec  # edited after export: the HTML is what there is
        return dataclasses.replace(
            spec, **texts,
            answers=tuple(dataclasses.replace(a, feedback=f) for a, f in zip(spec.answers, answers)),
            choices=tuple(dataclasses.replace(c, text=t, feedback=f) for c, (t, f) in zip(spec.choices, choices)),
            pairs=tuple(dataclasses.replace(p, left=left, right=right) for p, (left, right) in zip(spec.pairs, pairs)),
            blanks=tuple(dataclasses.replace(b, choices=tuple(dataclasses.replace(c, text=t, feedback=f)
                                                              for c, (t, f) in zip(b.choices, row)))
                         for b, row in zip(spec.blanks, blanks)),
        )
    except (TypeError, ValueError, KeyError):
        return spec


def source_of(spec: QuestionSpec) -> str:
    """The Markdown ``with_source`` puts back, as the metadata field's JSON."""
    return json.dumps({
        "title": spec.title, "prompt": spec.prompt, "general_feedback": spec.general_feedback, "correct_feedback": spec.correct_feedback,
        "incorrect_feedback": spec.incorrect_feedback,
        "choices": [[c.text, c.feedback] for c in spec.choices],
        "pairs": [[p.left, p.right] for p in spec.pairs],
        "answer_feedback": [a.feedback for a in spec.answers],
        "blank_choices": [[[c.text, c.feedback] for c in b.choices] for b in spec.blanks],
    }, ensure_ascii=False)
