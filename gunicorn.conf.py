"""gunicorn settings for `make run` (passed with -c; gunicorn also reads it from the working directory).

Bind address, port and worker counts stay on the command line in the Makefile; this file only
changes what gunicorn itself adds to every response.
"""
from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _headers_without_server(self):
    # gunicorn writes "Server: gunicorn" itself, below the app, with no setting to turn it off.
    # The banner only helps someone match the server against known flaws. The class is patched
    # in the master, before the workers fork, so every worker inherits it.
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _headers_without_server
