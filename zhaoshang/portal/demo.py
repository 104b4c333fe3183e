"""Demo data of the portal: labels, a dozen posts in up to three languages, two contacts."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from zhaoshang.portal.demo_content import CONTACTS, LABELS, POSTS
from zhaoshang.portal.models import Contact, Label, Post
from zhaoshang.portal.services import PostInput, VersionInput, contact_save, label_create, post_save


def load(*, demo_password: str, out: TextIO) -> None:
    labels: dict[str, Label] = {}
    for item in LABELS:
        label = Label.objects.filter(slug=item.slug).first()
        if label is None:
            label = label_create(
                actor=None,
                slug=item.slug,
                name_en=item.name_en,
                name_zh_hans=item.name_zh_hans,
                name_zh_hant=item.name_zh_hant,
            )
        labels[item.slug] = label
    created = 0
    tz = timezone.get_current_timezone()
    for index, post in enumerate(POSTS):
        if Post.objects.filter(slug=post.slug).exists():
            continue
        day = datetime.date.fromisoformat(post.published)
        publish_at = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=tz)
        post_save(
            actor=None,
            post=None,
            data=PostInput(
                status=Post.Status.PUBLISHED,
                publish_at=publish_at + datetime.timedelta(minutes=index),
                featured=post.featured,
                slug=post.slug,
                labels=[labels[slug] for slug in post.labels],
                versions={
                    v.language: VersionInput(title=v.title, summary=v.summary, body_markdown=v.body)
                    for v in post.versions
                },
            ),
        )
        created += 1
    if created:
        out.write(f"posts: {created}\n")
    for order, contact in enumerate(CONTACTS):
        if Contact.objects.filter(slug=contact.slug).exists():
            continue
        contact_save(actor=None, contact=None, order=order, **vars(contact))
        out.write(f"contact: {contact.name_en}\n")
