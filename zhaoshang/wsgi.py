"""WSGI entry point of the web server (`make run`, zhaoshang.serve)."""

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")

# What a request's environ holds by the WSGI and CGI specifications (PEP 3333).
_REQUEST_KEYS = {
    "REQUEST_METHOD",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "CONTENT_TYPE",
    "CONTENT_LENGTH",
    "SERVER_NAME",
    "SERVER_PORT",
    "SERVER_PROTOCOL",
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "REMOTE_PORT",
}


class WithoutProcessEnvironment:
    """granian copies the server process's environment variables into every request's
    environ, as CGI did; Django would show them in request.META (DATABASE_URL and its
    password among them). They are taken out before Django runs, as gunicorn never put them
    in. A request header that happens to carry the same value as one of them is dropped too,
    which only the variable's owner could arrange."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application
        self.process = {k: v for k, v in os.environ.items() if k not in _REQUEST_KEYS}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        for name, value in self.process.items():
            if environ.get(name) == value:
                del environ[name]
        return self.application(environ, start_response)


def _application() -> Any:
    django_application = get_wsgi_application()
    from zhaoshang.core.pagecache import PageFront  # once Django is set up

    # Repeated anonymous requests for public pages are answered from each worker's memory.
    return PageFront(WithoutProcessEnvironment(django_application))


application = _application()
