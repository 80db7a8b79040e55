"""The hand-grader's comment on an answer, as stored in its grading result."""


def grader_comment(result: dict) -> str:
    """The hand-grader's comment, plain text for the template to escape. It says how the answer was
    marked, so it is released with right and wrong (the "correctness" level), not with the key."""
    comment = result.get("comment")
    return comment.strip() if isinstance(comment, str) else ""
