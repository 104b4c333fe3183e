"""WSGI entry point of the web server (`make run`, zhaoshang.serve)."""

import os
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")


def _application() -> Any:
    django_application = get_wsgi_application()
    from zhaoshang.core.pagecache import PageFront  # once Django is set up

    # Repeated anonymous requests for public pages are answered from each worker's memory.
    return PageFront(django_application)


application = _application()
