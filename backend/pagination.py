"""Paging parameters and envelope shared by every list endpoint."""
from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema, fields, validate
from sqlalchemy import Select, func, literal_column, select
from sqlalchemy.orm import Session

MAX_PER_PAGE = 100
# a list that can grow with the data counts at most this many rows: the count then costs the
# same at any size, and "total" says "at least COUNT_CAP" (total_capped) instead of the exact number
COUNT_CAP = 1000


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000), metadata={"description": "Page number, from 1"})
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE),
                              metadata={"description": "Items per page (1-100, default 20)"})


def page_schema(item_schema: type[Schema] | Schema, name: str, *, capped: bool = False) -> type[Schema]:
    """An envelope schema {items, page, per_page, total, pages} around item_schema.

    capped: the list's count stops at COUNT_CAP; the envelope adds `more` (a next page exists)
    and `total_capped` (total is a lower bound). pages stays above page while more is true.
    """
    shape = {
        "items": fields.List(fields.Nested(item_schema)),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "total": fields.Integer(),
        "pages": fields.Integer(),
    }
    if capped:
        shape["more"] = fields.Boolean(metadata={"description": "whether a next page has items"})
        shape["total_capped"] = fields.Boolean(
            metadata={"description": f"total stopped counting at {COUNT_CAP}: there are at least that many"})
    return Schema.from_dict(shape, name=name)


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int
    more: bool = False
    total_capped: bool = False

    @property
    def pages(self) -> int:
        counted = (self.total + self.per_page - 1) // self.per_page if self.total else 0
        # past a capped count, a next page is known only from `more`: "page < pages" keeps meaning "more"
        return max(counted, self.page + 1) if self.more else counted

    def envelope(self, items: list | None = None) -> dict:
        """The capped envelope: {items, page, per_page, total, pages, more, total_capped}."""
        return {"items": self.items if items is None else items, "page": self.page, "per_page": self.per_page,
                "total": self.total, "pages": self.pages, "more": self.more, "total_capped": self.total_capped}


def cursor_envelope(items: list, rows: list, after: int) -> dict:
    """A cursor page {items, next_cursor}: the last row's id, or the cursor asked for when nothing followed it."""
    return {"items": items, "next_cursor": rows[-1].id if rows else after}


def paginate(session: Session, query: Select, page: int, per_page: int, *, capped: bool = False) -> Page:
    """One page of query; the count is exact, or (capped) stops at COUNT_CAP: a bounded read at any size."""
    count_cap = COUNT_CAP
    if not capped:
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        capped = False
    else:
        bounded = query.with_only_columns(literal_column("1"), maintain_column_froms=True).order_by(None)
        total = session.scalar(select(func.count()).select_from(bounded.limit(count_cap + 1).subquery())) or 0
        capped = total > count_cap
        total = min(total, count_cap)
    # one row more than the page tells whether another page follows, whatever the count says
    rows = list(session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)))
    more = len(rows) > per_page
    return Page(items=rows[:per_page], page=page, per_page=per_page, total=total, more=more, total_capped=capped)
