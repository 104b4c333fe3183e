"""factory_boy factories shared by the tests of every app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory

from zhaoshang.core.models import User
from zhaoshang.core.roles import Role
from zhaoshang.core.services import user_create

PASSWORD = "Sihui-harbour-2026"


class UserFactory(factory.django.DjangoModelFactory):
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
