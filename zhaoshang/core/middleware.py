"""A signed-in user's language follows the pages they use until they choose one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_path

from zhaoshang.core.models import User


class UserLanguageMiddleware:
    """Records the language of a page's address (``/zh-hant/…``) as the user's language when
    they have not chosen one on their profile: signing in on a Traditional page, or switching
    the site to English, is how they say which language they read. One UPDATE on a change,
    nothing otherwise. Addresses without a language (the API) change nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # After the view: signing in happens inside it.
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated and not user.language_chosen:
            language = get_language_from_path(request.path_info)
            if language and language != user.language:
                User.objects.filter(pk=user.pk, language_chosen=False).update(language=language)
                user.language = language
        return response
