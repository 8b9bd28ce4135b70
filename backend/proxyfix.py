"""Behind a TLS reverse proxy: take the client's address, scheme and host from its X-Forwarded-* headers.

Only with PROXY_FIX_X_FOR=N (the number of proxies in front that append to X-Forwarded-For), so a
host reached directly never trusts a header any client can write. Rate limits key on the address.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
