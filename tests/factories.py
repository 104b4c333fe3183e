"""factory_boy factories shared by the tests of every app."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import factory
from django.utils import timezone

from zhaoshang.core.models import User
from zhaoshang.core.roles import Role
from zhaoshang.core.services import user_create
from zhaoshang.portal.models import Label, Post

PASSWORD = "Sihui-harbour-2026"


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A user made through the ``user_create`` service, so roles and audit are real."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        roles: Iterable[Role] = kwargs.pop("roles", ())
        password = kwargs.pop("password", PASSWORD)
        return user_create(actor=None, password=password, roles=roles, **kwargs)


class LabelFactory(factory.django.DjangoModelFactory[Label]):
    """A label made through the ``label_create`` service."""

    class Meta:
        model = Label

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_zh_hans = ""
    name_zh_hant = ""
    slug = ""

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        from zhaoshang.portal.services import label_create

        return label_create(actor=None, **kwargs)


class PostFactory(factory.django.DjangoModelFactory[Post]):
    """A post made through ``post_save``: ``versions`` maps a language to (title, Markdown)."""

    class Meta:
        model = Post

    status = "published"
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    versions = factory.LazyAttributeSequence(
        lambda o, n: {"en": (f"Post number {n}", f"Body of post {n}.")}
    )
    labels: Any = ()
    featured = False
    slug = ""

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        from zhaoshang.portal.services import PostInput, VersionInput, post_save

        versions = {
            lang: VersionInput(title=title, body_markdown=body, summary=f"Summary: {title}")
            for lang, (title, body) in kwargs.pop("versions").items()
        }
        return post_save(
            actor=kwargs.pop("actor", None),
            post=None,
            data=PostInput(versions=versions, **kwargs),
        )
