"""ETag, Cache-Control and a rendered-response cache for public GETs (the catalogue).

The catalogue changes only when its data is (re)loaded, which bumps a revision. The ETag is
derived from that revision and the URL, so a conditional GET is answered 304 without touching
the catalogue tables, and a 200 is served from a small per-process cache of rendered bodies
that also keeps each body's br and gzip bytes, made once, so a browser's request is answered
without compressing anything again.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import brotli
from flask import Response, current_app, request
from werkzeug.http import parse_accept_header

# Flask-Compress's convention, kept so the validators browsers already hold stay valid: a
# compressed variant's ETag is "<etag>:<coding>", and backend/web.py strips the suffix from
# If-None-Match before any view runs, so the ETag computed here compares as is.
_CACHE_SIZE = 512
CODINGS = ("br", "gzip")


@dataclass
class Rendered:
    """A rendered 200: the identity body, its type, and its compressed forms as they are made."""

    body: bytes
    mimetype: str
    encoded: dict[str, bytes] = field(default_factory=dict)

    def encoding(self, coding: str | None) -> bytes:
        if coding is None:
            return self.body
        data = self.encoded.get(coding)
        if data is None:
            data = self.encoded[coding] = compress(self.body, coding)
        return data


def compress(body: bytes, coding: str) -> bytes:
    config = current_app.config
    if coding == "br":
        return brotli.compress(body, quality=config.get("COMPRESS_BR_LEVEL", 4))
    return gzip.compress(body, compresslevel=config.get("COMPRESS_LEVEL", 6), mtime=0)


@functools.lru_cache(maxsize=256)
def choose_coding(accept_encoding: str) -> str | None:
    """br or gzip as the Accept-Encoding header allows (q-values honoured, br preferred on a tie)."""
    accepted = parse_accept_header(accept_encoding)
    best, best_q = None, 0.0
    for coding in CODINGS:
        q = accepted[coding] if coding in accepted else accepted["*"] if "*" in accepted else 0
        if q > best_q:
            best, best_q = coding, q
    return best


class _Rendered(OrderedDict):
    """A small LRU of rendered bodies keyed by ETag, shared by the threads of a process."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def fetch(self, key: str) -> Rendered | None:
        with self.lock:
            value = self.get(key)
            if value is not None:
                self.move_to_end(key)
            return value

    def store(self, key: str, value: Rendered) -> None:
        with self.lock:
            self[key] = value
            while len(self) > _CACHE_SIZE:
                self.popitem(last=False)


_rendered = _Rendered()


def _headers(response: Response, etag: str, coding: str | None) -> Response:
    max_age = current_app.config["CATALOGUE_MAX_AGE"]
    headers = response.headers
    headers["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate=86400"
    headers["Vary"] = "Accept-Encoding"
    headers["ETag"] = f'"{etag}:{coding}"' if coding else f'"{etag}"'
    return response


def _coding(rendered: Rendered | None) -> str | None:
    accept = request.headers.get("Accept-Encoding")
    if not accept:
        return None
    coding = choose_coding(accept)
    if coding is None:
        return None
    mimetypes = current_app.config.get("COMPRESS_MIMETYPES", ())
    if rendered is not None and (len(rendered.body) < current_app.config.get("COMPRESS_MIN_SIZE", 500)
                                 or rendered.mimetype not in mimetypes):
        return None
    return coding


def cacheable(revision: Callable[[], str]):
    """Decorate a public GET view whose output depends only on the URL and `revision()`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            key = f"{revision()}|{request.path}?{request.query_string.decode('latin-1')}"
            etag = hashlib.sha256(key.encode()).hexdigest()[:32]
            cached = _rendered.fetch(etag)
            sent = request.if_none_match
            if sent and sent.contains(etag):
                return _headers(Response(status=304, mimetype=cached.mimetype if cached else "application/json"), etag,
                                _coding(cached))
            if cached is None:
                response = current_app.make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
                cached = Rendered(response.get_data(), response.mimetype)
                _rendered.store(etag, cached)
            coding = _coding(cached)
            response = Response(cached.encoding(coding), mimetype=cached.mimetype)
            response.encoding_chosen = True  # Flask-Compress leaves it as it is (extensions.AppCompress)
            if coding:
                response.headers["Content-Encoding"] = coding
            return _headers(response, etag, coding)

        return wrapper

    return decorator
