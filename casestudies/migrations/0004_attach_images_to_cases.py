"""Give every image a random token and the case whose Markdown cites it, and rewrite the citations.

An image is attached to the first case (by id) whose body cites it, else the first whose revisions
do; every other case citing it gets its own row for the same file, so each case's readers keep
seeing it and nobody else. Images no case cites keep no case: only their uploader and staff see them.
Citations are rewritten in bodies and revisions, and those bodies rendered again (the sanitiser now
keeps only token addresses: migration 0002 may already have re-rendered a body and dropped its old ones).
"""

import re
import secrets
from collections import defaultdict

from django.db import migrations

from casestudies.markdown import render_with_toc

OLD_URL = re.compile(r"(?<![\w.:/-])/cases/images/(\d+)/")


def _cited(text: str) -> set[int]:
    return {int(pk) for pk in OLD_URL.findall(text or "")}


def _rewrite(text: str, tokens: dict[int, str]) -> str:
    def swap(match):
        token = tokens.get(int(match.group(1)))
        return f"/cases/images/{token}/" if token else match.group(0)

    return OLD_URL.sub(swap, text or "")


def attach(apps, schema_editor):
    CaseImage = apps.get_model("casestudies", "CaseImage")
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CaseRevision = apps.get_model("casestudies", "CaseRevision")
    images = {image.pk: image for image in CaseImage.objects.all()}
    citing = defaultdict(list)  # image pk -> case pks, bodies first, then revisions
    for case in CaseStudy.objects.order_by("pk").only("pk", "body").iterator():
        for pk in sorted(_cited(case.body) & images.keys()):
            citing[pk].append(case.pk)
    for revision in CaseRevision.objects.order_by("case_id", "number").only("case_id", "body").iterator():
        for pk in sorted(_cited(revision.body) & images.keys()):
            if revision.case_id not in citing[pk]:
                citing[pk].append(revision.case_id)

    tokens = defaultdict(dict)  # case pk -> {old image pk: token}
    for pk, image in images.items():
        image.token = secrets.token_urlsafe(16)
        cases = citing.get(pk, [])
        image.case_id = cases[0] if cases else None
        image.save(update_fields=["token", "case"])
        for case_pk in cases[1:]:
            copy = CaseImage.objects.create(case_id=case_pk, token=secrets.token_urlsafe(16), image=image.image.name,
                                            uploaded_by_id=image.uploaded_by_id, content_type=image.content_type)
            CaseImage.objects.filter(pk=copy.pk).update(created=image.created)
            tokens[case_pk][pk] = copy.token
        if cases:
            tokens[cases[0]][pk] = image.token

    for case_pk, case_tokens in tokens.items():
        body = _rewrite(CaseStudy.objects.only("body").get(pk=case_pk).body, case_tokens)
        rendered = render_with_toc(body)
        CaseStudy.objects.filter(pk=case_pk).update(body=body, body_html=rendered.html, toc_html=rendered.toc_html)
        for revision in CaseRevision.objects.filter(case_id=case_pk).only("body"):
            if _cited(revision.body) & case_tokens.keys():
                CaseRevision.objects.filter(pk=revision.pk).update(body=_rewrite(revision.body, case_tokens))


def detach(apps, schema_editor):
    """Back to counting URLs: every token citation becomes its row's id again."""
    CaseImage = apps.get_model("casestudies", "CaseImage")
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CaseRevision = apps.get_model("casestudies", "CaseRevision")
    for image in CaseImage.objects.exclude(case=None).exclude(token=None):
        old, new = f"/cases/images/{image.token}/", f"/cases/images/{image.pk}/"
        case = CaseStudy.objects.only("body", "body_html", "toc_html").get(pk=image.case_id)
        CaseStudy.objects.filter(pk=case.pk).update(
            body=case.body.replace(old, new), body_html=case.body_html.replace(old, new),
            toc_html=case.toc_html.replace(old, new),
        )
        for revision in CaseRevision.objects.filter(case_id=case.pk, body__contains=old).only("body"):
            CaseRevision.objects.filter(pk=revision.pk).update(body=revision.body.replace(old, new))


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0003_caseimage_case_token"),
    ]

    operations = [migrations.RunPython(attach, detach)]
