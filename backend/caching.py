"""ETag + Cache-Control for public, cacheable GETs (the catalogue)."""
from __future__ import annotations

import functools
import hashlib

from flask import current_app, make_response, request

# Flask-Compress marks compressed bodies' strong ETags as "<etag>:gzip" (or :br ...);
# a client sending that back still has the same content.
_ENCODING_SUFFIXES = (":br", ":gzip", ":deflate", ":zstd")


def _strip_encoding(tag: str) -> str:
    for suffix in _ENCODING_SUFFIXES:
        if tag.endswith(suffix):
            return tag[: -len(suffix)]
    return tag


def cacheable(view):
    """Add a strong ETag from the body and answer 304 to a matching If-None-Match."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        if response.status_code != 200:
            return response
        max_age = current_app.config["CATALOGUE_MAX_AGE"]
        response.headers["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate=86400"
        response.headers["Vary"] = "Accept-Encoding"
        etag = hashlib.sha256(response.get_data()).hexdigest()[:32]
        response.set_etag(etag)
        sent = request.if_none_match
        if sent and (sent.star_tag or any(_strip_encoding(tag) == etag for tag in sent.as_set())):
            response.status_code = 304
            response.set_data(b"")
            response.headers.pop("Content-Length", None)
            response.headers.pop("Content-Type", None)
        return response

    return wrapper
