"""ETag + Cache-Control for public, cacheable GETs (the catalogue)."""
from __future__ import annotations

import functools

from flask import current_app, make_response, request


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
        response.add_etag()
        return response.make_conditional(request)

    return wrapper
