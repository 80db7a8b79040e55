"""Writes to case studies: every change of text keeps a revision, in one transaction."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from casestudies.models import CaseImage, CaseRevision, CaseStudy, Tag

REVISED_FIELDS = ("title", "summary", "body", "source")


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200] or "case"
    slug, n = base, 1
    taken = CaseStudy.objects.exclude(pk=exclude_pk).filter(slug__startswith=base).values_list("slug", flat=True)
    taken = set(taken)
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _snapshot(case: CaseStudy, *, editor, note: str = "") -> CaseRevision:
    last = case.revisions.aggregate(last=Max("number"))["last"] or 0
    return CaseRevision.objects.create(
        case=case, number=last + 1, editor=editor, note=note,
        **{name: getattr(case, name) for name in REVISED_FIELDS},
    )


def _set_tags(case: CaseStudy, names: Iterable[str]) -> None:
    names = sorted({name.strip()[:50] for name in names if name.strip()}, key=str.lower)
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=name) for name in names if name not in existing]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    case.tags.set(Tag.objects.filter(name__in=names))


@transaction.atomic
def case_create(*, author, title: str, summary: str = "", body: str = "", source: str = "",
                source_url: str = "", tags: Iterable[str] = (), coauthors: Iterable = ()) -> CaseStudy:
    case = CaseStudy.objects.create(
        author=author, title=title, slug=_unique_slug(title), summary=summary, body=body,
        source=source, source_url=source_url,
    )
    _set_tags(case, tags)
    case.coauthors.set([user for user in coauthors if user != author])
    _snapshot(case, editor=author, note=_("Created"))
    return case


@transaction.atomic
def case_update(*, case: CaseStudy, editor, tags: Iterable[str] | None = None,
                coauthors: Iterable | None = None, note: str = "", **fields) -> CaseStudy:
    """Save new values; a revision is kept only when the text actually changed."""
    case = CaseStudy.objects.select_for_update().get(pk=case.pk)
    text_changed = any(getattr(case, name) != fields[name] for name in REVISED_FIELDS if name in fields)
    for name, value in fields.items():
        setattr(case, name, value)
    case.save()
    if tags is not None:
        _set_tags(case, tags)
    if coauthors is not None:
        case.coauthors.set([user for user in coauthors if user != case.author])
    if text_changed:
        _snapshot(case, editor=editor, note=note)
    return case


def case_restore(*, case: CaseStudy, revision: CaseRevision, editor) -> CaseStudy:
    """Restoring is itself a new revision, so nothing in the history is ever lost."""
    return case_update(
        case=case, editor=editor, note=_("Restored revision %(number)s") % {"number": revision.number},
        **{name: getattr(revision, name) for name in REVISED_FIELDS},
    )


@transaction.atomic
def case_set_published(*, case: CaseStudy, published: bool) -> CaseStudy:
    case.status = CaseStudy.Status.PUBLISHED if published else CaseStudy.Status.DRAFT
    if published and case.published_at is None:
        case.published_at = timezone.now()
    case.save(update_fields=["status", "published_at", "updated"])
    return case


def image_upload(*, case: CaseStudy, uploaded_by, image) -> CaseImage:
    return CaseImage.objects.create(case=case, uploaded_by=uploaded_by, image=image, content_type=image.content_type)
