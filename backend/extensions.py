"""Extension objects, created unbound and init_app'd in the factory."""
from flask_compress import Compress
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
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

    def storage_up(self) -> bool:
        """False while the limits are kept in this process's memory because the storage failed."""
        return not self._storage_dead and self.storage.check()


REDIS_SCHEMES = {"redis", "rediss", "redis+unix", "valkey", "valkeys"}
db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()
limiter = AppLimiter(key_func=get_remote_address, default_limits=[])
compress = Compress()
api = ProblemApi()
