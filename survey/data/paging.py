"""A long list read one page at a time: its rows for the page asked and how many there are in all,
two statements whatever its length."""
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    items: list
    number: int  # 1 is the first
    pages: int  # at least 1: an empty list has one empty page
    total: int
    size: int = PAGE_SIZE

    @property
    def exists(self) -> bool:
        return self.number <= self.pages

    @property
    def first(self) -> int:
        """The place in the whole list of the page's first row (from 1)."""
        return (self.number - 1) * self.size + 1


def page_of(session: Session, statement: Select, number: int, size: int = PAGE_SIZE) -> Page:
    """Page ``number`` of the ordered ``statement``; past the last page, none of its rows."""
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    pages = max(1, -(-total // size))
    items = list(session.scalars(statement.limit(size).offset((number - 1) * size))) if number <= pages else []
    return Page(items, number, pages, total, size)
