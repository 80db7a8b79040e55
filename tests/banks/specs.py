"""Helpers for comparing question specs in tests."""

import dataclasses

from banks.spec import QuestionSpec


def without_ids(spec: QuestionSpec) -> QuestionSpec:
    """The spec as its parts read, without the ids a saved version gives them (banks.identity)."""
    return dataclasses.replace(
        spec,
        choices=tuple(dataclasses.replace(c, id="") for c in spec.choices),
        items=tuple(dataclasses.replace(i, id="") for i in spec.items),
        pairs=tuple(dataclasses.replace(p, id="", right_id="") for p in spec.pairs),
        blanks=tuple(dataclasses.replace(b, choices=tuple(dataclasses.replace(c, id="") for c in b.choices))
                     for b in spec.blanks),
    )
