"""Extension objects, created unbound and init_app'd in the factory."""
from functools import partial

from flask import Response, current_app, request
from flask_compress import Compress
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter._compat import request_context
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, Table, event
from sqlalchemy.orm import DeclarativeBase

from .api import ProblemApi

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


@event.listens_for(Table, "after_parent_attach")
def _never_reuse_ids(table: Table, parent) -> None:
    """Ids are never reused: SQLite hands a deleted row's id to the next insert (an old token or
    URL would then name someone else's row) unless the table is AUTOINCREMENT. PostgreSQL's
    sequences never reuse."""
    if parent is Base.metadata:
        table.dialect_options["sqlite"]["autoincrement"] = True


class AppLimiter(Limiter):
    """flask-limiter whose storage is the app's own database by default (database://), or Redis.

    If the storage stops answering, every limit keeps counting in this process's memory (the
    in-memory fallback, RATELIMIT_IN_MEMORY_FALLBACK_ENABLED) and flask-limiter logs a warning;
    it tries the storage again with a growing back-off and switches back when it answers.
    """

    def init_app(self, app) -> None:
        from .ratelimit import storage  # noqa: F401 - defines the database:// scheme for limits

        uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        options: dict = {}
        if uri.startswith("database:"):
            options["engine"] = lambda: db.engine  # the current app's engine, with its SQLite pragmas
        elif uri.split(":", 1)[0] in REDIS_SCHEMES:
            # An unreachable host must cost a second, not a TCP time-out, before the fallback starts.
            options.update(socket_connect_timeout=1, socket_timeout=1)
        # One limiter object serves every app built in a process (the tests build several): start
        # each one with its own storage options and with the storage assumed up.
        self._storage_options = options
        self._storage_dead = False
        super().init_app(app)
        self._hook_only_limited_requests(app)

    def _hook_only_limited_requests(self, app) -> None:
        """Run flask-limiter's per-request work only where a limit applies.

        flask-limiter checks every request in a before_request hook, and touches every response
        and teardown, even where no limit is declared (22% of /api/health). Every limit here is
        declared on its view (`limiter.limit` decorators), and the decorator does its own check
        when the view runs; the global hook matters only for default, application, meta or
        blueprint limits, so it now runs only while one of those exists. The response and
        teardown hooks run only in a request where a check ran (it leaves its context behind).
        """
        # (flask-limiter registers nothing on an app with RATELIMIT_ENABLED off.)
        before = app.before_request_funcs.get(None, [])
        after = app.after_request_funcs.get(None, [])
        teardown = app.teardown_request_funcs.get(None, [])
        for i, f in enumerate(before):
            if f == self._check_request_limit:
                before[i] = self._check_middleware_limits
        for i, f in enumerate(after):
            if isinstance(f, partial) and f.args == (self,) and f.func.__name__ == "__inject_headers":
                after[i] = partial(self._after_limited_request, f)
        for i, f in enumerate(teardown):
            if getattr(f, "__self__", None) is self and f.__name__ == "__release_context":
                teardown[i] = partial(self._teardown_limited_request, f)

    def _has_middleware_limits(self) -> bool:
        manager = self.limit_manager
        return bool(manager._default_limits or manager._application_limits or manager._blueprint_limits
                    or self._meta_limits)

    def _check_middleware_limits(self) -> None:
        if self._has_middleware_limits():
            self._check_request_limit()

    @staticmethod
    def _checked_in_this_request() -> bool:
        return hasattr(request_context(), "_limiter_request_context")

    def _after_limited_request(self, inject, response: Response) -> Response:
        return inject(response) if self._checked_in_this_request() else response

    def _teardown_limited_request(self, release, error=None) -> None:
        if self._checked_in_this_request():
            release(error)

    def storage_up(self) -> bool:
        """False while the limits are kept in this process's memory because the storage failed."""
        return not self._storage_dead and self.storage.check()


class AppCompress(Compress):
    """Flask-Compress, minus its per-response work where nothing will be compressed.

    Its hook parses Accept-Encoding and rewrites headers on every response. Bodies that are
    already encoded or whose coding was chosen (the catalogue cache keeps br and gzip bytes and
    honours q=0, which Flask-Compress does not: backend/caching.py), empty,
    not 2xx, too small or of a type it never compresses leave with only the Vary it would add.
    """

    def after_request(self, response: Response | None) -> Response:
        if response is not None and (
            not 200 <= response.status_code < 300
            or (response.content_length is not None
                and response.content_length < current_app.config["COMPRESS_MIN_SIZE"])
            or not request.environ.get("HTTP_ACCEPT_ENCODING")
            or "Content-Encoding" in response.headers
            or getattr(response, "encoding_chosen", False)
            or response.mimetype not in self.compress_mimetypes_set
        ):
            vary = response.headers.get("Vary")
            if not vary:
                response.headers["Vary"] = "Accept-Encoding"
            elif "accept-encoding" not in vary.lower():
                response.headers["Vary"] = f"{vary}, Accept-Encoding"
            return response
        return super().after_request(response)


REDIS_SCHEMES = {"redis", "rediss", "redis+unix", "valkey", "valkeys"}
db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()
limiter = AppLimiter(key_func=get_remote_address, default_limits=[])
compress = AppCompress()
api = ProblemApi()
