"""ETag, Cache-Control and a rendered-response cache for public GETs (the catalogue).

The catalogue changes only when its data is (re)loaded, which bumps a revision. The ETag is
derived from that revision and the URL, so a conditional GET is answered 304 without touching
the catalogue tables, and a 200 is served from a small per-process cache of rendered bodies.
"""
from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import Response, current_app, request

# Flask-Compress's "<etag>:br" suffixes are stripped from If-None-Match by backend/web.py
# before any view runs, so the ETag computed here compares as is.
_CACHE_SIZE = 512


class _Rendered(OrderedDict):
    """A small LRU of rendered bodies keyed by ETag, shared by the threads of a process."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def fetch(self, key: str) -> tuple[bytes, str] | None:
        with self.lock:
            value = self.get(key)
            if value is not None:
                self.move_to_end(key)
            return value

    def store(self, key: str, value: tuple[bytes, str]) -> None:
        with self.lock:
            self[key] = value
            while len(self) > _CACHE_SIZE:
                self.popitem(last=False)


_rendered = _Rendered()


def _headers(response: Response, etag: str) -> Response:
    max_age = current_app.config["CATALOGUE_MAX_AGE"]
    response.headers["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate=86400"
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(etag)
    return response


def cacheable(revision: Callable[[], str]):
    """Decorate a public GET view whose output depends only on the URL and `revision()`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            key = f"{revision()}|{request.path}?{request.query_string.decode('latin-1')}"
            etag = hashlib.sha256(key.encode()).hexdigest()[:32]
            sent = request.if_none_match
            if sent and sent.contains(etag):
                return _headers(Response(status=304), etag)
            cached = _rendered.fetch(etag)
            if cached is None:
                response = current_app.make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
                cached = (response.get_data(), response.mimetype)
                _rendered.store(etag, cached)
            return _headers(Response(cached[0], mimetype=cached[1]), etag)

        return wrapper

    return decorator
