"""The WSGI application `make run` serves keeps the server process's environment variables
out of what Django sees of a request (granian copies them into every request's environ)."""

from __future__ import annotations

import os
from typing import Any

from zhaoshang.wsgi import WithoutProcessEnvironment


def test_the_process_environment_does_not_reach_django(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://zhaoshang:s3cret@db.example/zhaoshang")
    seen: dict[str, Any] = {}

    def django(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(environ)
        return []

    application = WithoutProcessEnvironment(django)
    # As granian builds it: the process's environment, then the request over it.
    environ = dict(os.environ) | {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/en/",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_LANGUAGE": "zh-CN",
        "wsgi.url_scheme": "http",
    }
    application(environ, lambda *args: None)
    assert "DATABASE_URL" not in seen
    assert not any("s3cret" in str(value) for value in seen.values())
    assert (seen["PATH_INFO"], seen["HTTP_HOST"], seen["HTTP_ACCEPT_LANGUAGE"]) == (
        "/en/",
        "127.0.0.1:8000",
        "zh-CN",
    )
