"""Pages of the policies app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from zhaoshang.core.permissions import permission_needed


@permission_needed("registry.view_enterprise")
def my_policies(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
