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


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
compress = Compress()
api = ProblemApi()
